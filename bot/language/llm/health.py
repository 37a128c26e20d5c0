"""Track whether the LLM is worth calling, and say so in the log without flooding it.

- A warning is logged once per kind of failure (timeout, rate limit, …) per outage;
  the first success after failures logs that the LLM is back and re-arms the warnings.
- A circuit breaker: after `threshold` consecutive failures, or when the server sends
  Retry-After, calls skip the LLM for a cooldown, so a dead server does not add its
  timeout to every turn. After the cooldown one call probes the LLM (the others keep
  using the fallback for `probe_s`); its success closes the breaker, its failure
  re-opens it.

Thread-safe: the engine is shared by the worker pool.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from bot.language.llm.failures import FailureKind

log = logging.getLogger("bot.language.llm")


class LLMHealth:
    def __init__(
        self,
        fallback_name: str,
        threshold: int = 3,
        cooldown_s: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
        probe_s: float = 10.0,
    ) -> None:
        self._fallback_name = fallback_name
        self._threshold = threshold
        self._cooldown_s = cooldown_s
        self._clock = clock
        self._probe_s = probe_s
        self._tripped = False
        self._lock = threading.Lock()
        self._consecutive = 0
        self._open_until = 0.0
        self._warned: set[FailureKind] = set()

    def allows_call(self) -> bool:
        with self._lock:
            now = self._clock()
            if now < self._open_until:
                return False
            if self._tripped:
                # Half-open: this caller probes; hold the others back until it reports.
                self._open_until = now + self._probe_s
            return True

    def succeeded(self) -> None:
        with self._lock:
            recovered = bool(self._warned)
            self._consecutive = 0
            self._open_until = 0.0
            self._tripped = False
            self._warned.clear()
        if recovered:
            log.info("LLM available again; no longer using the %s engine", self._fallback_name)

    def failed(self, kind: FailureKind, detail: str, pause_s: float | None = None) -> None:
        with self._lock:
            self._consecutive += 1
            first_of_kind = kind not in self._warned
            self._warned.add(kind)
            pause = pause_s
            if pause is None and self._consecutive >= self._threshold:
                pause = self._cooldown_s
            if pause is not None:
                self._open_until = self._clock() + pause
                self._tripped = True
        if first_of_kind:
            log.warning(
                "LLM unavailable (%s); using the %s engine [%s]",
                kind.value,
                self._fallback_name,
                detail,
            )
        if pause is not None:
            log.debug("LLM calls paused for %.0fs after %s", pause, kind.value)
