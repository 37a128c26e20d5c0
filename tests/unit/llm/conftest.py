"""Shared test doubles for the LLM engine: a recording fallback, a tool-calling fake
chat model, and engines wired to the OpenAI stub."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, ClassVar

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_openai import ChatOpenAI
from pydantic import Field, SecretStr

from bot.core.models import IdeaFields
from bot.core.ports.language import (
    DialogueContext,
    FieldUpdate,
    Intent,
    IntentResult,
    MemoryCandidate,
    MemoryKind,
    ProfileHint,
    Question,
)
from bot.language.llm import LLMEngine
from tests.fakes.openai_stub import OpenAIStub


class RecordingFallback:
    """Answers every port method with a recognisable value and records the call."""

    TITLE = "Fallback title"
    INTENT = IntentResult(Intent.UNKNOWN, 0.1, {"source": "fallback"})
    FIELDS = FieldUpdate(problem="fallback problem")
    QUESTION = Question(field="problem", text="What problem does it solve? (fallback)")
    TAGS: ClassVar[list[str]] = ["fallback"]
    MEMORIES: ClassVar[list[MemoryCandidate]] = [
        MemoryCandidate(MemoryKind.FACT, "Fallback memory")
    ]
    THEME = "Fallback theme"

    def __init__(self, question: Question | None = QUESTION) -> None:
        self.calls: list[tuple[str, tuple[Any, ...]]] = []
        self.question = question

    @property
    def name(self) -> str:
        return "offline"

    def methods(self) -> list[str]:
        return [name for name, _ in self.calls]

    def detect_intent(self, text: str, context: DialogueContext) -> IntentResult:
        self.calls.append(("detect_intent", (text, context)))
        return self.INTENT

    def extract_fields(
        self, text: str, draft: IdeaFields, awaiting: str | None, locale: str = "en"
    ) -> FieldUpdate:
        self.calls.append(("extract_fields", (text, draft, awaiting)))
        return self.FIELDS

    def next_question(
        self, draft: IdeaFields, asked: Sequence[str], profile: ProfileHint
    ) -> Question | None:
        self.calls.append(("next_question", (draft, asked, profile)))
        return self.question

    def make_title(self, fields: IdeaFields, locale: str = "en") -> str:
        self.calls.append(("make_title", (fields,)))
        return self.TITLE

    def suggest_tags(
        self, fields: IdeaFields, vocabulary: Sequence[str], locale: str = "en"
    ) -> list[str]:
        self.calls.append(("suggest_tags", (fields, vocabulary)))
        return list(self.TAGS)

    def extract_memories(self, text: str, locale: str = "en") -> list[MemoryCandidate]:
        self.calls.append(("extract_memories", (text,)))
        return list(self.MEMORIES)

    def name_theme(self, texts: Sequence[str]) -> str:
        self.calls.append(("name_theme", (texts,)))
        return self.THEME


class ToolCallingFakeChatModel(GenericFakeChatModel):
    """GenericFakeChatModel plus `bind_tools`, which is all LangChain's base
    `with_structured_output` (function calling) needs. Records the prompts it saw."""

    seen: list[list[BaseMessage]] = Field(default_factory=list)

    def bind_tools(self, tools: Sequence[Any], *, tool_choice: Any = None, **kwargs: Any) -> Any:
        return self

    def _generate(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> Any:
        self.seen.append(messages)
        return super()._generate(messages, *args, **kwargs)


def tool_reply(schema: str, **args: Any) -> AIMessage:
    """The message a model sends when it calls the structured-output function."""
    return AIMessage(content="", tool_calls=[{"name": schema, "args": args, "id": "call_1"}])


def fake_engine(
    *replies: AIMessage | str, fallback: RecordingFallback | None = None, **kwargs: Any
) -> tuple[LLMEngine, ToolCallingFakeChatModel, RecordingFallback]:
    model = ToolCallingFakeChatModel(messages=iter(replies))
    fb = fallback or RecordingFallback()
    return LLMEngine(model, fb, timeout_s=2.0, **kwargs), model, fb


@pytest.fixture
def stub() -> Iterator[OpenAIStub]:
    with OpenAIStub() as server:
        yield server


@pytest.fixture
def fallback() -> RecordingFallback:
    return RecordingFallback()


def stub_model(stub: OpenAIStub, timeout_s: float = 5.0) -> ChatOpenAI:
    return ChatOpenAI(
        model="stub-model",
        api_key=SecretStr("test"),
        base_url=stub.base_url,
        max_retries=0,
        timeout=timeout_s,
    )


@pytest.fixture
def engine(stub: OpenAIStub, fallback: RecordingFallback) -> LLMEngine:
    # A high failure threshold keeps the breaker out of tests about single failures.
    return LLMEngine(stub_model(stub), fallback, timeout_s=2.0, failure_threshold=100)
