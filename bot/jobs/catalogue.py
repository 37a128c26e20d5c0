"""The scheduled jobs. To add one: a function `(container, period) -> None`, and a
`Job(name, *schedule, run)` in `jobs()`; the runner claims and catches up."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from bot.core.challenges import parse_reminders
from bot.jobs.digest import DigestDelivery, digest_job
from bot.jobs.runner import Job, daily, every

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.container import Container

log = logging.getLogger(__name__)

CHALLENGE_POLL = "challenge_deadlines"
POLL_ROWS_KEPT = timedelta(hours=1)


def prune_bookkeeping(container: Container, period: str) -> None:
    """Delivery claims and delivered outbox rows older than IDEABOT_RETENTION_DAYS go:
    Slack retries within minutes, and the claims hold user ids and DM channels."""
    cutoff = datetime.now(UTC) - timedelta(days=container.settings.retention_days)
    with container.store.unit_of_work() as uow:
        claims = uow.slack.prune(cutoff)
        deliveries = uow.outbox.prune_done(cutoff)
        # A poll claims one row per tick; only the current one guards anything (the
        # reminders and closings it does are claimed on their own keys, kept).
        polls = uow.job_runs.prune(CHALLENGE_POLL, datetime.now(UTC) - POLL_ROWS_KEPT)
        uow.commit()
    log.info(
        "pruned %d delivery claims, %d outbox rows, %d poll runs (%s)",
        claims,
        deliveries,
        polls,
        period,
    )


def challenge_deadlines(container: Container, period: str) -> None:
    """Reminders and closings that are due. Each one is claimed on its own
    (job, challenge, occurrence) key inside, so a missed tick or a second process
    never repeats or loses one; this tick's own claim only spaces the polls."""
    challenges = container.challenges
    reminders = parse_reminders(container.settings.challenge_reminders)
    closed = challenges.close_due()
    reminded = challenges.remind_due(reminders)
    if closed or reminded:
        log.info("challenges: %d closed, %d reminders (%s)", closed, reminded, period)


def jobs(settings: Settings | None = None, digests: DigestDelivery | None = None) -> list[Job]:
    """Jobs that need a transport (the scheduled digest) come with its delivery."""
    poll = timedelta(seconds=settings.challenge_poll_seconds if settings else 30.0)
    found = [
        Job("prune_bookkeeping", *daily(hour=3), prune_bookkeeping),
        Job(CHALLENGE_POLL, *every(poll), challenge_deadlines),
    ]
    if settings is not None and digests is not None:
        digest = digest_job(settings, digests)
        found += [digest] if digest is not None else []
    return found
