"""A challenge end to end, through the real HTTP server against the fake Slack: the
refusal, the creation modal, the channel post and its button, ideas bound to it, the
live count, a reminder, the closing at the deadline (driven by the jobs runner with a
movable clock), the summary in the channel and to the creator, the "closed" post."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.core.challenges import CreateChallenge
from bot.core.models import Actor
from bot.core.ports.challenges import Challenge
from retrieval.embeddings import LocalEmbedder
from tests.conftest import _truncate_all
from tests.e2e.harness import Bot, running_bot, settings_for
from tests.fakes.slack_api import TEAM_ID, FakeSlack, dm_channel_id
from tests.fakes.slack_requests import (
    button,
    channel_value,
    date_value,
    static_select,
    text_value,
)

CHANNEL = "C0CHALL"
MANAGER = "U0MGR"


class Clock:
    """The challenges' idea of now, moved by the test (the runner keeps real time)."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def set(self, moment: datetime) -> None:
        self.offset = moment - datetime.now(UTC)


@pytest.fixture(scope="module")
def clock() -> Clock:
    return Clock()


@pytest.fixture(scope="module")
def bot(
    tmp_path_factory: pytest.TempPathFactory,
    pg_database: str | None,
    fake_slack: FakeSlack,
    embedder: LocalEmbedder,
    clock: Clock,
) -> Iterator[Bot]:
    root = tmp_path_factory.mktemp("e2e-challenges")
    url = pg_database or f"sqlite:///{root / 'ideabot.db'}"
    settings = settings_for(
        root / "data",
        url,
        fake_slack,
        IDEABOT_CHALLENGE_POLL_SECONDS="1",
        IDEABOT_OUTBOX_POLL_SECONDS="1",
        IDEABOT_CHALLENGE_REMINDERS="48h,2h",
    )
    with running_bot(settings, fake_slack, embedder) as b:
        b.container.challenges.clock = clock
        b.app.start_jobs()  # as `serve` does: the runner polls for deadlines
        yield b
    if pg_database:
        _truncate_all(pg_database)


