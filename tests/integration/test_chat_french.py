"""`ideabot chat --locale fr` as a user runs it: every reply in French."""

from __future__ import annotations

from tests.integration.conversation.english_leaks import leaks
from tests.integration.test_cli import ideabot

SESSION = (
    "Bonjour\n"
    "Les badges visiteurs se perdent à l'accueil et on passe un temps fou à les chercher\n"
    "On pourrait installer une borne qui imprime les badges à l'avance\n"
    "Les hôtesses d'accueil gagneraient une heure par jour\n"
    # The word shown for Submit (numbers pick nothing since the stable choices).
    "soumettre\n"
    "merci\n"
    "\n"
)


def test_chat_with_locale_fr_replies_in_french_only(env: dict[str, str]) -> None:
    result = ideabot(
        env, "chat", "--user", "UFRCLI", "--name", "Lucie", "--locale", "fr", stdin=SESSION
    )
    assert result.returncode == 0, result.stderr
    # What the bot wrote, without the echo of what the person typed ("> …").
    bot_lines = [line for line in result.stdout.splitlines() if not line.startswith("> ")]
    assert leaks(bot_lines) == []
    assert "Bonjour Lucie" in result.stdout
    assert "[Soumettre]" in result.stdout
    assert "Soumise sous la référence #1" in result.stdout


def test_chat_answers_a_french_sentence_in_french_without_locale(env: dict[str, str]) -> None:
    result = ideabot(
        env,
        "chat",
        "--user",
        "UENCLI",
        stdin="Les imprimantes du troisième étage tombent en panne tout le temps\n",
    )
    assert result.returncode == 0, result.stderr
    opening, _, reply = result.stdout.partition("> Les imprimantes")
    assert "Hi" in opening  # the person's language (IDEABOT_LOCALE) before they spoke
    assert reply.strip() and leaks(reply.splitlines()) == []
