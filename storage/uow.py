"""Unit of work: one SQL transaction, with the repositories bound to it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from storage.db import make_session_factory


class UnitOfWork:
    def __init__(self, session: Session) -> None:
        from storage.challenges import ChallengeRepository
        from storage.jobs import JobRunRepository
        from storage.news import NewsRepository
        from storage.outbox import OutboxRepository
        from storage.people import PeopleRepository
        from storage.pipeline import StatusRepository
        from storage.points import PointsRepository
        from storage.repositories import IdeaRepository, UserRepository
        from storage.slack import SlackRepository

        self.session = session
        self.users = UserRepository(session)
        self.ideas = IdeaRepository(session, self.users)
        self.people = PeopleRepository(session, self.users)
        self.slack = SlackRepository(session)
        self.outbox = OutboxRepository(session)
        self.job_runs = JobRunRepository(session)
        self.statuses = StatusRepository(session, self.users)
        self.points = PointsRepository(session, self.users)
        self.news = NewsRepository(session, self.users)
        self.challenges = ChallengeRepository(session, self.users)

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()


class Store:
    """Hands out units of work on one engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions: sessionmaker[Session] = make_session_factory(engine)

    @contextmanager
    def unit_of_work(self) -> Iterator[UnitOfWork]:
        session = self._sessions()
        uow = UnitOfWork(session)
        try:
            yield uow
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()

    def compact(self) -> None:
        """Make deleted rows unrecoverable from the files (after "forget me")."""
        from storage.db import scrub_deleted_pages

        scrub_deleted_pages(self.engine)


def open_store(url: str, auto_upgrade: bool) -> Store:
    """Open the database, bringing a fresh (or, if allowed, an older) schema to head."""
    from storage.db import (
        DatabaseUnavailable,
        check_connection,
        create_db_engine,
        current_revision,
        head_revision,
        upgrade,
    )

    engine = create_db_engine(url)
    check_connection(engine)
    revision, head = current_revision(engine), head_revision()
    if revision != head:
        if revision is None or auto_upgrade:
            upgrade(engine)
        else:
            raise DatabaseUnavailable(
                f"the database schema is at revision {revision}, this version needs {head}: "
                "run `ideabot db upgrade`"
            )
    return Store(engine)
