"""`@ideabot …` in a channel: start an idea or search ("similar: …"), answered in a thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient

from bot.slack.deps import SlackDeps
from bot.slack.listeners.messages import answer
from bot.slack.parse import Where, user_message
from bot.slack.registry import Registry


def register(registry: Registry, deps: SlackDeps) -> None:
    registry.event("app_mention", on_mention(deps))


def on_mention(deps: SlackDeps) -> Callable[..., None]:
    def handle_mention(
        ack: Callable[[], None], body: dict[str, Any], client: WebClient, context: dict[str, Any]
    ) -> None:
        message = user_message(body)  # before the ack: malformed is a 400
        ack()
        where = Where(message.channel, message.thread_ts or message.ts)
        answer(deps, client, message, where, context)

    return handle_mention
