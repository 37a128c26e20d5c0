"""The model is told which language to answer the person in: the turn's."""

from __future__ import annotations

from bot.core.messages import locale_scope, use_locale
from bot.core.models import IdeaFields
from bot.core.ports.language import ProfileHint
from bot.language.llm import LLMEngine
from tests.fakes.openai_stub import OpenAIStub

DRAFT = IdeaFields(problem="Les cyclistes n'ont nulle part où garer leur vélo")


def _system(stub: OpenAIStub) -> str:
    return str(stub.chat_requests[-1].json["messages"][0]["content"])


def test_a_french_turn_asks_for_french(stub: OpenAIStub, engine: LLMEngine) -> None:
    stub.reply({"text": "Qu'est-ce que vous proposez ?"})
    with locale_scope():
        use_locale("fr")
        engine.next_question(DRAFT, [], ProfileHint(name="Ana"))
    assert "in French" in _system(stub)
    human = str(stub.chat_requests[-1].json["messages"][1]["content"])
    assert human.rstrip().endswith("in French.")


def test_an_english_turn_asks_for_english(stub: OpenAIStub, engine: LLMEngine) -> None:
    stub.reply({"items": []})
    with locale_scope():
        use_locale("en")
        engine.extract_memories("I work in the Finance team")
    assert "in English" in _system(stub)
