"""Talking to ideabot: DMs, mentions, /idea, retries, rate limits, injection."""

from __future__ import annotations

from typing import Any

from tests.e2e.harness import IDEAS_CHANNEL, Bot
from tests.fakes.slack_api import BOT_ID, BOT_USER_ID, TEAM_ID, dm_channel_id
from tests.fakes.slack_requests import button, message_im_event

IDEA = "We should put bike racks near the north entrance because people lock bikes to the fence"
BENEFIT = "Employees who cycle to work would benefit, and the fence would not get damaged"


def _replies_in(bot: Bot, channel: str) -> list[dict[str, Any]]:
    return bot.fake.messages_in(channel)


def _buttons(message: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found = {}
    for block in message.get("blocks", []):
        for element in block.get("elements", []) if block.get("type") == "actions" else []:
            found[element["text"]["text"]] = element
    return found


def _dm(bot: Bot, user: str, text: str) -> dict[str, Any]:
    """Send a DM, wait for the turn, return the bot's latest message in that DM."""
    assert bot.send(bot.slack.dm(user, text)).status_code == 200
    bot.settle()
    return _replies_in(bot, dm_channel_id(user))[-1]


def _click(bot: Bot, user: str, message: dict[str, Any], label: str) -> None:
    chosen = _buttons(message)[label]
    request = bot.slack.block_actions(
        button(chosen["action_id"], chosen.get("value", ""), text=label),
        user_id=user,
        channel_id=dm_channel_id(user),
        message=message,
    )
    assert bot.send(request).status_code == 200
    bot.settle()


def test_dm_intake_to_submission(bot: Bot) -> None:
    user = "U0ALICE"
    bot.fake.users[user] = {"real_name": "Alice Martin"}

    first = _dm(bot, user, IDEA)
    assert "benefit" in first["text"].lower()
    preview = _dm(bot, user, BENEFIT)
    assert {"Submit", "Submit anonymously", "Edit", "Cancel"} <= set(_buttons(preview))

    _click(bot, user, preview, "Submit")

    ideas = bot.container.ideas.list_ideas(TEAM_ID, author_key=user)
    assert [i.title for i in ideas] == ["Put bike racks near the north entrance"]
    assert ideas[0].author_name == "Alice Martin"
    confirmation = _replies_in(bot, dm_channel_id(user))[-1]
    assert "Submitted as #" in confirmation["text"]
    # The clicked preview keeps its content but loses its buttons: no second submit.
    spent = bot.fake.message(dm_channel_id(user), preview["ts"])
    assert spent is not None and _buttons(spent) == {}
    card = _replies_in(bot, IDEAS_CHANNEL)[-1]
    assert "bike racks" in card["text"].lower() and "Alice Martin" in str(card["blocks"])
    bot.fake.assert_no_violations()


def test_replies_replace_a_placeholder_in_place(bot: Bot) -> None:
    user = "U0PLACE"
    _dm(bot, user, "hello")
    posts = bot.fake.calls_to("chat.postMessage")
    updates = bot.fake.calls_to("chat.update")
    assert len(posts) == 1 and "Thinking" in posts[0].args["text"]
    assert (
        len(updates) == 1
        and updates[0].args["ts"] == _replies_in(bot, dm_channel_id(user))[0]["ts"]
    )
    bot.fake.assert_no_violations()


def test_retried_event_creates_one_reply(bot: Bot) -> None:
    user = "U0RETRY"
    first = bot.slack.dm(user, IDEA)
    assert bot.send(first).status_code == 200
    for attempt in (1, 2, 3):
        assert bot.send(bot.slack.retry(first, retry_num=attempt)).status_code == 200
    bot.settle()

    assert len(_replies_in(bot, dm_channel_id(user))) == 1
    bot.fake.assert_no_violations()


def test_double_clicked_submit_creates_one_idea_and_one_message(bot: Bot) -> None:
    user = "U0DOUBLE"
    _dm(bot, user, IDEA)
    preview = _dm(bot, user, BENEFIT)
    chosen = _buttons(preview)["Submit"]
    clicks = [
        bot.slack.block_actions(
            button(chosen["action_id"], text="Submit"),
            user_id=user,
            channel_id=dm_channel_id(user),
            message=preview,
        )
        for _ in range(2)
    ]
    for request in clicks:  # two clicks, two action_ts: a real double click
        assert bot.send(request).status_code == 200
    bot.send(clicks[0])  # and a replayed delivery of the first
    bot.settle()

    assert len(bot.container.ideas.list_ideas(TEAM_ID, author_key=user)) == 1
    submitted = [m for m in _replies_in(bot, dm_channel_id(user)) if "Submitted" in m["text"]]
    assert len(submitted) == 1
    bot.fake.assert_no_violations()


def test_own_and_edited_messages_are_ignored(bot: Bot) -> None:
    user = "U0QUIET"
    own = message_im_event(user, "I am the bot", channel=dm_channel_id(user))
    own.update(user=BOT_USER_ID, bot_id=BOT_ID)
    edited = message_im_event(user, "edited", channel=dm_channel_id(user))
    edited["subtype"] = "message_changed"
    for event in (own, edited):
        assert bot.send(bot.slack.event_callback(event)).status_code == 200
    bot.settle()

    assert bot.fake.calls_to("chat.postMessage") == []
    bot.fake.assert_no_violations()


def test_mention_answers_in_a_thread_once(bot: Bot) -> None:
    user = "U0MENTION"
    mention = bot.slack.mention(user, "similar: bike parking", channel="C0TEAM")
    event = mention.payload()["event"]
    # Slack may also deliver the same message as a `message` event (other event id).
    twin = dict(event, type="message", channel_type="channel")
    assert bot.send(mention).status_code == 200
    assert bot.send(bot.slack.event_callback(twin)).status_code == 200
    bot.settle()

    posts = bot.fake.calls_to("chat.postMessage")
    assert len(posts) == 1 and posts[0].args["thread_ts"] == event["ts"]
    assert len(_replies_in(bot, "C0TEAM")) == 1
    bot.fake.assert_no_violations()


def test_slash_idea_with_text_continues_in_dm(bot: Bot) -> None:
    user = "U0SLASH"
    response = bot.send(bot.slack.slash_command("/idea", IDEA, user_id=user))

    assert response.status_code == 200
    assert "direct messages" in response.text  # told where the answer is
    bot.settle()
    assert bot.fake.last("conversations.open").args["users"] == user
    reply = _replies_in(bot, dm_channel_id(user))[-1]
    assert "benefit" in reply["text"].lower()
    bot.fake.assert_no_violations()


def test_rate_limited_reply_is_still_delivered(bot: Bot) -> None:
    user = "U0LIMITED"
    bot.fake.rate_limit_next("chat.update", retry_after=1)

    _dm(bot, user, "hello")

    updates = bot.fake.calls_to("chat.update")
    assert len(updates) == 2  # 429, then the retry that landed
    assert "Thinking" not in _replies_in(bot, dm_channel_id(user))[-1]["text"]
    bot.fake.assert_no_violations()


def test_markup_typed_in_a_dm_never_reaches_slack_as_markup(bot: Bot) -> None:
    user = "U0INJECT"
    nasty = "<!channel> <@U0BOSS> <https://evil.example|click> we should fix the leaking roof"
    _dm(bot, user, nasty)
    preview = _dm(bot, user, "so staff stay dry and the floor is not damaged")
    _click(bot, user, preview, "Submit")

    everything = str([m for c in (dm_channel_id(user), IDEAS_CHANNEL) for m in _replies_in(bot, c)])
    for raw in ("<!channel>", "<@U0BOSS>", "<https://evil.example"):
        assert raw not in everything
    bot.fake.assert_no_violations()
