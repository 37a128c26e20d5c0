"""The one worker pool: all work that happens after the reply or the ack.

Two bounded lanes. `slow` (sized by IDEABOT_WORKERS) runs the core: language engine,
search, SQL, memory learning, event handlers, outbox delivery. `quick` runs only
short calls that must not queue behind slow work: claiming a Slack delivery, the
"thinking…" placeholder, opening a modal before its trigger_id expires (3 s).
The composition root builds one and every transport uses that instance.
"""

from __future__ import annotations

import contextvars
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
_local = threading.local()
QUICK_WORKERS = 8


class Background:
    def __init__(
        self, workers: int = 8, quick_workers: int = QUICK_WORKERS, name: str = "ideabot"
    ) -> None:
        self._slow = ThreadPoolExecutor(max_workers=workers, thread_name_prefix=f"{name}-slow")
        self._quick = ThreadPoolExecutor(
            max_workers=quick_workers, thread_name_prefix=f"{name}-quick"
        )
        self._pending: set[Future[Any]] = set()
        self._lock = threading.Lock()
        self._closed = False
        self.size = workers

    def slow(self, job: Callable[[], T]) -> Future[T]:
        return self._submit(self._slow, job)

    def quick(self, job: Callable[[], T]) -> Future[T]:
        return self._submit(self._quick, job)

    def _submit(self, lane: ThreadPoolExecutor, job: Callable[[], T]) -> Future[T]:
        own: list[Future[Any]] = []
        known = threading.Event()
        # Each job runs in a copy of its submitter's context: it inherits the locale of
        # the person it works for, and what it sets there never reaches the next job.
        context = contextvars.copy_context()

        def run() -> T:
            known.wait()
            # A job that drains the pool (forget-me waits for pending memory writes)
            # must not wait for itself.
            _local.current = own[0]
            try:
                return context.run(job)
            except Exception:
                # The future keeps the exception for whoever waits on it; log it
                # anyway because most jobs are fire-and-forget.
                log.exception("background job failed")
                raise
            finally:
                _local.current = None

        future = lane.submit(run)
        own.append(future)
        known.set()
        return self._track(future)

    def submit(self, job: Callable[[], object]) -> None:
        """Fire and forget on the slow lane (a failure is logged)."""
        self.slow(job)

    def _track(self, future: Future[T]) -> Future[T]:
        tracked: Future[Any] = future
        with self._lock:
            self._pending.add(tracked)
        tracked.add_done_callback(self._forget)
        return future

    def _forget(self, future: Future[Any]) -> None:
        with self._lock:
            self._pending.discard(future)

    def drain(self, timeout: float | None = 30.0) -> None:
        """Wait for submitted work, and the work it submits in turn (tests, shell exit).

        From inside a job (forget-me waits for pending memory writes): only for what
        was submitted before the call, never for the job itself, so a busy pool that
        keeps receiving work cannot hold it up for ever."""
        own = getattr(_local, "current", None)
        while True:
            with self._lock:
                pending = self._pending - {own}
            if not pending:
                return
            wait(pending, timeout=timeout)
            if own is not None:
                return

    def shutdown(self) -> None:
        """Finish what was submitted, then stop; safe to call more than once."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        self.drain()
        self._quick.shutdown(wait=True, cancel_futures=False)
        self._slow.shutdown(wait=True, cancel_futures=False)
