"""The SQL behind a digest: one read-only transaction per period, columns not objects
(a month can hold 100,000 ideas, and loading them as ORM rows would cost seconds)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Text, and_, func, or_, select, true, type_coerce
from sqlalchemy.orm import Session

from bot.core.ports.digests import (
    ChallengeFacts,
    Decision,
    DepartmentPeople,
    DigestFacts,
    DigestQuery,
    LeaderRow,
    PeriodIdea,
    VoteGain,
    WaitingIdea,
)
from storage import models as m
from storage.models import SafeText
from storage.uow import Store

# Being added with idea merging (issue 9): a merged idea lives on in the one it joined.
MERGED = "merged"
WAITING = ("new", "under_review")
TOP_GAINED = 5
LEADERS = 5


def _ref(external_id: str | None, numeric: bool, idea_id: int) -> str | int:
    if external_id is None:
        return idea_id
    return int(external_id) if numeric else external_id


class SqlDigestReader:
    def __init__(self, store: Store) -> None:
        self.store = store

    def facts(self, query: DigestQuery) -> DigestFacts:
        with self.store.unit_of_work() as uow:
            session = uow.session
            scope = query.challenge_id
            return DigestFacts(
                ideas=_period_ideas(session, query.team_id, query.start, query.end, scope),
                # A challenge has no "previous period" to compare with.
                previous_ideas=[]
                if scope is not None
                else _period_ideas(session, query.team_id, query.previous_start, query.start),
                gains=_gains(session, query),
                decisions=_decisions(session, query),
                waiting=_waiting(session, query),
                challenges=_challenges(session, query),
                departments=_departments(session, query.team_id),
                funnel=_funnel(session, query.team_id, scope),
                leaderboard=digest_leaderboard(
                    session, query.team_id, query.start, query.end, challenge_id=scope
                ),
            )


def _scoped(challenge_id: int | None) -> Any:
    """The condition that keeps a challenge's ideas (true for the whole workspace)."""
    return true() if challenge_id is None else m.Idea.challenge_id == challenge_id


def _period_ideas(
    session: Session,
    team_id: str,
    start: datetime,
    end: datetime,
    challenge_id: int | None = None,
) -> list[PeriodIdea]:
    i = m.Idea
    # A challenge's ideas are all of them, whenever submitted (an import may date
    # some before the challenge existed).
    when = (
        and_(i.created_at >= start, i.created_at < end)
        if challenge_id is None
        else i.challenge_id == challenge_id
    )
    # Core, not ORM, execution: ORM row loading was half the cost at 100,000 ideas.
    # The text and time columns are read raw and restored here as models.SafeText and
    # models.UtcDateTime would (per-value type hooks cost 2 s of CPU at 100,000).
    connection = session.connection()
    restore = _restorer(connection.dialect.name)
    rows = connection.execute(
        select(
            i.id,
            i.external_id,
            i.external_id_numeric,
            _raw_text(i.title),
            _raw_text(i.description),
            _raw_time(i.created_at),
            i.author_id,
            m.User.department,
            i.status,
            i.vote_count,
            i.challenge_id,
            i.anonymous,
        )
        .outerjoin(m.User, m.User.id == i.author_id)
        .where(i.team_id == team_id, when, i.status != MERGED)
        .order_by(i.created_at, i.id)
    )
    # fetchall and positional unpacking: row-by-row fetches and attribute lookups by
    # name were a second of a month of 100,000 ideas.
    return [
        PeriodIdea(
            idea_id,
            idea_id if external is None else int(external) if numeric else external,
            restore(title),
            f"{restore(title)}\n{restore(description)}" if description else restore(title),
            _utc(created_at),
            author,
            (department or "").strip() or None,
            status,
            votes,
            challenge,
            bool(anonymous),
        )
        for (
            idea_id,
            external,
            numeric,
            title,
            description,
            created_at,
            author,
            department,
            status,
            votes,
            challenge,
            anonymous,
        ) in rows.all()
    ]


