"""`/idea [text]`: with text, the conversation continues in DM; without, a modal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.models.views import View

from bot.core.models import Actor
from bot.core.replies import Reply
from bot.slack import strings, turns
from bot.slack.delivery import ChannelReply, open_dm, run_turn
from bot.slack.deps import SlackDeps
from bot.slack.listeners.leaderboard import is_top, post_top
from bot.slack.middleware import CONTEXT_KEY, handoff
from bot.slack.modals import idea_modal
from bot.slack.parse import Where, slash_command
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
        command = slash_command(body)  # before the ack: malformed is a 400
        text, actor, trigger_id = command.text, command.actor, command.trigger_id
        if is_top(text):
            ack()
            handoff(deps.workers, deps.deduper, context, lambda: post_top(deps, client, command))
            return
        if not text:
            ack()
            if trigger_id is not None:
                # trigger_id expires in 3 s: the quick pool, never behind slow work.
                handoff(
                    deps.workers,
                    deps.deduper,
                    context,
                    lambda: client.views_open(
                        trigger_id=trigger_id, view=_in_language(deps, client, actor, idea_modal)
                    ),
                )
            return
        in_dm = (command.channel or "").startswith("D")
        ack() if in_dm else ack(text=strings.DM_MOVED)
        user_id = actor.user_id

        def start() -> None:
            send = ChannelReply(
                client, lambda: Where(open_dm(client, user_id)), deps.workers, placeholder=True
            )

            def work() -> list[Reply]:
                return turns.say(deps.container, deps.named(client, actor), text)

            run_turn(deps.workers, deps.deduper, work, send, keys=(context.get(CONTEXT_KEY),))

        handoff(deps.workers, deps.deduper, context, start)

    return handle_idea


def _in_language(
    deps: SlackDeps, client: WebClient, actor: Actor, build: Callable[[], View]
) -> View:
    """A view built in the person's language (one users.info per person and process)."""
    deps.named(client, actor)
    return build()
