"""Slack delivery bookkeeping: claims on processed deliveries and where cards were posted.

A claim is an insert-or-ignore on `processed_events.key`, which stays correct when
several processes share one PostgreSQL database: the unique index decides the winner.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.orm import Session

from storage.models import ProcessedEvent
from storage.slack_models import IdeaPost
from storage.sql import insert_ignoring_duplicate

DONE = "done"
RECEIVED = "received"


@dataclass(frozen=True)
class PostRecord:
    idea_id: int
    channel: str
    ts: str


class SlackRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # -- claims ------------------------------------------------------------------

    def claim(
        self,
        key: str,
        kind: str,
        *,
        reclaim_after: timedelta | None = None,
        unfinished_only: bool = True,
        now: datetime | None = None,
    ) -> bool:
        """True when this caller owns `key` now.

        Without `reclaim_after` a key is claimed once, ever. With it, an existing
        claim older than that is taken over: only unfinished ones (a worker that
        crashed) when `unfinished_only`, any (a debounce window) otherwise. The
        take-over is one conditional UPDATE, so two processes cannot both win.
        """
        moment = now or datetime.now(UTC)
        if self._insert_ignoring_duplicate(
            ProcessedEvent.__table__,
            {"key": key[:200], "kind": kind[:40], "status": RECEIVED, "received_at": moment},
        ):
            return True
        if reclaim_after is None:
            return False
        conditions = [
            ProcessedEvent.key == key[:200],
            ProcessedEvent.received_at < moment - reclaim_after,
        ]
        if unfinished_only:
            conditions.append(ProcessedEvent.status != DONE)
        result = self.session.execute(
            update(ProcessedEvent)
            .where(and_(*conditions))
            .values(received_at=moment, status=RECEIVED, finished_at=None)
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(result, "rowcount", 0))

    def finish(self, key: str) -> None:
        self.session.execute(
            update(ProcessedEvent)
            .where(ProcessedEvent.key == key[:200])
            .values(status=DONE, finished_at=datetime.now(UTC))
            .execution_options(synchronize_session=False)
        )

    def status(self, key: str) -> str | None:
        return self.session.scalar(select(ProcessedEvent.status).where(ProcessedEvent.key == key))

    def prune(self, before: datetime) -> int:
        """Forget deliveries received before `before` (Slack retries within minutes)."""
        result = self.session.execute(
            delete(ProcessedEvent)
            .where(ProcessedEvent.received_at < before)
            .execution_options(synchronize_session=False)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    def forget_person(self, user_id: str, channels: list[str]) -> int:
        """Delete the claims that name a person: keys with their user id (double-click
        keys), with their DM channels (message keys), and the replay keys of the
        messages they clicked in (found through their double-click keys)."""
        clicks = list(
            self.session.scalars(
                select(ProcessedEvent.key).where(
                    ProcessedEvent.key.like(f"click:{_like(user_id)}:%", escape="\\")
                )
            )
        )
        # click:{user}:{where}:{action_id}:{value} → the action key's prefix action:{where}:
        wheres = {key.split(":")[2] for key in clicks if key.count(":") >= 3}
        patterns = [f"%{_like(user_id)}%"]
        patterns += [f"%:{_like(channel)}:%" for channel in channels if channel]
        patterns += [f"action:{_like(where)}:%" for where in wheres if where]
        result = self.session.execute(
            delete(ProcessedEvent)
            .where(or_(*(ProcessedEvent.key.like(p, escape="\\") for p in patterns)))
            .execution_options(synchronize_session=False)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    # -- idea posts ----------------------------------------------------------------

    def add_post(self, team_id: str, idea_id: int, channel: str, ts: str) -> bool:
        return self._insert_ignoring_duplicate(
            IdeaPost.__table__,
            {"team_id": team_id, "idea_id": idea_id, "channel": channel, "ts": ts},
        )

    def posts_for(self, team_id: str, idea_id: int) -> list[PostRecord]:
        rows = self.session.execute(
            select(IdeaPost.idea_id, IdeaPost.channel, IdeaPost.ts).where(
                IdeaPost.team_id == team_id, IdeaPost.idea_id == idea_id
            )
        )
        return [PostRecord(int(i), str(c), str(t)) for i, c, t in rows]

    def lock_posts(self, team_id: str, idea_id: int) -> list[PostRecord]:
        """The idea's posts, row-locked (FOR UPDATE) until this transaction ends, so
        one process at a time reads the count and updates the card: an older count
        can never be written after a newer one. SQLite ignores the lock; it runs as
        one process, where the caller's in-process lock does the same job."""
        rows = self.session.execute(
            select(IdeaPost.idea_id, IdeaPost.channel, IdeaPost.ts)
            .where(IdeaPost.team_id == team_id, IdeaPost.idea_id == idea_id)
            .order_by(IdeaPost.id)
            .with_for_update()
        )
        return [PostRecord(int(i), str(c), str(t)) for i, c, t in rows]

    # -- helpers -------------------------------------------------------------------

    def _insert_ignoring_duplicate(self, table: Any, values: dict[str, Any]) -> bool:
        return insert_ignoring_duplicate(self.session, table, values)


def _like(text: str) -> str:
    """`text` matched literally inside a LIKE pattern."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
