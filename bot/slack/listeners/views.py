"""The idea modal's Submit: validated in the ack, the idea created on a worker."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient

from bot.core.replies import Reply
from bot.slack import turns
from bot.slack.delivery import ChannelReply, open_dm, run_turn
from bot.slack.deps import SlackDeps
from bot.slack.middleware import handoff
from bot.slack.modals import CALLBACK_ID, form_errors
from bot.slack.parse import InvalidForm, Where, idea_form, interaction_actor, metadata, view_id
from bot.slack.registry import Registry


def register(registry: Registry, deps: SlackDeps) -> None:
    registry.view(CALLBACK_ID, on_submit(deps))


def on_submit(deps: SlackDeps) -> Callable[..., None]:
    def handle_submit(
        ack: Callable[..., None],
        body: dict[str, Any],
        view: dict[str, Any],
        client: WebClient,
        context: dict[str, Any],
    ) -> None:
        # Everything read from the payload is checked before the ack: a malformed
        # submission is a 400 and nothing starts.
        actor = interaction_actor(body)
        modal = view_id(view)
        source = metadata(view).get("source")
        try:
            form = idea_form(view)
        except InvalidForm as exc:
            ack(response_action="errors", errors=exc.errors)
            return
        errors = form_errors(form)
        if errors:
            ack(response_action="errors", errors=errors)
            return
        # Claimed only once valid: a modal answered with errors comes back with the
        # same view id, and that second submission must go through.
        key = f"view:{actor.team_id}:{modal}"
        ack()

        def start() -> None:
            send = ChannelReply(
                client,
                lambda: Where(open_dm(client, actor.user_id)),
                deps.workers,
                placeholder=False,
            )

            def work() -> list[Reply]:
                return turns.submit_form(deps.container, deps.named(client, actor), form, source)

            run_turn(deps.workers, deps.deduper, work, send, keys=(key,))

        handoff(deps.workers, deps.deduper, context, start, extra=((key, "view", None, True),))

    return handle_submit
