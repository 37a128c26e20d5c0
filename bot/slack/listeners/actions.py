"""Buttons. Each action_id names a core Action (`ideabot:submit`), its value the choice.

Where the answer goes follows where the button was: in a DM or a thread, the
conversation continues there; on an idea card in a channel only the clicker sees the
answer; on App Home, Home is refreshed with the answer on top.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient

from bot.core.replies import Action, Reply
from bot.slack import turns
from bot.slack.blocks import without_buttons
from bot.slack.delivery import ChannelReply, Send, ephemeral, run_turn
from bot.slack.deps import SlackDeps
from bot.slack.listeners.home import republish
from bot.slack.listeners.merge_controls import similar_sender
from bot.slack.middleware import CONTEXT_KEY, handoff
from bot.slack.modals import idea_modal
from bot.slack.parse import Click, Where, click
from bot.slack.registry import Registry

ACTION_PATTERN = re.compile(r"^ideabot:[a-z_]+(?::\d+)?$")

# Steps of the intake: once one is taken, the message's buttons are spent.
FLOW_ACTIONS = frozenset(
    {
        Action.SUBMIT,
        Action.SUBMIT_ANONYMOUS,
        Action.EDIT,
        Action.CANCEL,
        Action.SUPPORT,
        Action.DIFFERENT,
        Action.RESUME_DRAFT,
        Action.DISCARD_DRAFT,
        Action.FORGET_ME,
        Action.CONFIRM_FORGET_ME,
        Action.ACCEPT_TERMS,
    }
)


def register(registry: Registry, deps: SlackDeps) -> None:
    registry.action(ACTION_PATTERN, on_click(deps))


def _spend_buttons(client: WebClient, clicked: Click, text: str) -> None:
    """Immediate feedback, and no second click on a step already taken."""
    if clicked.channel and clicked.message_ts and clicked.message_blocks:
        client.chat_update(
            channel=clicked.channel,
            ts=clicked.message_ts,
            text=text or clicked.label or "…",
            blocks=without_buttons(clicked.message_blocks, clicked.label),
        )


def _sender(
    deps: SlackDeps, client: WebClient, clicked: Click, respond: Callable[..., Any], text: str
) -> Send:
    if clicked.view_type == "home":
        return republish(deps, client, clicked.actor)
    if clicked.channel and (clicked.in_dm or clicked.thread_ts):
        if clicked.action in FLOW_ACTIONS:
            deps.workers.quick(lambda: _spend_buttons(client, clicked, text))
        where = Where(clicked.channel, clicked.thread_ts)
        return ChannelReply(client, where, deps.workers, placeholder=False)
    if clicked.action is Action.SIMILAR:
        return similar_sender(deps, clicked, respond)
    return ephemeral(respond)


def on_click(deps: SlackDeps) -> Callable[..., None]:
    def handle_click(
        ack: Callable[[], None],
        body: dict[str, Any],
        client: WebClient,
        respond: Callable[..., Any],
        context: dict[str, Any],
    ) -> None:
        clicked = click(body)
        ack()
        if clicked.action is Action.NEW_IDEA and clicked.trigger_id:
            trigger_id = clicked.trigger_id
            open_modal = lambda: client.views_open(trigger_id=trigger_id, view=idea_modal())  # noqa: E731
            handoff(deps.workers, deps.deduper, context, open_modal)
            return
        text = clicked.message_text

        def start() -> None:
            send = _sender(deps, client, clicked, respond, text)

            def work() -> list[Reply]:
                actor = deps.named(client, clicked.actor)
                return turns.click(deps.container, actor, clicked.action, clicked.value)

            run_turn(deps.workers, deps.deduper, work, send, keys=(context.get(CONTEXT_KEY),))

        handoff(deps.workers, deps.deduper, context, start)

    return handle_click
