"""The structured answers the model must return, one Pydantic model per task.

Class names are the function names the model sees (function calling), so they read as
verbs' results. Constraints here are the first line of validation; `checks.py` adds the
rules JSON Schema cannot express. `extra="ignore"` so a chatty model adding a key does
not cost a fallback.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bot.core.ports.language import Intent, MemoryKind


class _Answer(BaseModel):
    model_config = ConfigDict(extra="ignore")

    @model_validator(mode="before")
    @classmethod
    def _some_known_key(cls, data: Any) -> Any:
        # Extra keys are tolerated, but an answer sharing no key with the schema is an
        # answer to some other question; defaults must not turn it into "nothing found".
        if isinstance(data, dict) and data and not set(data) & set(cls.model_fields):
            raise ValueError(f"answer has none of the fields of {cls.__name__}")
        return data


class IntentAnswer(_Answer):
    """What the person wants with their latest message."""

    intent: Intent
    confidence: float = Field(default=0.8, ge=0.0, le=1.0)
    field: str | None = Field(default=None, description="edit_field only: the field to change")
    value: str | None = Field(default=None, description="edit_field only: the new value")
    ref: str | None = Field(default=None, description="show_idea only: the idea number")
    query: str | None = Field(
        default=None, description="search: what to look for; idea_status: words naming the idea"
    )
    topic: str | None = Field(
        default=None, description="programme only: who_reads, after_submit or challenges"
    )
    content: str | None = Field(
        default=None, description="new_idea, remember, forget_item: the text without lead-in"
    )
    anonymous: bool = Field(default=False, description="true when they ask to stay anonymous")


class IdeaFieldsAnswer(_Answer):
    """The parts of the idea found in the latest message; empty when absent."""

    title: str | None = None
    problem: str | None = None
    proposal: str | None = None
    benefits: str | None = None
    tags: list[str] = Field(default_factory=list)
    challenge: str | None = None


class QuestionAnswer(_Answer):
    """The next question to ask the person."""

    text: str = Field(description="one short, friendly question")


class TitleAnswer(_Answer):
    """A title for the idea."""

    title: str = Field(description="at most 80 characters")


class TagsAnswer(_Answer):
    """Topic tags for the idea."""

    tags: list[str] = Field(description="1 to 3 lowercase tags")


class MemoryItemAnswer(_Answer):
    kind: MemoryKind
    content: str = Field(description="a short third-person statement about the person")
    key: str | None = Field(
        default=None,
        description="slot a newer statement replaces: name, role, team, location, "
        "anonymity, notifications",
    )
    value: str | None = Field(
        default=None,
        description="the bare slot value: 'Sam' for name, 'Finance' for team, "
        "'anonymous' or 'named' for anonymity",
    )
    confidence: float = Field(default=0.8, ge=0.0, le=1.0)


class MemoriesAnswer(_Answer):
    """Durable facts about the person; usually none."""

    items: list[MemoryItemAnswer] = Field(default_factory=list)


class ThemeAnswer(_Answer):
    """A name for the theme shared by the ideas, and the ids of the ideas it covers."""

    name: str = Field(description="2 to 6 words, at most 60 characters")
    idea_ids: list[int] = Field(description="ids of the ideas the name describes")
