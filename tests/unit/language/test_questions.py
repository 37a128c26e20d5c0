from __future__ import annotations

import pytest

from bot.core.messages import raw
from bot.core.models import IdeaFields
from bot.core.ports.language import ProfileHint
from bot.language.offline import OfflineEngine

NOBODY = ProfileHint()


def test_empty_draft_asks_for_the_proposal(rules_engine: OfflineEngine) -> None:
    question = rules_engine.next_question(IdeaFields(), [], NOBODY)
    assert question is not None and question.field == "proposal"


def test_problem_only_asks_for_a_proposal_quoting_the_problem(rules_engine: OfflineEngine) -> None:
    draft = IdeaFields(problem="The printers on floor 3 jam constantly")
    question = rules_engine.next_question(draft, [], NOBODY)
    assert question is not None and question.field == "proposal"
    assert "the printers on floor 3 jam constantly" in question.text


def test_vague_proposal_is_asked_about_first(rules_engine: OfflineEngine) -> None:
    draft = IdeaFields(proposal="bike racks", problem="Parking is full every single morning")
    question = rules_engine.next_question(draft, [], NOBODY)
    assert question is not None and question.field == "proposal"
    assert "*bike racks*" in question.text


def test_then_the_problem_in_the_persons_words(rules_engine: OfflineEngine) -> None:
    draft = IdeaFields(proposal="I think we should add bike racks at the north entrance")
    question = rules_engine.next_question(draft, ["proposal"], NOBODY)
    assert question is not None and question.field == "problem"
    assert "*add bike racks at the north entrance*" in question.text


def test_then_the_benefits(rules_engine: OfflineEngine) -> None:
    draft = IdeaFields(
        proposal="Add bike racks at the north entrance", problem="Parking is full by 9am daily"
    )
    question = rules_engine.next_question(draft, ["problem"], NOBODY)
    assert question is not None and question.field == "benefits"
    assert "*add bike racks at the north entrance*" in question.text


def test_benefits_question_uses_the_department_lightly(rules_engine: OfflineEngine) -> None:
    draft = IdeaFields(proposal="Add bike racks at the north entrance", problem="Parking is full")
    question = rules_engine.next_question(draft, ["problem"], ProfileHint(department="Finance"))
    assert question is not None and question.field == "benefits"
    assert "Finance" in question.text


def test_noun_phrase_proposals_read_naturally(rules_engine: OfflineEngine) -> None:
    draft = IdeaFields(proposal="Free parking for cyclists", problem="Parking costs too much")
    question = rules_engine.next_question(draft, [], NOBODY)
    assert question is not None and question.field == "benefits"
    assert "You want to *free" not in question.text
    assert "free parking for cyclists" in question.text


def test_complete_draft_needs_no_question(rules_engine: OfflineEngine) -> None:
    draft = IdeaFields(
        proposal="Add bike racks at the north entrance",
        problem="Parking is full by 9am every day",
        benefits="About 40 cyclists save 10 minutes a day",
    )
    assert rules_engine.next_question(draft, [], NOBODY) is None


def test_never_repeats_a_field_and_stops_after_three(rules_engine: OfflineEngine) -> None:
    assert rules_engine.next_question(IdeaFields(), ["proposal", "problem"], NOBODY).field == (
        "benefits"
    )
    assert (
        rules_engine.next_question(IdeaFields(), ["proposal", "problem", "benefits"], NOBODY)
        is None
    )
    assert rules_engine.next_question(IdeaFields(), ["title", "tags", "x"], NOBODY) is None


def test_wording_is_stable_for_a_draft(rules_engine: OfflineEngine) -> None:
    draft = IdeaFields(proposal="Add bike racks at the north entrance")
    first = rules_engine.next_question(draft, [], NOBODY)
    assert all(rules_engine.next_question(draft, [], NOBODY) == first for _ in range(5))


@pytest.mark.parametrize(
    "key",
    [
        "question.proposal.missing",
        "question.proposal.from_problem",
        "question.proposal.vague_verb",
        "question.proposal.vague_noun",
        "question.problem.verb",
        "question.problem.noun",
        "question.problem.generic",
        "question.problem.vague",
        "question.benefits.verb",
        "question.benefits.noun",
        "question.benefits.department",
        "question.benefits.generic",
    ],
)
def test_every_question_has_catalogue_variants(key: str) -> None:
    variants = raw(key)
    assert isinstance(variants, list) and 2 <= len(variants) <= 3
