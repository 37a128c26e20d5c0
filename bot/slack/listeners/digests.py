"""`/digest [days]` for admins and managers: "working on it" at once (ephemeral),
then the digest in a DM. "weekly digest" in a DM arrives the same way (a DIGEST reply
from the conversation; see bot/slack/listeners/messages.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient

from bot.core.digests import MAX_DAYS
from bot.core.messages import t
from bot.core.permissions import Permission
from bot.slack.deps import SlackDeps
from bot.slack.digests import send_digest
from bot.slack.middleware import handoff
from bot.slack.parse import slash_command
from bot.slack.registry import Registry

COMMAND = "/digest"
DEFAULT_DAYS = 7


def register(registry: Registry, deps: SlackDeps) -> None:
    registry.command(COMMAND, on_digest(deps))


def parse_days(text: str) -> int | None:
    words = text.split()
    if not words:
        return DEFAULT_DAYS
    if len(words) == 1 and words[0].isdecimal() and 1 <= int(words[0]) <= MAX_DAYS:
        return int(words[0])
    return None


def on_digest(deps: SlackDeps) -> Callable[..., None]:
    def handle_digest(
        ack: Callable[..., None], body: dict[str, Any], client: WebClient, context: dict[str, Any]
    ) -> None:
        command = slash_command(body)
        actor = command.actor
        refusal = deps.container.permissions.refusal(actor, Permission.READ_DIGEST)
        if refusal is not None:
            ack(text=refusal.message(actor.locale))
            return
        days = parse_days(command.text)
        if days is None:
            ack(text=t("digests.bad_days", actor.locale, most=MAX_DAYS))
            return
        ack(text=t("digests.working", actor.locale, days=days))
        handoff(
            deps.workers,
            deps.deduper,
            context,
            lambda: send_digest(client, deps.container, actor, days),
        )

    return handle_digest
