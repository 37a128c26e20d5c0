"""Challenges in the conversation: a draft that answers an open challenge is offered
to it (never forced), the preview offers open challenges, and a person whose
remembered interests fit a challenge hears about it once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.container import Container
from bot.core.challenges import CloseChallenge, CreateChallenge
from bot.core.conversation import Incoming
from bot.core.models import Actor
from bot.core.ports.challenges import Challenge
from bot.core.replies import Action, Reply, ReplyKind
from tests.conftest import TEST_TEAM
from tests.integration.conversation.helpers import Chat

MANAGER = Actor(TEST_TEAM, "UMGR")


def _challenge(container: Container) -> Challenge:
    made = container.challenges.create(
        CreateChallenge(
            MANAGER,
            "Cut our office energy use",
            "How can we cut the energy use of our office buildings by 20%?",
            datetime.now(UTC) + timedelta(days=3),
            "C0CHALL",
        )
    )
    assert isinstance(made, Challenge)
    return made


def _offers(replies: list[Reply]) -> list[str]:
    return [c.value for r in replies for c in r.choices if c.action is Action.CHOOSE_CHALLENGE]


def test_a_draft_that_answers_a_challenge_is_offered_to_it_and_binds_on_choice(
    container: Container,
) -> None:
    challenge = _challenge(container)
    chat = Chat(container, Actor(TEST_TEAM, "UANA", "Ana"))
    replies = chat.say(
        "we should switch off the office heating and lights at weekends to save energy"
    )
    assert str(challenge.id) in _offers(replies)
    assert "sounds like an answer to the open challenge" in chat.all_text()

    bound = container.conversation.handle(
        Incoming(chat.actor, action=Action.CHOOSE_CHALLENGE, value=str(challenge.id))
    )
    assert "now for the challenge" in bound[0].text
    container.conversation.handle(Incoming(chat.actor, action=Action.SUBMIT))
    chat.finish()
    (idea,) = container.ideas.list_ideas(TEST_TEAM, author_key="UANA")
    assert (idea.challenge, idea.challenge_id) == (challenge.title, challenge.id)


def test_a_draft_bound_to_a_challenge_that_closed_is_offered_as_a_general_idea(
    container: Container,
) -> None:
    challenge = _challenge(container)
    chat = Chat(container, Actor(TEST_TEAM, "UCAT", "Cat"))
    chat.say("we should switch off the office heating and lights at weekends to save energy")
    container.conversation.handle(
        Incoming(chat.actor, action=Action.CHOOSE_CHALLENGE, value=str(challenge.id))
    )
    container.challenges.close(CloseChallenge(MANAGER, challenge.id))

    late = container.conversation.handle(Incoming(chat.actor, action=Action.SUBMIT))
    assert "closed and takes no more ideas" in late[0].text
    assert container.ideas.list_ideas(TEST_TEAM, author_key="UCAT") == []  # not yet
    container.conversation.handle(Incoming(chat.actor, action=Action.SUBMIT))
    chat.finish()
    (idea,) = container.ideas.list_ideas(TEST_TEAM, author_key="UCAT")
    assert idea.challenge is None  # kept, as a general idea


def test_an_unrelated_draft_is_not_pushed_and_stays_general(container: Container) -> None:
    challenge = _challenge(container)
    chat = Chat(container, Actor(TEST_TEAM, "UBEN", "Ben"))
    replies = chat.say("a ping pong table in the break room would be fun for the team")
    assert "sounds like an answer" not in chat.all_text()
    # Still offered on the preview, as a choice among others.
    for _ in range(5):
        if any(r.kind is ReplyKind.PREVIEW for r in replies):
            break
        replies = chat.say("that's all")
    assert str(challenge.id) in _offers(replies)
    container.conversation.handle(Incoming(chat.actor, action=Action.SUBMIT))
    chat.finish()
    (idea,) = container.ideas.list_ideas(TEST_TEAM, author_key="UBEN")
    assert idea.challenge is None and idea.challenge_id is None


def test_a_matching_interest_hears_about_a_challenge_once(container: Container) -> None:
    actor = Actor(TEST_TEAM, "UDEV", "Devi")
    chat = Chat(container, actor)
    chat.say("I work in the Facilities team and I care about sustainability and energy")
    chat.finish()
    _challenge(container)

    first = Chat(container, actor).start()[0].text
    assert "Cut our office energy use" in first
    again = Chat(container, actor).start()[0].text
    assert "Cut our office energy use" not in again
