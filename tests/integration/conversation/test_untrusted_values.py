"""The core treats a button's value and a message's size as untrusted input (issue 7):
a refusal is polite and changes nothing, and nothing over the limit is stored whole."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from bot.container import Container
from bot.core.conversation import Incoming
from bot.core.models import Actor, NewIdea
from bot.core.replies import Action, ReplyKind
from bot.core.text import MAX_TEXT_CHARS
from storage import models as m
from tests.conftest import TEST_TEAM
from tests.integration.conversation.helpers import Chat

IDEA = "we should add secure bike lockers with e-bike chargers in the car park"


def _notes(container: Container, actor: Actor) -> dict[str, Any] | None:
    with container.store.unit_of_work() as uow:
        draft = uow.people.active_draft(actor.team_id, actor.user_id)
        return dict(draft.notes) if draft is not None else None


def _links(container: Container) -> list[tuple[int, int]]:
    with container.store.engine.connect() as connection:
        rows = connection.execute(select(m.IdeaLink.idea_id, m.IdeaLink.other_idea_id))
        return [(a, b) for a, b in rows]


def test_different_naming_another_workspaces_idea_is_refused_and_links_nothing(
    container: Container,
) -> None:
    theirs = container.ideas.create(
        NewIdea(team_id="T0OTHERCO", title="Their secret", description="Solar panels on a roof")
    )
    chat = Chat(container, Actor(TEST_TEAM, "UFORGE", "Forge"))
    chat.say(IDEA)
    before = _notes(container, chat.actor)

    replies = container.conversation.handle(
        Incoming(chat.actor, action=Action.DIFFERENT, value=str(theirs.id))
    )

    assert [r.text for r in replies] == [
        f'I can\'t find idea #{theirs.id}. Try "my ideas" to see yours.'
    ]
    assert _notes(container, chat.actor) == before
    submitted = chat.say("submit")
    assert any(r.kind is ReplyKind.SUBMITTED for r in submitted)
    assert all(other != theirs.id for _, other in _links(container))


def test_different_naming_no_idea_is_refused_and_the_submit_still_works(
    container: Container,
) -> None:
    chat = Chat(container, Actor(TEST_TEAM, "UGHOST", "Ghost"))
    chat.say(IDEA)

    replies = container.conversation.handle(
        Incoming(chat.actor, action=Action.DIFFERENT, value="999999")
    )

    assert "can't find idea #999999" in replies[0].text
    submitted = chat.say("submit")
    assert any(r.kind is ReplyKind.SUBMITTED for r in submitted)
    assert _links(container) == []


def test_idea_references_that_cannot_be_row_ids_are_not_found_not_a_crash(
    container: Container,
) -> None:
    actor = Actor(TEST_TEAM, "UREF", "Ref")
    for value in ("1" * 26, "²", "١٢", "99999999999999999999"):
        for action in (
            Action.SUPPORT,
            Action.UPVOTE,
            Action.UNVOTE,
            Action.SIMILAR,
            Action.SHOW_IDEA,
        ):
            replies = container.conversation.handle(Incoming(actor, action=action, value=value))
            assert "can't find idea" in replies[-1].text, (action, value)
    assert chat_votes(container) == 0


def chat_votes(container: Container) -> int:
    with container.store.engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(m.Vote)) or 0)


def test_an_over_long_message_is_refused_and_not_stored_whole(container: Container) -> None:
    chat = Chat(container, Actor(TEST_TEAM, "ULONG", "Long"))
    replies = chat.say("x" * 10_500_000)

    assert replies[-1].kind is ReplyKind.ERROR and "too long" in replies[-1].text
    with container.store.engine.connect() as connection:
        longest = connection.scalar(select(func.max(func.length(m.Turn.text))))
    assert longest is not None and longest <= MAX_TEXT_CHARS
