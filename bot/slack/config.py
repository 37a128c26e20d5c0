"""Which Slack settings a mode needs, checked once, with one message naming the variable."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.config import Settings
from bot.errors import ConfigurationError

Mode = Literal["socket", "http"]


@dataclass(frozen=True)
class SlackConfig:
    mode: Mode
    api_url: str
    signing_secret: str | None
    bot_token: str | None
    app_token: str | None
    client_id: str | None
    client_secret: str | None
    ideas_channel: str | None
    workers: int

    @property
    def oauth(self) -> bool:
        return self.bot_token is None


def slack_config(settings: Settings, mode: str) -> SlackConfig:
    """Validate the settings for `mode`; raise ConfigurationError naming what to fix."""
    if mode not in ("socket", "http"):
        raise ConfigurationError(f"unknown mode {mode!r}: use --socket or --http")
    bot_token = settings.slack_bot_token
    client_id, client_secret = settings.slack_client_id, settings.slack_client_secret
    if bot_token and (client_id or client_secret):
        raise ConfigurationError(
            "SLACK_BOT_TOKEN is set together with SLACK_CLIENT_ID/SLACK_CLIENT_SECRET: "
            "set SLACK_BOT_TOKEN for one workspace, or SLACK_CLIENT_ID and "
            "SLACK_CLIENT_SECRET for OAuth installs in many, not both"
        )
    if not bot_token:
        if not client_id and not client_secret:
            raise ConfigurationError(
                "SLACK_BOT_TOKEN is not set: set it (xoxb-…) for one workspace, or set "
                "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET for OAuth installs"
            )
        missing = "SLACK_CLIENT_SECRET" if client_id else "SLACK_CLIENT_ID"
        if not (client_id and client_secret):
            raise ConfigurationError(f"{missing} is not set: OAuth installs need both")
    if bot_token and not bot_token.startswith("xox"):
        raise ConfigurationError("SLACK_BOT_TOKEN does not look like a Slack bot token (xoxb-…)")
    if mode == "http" and not settings.slack_signing_secret:
        raise ConfigurationError(
            "SLACK_SIGNING_SECRET is not set: --http needs it to verify requests come from "
            "Slack (Basic Information > App Credentials)"
        )
    if mode == "socket":
        if not settings.slack_app_token:
            raise ConfigurationError(
                "SLACK_APP_TOKEN is not set: --socket needs an app-level token (xapp-…) "
                "with the connections:write scope"
            )
        if not settings.slack_app_token.startswith("xapp-"):
            raise ConfigurationError("SLACK_APP_TOKEN must be an app-level token (xapp-…)")
        if not bot_token:
            raise ConfigurationError(
                "SLACK_CLIENT_ID/SLACK_CLIENT_SECRET (OAuth) need --http to serve "
                "/slack/install and /slack/oauth_redirect; with --socket set SLACK_BOT_TOKEN"
            )
    return SlackConfig(
        mode="socket" if mode == "socket" else "http",
        api_url=settings.slack_api_url,
        signing_secret=settings.slack_signing_secret,
        bot_token=bot_token,
        app_token=settings.slack_app_token,
        client_id=None if bot_token else client_id,
        client_secret=None if bot_token else client_secret,
        ideas_channel=(settings.ideas_channel or "").lstrip("#") or None,
        workers=settings.workers,
    )
