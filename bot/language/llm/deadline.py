"""Run a blocking call with a hard deadline.

The HTTP client has its own timeout, but that bounds each socket read, not the whole
call (a server trickling bytes, or retries inside a client, can take far longer). The
user must get an answer within the deadline, so the call runs on a daemon thread and
we stop waiting when time is up. The abandoned thread finishes (or hits the client's
own timeout) in the background; daemon, so it never holds up interpreter exit.
"""

from __future__ import annotations

import contextvars
import queue
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class DeadlineExceeded(TimeoutError):
    """The call did not finish within its deadline."""


def call_with_deadline(fn: Callable[[], T], timeout_s: float, name: str = "llm-call") -> T:
    box: queue.SimpleQueue[tuple[bool, object]] = queue.SimpleQueue()
    # Copy context vars so LangChain callbacks / tracing configured by the caller apply.
    context = contextvars.copy_context()

    def run() -> None:
        try:
            box.put((True, context.run(fn)))
        except BaseException as exc:  # handed to the waiting thread, which re-raises it
            box.put((False, exc))

    threading.Thread(target=run, name=f"ideabot-{name}", daemon=True).start()
    try:
        ok, value = box.get(timeout=timeout_s)
    except queue.Empty:
        raise DeadlineExceeded(f"{name} took longer than {timeout_s:.1f}s") from None
    if ok:
        return value  # type: ignore[return-value]  # run() put fn's result: a T
    assert isinstance(value, BaseException)
    raise value
