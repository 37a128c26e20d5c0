"""Messages about the conversation rather than the idea: non-answers, status questions
about one of the person's ideas, questions about the programme itself.

Each recogniser is anchored on the shape of the whole message (a question about
"my … idea", "who reads …"), so an idea that merely mentions reviews or news is
never taken for one.
"""

from __future__ import annotations

import re

from bot.language.offline.text import clean, content_words, without_emoji

# "no idea", "not sure", "skip", "idk", "whatever works": the person has no answer to
# the question asked. What may follow it ("no idea tbh, people just keep asking") is
# kept by `strip_non_answer` and read as the answer.
_NON_ANSWER_LEAD = re.compile(
    r"^(?:(?:um+|uh+|hmm+|erm|well|honestly|tbh|ok|okay|oh)\b[\s,.!]*)*"
    r"(?:no idea|no clue|not sure|not really sure|i'?m not sure|im not sure|unsure|dunno|"
    r"don'?t know|i don'?t know|i dont know|i do not know|idk|no idea really|"
    r"can'?t say|hard to say|not certain|no comment|skip(?: (?:it|this|that|this one))?|pass|"
    r"next|n/?a|none|nothing|nobody in particular|whatever(?: works| you think)?|"
    r"doesn'?t matter|does not matter|no preference|not applicable|\?+)"
    r"(?:\s+(?:really|tbh|honestly|to be honest|lol|mate|sorry|yet|either))*"
    r"(?:[\s,.!?;:-]+|$)",
    re.IGNORECASE,
)
# After a non-answer, a reply that only says the person wants the thing is still none.
_EMPTY_REST = re.compile(
    r"^(?:i (?:just )?(?:want|need|would like) (?:it|this|that|them)(?: to (?:work|happen|be "
    r"fixed|be better))?|it just needs (?:to work|fixing)|just (?:do|fix) it|you tell me|"
    r"tbh|lol|sorry|really|honestly|either way|anything)[\s.!?]*$",
    re.IGNORECASE,
)
_BARE_NUMBER = re.compile(r"^\s*[~≈]?\s*\d+(?:[.,]\d+)?\s*[?!.]*\s*$")


def is_non_answer(text: str) -> bool:
    """True when the message gives no content for the question asked."""
    body = without_emoji(clean(text)).strip()
    if not body:
        # Only emoji: tone, not an answer (👍 and 👎 are read as yes/no before this).
        return bool(clean(text))
    if _BARE_NUMBER.match(body):
        return True  # "3" with no unit or noun: three what?
    rest = strip_non_answer(body)
    return rest != body and not content_words(rest)


def strip_non_answer(text: str) -> str:
    """The message without a leading non-answer ("no idea tbh, people keep asking" →
    "people keep asking"); the message unchanged when it does not start with one."""
    body = clean(text)
    match = _NON_ANSWER_LEAD.match(body)
    if not match or not match.group(0).strip():
        return body
    rest = body[match.end() :].strip(" ,.;:-")
    if _EMPTY_REST.match(rest):
        return ""
    return rest


# --- status of one of my ideas ---------------------------------------------------------

_STATUS = re.compile(
    r"^(?:(?:hey|hi|hello|so|ok|okay|btw|quick question|also|and)\b[\s,!.]*)*"
    r"(?:any (?:news|update|updates|word|progress|feedback)|news|update|updates|status|"
    r"what'?s (?:the )?(?:status|news|latest)|what(?:'?s| is) happening|what happened|"
    r"where are we|where is|how is|how'?s|has anyone|has anybody|did anyone|did anybody|"
    r"have you heard|heard anything|is there (?:any )?(?:news|progress|update))"
    r"\b(?P<rest>.*)$",
    re.IGNORECASE,
)
# What the status question must be about: my idea, or a thing ("the standing desks
# thing"), never a bare topic ("any news on parking" could be a search).
_ABOUT_IDEA = re.compile(
    r"\bmy\b.*\b(?:idea|suggestion|proposal|submission)s?\b"
    r"|\b(?:idea|suggestion|proposal|submission|thing)\b",
    re.IGNORECASE,
)
_STATUS_NOISE = re.compile(
    r"\b(?:on|about|with|to|regarding|re|of|for|my|the|that|this|idea|ideas|suggestion|"
    r"proposal|submission|thing|stuff|one|yet|so far|at all|looked at|look at|seen|read|"
    r"reviewed|picked up|happened|happening|news|update|updates|status|any|i|had|sent|"
    r"submitted|posted|made|gone|going|is|was|has|have|been|there|anyone|anybody|it)\b",
    re.IGNORECASE,
)
# "what happened to my ideas?" (all of them) is a different question: a summary of
# everything the person submitted, owned by the status-summary use case.
_ALL_MY_IDEAS = re.compile(r"\bmy (?:\w+ )?(?:ideas|suggestions|proposals|submissions)\b", re.I)


def status_query(text: str) -> str | None:
    """The topic of a question about the status of one of my ideas ("any news on the
    standing desks thing?" → "standing desks"); None when it is not such a question."""
    body = without_emoji(clean(text)).strip()
    match = _STATUS.match(body)
    if not match or not _ABOUT_IDEA.search(body) or _ALL_MY_IDEAS.search(body):
        return None
    if len(body.split()) > 16:
        return None
    query = _STATUS_NOISE.sub(" ", match.group("rest").rstrip(" ?!."))
    query = re.sub(r"[^\w\s'-]", " ", query)
    query = re.sub(r"\s+", " ", query).strip(" -'")
    return query


# --- questions about the programme -----------------------------------------------------

_PROGRAMME: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "challenges",
        re.compile(
            r"\b(?:how (?:do|does) (?:the )?challenges? work|what (?:is|are) (?:a |the )?"
            r"challenges?|(?:tell me|explain) about (?:the )?challenges?|how do i (?:join|enter) "
            r"(?:a |the )?challenge)\b",
            re.I,
        ),
    ),
    (
        "after_submit",
        re.compile(
            r"\b(?:what happens (?:after|when|once|next|to (?:it|my idea|an idea|the idea|ideas))"
            r"|what (?:comes|happens) next|then what|what'?s the process|how (?:are|do) ideas? "
            r"(?:get )?(?:chosen|picked|selected|evaluated|judged|reviewed|decided)|how long "
            r"(?:does|will) (?:it|a review|the review) take)\b",
            re.I,
        ),
    ),
    (
        "who_reads",
        re.compile(
            r"^(?:(?:wait|so|ok|okay|hmm|quick question|btw)\b[\s,!.]*)*"
            r"(?:who (?:actually |really )?(?:reads|sees|looks at|reviews|decides|picks|checks|"
            r"gets|judges|approves|is reading)|who (?:will|would|can|is going to) "
            r"(?:read|see|review|look at|decide)|does anyone (?:actually )?(?:read|look at)|"
            r"is anyone (?:actually )?reading)\b",
            re.I,
        ),
    ),
)


def programme_topic(text: str) -> str | None:
    """Which question about the programme this is ("who_reads", "after_submit",
    "challenges"); None for anything else."""
    body = without_emoji(clean(text)).strip()
    if len(body.split()) > 14:
        return None
    for topic, pattern in _PROGRAMME:
        if pattern.search(body):
            return topic
    return None
