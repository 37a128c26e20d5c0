"""A French speaker types the French word shown on the screen, and it picks the choice
(issue 12's stable choices, in French): "[soumettre]", "[anonymement] Soumettre
anonymement", "voter #12", "retirer mon vote". English words keep working too."""

from __future__ import annotations

import re

from bot.container import Container
from bot.core.models import Actor, Idea
from bot.core.replies import Action, Reply, ReplyKind
from bot.shell.render import render_turn
from tests.conftest import TEST_TEAM
from tests.integration.conversation.helpers import Chat, load_demo

PRINTERS = "Les imprimantes du troisième étage tombent en panne tout le temps et on perd des heures"
PROBLEM = "On pourrait remplacer les trois vieilles imprimantes par deux modèles récents"
BENEFITS = "Environ 80 personnes gagneraient une heure par semaine"


def _chat(container: Container, user: str) -> Chat:
    chat = Chat(container, Actor(TEST_TEAM, user, "Camille", locale="fr"))
    chat.start()
    return chat


def _screen(replies: list[Reply]) -> str:
    return render_turn(replies, rich=False, locale="fr")


def _words(screen: str) -> dict[str, str]:
    """label -> the word shown for it ("[anonymement] Soumettre anonymement")."""
    found = {}
    for key, label in re.findall(r"\[([^\]]+)\](?: ([^\[\n]+?))?(?=\s{3}|$)", screen, re.M):
        found[(label or key).strip()] = key
    return found


def _to_preview(chat: Chat) -> list[Reply]:
    for text in (PRINTERS, PROBLEM, BENEFITS):
        replies = chat.say(text)
    assert any(r.kind is ReplyKind.PREVIEW for r in replies), chat.all_text()
    assert {r.locale for r in replies} == {"fr"}
    return replies


def test_the_french_words_on_the_preview_are_the_ones_typed(container: Container) -> None:
    chat = _chat(container, "UFRWORDS")
    words = _words(_screen(_to_preview(chat)))

    assert words["Soumettre"] == "Soumettre"
    assert words["Soumettre anonymement"] == "anonymement"
    assert words["Modifier"] == "Modifier"

    chat.say(words["Soumettre anonymement"])

    ideas = chat.my_ideas()
    assert len(ideas) == 1 and ideas[0]["anonymous"] is True, chat.all_text()


def test_typing_soumettre_submits_and_annuler_cancels(container: Container) -> None:
    chat = _chat(container, "UFRSUBMIT")
    _to_preview(chat)
    submitted = chat.say("soumettre")
    assert len(chat.my_ideas()) == 1, chat.all_text()
    assert "Soumise sous la référence" in submitted[-1].text

    chat.say("Il faudrait des plantes vertes dans l'open space du deuxième étage")
    cancelled = chat.say("Annuler")
    assert "Brouillon supprimé" in cancelled[-1].text, chat.all_text()
    assert len(chat.my_ideas()) == 1


def test_typing_modifier_asks_what_to_change(container: Container) -> None:
    chat = _chat(container, "UFREDIT")
    _to_preview(chat)
    asked = chat.say("modifier")
    assert "Que voulez-vous modifier" in asked[-1].text, chat.all_text()
    assert chat.my_ideas() == []


def test_an_english_word_still_works_in_french(container: Container) -> None:
    chat = _chat(container, "UFRMIXED")
    _to_preview(chat)
    chat.say("submit")
    assert len(chat.my_ideas()) == 1, chat.all_text()


def test_voter_and_retirer_mon_vote_typed_in_french(container: Container) -> None:
    load_demo(container, TEST_TEAM, limit=20)
    chat = _chat(container, "UFRVOTE")
    ideas = container.ideas.list_ideas(TEST_TEAM, limit=2)
    start = [i.votes for i in ideas]

    shown = chat.say(f"voir #{ideas[0].id}")
    assert f"voter #{ideas[0].id}" in _screen(shown).lower(), _screen(shown)
    chat.say(f"voter #{ideas[0].id}")
    chat.say(f"Voter #{ideas[1].id}")
    assert _votes(container, ideas) == [start[0] + 1, start[1] + 1], chat.all_text()

    again = chat.say(f"voter #{ideas[1].id}")
    assert "Vous soutenez déjà" in again[0].text
    assert "Retirer mon vote" in [c.label for c in again[0].choices]
    chat.say("retirer mon vote")
    assert _votes(container, ideas) == [start[0] + 1, start[1]], chat.all_text()

    # Naming the idea, the French way, without the accent on "idée".
    chat.say(f"enlève mon vote sur l'idee {ideas[0].id}")
    assert _votes(container, ideas) == start, chat.all_text()
    gone = chat.say(f"retirer mon vote sur #{ideas[0].id}")
    assert "pas de vote à retirer" in gone[0].text


def test_a_french_stray_number_asks_again_in_french(container: Container) -> None:
    chat = _chat(container, "UFRNUMBER")
    _to_preview(chat)
    replies = chat.say("1")
    assert chat.my_ideas() == []
    assert "je n'ai donc rien fait" in replies[0].text
    assert {c.action for r in replies for c in r.choices} >= {Action.SUBMIT, Action.EDIT}


def _votes(container: Container, ideas: list[Idea]) -> list[int]:
    found = [container.ideas.get(TEST_TEAM, i.id) for i in ideas]
    return [i.votes for i in found if i is not None]
