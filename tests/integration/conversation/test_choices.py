"""Stable choices (issue 12, must 4), from the person's side: what they see and type.

- the same choice answers to the same word on every screen, however many similar
  ideas are shown;
- a stray number never picks anything (it used to be a position in a list that
  changed from screen to screen), and nothing is submitted without its preview;
- "Upvote" on an idea one already supports says so; "remove my vote" removes it.
"""

from __future__ import annotations

import re

from bot.container import Container
from bot.core.models import Actor
from bot.core.replies import Action, ReplyKind
from bot.shell.render import render_turn
from tests.conftest import TEST_TEAM
from tests.integration.conversation.helpers import Chat, load_demo

BIKES = "we should add more covered bike racks, the ones by the main entrance are full by 9"
TIMER = "we should put a visible countdown timer in every meeting room"


def _chat(container: Container, user: str = "UCHOICE") -> Chat:
    load_demo(container, TEST_TEAM, limit=140)
    chat = Chat(container, Actor(TEST_TEAM, user, "Sam"))
    chat.start()
    return chat


def _shown(chat: Chat) -> str:
    return render_turn(chat.turns[-1], rich=False)


def _words(screen: str) -> dict[str, str]:
    """label -> the word shown for it ("[anonymous] Submit anonymously", "[Edit]")."""
    found = {}
    for key, label in re.findall(r"\[([^\]]+)\](?: ([^\[\n]+?))?(?=\s{3}|$)", screen, re.M):
        found[(label or key).strip()] = key
    return found


def test_a_choice_has_the_same_word_on_every_screen(container: Container) -> None:
    chat = _chat(container)
    chat.say(BIKES)
    first = _shown(chat)
    assert "Support #" in first, first  # similar ideas are offered with the question
    chat.say("people lock their bikes to the railings")
    chat.say("about 70 cyclists")
    preview = _shown(chat)
    assert any(r.kind is ReplyKind.PREVIEW for r in chat.turns[-1]), preview

    on_question, on_preview = _words(first), _words(preview)
    assert on_question["Submit"] == on_preview["Submit"] == "Submit"
    assert on_question["Cancel"] == on_preview["Cancel"] == "Cancel"
    assert on_preview["Submit anonymously"] == "anonymous"
    support = next(label for label in on_question if label.startswith("Support #"))
    number = re.search(r"#(\d+)", support)
    assert number is not None and on_question[support] == f"support #{number[1]}"
    # No position numbers anywhere: "[4]" meant something else on each screen.
    assert not re.search(r"\[\d+\]", first + preview), first + preview


def test_the_typed_word_picks_the_choice(container: Container) -> None:
    chat = _chat(container, "UWORDS")
    chat.say(TIMER)
    chat.say("meetings run over and nobody notices")
    chat.say("everyone gets back 2 hours a week")
    assert any(r.kind is ReplyKind.PREVIEW for r in chat.turns[-1]), chat.all_text()

    chat.say("anonymous")

    ideas = chat.my_ideas()
    assert len(ideas) == 1 and ideas[0]["anonymous"] is True, chat.all_text()


def test_a_stray_number_never_submits_or_picks(container: Container) -> None:
    chat = _chat(container, "USTRAY")
    chat.say(BIKES)
    before = [c for r in chat.turns[-1] for c in r.choices]
    # The position "Submit" had in the old numbered list of this very screen.
    old_submit = next(i for i, c in enumerate(before, 1) if c.action is Action.SUBMIT)
    old_support = next(i for i, c in enumerate(before, 1) if c.action is Action.SUPPORT)

    chat.say(str(old_submit))
    chat.say(str(old_support))

    assert chat.my_ideas() == [], chat.all_text()
    # Nobody's vote was cast for them and the draft is still being shaped.
    supported = [c.value for c in before if c.action is Action.SUPPORT]
    assert not any(container.ideas.has_vote(chat.actor, int(v)) for v in supported), chat.all_text()
    assert "bike" in (chat.container.conversation.sessions.load(chat.actor).fields.proposal or "")


