"""Where work runs after the ack: never on the thread that must answer Slack.

Two bounded pools. `slow` (sized by IDEABOT_WORKERS) runs the core: language engine,
search, SQL. `quick` runs short Web API calls that must not wait behind slow work:
the "thinking…" placeholder, opening a modal before its trigger_id expires (3 s).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
QUICK_WORKERS = 8


class Workers:
    def __init__(self, size: int, quick_size: int = QUICK_WORKERS) -> None:
        self._slow = ThreadPoolExecutor(max_workers=size, thread_name_prefix="ideabot-slack")
        self._quick = ThreadPoolExecutor(max_workers=quick_size, thread_name_prefix="ideabot-quick")
        self._pending: set[Future[Any]] = set()
        self._lock = threading.Lock()
        self.size = size

    def slow(self, job: Callable[[], T]) -> Future[T]:
        return self._track(self._slow.submit(_logged(job)))

    def quick(self, job: Callable[[], T]) -> Future[T]:
        return self._track(self._quick.submit(_logged(job)))

    def _track(self, future: Future[T]) -> Future[T]:
        tracked: Future[Any] = future
        with self._lock:
            self._pending.add(tracked)
        tracked.add_done_callback(self._forget)
        return future

    def _forget(self, future: Future[Any]) -> None:
        with self._lock:
            self._pending.discard(future)

    def drain(self, timeout: float = 30.0) -> None:
        """Wait for submitted work, and the work it submits in turn."""
        while True:
            with self._lock:
                pending = set(self._pending)
            if not pending:
                return
            wait(pending, timeout=timeout)

    def shutdown(self) -> None:
        self._quick.shutdown(wait=True, cancel_futures=False)
        self._slow.shutdown(wait=True, cancel_futures=False)


def _logged(job: Callable[[], T]) -> Callable[[], T]:
    def run() -> T:
        try:
            return job()
        except Exception:
            # The future keeps the exception for whoever waits on it; log it anyway
            # because most jobs are fire-and-forget.
            log.exception("Slack job failed")
            raise

    return run
