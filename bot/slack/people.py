"""Who is talking: the display name Slack knows, looked up once per person and process."""

from __future__ import annotations

import logging
import threading
from dataclasses import replace

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.models import Actor

log = logging.getLogger(__name__)


class People:
    def __init__(self) -> None:
        self._names: dict[tuple[str, str], str | None] = {}
        self._lock = threading.Lock()

    def named(self, client: WebClient, actor: Actor) -> Actor:
        """The actor with their Slack name (runs on a worker: it may call users.info)."""
        if actor.name:
            return actor
        key = (actor.team_id, actor.user_id)
        with self._lock:
            known = key in self._names
            name = self._names.get(key)
        if not known:
            name = self._lookup(client, actor.user_id)
            with self._lock:
                self._names[key] = name
        return replace(actor, name=name) if name else actor

    @staticmethod
    def _lookup(client: WebClient, user_id: str) -> str | None:
        try:
            user = client.users_info(user=user_id)["user"]
        except SlackApiError as exc:
            log.warning("users.info failed for %s: %s", user_id, exc.response.get("error"))
            return None
        profile = user.get("profile") or {}
        for candidate in (
            profile.get("real_name"),
            user.get("real_name"),
            profile.get("display_name"),
        ):
            if isinstance(candidate, str) and candidate.strip():
                return candidate.strip()
        return None
