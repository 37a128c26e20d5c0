"""Who is talking: the name and locale Slack knows, looked up once per person and process."""

from __future__ import annotations

import logging
import threading
from dataclasses import replace

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.models import Actor

log = logging.getLogger(__name__)


class People:
    def __init__(self, default_locale: str = "en") -> None:
        self.default_locale = default_locale
        self._known: dict[tuple[str, str], tuple[str | None, str | None]] = {}
        self._lock = threading.Lock()

    def named(self, client: WebClient, actor: Actor) -> Actor:
        """The actor with their Slack name and locale (runs on a worker: it may call
        users.info). Without a Slack locale, the configured default."""
        key = (actor.team_id, actor.user_id)
        with self._lock:
            found = self._known.get(key)
        if found is None:
            found = self._lookup(client, actor.user_id)
            with self._lock:
                self._known[key] = found
        name, locale = found
        return replace(actor, name=actor.name or name, locale=locale or self.default_locale)

    @staticmethod
    def _lookup(client: WebClient, user_id: str) -> tuple[str | None, str | None]:
        try:
            user = client.users_info(user=user_id, include_locale=True)["user"]
        except SlackApiError as exc:
            log.warning("users.info failed for %s: %s", user_id, exc.response.get("error"))
            return None, None
        profile = user.get("profile") or {}
        locale = user.get("locale")
        name = None
        for candidate in (
            profile.get("real_name"),
            user.get("real_name"),
            profile.get("display_name"),
        ):
            if isinstance(candidate, str) and candidate.strip():
                name = candidate.strip()
                break
        return name, locale if isinstance(locale, str) and locale.strip() else None
