"""The points table: recognition awards (bot/core/recognition.py has the why)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.core.ports.points import Award, Standing
from storage import models as m
from storage.repositories import UserRepository
from storage.sql import insert_ignoring_duplicate


class PointsRepository:
    def __init__(self, session: Session, users: UserRepository) -> None:
        self.session = session
        self.users = users

    def award(self, award: Award, at: datetime) -> bool:
        user = self.users.ensure(award.team_id, award.user_key)
        return insert_ignoring_duplicate(
            self.session,
            m.Points.__table__,
            {
                "team_id": award.team_id,
                "user_id": user.id,
                "idea_id": award.idea_id,
                "reason": award.reason,
                "amount": award.amount,
                "created_at": at,
                "award_key": award.key,
                "private": award.private,
            },
        )

    def revoke(self, team_id: str, key: str) -> bool:
        result = self.session.execute(
            delete(m.Points)
            .where(m.Points.team_id == team_id, m.Points.award_key == key)
            .returning(m.Points.id)
        )
        return result.first() is not None

    def standings(self, team_id: str, since: datetime | None) -> list[Standing]:
        total = func.sum(m.Points.amount)
        query = (
            select(m.User.user_key, m.User.display_name, total)
            .join(m.User, m.Points.user_id == m.User.id)
            .where(m.Points.team_id == team_id, m.Points.private.is_(False))
            .group_by(m.User.user_key, m.User.display_name)
        )
        if since is not None:
            query = query.where(m.Points.created_at >= since)
        return [
            Standing(user_key=key, name=name, points=int(points or 0))
            for key, name, points in self.session.execute(query)
        ]

    def total(self, team_id: str, user_key: str, since: datetime | None, private: bool) -> int:
        query = (
            select(func.coalesce(func.sum(m.Points.amount), 0))
            .join(m.User, m.Points.user_id == m.User.id)
            .where(
                m.Points.team_id == team_id,
                m.User.user_key == user_key,
                m.Points.private.is_(private),
            )
        )
        if since is not None:
            query = query.where(m.Points.created_at >= since)
        return int(self.session.scalar(query) or 0)
