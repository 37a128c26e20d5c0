"""Every WebClient the app uses: SLACK_API_URL as base_url, and retries on 429."""

from __future__ import annotations

import logging
import threading
from typing import Any

from slack_sdk import WebClient
from slack_sdk.http_retry import RetryHandler, default_retry_handlers
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

log = logging.getLogger(__name__)

# Slack's Retry-After is usually a second or two; three tries ride out a burst.
RATE_LIMIT_RETRIES = 3


def retry_handlers() -> list[RetryHandler]:
    return [
        *default_retry_handlers(),
        RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES),
    ]


def make_client(api_url: str, token: str | None = None) -> WebClient:
    return WebClient(token=token, base_url=api_url, retry_handlers=retry_handlers())


class ClientPool:
    """A bot client for a workspace: the one token, or the token of its installation."""

    def __init__(
        self, api_url: str, bot_token: str | None, installation_store: Any | None = None
    ) -> None:
        self.api_url = api_url
        self.installation_store = installation_store
        self._single = make_client(api_url, bot_token) if bot_token else None
        self._by_token: dict[str, WebClient] = {}
        self._lock = threading.Lock()

    def for_team(self, team_id: str | None, enterprise_id: str | None = None) -> WebClient | None:
        if self._single is not None:
            return self._single
        if self.installation_store is None:
            return None
        bot = self.installation_store.find_bot(enterprise_id=enterprise_id, team_id=team_id)
        if bot is None or not bot.bot_token:
            log.warning("no installation for team %s: cannot call Slack for it", team_id)
            return None
        with self._lock:
            client = self._by_token.get(bot.bot_token)
            if client is None:
                client = self._by_token[bot.bot_token] = make_client(self.api_url, bot.bot_token)
            return client
