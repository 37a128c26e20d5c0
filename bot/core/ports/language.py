"""The LanguageEngine port: everything core asks of language, and nothing else.

Two engines implement it: the offline one (deterministic rules + the embedding
model) and the LLM one (LangChain chat model, falling back to offline). Core never
imports an implementation; the container picks one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from bot.core.models import IdeaFields


class Intent(StrEnum):
    GREETING = "greeting"
    HELP = "help"
    NEW_IDEA = "new_idea"  # the text itself (usually) describes an idea
    ANSWER = "answer"  # content answering the question the bot asked
    EDIT_FIELD = "edit_field"  # "change the title to …"
    SUBMIT = "submit"
    SUBMIT_ANONYMOUS = "submit_anonymous"
    CANCEL = "cancel"
    YES = "yes"
    NO = "no"
    LIST_MINE = "list_mine"  # "show me my ideas"
    SHOW_IDEA = "show_idea"  # "tell me about #12"
    SEARCH = "search"  # "is there an idea about parking?"
    RECALL_MEMORY = "recall_memory"  # "what do you remember about me?"
    REMEMBER = "remember"  # "remember that I work in finance"
    FORGET_ITEM = "forget_item"  # "forget that I like cycling"
    FORGET_ME = "forget_me"
    DIGEST = "digest"
    THANKS = "thanks"
    CLARIFY = "clarify"  # "what do you mean?" — the person did not get the question
    MY_IDEAS_NEWS = "my_ideas_news"  # "what happened to my ideas?": changes since last asked
    UNKNOWN = "unknown"
    IDEA_STATUS = "idea_status"  # "any news on the standing desks thing?" (slot "query")
    PROGRAMME = "programme"  # "who reads the ideas?" (slot "topic")


# Fields a person can fill or edit, in the order the bot asks for them.
SHAPING_FIELDS: tuple[str, ...] = ("problem", "proposal", "benefits")
EDITABLE_FIELDS: tuple[str, ...] = ("title", "problem", "proposal", "benefits", "tags", "challenge")


@dataclass(frozen=True)
class DialogueContext:
    """What the engine may know about the conversation when reading a message."""

    has_draft: bool = False
    awaiting: str | None = None  # the field the bot just asked for, "preview", "confirm_forget"…
    draft: IdeaFields | None = None
    last_bot_text: str | None = None
    # The language the person is writing in ("en", "fr"…): which rules read the text.
    locale: str = "en"


@dataclass(frozen=True)
class IntentResult:
    intent: Intent
    confidence: float = 1.0
    # Extra slots: "field" and "value" for EDIT_FIELD, "ref" for SHOW_IDEA ("12"),
    # "query" for SEARCH, "content" for REMEMBER / FORGET_ITEM / NEW_IDEA (the text
    # without its trigger phrase), "anonymous" = "1" for a submit-anonymously request,
    # "named" = "1" for a submit that asks for the person's name ("with my name"),
    # "query" for IDEA_STATUS (words naming one of my ideas), "topic" for PROGRAMME
    # ("who_reads", "after_submit", "challenges").
    slots: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class FieldUpdate:
    """Fields read from one message; only non-None values change the draft."""

    title: str | None = None
    problem: str | None = None
    proposal: str | None = None
    benefits: str | None = None
    tags: tuple[str, ...] = ()
    challenge: str | None = None

    def is_empty(self) -> bool:
        values = (self.title, self.problem, self.proposal, self.benefits, self.tags, self.challenge)
        return not any(values)


@dataclass(frozen=True)
class Question:
    field: str  # which field it is about: "problem" | "proposal" | "benefits" | "title"
    text: str


@dataclass(frozen=True)
class ProfileHint:
    """What the engine may use to personalise a question (never another person's data)."""

    name: str | None = None
    department: str | None = None
    interests: tuple[str, ...] = ()
    locale: str = "en"  # the language the question is asked in


class MemoryKind(StrEnum):
    INTEREST = "interest"
    FACT = "fact"
    PREFERENCE = "preference"
    GOAL = "goal"


@dataclass(frozen=True)
class MemoryCandidate:
    kind: MemoryKind
    content: str  # a short third-person statement: "Works in the finance team"
    key: str | None = None  # a slot that a newer statement supersedes: "role", "team", "name"…
    confidence: float = 0.8
    # The bare slot value ("Sam" for a name, "anonymous"/"named" for anonymity), so
    # core can update the profile without parsing `content`.
    value: str | None = None


class LanguageEngine(Protocol):
    @property
    def name(self) -> str: ...

    def detect_intent(self, text: str, context: DialogueContext) -> IntentResult: ...

    # `locale` is the language of the text (the person's, per message): which rules,
    # cue phrases and templates apply.
    def extract_fields(
        self, text: str, draft: IdeaFields, awaiting: str | None, locale: str = "en"
    ) -> FieldUpdate: ...

    def next_question(
        self, draft: IdeaFields, asked: Sequence[str], profile: ProfileHint
    ) -> Question | None: ...

    def make_title(self, fields: IdeaFields, locale: str = "en") -> str: ...

    def suggest_tags(
        self, fields: IdeaFields, vocabulary: Sequence[str], locale: str = "en"
    ) -> list[str]: ...

    def extract_memories(self, text: str, locale: str = "en") -> list[MemoryCandidate]: ...

    def name_theme(self, texts: Sequence[str]) -> str: ...
