"""Issue 12's failure classes through the conversation core, one test per class, in
phrasings that are in none of the labelled corpora (bench/data/conversations/)."""

from __future__ import annotations

from bot.container import Container
from bot.core.models import Actor
from bot.core.replies import ReplyKind
from tests.conftest import TEST_TEAM
from tests.integration.conversation.helpers import Chat

SHAPING = {ReplyKind.QUESTION, ReplyKind.SIMILAR, ReplyKind.PREVIEW}


def _chat(container: Container, user: str) -> Chat:
    return Chat(container, Actor(TEST_TEAM, user, "Robin"))


def _fields(idea: dict[str, object]) -> str:
    return " ".join(str(idea.get(f) or "") for f in ("title", "problem", "proposal", "benefits"))


def test_a_two_word_idea_starts_a_draft(container: Container) -> None:
    chat = _chat(container, "UTERSE")
    replies = chat.say("hose reels")
    assert any(r.kind is ReplyKind.QUESTION for r in replies), [r.text for r in replies]
    chat.say("the hoses get tangled every night")
    chat.say("submit")
    (idea,) = chat.my_ideas()
    assert "hose reels" in str(idea["proposal"]).lower()
    assert "tangled" in str(idea["problem"])


def test_a_problem_first_message_is_the_problem_and_the_next_answer_the_proposal(
    container: Container,
) -> None:
    chat = _chat(container, "UPROBFIRST")
    chat.say("the badge reader at the back gate keeps freezing")
    chat.say("replace it with a keypad lock")
    chat.say("submit")
    (idea,) = chat.my_ideas()
    assert "freezing" in str(idea["problem"])
    assert "keypad" in str(idea["proposal"]).lower()
    assert "keypad" in str(idea["title"]).lower()
    assert "replace it" not in str(idea["title"]).lower()


def test_an_introduction_is_remembered_and_starts_no_idea(container: Container) -> None:
    chat = _chat(container, "UINTRO")
    replies = chat.say("hi, I'm Kim, I look after the loading bay on weekends")
    chat.finish()
    assert not SHAPING & {r.kind for r in replies}, [r.text for r in replies]
    memory = " ".join(m.content for m in container.memory.items(chat.actor))
    assert "loading bay" in memory
    assert chat.my_ideas() == []
    assert container.conversation.sessions.load(chat.actor).draft is None


def test_remember_that_stores_what_no_narrower_rule_reads(container: Container) -> None:
    chat = _chat(container, "UREMEMBER")
    chat.say("remember that I do the payroll for the Dublin site")
    chat.finish()
    memory = " ".join(m.content for m in container.memory.items(chat.actor))
    assert "payroll for the Dublin site" in memory


def test_an_introduction_before_the_idea_stays_out_of_its_fields(container: Container) -> None:
    chat = _chat(container, "UINTROIDEA")
    chat.say("I'm Ola, I drive the night bus for the site. we should put a shelter at the stop")
    chat.say("people wait in the rain at 2am")
    chat.say("submit")
    chat.finish()
    (idea,) = chat.my_ideas()
    assert "shelter" in str(idea["proposal"]).lower()
    assert "Ola" not in _fields(idea) and "night bus for the site" not in _fields(idea)


def test_a_status_question_without_the_word_idea_answers_about_my_idea(
    container: Container,
) -> None:
    chat = _chat(container, "USTATUS2")
    chat.say("a defibrillator in the sports hall, nobody knows where the nearest one is")
    chat.say("submit")
    replies = chat.say("any update on the defibrillator?")
    assert [r.kind for r in replies] == [ReplyKind.IDEAS]
    assert "defibrillator" in replies[0].text.lower()
    assert len(chat.my_ideas()) == 1


def test_my_own_idea_is_not_offered_as_a_duplicate_to_support(container: Container) -> None:
    chat = _chat(container, "UOWN")
    chat.say("a defibrillator in the sports hall, nobody knows where the nearest one is")
    chat.say("submit")
    replies = chat.say("we should put a defibrillator in the sports hall for emergencies")
    shown = [card.title for r in replies if r.kind is ReplyKind.SIMILAR for card in r.cards]
    assert not any("defibrillator" in title.lower() for title in shown), shown


def test_a_question_about_votes_gets_the_programme_answer(container: Container) -> None:
    chat = _chat(container, "UVOTES")
    replies = chat.say("do upvotes actually matter?")
    assert not SHAPING & {r.kind for r in replies}
    assert "supporting an idea" in replies[-1].text.lower()


def test_an_aside_is_left_out_of_the_idea(container: Container) -> None:
    chat = _chat(container, "UASIDE")
    chat.say(
        "let's get a projector for the training room, by the way the parking is awful "
        "but that's another story"
    )
    chat.say("trainers carry their own laptops and cables every session")
    chat.say("submit")
    (idea,) = chat.my_ideas()
    assert "projector" in str(idea["proposal"]).lower()
    assert "parking" not in _fields(idea) and "another story" not in _fields(idea)


def test_an_opening_that_is_only_an_aside_is_not_the_proposal(container: Container) -> None:
    chat = _chat(container, "UOPENER")
    chat.say("been meaning to bring this up for a while tbh")
    chat.say("we could put a water fountain on the second floor")
    chat.say("submit")
    (idea,) = chat.my_ideas()
    assert "water fountain" in str(idea["proposal"]).lower()
    assert "fountain" in str(idea["title"]).lower()
    assert "meaning to" not in _fields(idea) and "a while" not in _fields(idea)


def test_sorry_the_benefits_are_replaces_the_benefits(container: Container) -> None:
    chat = _chat(container, "URELABEL")
    chat.say("put the rota on a shared spreadsheet")
    chat.say("swaps get lost in whatsapp")
    chat.say("the team leads")
    chat.say("sorry, the benefits are that nobody misses a swapped shift")
    chat.say("submit")
    (idea,) = chat.my_ideas()
    assert idea["benefits"] == "Nobody misses a swapped shift"


def test_scratch_that_replaces_the_proposal(container: Container) -> None:
    chat = _chat(container, "USCRATCH")
    chat.say("build a staff gym")
    chat.say("no scratch that, too big. a bike-to-work scheme")
    chat.say("submit")
    (idea,) = chat.my_ideas()
    assert "bike-to-work" in str(idea["proposal"]).lower()
    assert "gym" not in _fields(idea) and "too big" not in _fields(idea)
