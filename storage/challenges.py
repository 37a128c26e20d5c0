"""Challenges: time-boxed calls for ideas (the core's ChallengeRepository)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.core.ports.challenges import Challenge, ChallengeIdea, NewChallenge
from storage import models as m
from storage.repositories import UserRepository


class ChallengeRepository:
    def __init__(self, session: Session, users: UserRepository) -> None:
        self.session = session
        self.users = users

    def add(self, new: NewChallenge) -> Challenge:
        creator = self.users.ensure(new.team_id, new.created_by)
        row = m.Challenge(
            team_id=new.team_id,
            title=new.title,
            question=new.question,
            channel_id=new.channel_id,
            deadline=new.deadline,
            tags=list(new.tags),
            criteria=new.criteria,
            review_at=new.review_at,
            status="open",
            created_by=creator.id,
        )
        self.session.add(row)
        self.session.flush()
        return self._to_challenge(row)

    def get(self, team_id: str, challenge_id: int) -> Challenge | None:
        row = self._row(team_id, challenge_id)
        return self._to_challenge(row) if row is not None else None

    def by_title(self, team_id: str, title: str) -> Challenge | None:
        row = self.session.scalar(
            select(m.Challenge).where(m.Challenge.team_id == team_id, m.Challenge.title == title)
        )
        return self._to_challenge(row) if row is not None else None

    def find(self, team_id: str | None, status: str | None = None) -> list[Challenge]:
        # A challenge without a deadline is only a label an import named (ideas from
        # another tool): it was never run here, so it is never listed, reminded or closed.
        query = (
            select(m.Challenge)
            .where(m.Challenge.deadline.is_not(None))
            .order_by(m.Challenge.deadline, m.Challenge.id)
        )
        if team_id is not None:
            query = query.where(m.Challenge.team_id == team_id)
        if status is not None:
            query = query.where(m.Challenge.status == status)
        return [self._to_challenge(row) for row in self.session.scalars(query)]

    def close(self, team_id: str, challenge_id: int, now: datetime) -> bool:
        # One conditional UPDATE: of two processes closing at once, one wins.
        result = self.session.execute(
            update(m.Challenge)
            .where(
                m.Challenge.team_id == team_id,
                m.Challenge.id == challenge_id,
                m.Challenge.status == "open",
            )
            .values(status="closed", closed_at=now)
            .execution_options(synchronize_session=False)
        )
        self.session.expire_all()
        return bool(getattr(result, "rowcount", 0))

    def set_deadline(self, team_id: str, challenge_id: int, deadline: datetime) -> None:
        row = self._row(team_id, challenge_id)
        if row is not None:
            row.deadline = deadline
            self.session.flush()

    def set_message(self, team_id: str, challenge_id: int, channel: str, ts: str) -> None:
        row = self._row(team_id, challenge_id)
        if row is not None:
            row.channel_id, row.message_ts = channel, ts
            self.session.flush()

    def ideas(self, team_id: str, challenge_id: int) -> list[ChallengeIdea]:
        rows = self.session.execute(
            select(m.Idea.id, m.Idea.title, m.Idea.vote_count, m.User.user_key, m.Idea.anonymous)
            .outerjoin(m.User, m.User.id == m.Idea.author_id)
            .where(m.Idea.team_id == team_id, m.Idea.challenge_id == challenge_id)
            .order_by(m.Idea.id)
        )
        return [
            ChallengeIdea(idea_id, title, votes or 0, key, bool(anonymous))
            for idea_id, title, votes, key, anonymous in rows
        ]

    def _row(self, team_id: str, challenge_id: int) -> m.Challenge | None:
        row = self.session.get(m.Challenge, challenge_id)
        return row if row is not None and row.team_id == team_id else None

    def _to_challenge(self, row: m.Challenge) -> Challenge:
        creator = self.session.get(m.User, row.created_by) if row.created_by else None
        return Challenge(
            id=row.id,
            team_id=row.team_id,
            title=row.title,
            question=row.question or "",
            deadline=row.deadline or row.created_at,
            channel_id=row.channel_id,
            status=row.status,
            created_by=creator.user_key if creator else None,
            created_at=row.created_at,
            tags=list(row.tags or []),
            criteria=row.criteria,
            review_at=row.review_at,
            message_ts=row.message_ts,
            closed_at=row.closed_at,
        )
