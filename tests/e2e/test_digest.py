"""/digest and "weekly digest" through Slack: an admin gets the digest in a DM as
Block Kit sections with the chart uploaded (files.getUploadURLExternal, the upload,
files.completeUploadExternal); an employee is refused politely; escaped idea text."""

from __future__ import annotations

from bot.core.models import NewIdea
from tests.e2e.harness import Bot
from tests.fakes.slack_api import TEAM_ID, dm_channel_id

ADMIN = "U0ADMIN"


def _seed(bot: Bot) -> None:
    for n, (title, text) in enumerate(
        [
            ("More bike racks", "Covered bike parking for cyclists at the entrance"),
            ("Bike parking <!channel>", "Covered bike racks for people who cycle to work"),
            ("Solar panels", "Solar panels on the warehouse roof to cut the power bill"),
        ]
    ):
        bot.container.ideas.create(
            NewIdea(
                team_id=TEAM_ID,
                title=title,
                description=text,
                author_id=f"U0AUTHOR{n}",
                author_name=f"Author {n}",
            )
        )
    bot.settle()


def _digest_arrived(bot: Bot, user: str) -> None:
    dm = dm_channel_id(user)
    bot.fake.wait_for("files.completeUploadExternal", timeout=30)
    posts = [m for m in bot.fake.messages_in(dm) if m.get("blocks")]
    digest = [m for m in posts if m["blocks"][0].get("type") == "header"]
    assert digest, posts
    text = str(digest[-1]["blocks"])
    # The bot (and its database) is shared by this module's tests: count what is there.
    count = len(bot.container.ideas.list_ideas(TEAM_ID))
    assert f"New ideas:* {count} " in text and "Emerging themes" in text
    assert "<!channel>" not in text and "&lt;!channel&gt;" in text
    completed = bot.fake.wait_for("files.completeUploadExternal", timeout=20)
    assert completed[-1].args["channel_id"] == dm
    file_id = completed[-1].args["files"][0]["id"]
    assert bot.fake.uploads[file_id][:8] == b"\x89PNG\r\n\x1a\n"
    bot.fake.assert_no_violations()


def test_slash_digest_as_admin_dm_with_chart(bot: Bot) -> None:
    _seed(bot)
    response = bot.send(bot.slack.slash_command("/digest", "7", user_id=ADMIN))
    assert response.status_code == 200
    assert "Working on the digest for the last 7 days" in response.text
    bot.settle()
    _digest_arrived(bot, ADMIN)


def test_weekly_digest_in_a_dm_gives_the_same(bot: Bot) -> None:
    _seed(bot)
    assert bot.send(bot.slack.dm(ADMIN, "weekly digest")).status_code == 200
    bot.settle()
    bot.settle()
    _digest_arrived(bot, ADMIN)


def test_employee_is_refused_politely(bot: Bot) -> None:
    response = bot.send(bot.slack.slash_command("/digest", "", user_id="U0EMPLOYEE"))
    assert response.status_code == 200
    assert "Digests are for programme admins" in response.text
    bot.settle()
    assert bot.fake.calls_to("files.completeUploadExternal") == []
    assert bot.fake.messages_in(dm_channel_id("U0EMPLOYEE")) == []
    bot.fake.assert_no_violations()
