"""Modals, idea cards and votes, App Home."""

from __future__ import annotations

import time
from typing import Any

from bot.core.models import Actor
from tests.e2e.harness import IDEAS_CHANNEL, Bot
from tests.fakes.slack_api import TEAM_ID, dm_channel_id
from tests.fakes.slack_requests import button, text_value

CHECKED = {
    "type": "checkboxes",
    "selected_options": [{"value": "anonymous", "text": {"type": "plain_text", "text": "x"}}],
}


def _form(title: str | None, description: str | None, anonymous: bool = False) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title": {"value": text_value(title)},
        "description": {"value": text_value(description)},
    }
    if anonymous:
        values["anonymous"] = {"value": CHECKED}
    return values


def _submit(bot: Bot, user: str, values: dict[str, Any], **view: Any) -> Any:
    response = bot.send(bot.slack.view_submission("idea_modal", values, user_id=user, **view))
    assert response.status_code == 200
    bot.settle()
    return response


def _card(bot: Bot, idea_title: str) -> dict[str, Any]:
    return next(m for m in bot.fake.messages_in(IDEAS_CHANNEL) if idea_title in m["text"])


def _upvote_button(card: dict[str, Any]) -> dict[str, Any]:
    actions = next(b for b in card["blocks"] if b["type"] == "actions")
    element: dict[str, Any] = actions["elements"][0]
    return element


def test_save_as_idea_opens_a_prefilled_modal_with_a_link_back(bot: Bot) -> None:
    text = "Could we get a second coffee machine on floor 3? The queue at 9am is huge."
    request = bot.slack.message_action(
        "save_as_idea", user_id="U0SAVER", message_text=text, message_user="U0OTHER"
    )

    assert bot.send(request).status_code == 200
    bot.settle()

    view = bot.fake.last("views.open").args["view"]
    assert view["callback_id"] == "idea_modal"
    shown = str(view["blocks"])
    assert "second coffee machine" in shown
    permalink = bot.fake.last("chat.getPermalink")
    assert permalink.args["channel"] == "C0GENERAL"
    assert "slack.com/archives/C0GENERAL" in view["private_metadata"]

    _submit(
        bot,
        "U0SAVER",
        _form("Second coffee machine", text),
        private_metadata=view["private_metadata"],
    )

    idea = bot.container.ideas.list_ideas(TEAM_ID, author_key="U0SAVER")[0]
    assert idea.title == "Second coffee machine"
    assert "slack.com/archives/C0GENERAL" in idea.description
    assert "Submitted as" in bot.fake.messages_in(dm_channel_id("U0SAVER"))[-1]["text"]
    bot.fake.assert_no_violations()


def test_modal_validation_errors_keep_the_modal_open(bot: Bot) -> None:
    empty = _submit(bot, "U0FORM", _form("  ", ""))
    assert empty.json()["response_action"] == "errors"
    assert set(empty.json()["errors"]) == {"title", "description"}

    too_long = _submit(bot, "U0FORM", _form("x" * 201, "fine"))
    assert set(too_long.json()["errors"]) == {"title"}

    assert bot.container.ideas.list_ideas(TEAM_ID, author_key="U0FORM") == []
    # Fixed and submitted again from the same modal: goes through, once.
    fixed = _form("Quiet room", "A room for focused work")
    _submit(bot, "U0FORM", fixed, view_id="V0SAMEMODAL")
    _submit(bot, "U0FORM", fixed, view_id="V0SAMEMODAL")
    assert [i.title for i in bot.container.ideas.list_ideas(TEAM_ID, author_key="U0FORM")] == [
        "Quiet room"
    ]
    bot.fake.assert_no_violations()


def test_slash_idea_without_text_opens_the_modal(bot: Bot) -> None:
    response = bot.send(bot.slack.slash_command("/idea", "", user_id="U0MODAL"))

    assert response.status_code == 200
    bot.settle()
    assert bot.fake.last("views.open").args["view"]["callback_id"] == "idea_modal"
    bot.fake.assert_no_violations()


