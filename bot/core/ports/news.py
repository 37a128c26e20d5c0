"""The news port: status changes of one person's ideas, read from the status history
(storage implements it; bot/core/news.py uses it)."""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class StatusNews:
    """One row of the history of an idea the person authored."""

    # The history row's id: increasing, so "everything after N" is a marker that no
    # clock skew between processes can break.
    change_id: int
    idea_id: int
    title: str
    from_status: str | None
    to_status: str
    reason: str | None
    changed_at: datetime

    @property
    def public_ref(self) -> str:
        return f"#{self.idea_id}"


class NewsRows(Protocol):
    def changes_for_author(
        self, team_id: str, user_key: str, after: int, limit: int
    ) -> list[StatusNews]:
        """Changes to the person's own ideas (anonymous ones included: they are the
        author) with an id above `after`, oldest first."""
        ...

    def latest_change(self, team_id: str, user_key: str) -> int:
        """The id of the latest change to the person's ideas (0: none)."""
        ...


class NewsUnit(Protocol):
    @property
    def news(self) -> NewsRows: ...


class NewsStore(Protocol):
    def unit_of_work(self) -> AbstractContextManager[NewsUnit]: ...
