"""Stable choices in Slack DMs (issue 12): a typed number is never a hidden button,
nothing is submitted without its preview, and votes are cast or removed on purpose."""

from __future__ import annotations

from tests.e2e.harness import Bot
from tests.e2e.test_conversation import BENEFIT, IDEA, _buttons, _click, _dm, _replies_in
from tests.fakes.slack_api import TEAM_ID, dm_channel_id


def test_a_stray_number_in_a_dm_submits_nothing(bot: Bot) -> None:
    user = "U0STRAY"
    first = _dm(bot, user, IDEA)
    labels = list(_buttons(first))
    assert "Submit" in labels
    # Numbers were positions in the last message's buttons, invisible in Slack.
    _dm(bot, user, str(labels.index("Submit") + 1))
    assert bot.container.ideas.list_ideas(TEAM_ID, author_key=user) == []

    preview = _dm(bot, user, BENEFIT)
    assert {"Submit", "Edit", "Cancel"} <= set(_buttons(preview))
    again = _dm(bot, user, str(list(_buttons(preview)).index("Submit") + 1))
    assert "did nothing" in again["text"]
    assert "Submit" in _buttons(again)  # the open choices, offered again
    assert bot.container.ideas.list_ideas(TEAM_ID, author_key=user) == []

    _click(bot, user, again, "Submit")
    ideas = bot.container.ideas.list_ideas(TEAM_ID, author_key=user)
    assert len(ideas) == 1 and "bike racks" in ideas[0].title.lower()
    bot.fake.assert_no_violations()


def test_a_question_shows_the_draft_so_submit_sends_what_was_seen(bot: Bot) -> None:
    user = "U0EARLY"
    question = _dm(bot, user, IDEA)
    assert "Submit" in _buttons(question)
    assert "bike racks near the north entrance" in str(question["blocks"]).lower()
    _dm(bot, user, "submit")
    (idea,) = bot.container.ideas.list_ideas(TEAM_ID, author_key=user)
    assert idea.title.lower() in str(question["blocks"]).lower()
    bot.fake.assert_no_violations()


def test_upvote_in_a_dm_twice_then_remove_my_vote(bot: Bot) -> None:
    _dm(bot, "U0WRITER", IDEA)
    _dm(bot, "U0WRITER", BENEFIT)
    _dm(bot, "U0WRITER", "submit")
    idea = bot.container.ideas.list_ideas(TEAM_ID, author_key="U0WRITER")[0]

    user = "U0FAN"
    _dm(bot, user, f"upvote #{idea.id}")
    again = _dm(bot, user, f"upvote #{idea.id}")
    assert "already support" in again["text"]
    assert bot.container.ideas.get(TEAM_ID, idea.id).votes == 1  # type: ignore[union-attr]

    _click(bot, user, again, "Remove my vote")
    assert bot.container.ideas.get(TEAM_ID, idea.id).votes == 0  # type: ignore[union-attr]
    assert "removed" in _replies_in(bot, dm_channel_id(user))[-1]["text"]

    _dm(bot, user, f"upvote #{idea.id}")
    _dm(bot, user, "remove my vote")
    assert bot.container.ideas.get(TEAM_ID, idea.id).votes == 0  # type: ignore[union-attr]
    bot.fake.assert_no_violations()
