"""build_chat_model: the ChatOpenAI the container wires into LLMEngine."""

from __future__ import annotations

import pytest
from langchain_openai import ChatOpenAI

from bot.core.models import IdeaFields
from bot.language.llm import LLMEngine
from bot.language.llm_factory import build_chat_model
from tests.fakes.openai_stub import OpenAIStub
from tests.unit.llm.conftest import RecordingFallback


@pytest.mark.parametrize("key", [None, ""])
def test_missing_api_key_is_a_clear_error(key: str | None) -> None:
    with pytest.raises(ValueError, match="LLM=openai needs OPENAI_API_KEY"):
        build_chat_model(key, None, "gpt-4o-mini", 8.0)


def test_builds_chat_openai_without_retries_and_with_the_timeout() -> None:
    model = build_chat_model("sk-test", "http://127.0.0.1:9/v1", "my-model", 3.5)
    assert isinstance(model, ChatOpenAI)
    assert model.max_retries == 0
    assert model.request_timeout == 3.5
    assert model.model_name == "my-model"
    assert model.openai_api_base == "http://127.0.0.1:9/v1"


def test_factory_model_talks_to_an_openai_compatible_server(stub: OpenAIStub) -> None:
    model = build_chat_model("sk-test", stub.base_url, "local-llama", 2.0)
    engine = LLMEngine(model, RecordingFallback(), timeout_s=2.0)
    stub.reply({"title": "Covered bike racks at HQ"})
    assert engine.make_title(IdeaFields(problem="No bike racks")) == "Covered bike racks at HQ"
    request = stub.chat_requests[0]
    assert request.json["model"] == "local-llama"
    assert request.headers.get("authorization") == "Bearer sk-test"
