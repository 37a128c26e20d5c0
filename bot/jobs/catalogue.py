"""The scheduled jobs. To add one: a function `(container, period) -> None`, and a
`Job(name, *schedule, run)` in `jobs()`; the runner claims and catches up."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from bot.jobs.digest import DigestDelivery, digest_job
from bot.jobs.runner import Job, daily

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.container import Container

log = logging.getLogger(__name__)


def prune_bookkeeping(container: Container, period: str) -> None:
    """Delivery claims and delivered outbox rows older than IDEABOT_RETENTION_DAYS go:
    Slack retries within minutes, and the claims hold user ids and DM channels."""
    cutoff = datetime.now(UTC) - timedelta(days=container.settings.retention_days)
    with container.store.unit_of_work() as uow:
        claims = uow.slack.prune(cutoff)
        deliveries = uow.outbox.prune_done(cutoff)
        uow.commit()
    log.info("pruned %d delivery claims and %d outbox rows (%s)", claims, deliveries, period)


def jobs(settings: Settings | None = None, digests: DigestDelivery | None = None) -> list[Job]:
    """Jobs that need a transport (the scheduled digest) come with its delivery."""
    found = [
        Job("prune_bookkeeping", *daily(hour=3), prune_bookkeeping),
    ]
    if settings is not None and digests is not None:
        digest = digest_job(settings, digests)
        found += [digest] if digest is not None else []
    return found