def test_a_number_at_the_preview_asks_again_and_changes_nothing(container: Container) -> None:
    chat = _chat(container, "UPREVIEW")
    chat.say(TIMER)
    chat.say("meetings run over and nobody notices")
    chat.say("everyone gets back 2 hours a week")
    assert any(r.kind is ReplyKind.PREVIEW for r in chat.turns[-1])

    replies = chat.say("1")

    assert chat.my_ideas() == []
    assert "did nothing" in replies[0].text
    assert {c.action for r in replies for c in r.choices} >= {Action.SUBMIT, Action.EDIT}
    chat.say("submit")
    assert len(chat.my_ideas()) == 1, chat.all_text()


def test_a_question_offering_submit_shows_the_draft_that_submit_sends(
    container: Container,
) -> None:
    chat = _chat(container, "UEARLY")
    asked = chat.say("we should recycle coffee capsules")

    question = next(r for r in asked if r.kind is ReplyKind.QUESTION)
    assert Action.SUBMIT in [c.action for c in question.choices]
    (card,) = question.cards
    assert card.is_preview and "coffee capsules" in str(card.proposal).lower()
    chat.say("submit")
    (idea,) = chat.my_ideas()
    assert (idea["title"], idea["proposal"]) == (card.title, card.proposal)


def test_a_draft_not_shown_as_it_stands_is_previewed_before_it_is_submitted(
    container: Container,
) -> None:
    chat = _chat(container, "UBUTTON")
    chat.say(TIMER)
    # A draft kept from before this check (or a button on an older screen): what it
    # says now was never shown, so Submit shows it and waits for a confirmation.
    sessions = container.conversation.sessions
    turn = sessions.load(chat.actor)
    turn.state.pop("previewed")
    sessions.save(turn, None, [])

    replies = chat.click(Action.SUBMIT)

    assert chat.my_ideas() == []
    assert replies[-1].kind is ReplyKind.PREVIEW
    assert "timer" in str(replies[-1].cards[0].proposal).lower()
    chat.click(Action.SUBMIT)
    assert len(chat.my_ideas()) == 1, chat.all_text()


def test_upvote_twice_keeps_the_vote_and_remove_my_vote_removes_it(
    container: Container,
) -> None:
    chat = _chat(container, "UVOTER")
    idea = container.ideas.list_ideas(TEST_TEAM, limit=1)[0]
    start = idea.votes

    chat.say(f"show #{idea.id}")
    chat.say(f"upvote #{idea.id}")
    assert _votes(container, idea.id) == start + 1
    again = chat.say(f"upvote #{idea.id}")
    assert _votes(container, idea.id) == start + 1, chat.all_text()
    assert "already support" in again[0].text
    assert "Remove my vote" in [c.label for c in again[0].choices]

    chat.say("remove my vote")
    assert _votes(container, idea.id) == start, chat.all_text()
    gone = chat.say("remove my vote")
    assert _votes(container, idea.id) == start
    assert "no vote to remove" in gone[0].text


def test_upvote_and_remove_vote_buttons(container: Container) -> None:
    chat = _chat(container, "UBUTTONS")
    idea = container.ideas.list_ideas(TEST_TEAM, limit=1)[0]
    start = idea.votes

    chat.click(Action.UPVOTE, str(idea.id))
    chat.click(Action.UPVOTE, str(idea.id))
    assert _votes(container, idea.id) == start + 1
    chat.click(Action.UNVOTE, str(idea.id))
    assert _votes(container, idea.id) == start


def test_remove_my_vote_on_a_named_idea(container: Container) -> None:
    chat = _chat(container, "UNAMED")
    ideas = container.ideas.list_ideas(TEST_TEAM, limit=2)
    for idea in ideas:
        chat.say(f"upvote #{idea.id}")
    before = [_votes(container, i.id) for i in ideas]

    chat.say(f"remove my vote on #{ideas[0].id}")

    assert [_votes(container, i.id) for i in ideas] == [before[0] - 1, before[1]]


def _votes(container: Container, idea_id: int) -> int:
    idea = container.ideas.get(TEST_TEAM, idea_id)
    assert idea is not None
    return idea.votes
