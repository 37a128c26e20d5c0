"""Terms in Slack (IDEABOT_TERMS): the first DM submission shows them and waits for
"I accept", which records the date and submits; the /idea modal refuses someone who
has not accepted, telling them how to, and submits nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from retrieval.embeddings import LocalEmbedder
from tests.conftest import _truncate_all
from tests.e2e.harness import Bot, running_bot, settings_for
from tests.fakes.slack_api import TEAM_ID, FakeSlack, dm_channel_id
from tests.fakes.slack_requests import button, text_value

TERMS = "Ideas submitted here belong to the company. Reviewers may read them."
IDEA = "We should put bike racks near the north entrance because people lock bikes to the fence"
BENEFIT = "Employees who cycle to work would benefit, and the fence would not get damaged"


@pytest.fixture(scope="module")
def bot(
    tmp_path_factory: pytest.TempPathFactory,
    pg_database: str | None,
    fake_slack: FakeSlack,
    embedder: LocalEmbedder,
) -> Iterator[Bot]:
    """A bot of its own: this module's runs with terms set."""
    root = tmp_path_factory.mktemp("e2e-terms")
    url = pg_database or f"sqlite:///{root / 'ideabot.db'}"
    settings = settings_for(root / "data", url, fake_slack, IDEABOT_TERMS=TERMS)
    with running_bot(settings, fake_slack, embedder) as running:
        yield running
    if pg_database:
        _truncate_all(pg_database)


def _buttons(message: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found = {}
    for block in message.get("blocks", []):
        for element in block.get("elements", []) if block.get("type") == "actions" else []:
            found[element["text"]["text"]] = element
    return found


def _last_dm(bot: Bot, user: str) -> dict[str, Any]:
    return bot.fake.messages_in(dm_channel_id(user))[-1]


def _dm(bot: Bot, user: str, text: str) -> dict[str, Any]:
    assert bot.send(bot.slack.dm(user, text)).status_code == 200
    bot.settle()
    return _last_dm(bot, user)


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


def _accepted_at(bot: Bot, user: str) -> object:
    with bot.container.store.unit_of_work() as uow:
        profile = uow.people.find_profile(TEAM_ID, user)
    return profile.terms_accepted_at if profile else None


def _modal_submit(bot: Bot, user: str, title: str) -> None:
    values = {
        "title": {"value": text_value(title)},
        "description": {"value": text_value(f"{title}: it would help every team a lot")},
    }
    response = bot.send(bot.slack.view_submission("idea_modal", values, user_id=user))
    assert response.status_code == 200
    bot.settle()


def test_first_dm_submission_waits_for_i_accept(bot: Bot) -> None:
    user = "U0TERMSDM"
    _dm(bot, user, IDEA)
    preview = _dm(bot, user, BENEFIT)
    _click(bot, user, preview, "Submit")

    asked = _last_dm(bot, user)
    assert TERMS in asked["text"] and "I accept" in _buttons(asked)
    assert bot.container.ideas.list_ideas(TEAM_ID, author_key=user) == []
    assert _accepted_at(bot, user) is None

    _click(bot, user, asked, "I accept")
    ideas = bot.container.ideas.list_ideas(TEAM_ID, author_key=user)
    assert [i.title for i in ideas] == ["Put bike racks near the north entrance"]
    assert _accepted_at(bot, user) is not None
    told = " ".join(m["text"] for m in bot.fake.messages_in(dm_channel_id(user))[-2:])
    assert "acceptance of the terms is recorded" in told and "Submitted as #" in told
    # The clicked terms message loses its buttons: no second acceptance or submission.
    spent = bot.fake.message(dm_channel_id(user), asked["ts"])
    assert spent is not None and _buttons(spent) == {}

    # Accepted once: the modal now goes straight through.
    _modal_submit(bot, user, "Quiet rooms on every floor")
    assert len(bot.container.ideas.list_ideas(TEAM_ID, author_key=user)) == 2
    bot.fake.assert_no_violations()


def test_the_modal_refuses_who_has_not_accepted(bot: Bot) -> None:
    user = "U0TERMSMODAL"
    _modal_submit(bot, user, "Standing desks for everyone")

    assert bot.container.ideas.list_ideas(TEAM_ID, author_key=user) == []
    assert _accepted_at(bot, user) is None
    refusal = _last_dm(bot, user)
    assert "accept the programme's terms" in refusal["text"] and "I accept" in refusal["text"]
    # Nothing reached the ideas channel.
    posted = [c for c in bot.fake.calls_to("chat.postMessage") if "Standing desks" in str(c.args)]
    assert posted == []
    bot.fake.assert_no_violations()