def _eventually(check: Callable[[], Any], what: str, timeout: float = 20.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def _create_form(day: str, channel: str, title: str = "Greener offices") -> dict[str, Any]:
    return {
        "title": {"value": text_value(title)},
        "question": {"value": text_value("How can we cut energy use in our offices by 20%?")},
        "deadline_date": {"value": date_value(day)},
        "deadline_time": {"value": {"type": "timepicker", "selected_time": "17:00"}},
        "channel": {"value": channel_value(channel)},
        "tags": {"value": text_value("energy, buildings")},
        "criteria": {"value": text_value(None)},
    }


def _idea_form(title: str, description: str) -> dict[str, Any]:
    return {
        "title": {"value": text_value(title)},
        "description": {"value": text_value(description)},
    }


def _post(bot: Bot, challenge: Challenge) -> dict[str, Any]:
    assert challenge.message_ts is not None
    message = bot.fake.message(CHANNEL, challenge.message_ts)
    assert message is not None
    return message


def _post_text(bot: Bot, challenge: Challenge) -> str:
    return str(_post(bot, challenge)["blocks"])


def _challenge(bot: Bot) -> Challenge:
    (challenge,) = bot.container.challenges.listing(TEAM_ID)
    return challenge


def _submit_through_button(bot: Bot, challenge: Challenge, user: str, title: str) -> None:
    post = _post(bot, challenge)
    actions = next(b for b in post["blocks"] if b["type"] == "actions")
    element = actions["elements"][0]
    click = bot.slack.block_actions(
        button(element["action_id"], element["value"]),
        user_id=user,
        channel_id=CHANNEL,
        message=post,
    )
    assert bot.send(click).status_code == 200
    bot.settle()
    view = bot.fake.last("views.open").args["view"]
    assert "Greener offices" in str(view["blocks"])
    submit = bot.slack.view_submission(
        view["callback_id"],
        _idea_form(title, f"{title}, because energy matters."),
        user_id=user,
        private_metadata=view["private_metadata"],
    )
    response = bot.send(submit)
    assert response.status_code == 200 and not response.content.strip(), response.text
    bot.settle()


def test_a_challenge_from_the_modal_to_its_summary(bot: Bot, clock: Clock) -> None:
    # An employee is refused, politely and privately; no modal opens.
    refused = bot.send(bot.slack.slash_command("/challenge", user_id="U0EMP"))
    assert refused.status_code == 200
    # A plain-text ack is shown to the caller only (ephemeral).
    assert "Only managers and admins" in refused.text
    assert "in_channel" not in refused.text
    bot.settle()
    assert bot.fake.calls_to("views.open") == []

    # A manager gets the modal.
    assert bot.send(bot.slack.slash_command("/challenge", user_id=MANAGER)).status_code == 200
    bot.settle()
    modal = bot.fake.last("views.open").args["view"]
    assert modal["callback_id"] == "challenge_modal"

    # A past deadline, and a private channel the bot is not in: the modal says both.
    bot.fake.channels["G0SECRET"] = {"is_member": False, "is_private": True}
    yesterday = (datetime.now(UTC) - timedelta(days=1)).date().isoformat()
    past = bot.send(
        bot.slack.view_submission(
            "challenge_modal", _create_form(yesterday, "G0SECRET"), user_id=MANAGER
        )
    )
    assert past.json()["response_action"] == "errors"
    assert set(past.json()["errors"]) == {"deadline_date", "channel"}
    assert bot.container.challenges.listing(TEAM_ID) == []

    # A valid one: the deadline is read in the manager's time zone (Europe/Paris).
    # Tomorrow at 17:00 is less than 48 h away: no "48h left" reminder is owed.
    day = (datetime.now(UTC) + timedelta(days=1)).date()
    ok = bot.send(
        bot.slack.view_submission(
            "challenge_modal", _create_form(day.isoformat(), CHANNEL), user_id=MANAGER
        )
    )
    assert ok.status_code == 200 and not ok.content.strip(), ok.text
    bot.settle()
    challenge = _challenge(bot)
    paris = datetime(day.year, day.month, day.day, 17, 0, tzinfo=ZoneInfo("Europe/Paris"))
    assert challenge.deadline == paris.astimezone(UTC)
    assert challenge.created_by == MANAGER

    # The post, with its button.
    challenge = _eventually(lambda: _challenge(bot).message_ts and _challenge(bot), "the post")
    shown = _post_text(bot, challenge)
    assert "Greener offices" in shown and "Submit an idea" in shown
    assert "0 ideas from 0 participants" in shown

    # Two people submit three ideas through the button: bound, counted.
    _submit_through_button(bot, challenge, "U0ALICE", "Motion sensors for lights")
    _submit_through_button(bot, challenge, "U0ALICE", "Turn heating down one degree")
    _submit_through_button(bot, challenge, "U0BOB", "Solar panels on the roof")
    ideas = bot.container.ideas.list_ideas(TEAM_ID)
    assert sorted(i.challenge or "" for i in ideas) == ["Greener offices"] * 3
    _eventually(
        lambda: "3 ideas from 2 participants" in _post_text(bot, challenge), "the live count"
    )
    assert bot.fake.calls_to("chat.update")
    assert "Submitted as" in bot.fake.messages_in(dm_channel_id("U0BOB"))[-1]["text"]

    # Two hours before the deadline: one reminder in the channel (the 48 h one is not
    # owed: the challenge did not exist then).
    clock.set(challenge.deadline - timedelta(hours=2) + timedelta(minutes=1))
    reminder = _eventually(
        lambda: [m for m in bot.fake.messages_in(CHANNEL) if ":alarm_clock:" in m["text"]],
        "the reminder",
    )
    assert len(reminder) == 1 and "2h left" in reminder[0]["text"]
    assert "3 ideas so far" in reminder[0]["text"]

    # The deadline passes: closed once, the summary in the channel and to the creator.
    clock.set(challenge.deadline + timedelta(seconds=5))

    def summaries(channel: str) -> list[dict[str, Any]]:
        return [m for m in bot.fake.messages_in(channel) if ":checkered_flag:" in m["text"]]

    _eventually(lambda: summaries(CHANNEL) and summaries(dm_channel_id(MANAGER)), "the summary")
    (summary,) = summaries(CHANNEL)
    assert "3 ideas from 2 participants" in summary["text"]
    assert "Solar panels on the roof" in summary["text"]
    closed = _eventually(
        lambda: "Closed: no more ideas" in _post_text(bot, challenge), "the closed post"
    )
    assert closed
    assert "Submit an idea" not in _post_text(bot, challenge)
    assert not _challenge(bot).is_open

    # A late click on the old button is refused politely (nothing opens).
    opened = len(bot.fake.calls_to("views.open"))
    late = bot.slack.block_actions(
        button("challenge_submit", str(challenge.id)), user_id="U0LATE", channel_id=CHANNEL
    )
    assert bot.send(late).status_code == 200
    bot.settle()
    assert len(bot.fake.calls_to("views.open")) == opened
    time.sleep(2)  # a few more polls: still one summary
    assert len(summaries(CHANNEL)) == 1
    bot.fake.assert_no_violations()


def _menu(bot: Bot, challenge: Challenge, user: str, choice: str) -> None:
    post = _post(bot, challenge)
    actions = next(b for b in post["blocks"] if b["type"] == "actions")
    menu = next(e for e in actions["elements"] if e["type"] == "overflow")
    option = next(o for o in menu["options"] if o["value"].startswith(f"{choice}:"))
    picked = {**static_select(menu["action_id"], option["value"]), "type": "overflow"}
    click = bot.slack.block_actions(picked, user_id=user, channel_id=CHANNEL, message=post)
    assert bot.send(click).status_code == 200
    bot.settle()


def _extend_form(day: str) -> dict[str, Any]:
    return {
        "deadline_date": {"value": date_value(day)},
        "deadline_time": {"value": {"type": "timepicker", "selected_time": "12:00"}},
    }


def test_a_manager_extends_then_closes_early_from_the_post(bot: Bot, clock: Clock) -> None:
    clock.set(datetime.now(UTC))
    made = bot.container.challenges.create(
        CreateChallenge(
            Actor(TEAM_ID, MANAGER),
            "Fewer meetings",
            "Which meeting would you drop?",
            datetime.now(UTC) + timedelta(days=2),
            CHANNEL,
        )
    )
    assert isinstance(made, Challenge)
    challenge = _eventually(
        lambda: (c := bot.container.challenges.get(TEAM_ID, made.id)) and c.message_ts and c,
        "the post",
    )

    # An employee may not: a private refusal, nothing changes.
    _menu(bot, challenge, "U0EMP", "close")
    refusal = bot.fake.last("response_url").args
    assert "Only managers and admins" in refusal["text"]
    assert refusal.get("response_type") == "ephemeral"
    assert bot.container.challenges.get(TEAM_ID, made.id).is_open  # type: ignore[union-attr]

    # The manager extends: a past date keeps the modal open with the error...
    _menu(bot, challenge, MANAGER, "extend")
    view = bot.fake.last("views.open").args["view"]
    assert view["callback_id"] == "challenge_extend_modal"
    yesterday = (datetime.now(UTC) - timedelta(days=1)).date().isoformat()
    wrong = bot.send(
        bot.slack.view_submission(
            view["callback_id"],
            _extend_form(yesterday),
            user_id=MANAGER,
            private_metadata=view["private_metadata"],
        )
    )
    assert set(wrong.json()["errors"]) == {"deadline_date"}
    # ...a later one moves the deadline, and the post shows it.
    day = (datetime.now(UTC) + timedelta(days=5)).date()
    ok = bot.send(
        bot.slack.view_submission(
            view["callback_id"],
            _extend_form(day.isoformat()),
            user_id=MANAGER,
            private_metadata=view["private_metadata"],
        )
    )
    assert ok.status_code == 200 and not ok.content.strip(), ok.text
    bot.settle()
    moved = datetime(day.year, day.month, day.day, 12, tzinfo=ZoneInfo("Europe/Paris"))
    extended = bot.container.challenges.get(TEAM_ID, made.id)
    assert extended is not None and extended.deadline == moved.astimezone(UTC)
    stamp = str(int(moved.timestamp()))
    _eventually(lambda: stamp in _post_text(bot, challenge), "the post with the new deadline")

    # The manager closes it now: the post says closed, the summary follows once.
    _menu(bot, challenge, MANAGER, "close")
    assert "is closed" in bot.fake.last("response_url").args["text"]
    _eventually(lambda: "Closed: no more ideas" in _post_text(bot, challenge), "closed post")
    _eventually(
        lambda: [m for m in bot.fake.messages_in(CHANNEL) if "Fewer meetings" in m["text"]
                 and ":checkered_flag:" in m["text"]],
        "the summary",
    )  # fmt: skip
    time.sleep(2)  # polls pass: no second closing
    summaries = [m for m in bot.fake.messages_in(CHANNEL) if ":checkered_flag:" in m["text"]]
    assert len(summaries) == 1
    bot.fake.assert_no_violations()
