"""The outbox port: side effects owed after a commit, written in the same transaction
(storage implements it; bot/core/outbox.py drains it)."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol


@dataclass(frozen=True)
class OutboxMessage:
    id: int
    team_id: str
    consumer: str
    event_type: str
    payload: dict[str, Any]
    attempts: int  # including the one just claimed


class OutboxRows(Protocol):
    """The outbox table, inside one unit of work (storage implements it)."""

    def add(
        self, team_id: str, consumer: str, event_type: str, payload: dict[str, Any]
    ) -> None: ...

    def claim(
        self, consumers: Sequence[str], limit: int, lease: timedelta, now: datetime
    ) -> list[OutboxMessage]: ...

    def done(self, entry_id: int, now: datetime) -> None: ...

    def retry(self, entry_id: int, error: str, at: datetime | None) -> None: ...

    def prune_done(self, before: datetime) -> int: ...


class OutboxUnit(Protocol):
    @property
    def outbox(self) -> OutboxRows: ...

    def commit(self) -> None: ...


class OutboxStore(Protocol):
    def unit_of_work(self) -> AbstractContextManager[OutboxUnit]: ...
