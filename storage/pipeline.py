"""The pipeline's reads: an idea's status history, its voters, the review queue."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from bot.core.models import Idea, IdeaStatus, StatusEntry
from storage import models as m
from storage.mapping import to_idea
from storage.repositories import UserRepository


class StatusRepository:
    def __init__(self, session: Session, users: UserRepository) -> None:
        self.session = session
        self.users = users

    def history(self, team_id: str, idea_id: int) -> list[StatusEntry]:
        """Oldest first; `changed_by` is the person's key (None once forgotten)."""
        who = aliased(m.User)
        rows = self.session.execute(
            select(m.StatusChange, who.user_key)
            .outerjoin(who, who.id == m.StatusChange.changed_by)
            .where(m.StatusChange.team_id == team_id, m.StatusChange.idea_id == idea_id)
            .order_by(m.StatusChange.changed_at, m.StatusChange.id)
        )
        return [
            StatusEntry(
                idea_id=row.idea_id,
                from_status=IdeaStatus(row.from_status) if row.from_status else None,
                to_status=IdeaStatus(row.to_status),
                reason=row.reason,
                changed_by=user_key,
                changed_at=row.changed_at,
            )
            for row, user_key in rows
        ]

    def voters(self, team_id: str, idea_id: int) -> list[str]:
        """The keys of everyone whose vote is on the idea, in voting order."""
        rows = self.session.scalars(
            select(m.User.user_key)
            .join(m.Vote, m.Vote.user_id == m.User.id)
            .where(m.Vote.team_id == team_id, m.Vote.idea_id == idea_id)
            .order_by(m.Vote.created_at, m.Vote.id)
        )
        return list(rows)

    def waiting(
        self, team_id: str, statuses: Sequence[IdeaStatus], since_before: datetime
    ) -> list[tuple[Idea, datetime]]:
        """Ideas in one of `statuses` that entered it before `since_before`, with when
        they did (their last change to it, or their creation), oldest first."""
        entered = (
            select(
                m.StatusChange.idea_id.label("idea_id"),
                func.max(m.StatusChange.changed_at).label("at"),
            )
            .where(m.StatusChange.team_id == team_id)
            .group_by(m.StatusChange.idea_id)
            .subquery()
        )
        since = func.coalesce(entered.c.at, m.Idea.created_at, type_=m.UTCDateTime())
        rows = self.session.execute(
            select(m.Idea, since)
            .outerjoin(entered, entered.c.idea_id == m.Idea.id)
            .where(
                m.Idea.team_id == team_id,
                m.Idea.status.in_([s.value for s in statuses]),
                since < since_before,
            )
            .order_by(since, m.Idea.id)
        )
        return [(to_idea(row), at) for row, at in rows]
