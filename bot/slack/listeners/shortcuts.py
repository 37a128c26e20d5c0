"""Shortcuts: "Save as idea" on a message, and "New idea" from the shortcuts menu."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.models import Actor
from bot.core.text import title_from
from bot.slack.deps import SlackDeps
from bot.slack.middleware import handoff
from bot.slack.modals import idea_modal
from bot.slack.parse import MalformedPayload, interaction_actor, saved_message, trigger_id
from bot.slack.registry import Registry

log = logging.getLogger(__name__)

SAVE_AS_IDEA = "save_as_idea"
NEW_IDEA = "new_idea"


def register(registry: Registry, deps: SlackDeps) -> None:
    registry.message_shortcut(SAVE_AS_IDEA, on_save_as_idea(deps))
    registry.global_shortcut(NEW_IDEA, on_new_idea(deps))


def permalink(client: WebClient, channel: str, ts: str) -> str | None:
    try:
        return str(client.chat_getPermalink(channel=channel, message_ts=ts)["permalink"])
    except SlackApiError as exc:  # e.g. a channel the bot cannot read: no link, still a modal
        log.info("no permalink for %s/%s: %s", channel, ts, exc.response.get("error"))
        return None


def on_save_as_idea(deps: SlackDeps) -> Callable[..., None]:
    def handle_save(
        ack: Callable[[], None], body: dict[str, Any], client: WebClient, context: dict[str, Any]
    ) -> None:
        saved = saved_message(body)
        ack()

        def open_modal() -> None:
            deps.named(client, saved.actor)  # the modal in the person's language
            link = permalink(client, saved.channel, saved.ts)
            view = idea_modal(title_from(saved.text), saved.text, source=link, saved=True)
            client.views_open(trigger_id=saved.trigger_id, view=view)

        handoff(deps.workers, deps.deduper, context, open_modal)

    return handle_save


def on_new_idea(deps: SlackDeps) -> Callable[..., None]:
    def handle_new(
        ack: Callable[[], None], body: dict[str, Any], client: WebClient, context: dict[str, Any]
    ) -> None:
        trigger = trigger_id(body)  # before the ack: malformed is a 400
        try:
            actor: Actor | None = interaction_actor(body)
        except MalformedPayload:
            actor = None  # no one to ask the language of: the default one
        ack()

        def open_modal() -> None:
            if actor is not None:
                deps.named(client, actor)  # the modal in the person's language
            client.views_open(trigger_id=trigger, view=idea_modal())

        if trigger is not None:
            handoff(deps.workers, deps.deduper, context, open_modal)

    return handle_new
