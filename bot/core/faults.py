"""Test-only crash points, for proving that a crash at a bad moment loses nothing.

`IDEABOT_FAULT=crash_after_commit:idea_submitted` (comma-separated for several)
makes the process exit at once, like `kill -9`, when it reaches that point: for
example right after a submitted idea is committed, before any side effect. Unset
(always, outside tests) this costs one dictionary lookup.
"""

from __future__ import annotations

import logging
import os
from functools import cache

log = logging.getLogger(__name__)

CRASH_EXIT_CODE = 137  # what a shell reports for SIGKILL


@cache
def _armed() -> frozenset[str]:
    value = os.environ.get("IDEABOT_FAULT", "")
    return frozenset(part.strip() for part in value.split(",") if part.strip())


def crash_point(name: str) -> None:
    if name in _armed():
        log.critical("IDEABOT_FAULT: crashing at %s", name)
        os._exit(CRASH_EXIT_CODE)
