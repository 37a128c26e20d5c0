"""Runs scheduled jobs inside `serve`, once per (job, period) across every process.

Each job names the period a run belongs to (`period(now)`: the latest period whose
run is due by `now`). Before a run starts, the runner claims (job, period) in
job_runs; a process that loses the claim skips the run, so two processes sharing
PostgreSQL run it once. At start the runner claims each job's current period, so a
run missed while nothing was running happens once, at start (catch-up).
APScheduler only fires; the work runs on the container's worker pool.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.core.ports.jobs import DONE, FAILED

if TYPE_CHECKING:
    from bot.container import Container

log = logging.getLogger(__name__)

# A run "running" for longer than this belongs to a process that died: take it over.
STALE_RUN = timedelta(hours=1)


@dataclass(frozen=True)
class Job:
    name: str
    trigger: BaseTrigger
    period: Callable[[datetime], str]
    run: Callable[[Container, str], None]


def every(interval: timedelta) -> tuple[BaseTrigger, Callable[[datetime], str]]:
    """A trigger and its period keys for a job that runs every `interval`."""
    seconds = int(interval.total_seconds())

    def period(now: datetime) -> str:
        start = int(now.timestamp()) // seconds * seconds
        return datetime.fromtimestamp(start, UTC).isoformat(timespec="seconds")

    return IntervalTrigger(seconds=seconds, timezone=UTC), period


def daily(hour: int, minute: int = 0) -> tuple[BaseTrigger, Callable[[datetime], str]]:
    """Every day at hour:minute UTC; the period is the date of the latest due run."""

    def period(now: datetime) -> str:
        return (now - timedelta(hours=hour, minutes=minute)).date().isoformat()

    return CronTrigger(hour=hour, minute=minute, timezone=UTC), period


def weekly(
    day_of_week: str, hour: int, minute: int = 0
) -> tuple[BaseTrigger, Callable[[datetime], str]]:
    """Every week on `day_of_week` ('mon'…'sun') at hour:minute UTC; the period is the
    ISO week of the latest due run."""
    days = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    offset = timedelta(days=days.index(day_of_week), hours=hour, minutes=minute)

    def period(now: datetime) -> str:
        year, week, _ = (now - offset).isocalendar()
        return f"{year}-W{week:02d}"

    return CronTrigger(day_of_week=day_of_week, hour=hour, minute=minute, timezone=UTC), period


class JobRunner:
    def __init__(
        self,
        container: Container,
        jobs: Sequence[Job],
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.container = container
        self.jobs = list(jobs)
        self.clock = clock
        self._scheduler: BackgroundScheduler | None = None

    def run_once(self, job: Job, now: datetime | None = None) -> bool:
        """Run `job` for the period due at `now` unless someone has; True if it ran."""
        moment = now or self.clock()
        period = job.period(moment)
        store = self.container.store
        with store.unit_of_work() as uow:
            won = uow.job_runs.claim(job.name, period, moment, STALE_RUN)
            uow.commit()
        if not won:
            return False
        status = FAILED
        try:
            job.run(self.container, period)
            status = DONE
        except Exception:
            log.exception("job %s failed for %s", job.name, period)
        finally:
            with store.unit_of_work() as uow:
                uow.job_runs.finish(job.name, period, status, self.clock())
                uow.commit()
        return status == DONE

    def catch_up(self) -> None:
        for job in self.jobs:
            self.run_once(job)

    def start(self, also_every: Sequence[tuple[timedelta, Callable[[], None]]] = ()) -> None:
        """Catch up (on the pool), then fire each job on its trigger. `also_every`:
        unclaimed periodic nudges (the outbox drain) on the same scheduler."""
        pool = self.container.background
        pool.submit(self.catch_up)
        scheduler = BackgroundScheduler(timezone=UTC)
        for job in self.jobs:
            scheduler.add_job(
                lambda j=job: pool.submit(lambda: self.run_once(j)),
                job.trigger,
                id=job.name,
                coalesce=True,
                max_instances=1,
                misfire_grace_time=None,
            )
        for index, (interval, nudge) in enumerate(also_every):
            scheduler.add_job(
                nudge,
                IntervalTrigger(seconds=interval.total_seconds(), timezone=UTC),
                id=f"nudge-{index}",
                coalesce=True,
                max_instances=1,
            )
        scheduler.start()
        self._scheduler = scheduler

    def shutdown(self) -> None:
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None
