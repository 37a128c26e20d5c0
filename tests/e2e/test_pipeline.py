"""Status changes through the real HTTP server against the fake Slack (issue 9):
forged clicks and submissions refused politely, a manager declining (without, then
with a reason) and accepting, everyone told, an anonymous author never revealed,
and roles from a Slack user group and from workspace admin flags."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from bot.core.models import Actor, Idea, IdeaStatus, NewIdea
from retrieval.embeddings import LocalEmbedder
from tests.conftest import _truncate_all
from tests.e2e.harness import IDEAS_CHANNEL, Bot, running_bot, settings_for
from tests.fakes.slack_api import TEAM_ID, FakeSlack, dm_channel_id
from tests.fakes.slack_requests import static_select, text_value

AUTHOR = "U0ANONAUTH"
VOTERS = ("U0VOTE1", "U0VOTE2")
GROUP_MANAGER = "U0GROUPIE"
WORKSPACE_OWNER = "U0OWNER"


@pytest.fixture(scope="module")
def bot(
    tmp_path_factory: pytest.TempPathFactory,
    pg_database: str | None,
    fake_slack: FakeSlack,
    embedder: LocalEmbedder,
) -> Iterator[Bot]:
    fake_slack.usergroups = {"S0INNO": {"handle": "innovation-team", "users": [GROUP_MANAGER]}}
    fake_slack.users[WORKSPACE_OWNER] = {"is_owner": True}
    root = tmp_path_factory.mktemp("e2e-pipeline")
    url = pg_database or f"sqlite:///{root / 'ideabot.db'}"
    settings = settings_for(
        root / "data",
        url,
        fake_slack,
        IDEABOT_MANAGERS="U0MGR,@innovation-team",
        IDEABOT_SLACK_ADMINS_ARE_ADMINS="true",
    )
    with running_bot(settings, fake_slack, embedder) as b:
        yield b
    if pg_database:
        _truncate_all(pg_database)


def _anonymous_idea(bot: Bot, title: str) -> tuple[Idea, dict[str, Any]]:
    """An anonymous idea with its card in the channel and two votes on it."""
    author = Actor(TEAM_ID, AUTHOR, "Secret Sam")
    idea = bot.container.ideas.create(
        NewIdea(
            team_id=TEAM_ID,
            title=title,
            description=f"{title}, described at some length",
            author_id=AUTHOR,
            author_name="Secret Sam",
            anonymous=True,
        ),
        author,
    )
    for voter in VOTERS:
        bot.container.ideas.set_vote(Actor(TEAM_ID, voter), idea.id, True)
    bot.container.outbox.drain()
    bot.settle()
    card = next(m for m in bot.fake.messages_in(IDEAS_CHANNEL) if title in m["text"])
    bot.fake.reset()
    return idea, card


def _choose(bot: Bot, user: str, idea: Idea, card: dict[str, Any], status: str) -> None:
    action = static_select("idea_status", f"{idea.id}:{status}")
    request = bot.slack.block_actions(action, user_id=user, channel_id=IDEAS_CHANNEL, message=card)
    assert bot.send(request).status_code == 200
    bot.settle()


def _submit(bot: Bot, user: str, idea: Idea, status: str, reason: str | None) -> Any:
    metadata = json.dumps({"idea": str(idea.id), "status": status, "origin": "channel"})
    request = bot.slack.view_submission(
        "idea_status_modal",
        {"reason": {"value": text_value(reason)}},
        user_id=user,
        private_metadata=metadata,
    )
    response = bot.send(request)
    assert response.status_code == 200
    bot.settle()
    bot.container.outbox.drain()
    bot.settle()
    return response.json() if response.content else {}


def _status(bot: Bot, idea: Idea) -> IdeaStatus:
    found = bot.container.ideas.get(TEAM_ID, idea.id)
    assert found is not None
    return found.status


def test_an_employee_forging_the_menu_and_the_modal_is_refused_and_nothing_changes(
    bot: Bot,
) -> None:
    idea, card = _anonymous_idea(bot, "Bike racks by the entrance")

    _choose(bot, "U0EMPLOYEE", idea, card, "accepted")
    told = bot.fake.wait_for("response_url")[-1].args
    assert told["response_type"] == "ephemeral"
    assert "managers and admins" in told["text"]
    assert bot.fake.calls_to("views.open") == []

    answer = _submit(bot, "U0EMPLOYEE", idea, "declined", "forged")
    assert answer["response_action"] == "update"
    assert "managers and admins" in json.dumps(answer["view"])

    assert _status(bot, idea) is IdeaStatus.NEW
    assert bot.fake.calls_to("chat.update") == []
    assert bot.fake.calls_to("chat.postMessage") == []
    bot.fake.assert_no_violations()


def test_a_manager_declines_without_then_with_a_reason_and_everyone_is_told(bot: Bot) -> None:
    idea, card = _anonymous_idea(bot, "Quiet room on floor two")

    _choose(bot, "U0MGR", idea, card, "declined")
    modal = bot.fake.last("views.open").args["view"]
    assert modal["callback_id"] == "idea_status_modal"

    refused = _submit(bot, "U0MGR", idea, "declined", "")
    assert refused["response_action"] == "errors" and "reason" in refused["errors"]
    assert _status(bot, idea) is IdeaStatus.NEW

    _submit(bot, "U0MGR", idea, "declined", "No room <left> & no budget")
    assert _status(bot, idea) is IdeaStatus.DECLINED

    # The card updates in place with the status and the (escaped) reason.
    updates = [c.args for c in bot.fake.calls_to("chat.update") if c.args["ts"] == card["ts"]]
    assert updates
    shown = json.dumps(updates[-1]["blocks"])
    assert "declined" in shown and "No room &lt;left&gt; &amp; no budget" in shown

    # The author and every voter, in DM, with the reason.
    for person in (AUTHOR, *VOTERS):
        texts = [m["text"] for m in bot.fake.messages_in(dm_channel_id(person))]
        assert any("No room" in t and "declined" in t.lower() for t in texts), person
    author_notice = bot.fake.messages_in(dm_channel_id(AUTHOR))[-1]
    assert "status_notices_off" in json.dumps(author_notice["blocks"])

    # Nothing sent to Slack names the anonymous author; their id appears only in the
    # calls that reach them (opening their DM).
    for call in bot.fake.calls:
        sent = json.dumps(call.args)
        assert "Secret Sam" not in sent, call.method
        if AUTHOR in sent:
            assert call.method == "conversations.open" and call.args["users"] == AUTHOR
    bot.fake.assert_no_violations()


def test_a_manager_accepts_without_a_reason(bot: Bot) -> None:
    idea, card = _anonymous_idea(bot, "Shared team calendar")
    _choose(bot, "U0MGR", idea, card, "accepted")
    assert bot.fake.last("views.open")
    _submit(bot, "U0MGR", idea, "accepted", None)

    assert _status(bot, idea) is IdeaStatus.ACCEPTED
    for person in (AUTHOR, *VOTERS):
        assert any("accepted" in m["text"] for m in bot.fake.messages_in(dm_channel_id(person)))
    bot.fake.assert_no_violations()


def test_roles_come_from_a_user_group_and_from_workspace_admin_flags(bot: Bot) -> None:
    idea, _ = _anonymous_idea(bot, "Plants in the open space")

    _submit(bot, GROUP_MANAGER, idea, "under_review", None)
    assert _status(bot, idea) is IdeaStatus.UNDER_REVIEW

    _submit(bot, WORKSPACE_OWNER, idea, "in_progress", "Ordered")
    assert _status(bot, idea) is IdeaStatus.IN_PROGRESS

    refused = _submit(bot, "U0NOBODY", idea, "implemented", None)
    assert refused["response_action"] == "update"
    assert _status(bot, idea) is IdeaStatus.IN_PROGRESS
    bot.fake.assert_no_violations()


def test_the_author_opts_out_with_the_notice_button(bot: Bot) -> None:
    from tests.fakes.slack_requests import button

    idea, _ = _anonymous_idea(bot, "Standing desks")
    request = bot.slack.block_actions(
        button("status_notices_off", "off"), user_id=AUTHOR, channel_id=dm_channel_id(AUTHOR)
    )
    assert bot.send(request).status_code == 200
    bot.settle()
    assert "status_notices_on" in json.dumps(bot.fake.wait_for("response_url")[-1].args)

    _submit(bot, "U0MGR", idea, "accepted", None)
    assert bot.fake.messages_in(dm_channel_id(AUTHOR)) == []
    assert all(bot.fake.messages_in(dm_channel_id(v)) for v in VOTERS)
