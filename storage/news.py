"""Status history read per author: what happened to my ideas (bot/core/news.py)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.core.ports.news import StatusNews
from storage import models as m
from storage.repositories import UserRepository


class NewsRepository:
    def __init__(self, session: Session, users: UserRepository) -> None:
        self.session = session
        self.users = users

    def changes_for_author(
        self, team_id: str, user_key: str, after: int, limit: int
    ) -> list[StatusNews]:
        user = self.users.get(team_id, user_key)
        if user is None:
            return []
        history = m.StatusChange
        query = (
            select(history, m.Idea.title)
            .join(m.Idea, m.Idea.id == history.idea_id)
            .where(
                history.team_id == team_id,
                m.Idea.team_id == team_id,
                m.Idea.author_id == user.id,
                history.id > after,
            )
            .order_by(history.id)
            .limit(limit)
        )
        return [
            StatusNews(
                change_id=row.id,
                idea_id=row.idea_id,
                title=title,
                from_status=row.from_status,
                to_status=row.to_status,
                reason=row.reason,
                changed_at=row.changed_at,
            )
            for row, title in self.session.execute(query)
        ]

    def latest_change(self, team_id: str, user_key: str) -> int:
        user = self.users.get(team_id, user_key)
        if user is None:
            return 0
        query = (
            select(func.max(m.StatusChange.id))
            .join(m.Idea, m.Idea.id == m.StatusChange.idea_id)
            .where(m.StatusChange.team_id == team_id, m.Idea.author_id == user.id)
        )
        return int(self.session.scalar(query) or 0)
