"""High-precision rules for intents: commands, slot-carrying requests, idea triggers.

Command rules match the *whole* (short) message after politeness is stripped, so
"we should cancel the Friday all-hands" is never a CANCEL: only "cancel",
"cancel it please", "ok, cancel" are. Slot rules ("change the title to X",
"is there an idea about X") are anchored at the start of the message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.core.ports.language import Intent, IntentResult
from bot.language.offline import lexicon
from bot.language.offline.text import damerau, normalise

COMMAND_MAX_WORDS = 8
# "I'd like to post this without my name on it" is a longer way to say one command.
ANONYMOUS_MAX_WORDS = 12

# Words that commands are made of; a short message's words are corrected towards
# these ("sumbit" → "submit", "cancle" → "cancel"). Real words that happen to be one
# typo away ("cancer", "helps") are protected.
_COMMAND_WORDS = lexicon.Words("commands", "command_words")
_PROTECTED = lexicon.Words("commands", "protected")

_LEAD = lexicon.Regex("commands", "lead")
_TRAIL = lexicon.Regex("commands", "trail")


def _full(*patterns: str) -> re.Pattern[str]:
    return re.compile("^(?:" + "|".join(patterns) + ")$")


_IT = r"(?: (?:it|this|that|the idea|my idea|the draft|this idea|this one|the thing|mine))?"

YES = lexicon.Regex("commands", "yes")
NO = lexicon.Regex("commands", "no")
SUBMIT = lexicon.Regex("commands", "submit")
_ANON_WORD = lexicon.Regex("commands", "anon_word")
_SUBMIT_VERB = lexicon.Regex("commands", "submit_verb")
_ANON_ALONE = lexicon.Regex("commands", "anon_alone")
CANCEL = lexicon.Regex("commands", "cancel")
HELP = lexicon.Regex("commands", "help")
CLARIFY = lexicon.Regex("commands", "clarify")
GREETING = lexicon.Regex("commands", "greeting")
THANKS = lexicon.Regex("commands", "thanks")
DIGEST = lexicon.Regex("commands", "digest")
RECALL = lexicon.Regex("commands", "recall")
FORGET_ME = lexicon.Regex("commands", "forget_me")
# News about the person's ideas as a whole ("what happened to my ideas?"); one idea
# named after it ("my idea about parking", "#12") is a question about that idea.
_MY_IDEAS = (
    r"my (?:submitted |previous |past |own |latest |last |recent |old )?"
    r"(?:idea|suggestion|submission|proposal)s?"
)
MY_IDEAS_NEWS = lexicon.Regex("commands", "my_ideas_news")
LIST_MINE = lexicon.Regex("commands", "list_mine")
_SHOW_REF = lexicon.Regex("commands", "show_ref")
_SHOW_BARE = lexicon.Regex("commands", "show_bare")

_SEARCH = lexicon.Patterns("commands", "search")

_FIELD_NAMES = lexicon.Table("commands", "field_names")
# (pattern, field when the pattern does not name one)
_EDIT = lexicon.Pairs("commands", "edit")
# Only with a draft on the table: "title: Bike racks", "the title should be X".
_EDIT_WITH_DRAFT = lexicon.Pairs("commands", "edit_with_draft")

_REMEMBER = lexicon.Regex("commands", "remember")
# "edit the problem": which field, but not yet the new value.
_EDIT_NO_VALUE = lexicon.Regex("commands", "edit_no_value")
_FORGET_ALL = lexicon.Regex("commands", "forget_all")
_FORGET_ITEM = lexicon.Regex("commands", "forget_item")
_FIRST_PERSON = lexicon.Regex("commands", "first_person")

STRONG_NEW_IDEA = lexicon.Regex("commands", "strong_new_idea")
SOFT_NEW_IDEA = lexicon.Regex("commands", "soft_new_idea")


@dataclass(frozen=True)
class RuleHit:
    intent: Intent
    slots: dict[str, str] = field(default_factory=dict)
    confidence: float = 0.95


def command_form(text: str) -> str:
    """The message reduced to its command core: normalised, typos fixed, politeness off."""
    norm = normalise(text)
    tokens = norm.split()
    if len(tokens) <= COMMAND_MAX_WORDS:
        tokens = [_correct(t) for t in tokens]
    return " ".join(tokens)


def _correct(token: str) -> str:
    if len(token) < 4 or token in _PROTECTED or token in _COMMAND_WORDS:
        return token
    limit = 2 if len(token) >= 8 else 1
    best = min(_COMMAND_WORDS, key=lambda w: (damerau(token, w), w))
    return best if damerau(token, best) <= limit else token


def strip_politeness(norm: str) -> str:
    core = norm
    for _ in range(3):
        before = core
        stripped = _LEAD.sub("", core)
        core = stripped if stripped else core
        stripped = _TRAIL.sub("", core)
        core = stripped if stripped else core
        if core == before:
            break
    return core.strip()


def match_commands(norm: str) -> RuleHit | None:
    """Short whole-message commands: yes/no, submit, cancel, help, hello, thanks…"""
    if not norm or len(norm.split()) > ANONYMOUS_MAX_WORDS:
        return None
    if _is_anonymous_submit(strip_politeness(norm)):
        return RuleHit(Intent.SUBMIT_ANONYMOUS, {"anonymous": "1"})
    if len(norm.split()) > COMMAND_MAX_WORDS:
        return None
    # Plain yes/no first: "yes thanks" is a yes, and stripping would erase it.
    if YES.match(norm):
        return RuleHit(Intent.YES)
    if NO.match(norm):
        return RuleHit(Intent.NO)
    if THANKS.match(norm):
        return RuleHit(Intent.THANKS)
    core = strip_politeness(norm)
    for candidate, pattern, intent in (
        (variant, pattern, intent) for variant in (norm, core) for pattern, intent in _COMMANDS
    ):
        if pattern.match(candidate):
            return RuleHit(intent)
    return None


_COMMANDS: tuple[tuple[lexicon.Regex, Intent], ...] = (
    (SUBMIT, Intent.SUBMIT),
    (CANCEL, Intent.CANCEL),
    (CLARIFY, Intent.CLARIFY),
    (HELP, Intent.HELP),
    (DIGEST, Intent.DIGEST),
    (RECALL, Intent.RECALL_MEMORY),
    (GREETING, Intent.GREETING),
    (THANKS, Intent.THANKS),
    (YES, Intent.YES),
    (NO, Intent.NO),
)


# "I'd rather stay anonymous": a standing preference, not a command.
_STANDING = lexicon.Regex("commands", "standing_preference")
_REMEMBER_VERB = lexicon.Regex("commands", "remember_verb")
_MY_IDEA_IS = lexicon.Regex("commands", "my_idea_is")
_REQUEST_LEAD = lexicon.Regex("commands", "request_lead")
_SLOT_LEAD = lexicon.Regex("commands", "slot_lead")
_QUERY_TRAIL = lexicon.Regex("commands", "query_trail")
_QUERY_ARTICLE = lexicon.Regex("commands", "query_article")


def _is_anonymous_submit(core: str) -> bool:
    if not _ANON_WORD.search(core):
        return False
    if _STANDING.search(core):
        return False  # a standing preference ("I'd rather stay anonymous"), not a command
    return bool(_ANON_ALONE.match(core) or _SUBMIT_VERB.search(core))


def match_requests(body: str, norm: str, has_draft: bool) -> RuleHit | None:
    """Requests that carry a slot: show #12, search X, edit a field, remember/forget."""
    words = norm.split()
    short = len(words) <= COMMAND_MAX_WORDS
    core = strip_politeness(norm)
    if FORGET_ME.match(core):
        return RuleHit(Intent.FORGET_ME)
    if RECALL.match(core):
        return RuleHit(Intent.RECALL_MEMORY)
    text = _fix_first_word(_strip_request_lead(body))
    forget = _FORGET_ITEM.match(text)
    if forget:
        if _FORGET_ALL.match(forget.group("c")):
            return RuleHit(Intent.FORGET_ME)
        return RuleHit(Intent.FORGET_ITEM, {"content": _tidy_slot(forget.group("c"))})
    remember = _REMEMBER.match(text)
    if remember and (_FIRST_PERSON.search(remember.group("c")) or _REMEMBER_VERB.match(text)):
        return RuleHit(Intent.REMEMBER, {"content": _tidy_slot(remember.group("c"))})
    if short:
        bare = _SHOW_BARE.match(core)
        ref = _SHOW_REF.search(norm)
        if bare:
            return RuleHit(Intent.SHOW_IDEA, {"ref": bare.group("ref")})
        if ref and not SOFT_NEW_IDEA.match(norm):
            return RuleHit(Intent.SHOW_IDEA, {"ref": ref.group("ref") or ref.group("ref2")})
    if MY_IDEAS_NEWS.match(core):
        return RuleHit(Intent.MY_IDEAS_NEWS)
    if (
        len(words) <= 12
        and LIST_MINE.search(core)
        and not SOFT_NEW_IDEA.match(norm)
        and not _MY_IDEA_IS.search(norm)
    ):
        return RuleHit(Intent.LIST_MINE)
    for pattern, default_field in [*_EDIT, *(_EDIT_WITH_DRAFT if has_draft else [])]:
        edit = pattern.match(text)
        if edit:
            name = edit.groupdict().get("f")
            field_name = _FIELD_NAMES[name.lower()] if name else default_field
            value = _tidy_slot(edit.group("v"))
            if value:
                return RuleHit(Intent.EDIT_FIELD, {"field": field_name, "value": value})
    bare_edit = _EDIT_NO_VALUE.match(text.rstrip(" ?!."))
    if bare_edit:
        return RuleHit(Intent.EDIT_FIELD, {"field": _FIELD_NAMES[bare_edit.group("f").lower()]})
    for pattern in _SEARCH:
        search = pattern.match(text)
        if search:
            query = _tidy_query(search.group("q"))
            if query:
                return RuleHit(Intent.SEARCH, {"query": query})
    if DIGEST.match(core):
        return RuleHit(Intent.DIGEST)
    return None


