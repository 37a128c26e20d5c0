"""Plain domain dataclasses that every layer speaks (no Slack, SQL or LangChain types)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

# An exported idea shaped in conversation has no external id: it is written as '#<id>',
# which import maps back to the same idea (an exact export -> import round trip).
INTERNAL_REF_PREFIX = "#"


class IdeaStatus(StrEnum):
    NEW = "new"
    UNDER_REVIEW = "under_review"
    ACCEPTED = "accepted"
    IN_PROGRESS = "in_progress"
    IMPLEMENTED = "implemented"
    DECLINED = "declined"
    MERGED = "merged"

    @classmethod
    def parse(cls, value: str) -> IdeaStatus:
        key = value.strip().lower().replace(" ", "_").replace("-", "_")
        aliases = {
            "open": "new",
            "submitted": "new",
            "review": "under_review",
            "done": "implemented",
        }
        key = aliases.get(key, key)
        try:
            return cls(key)
        except ValueError:
            allowed = ", ".join(s.value for s in cls)
            raise ValueError(f"unknown status {value!r} (allowed: {allowed})") from None


class SimilarityKind(StrEnum):
    DUPLICATE = "duplicate"
    RELATED = "related"


class LinkKind(StrEnum):
    DUPLICATE_OF = "duplicate_of"
    RELATED = "related"
    MERGED = "merged"


@dataclass(frozen=True)
class Actor:
    """Who is acting: a Slack user (or the shell user) in one workspace."""

    team_id: str
    user_id: str
    name: str | None = None
    # The catalogue locale for everything said to this person ("en", "fr"…): from
    # their Slack profile, `ideabot chat --locale`, or IDEABOT_LOCALE.
    locale: str = "en"


@dataclass
class IdeaFields:
    """The shapeable parts of an idea (a draft, or the fields of a submitted one)."""

    title: str | None = None
    problem: str | None = None
    proposal: str | None = None
    benefits: str | None = None
    tags: list[str] = field(default_factory=list)
    challenge: str | None = None

    def filled(self) -> list[str]:
        return [
            name
            for name in ("title", "problem", "proposal", "benefits")
            if (getattr(self, name) or "").strip()
        ]


@dataclass
class NewIdea:
    """Everything needed to create (or import) one idea."""

    team_id: str
    title: str
    description: str
    problem: str | None = None
    proposal: str | None = None
    benefits: str | None = None
    tags: list[str] = field(default_factory=list)
    status: IdeaStatus = IdeaStatus.NEW
    votes: int = 0
    author_id: str | None = None
    author_name: str | None = None
    department: str | None = None
    anonymous: bool = False
    challenge: str | None = None
    external_id: str | None = None
    # The file gave the id as a JSON number: give it back as one.
    external_id_numeric: bool = False
    created_at: datetime | None = None
    status_reason: str | None = None
    # An import line names only some fields; an update leaves the others alone.
    # None: every field is given (a new idea from a conversation).
    given: frozenset[str] | None = None

    def gives(self, name: str) -> bool:
        return self.given is None or name in self.given


@dataclass
class Idea:
    id: int
    team_id: str
    external_id: str | None
    title: str
    description: str
    problem: str | None
    proposal: str | None
    benefits: str | None
    tags: list[str]
    status: IdeaStatus
    status_reason: str | None
    votes: int
    author_id: str | None
    author_name: str | None
    anonymous: bool
    challenge: str | None
    created_at: datetime
    updated_at: datetime
    external_id_numeric: bool = False
    # The challenge's id (`challenge` is its title, kept for compatibility).
    challenge_id: int | None = None
    # Set while this idea is merged into another (status `merged`): that idea's id.
    merged_into: int | None = None

    @property
    def external_ref(self) -> str | int | None:
        """The external id as the imported file wrote it (a number stays a number)."""
        if self.external_id is not None and self.external_id_numeric:
            return int(self.external_id)
        return self.external_id

    @property
    def public_ref(self) -> str:
        """How people refer to an idea: '#12'."""
        return f"#{self.id}"

    def embedding_text(self) -> str:
        parts = [self.title, self.description]
        return "\n".join(p for p in parts if p)


@dataclass(frozen=True)
class MatchReason:
    """Why a similar idea matched (bot/core/match_reason.py): shared key terms, or the
    sentence of the idea that holds them; neither when it matched by meaning alone."""

    terms: tuple[str, ...] = ()
    sentence: str | None = None

    @property
    def by_meaning(self) -> bool:
        return not self.terms and not self.sentence


@dataclass(frozen=True)
class SimilarIdea:
    idea: Idea
    score: float
    kind: SimilarityKind
    reason: MatchReason | None = None  # why it matched (shared terms, the sentence)


@dataclass(frozen=True)
class ImportReport:
    created: int
    updated: int
    skipped: int
    errors: list[str]
    indexed: int


@dataclass
class Profile:
    """What ideabot knows about a person from Slack or from what they said."""

    user_key: str
    name: str | None = None
    title: str | None = None
    department: str | None = None
    locale: str | None = None
    timezone: str | None = None
    preferences: dict[str, object] = field(default_factory=dict)
    ref: int = 0  # internal row id, used to tag vectors without copying identifying text
    terms_accepted_at: datetime | None = None


@dataclass(frozen=True)
class MemoryRecord:
    id: int
    kind: str
    key: str | None
    content: str
    source: str
    confidence: float
    valid_from: datetime
    valid_to: datetime | None = None


@dataclass
class DraftRecord:
    id: int
    fields: IdeaFields
    status: str
    idea_id: int | None
    updated_at: datetime
    notes: dict[str, object] = field(default_factory=dict)  # asked fields, links, title lock


@dataclass
class ConversationRecord:
    id: int
    state: dict[str, object]
    updated_at: datetime


@dataclass(frozen=True)
class ChallengeInfo:
    id: int
    team_id: str
    title: str
    question: str | None
    deadline: datetime | None
    status: str
    channel_id: str | None = None


@dataclass(frozen=True)
class StatusEntry:
    """One step of an idea's history: who moved it, when, from where, to where, why."""

    idea_id: int
    from_status: IdeaStatus | None
    to_status: IdeaStatus
    reason: str | None
    changed_by: str | None
    changed_at: datetime
