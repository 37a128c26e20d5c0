"""Memory uses the pipeline: "what happened to my ideas?" tells each status change of
one's own ideas since one last asked, with reasons, then "nothing new"; the greeting
of a new session mentions a decision that came in since the last conversation; an
anonymous idea's news reaches its author only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from babel.dates import format_date

from bot.container import Container
from bot.core.models import Actor, IdeaStatus, NewIdea
from bot.core.permissions import Refusal
from bot.core.pipeline import ChangeStatus
from tests.conftest import TEST_TEAM
from tests.integration.conversation.helpers import Chat

MANAGER = Actor(TEST_TEAM, "UMGR", "Mona")
ALICE = Actor(TEST_TEAM, "UALICE", "Alice")
BOB = Actor(TEST_TEAM, "UBOB", "Bob")


def _idea(container: Container, author: Actor, title: str, anonymous: bool = False) -> int:
    new = NewIdea(
        TEST_TEAM,
        title,
        f"{title}: it would help everyone",
        author_id=author.user_id,
        author_name=author.name,
        anonymous=anonymous,
    )
    return container.ideas.create(new, author).id


def _decide(container: Container, idea_id: int, status: IdeaStatus, reason: str) -> None:
    result = container.ideas.pipeline.change_status(ChangeStatus(MANAGER, idea_id, status, reason))
    assert not isinstance(result, Refusal), result  # a manager may


def _later(container: Container, hours: int) -> None:
    """Move the conversation's clock on: past the session gap, a new session opens."""
    moment = datetime.now(UTC) + timedelta(hours=hours)
    container.conversation.sessions.clock = lambda: moment


def test_two_changes_are_told_with_reasons_then_nothing_new(container: Container) -> None:
    racks = _idea(container, ALICE, "Bike racks by the door")
    rooms = _idea(container, ALICE, "Quiet rooms on every floor")
    chat = Chat(container, ALICE)
    chat.start()
    _decide(container, racks, IdeaStatus.ACCEPTED, "Cheap and many asked for it")
    _decide(container, rooms, IdeaStatus.DECLINED, "No free space this year")

    answer = "\n".join(r.text for r in chat.say("what happened to my ideas?"))
    assert "Bike racks by the door" in answer and "Cheap and many asked for it" in answer
    assert "Quiet rooms on every floor" in answer and "No free space this year" in answer
    assert "accepted" in answer and "declined" in answer

    again = "\n".join(r.text for r in chat.say("any news on my ideas"))
    assert "Nothing new since" in again
    # Written the reader's way by Babel ("Dec 1, 2026" in English).
    today = format_date(datetime.now(UTC).date(), "medium", locale="en")
    assert today in again
    # The short list of where they stand, without the reasons already told.
    assert "Bike racks by the door" in again and "Quiet rooms on every floor" in again
    assert "Cheap and many asked for it" not in again

    # A later change is told on its own, and only it.
    _decide(container, racks, IdeaStatus.IN_PROGRESS, "Ordered from the supplier")
    third = "\n".join(r.text for r in chat.say("did anyone look at my ideas?"))
    assert "Ordered from the supplier" in third
    assert "No free space this year" not in third


def test_the_greeting_of_a_new_session_mentions_a_decision(container: Container) -> None:
    chat = Chat(container, ALICE)
    chat.start()
    racks = _idea(container, ALICE, "Bike racks by the door")
    chat.say("thanks")
    _decide(container, racks, IdeaStatus.ACCEPTED, "Cheap and many asked for it")

    _later(container, hours=8)
    greeting = "\n".join(r.text for r in chat.say("hi"))
    assert "Bike racks by the door" in greeting
    assert "accepted" in greeting and "Cheap and many asked for it" in greeting

    # Told once: the next session's greeting does not repeat it.
    _later(container, hours=16)
    assert "Cheap and many asked for it" not in "\n".join(r.text for r in chat.start())


def test_an_anonymous_ideas_news_reaches_its_author_only(container: Container) -> None:
    secret = _idea(container, ALICE, "Anonymous salary bands", anonymous=True)
    bob_chat = Chat(container, BOB)
    bob_chat.start()
    _idea(container, BOB, "Standing desks")
    alice_chat = Chat(container, ALICE)
    alice_chat.start()
    _decide(container, secret, IdeaStatus.UNDER_REVIEW, "HR is looking at it")

    mine = "\n".join(r.text for r in alice_chat.say("what happened to my ideas?"))
    assert "Anonymous salary bands" in mine and "HR is looking at it" in mine
    theirs = "\n".join(r.text for r in bob_chat.say("what happened to my ideas?"))
    assert "Anonymous salary bands" not in theirs and "HR is looking at it" not in theirs
    _later(container, hours=8)
    greeting = "\n".join(r.text for r in bob_chat.start())
    assert "Anonymous salary bands" not in greeting and "HR is looking at it" not in greeting
