"""Missing or contradictory Slack settings: one message naming the variable."""

from __future__ import annotations

from typing import Any

import pytest

from bot.config import Settings
from bot.errors import ConfigurationError
from bot.slack.config import slack_config


def _settings(**values: str) -> Settings:
    options: dict[str, Any] = {"_env_file": None, **values}
    return Settings(**options)


@pytest.fixture(autouse=True)
def _no_slack_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in (
        "SLACK_BOT_TOKEN",
        "SLACK_SIGNING_SECRET",
        "SLACK_APP_TOKEN",
        "SLACK_CLIENT_ID",
        "SLACK_CLIENT_SECRET",
    ):
        monkeypatch.delenv(key, raising=False)


@pytest.mark.parametrize(
    ("mode", "values", "named"),
    [
        ("http", {"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET"),
        ("http", {"SLACK_SIGNING_SECRET": "s"}, "SLACK_BOT_TOKEN"),
        ("socket", {"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_APP_TOKEN"),
        ("socket", {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xoxb-2"}, "SLACK_APP_TOKEN"),
        (
            "http",
            {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_CLIENT_ID": "1", "SLACK_SIGNING_SECRET": "s"},
            "SLACK_CLIENT_ID",
        ),
        ("http", {"SLACK_CLIENT_ID": "1", "SLACK_SIGNING_SECRET": "s"}, "SLACK_CLIENT_SECRET"),
        ("http", {"SLACK_BOT_TOKEN": "nonsense", "SLACK_SIGNING_SECRET": "s"}, "SLACK_BOT_TOKEN"),
    ],
)
def test_bad_settings_name_the_variable(mode: str, values: dict[str, str], named: str) -> None:
    with pytest.raises(ConfigurationError) as raised:
        slack_config(_settings(**values), mode)
    message = str(raised.value)
    assert named in message and "\n" not in message


def test_good_settings() -> None:
    single = slack_config(_settings(SLACK_BOT_TOKEN="xoxb-1", SLACK_SIGNING_SECRET="s"), "http")
    assert not single.oauth
    oauth = slack_config(
        _settings(SLACK_CLIENT_ID="1", SLACK_CLIENT_SECRET="2", SLACK_SIGNING_SECRET="s"), "http"
    )
    assert oauth.oauth
    socket = slack_config(_settings(SLACK_BOT_TOKEN="xoxb-1", SLACK_APP_TOKEN="xapp-1"), "socket")
    assert socket.mode == "socket"


def test_cli_prints_one_line(tmp_path: object) -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "bot", "serve", "--http"],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "SLACK_BOT_TOKEN": "xoxb-1", "HOME": "/tmp"},
        cwd=str(tmp_path),
        timeout=60,
    )
    assert result.returncode != 0
    assert "SLACK_SIGNING_SECRET" in result.stderr
    assert "Traceback" not in result.stderr
