"""Votes cast at the same moment, from threads and from two processes' worth of
engines on one database, all count: nobody's click is lost."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any, cast

import pytest

from bot.config import Settings
from bot.container import Container
from bot.core.models import Actor, NewIdea
from bot.slack.deps import SlackDeps
from bot.slack.listeners.ideas_channel import IdeasChannel
from retrieval.embeddings import LocalEmbedder
from tests.conftest import TEST_TEAM

VOTERS = 24


@pytest.fixture
def second_process(settings: Settings, embedder: LocalEmbedder) -> Iterator[Container]:
    """A second composition root with its own engine and pool: another `serve`."""
    other = Container(settings)
    other.__dict__["embedder"] = embedder
    yield other
    other.close()


def _vote_all_at_once(containers: list[Container], idea_id: int, on: bool) -> None:
    start = threading.Barrier(VOTERS)
    failures: list[BaseException] = []

    def vote(n: int) -> None:
        container = containers[n % len(containers)]
        start.wait()
        try:
            container.ideas.set_vote(Actor(TEST_TEAM, f"UVOTER{n}"), idea_id, on)
        except BaseException as exc:  # reported below: a lost vote is a failure too
            failures.append(exc)

    threads = [threading.Thread(target=vote, args=(n,)) for n in range(VOTERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not failures, failures


def test_simultaneous_votes_across_two_processes_are_all_counted(
    container: Container, second_process: Container
) -> None:
    idea = container.ideas.create(
        NewIdea(team_id=TEST_TEAM, title="Bike racks", description="More racks", votes=2)
    )
    _vote_all_at_once([container, second_process], idea.id, on=True)
    for reader in (container, second_process):
        seen = reader.ideas.get(TEST_TEAM, idea.id)
        assert seen is not None and seen.votes == 2 + VOTERS

    _vote_all_at_once([second_process, container], idea.id, on=False)
    seen = container.ideas.get(TEST_TEAM, idea.id)
    assert seen is not None and seen.votes == 2


class SlowSlack:
    """A Web API client whose first chat.update stalls, like a slow network call."""

    def __init__(self) -> None:
        self.shown: list[str] = []
        self.first_started = threading.Event()
        self.release_first = threading.Event()
        self._calls = 0
        self._lock = threading.Lock()

    def chat_update(self, channel: str, ts: str, text: str, blocks: list[Any]) -> None:
        with self._lock:
            self._calls += 1
            first = self._calls == 1
        if first:
            self.first_started.set()
            self.release_first.wait(timeout=10)
        with self._lock:
            self.shown.append(_upvote_label(blocks))


def _upvote_label(blocks: list[Any]) -> str:
    for block in blocks:
        for element in block.get("elements", []):
            if element.get("action_id", "").endswith("upvote"):
                return str(element["text"]["text"])
    raise AssertionError("no upvote button on the card")


def _channel(container: Container, client: SlowSlack) -> IdeasChannel:
    deps = SimpleNamespace(
        container=container, clients=SimpleNamespace(for_team=lambda _team: client)
    )
    return IdeasChannel(cast(SlackDeps, deps))


@pytest.mark.skipif(
    os.environ.get("IDEABOT_TEST_DATABASE", "sqlite") == "sqlite",
    reason="several serve processes share a database only on PostgreSQL",
)
def test_a_stale_card_refresh_in_one_process_never_overwrites_a_newer_one(
    container: Container, second_process: Container
) -> None:
    idea = container.ideas.create(NewIdea(team_id=TEST_TEAM, title="Bike racks", description="d"))
    with container.store.unit_of_work() as uow:
        uow.slack.add_post(TEST_TEAM, idea.id, "CIDEAS", "1700000000.000100")
        uow.commit()
    slack = SlowSlack()
    container.ideas.set_vote(Actor(TEST_TEAM, "UANA"), idea.id, True)
    # Process A reads "1 vote" and is slow to update the card...
    first = threading.Thread(target=_channel(container, slack).refresh, args=(TEST_TEAM, idea.id))
    first.start()
    assert slack.first_started.wait(timeout=10)
    # ...meanwhile a second vote lands in process B, which refreshes the card too.
    second_process.ideas.set_vote(Actor(TEST_TEAM, "UBEN"), idea.id, True)
    second = threading.Thread(
        target=_channel(second_process, slack).refresh, args=(TEST_TEAM, idea.id)
    )
    second.start()
    second.join(timeout=0.5)
    slack.release_first.set()
    first.join(timeout=10)
    second.join(timeout=10)
    assert slack.shown[-1].endswith("(2)"), slack.shown
