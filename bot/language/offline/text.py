"""Shared text helpers for the offline engine: cleaning, splitting, light morphology.

Everything here is pure and deterministic; the other modules build on it so that
every part of the engine sees a message the same way (mentions gone, quotes
straightened, the same idea of what a "word" is).
"""

from __future__ import annotations

import re
from functools import lru_cache


def wordset(text: str) -> frozenset[str]:
    """A word list written as one string (easier to read and extend than a literal)."""
    return frozenset(text.split())


# --- cleaning -------------------------------------------------------------------------

_MENTION = re.compile(r"<[@!#][^>]*>")
_SLACK_LINK = re.compile(r"<(?:https?|mailto):[^|>]*\|([^>]*)>")
_SLACK_URL = re.compile(r"<((?:https?|mailto):[^>]*)>")
_SHORTCODE = re.compile(r":[a-z0-9_+\-]+:")
# Emoji and pictographs: removed for matching (they carry tone, not content),
# except the few that mean yes/no and are mapped first.
_EMOJI = re.compile(
    "[\U0001f000-\U0001faff\U00002600-\U000027bf\U0001f900-\U0001f9ff\u2190-\u21ff"
    "\u2300-\u23ff\u2b00-\u2bff\ufe0f\u200d]"
)
_YES_EMOJI = ("👍", "✅", "👌", ":+1:", ":thumbsup:", ":white_check_mark:", ":ok_hand:")
_NO_EMOJI = ("👎", "❌", ":-1:", ":thumbsdown:", ":x:")
_LEADING_ADDRESS = re.compile(
    r"^\s*(?:@?ideabot|hey bot|hi bot|hello bot|bot|hey ideabot|hi ideabot)\s*[,:!\-]\s*",
    re.IGNORECASE,
)
_SPACES = re.compile(r"\s+")


def clean(text: str) -> str:
    """The message as a person meant it: no mentions, Slack markup or stray spaces.

    Case and punctuation are kept, because stored fields should read like the
    person wrote them.
    """
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"')
    text = text.replace("\u201d", '"').replace("\u2014", " - ").replace("\u2013", " - ")
    text = _SLACK_LINK.sub(r"\1", text)
    text = _SLACK_URL.sub(r"\1", text)
    text = _MENTION.sub(" ", text)
    text = re.sub(r"(?<!\w)[*_~`]+|[*_~`]+(?!\w)", "", text)  # *bold* _it_ ~strike~ `code`
    text = _LEADING_ADDRESS.sub("", text)
    return _SPACES.sub(" ", text).strip()


def without_emoji(text: str) -> str:
    """Emoji and :shortcodes: off (for matching; stored text keeps them)."""
    return _SPACES.sub(" ", _EMOJI.sub(" ", _SHORTCODE.sub(" ", text))).strip()


def normalise(text: str) -> str:
    """Lower-case, punctuation-free form used to match commands and cue phrases."""
    lowered = text.lower()
    bare = without_emoji(clean(text))
    if any(e in lowered for e in _YES_EMOJI) and not bare:
        return "yes"
    if any(e in lowered for e in _NO_EMOJI) and not bare:
        return "no"
    lowered = without_emoji(clean(lowered))
    lowered = re.sub(r"[^a-z0-9#'&%€$£ ]+", " ", lowered)
    lowered = lowered.replace("'", "'")
    lowered = re.sub(r"(?<![a-z])'|'(?![a-z])", " ", lowered)
    return _SPACES.sub(" ", lowered).strip()


# --- tokens ---------------------------------------------------------------------------

_WORD = re.compile(r"[a-z0-9][a-z0-9'&\-]*")

