"""A French-locale person in Slack: DMs, buttons, App Home and modals in French."""

from __future__ import annotations

import json
from typing import Any

from tests.e2e.harness import Bot
from tests.fakes.slack_api import dm_channel_id
from tests.integration.conversation.english_leaks import leaks

USER = "U0CAMILLE"


def _french_person(bot: Bot) -> None:
    bot.fake.users[USER] = {"real_name": "Camille Dupont", "locale": "fr-FR"}


def _texts(node: Any) -> list[str]:
    """Every `text` string a Slack payload shows (blocks, buttons, titles)."""
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "text" and isinstance(value, str):
                found.append(value)
            else:
                found += _texts(value)
    elif isinstance(node, list):
        for item in node:
            found += _texts(item)
    return found


def _buttons(message: dict[str, Any]) -> set[str]:
    return {
        element["text"]["text"]
        for block in message.get("blocks", [])
        if block.get("type") == "actions"
        for element in block.get("elements", [])
    }


def test_dm_replies_and_buttons_are_in_french(bot: Bot) -> None:
    _french_person(bot)
    for text in (
        "Les imprimantes du troisième étage tombent en panne tout le temps",
        "On pourrait remplacer les vieilles imprimantes par deux modèles récents",
        "Environ 80 personnes gagneraient une heure par semaine",
    ):
        assert bot.send(bot.slack.dm(USER, text)).status_code == 200
        bot.settle()
    shown = bot.fake.messages_in(dm_channel_id(USER))
    assert shown, "no reply in the DM"
    assert "Bonjour Camille" in shown[0]["text"]
    assert {"Soumettre", "Soumettre anonymement", "Modifier", "Annuler"} <= _buttons(shown[-1])
    assert leaks([t for message in shown for t in _texts(message)]) == []
    # The placeholders were French too, once the person was known.
    placeholders = [c.args["text"] for c in bot.fake.calls_to("chat.postMessage")][1:]
    assert placeholders and all("Thinking" not in p for p in placeholders)
    bot.fake.assert_no_violations()


def test_app_home_is_in_french(bot: Bot) -> None:
    _french_person(bot)
    assert bot.send(bot.slack.home_opened(USER)).status_code == 200
    bot.settle()
    home = bot.fake.home_views[USER]
    shown = _texts(home)
    assert "Proposer une idée" in shown and "Vos idées" in json.dumps(home, ensure_ascii=False)
    assert leaks(shown) == []
    bot.fake.assert_no_violations()


def test_the_idea_modal_is_in_french(bot: Bot) -> None:
    _french_person(bot)
    assert bot.send(bot.slack.slash_command("/idea", "", user_id=USER)).status_code == 200
    bot.settle()
    view = bot.fake.last("views.open").args["view"]
    assert view["title"]["text"] == "Nouvelle idée"
    assert view["submit"]["text"] == "Soumettre"
    assert leaks(_texts(view)) == []
    bot.fake.assert_no_violations()


def test_an_english_locale_person_still_sees_english(bot: Bot) -> None:
    bot.fake.users["U0SAM"] = {"real_name": "Sam Lee", "locale": "en-US"}
    assert bot.send(bot.slack.slash_command("/idea", "", user_id="U0SAM")).status_code == 200
    bot.settle()
    assert bot.fake.last("views.open").args["view"]["title"]["text"] == "New idea"
