"""The durable outbox: a side effect owed by a commit is delivered once, by whichever
process drains, even when the one that committed died before delivering it."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from bot.config import Settings
from bot.container import Container
from bot.core.background import Background
from bot.core.events import IdeaSubmitted, StatusChanged, VoteCast
from bot.core.models import Actor, IdeaStatus, NewIdea
from bot.core.outbox import OutboxDrainer
from bot.slack.consumers import AUTHOR_NOTICE, CARD_POST, CARD_REFRESH
from retrieval.embeddings import LocalEmbedder
from storage.uow import Store, open_store
from tests.conftest import TEST_TEAM

ADMIN = Actor(TEST_TEAM, "UADMIN", "Ada")


@pytest.fixture
def slack_settings(settings: Settings) -> Settings:
    """Slack is configured: the Slack consumers are owed rows, in any process."""
    return settings.model_copy(update={"slack_bot_token": "xoxb-outbox-test"})


@pytest.fixture
def committer(slack_settings: Settings, embedder: LocalEmbedder) -> Iterator[Container]:
    """A process that commits but delivers nothing (`ideabot chat`, or one that died)."""
    built = Container(slack_settings)
    built.__dict__["embedder"] = embedder
    yield built
    built.close()


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


def _idea(container: Container, title: str = "Bike racks by the door") -> int:
    new = NewIdea(TEST_TEAM, title, f"{title}: people would cycle more", author_id="UAUTH")
    return container.ideas.create(new, ADMIN).id


def _rows(store: Store, consumer: str | None = None) -> list[tuple[str, int, bool, str | None]]:
    with store.unit_of_work() as uow:
        return [
            (e.consumer, e.attempts, e.done_at is not None, e.last_error)
            for e in uow.outbox.entries(consumer)
        ]


def test_the_commit_records_one_row_per_durable_consumer(committer: Container) -> None:
    idea_id = _idea(committer)
    committer.ideas.set_vote(Actor(TEST_TEAM, "UVOTER"), idea_id, True)
    committer.ideas.set_status(ADMIN, idea_id, IdeaStatus.UNDER_REVIEW)
    rows = _rows(committer.store)
    assert [r[0] for r in rows] == [CARD_POST, CARD_REFRESH, CARD_REFRESH, AUTHOR_NOTICE]
    assert all(not done for _, _, done, _ in rows)  # nobody here delivers Slack rows


def test_without_slack_configured_no_rows_are_owed(container: Container) -> None:
    _idea(container)
    assert _rows(container.store) == []


def test_a_card_owed_by_a_process_that_died_is_delivered_once_by_the_next(
    committer: Container, slack_settings: Settings, embedder: LocalEmbedder
) -> None:
    idea_id = _idea(committer)  # committed; the process "dies" before any delivery
    committer.close()

    restarted = Container(slack_settings)
    restarted.__dict__["embedder"] = embedder
    posted: list[int] = []
    restarted.outbox.handle(CARD_POST, lambda e: posted.append(e.idea_id))
    try:
        assert restarted.outbox.drain() == 1
        assert restarted.outbox.drain() == 0
        assert posted == [idea_id]
        assert _rows(restarted.store) == [(CARD_POST, 1, True, None)]
    finally:
        restarted.close()


def test_the_event_reaches_the_handler_as_it_was_published(committer: Container) -> None:
    idea_id = _idea(committer)
    committer.ideas.set_status(ADMIN, idea_id, IdeaStatus.DECLINED, "Too costly this year")
    seen: list[StatusChanged] = []
    committer.outbox.handle(AUTHOR_NOTICE, seen.append)
    committer.outbox.drain()
    (event,) = seen
    assert event == StatusChanged(
        TEST_TEAM, idea_id, IdeaStatus.NEW, IdeaStatus.DECLINED, "Too costly this year", ADMIN
    )


def test_a_failing_handler_is_retried_with_backoff_then_succeeds(
    committer: Container, caplog: pytest.LogCaptureFixture
) -> None:
    _idea(committer)
    clock = Clock()
    drainer = OutboxDrainer(committer.store, committer.background, clock=clock)
    calls: list[datetime] = []

    def flaky(event: IdeaSubmitted) -> None:
        calls.append(clock.now)
        if len(calls) < 3:
            raise ConnectionError("Slack is away")

    drainer.handle(CARD_POST, flaky)
    with caplog.at_level(logging.WARNING):
        assert drainer.drain() == 0
    assert _rows(committer.store)[0][1:] == (1, False, "ConnectionError: Slack is away")
    assert drainer.drain() == 0 and len(calls) == 1  # not due yet
    clock.now += timedelta(seconds=4)
    assert drainer.drain() == 0 and len(calls) == 1  # first wait: 5 s
    clock.now += timedelta(seconds=1)
    assert drainer.drain() == 0 and len(calls) == 2
    clock.now += timedelta(seconds=9)
    assert drainer.drain() == 0 and len(calls) == 2  # second wait: 10 s
    clock.now += timedelta(seconds=1)
    assert drainer.drain() == 1 and len(calls) == 3
    assert _rows(committer.store) == [(CARD_POST, 3, True, None)]
    assert "retrying" in caplog.text


def test_it_gives_up_after_the_last_attempt_with_an_error_log(
    committer: Container, caplog: pytest.LogCaptureFixture
) -> None:
    _idea(committer)
    clock = Clock()
    drainer = OutboxDrainer(committer.store, committer.background, max_attempts=3, clock=clock)
    calls = 0

    def broken(event: IdeaSubmitted) -> None:
        nonlocal calls
        calls += 1
        raise RuntimeError("channel_not_found")

    drainer.handle(CARD_POST, broken)
    with caplog.at_level(logging.ERROR):
        for _ in range(10):
            drainer.drain()
            clock.now += timedelta(hours=1)
    assert calls == 3
    assert _rows(committer.store) == [(CARD_POST, 3, False, "RuntimeError: channel_not_found")]
    assert "giving up on slack.card_post" in caplog.text
    # A given-up row is pruned like a delivered one once it is old enough.
    assert drainer.prune(timedelta(0)) == 1


def test_a_crash_mid_delivery_is_taken_over_when_the_lease_ends(committer: Container) -> None:
    _idea(committer)
    clock = Clock()
    dead = OutboxDrainer(committer.store, committer.background, clock=clock)
    with committer.store.unit_of_work() as uow:  # claimed, then the process died
        assert len(uow.outbox.claim([CARD_POST], 10, dead.lease, clock.now)) == 1
        uow.commit()
    posted: list[int] = []
    alive = OutboxDrainer(committer.store, committer.background, clock=clock)
    alive.handle(CARD_POST, lambda e: posted.append(e.idea_id))
    assert alive.drain() == 0  # still leased
    clock.now += dead.lease + timedelta(seconds=1)
    assert alive.drain() == 1 and len(posted) == 1


def test_in_process_handlers_run_after_the_commit_on_the_pool(committer: Container) -> None:
    seen: list[tuple[str, int]] = []
    committer.events.subscribe(
        VoteCast, lambda e: seen.append((threading.current_thread().name, e.votes))
    )
    idea_id = _idea(committer)
    committer.ideas.set_vote(Actor(TEST_TEAM, "UVOTER"), idea_id, True)
    committer.background.drain()
    assert [votes for _, votes in seen] == [1]
    assert seen[0][0].startswith("ideabot-slow")


def test_two_drainers_on_one_database_deliver_each_row_once(
    committer: Container, slack_settings: Settings
) -> None:
    """Two processes (two engines, two pools) draining the same rows at once."""
    for n in range(40):
        _idea(committer, f"Idea number {n} for the drainers")
    delivered: list[tuple[str, int]] = []
    lock = threading.Lock()
    stores = [open_store(slack_settings.resolved_database_url, auto_upgrade=False) for _ in "ab"]
    pools = [Background(workers=2) for _ in "ab"]
    drainers = []
    for name, store, pool in zip("ab", stores, pools, strict=True):
        drainer = OutboxDrainer(store, pool)

        def post(event: IdeaSubmitted, name: str = name) -> None:
            time.sleep(0.005)  # a Slack call: long enough for the two to interleave
            with lock:
                delivered.append((name, event.idea_id))

        drainer.handle(CARD_POST, post)
        drainers.append(drainer)
    start = threading.Barrier(2)

    def run(drainer: OutboxDrainer) -> None:
        start.wait()
        drainer.drain()

    threads = [threading.Thread(target=run, args=(d,)) for d in drainers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    for store, pool in zip(stores, pools, strict=True):
        pool.shutdown()
        store.dispose()
    ids = [idea_id for _, idea_id in delivered]
    assert len(ids) == 40 and len(set(ids)) == 40
    assert {name for name, _ in delivered} == {"a", "b"}  # both took part
    assert all(done for _, _, done, _ in _rows(committer.store))
