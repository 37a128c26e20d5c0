"""A French speaker hears French only; anyone can ask for another language, and a
message clearly written in another language is answered in it."""

from __future__ import annotations

from bot.container import Container
from bot.core.conversation import Incoming
from bot.core.messages import t
from bot.core.models import Actor, IdeaStatus
from bot.core.replies import Action, Reply
from bot.shell.render import render_turn
from tests.conftest import TEST_TEAM
from tests.integration.conversation.english_leaks import leaks
from tests.integration.conversation.helpers import Chat


def _shown(replies: list[Reply]) -> list[str]:
    """Everything a person reads of these replies, as the shell renders them (in the
    language the replies say they are in): text, cards, numbered choices."""
    locale = next((r.locale for r in replies if r.locale), None)
    lines = render_turn(replies, rich=False, locale=locale).splitlines()
    return [line for line in lines if line.strip()]


def test_a_scripted_french_session_has_no_english_in_any_reply(container: Container) -> None:
    actor = Actor(TEST_TEAM, "UFRSCRIPT", "Camille", locale="fr")
    convo = container.conversation
    turns = [convo.start(actor)]
    for text in (
        "Bonjour",
        "Les imprimantes du troisième étage tombent en panne tout le temps et on perd des heures",
        "On pourrait remplacer les trois vieilles imprimantes par deux modèles récents",
        "Environ 80 personnes gagneraient une heure par semaine",
    ):
        turns.append(convo.handle(Incoming(actor, text=text)))
    turns.append(convo.handle(Incoming(actor, action=Action.SUBMIT)))
    for action in (Action.LIST_MINE, Action.HELP, Action.NEW_IDEA):
        turns.append(convo.handle(Incoming(actor, action=action)))
    for text in ("", "x" * 50_000, "merci", "annuler", "???"):
        turns.append(convo.handle(Incoming(actor, text=text)))
    container.background.drain()

    shown = [text for replies in turns for text in _shown(replies)]
    assert leaks(shown) == []
    all_text = "\n".join(shown)
    assert t("greeting.new", "fr", name="Camille") in all_text
    assert "Soumise sous la référence #1" in all_text
    assert "nouvelle (en attente d'examen)" in all_text
    # Every reply says which language it is in, for the transport's own words.
    assert {r.locale for replies in turns for r in replies} == {"fr"}


def test_an_english_speaker_writing_french_is_answered_in_french_until_english_again(
    container: Container,
) -> None:
    chat = Chat(container, Actor(TEST_TEAM, "UENFR", "Sam", locale="en-US"))
    chat.start()
    french = chat.say("On devrait installer des casiers fermés pour les vélos près de l'entrée")
    assert leaks(_shown(french)) == [] and {r.locale for r in french} == {"fr"}
    # A short reply keeps the conversation's language.
    assert {r.locale for r in chat.say("ok")} == {"fr"}
    english = chat.say("Actually the lockers should be near the car park, next to the gate")
    assert {r.locale for r in english} == {"en"}


def test_a_french_profile_writing_english_is_answered_in_english(container: Container) -> None:
    chat = Chat(container, Actor(TEST_TEAM, "UFREN", "Claire", locale="fr-FR"))
    opening = chat.start()
    assert {r.locale for r in opening} == {"fr"}
    replies = chat.say("We should put bike racks near the north entrance of the office")
    assert {r.locale for r in replies} == {"en"}
    # The follow-up question is the English one (it quotes the idea back).
    assert "today" in replies[-1].text or "benefit" in replies[-1].text


def test_asking_for_a_language_is_remembered_across_conversations(container: Container) -> None:
    actor = Actor(TEST_TEAM, "UASK", "Alex", locale="en")
    chat = Chat(container, actor)
    chat.start()
    switched = chat.say("parle-moi en français")
    assert switched[-1].text == t("language.switched", "fr", language="français")
    # Even English-looking short input now gets French, and so does the next session.
    assert {r.locale for r in chat.say("help")} == {"fr"}
    chat.finish()
    again = Chat(container, actor)
    assert {r.locale for r in again.start()} == {"fr"}
    # It is a memory the person can see…
    memory = again.say("what do you remember about me?")
    assert any("Préfère les réponses en français" in m.content for r in memory for m in r.memories)
    # …and the standing language that notices use outside a conversation.
    with container.store.unit_of_work() as uow:
        profile = uow.people.find_profile(TEST_TEAM, "UASK")
    assert profile is not None and profile.locale == "fr"
    back = again.say("answer in English")
    assert back[-1].text == t("language.switched", "en", language="English")
    assert {r.locale for r in again.say("help")} == {"en"}


def test_a_language_ideabot_cannot_speak_is_refused_and_nothing_changes(
    container: Container,
) -> None:
    chat = Chat(container, Actor(TEST_TEAM, "UDE", "Jo", locale="fr"))
    chat.start()
    refused = chat.say("parle-moi en allemand")
    assert "allemand" in refused[-1].text and "français" in refused[-1].text
    assert {r.locale for r in chat.say("aide")} == {"fr"}


def test_a_status_notice_reaches_a_french_author_in_french(container: Container) -> None:
    author = Actor(TEST_TEAM, "UNOTE", "Inès", locale="fr")
    chat = Chat(container, author)
    chat.start()
    chat.say("Les imprimantes du troisième étage tombent en panne tout le temps")
    chat.say("On pourrait remplacer les vieilles imprimantes par des modèles récents")
    container.conversation.handle(Incoming(author, action=Action.SUBMIT))
    container.background.drain()
    (idea,) = container.ideas.list_ideas(TEST_TEAM, author_key="UNOTE")
    from bot.core.events import StatusChanged

    event = StatusChanged(TEST_TEAM, idea.id, IdeaStatus.NEW, IdeaStatus.ACCEPTED, None, None)
    _, notices = container.notices.for_change(event)
    assert notices and "acceptée" in notices[0].text and leaks([notices[0].text]) == []
