"""Issue 12 through the conversation core: what a person notices."""

from __future__ import annotations

from bot.container import Container
from bot.core.models import Actor
from bot.core.replies import ReplyKind
from tests.conftest import TEST_TEAM
from tests.integration.conversation.helpers import Chat


def test_a_fragment_answers_the_question_asked_and_a_non_answer_stores_nothing(
    container: Container,
) -> None:
    chat = Chat(container, Actor(TEST_TEAM, "UFRAG", "Robin"))
    chat.say("more standing desks")
    chat.say("back pain")  # asked what the problem is
    chat.say("not sure")  # asked who gains
    chat.say("submit")
    (idea,) = chat.my_ideas()
    assert idea["problem"] == "Back pain"
    assert "standing desks" in str(idea["proposal"]).lower()
    assert "standing desks" in str(idea["title"]).lower()
    assert not idea["benefits"]


def test_a_status_question_answers_about_my_idea_without_starting_a_draft(
    container: Container,
) -> None:
    chat = Chat(container, Actor(TEST_TEAM, "USTAT", "Robin"))
    chat.say(
        "the printer on the 2nd floor jams constantly, "
        "we should replace it with a new network printer"
    )
    chat.say("submit")
    replies = chat.say("any news on the printer thing?")
    assert [r.kind for r in replies] == [ReplyKind.IDEAS]
    assert "printer" in replies[0].text.lower() and "no news yet" in replies[0].text
    assert container.conversation.sessions.load(chat.actor).draft is None
    assert len(chat.my_ideas()) == 1


def test_a_programme_question_midway_keeps_the_draft_and_its_question(
    container: Container,
) -> None:
    chat = Chat(container, Actor(TEST_TEAM, "UPROG", "Robin"))
    chat.say("we could have a lending library of tools for the maintenance crew")
    replies = chat.say("wait, who actually sees this?")
    assert "innovation team" in replies[0].text
    chat.say("the guys keep buying the same drill bits because nobody knows what we have")
    chat.say("submit")
    (idea,) = chat.my_ideas()
    assert "drill bits" in str(idea["problem"])
    assert "sees this" not in " ".join(str(v) for v in idea.values())


def test_a_change_of_mind_keeps_the_old_version_only_in_the_draft_history(
    container: Container,
) -> None:
    chat = Chat(container, Actor(TEST_TEAM, "UCHANGE", "Robin"))
    chat.say("get everyone a second monitor")
    chat.say("hmm no, scrap that. docking stations with two screens at the hot desks")
    turn = container.conversation.sessions.load(chat.actor)
    assert turn.notes["history"] == [
        {"field": "proposal", "value": "Get everyone a second monitor"}
    ]
    chat.say("people squint at a 13 inch laptop screen all day")  # the problem, asked again
    chat.say("submit")
    (idea,) = chat.my_ideas()
    assert "Docking stations" in str(idea["proposal"]) and "squint" in str(idea["problem"])
    assert "monitor" not in " ".join(str(v) for v in idea.values())
