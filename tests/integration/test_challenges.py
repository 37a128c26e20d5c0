"""Challenges in the core: creation checks, binding, close/extend, reminders and
closings that happen once across processes, and the closing summary's numbers."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from bot.config import Settings
from bot.container import Container
from bot.core.challenges import (
    ChallengeInvalid,
    ChallengeNotOpen,
    CloseChallenge,
    CreateChallenge,
    ExtendChallenge,
    Reminder,
    parse_reminders,
    reminder_relevant,
)
from bot.core.events import ChallengeClosed, ChallengeReminderDue
from bot.core.models import Actor, NewIdea
from bot.core.permissions import Refusal
from bot.core.ports.challenges import Challenge
from bot.core.text import InvalidInput
from bot.jobs import catalogue
from bot.jobs.runner import JobRunner
from retrieval.embeddings import LocalEmbedder
from tests.conftest import TEST_TEAM

MANAGER = Actor(TEST_TEAM, "UMGR")
EMPLOYEE = Actor(TEST_TEAM, "UEMP")


@pytest.fixture
def other(settings: Settings, embedder: LocalEmbedder) -> Iterator[Container]:
    """A second process on the same database."""
    built = Container(settings)
    built.__dict__["embedder"] = embedder
    yield built
    built.close()


def _create(container: Container, title: str = "Energy", hours: float = 72) -> Challenge:
    result = container.challenges.create(
        CreateChallenge(
            MANAGER,
            title,
            "How can we cut energy use in our offices by 20%?",
            datetime.now(UTC) + timedelta(hours=hours),
            "C0CHALL",
            tags=["energy", " "],
        )
    )
    assert isinstance(result, Challenge)
    return result


def _idea(
    container: Container,
    challenge: Challenge,
    author: str,
    anonymous: bool = False,
    title: str = "Turn off the lights",
) -> int:
    bound = container.challenges.open_for_ideas(TEST_TEAM, challenge.id)
    idea = container.ideas.create(
        NewIdea(
            team_id=TEST_TEAM,
            title=title,
            description=title + " at night",
            author_id=author,
            anonymous=anonymous,
            challenge=bound.title,
        ),
        Actor(TEST_TEAM, author),
    )
    return idea.id


def test_an_employee_is_refused_and_nothing_is_created(container: Container) -> None:
    result = container.challenges.create(
        CreateChallenge(EMPLOYEE, "T", "Q?", datetime.now(UTC) + timedelta(days=1), "C1")
    )
    assert isinstance(result, Refusal)
    assert "managers" in result.message()
    assert container.challenges.listing(TEST_TEAM) == []


def test_creation_names_every_wrong_field(container: Container) -> None:
    with pytest.raises(ChallengeInvalid) as caught:
        container.challenges.create(
            CreateChallenge(MANAGER, " ", "", datetime.now(UTC) - timedelta(minutes=1), "")
        )
    assert set(caught.value.errors) == {"title", "question", "deadline", "channel"}
    assert "past" in caught.value.errors["deadline"]
    assert container.challenges.listing(TEST_TEAM) == []


def test_a_created_challenge_is_open_with_a_default_review_date(container: Container) -> None:
    challenge = _create(container)
    assert challenge.is_open and challenge.tags == ["energy"]
    assert challenge.created_by == "UMGR"
    assert challenge.review_at == challenge.deadline + timedelta(days=14)
    assert [c.id for c in container.challenges.listing(TEST_TEAM, only_open=True)] == [challenge.id]
    with pytest.raises(ChallengeInvalid, match="already a challenge"):
        _create(container)


def test_ideas_bind_while_open_and_are_refused_after_closing(container: Container) -> None:
    challenge = _create(container)
    idea_id = _idea(container, challenge, "UA")
    assert container.ideas.get(TEST_TEAM, idea_id).challenge == "Energy"  # type: ignore[union-attr]
    closed = container.challenges.close(CloseChallenge(MANAGER, challenge.id))
    assert isinstance(closed, Challenge) and not closed.is_open
    with pytest.raises(ChallengeNotOpen, match="general idea"):
        container.challenges.open_for_ideas(TEST_TEAM, challenge.id)
    with pytest.raises(InvalidInput, match="already closed"):
        container.challenges.close(CloseChallenge(MANAGER, challenge.id))


def test_close_and_extend_need_a_manager(container: Container) -> None:
    challenge = _create(container)
    assert isinstance(container.challenges.close(CloseChallenge(EMPLOYEE, challenge.id)), Refusal)
    later = challenge.deadline + timedelta(days=2)
    refused = container.challenges.extend(ExtendChallenge(EMPLOYEE, challenge.id, later))
    assert isinstance(refused, Refusal)
    assert container.challenges.get(TEST_TEAM, challenge.id).deadline == challenge.deadline  # type: ignore[union-attr]


def test_extend_moves_the_deadline_only_later(container: Container) -> None:
    challenge = _create(container)
    with pytest.raises(ChallengeInvalid):
        container.challenges.extend(
            ExtendChallenge(MANAGER, challenge.id, challenge.deadline - timedelta(hours=1))
        )
    later = challenge.deadline + timedelta(days=2)
    extended = container.challenges.extend(ExtendChallenge(MANAGER, challenge.id, later))
    assert isinstance(extended, Challenge) and extended.deadline == later


def test_reminder_relevance() -> None:
    now = datetime(2030, 1, 10, 12, tzinfo=UTC)
    two_hours = Reminder(timedelta(hours=2), "2h")
    base = Challenge(
        1,
        TEST_TEAM,
        "T",
        "Q",
        now + timedelta(hours=1),
        "C1",
        "open",
        "UMGR",
        created_at=now - timedelta(days=3),
    )
    assert reminder_relevant(base, two_hours, now)
    # Not yet time, already past the deadline, closed, or created after the reminder time.
    assert not reminder_relevant(base, two_hours, now - timedelta(hours=2))
    assert not reminder_relevant(base, two_hours, now + timedelta(hours=1))
    closed = Challenge(**{**base.__dict__, "status": "closed"})
    assert not reminder_relevant(closed, two_hours, now)
    late = Challenge(**{**base.__dict__, "created_at": now - timedelta(minutes=30)})
    assert not reminder_relevant(late, two_hours, now)
    assert [r.label for r in parse_reminders("2h,48h")] == ["48h", "2h"]
    with pytest.raises(InvalidInput):
        parse_reminders("soon")


def test_each_reminder_is_owed_once_across_processes_and_again_after_an_extension(
    container: Container, other: Container
) -> None:
    challenge = _create(container, hours=1)
    seen: list[ChallengeReminderDue] = []
    container.events.subscribe(ChallengeReminderDue, seen.append)
    other.events.subscribe(ChallengeReminderDue, seen.append)
    reminders = parse_reminders("2h,48h")
    # Created 1 h before its deadline: "48h" and "2h" came before it existed.
    assert container.challenges.remind_due(reminders) == 0
    later = challenge.deadline + timedelta(hours=2)  # now 3 h away: "2h" due in an hour
    container.challenges.extend(ExtendChallenge(MANAGER, challenge.id, later))
    at = later - timedelta(hours=1)
    counts = [
        container.challenges.remind_due(reminders, at),
        other.challenges.remind_due(reminders, at),
    ]
    container.background.drain(5)
    other.background.drain(5)
    assert sorted(counts) == [0, 1]
    assert [(e.challenge_id, e.before) for e in seen] == [(challenge.id, "2h")]


def test_after_a_pause_only_the_latest_due_reminder_is_said(container: Container) -> None:
    challenge = _create(container, hours=72)
    seen: list[ChallengeReminderDue] = []
    container.events.subscribe(ChallengeReminderDue, seen.append)
    reminders = parse_reminders("48h,2h")
    # Nothing ran between 48 h and 1 h before the deadline: "2h left", not "48h left".
    at = challenge.deadline - timedelta(hours=1)
    assert container.challenges.remind_due(reminders, at) == 1
    assert container.challenges.remind_due(reminders, at) == 0
    container.background.drain(5)
    assert [e.before for e in seen] == ["2h"]


def test_a_closing_happens_once_when_two_processes_race(
    container: Container, other: Container
) -> None:
    challenge = _create(container, hours=1)
    closed: list[ChallengeClosed] = []
    container.events.subscribe(ChallengeClosed, closed.append)
    other.events.subscribe(ChallengeClosed, closed.append)
    after = challenge.deadline + timedelta(seconds=1)
    start = threading.Barrier(2)
    results: list[int] = []

    def run(c: Container) -> None:
        start.wait()
        results.append(c.challenges.close_due(after))

    threads = [threading.Thread(target=run, args=(c,)) for c in (container, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    container.background.drain(5)
    other.background.drain(5)
    assert sorted(results) == [0, 1]
    assert [e.challenge_id for e in closed] == [challenge.id]
    assert not container.challenges.get(TEST_TEAM, challenge.id).is_open  # type: ignore[union-attr]


def test_a_closing_missed_while_nothing_ran_happens_at_start(
    container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    challenge = _create(container, hours=1)
    clock = [datetime.now(UTC) + timedelta(hours=2)]
    container.challenges.clock = lambda: clock[0]
    JobRunner(container, catalogue.jobs(container.settings), clock=lambda: clock[0]).catch_up()
    assert not container.challenges.get(TEST_TEAM, challenge.id).is_open  # type: ignore[union-attr]


def test_the_summary_counts_ideas_people_votes_and_never_names_the_anonymous(
    container: Container,
) -> None:
    challenge = _create(container)
    a1 = _idea(container, challenge, "UA", title="LED lighting everywhere")
    _idea(container, challenge, "UA", title="Motion sensors for lights")
    b = _idea(container, challenge, "UB", title="Lower the heating by one degree")
    _idea(container, challenge, "UC", anonymous=True, title="Close blinds in summer")
    for voter in ("V1", "V2"):
        container.ideas.set_vote(Actor(TEST_TEAM, voter), b, True)
    container.ideas.set_vote(Actor(TEST_TEAM, "V1"), a1, True)
    summary = container.challenges.summary(TEST_TEAM, challenge.id)
    assert summary is not None
    assert (summary.ideas, summary.participants) == (4, 3)
    assert [i.id for i in summary.top_ideas[:2]] == [b, a1]
    board = summary.leaderboard
    assert [(x.user_key, x.ideas, x.votes) for x in board.leaders] == [("UA", 2, 1), ("UB", 1, 2)]
    assert board.anonymous_contributions == 1
    assert "UC" not in repr(board)
    assert summary.review_at == challenge.review_at