STOPWORDS = wordset(
    """
    a about above after again against all also am an and any are aren't as at be because
    been before being below between both but by can can't cannot could couldn't did didn't
    do does doesn't doing don't down during each either else etc even ever every few for
    from further get gets getting got had hadn't has hasn't have haven't having he he'd
    he'll he's her here here's hers herself him himself his how how's however i i'd i'll
    i'm i've if in into is isn't it it's its itself just least less let let's like lot lots
    made make makes many may maybe me might more most much must mustn't my myself need
    needs no nor not now of off often on once one only or other ought our ours ourselves
    out over own per perhaps please pretty quite rather really same shall shan't she she'd
    she'll she's should shouldn't so some something still such than that that's the their
    theirs them themselves then there there's these they they'd they'll they're they've
    thing things this those though through thus to too under until up upon us use used
    using very via want wants was wasn't way we we'd we'll we're we've well were weren't
    what what's whatever when when's where where's whether which while who who's whom why
    why's will with within without won't would wouldn't yes yet you you'd you'll you're
    you've your yours yourself yourselves ok okay hey hi hello thanks thank bot idea ideas
    think guess suggest propose wonder wish great nice good cool awesome actually basically
    honestly instead currently today right now always never sometimes usually everyone
    everybody someone somebody anyone nobody people person team teams company work time
    times day days week weeks month months year years hours hour minutes minute bit kind
    sort lots able also back new old big small lot able via etc e.g i.e
    """
)


def words(text: str) -> list[str]:
    """Lower-case word tokens (keeps digits, apostrophes and inner hyphens)."""
    return [w.strip("'-") for w in _WORD.findall(text.lower()) if w.strip("'-")]


def content_words(text: str) -> list[str]:
    return [w for w in words(text) if w not in STOPWORDS and len(w) > 1]


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """A light, predictable stemmer: enough to match 'racks'/'rack', 'meetings'/'meeting'.

    Porter-style stemmers over-merge short words; this one only strips the common
    inflections so that a stem still reads like the word.
    """
    w = word.lower()
    if len(w) <= 3:
        return w
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("ches", "ch"), ("shes", "sh")):
        if w.endswith(suffix) and len(w) > len(suffix) + 2:
            return w[: -len(suffix)] + repl
    if w.endswith("ists") or w.endswith("ist"):
        w = w[:-4] if w.endswith("ists") else w[:-3]
        return w
    if w.endswith("ing") and len(w) > 5:
        w = w[:-3]
        if len(w) > 2 and w[-1] == w[-2] and w[-1] not in "lsz":
            w = w[:-1]
        return w
    if w.endswith("ed") and len(w) > 4:
        w = w[:-2]
        if len(w) > 2 and w[-1] == w[-2] and w[-1] not in "lsz":
            w = w[:-1]
        return w
    if w.endswith("s") and not w.endswith("ss") and not w.endswith("us") and len(w) > 3:
        return w[:-1]
    return w


# --- sentences and clauses ------------------------------------------------------------

_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[\"'(\w])|\s*\n+\s*|\s*;\s*|\s+-\s+(?=[A-Za-z])")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")


def split_sentences(text: str) -> list[str]:
    parts = [_BULLET.sub("", p).strip() for p in _SENTENCE_BREAK.split(text)]
    return [p for p in parts if p and re.search(r"[A-Za-z0-9]", p)]


