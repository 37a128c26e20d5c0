"""The scheduled digest (IDEABOT_DIGEST_SCHEDULE, a cron expression in IDEABOT_DIGEST_TZ):
the digest of the time since the previous fire, to each admin's DM and to
IDEABOT_DIGEST_CHANNEL. The runner claims each fire once across processes.

Delivery is the transport's (`DigestDelivery`): the job only decides what goes to whom.
A run that cannot build the digest fails before sending anything, so its retry is
safe; once one recipient has it, a failure for another is logged, not retried, so no
one gets the same digest twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from bot.core.digests import MAX_DAYS, Digest, Period
from bot.jobs.cron import cron_period, cron_trigger, previous_fire
from bot.jobs.runner import Job

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.container import Container

log = logging.getLogger(__name__)

NAME = "digest"
OFF = ("", "off", "never", "none")


@dataclass(frozen=True)
class Recipient:
    """A person (their DM) or a channel."""

    user_id: str | None = None
    channel: str | None = None


class DigestDelivery(Protocol):
    def teams(self) -> list[str]:
        """The workspaces a scheduled digest is for."""

    def deliver(self, team_id: str, recipient: Recipient, digest: Digest) -> None: ...


def recipients(settings: Settings) -> list[Recipient]:
    """Admins by Slack user id (a `local:` admin has no DM), then the channel."""
    people = [Recipient(user_id=a) for a in settings.admins if not a.startswith("local:")]
    channel = (settings.digest_channel or "").strip()
    return people + ([Recipient(channel=channel)] if channel else [])


def digest_job(settings: Settings, delivery: DigestDelivery) -> Job | None:
    """The job, or None when IDEABOT_DIGEST_SCHEDULE is off or no one would get it."""
    if settings.digest_schedule.strip().lower() in OFF:
        return None
    trigger = cron_trigger(settings.digest_schedule, settings.digest_tz, "IDEABOT_DIGEST_SCHEDULE")
    if not recipients(settings):
        log.warning("scheduled digest: no IDEABOT_ADMINS nor IDEABOT_DIGEST_CHANNEL to send to")
        return None

    def run(container: Container, period: str) -> None:
        if period == "never":
            return
        fire = datetime.fromisoformat(period)
        # Since the previous scheduled digest (a week by default), at most MAX_DAYS.
        start = previous_fire(trigger, fire)
        earliest = fire - timedelta(days=MAX_DAYS)
        send(container, delivery, Period(max(start or earliest, earliest), fire))

    return Job(NAME, trigger, cron_period(trigger), run)


def send(container: Container, delivery: DigestDelivery, period: Period) -> int:
    """Build each workspace's digest for `period` and deliver it; the count delivered."""
    who = recipients(container.settings)
    digests = {team: container.digest_engine.build(team, period) for team in delivery.teams()}
    sent = failed = 0
    for team, digest in digests.items():
        for recipient in who:
            try:
                delivery.deliver(team, recipient, digest)
                sent += 1
            except Exception:
                failed += 1
                log.exception("scheduled digest to %s failed", recipient)
    if failed and not sent:
        raise RuntimeError("the scheduled digest reached no one")  # nothing out: retry
    log.info("scheduled digest %s–%s sent %d times", period.start, period.end, sent)
    return sent
