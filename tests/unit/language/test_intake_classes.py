"""Issue 12 failure classes at the engine level: memory from introductions, titles
from the proposal's noun phrase, the sentence-role classifier's use in field reading."""

from __future__ import annotations

from bot.core.models import IdeaFields
from bot.language.offline import OfflineEngine
from bot.language.offline.memory import about_me, extract_memories
from bot.language.offline.titles import make_title


def test_about_me_keeps_the_statement_without_greeting_name_or_idea() -> None:
    assert about_me("hi, I'm Kim, I look after the loading bay") == "I look after the loading bay"
    assert about_me("remember that I work in customer support") == "I work in customer support"
    assert about_me("I'm Lena from the studio, and I think we should buy a plotter") == (
        "I'm Lena from the studio"
    )
    assert about_me("we should buy a plotter") is None
    assert about_me("I'm annoyed the printer is broken again") is None


def test_an_introduction_becomes_a_memory_item_in_the_persons_words() -> None:
    contents = [c.content for c in extract_memories("hello, I'm Sam, I run goods-in")]
    assert any("I run goods-in" in c for c in contents), contents


def test_titles_drop_a_pronoun_or_gerund_lead_in() -> None:
    assert make_title(IdeaFields(proposal="Replace it with a keypad lock")) == "Keypad lock"
    assert make_title(IdeaFields(proposal="Having a shared tool cabinet")) == (
        "Shared tool cabinet"
    )


def test_a_title_corrects_spelling_but_the_field_keeps_the_persons_words(
    engine: OfflineEngine,
) -> None:
    update = engine.extract_fields("anothr fridge in the kitchn", IdeaFields(), None)
    assert update.proposal == "Anothr fridge in the kitchn"
    assert make_title(IdeaFields(proposal=update.proposal)) == "Another fridge in the kitchen"


def test_an_uncued_problem_statement_is_read_as_the_problem(engine: OfflineEngine) -> None:
    update = engine.extract_fields("the vending machine eats coins", IdeaFields(), None)
    assert update.problem and not update.proposal


def test_an_answer_stays_in_the_slot_asked_whatever_its_role(engine: OfflineEngine) -> None:
    draft = IdeaFields(proposal="More standing desks")
    update = engine.extract_fields("sore backs", draft, "problem")
    assert update.problem == "Sore backs" and not update.proposal and not update.benefits


def test_a_rambling_aside_is_not_stored(engine: OfflineEngine) -> None:
    update = engine.extract_fields(
        "this might be a long one, bear with me. we should move the lockers to the entrance",
        IdeaFields(),
        None,
    )
    stored = " ".join(v for v in (update.problem, update.proposal, update.benefits) if v)
    assert "lockers" in stored and "bear with me" not in stored.lower()
