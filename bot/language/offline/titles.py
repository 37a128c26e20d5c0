"""Titles: a short imperative or noun phrase derived from the idea's own words."""

from __future__ import annotations

from bot.core.messages import t
from bot.core.models import IdeaFields
from bot.language.offline import lexicon
from bot.language.offline.spelling import correct
from bot.language.offline.text import (
    capitalise,
    clean,
    decapitalise,
    proposal_phrase,
    shorten,
    split_sentences,
    strip_end_punct,
    without_emoji,
)

MAX_TITLE = 80

# Where the first clause ends: the reason, the benefit or a second thought begins.
_CLAUSE_END = lexicon.Regex("titles", "clause_end")
_PROBLEM_LEAD = lexicon.Regex("titles", "problem_lead")
# Verbs that only carry the sentence ("let's do a shuttle bus"): the noun is the title.
_LIGHT_VERB = lexicon.Regex("titles", "light_verb")
_ARTICLE = lexicon.Regex("titles", "article")
# Tone words that say nothing about the idea.
_TONE = lexicon.Regex("titles", "tone")


_PRONOUN_LEAD = lexicon.Regex("titles", "pronoun_lead")
_GERUND_LEAD = lexicon.Regex("titles", "gerund_lead")


_SHOULD_HAVE = lexicon.Regex("titles", "should_have")
_DANGLING_END = lexicon.Regex("titles", "dangling_end")
_FOR_PEOPLE = lexicon.Words("titles", "for_people")


def _thing_first(head: str) -> str:
    """ "every meeting room should have a usb-c adapter" → "usb-c adapter in every meeting
    room": the title names the thing, then where or whom it is for."""
    match = _SHOULD_HAVE.match(head)
    if match is None:
        return head
    where, what = match.group("where").strip(), match.group("what").strip()
    joiner = "for" if where.split()[-1].lower() in _FOR_PEOPLE else "in"
    return f"{what} {joiner} {decapitalise(where)}"


def make_title(fields: IdeaFields) -> str:
    for source, is_problem in (
        (fields.proposal, False),
        (fields.problem, True),
        (fields.title, False),
        (fields.benefits, False),
    ):
        title = _title_from(source or "", is_problem)
        if title:
            return title
    return t("idea_title.untitled", lexicon.language())


def _title_from(text: str, is_problem: bool) -> str:
    """A short phrase from the field, with emoji and tone words off and the spelling of
    common words corrected (in the title only: the field keeps the person's words)."""
    body = correct(_TONE.sub(" ", without_emoji(clean(text))).strip(), lexicon.language())
    if not body:
        return ""
    sentences = split_sentences(body) or [body]
    for sentence in sentences:
        phrase = _PROBLEM_LEAD.sub("", sentence) if is_problem else proposal_phrase(sentence)
        head = _CLAUSE_END.split(phrase, maxsplit=1)[0].strip()
        if len(head.split()) < 2:
            # "Bike racks, lots of them" — a one-word head is too thin; keep going.
            head = phrase
        head = _thing_first(head) if not is_problem else head
        head = _PRONOUN_LEAD.sub("", head) if not is_problem else head
        head = _GERUND_LEAD.sub("", head) if not is_problem else head
        head = _LIGHT_VERB.sub("", head)
        head = _ARTICLE.sub("", head)
        head = _DANGLING_END.sub("", head) or head
        title = capitalise(shorten(head, MAX_TITLE))
        if title:
            return title
    return capitalise(shorten(strip_end_punct(body), MAX_TITLE))