def _raw_text(column: Any) -> Any:
    """A text column read without models.SafeText's per-value hook (see _restorer)."""
    return type_coerce(column, Text())


def _raw_time(column: Any) -> Any:
    """A time column read without models.UtcDateTime's per-value hook (see _utc)."""
    return type_coerce(column, DateTime(timezone=True))


def _utc(value: datetime) -> datetime:
    """What models.UtcDateTime does to a value read back: aware, in UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _restorer(dialect: str) -> Callable[[str], str]:
    """What models.SafeText does to a value read back: NUL returns on PostgreSQL."""
    if dialect != "postgresql":
        return lambda text: text
    nul, stand_in = SafeText._NUL, SafeText._STAND_IN
    return lambda text: text.replace(stand_in, nul) if text and stand_in in text else text


def _gains(session: Session, query: DigestQuery) -> list[VoteGain]:
    gained = func.count(m.Vote.id).label("gained")
    rows = session.execute(
        select(
            m.Idea.id,
            m.Idea.external_id,
            m.Idea.external_id_numeric,
            m.Idea.title,
            m.Idea.vote_count,
            gained,
        )
        .join(m.Idea, m.Idea.id == m.Vote.idea_id)
        .where(
            m.Vote.team_id == query.team_id,
            m.Vote.created_at >= query.start,
            m.Vote.created_at < query.end,
            m.Idea.status != MERGED,
            _scoped(query.challenge_id),
        )
        .group_by(
            m.Idea.id,
            m.Idea.external_id,
            m.Idea.external_id_numeric,
            m.Idea.title,
            m.Idea.vote_count,
        )
        .order_by(gained.desc(), m.Idea.id)
        .limit(TOP_GAINED)
    )
    return [
        VoteGain(
            r.id, _ref(r.external_id, r.external_id_numeric, r.id), r.title, r.gained, r.vote_count
        )
        for r in rows
    ]


def _decisions(session: Session, query: DigestQuery) -> list[Decision]:
    h = m.StatusChange
    rows = session.execute(
        select(
            h.idea_id,
            m.Idea.external_id,
            m.Idea.external_id_numeric,
            m.Idea.title,
            h.from_status,
            h.to_status,
            h.reason,
            h.changed_at,
        )
        .join(m.Idea, m.Idea.id == h.idea_id)
        .where(
            h.team_id == query.team_id,
            h.changed_at >= query.start,
            h.changed_at < query.end,
            _scoped(query.challenge_id),
        )
        .order_by(h.changed_at, h.id)
    )
    return [
        Decision(
            r.idea_id,
            _ref(r.external_id, r.external_id_numeric, r.idea_id),
            r.title,
            r.from_status,
            r.to_status,
            r.reason,
            r.changed_at,
        )
        for r in rows
    ]


def _waiting(session: Session, query: DigestQuery) -> list[WaitingIdea]:
    i = m.Idea
    # Raw columns restored here, as in _period_ideas: most of a busy month can be
    # waiting, and per-value type hooks were most of this query's cost.
    connection = session.connection()
    restore = _restorer(connection.dialect.name)
    rows = connection.execute(
        select(
            i.id,
            i.external_id,
            i.external_id_numeric,
            _raw_text(i.title),
            _raw_time(i.created_at),
        )
        .where(
            i.team_id == query.team_id,
            i.status.in_(WAITING),
            i.created_at < query.review_before,
            _scoped(query.challenge_id),
        )
        .order_by(i.created_at, i.id)
    )
    return [
        WaitingIdea(
            idea_id,
            _ref(external, numeric, idea_id),
            restore(title),
            _utc(created_at),
        )
        for idea_id, external, numeric, title, created_at in rows.all()
    ]


def _challenges(session: Session, query: DigestQuery) -> list[ChallengeFacts]:
    c = m.Challenge
    rows = list(
        session.scalars(
            select(c)
            .where(
                c.team_id == query.team_id,
                or_(
                    c.status == "open",
                    and_(c.closed_at >= query.start, c.closed_at < query.end),
                )
                if query.challenge_id is None
                else c.id == query.challenge_id,
            )
            .order_by(c.deadline.is_(None), c.deadline, c.id)
        )
    )
    counts = _challenge_counts(session, [row.id for row in rows])
    return [
        ChallengeFacts(
            row.id,
            row.title,
            row.status,
            row.deadline,
            row.closed_at,
            *counts.get(row.id, (0, 0)),
        )
        for row in rows
    ]


def _challenge_counts(session: Session, ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    wanted = list(ids)
    if not wanted:
        return {}
    rows = session.execute(
        select(
            m.Idea.challenge_id,
            func.count(m.Idea.id),
            func.count(func.distinct(m.Idea.author_id)),
        )
        .where(m.Idea.challenge_id.in_(wanted), m.Idea.status != MERGED)
        .group_by(m.Idea.challenge_id)
    )
    return {cid: (int(n), int(people)) for cid, n, people in rows if cid is not None}


def _departments(session: Session, team_id: str) -> list[DepartmentPeople]:
    department = func.nullif(func.trim(m.User.department), "")
    rows = session.execute(
        select(department, func.count(m.User.id))
        .where(m.User.team_id == team_id)
        .group_by(department)
    )
    return [DepartmentPeople(name, int(n)) for name, n in rows]


def _funnel(session: Session, team_id: str, challenge_id: int | None = None) -> dict[str, int]:
    rows = session.execute(
        select(m.Idea.status, func.count(m.Idea.id))
        .where(m.Idea.team_id == team_id, _scoped(challenge_id))
        .group_by(m.Idea.status)
    )
    return {status: int(n) for status, n in rows}


def digest_leaderboard(
    session: Session,
    team_id: str,
    start: datetime,
    end: datetime,
    limit: int = LEADERS,
    challenge_id: int | None = None,
) -> list[LeaderRow]:
    """The leaderboard's top people for the period.

    Stands in for the shared leaderboard use case (issue 9): points earned in the
    period from the `points` table; while no points were ever recorded, one point per
    named idea submitted in the period plus one per vote it holds. An anonymous
    author earns nothing here, so the digest can never name them."""
    has_points = session.scalar(select(m.Points.id).where(m.Points.team_id == team_id).limit(1))
    rows: Any
    if has_points is not None:
        total = func.sum(m.Points.amount).label("total")
        rows = session.execute(
            select(m.User.user_key, m.User.display_name, total)
            .join(m.User, m.User.id == m.Points.user_id)
            .outerjoin(m.Idea, m.Idea.id == m.Points.idea_id)
            .where(
                m.Points.team_id == team_id,
                m.Points.created_at >= start,
                m.Points.created_at < end,
                or_(m.Idea.id.is_(None), m.Idea.anonymous.is_(False)),
                true() if challenge_id is None else m.Idea.challenge_id == challenge_id,
            )
            .group_by(m.User.user_key, m.User.display_name)
            .order_by(total.desc(), m.User.user_key)
            .limit(limit)
        )
    else:
        total = (func.count(m.Idea.id) + func.sum(m.Idea.vote_count)).label("total")
        rows = session.execute(
            select(m.User.user_key, m.User.display_name, total)
            .join(m.User, m.User.id == m.Idea.author_id)
            .where(
                m.Idea.team_id == team_id,
                # A challenge's ideas count whenever submitted, as in its summary.
                and_(m.Idea.created_at >= start, m.Idea.created_at < end)
                if challenge_id is None
                else true(),
                m.Idea.anonymous.is_(False),
                m.Idea.status != MERGED,
                _scoped(challenge_id),
            )
            .group_by(m.User.user_key, m.User.display_name)
            .order_by(total.desc(), m.User.user_key)
            .limit(limit)
        )
    return [LeaderRow(key, name, int(points or 0)) for key, name, points in rows]
