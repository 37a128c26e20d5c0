"""Which workspaces a scheduled digest goes to under OAuth: IDEABOT_TEAM_ID's only
(its recipients are that workspace's people), and none when it is not installed."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from bot.slack.clients import ClientPool
from bot.slack.digests import ScheduledDigests


@dataclass
class Bot:
    bot_token: str


class Installations:
    def __init__(self, *teams: str) -> None:
        self.teams = set(teams)

    def find_bot(self, *, enterprise_id: str | None, team_id: str | None) -> Bot | None:
        return Bot(f"xoxb-{team_id}") if team_id in self.teams else None


def test_many_workspaces_installed_only_the_configured_one_gets_it() -> None:
    pool = ClientPool("http://127.0.0.1:1/api/", None, Installations("T0MAIN", "T0OTHER"))
    assert ScheduledDigests(pool, "T0MAIN", None).teams() == ["T0MAIN"]


def test_a_configured_workspace_not_installed_gets_none_and_says_so(
    caplog: pytest.LogCaptureFixture,
) -> None:
    pool = ClientPool("http://127.0.0.1:1/api/", None, Installations("T0OTHER"))
    assert ScheduledDigests(pool, "T0MAIN", None).teams() == []
    assert "T0MAIN" in caplog.text and "not installed" in caplog.text
