"""The port for scheduled-run bookkeeping (storage implements it; bot/jobs uses it)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol

RUNNING = "running"
DONE = "done"
FAILED = "failed"


class JobRuns(Protocol):
    def claim(self, job: str, period: str, now: datetime, stale_after: timedelta) -> bool:
        """True when this caller owns the run of `job` for `period`: nobody has run
        it, or its run failed, or it has been "running" longer than `stale_after`
        (a process died mid-run). Safe when several processes race for it."""
        ...

    def finish(self, job: str, period: str, status: str, now: datetime) -> None: ...

    def status(self, job: str, period: str) -> str | None: ...

    def prune(self, job: str, before: datetime) -> int:
        """Forget `job`'s finished runs started before `before` (how many went)."""
        ...
