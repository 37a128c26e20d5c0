"""The LLM engine asks the model to write in the person's language (issue 14)."""

from __future__ import annotations

from bot.core.models import IdeaFields
from bot.core.ports.language import ProfileHint
from tests.unit.llm.conftest import fake_engine, tool_reply

DRAFT = IdeaFields(proposal="Des arceaux à vélo couverts devant le siège")


def test_a_french_title_is_asked_for_in_french() -> None:
    engine, model, _ = fake_engine(tool_reply("TitleAnswer", title="Arceaux à vélo couverts"))
    assert engine.make_title(DRAFT, "fr") == "Arceaux à vélo couverts"
    system = str(model.seen[0][0].content)
    assert "in French" in " ".join(system.split())


def test_a_french_question_is_asked_for_in_french() -> None:
    engine, model, _ = fake_engine(
        tool_reply("QuestionAnswer", text="Quel problème cela résout-il aujourd'hui ?")
    )
    question = engine.next_question(DRAFT, [], ProfileHint(locale="fr"))
    assert question is not None and question.text.startswith("Quel problème")
    assert "in French" in " ".join(str(model.seen[0][0].content).split())


def test_without_a_locale_the_model_follows_the_text() -> None:
    engine, model, _ = fake_engine(tool_reply("ThemeAnswer", name="Cycling"))
    engine.name_theme(["Bike racks at HQ", "Covered bike parking"])
    assert "the language of the person's text" in " ".join(str(model.seen[0][0].content).split())
