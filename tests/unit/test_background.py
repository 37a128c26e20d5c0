"""The one worker pool: both lanes run work, a failure is logged not raised, and a
job may drain the pool without waiting for itself."""

from __future__ import annotations

import threading

import pytest

from bot.core.background import Background


def test_quick_work_does_not_queue_behind_slow_work() -> None:
    pool = Background(workers=1, quick_workers=1)
    release = threading.Event()
    pool.slow(release.wait)  # the only slow worker is busy
    assert pool.quick(lambda: "modal opened").result(timeout=2) == "modal opened"
    release.set()
    pool.shutdown()


def test_a_failing_job_is_logged_and_the_pool_goes_on(caplog: pytest.LogCaptureFixture) -> None:
    pool = Background(workers=1)
    pool.submit(lambda: 1 / 0)
    pool.drain()
    assert "background job failed" in caplog.text
    assert pool.slow(lambda: 42).result(timeout=2) == 42
    pool.shutdown()
    pool.shutdown()  # twice is harmless (Slack app and container both close)


def test_a_job_can_drain_the_pool_it_runs_on() -> None:
    pool = Background(workers=2)
    written: list[str] = []
    release = threading.Event()

    def memory_write() -> None:
        release.wait(2)
        written.append("memory")

    def forget_me() -> list[str]:
        release.set()
        pool.drain(timeout=5)  # waits for the memory write, not for itself
        return list(written)

    pool.submit(memory_write)
    assert pool.slow(forget_me).result(timeout=5) == ["memory"]
    pool.shutdown()