def capitalise(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    return text[0].upper() + text[1:]


def decapitalise(text: str) -> str:
    """Lower-case the first letter unless the first word looks like a name/acronym."""
    text = text.strip()
    first = text.split(" ", 1)[0]
    if not text or (len(first) > 1 and first[1:2].isupper()) or first in {"I", "I'm", "I'd"}:
        return text
    return text[0].lower() + text[1:]


def strip_end_punct(text: str) -> str:
    return text.strip().rstrip(".,;:!?-— ").strip()


def shorten(text: str, limit: int) -> str:
    """Cut on a word boundary, dropping dangling function words at the end."""
    text = strip_end_punct(text)
    if len(text) > limit:
        cut = text[: limit + 1]
        space = cut.rfind(" ")
        text = cut[:space] if space > limit // 3 else text[:limit]
    tokens = text.split()
    while len(tokens) > 1 and tokens[-1].lower().strip(",;:") in DANGLING:
        tokens.pop()
    return strip_end_punct(" ".join(tokens))


DANGLING = wordset(
    "a an the and or but to of for with in on at by from into so that which who as "
    "our my your their its this these those is are was be than then if when while "
    "because via per about"
)


# --- edit distance (typo tolerance for commands) --------------------------------------


def damerau(a: str, b: str) -> int:
    """Optimal string alignment distance: 'sumbit'→'submit' is one transposition."""
    if a == b:
        return 0
    la, lb = len(a), len(b)
    if abs(la - lb) > 2:
        return 3
    prev2: list[int] = []
    prev = list(range(lb + 1))
    for i in range(1, la + 1):
        cur = [i] + [0] * lb
        for j in range(1, lb + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[lb]


# --- verbs ----------------------------------------------------------------------------

# Base forms of verbs people use when proposing a change. Used to recognise an
# imperative ("Add bike racks") and to turn "adding"/"added" back into "add".
BASE_VERBS = wordset(
    """
    add adopt allow arrange automate ban book bring build buy cancel change check clean
    combine create cut digitise digitize drop enable encourage end expand extend fix
    give go have help hire hold host improve install introduce invest keep launch let
    limit list make merge move offer open organise organize pay plant post provide put
    publish recycle reduce remove rent repair replace require reserve reward run schedule
    send serve set share ship simplify start stop streamline subsidise subsidize support
    switch track train trial try turn update upgrade use take pilot get label
    standardise standardize centralise centralize consolidate ditch swap rotate record
    translate upskill mentor celebrate welcome measure monitor map plan redesign rethink
    """
)
_IRREGULAR_PAST = {
    "had": "have",
    "got": "get",
    "made": "make",
    "gave": "give",
    "put": "put",
    "set": "set",
    "ran": "run",
    "built": "build",
    "bought": "buy",
    "brought": "bring",
    "kept": "keep",
    "held": "hold",
    "let": "let",
    "went": "go",
    "sent": "send",
    "took": "take",
    "cut": "cut",
}


def base_verb(word: str) -> str | None:
    """'adding'→'add', 'introduced'→'introduce', 'add'→'add'; None if not a known verb."""
    w = word.lower()
    if w in BASE_VERBS:
        return w
    if w in _IRREGULAR_PAST:
        return _IRREGULAR_PAST[w]
    for suffix in ("ing", "ed", "es", "s"):
        if w.endswith(suffix) and len(w) > len(suffix) + 1:
            root = w[: -len(suffix)]
            undoubled = root[:-1] if len(root) > 2 and root[-1] == root[-2] else ""
            for candidate in (root, root + "e", undoubled):
                if candidate and candidate in BASE_VERBS:
                    return candidate
            if root.endswith("i") and root[:-1] + "y" in BASE_VERBS:
                return root[:-1] + "y"
    return None


# --- filler ---------------------------------------------------------------------------

# Lead-ins that wrap an idea without being part of it. Applied repeatedly, so
# "hey bot, so I think we should maybe add…" comes down to "add…".
_FILLER = re.compile(
    r"^(?:"
    r"(?:(?:hey|hi|hello)(?: there| bot| ideabot| team| all)?|ok|okay|so|well|um+|uh+|hmm+|right"
    r"|alright|oh|also|and|plus)\b[,!.]?"
    r"|(?:new |another |quick |random )?(?:idea|suggestion|proposal)\s*[:\-]"
    r"|(?:i (?:have|had|'ve got|got) (?:an?|another|one more) (?:\w+ )?idea|here'?s (?:an?"
    r"|my) (?:\w+ )?idea)\b[:,.!-]?"
    r"|my (?:idea|suggestion|proposal) (?:is|would be)(?: (?:that|to|simple|simply))?\b:?"
    r"|the (?:idea|proposal|suggestion|solution|fix) (?:is|would be)(?: (?:that|to|simply))?\b:?"
    r"|i (?:really |honestly |strongly )?(?:think|believe|feel|reckon|guess)(?: like)?(?: that)?\b"
    r"|(?:i'?d|i would|i'?d like to|i would like to|i want to|let me) (?:suggest"
    r"|propose)(?: that)?\b"
    r"|i (?:suggest|propose)(?: that)?\b"
    r"|(?:it|that) (?:would|'?d) be (?:really |so |very )?(?:great|nice|good|awesome|cool|helpful"
    r"|useful|amazing|ideal|better) (?:if|to)\b"
    r"|wouldn'?t it be (?:great|nice|good|cool|awesome) if\b"
    r"|what (?:if|about)(?: we)?(?: could)?\b"
    r"|how about(?: we| if we)?\b"
    r"|why (?:don'?t|do not|not) we\b|why not\b"
    r"|(?:could|can|should|shall) we(?: maybe| please| perhaps)?\b"
    r"|we (?:really |maybe |probably |definitely |could |might |should )*"
    r"(?:should|could|need to|ought to|must|might|can|have to)(?: really| maybe| probably"
    r"| definitely| just| also)*\b"
    r"|let'?s\b|let us\b|i wish(?: we)?(?: could)?\b|we'?d better\b"
    # "we need a better coffee machine" → "a better coffee machine" ("need to" is above).
    r"|we (?:really |badly |urgently )?need(?= (?:a|an|more|better|some|new|proper|the)\b)"
    r"|maybe|perhaps|possibly|just|basically|honestly|simply|please|pls"
    r"|actually|instead|on second thought|scratch that|no wait|wait|correction\s*:?"
    r"|there (?:was|were|is|were to be|could be|would be|should be)\b"
    r")\s*[,:\-]?\s*",
    re.IGNORECASE,
)


def strip_filler(text: str) -> str:
    """Remove lead-in filler ("I think we should", "idea:") from a proposal-ish phrase."""
    previous = None
    text = text.strip()
    while previous != text:
        previous = text
        text = _FILLER.sub("", text, count=1).strip()
    return text


def to_imperative(text: str) -> str:
    """'adding bike racks' / 'added bike racks' → 'add bike racks' (first word only).

    Plural-looking forms ("offers", "plans") are left alone: they are usually nouns.
    """
    head, _, rest = text.strip().partition(" ")
    low = head.lower().strip(",.")
    base = base_verb(low)
    if base and base != low and (low.endswith(("ing", "ed")) or low in _IRREGULAR_PAST):
        return (base + " " + rest).strip()
    return text.strip()


def starts_with_verb(text: str) -> bool:
    first = text.strip().split(" ", 1)[0].lower().strip(",.") if text.strip() else ""
    return first in BASE_VERBS


_SUBJECTS = wordset(
    "the our all every each a an it management people everyone staff employees they "
    "managers teams hr it facilities canteen office company"
)


_HYPOTHETICAL = re.compile(
    r"^\s*(?:(?:so|and|but|hmm),?\s+)?(?:what if|i wish|if only|imagine if|wouldn'?t it be "
    r"(?:great|nice|good) if|it would be (?:great|nice|good|cool) if)\b",
    re.IGNORECASE,
)
_PREPOSITIONS = wordset("with for of in on at to from by about without into near per")


def proposal_phrase(text: str) -> str:
    """A proposal as a clean phrase: filler off, verb in the imperative.

    "it would be great if we had a quiet room" → "have a quiet room";
    "what if the canteen served vegan food" → "the canteen should serve vegan food".
    """
    # Only a hypothetical ("what if the canteen served…") puts a verb in the past for
    # the future; elsewhere "-ed" is an adjective ("a shared bike", "reserved spots").
    hypothetical = bool(_HYPOTHETICAL.match(text))
    text = strip_filler(text)
    tokens = text.split()
    if len(tokens) > 1 and tokens[0].lower() == "we" and base_verb(tokens[1]):
        tokens = tokens[1:]
    text = to_imperative(" ".join(tokens))
    tokens = text.split()
    if hypothetical and tokens and (tokens[0].lower() in _SUBJECTS or tokens[0][:1].isupper()):
        for i in range(1, min(5, len(tokens))):
            low = tokens[i].lower()
            if low in _PREPOSITIONS:
                break  # "app with reserved spots": a participle, not the verb
            base = base_verb(low)
            if base and base != low and (low.endswith("ed") or low in _IRREGULAR_PAST):
                return " ".join([*tokens[:i], "should", base, *tokens[i + 1 :]])
            if low in {"could", "would", "should", "will", "can"}:
                break
    return text
