"""Roles from Slack: user-group members and workspace admins, cached with a TTL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.core.ports.roles import Role
from bot.slack.clients import ClientPool
from bot.slack.roles import SlackRoleDirectory
from tests.fakes.slack_api import TEAM_ID, FakeSlack


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as slack:
        slack.usergroups = {
            "S0INNO": {"handle": "innovation-team", "users": ["U0GROUPIE"]},
            "S0BOSS": {"handle": "bosses", "users": ["U0BOSS"]},
        }
        slack.users["U0OWNER"] = {"is_owner": True}
        slack.users["U0WSADMIN"] = {"is_admin": True}
        yield slack


def _directory(fake: FakeSlack, now: list[float], admins_flag: bool = True) -> SlackRoleDirectory:
    return SlackRoleDirectory(
        ClientPool(fake.base_url, "xoxb-test"),
        admin_entries=["U0LISTED", "@bosses"],
        manager_entries=["@innovation-team", "@no-such-group"],
        workspace_admins_are_admins=admins_flag,
        ttl=60,
        clock=lambda: now[0],
    )


def test_groups_and_workspace_flags_grant_roles(fake: FakeSlack) -> None:
    directory = _directory(fake, [0.0])
    assert directory.roles(TEAM_ID, "U0GROUPIE") == {Role.MANAGER}
    assert directory.roles(TEAM_ID, "U0BOSS") == {Role.ADMIN}
    assert directory.roles(TEAM_ID, "U0OWNER") == {Role.ADMIN}
    assert directory.roles(TEAM_ID, "U0WSADMIN") == {Role.ADMIN}
    assert directory.roles(TEAM_ID, "U0NOBODY") == frozenset()
    fake.assert_no_violations()


def test_workspace_admins_count_only_when_configured(fake: FakeSlack) -> None:
    directory = _directory(fake, [0.0], admins_flag=False)
    assert directory.roles(TEAM_ID, "U0OWNER") == frozenset()
    assert fake.calls_to("users.info") == []


def test_answers_are_cached_until_the_ttl_runs_out(fake: FakeSlack) -> None:
    now = [0.0]
    directory = _directory(fake, now)
    directory.roles(TEAM_ID, "U0NOBODY")
    calls = len(fake.calls)
    directory.roles(TEAM_ID, "U0NOBODY")
    assert len(fake.calls) == calls  # no second lookup within the TTL

    fake.usergroups["S0INNO"]["users"].append("U0NEWCOMER")
    assert directory.roles(TEAM_ID, "U0NEWCOMER") == frozenset()
    now[0] = 61.0
    assert directory.roles(TEAM_ID, "U0NEWCOMER") == {Role.MANAGER}


def test_a_slack_error_grants_nothing(fake: FakeSlack) -> None:
    fake.fail_next("usergroups.list", error="missing_scope")
    directory = _directory(fake, [0.0])
    assert Role.MANAGER not in directory.roles(TEAM_ID, "U0GROUPIE")
