"""Votes cast at the same moment, from threads and from two processes' worth of
engines on one database, all count: nobody's click is lost."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from bot.config import Settings
from bot.container import Container
from bot.core.models import Actor, NewIdea
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
