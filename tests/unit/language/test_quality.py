"""Issue 12 regressions on the offline engine: each test is one class of failure seen
with real users (non-answers, status and programme questions, corrections, titles)."""

from __future__ import annotations

import pytest

from bot.core.models import IdeaFields
from bot.core.ports.language import DialogueContext, Intent, ProfileHint
from bot.language.offline import OfflineEngine
from bot.language.offline.spelling import correct

ASKED_PROBLEM = DialogueContext(
    has_draft=True, awaiting="problem", draft=IdeaFields(proposal="More standing desks")
)


@pytest.mark.parametrize(
    "text", ["no idea", "not sure", "skip", "idk", "whatever works", "3", "🤷"]
)
def test_a_non_answer_to_a_question_is_a_no(rules_engine: OfflineEngine, text: str) -> None:
    # The conversation skips the field on NO: nothing of this is stored.
    assert rules_engine.detect_intent(text, ASKED_PROBLEM).intent is Intent.NO


def test_what_follows_a_non_answer_is_the_answer(rules_engine: OfflineEngine) -> None:
    result = rules_engine.detect_intent(
        "no idea tbh, people just keep asking me for them", ASKED_PROBLEM
    )
    assert result.intent is Intent.ANSWER
    assert result.slots["content"] == "people just keep asking me for them"


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("any news on the standing desks thing?", "standing desks"),
        ("what happened to my idea about the printer?", "printer"),
        ("hey, has anyone looked at my bike shed idea yet?", "bike shed"),
    ],
)
def test_a_status_question_names_the_idea(
    rules_engine: OfflineEngine, text: str, query: str
) -> None:
    result = rules_engine.detect_intent(text, DialogueContext())
    assert result.intent is Intent.IDEA_STATUS and result.slots["query"] == query


def test_what_happened_to_all_my_ideas_is_not_a_question_about_one(
    rules_engine: OfflineEngine,
) -> None:
    result = rules_engine.detect_intent("what happened to my ideas?", DialogueContext())
    assert result.intent is not Intent.IDEA_STATUS


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("who reads the ideas?", "who_reads"),
        ("wait, who actually sees this?", "who_reads"),
        ("what happens after I submit?", "after_submit"),
        ("how do challenges work?", "challenges"),
    ],
)
def test_programme_questions(rules_engine: OfflineEngine, text: str, topic: str) -> None:
    result = rules_engine.detect_intent(text, ASKED_PROBLEM)
    assert result.intent is Intent.PROGRAMME and result.slots["topic"] == topic


def test_an_idea_about_reviews_is_not_a_programme_question(rules_engine: OfflineEngine) -> None:
    result = rules_engine.detect_intent(
        "we should review the onboarding checklist every quarter", DialogueContext()
    )
    assert result.intent is Intent.NEW_IDEA


def test_a_change_of_mind_replaces_the_proposal_and_drops_what_was_taken_back(
    rules_engine: OfflineEngine,
) -> None:
    draft = IdeaFields(proposal="We should run a shuttle bus from the train station")
    update = rules_engine.extract_fields(
        "actually no, forget the bus, that's too expensive. let's do shared e-bikes at the "
        "station instead",
        draft,
        "problem",
    )
    assert update.proposal is not None and "e-bikes" in update.proposal
    assert update.problem is None
    assert "bus" not in update.proposal and "expensive" not in update.proposal


def test_i_meant_x_not_y_replaces_y(rules_engine: OfflineEngine) -> None:
    draft = IdeaFields(proposal="Dark mode in the HR portal")
    update = rules_engine.extract_fields(
        "sorry I meant the shift scheduling app, not the HR portal", draft, "problem"
    )
    assert update.proposal == "Dark mode in the shift scheduling app"
    assert update.problem is None


def test_make_that_amends_the_value(rules_engine: OfflineEngine) -> None:
    draft = IdeaFields(proposal="The canteen should open at 7am")
    update = rules_engine.extract_fields(
        "no wait, make that 6:30, the early shift starts at 6:45", draft, "problem"
    )
    assert update.proposal == "The canteen should open at 6:30"


def test_a_relabel_replaces_that_field_without_its_lead(rules_engine: OfflineEngine) -> None:
    draft = IdeaFields(proposal="Tablets on the line", benefits="It saves paper")
    update = rules_engine.extract_fields(
        "no wait, the benefit is that supervisors get their friday afternoon back",
        draft,
        "benefits",
    )
    assert update.benefits == "Supervisors get their friday afternoon back"


def test_never_mind_with_a_draft_cancels(rules_engine: OfflineEngine) -> None:
    context = DialogueContext(
        has_draft=True, awaiting="problem", draft=IdeaFields(proposal="Trial a 4 day week")
    )
    result = rules_engine.detect_intent("actually never mind, that's way too big for this", context)
    assert result.intent is Intent.CANCEL


def test_a_short_proposal_is_not_asked_about_again(rules_engine: OfflineEngine) -> None:
    question = rules_engine.next_question(
        IdeaFields(proposal="More standing desks"), [], ProfileHint()
    )
    assert question is not None and question.field == "problem"


def test_titles_lose_emoji_and_typos_but_fields_keep_them(rules_engine: OfflineEngine) -> None:
    fields = IdeaFields(proposal="a propper bean to cup machine on evry flor ☕ lol")
    assert rules_engine.make_title(fields) == "Proper bean to cup machine on every floor"
    assert fields.proposal == "a propper bean to cup machine on evry flor ☕ lol"


def test_spelling_keeps_names_and_acronyms() -> None:
    assert correct("Ask Priya about the CRM dashbord") == "Ask Priya about the CRM dashboard"


def test_make_it_with_more_than_a_value_adds_to_the_proposal(rules_engine: OfflineEngine) -> None:
    draft = IdeaFields(proposal="Give every team a small budget to try experiments")
    update = rules_engine.extract_fields(
        "actually make it 500 euros per quarter per team", draft, "preview"
    )
    assert update.proposal is not None and "budget" in update.proposal
