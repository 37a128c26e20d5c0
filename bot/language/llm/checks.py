"""Turn the model's structured answers into port dataclasses, or refuse them.

Pydantic checks shape and enums; these functions check meaning (lengths, allowed
fields, grounding). Any refusal raises `InvalidOutput`, which the engine treats like
any other LLM failure: that one call is answered by the fallback engine.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.core.ports.language import (
    EDITABLE_FIELDS,
    FieldUpdate,
    Intent,
    IntentResult,
    MemoryCandidate,
)
from bot.language.llm.schemas import (
    IdeaFieldsAnswer,
    IntentAnswer,
    MemoriesAnswer,
    QuestionAnswer,
    TagsAnswer,
    ThemeAnswer,
    TitleAnswer,
)

MAX_TITLE = 80
MAX_FIELD = 2000
MAX_QUESTION = 300
MAX_TAGS = 3
MAX_MEMORIES = 5
MAX_MEMORY_CHARS = 200
MAX_THEME = 60
MAX_MEMORY_VALUE = 100
# Core reads these values to update the profile (bot/core/memory.py).
ANONYMITY_VALUES = ("anonymous", "named")
_TAG = re.compile(r"^[a-z0-9][a-z0-9-]{0,29}$")
_KEY = re.compile(r"^[a-z][a-z_]{0,29}$")
_DIGITS = re.compile(r"\d+")
_QUOTES = "\"'“”‘’«»`"


class InvalidOutput(ValueError):
    """The model answered, but the answer breaks a rule; use the fallback instead."""


def _text(value: str | None, limit: int) -> str | None:
    """Strip; empty means absent; over `limit` is a broken answer, not something to cut."""
    if value is None:
        return None
    clean = value.strip()
    if not clean:
        return None
    if len(clean) > limit:
        raise InvalidOutput(f"text longer than {limit} characters")
    return clean


def _one_line(value: str, limit: int, what: str) -> str:
    clean = value.strip().strip(_QUOTES).strip().rstrip(".").strip()
    if not clean or "\n" in clean:
        raise InvalidOutput(f"{what} must be one non-empty line")
    if len(clean) > limit:
        raise InvalidOutput(f"{what} longer than {limit} characters")
    return clean


def intent_result(answer: IntentAnswer) -> IntentResult:
    slots: dict[str, str] = {}
    if answer.intent is Intent.EDIT_FIELD:
        field = (answer.field or "").strip().lower()
        value = _text(answer.value, MAX_FIELD)
        if field not in EDITABLE_FIELDS or value is None:
            raise InvalidOutput("edit_field needs an editable field and a value")
        slots = {"field": field, "value": value}
    elif answer.intent is Intent.SHOW_IDEA:
        ref = (answer.ref or "").strip().lstrip("#")
        if not ref.isdigit():
            raise InvalidOutput("show_idea needs an idea number")
        slots = {"ref": ref}
    elif answer.intent is Intent.SEARCH:
        query = _text(answer.query, MAX_FIELD)
        if query is None:
            raise InvalidOutput("search needs a query")
        slots = {"query": query}
    elif answer.intent is Intent.IDEA_STATUS:
        slots = {"query": _text(answer.query, MAX_FIELD) or ""}
    elif answer.intent is Intent.PROGRAMME:
        slots = {"topic": (answer.topic or "").strip().lower()}
    elif answer.intent in (Intent.REMEMBER, Intent.FORGET_ITEM, Intent.NEW_IDEA):
        content = _text(answer.content, MAX_FIELD)
        if content is None and answer.intent is not Intent.NEW_IDEA:
            raise InvalidOutput(f"{answer.intent.value} needs content")
        if content is not None:
            slots = {"content": content}
    if answer.intent is Intent.SUBMIT_ANONYMOUS or (
        answer.intent is Intent.SUBMIT and answer.anonymous
    ):
        # One meaning, two spellings: core reads the slot for either intent.
        slots["anonymous"] = "1"
    return IntentResult(intent=answer.intent, confidence=answer.confidence, slots=slots)


def normalise_tags(raw: Sequence[str], vocabulary: Sequence[str] = ()) -> list[str]:
    """Lowercase, hyphenate, reuse the vocabulary's spelling, dedupe; refuse odd tags."""
    known = {v.strip().lower().replace(" ", "-"): v.strip().lower() for v in vocabulary}
    tags: list[str] = []
    for tag in raw:
        key = "-".join(tag.strip().strip("#").lower().split())
        if not key:
            continue
        if key not in known and not _TAG.match(key):
            raise InvalidOutput(f"tag {tag!r} is not a simple lowercase tag")
        chosen = known.get(key, key)
        if chosen not in tags:
            tags.append(chosen)
    if len(tags) > MAX_TAGS:
        raise InvalidOutput(f"more than {MAX_TAGS} tags")
    return tags


def field_update(answer: IdeaFieldsAnswer) -> FieldUpdate:
    title = _text(answer.title, MAX_TITLE)
    return FieldUpdate(
        title=_one_line(title, MAX_TITLE, "title") if title else None,
        problem=_text(answer.problem, MAX_FIELD),
        proposal=_text(answer.proposal, MAX_FIELD),
        benefits=_text(answer.benefits, MAX_FIELD),
        tags=tuple(normalise_tags(answer.tags)),
        challenge=_text(answer.challenge, MAX_TITLE),
    )


def question_text(answer: QuestionAnswer) -> str:
    text = _text(answer.text, MAX_QUESTION)
    if text is None:
        raise InvalidOutput("empty question")
    return text


def title(answer: TitleAnswer) -> str:
    return _one_line(answer.title, MAX_TITLE, "title")


def tags(answer: TagsAnswer, vocabulary: Sequence[str]) -> list[str]:
    result = normalise_tags(answer.tags, vocabulary)
    if not result:
        raise InvalidOutput("no tags")
    return result


def memories(answer: MemoriesAnswer) -> list[MemoryCandidate]:
    if len(answer.items) > MAX_MEMORIES:
        raise InvalidOutput(f"more than {MAX_MEMORIES} memory items")
    result: list[MemoryCandidate] = []
    for item in answer.items:
        content = _text(item.content, MAX_MEMORY_CHARS)
        if content is None:
            continue
        key = (item.key or "").strip().lower() or None
        if key is not None and not _KEY.match(key):
            raise InvalidOutput(f"memory key {item.key!r} is not a simple slot name")
        value = _text(item.value, MAX_MEMORY_VALUE) if key else None
        if key == "anonymity" and value is not None:
            value = value.lower()
            if value not in ANONYMITY_VALUES:
                raise InvalidOutput(f"anonymity must be one of {ANONYMITY_VALUES}")
        result.append(
            MemoryCandidate(
                kind=item.kind, content=content, key=key, confidence=item.confidence, value=value
            )
        )
    return result


def theme_name(answer: ThemeAnswer, texts: Sequence[str]) -> str:
    """A theme name must cite the ideas it stands for and invent no numbers."""
    name = _one_line(answer.name, MAX_THEME, "theme name")
    ids = set(answer.idea_ids)
    if not ids or not ids <= set(range(1, len(texts) + 1)):
        raise InvalidOutput("theme name must cite ids of the given ideas only")
    source = " ".join(texts)
    if any(number not in source for number in _DIGITS.findall(name)):
        raise InvalidOutput("theme name contains a number not found in the ideas")
    return name
