"""Merging duplicates through the real HTTP server and the fake Slack: both cards
follow (the merged one says where it lives, the other's count is the union of
voters), the merged idea's author and voters are told in DMs, and an anonymous
author is named in no call made to Slack."""

from __future__ import annotations

import json
from typing import Any

from bot.core.models import Actor
from tests.e2e.harness import IDEAS_CHANNEL, Bot
from tests.e2e.test_interactions import _card, _form, _submit, _upvote_button
from tests.fakes.slack_api import TEAM_ID, dm_channel_id
from tests.fakes.slack_requests import button

MANAGER = Actor(TEAM_ID, "U0MGR")


def _vote(bot: Bot, card: dict[str, Any], *users: str) -> None:
    upvote = _upvote_button(card)
    for user in users:
        request = bot.slack.block_actions(
            button(upvote["action_id"], upvote["value"]),
            user_id=user,
            channel_id=IDEAS_CHANNEL,
            message=card,
        )
        assert bot.send(request).status_code == 200
    bot.settle()


def _count_on_card(bot: Bot, card: dict[str, Any]) -> str:
    shown = bot.fake.message(IDEAS_CHANNEL, card["ts"])
    assert shown is not None
    return str(_upvote_button(shown)["text"]["text"])


def _dms(bot: Bot, user: str) -> list[str]:
    return [
        c.args.get("text", "")
        for c in bot.fake.calls_to("chat.postMessage")
        if c.args.get("channel") == dm_channel_id(user)
    ]


def test_manager_merges_and_unmerges_two_duplicates(bot: Bot) -> None:
    _submit(bot, "U0ALICE", _form("Bike parking", "Covered bike parking by the entrance"))
    _submit(
        bot,
        "U0SECRET",
        _form("Bicycle shelter", "A shelter for bicycles at the front", anonymous=True),
    )
    card_a, card_b = _card(bot, "Bike parking"), _card(bot, "Bicycle shelter")
    a_id, b_id = int(_upvote_button(card_a)["value"]), int(_upvote_button(card_b)["value"])
    _vote(bot, card_a, "U0V1", "U0V2")
    _vote(bot, card_b, "U0V2", "U0V3")

    bot.container.ideas.merge(MANAGER, b_id, a_id)
    bot.settle()

    assert "(3)" in _count_on_card(bot, card_a)
    merged_card = bot.fake.message(IDEAS_CHANNEL, card_b["ts"])
    assert merged_card is not None
    assert f"Merged into #{a_id}" in json.dumps(merged_card["blocks"])
    for person in ("U0SECRET", "U0V2", "U0V3"):
        assert any(f"#{a_id}" in text and "merged" in text for text in _dms(bot, person)), person
    assert not _dms(bot, "U0V1")  # voted only for A: nothing changed for them
    assert not _dms(bot, "U0MGR")

    bot.container.ideas.unmerge(MANAGER, b_id)
    bot.settle()

    assert "(2)" in _count_on_card(bot, card_a)
    assert "(2)" in _count_on_card(bot, card_b)
    back = bot.fake.message(IDEAS_CHANNEL, card_b["ts"])
    assert back is not None and "Merged into" not in json.dumps(back["blocks"])
    assert any("its own idea again" in text for text in _dms(bot, "U0V3"))

    # Nothing the bot shows anyone names the anonymous author (looking them up and
    # opening their own DM are not showing).
    for call in bot.fake.calls:
        if call.method.startswith(("chat.", "views.")):
            assert "U0SECRET" not in json.dumps(call.args), call.method
