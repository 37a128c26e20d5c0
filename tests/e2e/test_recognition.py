"""Recognition and confidentiality through the real HTTP server: the leaderboard in
/idea top and App Home, and an anonymous author never revealed to anyone else."""

from __future__ import annotations

import json
from typing import Any

from bot.core.models import Actor, IdeaStatus
from tests.e2e.harness import Bot
from tests.fakes.slack_api import TEAM_ID, dm_channel_id
from tests.fakes.slack_requests import text_value

ANON = "U0ANONAUTH"
NAMED = "U0NAMEDAUTH"
VOTERS = ("U0VOTERA", "U0VOTERB")


def _submit(bot: Bot, user: str, title: str, anonymous: bool = False) -> None:
    values: dict[str, Any] = {
        "title": {"value": text_value(title)},
        "description": {"value": text_value(f"{title}: it would help every team a lot")},
    }
    if anonymous:
        values["anonymous"] = {
            "value": {
                "type": "checkboxes",
                "selected_options": [
                    {"value": "anonymous", "text": {"type": "plain_text", "text": "x"}}
                ],
            }
        }
    response = bot.send(bot.slack.view_submission("idea_modal", values, user_id=user))
    assert response.status_code == 200
    bot.settle()


def _idea_id(bot: Bot, title: str) -> int:
    return next(i.id for i in bot.container.ideas.list_ideas(TEAM_ID) if i.title.startswith(title))


def _addressed_to(call: Any, user: str) -> bool:
    """Calls that only the person themself sees (their DM, Home, ephemerals, lookups)."""
    args = call.args
    return (
        args.get("user") == user
        or args.get("user_id") == user
        or args.get("users") == user
        or args.get("channel") == dm_channel_id(user)
    )


def test_top_and_home_show_the_board_without_the_anonymous_author(bot: Bot) -> None:
    _submit(bot, ANON, "Salary bands published internally", anonymous=True)
    _submit(bot, NAMED, "Bike racks by the front door")
    anon_idea, named_idea = _idea_id(bot, "Salary bands"), _idea_id(bot, "Bike racks")
    for voter in VOTERS:
        bot.container.ideas.set_vote(Actor(TEAM_ID, voter), anon_idea, True)
    bot.container.ideas.set_vote(Actor(TEAM_ID, VOTERS[0]), named_idea, True)
    bot.settle()
    admin = Actor(TEAM_ID, bot.container.settings.admins[0])
    bot.container.ideas.set_status(admin, anon_idea, IdeaStatus.ACCEPTED, "Good one")
    bot.settle()

    # Anyone's /idea top: the named author only (2 + 1), never the anonymous one.
    assert bot.send(bot.slack.slash_command("/idea", "top", user_id=VOTERS[1])).status_code == 200
    bot.settle()
    top = bot.fake.last("chat.postEphemeral")
    assert top.args["user"] == VOTERS[1]
    shown = json.dumps(top.args)
    assert f"<@{NAMED}>" in shown and "3 pts" in shown
    assert ANON not in shown

    # The anonymous author sees their private total in their own Home, not on the board.
    assert bot.send(bot.slack.home_opened(ANON)).status_code == 200
    bot.settle()
    home = json.dumps(bot.fake.home_views[ANON]["blocks"])
    assert f"<@{ANON}>" not in home
    assert "plus 9 pts from anonymous ideas" in home  # 2 submit + 2 votes + 5 accepted

    # Nothing sent to anyone else names the anonymous author, by id or by name.
    name = bot.fake.user_record(ANON)["real_name"]
    leaks = [
        call.method
        for call in bot.fake.calls
        if not _addressed_to(call, ANON) and (ANON in str(call.args) or name in str(call.args))
    ]
    assert leaks == []
    bot.fake.assert_no_violations()
