"""Messages about the conversation rather than the idea: non-answers, status questions
about one of the person's ideas, questions about the programme itself.

Each recogniser is anchored on the shape of the whole message (a question about
"my … idea", "who reads …"), so an idea that merely mentions reviews or news is
never taken for one.
"""

from __future__ import annotations

import re

from bot.language.offline import lexicon
from bot.language.offline.spelling import correct
from bot.language.offline.text import clean, content_words, without_emoji

# "no idea", "not sure", "skip", "idk", "whatever works": the person has no answer to
# the question asked. What may follow it ("no idea tbh, people just keep asking") is
# kept by `strip_non_answer` and read as the answer.
_NON_ANSWER_LEAD = lexicon.Regex("meta", "non_answer_lead")
# After a non-answer, a reply that only says the person wants the thing is still none.
_EMPTY_REST = lexicon.Regex("meta", "empty_rest")
_BARE_NUMBER = lexicon.Regex("meta", "bare_number")


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

_STATUS = lexicon.Regex("meta", "status")
# What the status question must be about: my idea, or a thing ("the standing desks
# thing"), never a bare topic ("any news on parking" could be a search).
_ABOUT_IDEA = lexicon.Regex("meta", "about_idea")
_STATUS_NOISE = lexicon.Regex("meta", "status_noise")
# "what happened to my ideas?" (all of them) is a different question: a summary of
# everything the person submitted, owned by the status-summary use case.
_ALL_MY_IDEAS = lexicon.Regex("meta", "all_my_ideas")


_STATUS_EXPLICIT = lexicon.Regex("meta", "status_explicit")
# The topic in the middle: "is the demo environment idea going anywhere?"
_STATUS_ANYWHERE = lexicon.Regex("meta", "status_anywhere")
_EXPLICIT_MAX_WORDS = 10


def _status_match(body: str) -> tuple[re.Match[str] | None, bool]:
    """The status question's match, and whether it is the "going anywhere" form."""
    anywhere = _STATUS_ANYWHERE.match(body)
    return (_STATUS.match(body) or anywhere), anywhere is not None


def status_query(text: str) -> str | None:
    """The topic of a question about the status of one of my ideas ("any news on the
    standing desks thing?" → "standing desks"); None when it is not such a question."""
    body = without_emoji(clean(text)).strip()
    if len(body.split()) > 16:
        return None
    match, anywhere = _status_match(body)
    if match is None:
        # "whats the staus of my ticket numbr idea": read again with common words spelt
        # right (names and products are left as typed).
        body = correct(body, lexicon.language())
        match, anywhere = _status_match(body)
    short = len(body.split()) <= _EXPLICIT_MAX_WORDS
    about = _ABOUT_IDEA.search(body) or (short and (_STATUS_EXPLICIT.match(body) or anywhere))
    if not match or not about or _ALL_MY_IDEAS.search(body):
        return None
    rest = next((v for k, v in match.groupdict().items() if k.startswith("rest") and v), "")
    query = _STATUS_NOISE.sub(" ", rest.rstrip(" ?!."))
    query = re.sub(r"[^\w\s'-]", " ", query)
    query = re.sub(r"\s+", " ", query).strip(" -'")
    return query


# --- questions about the programme -----------------------------------------------------

_PROGRAMME = lexicon.Table("meta", "programme")


_VOTES = lexicon.Regex("meta", "programme_votes")


def programme_topic(text: str) -> str | None:
    """Which question about the programme this is ("who_reads", "after_submit",
    "challenges"); None for anything else."""
    body = without_emoji(clean(text)).strip()
    if len(body.split()) > 14:
        return None
    for topic, entry in _PROGRAMME.items():
        if lexicon.pattern_of(entry).search(body):
            return topic
    if _VOTES.search(body):
        return "votes"
    return None
