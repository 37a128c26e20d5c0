"""The points port: awards written by the recognition consumer, read by leaderboards
(storage implements it; bot/core/recognition.py uses it)."""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.core.ports.storage import IdeaRepository


@dataclass(frozen=True)
class Award:
    team_id: str
    user_key: str
    idea_id: int | None
    reason: str
    amount: int
    # Unique per workspace: "<reason>:<idea>" or "vote:<idea>:<voter>".
    key: str
    # Earned by an anonymous idea: only its author ever sees it.
    private: bool


@dataclass(frozen=True)
class Standing:
    """One person's public points over a period (private awards left out)."""

    user_key: str
    name: str | None
    points: int


class PointsRows(Protocol):
    def award(self, award: Award, at: datetime) -> bool:
        """Write the award unless its key is already there; True if written."""
        ...

    def revoke(self, team_id: str, key: str) -> bool: ...

    def standings(self, team_id: str, since: datetime | None) -> list[Standing]: ...

    def total(self, team_id: str, user_key: str, since: datetime | None, private: bool) -> int: ...


class PointsUnit(Protocol):
    @property
    def ideas(self) -> IdeaRepository: ...

    @property
    def points(self) -> PointsRows: ...

    def commit(self) -> None: ...


class PointsStore(Protocol):
    def unit_of_work(self) -> AbstractContextManager[PointsUnit]: ...
