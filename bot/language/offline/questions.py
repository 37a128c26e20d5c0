"""The next question: one focused question about what the draft still lacks.

Order of importance: the proposal (what to do), then the problem (why), then the
benefits (who gains, how much). A field counts as missing when empty and as vague
when shorter than a few words; a field already asked about is never asked again,
so the person is not interrogated.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

from bot.core.messages import pick
from bot.core.models import IdeaFields
from bot.core.ports.language import ProfileHint, Question
from bot.language.offline import lexicon
from bot.language.offline.text import (
    BASE_VERBS,
    clean,
    decapitalise,
    proposal_phrase,
    shorten,
    split_sentences,
    words,
)

MAX_QUESTIONS = 3
MIN_WORDS = {"proposal": 4, "problem": 4, "benefits": 3}
QUOTE_CHARS = 70


def next_question(draft: IdeaFields, asked: Sequence[str], profile: ProfileHint) -> Question | None:
    if len(asked) >= MAX_QUESTIONS:
        return None
    seed = _seed(draft)
    for name in ("proposal", "problem", "benefits"):
        if name in asked or _adequate(name, getattr(draft, name)):
            continue
        if name == "proposal" and draft.proposal and (asked or not draft.problem):
            # A short proposal ("more standing desks") is a proposal: asking about it
            # again makes the next answer (meant for the problem) replace it. Only when
            # the problem came with it, and before anything else, is it worth a question.
            continue
        return Question(name, _phrase(name, draft, profile, seed))
    return None


def _pick(key: str, seed: int, **params: str) -> str:
    """One wording of the question, in the language being read (the person's)."""
    return pick(key, seed, lexicon.language(), **params)


def _adequate(name: str, value: str | None) -> bool:
    """Filled with enough words to act on ("bike racks" is not yet a proposal)."""
    return len(words(value or "")) >= MIN_WORDS[name]


def _phrase(name: str, draft: IdeaFields, profile: ProfileHint, seed: int) -> str:
    proposal = _quote(draft.proposal, as_proposal=True)
    problem = _quote(draft.problem, as_proposal=False)
    form = "verb" if proposal and proposal.split()[0].lower() in BASE_VERBS else "noun"
    if name == "proposal":
        if draft.proposal and proposal:
            return _pick(f"question.proposal.vague_{form}", seed, proposal=proposal)
        if problem:
            return _pick("question.proposal.from_problem", seed, problem=problem)
        return _pick("question.proposal.missing", seed)
    if name == "problem":
        if draft.problem and problem:
            return _pick("question.problem.vague", seed, problem=problem)
        if proposal:
            return _pick(f"question.problem.{form}", seed, proposal=proposal)
        return _pick("question.problem.generic", seed)
    if proposal and profile.department and form == "verb":
        return _pick(
            "question.benefits.department", seed, proposal=proposal, department=profile.department
        )
    if proposal:
        return _pick(f"question.benefits.{form}", seed, proposal=proposal)
    return _pick("question.benefits.generic", seed)


def _quote(value: str | None, as_proposal: bool) -> str:
    """The person's own words, short enough to quote back in a question."""
    body = clean(value or "")
    if not body:
        return ""
    first = (split_sentences(body) or [body])[0]
    if as_proposal:
        first = proposal_phrase(first)
    return decapitalise(shorten(first, QUOTE_CHARS))


def _seed(draft: IdeaFields) -> int:
    """A stable seed (not Python's salted hash): the same draft gets the same wording."""
    text = "\n".join(v or "" for v in (draft.title, draft.problem, draft.proposal, draft.benefits))
    return zlib.crc32(text.encode("utf-8"))