def test_upvote_counts_once_and_remove_my_vote_updates_the_card_in_place(bot: Bot) -> None:
    # Issue 12 changed this: a second Upvote click used to take the vote back (a
    # toggle nobody could see coming); now it says "you already support this" and
    # offers a separate "Remove my vote" button, which is what removes it.
    _submit(bot, "U0AUTHOR", _form("Standing desks", "Let people stand while working"))
    card = _card(bot, "Standing desks")
    upvote = _upvote_button(card)
    assert "(0)" in upvote["text"]["text"]

    def click(user: str, element: dict[str, Any], message: dict[str, Any]) -> None:
        request = bot.slack.block_actions(
            button(element["action_id"], element["value"]),
            user_id=user,
            channel_id=IDEAS_CHANNEL,
            message=message,
        )
        assert bot.send(request).status_code == 200

    click("U0VOTER", upvote, card)
    click("U0VOTER", upvote, card)  # a double click: still one vote
    bot.settle()
    shown = bot.fake.message(IDEAS_CHANNEL, card["ts"])
    assert shown is not None and "(1)" in _upvote_button(shown)["text"]["text"]
    assert bot.container.ideas.get(TEAM_ID, upvote["value"]).votes == 1  # type: ignore[union-attr]
    # Only the voter hears about it, through the response_url.
    assert any("vote" in c.args.get("text", "") for c in bot.fake.calls_to("response_url"))

    click("U0OTHER", upvote, card)
    bot.settle()
    assert bot.container.ideas.get(TEAM_ID, upvote["value"]).votes == 2  # type: ignore[union-attr]

    time.sleep(1.1)  # past the double-click window: a deliberate second click
    click("U0VOTER", upvote, card)
    bot.settle()
    assert bot.container.ideas.get(TEAM_ID, upvote["value"]).votes == 2  # type: ignore[union-attr]
    told = bot.fake.calls_to("response_url")[-1].args
    assert "already support" in told["text"]
    remove = _button_labelled(told["blocks"], "Remove my vote")

    click("U0VOTER", remove, {"type": "message", "ts": "1.000001", "blocks": told["blocks"]})
    bot.settle()
    assert bot.container.ideas.get(TEAM_ID, upvote["value"]).votes == 1  # type: ignore[union-attr]
    shown = bot.fake.message(IDEAS_CHANNEL, card["ts"])
    assert shown is not None and "(1)" in _upvote_button(shown)["text"]["text"]
    assert "removed" in bot.fake.calls_to("response_url")[-1].args["text"]
    bot.fake.assert_no_violations()


def _button_labelled(blocks: list[dict[str, Any]], label: str) -> dict[str, Any]:
    return next(
        element
        for block in blocks
        if block["type"] == "actions"
        for element in block["elements"]
        if element["text"]["text"] == label
    )


def test_anonymous_card_never_names_the_author(bot: Bot) -> None:
    bot.fake.users["U0SHY"] = {"real_name": "Shy Person"}
    _submit(
        bot,
        "U0SHY",
        _form("Anonymous feedback box", "A place to say hard things"),
    )
    _submit(bot, "U0SHY", _form("Secret suggestion", "Nobody must know it is me", anonymous=True))

    named = _card(bot, "Anonymous feedback box")
    secret = _card(bot, "Secret suggestion")
    assert "Shy Person" in str(named["blocks"])
    assert "Shy Person" not in str(secret) and "U0SHY" not in str(secret)
    bot.fake.assert_no_violations()


