"""`/idea [text]`: with text, the conversation continues in DM; without, a modal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient

from bot.core.models import Actor
from bot.core.replies import Reply
from bot.slack import strings, turns
from bot.slack.delivery import ChannelReply, open_dm, run_turn
from bot.slack.deps import SlackDeps
from bot.slack.middleware import CONTEXT_KEY, handoff
from bot.slack.modals import idea_modal
from bot.slack.parse import MalformedPayload, Where, team_of
from bot.slack.registry import Registry

COMMAND = "/idea"


def register(registry: Registry, deps: SlackDeps) -> None:
    registry.command(COMMAND, on_idea(deps))


def on_idea(deps: SlackDeps) -> Callable[..., None]:
    def handle_idea(
        ack: Callable[..., None],
        body: dict[str, Any],
        client: WebClient,
        context: dict[str, Any],
    ) -> None:
        user_id, trigger_id = body.get("user_id"), body.get("trigger_id")
        if not isinstance(user_id, str) or not user_id:
            raise MalformedPayload("user_id is missing")
        text = str(body.get("text") or "").strip()
        if not text:
            ack()
            if isinstance(trigger_id, str) and trigger_id:
                # trigger_id expires in 3 s: the quick pool, never behind slow work.
                handoff(
                    deps.workers,
                    deps.deduper,
                    context,
                    lambda: client.views_open(trigger_id=trigger_id, view=idea_modal()),
                )
            return
        in_dm = str(body.get("channel_id") or "").startswith("D")
        ack() if in_dm else ack(text=strings.DM_MOVED)
        actor = Actor(team_of(body), user_id)

        def start() -> None:
            send = ChannelReply(
                client, lambda: Where(open_dm(client, user_id)), deps.workers, placeholder=True
            )

            def work() -> list[Reply]:
                return turns.say(deps.container, deps.named(client, actor), text)

            run_turn(deps.workers, deps.deduper, work, send, keys=(context.get(CONTEXT_KEY),))

        handoff(deps.workers, deps.deduper, context, start)

    return handle_idea
