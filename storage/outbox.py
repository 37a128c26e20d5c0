"""The outbox table (bot/core/outbox.py has the why)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from bot.core.ports.outbox import OutboxMessage
from storage.models import OutboxEntry, utcnow


class OutboxRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, team_id: str, consumer: str, event_type: str, payload: dict[str, Any]) -> None:
        now = utcnow()
        self.session.add(
            OutboxEntry(
                team_id=team_id,
                consumer=consumer,
                event_type=event_type,
                payload=payload,
                created_at=now,
                attempts=0,
                next_attempt_at=now,
            )
        )

    def claim(
        self, consumers: Sequence[str], limit: int, lease: timedelta, now: datetime
    ) -> list[OutboxMessage]:
        """Take up to `limit` due rows. Each is taken by a conditional UPDATE that still
        requires it to be due, so when two processes race for a row (PostgreSQL
        re-checks the condition after the first one's lock; SQLite has one writer)
        only one gets it back."""
        candidates = list(
            self.session.scalars(
                select(OutboxEntry.id)
                .where(
                    OutboxEntry.consumer.in_(list(consumers)),
                    OutboxEntry.done_at.is_(None),
                    OutboxEntry.next_attempt_at <= now,
                )
                .order_by(OutboxEntry.id)
                # More candidates than wanted: rows another process takes meanwhile
                # are skipped, and this one still gets a batch.
                .limit(limit * 4)
            )
        )
        claimed: list[OutboxMessage] = []
        for entry_id in candidates:
            if len(claimed) >= limit:
                break
            row = self.session.execute(
                update(OutboxEntry)
                .where(
                    OutboxEntry.id == entry_id,
                    OutboxEntry.done_at.is_(None),
                    OutboxEntry.next_attempt_at <= now,
                )
                .values(next_attempt_at=now + lease, attempts=OutboxEntry.attempts + 1)
                .returning(
                    OutboxEntry.id,
                    OutboxEntry.team_id,
                    OutboxEntry.consumer,
                    OutboxEntry.event_type,
                    OutboxEntry.payload,
                    OutboxEntry.attempts,
                )
                .execution_options(synchronize_session=False)
            ).first()
            if row is not None:
                entry, team, consumer, kind, payload, attempts = row
                claimed.append(
                    OutboxMessage(
                        int(entry),
                        str(team),
                        str(consumer),
                        str(kind),
                        payload or {},
                        int(attempts),
                    )
                )
        return claimed

    def done(self, entry_id: int, now: datetime) -> None:
        # The payload may name a person (a forgotten one, even): a delivered row keeps
        # only its bookkeeping.
        self.session.execute(
            update(OutboxEntry)
            .where(OutboxEntry.id == entry_id)
            .values(done_at=now, next_attempt_at=None, payload=None, last_error=None)
            .execution_options(synchronize_session=False)
        )

    def retry(self, entry_id: int, error: str, at: datetime | None) -> None:
        self.session.execute(
            update(OutboxEntry)
            .where(OutboxEntry.id == entry_id, OutboxEntry.done_at.is_(None))
            .values(next_attempt_at=at, last_error=error)
            .execution_options(synchronize_session=False)
        )

    def prune_done(self, before: datetime) -> int:
        """Delete delivered rows, and given-up ones, created before `before`."""
        result = self.session.execute(
            delete(OutboxEntry)
            .where(
                OutboxEntry.created_at < before,
                (OutboxEntry.done_at.is_not(None)) | (OutboxEntry.next_attempt_at.is_(None)),
            )
            .execution_options(synchronize_session=False)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    def entries(self, consumer: str | None = None) -> list[OutboxEntry]:
        """Every row (tests and diagnostics)."""
        query = select(OutboxEntry).order_by(OutboxEntry.id)
        if consumer is not None:
            query = query.where(OutboxEntry.consumer == consumer)
        return list(self.session.scalars(query))
