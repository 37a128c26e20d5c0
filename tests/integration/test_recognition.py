"""Recognition: points follow what happens to ideas, exactly once per award, and the
public leaderboard never shows what anonymous ideas earned."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter

from bot.container import Container
from bot.core.events import IdeaSubmitted, StatusChanged, VoteCast
from bot.core.models import Actor, IdeaStatus, NewIdea
from bot.core.recognition import ShowLeaderboard
from tests.conftest import TEST_TEAM

MANAGER = Actor(TEST_TEAM, "UMGR", "Mona")
WEIGHTS = {"submit": 2, "vote_received": 1, "accepted": 5, "implemented": 10}


def _idea(container: Container, author: str, name: str, title: str, anonymous: bool = False) -> int:
    new = NewIdea(
        TEST_TEAM,
        title,
        f"{title}: it would help everyone",
        author_id=author,
        author_name=name,
        anonymous=anonymous,
    )
    return container.ideas.create(new, Actor(TEST_TEAM, author, name)).id


def _vote(container: Container, voter: str, idea_id: int, on: bool = True) -> None:
    container.ideas.set_vote(Actor(TEST_TEAM, voter), idea_id, on)


def _settle(container: Container) -> None:
    container.background.drain()
    container.outbox.drain()


def _board(container: Container, who: str = "UVIEWER") -> list[tuple[str, int]]:
    result = container.leaderboards.show(ShowLeaderboard(Actor(TEST_TEAM, who)))
    return [(e.user_id, e.points) for e in result.entries]


def _expected(events: list[tuple[str, str]]) -> list[tuple[str, int]]:
    """The board computed independently: (person, reason) → points, most first, ties by
    user id."""
    totals: Counter[str] = Counter()
    for person, reason in events:
        totals[person] += WEIGHTS[reason]
    return sorted(totals.items(), key=lambda item: (-item[1], item[0]))


def test_points_follow_events_and_a_withdrawn_vote_takes_its_point_back(
    container: Container,
) -> None:
    a = _idea(container, "UALICE", "Alice", "Bike racks by the door")
    b = _idea(container, "UBOB", "Bob", "Quiet rooms on every floor")
    _vote(container, "UBOB", a)
    _vote(container, "UCAROL", a)
    _vote(container, "UALICE", a)  # her own idea: no point
    _vote(container, "UALICE", b)
    _vote(container, "UCAROL", b)
    _vote(container, "UCAROL", b, on=False)  # withdrawn: the point goes back
    container.ideas.set_status(MANAGER, a, IdeaStatus.ACCEPTED)
    container.ideas.set_status(MANAGER, a, IdeaStatus.IMPLEMENTED)
    container.ideas.set_status(MANAGER, b, IdeaStatus.DECLINED, "Not this year")
    _settle(container)

    expected = _expected(
        [
            ("UALICE", "submit"),
            ("UBOB", "submit"),
            ("UALICE", "vote_received"),  # Bob
            ("UALICE", "vote_received"),  # Carol
            ("UBOB", "vote_received"),  # Alice
            ("UALICE", "accepted"),
            ("UALICE", "implemented"),
        ]
    )
    assert _board(container) == expected == [("UALICE", 19), ("UBOB", 3)]


def test_a_replayed_event_awards_once(container: Container) -> None:
    a = _idea(container, "UALICE", "Alice", "Bike racks by the door")
    _vote(container, "UBOB", a)
    container.ideas.set_status(MANAGER, a, IdeaStatus.ACCEPTED)
    _settle(container)
    before = _board(container)
    # The outbox delivers at least once: the same events again change nothing.
    awarder = container.points_awarder
    awarder.handle(IdeaSubmitted(TEST_TEAM, a, None, False))
    awarder.handle(VoteCast(TEST_TEAM, a, Actor(TEST_TEAM, "UBOB"), True, 1))
    awarder.handle(StatusChanged(TEST_TEAM, a, IdeaStatus.NEW, IdeaStatus.ACCEPTED, None, MANAGER))
    assert _board(container) == before == [("UALICE", 8)]


def test_a_stale_vote_event_after_withdrawal_awards_nothing(container: Container) -> None:
    a = _idea(container, "UALICE", "Alice", "Bike racks by the door")
    _vote(container, "UBOB", a)
    _vote(container, "UBOB", a, on=False)
    _settle(container)
    container.points_awarder.handle(VoteCast(TEST_TEAM, a, Actor(TEST_TEAM, "UBOB"), True, 1))
    assert _board(container) == [("UALICE", 2)]


def test_anonymous_points_are_private(container: Container) -> None:
    named = _idea(container, "UALICE", "Alice", "Bike racks by the door")
    hidden = _idea(container, "USECRET", "Sam", "Pay transparency", anonymous=True)
    _vote(container, "UBOB", hidden)
    _vote(container, "UBOB", named)
    container.ideas.set_status(MANAGER, hidden, IdeaStatus.ACCEPTED)
    _settle(container)

    board = _board(container)
    assert [who for who, _ in board] == ["UALICE"]
    # Sam sees his own private total; nobody sees him on the board, not even himself.
    own = container.leaderboards.show(ShowLeaderboard(Actor(TEST_TEAM, "USECRET")))
    assert [e.user_id for e in own.entries] == ["UALICE"]
    assert (own.own_public, own.own_private) == (0, 2 + 1 + 5)


def test_ties_are_broken_by_user_id(container: Container) -> None:
    _idea(container, "UZED", "Zed", "Standing desks")
    _idea(container, "UAMY", "Amy", "Plants in the office")
    _settle(container)
    assert _board(container) == [("UAMY", 2), ("UZED", 2)]


def test_cli_leaderboard_json(container: Container, env: dict[str, str]) -> None:
    a = _idea(container, "UALICE", "Alice", "Bike racks by the door")
    _idea(container, "USECRET", "Sam", "Pay transparency", anonymous=True)
    _vote(container, "UBOB", a)
    _settle(container)
    done = subprocess.run(
        [sys.executable, "-m", "bot", "leaderboard", "--json"],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["leaderboard"] == [{"rank": 1, "user": "UALICE", "name": "Alice", "points": 3}]
    assert "USECRET" not in done.stdout and "Sam" not in done.stdout
    assert document["period"] == {"days": None, "since": None}

    bad = subprocess.run(
        [sys.executable, "-m", "bot", "leaderboard", "--days", "0"],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=False,
    )
    assert bad.returncode != 0 and "--days" in bad.stderr
