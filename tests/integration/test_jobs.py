"""Scheduled jobs: each (job, period) runs once across processes, a missed run runs
once at start, and the first real job prunes delivery bookkeeping."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from bot.config import Settings
from bot.container import Container
from bot.jobs import catalogue
from bot.jobs.runner import Job, JobRunner, daily, every, weekly
from retrieval.embeddings import LocalEmbedder
from storage.models import ProcessedEvent

NOW = datetime(2026, 11, 24, 10, 30, tzinfo=UTC)  # a Tuesday


@pytest.fixture
def other(settings: Settings, embedder: LocalEmbedder) -> Iterator[Container]:
    """A second process on the same database."""
    built = Container(settings)
    built.__dict__["embedder"] = embedder
    yield built
    built.close()


def _counting(name: str = "count", schedule: str = "daily") -> tuple[Job, list[str]]:
    runs: list[str] = []
    trigger, period = daily(hour=3) if schedule == "daily" else every(timedelta(seconds=1))
    return Job(name, trigger, period, lambda c, p: runs.append(p)), runs


def test_period_keys_name_the_latest_due_run() -> None:
    _, day = daily(hour=3)
    assert day(NOW) == "2026-11-24"
    assert day(NOW.replace(hour=2)) == "2026-11-23"  # today's 03:00 run is not due yet
    _, week = weekly("mon", 8)
    assert week(NOW) == "2026-W48"
    assert week(datetime(2026, 11, 23, 7, tzinfo=UTC)) == "2026-W47"
    _, minutes = every(timedelta(minutes=15))
    assert minutes(NOW + timedelta(minutes=14)) == "2026-11-24T10:30:00+00:00"


def test_a_period_runs_once_even_when_two_processes_race(
    container: Container, other: Container
) -> None:
    job, runs = _counting()
    runners = [JobRunner(container, [job]), JobRunner(other, [job])]
    start = threading.Barrier(2)
    results: list[bool] = []

    def run(runner: JobRunner) -> None:
        start.wait()
        results.append(runner.run_once(job, NOW))

    threads = [threading.Thread(target=run, args=(r,)) for r in runners]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert runs == ["2026-11-24"] and sorted(results) == [False, True]
    assert runners[0].run_once(job, NOW + timedelta(hours=5)) is False  # same day
    assert runners[1].run_once(job, NOW + timedelta(days=1)) is True
    assert runs == ["2026-11-24", "2026-11-25"]


def test_a_run_missed_during_downtime_runs_once_at_start(
    container: Container, other: Container
) -> None:
    job, runs = _counting()
    JobRunner(container, [job], clock=lambda: NOW - timedelta(days=2)).catch_up()
    # Down for two days; started again: the latest due period runs, once.
    JobRunner(other, [job], clock=lambda: NOW).catch_up()
    JobRunner(container, [job], clock=lambda: NOW).catch_up()
    assert runs == ["2026-11-22", "2026-11-24"]


def test_a_failed_run_is_tried_again(container: Container) -> None:
    attempts: list[str] = []

    def flaky(c: Container, period: str) -> None:
        attempts.append(period)
        if len(attempts) == 1:
            raise RuntimeError("database away")

    job = Job("flaky", *daily(hour=3), flaky)
    runner = JobRunner(container, [job])
    assert runner.run_once(job, NOW) is False
    assert runner.run_once(job, NOW) is True
    assert runner.run_once(job, NOW) is False
    assert attempts == ["2026-11-24", "2026-11-24"]
    with container.store.unit_of_work() as uow:
        assert uow.job_runs.status("flaky", "2026-11-24") == "done"


def test_the_scheduler_fires_jobs_on_the_shared_pool(container: Container) -> None:
    job, runs = _counting("tick", schedule="interval")
    fired = threading.Event()
    runner = JobRunner(container, [job])
    runner.start(also_every=[(timedelta(seconds=0.2), fired.set)])
    try:
        assert fired.wait(5)
        deadline = datetime.now(UTC) + timedelta(seconds=5)
        while len(runs) < 2 and datetime.now(UTC) < deadline:
            fired.clear()
            fired.wait(1)
    finally:
        runner.shutdown()
    container.background.drain()
    assert len(runs) >= 2 and len(set(runs)) == len(runs)  # catch-up, then each second


def test_pruning_removes_old_delivery_claims_and_delivered_outbox_rows(
    container: Container,
) -> None:
    old = datetime.now(UTC) - timedelta(days=container.settings.retention_days + 1)
    with container.store.unit_of_work() as uow:
        assert uow.slack.claim("event:Ev-old", "event", now=old)
        assert uow.slack.claim("event:Ev-new", "event")
        uow.outbox.add("T1", "slack.card_post", "IdeaSubmitted", {"x": 1})
        uow.outbox.add("T1", "slack.card_post", "IdeaSubmitted", {"x": 2})
        uow.commit()
    with container.store.unit_of_work() as uow:
        first, second = uow.outbox.entries()
        uow.outbox.done(first.id, datetime.now(UTC))
        first.created_at = second.created_at = old
        uow.commit()

    runner = JobRunner(container, catalogue.jobs())
    runner.catch_up()

    with container.store.unit_of_work() as uow:
        keys = [e.key for e in uow.session.query(ProcessedEvent)]
        left = [e.payload for e in uow.outbox.entries()]
    assert keys == ["event:Ev-new"]
    assert left == [{"x": 2}]  # old but never delivered: kept


def test_the_prune_forgets_old_poll_ticks_but_keeps_reminder_and_closing_claims(
    container: Container,
) -> None:
    jobs = {job.name: job for job in catalogue.jobs(container.settings)}
    poll = jobs[catalogue.CHALLENGE_POLL]
    now = datetime.now(UTC)
    ticks = [now - timedelta(hours=5), now - timedelta(hours=2), now]
    for tick in ticks:
        assert JobRunner(container, [poll], clock=lambda t=tick: t).run_once(poll)
    with container.store.unit_of_work() as uow:
        uow.job_runs.claim("challenge_close", "42", now - timedelta(days=30), timedelta(1))
        uow.job_runs.finish("challenge_close", "42", "done", now - timedelta(days=30))
        uow.commit()

    catalogue.prune_bookkeeping(container, "today")

    with container.store.unit_of_work() as uow:
        kept = [uow.job_runs.status(poll.name, poll.period(t)) for t in ticks]
        assert kept == [None, None, "done"]
        assert uow.job_runs.status("challenge_close", "42") == "done"
