"""`LLMEngine`: the LanguageEngine port on a LangChain chat model, with a safety net.

Each port method renders a prompt from `prompts/`, asks the model for a structured
answer (a Pydantic model from `schemas.py`), checks it (`checks.py`) and converts it to
the port's dataclasses. Whatever goes wrong — deadline, rate limit, 5xx, network,
unparseable or rule-breaking output — that call is answered by the fallback engine, so
the person always gets an answer within `timeout_s` (+ the fallback's own time).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from typing import Any, Literal, TypeVar

from langchain_core.language_models import BaseChatModel
from langchain_core.runnables import Runnable
from pydantic import BaseModel

from bot.core.models import IdeaFields
from bot.core.ports.language import (
    DialogueContext,
    FieldUpdate,
    IntentResult,
    LanguageEngine,
    MemoryCandidate,
    ProfileHint,
    Question,
)
from bot.language.llm import checks, render
from bot.language.llm.deadline import call_with_deadline
from bot.language.llm.failures import FailureKind, classify, retry_after_s
from bot.language.llm.health import LLMHealth
from bot.language.llm.schemas import (
    IdeaFieldsAnswer,
    IntentAnswer,
    MemoriesAnswer,
    QuestionAnswer,
    TagsAnswer,
    ThemeAnswer,
    TitleAnswer,
)
from bot.language.offline.commands import with_named_slot
from prompts import load_prompt

log = logging.getLogger("bot.language.llm")

A = TypeVar("A", bound=BaseModel)
R = TypeVar("R")
StructuredMethod = Literal["function_calling", "json_schema"]


class LLMEngine:
    """LanguageEngine backed by a chat model; falls back per call to `fallback`.

    `method` selects how LangChain asks for structured output. "function_calling"
    (default) works with every chat model that implements `bind_tools`, including
    LangChain's base implementation used by fakes, and with the widest range of
    OpenAI-compatible servers; "json_schema" uses `response_format` instead.
    """

    def __init__(
        self,
        chat_model: BaseChatModel,
        fallback: LanguageEngine,
        timeout_s: float = 8.0,
        *,
        method: StructuredMethod = "function_calling",
        failure_threshold: int = 3,
        cooldown_s: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if timeout_s <= 0:
            raise ValueError("timeout_s must be positive")
        self._model = chat_model
        self._fallback = fallback
        self._timeout_s = timeout_s
        self._method: StructuredMethod = method
        # A probe after the cooldown gets the full deadline before others try again.
        self._health = LLMHealth(
            fallback.name, failure_threshold, cooldown_s, clock, probe_s=timeout_s + 1.0
        )
        self._chains: dict[str, Runnable[dict[str, Any], Any]] = {}

    @property
    def name(self) -> str:
        return "llm"

    @property
    def fallback(self) -> LanguageEngine:
        return self._fallback

    # -- the port ---------------------------------------------------------------------

    def detect_intent(self, text: str, context: DialogueContext) -> IntentResult:
        result = self._ask(
            "intent",
            IntentAnswer,
            render.intent_vars(text, context),
            checks.intent_result,
            lambda: self._fallback.detect_intent(text, context),
        )
        return with_named_slot(text, result)

    def extract_fields(
        self, text: str, draft: IdeaFields, awaiting: str | None, locale: str = "en"
    ) -> FieldUpdate:
        return self._ask(
            "extract_fields",
            IdeaFieldsAnswer,
            render.extract_vars(text, draft, awaiting),
            checks.field_update,
            lambda: self._fallback.extract_fields(text, draft, awaiting, locale),
            locale,
        )

    def next_question(
        self, draft: IdeaFields, asked: Sequence[str], profile: ProfileHint
    ) -> Question | None:
        # Which field to ask about is decided by the deterministic engine: it is the one
        # place that knows what is missing and what was already asked, so the bot never
        # re-asks. The model only phrases the question (personal, refers to the draft).
        planned = self._fallback.next_question(draft, asked, profile)
        if planned is None:
            return None
        return self._ask(
            "next_question",
            QuestionAnswer,
            {
                "draft": render.draft(draft),
                "profile": render.profile(profile),
                "field": planned.field,
            },
            lambda answer: Question(field=planned.field, text=checks.question_text(answer)),
            lambda: planned,
            profile.locale,
        )

    def make_title(self, fields: IdeaFields, locale: str = "en") -> str:
        return self._ask(
            "title",
            TitleAnswer,
            {"draft": render.draft(fields)},
            checks.title,
            lambda: self._fallback.make_title(fields, locale),
            locale,
        )

    def suggest_tags(
        self, fields: IdeaFields, vocabulary: Sequence[str], locale: str = "en"
    ) -> list[str]:
        return self._ask(
            "tags",
            TagsAnswer,
            {"draft": render.draft(fields), "vocabulary": render.vocabulary(vocabulary)},
            lambda answer: checks.tags(answer, vocabulary),
            lambda: self._fallback.suggest_tags(fields, vocabulary, locale),
            locale,
        )

    def extract_memories(self, text: str, locale: str = "en") -> list[MemoryCandidate]:
        return self._ask(
            "memories",
            MemoriesAnswer,
            render.memories_vars(text),
            checks.memories,
            lambda: self._fallback.extract_memories(text, locale),
            locale,
        )

    def name_theme(self, texts: Sequence[str]) -> str:
        if not texts:
            return self._fallback.name_theme(texts)
        shown = list(texts)[:20]
        return self._ask(
            "theme_name",
            ThemeAnswer,
            render.theme_vars(shown),
            lambda answer: checks.theme_name(answer, shown),
            lambda: self._fallback.name_theme(texts),
        )

    # -- machinery --------------------------------------------------------------------

    def _chain(self, task: str, schema: type[BaseModel]) -> Runnable[dict[str, Any], Any]:
        # Built once per task; dict assignment is atomic, so a race only builds twice.
        chain = self._chains.get(task)
        if chain is None:
            structured = self._model.with_structured_output(schema, method=self._method)
            chain = (load_prompt(task) | structured).with_config(run_name=f"ideabot.{task}")
            self._chains[task] = chain
        return chain

    def _ask(
        self,
        task: str,
        schema: type[A],
        variables: dict[str, str],
        convert: Callable[[A], R],
        fallback: Callable[[], R],
        locale: str | None = None,
    ) -> R:
        if not self._health.allows_call():
            return fallback()
        # Every prompt says which language to answer the person in (the turn's, set
        # where the message entered: bot/core/reply_language.py).
        variables = {**variables, "language": render.language(locale)}
        try:
            chain = self._chain(task, schema)
            answer = call_with_deadline(lambda: chain.invoke(variables), self._timeout_s, task)
            if not isinstance(answer, schema):
                # function calling with no tool call parses to None; json_schema may
                # yield a dict when the server ignores the schema.
                got = type(answer).__name__
                raise checks.InvalidOutput(f"expected {schema.__name__}, got {got}")
            result = convert(answer)
        except Exception as exc:
            kind = classify(exc)
            pause = retry_after_s(exc) if kind is FailureKind.RATE_LIMIT else None
            # The warning names the task and error type only: messages of parsing errors
            # quote the model's output, which can echo what a person wrote.
            status = getattr(exc, "status_code", None)
            detail = f"{task}: {type(exc).__name__}" + (f" {status}" if status else "")
            self._health.failed(kind, detail, pause)
            log.debug("LLM %s failed", task, exc_info=exc)
            return fallback()
        self._health.succeeded()
        return result
