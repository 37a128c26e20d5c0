"""A job on a cron expression in a time zone (IDEABOT_DIGEST_SCHEDULE): its trigger and
its period keys. A period is named by the latest fire time due by `now`, so every
process names a run the same way and a run missed while nothing ran is still owed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

from bot.errors import ConfigurationError

# How far back to look for the latest fire time: short first (an every-minute schedule
# walks few fires), up to 8 years (a 29 February schedule fires within 4).
_LOOK_BACK = tuple(timedelta(days=d) for d in (1 / 1440, 1 / 24, 1, 8, 32, 367, 2923))


def cron_trigger(expression: str, zone_name: str, setting: str) -> CronTrigger:
    """The trigger, or a clear error naming the setting that holds a bad expression."""
    try:
        zone = ZoneInfo(zone_name or "UTC")
    except (ValueError, KeyError, OSError):
        raise ConfigurationError(f"unknown time zone {zone_name!r} (IDEABOT_DIGEST_TZ)") from None
    try:
        fields = expression.split()
        if len(fields) != 5:
            raise ValueError(f"5 fields expected, not {len(fields)}")
        minute, hour, day, month, weekday = fields
        trigger = CronTrigger(
            minute=minute,
            hour=hour,
            day=day,
            month=month,
            day_of_week=crontab_weekdays(weekday),
            timezone=zone,
        )
    except ValueError as exc:
        raise ConfigurationError(
            f"{setting}={expression!r} is not a cron expression "
            f"(minute hour day month weekday, e.g. '0 8 * * mon'): {exc}"
        ) from None
    if latest_fire(trigger, datetime.now(zone) + timedelta(days=2923)) is None:
        raise ConfigurationError(f"{setting}={expression!r} never fires")
    return trigger


_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")


def crontab_weekdays(field: str) -> str:
    """Crontab's weekday field as APScheduler 3 names: crontab counts 0 (and 7) as
    Sunday, APScheduler 3 counts 0 as Monday, so `0 8 * * 1` must not fire on Tuesday.
    Names go through; numbers, ranges, lists and steps become a list of names."""
    if field in ("*", "?"):
        return "*"

    def day(token: str) -> int:
        token = token.strip().lower()
        if token[:3] in _DAYS and token.isalpha():
            return _DAYS.index(token[:3])
        if token.isdecimal() and 0 <= int(token) <= 7:
            return int(token) % 7
        raise ValueError(f"bad weekday {token!r}")

    chosen: set[int] = set()
    for part in field.split(","):
        span, _, step_text = part.partition("/")
        step = int(step_text) if step_text else 1
        if step < 1:
            raise ValueError(f"bad step in {part!r}")
        if span == "*":
            first, last = 0, 6
        elif "-" in span:
            start, _, end = span.partition("-")
            first, last = day(start), day(end)
            if end.strip() == "7":
                last = 7  # `5-7`: Friday to Sunday
        else:
            first = day(span)
            last = 6 if step_text else first
        if last < first:
            raise ValueError(f"bad weekday range {part!r}")
        chosen.update(n % 7 for n in range(first, last + 1, step))
    return ",".join(_DAYS[n] for n in sorted(chosen))


def latest_fire(trigger: CronTrigger, now: datetime) -> datetime | None:
    """The latest time `trigger` fires at or before `now` (None: not in 8 years)."""
    for back in _LOOK_BACK:
        fire = trigger.get_next_fire_time(None, now - back)
        if fire is None or fire > now:
            continue
        while True:
            following = trigger.get_next_fire_time(fire, fire)
            if following is None or following > now:
                return fire
            fire = following
    return None


def previous_fire(trigger: CronTrigger, fire: datetime) -> datetime | None:
    """The fire before `fire`."""
    return latest_fire(trigger, fire - timedelta(microseconds=1))


def cron_period(trigger: CronTrigger) -> Callable[[datetime], str]:
    """Period keys: the latest fire time due by `now`, in the trigger's zone."""

    def period(now: datetime) -> str:
        fire = latest_fire(trigger, now.astimezone(trigger.timezone))
        # A schedule that has never fired yet owes nothing: one key for "not yet".
        return fire.isoformat(timespec="seconds") if fire else "never"

    return period