def test_mrkdwn_injection_is_escaped_on_the_card(bot: Bot) -> None:
    title = "<!channel> free lunch"
    description = "Ask <@U0BOSS> & see <https://evil.example|the menu>"
    _submit(bot, "U0INJECT2", _form(title, description))

    card = _card(bot, "free lunch")
    shown = str(card)
    for raw in ("<!channel>", "<@U0BOSS>", "<https://evil.example"):
        assert raw not in shown
    assert "&lt;!channel&gt;" in shown and "&lt;@U0BOSS&gt; &amp; see" in shown
    bot.fake.assert_no_violations()


def test_long_ideas_are_truncated_within_slack_limits(bot: Bot) -> None:
    _submit(bot, "U0LONG", _form("L" * 200, "word " * 599))

    card = _card(bot, "LLLL")
    title = card["blocks"][0]["text"]["text"].split("\n")[0]
    assert len(title) <= 152 and title.endswith("…*")
    assert all(len(b["text"]["text"]) <= 3000 for b in card["blocks"] if b["type"] == "section")
    bot.fake.assert_no_violations()


def test_app_home_shows_my_ideas_and_memory_with_delete(bot: Bot) -> None:
    user = "U0HOME"
    _submit(bot, user, _form("Bike repair day", "A monthly bike repair day in the car park"))
    bot.send(bot.slack.dm(user, "remember that I work in the Finance team"))
    bot.settle()
    bot.fake.reset()

    assert bot.send(bot.slack.home_opened(user)).status_code == 200
    bot.settle()

    home = bot.fake.home_views[user]
    text = str(home["blocks"])
    assert "Bike repair day" in text and "Finance" in text
    delete = next(
        b["accessory"]
        for b in home["blocks"]
        if b.get("accessory", {}).get("text", {}).get("text") == "Delete"
    )
    request = bot.slack.block_actions(
        button(delete["action_id"], delete["value"]), user_id=user, view=home
    )
    assert bot.send(request).status_code == 200
    bot.settle()

    assert bot.container.memory.items(Actor(TEAM_ID, user)) == []
    refreshed = str(bot.fake.home_views[user]["blocks"])
    assert "forgotten" in refreshed.lower()
    bot.fake.assert_no_violations()


def test_the_author_hears_when_the_status_changes_with_the_reason(bot: Bot) -> None:
    from bot.core.models import IdeaStatus

    _submit(bot, "U0AUTHOR", _form("Rooftop garden", "Grow herbs for the canteen on the roof"))
    (idea,) = [i for i in bot.container.ideas.list_ideas(TEAM_ID) if i.title == "Rooftop garden"]
    bot.fake.reset()
    reason = "The roof cannot carry the weight of soil beds."
    bot.container.ideas.set_status(Actor(TEAM_ID, "U0MGR"), idea.id, IdeaStatus.DECLINED, reason)
    bot.settle()
    notices = [
        c
        for c in bot.fake.calls_to("chat.postMessage")
        if c.args.get("channel") == dm_channel_id("U0AUTHOR")
    ]
    assert len(notices) == 1
    assert "declined" in notices[0].args["text"] and reason in notices[0].args["text"]
    bot.fake.assert_no_violations()


def test_a_forged_button_cannot_delete_another_persons_memory(bot: Bot) -> None:
    """An employee replays a "Delete" button with someone else's memory item id."""
    owner, forger = "U0OWNER", "U0FORGER"
    bot.send(bot.slack.dm(owner, "remember that I work in the Finance team"))
    bot.settle()
    (item,) = bot.container.memory.items(Actor(TEAM_ID, owner))
    bot.fake.reset()

    forged = bot.slack.block_actions(
        button("ideabot:forget_memory", str(item.id)),
        user_id=forger,
        channel_id=dm_channel_id(forger),
    )
    assert bot.send(forged).status_code == 200
    bot.settle()

    assert [i.id for i in bot.container.memory.items(Actor(TEAM_ID, owner))] == [item.id]
    said = " ".join(m["text"] for m in bot.fake.messages_in(dm_channel_id(forger)))
    assert "don't remember anything like that" in said
    assert "Finance" not in said
    bot.fake.assert_no_violations()
