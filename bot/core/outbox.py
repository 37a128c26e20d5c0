"""Side effects that must survive a crash: a durable outbox and the drainer that
delivers it.

A use case records its event in its own transaction (`EventBus.record`), one row per
durable consumer. After the commit, whichever process has a handler for a row's
consumer claims it, runs the handler and marks it done — at start, after each
commit that wrote rows, and periodically in `serve`. A claim is a lease: the row's
next attempt time moves into the future by one conditional UPDATE, so two processes
sharing a database never both take it, and a crash mid-delivery makes it due again.
Delivery is at least once; handlers make a repeat harmless (the card post checks
whether the card is already out).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.core.background import Background
from bot.core.events import decode_event
from bot.core.ports.outbox import OutboxMessage, OutboxStore

log = logging.getLogger(__name__)

LEASE = timedelta(seconds=60)
BATCH = 10
MAX_ATTEMPTS = 8
BACKOFF_BASE = timedelta(seconds=5)
BACKOFF_CAP = timedelta(minutes=15)


Handler = Callable[[Any], None]


def backoff(
    attempts: int, base: timedelta = BACKOFF_BASE, cap: timedelta = BACKOFF_CAP
) -> timedelta:
    """Wait before attempt `attempts + 1`: base, 2×base, 4×base … up to cap."""
    return min(base * (2 ** max(attempts - 1, 0)), cap)


class OutboxDrainer:
    def __init__(
        self,
        store: OutboxStore,
        pool: Background,
        *,
        max_attempts: int = MAX_ATTEMPTS,
        lease: timedelta = LEASE,
        backoff_base: timedelta = BACKOFF_BASE,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.store = store
        self.pool = pool
        self.max_attempts = max_attempts
        self.lease = lease
        self.backoff_base = backoff_base
        self.clock = clock
        self._handlers: dict[str, Handler] = {}
        self._after_done: dict[str, Callable[[], None]] = {}
        self._lock = threading.Lock()
        self._running = False
        self._again = False

    def handle(
        self, consumer: str, handler: Handler, after_done: Callable[[], None] | None = None
    ) -> None:
        """This process delivers `consumer`'s rows (a transport registers its own).
        `after_done` runs once a delivered row is marked done (whose payload is then
        gone): forget-me scrubs the database files there."""
        self._handlers[consumer] = handler
        if after_done is not None:
            self._after_done[consumer] = after_done

    @property
    def consumers(self) -> list[str]:
        return sorted(self._handlers)

    def kick(self) -> None:
        """Drain soon, on the pool; kicks during a pass make one more pass, not a queue."""
        if not self._handlers:
            return
        with self._lock:
            if self._running:
                self._again = True
                return
            self._running = True
        self.pool.slow(self._passes)

    def _passes(self) -> None:
        while True:
            try:
                self.drain()
            except Exception:  # the database may be away; the next kick tries again
                log.exception("draining the outbox failed")
            with self._lock:
                if not self._again:
                    self._running = False
                    return
                self._again = False

    def drain(self) -> int:
        """Deliver every due row this process has a handler for; returns how many were
        delivered. Rows that fail wait for their next attempt (a later drain)."""
        delivered = 0
        consumers = self.consumers
        if not consumers:
            return 0
        while True:
            with self.store.unit_of_work() as uow:
                batch = uow.outbox.claim(consumers, BATCH, self.lease, self.clock())
                uow.commit()
            if not batch:
                return delivered
            for message in batch:
                delivered += self._deliver(message)

    def _deliver(self, message: OutboxMessage) -> int:
        handler = self._handlers[message.consumer]
        try:
            handler(decode_event(message.event_type, message.payload))
        except Exception as exc:
            self._failed(message, exc)
            return 0
        with self.store.unit_of_work() as uow:
            uow.outbox.done(message.id, self.clock())
            uow.commit()
        after = self._after_done.get(message.consumer)
        if after is not None:
            after()
        return 1

    def _failed(self, message: OutboxMessage, exc: Exception) -> None:
        error = f"{type(exc).__name__}: {exc}"[:2000]
        if message.attempts >= self.max_attempts:
            log.error(
                "giving up on %s for %s #%d after %d attempts: %s",
                message.consumer,
                message.event_type,
                message.id,
                message.attempts,
                error,
            )
            at = None
        else:
            at = self.clock() + backoff(message.attempts, self.backoff_base)
            log.warning(
                "%s failed for %s #%d (attempt %d), retrying at %s: %s",
                message.consumer,
                message.event_type,
                message.id,
                message.attempts,
                at.isoformat(timespec="seconds"),
                error,
            )
        with self.store.unit_of_work() as uow:
            uow.outbox.retry(message.id, error, at)
            uow.commit()

    def prune(self, older_than: timedelta) -> int:
        with self.store.unit_of_work() as uow:
            count = uow.outbox.prune_done(self.clock() - older_than)
            uow.commit()
        return count
