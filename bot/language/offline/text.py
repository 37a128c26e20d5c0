"""Shared text helpers for the offline engine: cleaning, splitting, light morphology.

Everything here is pure and deterministic; the other modules build on it so that
every part of the engine sees a message the same way (mentions gone, quotes
straightened, the same idea of what a "word" is).
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.language.offline import lexicon


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
_LEADING_ADDRESS = lexicon.Regex("text", "leading_address")
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
    # Letters of any alphabet stay ("oublie-moi" → "oublie moi", "réunion" kept whole).
    lowered = re.sub(r"[^\w#'&%€$£ ]+|_", " ", lowered)
    lowered = lowered.replace("'", "'")
    lowered = re.sub(r"(?<![^\W\d_])'|'(?![^\W\d_])", " ", lowered)
    return _SPACES.sub(" ", lowered).strip()


# --- tokens ---------------------------------------------------------------------------

_WORD = lexicon.Regex("text", "word")

STOPWORDS = lexicon.Words("text", "stopwords")


# Elided articles and pronouns ("l'équipe", "d'accueil" in French): not part of the word.
_ELISIONS = lexicon.Words("text", "elisions")


def words(text: str) -> list[str]:
    """Lower-case word tokens (keeps digits, apostrophes and inner hyphens)."""
    tokens = (w.strip("'-") for w in _WORD.findall(text.lower()))
    return [_unelide(w) for w in tokens if w]


def _unelide(word: str) -> str:
    head, apostrophe, rest = word.partition("'")
    if apostrophe and rest and head + "'" in _ELISIONS:
        return rest
    return word


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

_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[\"'(\w])|\s*\n+\s*|\s*;\s*|\s+-\s+(?=[^\W\d_])")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")


def split_sentences(text: str) -> list[str]:
    parts = [_BULLET.sub("", p).strip() for p in _SENTENCE_BREAK.split(text)]
    return [p for p in parts if p and re.search(r"[^\W_]", p)]


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


DANGLING = lexicon.Words("text", "dangling")


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
BASE_VERBS = lexicon.Words("text", "base_verbs")
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
_FILLER = lexicon.Regex("text", "filler")


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


_SUBJECTS = lexicon.Words("text", "subjects")


_HYPOTHETICAL = lexicon.Regex("text", "hypothetical")
_PREPOSITIONS = lexicon.Words("text", "prepositions")


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
