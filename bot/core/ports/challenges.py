"""The port for challenges (storage implements it; bot/core/challenges uses it)."""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from bot.core.ports.jobs import JobRuns
from bot.core.ports.outbox import OutboxRows

OPEN = "open"
CLOSED = "closed"


@dataclass(frozen=True)
class Challenge:
    id: int
    team_id: str
    title: str
    question: str
    deadline: datetime
    channel_id: str | None
    status: str
    created_by: str | None  # the creator's user key (Slack user id)
    created_at: datetime
    tags: list[str] = field(default_factory=list)
    criteria: str | None = None
    review_at: datetime | None = None
    message_ts: str | None = None
    closed_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.status == OPEN


@dataclass(frozen=True)
class NewChallenge:
    team_id: str
    title: str
    question: str
    deadline: datetime
    channel_id: str
    created_by: str
    tags: list[str] = field(default_factory=list)
    criteria: str | None = None
    review_at: datetime | None = None


@dataclass(frozen=True)
class ChallengeIdea:
    """What a summary needs of one idea bound to a challenge."""

    id: int
    title: str
    votes: int
    author_key: str | None
    anonymous: bool


class ChallengeRepository(Protocol):
    def add(self, new: NewChallenge) -> Challenge: ...

    def get(self, team_id: str, challenge_id: int) -> Challenge | None: ...

    def by_title(self, team_id: str, title: str) -> Challenge | None: ...

    def find(self, team_id: str | None, status: str | None = None) -> list[Challenge]: ...

    def close(self, team_id: str, challenge_id: int, now: datetime) -> bool:
        """Open → closed; False when it was not open (someone else closed it)."""
        ...

    def set_deadline(self, team_id: str, challenge_id: int, deadline: datetime) -> None: ...

    def set_message(self, team_id: str, challenge_id: int, channel: str, ts: str) -> None: ...

    def ideas(self, team_id: str, challenge_id: int) -> list[ChallengeIdea]: ...


class ChallengeUnitOfWork(Protocol):
    @property
    def challenges(self) -> ChallengeRepository: ...

    @property
    def outbox(self) -> OutboxRows: ...

    @property
    def job_runs(self) -> JobRuns: ...

    def commit(self) -> None: ...


class ChallengeStore(Protocol):
    def unit_of_work(self) -> AbstractContextManager[ChallengeUnitOfWork]: ...
