"""Work that happens after the reply (memory writes, indexing, notifications)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait

log = logging.getLogger(__name__)


class Background:
    def __init__(self, workers: int = 2, name: str = "ideabot-bg") -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix=name)
        self._pending: set[Future[None]] = set()
        self._lock = threading.Lock()

    def submit(self, job: Callable[[], None]) -> None:
        def run() -> None:
            try:
                job()
            except Exception:  # background work must never take the process down
                log.exception("background job failed")

        future = self._pool.submit(run)
        with self._lock:
            self._pending.add(future)
        future.add_done_callback(self._done)

    def _done(self, future: Future[None]) -> None:
        with self._lock:
            self._pending.discard(future)

    def drain(self, timeout: float | None = 30.0) -> None:
        """Wait for everything submitted so far (and what it submits in turn)."""
        while True:
            with self._lock:
                pending = set(self._pending)
            if not pending:
                return
            wait(pending, timeout=timeout)

    def shutdown(self) -> None:
        self.drain()
        self._pool.shutdown(wait=True)
