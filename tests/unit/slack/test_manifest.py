"""The manifest declares everything the code registers (Bolt listeners) and uses."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings
from bot.container import Container
from bot.slack.app import SlackApp, build_slack_app
from bot.slack.config import slack_config
from bot.slack.manifest import bot_scopes, manifest
from tests.fakes.slack_api import FakeSlack, scopes_for_event

# Manifest event names for Bolt's event types (Slack names message events by channel type).
EVENT_NAMES = {"message": "message.im"}


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as server:
        yield server


def _build(tmp_path: Path, fake: FakeSlack, **slack: str) -> Iterator[SlackApp]:
    values: dict[str, Any] = {
        "IDEABOT_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}",
        "SLACK_SIGNING_SECRET": "secret",
        "SLACK_API_URL": fake.base_url,
        **slack,
    }
    settings = Settings(**values)
    container = Container(settings)
    app = build_slack_app(container, slack_config(settings, "http"))
    yield app
    app.close()
    container.close()


@pytest.fixture(params=["single", "oauth"])
def slack_app(
    request: pytest.FixtureRequest, tmp_path: Path, fake: FakeSlack
) -> Iterator[SlackApp]:
    if request.param == "single":
        yield from _build(tmp_path, fake, SLACK_BOT_TOKEN="xoxb-test")
    else:
        yield from _build(tmp_path, fake, SLACK_CLIENT_ID="1.2", SLACK_CLIENT_SECRET="s")


def test_every_listener_is_in_the_registry(slack_app: SlackApp) -> None:
    # Nothing bypassed the registry, so what the next tests check is all there is.
    assert slack_app.registry.count == len(slack_app.app._listeners)


def test_events_are_subscribed_and_their_scopes_granted(slack_app: SlackApp) -> None:
    subscribed = set(manifest()["settings"]["event_subscriptions"]["bot_events"])
    granted = set(bot_scopes())
    for event in slack_app.registry.events:
        name = EVENT_NAMES.get(event, event)
        assert name in subscribed, f"{name} is handled but not in manifest bot_events"
        needed = scopes_for_event(name)
        assert not needed or needed & granted, f"{name} needs one of {needed}"


def test_commands_and_shortcuts_are_declared(slack_app: SlackApp) -> None:
    features = manifest()["features"]
    commands = {c["command"] for c in features["slash_commands"]}
    shortcuts = {(s["type"], s["callback_id"]) for s in features["shortcuts"]}
    assert set(slack_app.registry.commands) <= commands
    assert {("message", c) for c in slack_app.registry.message_shortcuts} <= shortcuts
    assert {("global", c) for c in slack_app.registry.global_shortcuts} <= shortcuts
    assert "commands" in bot_scopes()


def test_interactivity_and_home_are_enabled() -> None:
    settings = manifest()["settings"]
    features = manifest()["features"]
    assert settings["interactivity"]["is_enabled"] is True
    assert features["app_home"]["home_tab_enabled"] is True
    assert features["app_home"]["messages_tab_enabled"] is True
    assert settings["org_deploy_enabled"] is False


def test_oauth_clients_use_slack_api_url(tmp_path: Path, fake: FakeSlack) -> None:
    for app in _build(tmp_path, fake, SLACK_CLIENT_ID="1.2", SLACK_CLIENT_SECRET="s"):
        flow = app.app.oauth_flow
        assert flow is not None and flow.client.base_url == fake.base_url
        assert app.app.client.base_url == fake.base_url
        assert flow.settings.install_path == "/slack/install"
