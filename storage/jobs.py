"""job_runs: one row per (job, period), claimed before the run starts."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.orm import Session

from bot.core.ports.jobs import FAILED, RUNNING
from storage.models import JobRun
from storage.sql import insert_ignoring_duplicate


class JobRunRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def claim(self, job: str, period: str, now: datetime, stale_after: timedelta) -> bool:
        if insert_ignoring_duplicate(
            self.session,
            JobRun.__table__,
            {"job": job, "period": period, "status": RUNNING, "started_at": now},
        ):
            return True
        # Take over a failed run, or one whose process died: one conditional UPDATE,
        # so two processes cannot both win.
        taken = self.session.execute(
            update(JobRun)
            .where(
                JobRun.job == job,
                JobRun.period == period,
                or_(
                    JobRun.status == FAILED,
                    and_(JobRun.status == RUNNING, JobRun.started_at < now - stale_after),
                ),
            )
            .values(status=RUNNING, started_at=now, finished_at=None)
            .returning(JobRun.id)
            .execution_options(synchronize_session=False)
        ).first()
        return taken is not None

    def finish(self, job: str, period: str, status: str, now: datetime) -> None:
        self.session.execute(
            update(JobRun)
            .where(JobRun.job == job, JobRun.period == period)
            .values(status=status, finished_at=now)
            .execution_options(synchronize_session=False)
        )

    def status(self, job: str, period: str) -> str | None:
        return self.session.scalar(
            select(JobRun.status).where(JobRun.job == job, JobRun.period == period)
        )

    def prune(self, job: str, before: datetime) -> int:
        result = self.session.execute(
            delete(JobRun)
            .where(JobRun.job == job, JobRun.status != RUNNING, JobRun.started_at < before)
            .execution_options(synchronize_session=False)
        )
        return int(getattr(result, "rowcount", 0) or 0)