def _strip_request_lead(body: str) -> str:
    text = body.strip()
    return _REQUEST_LEAD.sub("", text).strip()


def _fix_first_word(text: str) -> str:
    """'forgt that I…' → 'forget that I…': a typo in the verb should not change the intent."""
    head, _, rest = text.partition(" ")
    fixed = _correct(head.lower())
    return f"{fixed} {rest}" if fixed != head.lower() else text


def _tidy_slot(value: str) -> str:
    value = value.strip().strip("\"'“”‘’").rstrip(" .!?").strip().strip("\"'")
    return _SLOT_LEAD.sub("", value)


def _tidy_query(value: str) -> str:
    query = _tidy_slot(value)
    query = _QUERY_TRAIL.sub("", query)
    query = _QUERY_ARTICLE.sub("", query)
    return query.strip()


def strip_new_idea_marker(body: str) -> str:
    """'I have an idea: free parking' → 'free parking'; soft triggers are kept (they are
    cues). A field label stays, normalised ('idea - a wallboard …' → 'idea: a wallboard …'):
    the person said which field this is, and the reader must not second-guess it."""
    text = _strip_request_lead(body)
    marker = STRONG_NEW_IDEA.match(text)
    stripped = STRONG_NEW_IDEA.sub("", text, count=1).strip()
    label = _LABEL_MARKER.match(marker.group(0)) if marker else None
    if label and stripped:
        return f"{label.group('label')}: {stripped}"
    return stripped


# The label form of a new-idea marker ("idea:", "suggestion -"), as opposed to a sentence
# ("I have an idea").
_LABEL_MARKER = lexicon.Regex("commands", "label_marker")


# "submit with my name", "submit it named": a one-off exception to an anonymity default.
_NAMED = lexicon.Regex("commands", "named")


def with_named_slot(text: str, result: IntentResult) -> IntentResult:
    """A submit that asks for the person's name gets the slot `named` = "1"."""
    if result.intent is not Intent.SUBMIT or not _NAMED.search(text):
        return result
    return IntentResult(result.intent, result.confidence, {**result.slots, "named": "1"})
