"""Forget-me, on Slack's side: the person's idea cards in channels stop naming them
(chat.update), and the delivery claims that hold their user id, DM channel and
message times are deleted. A durable outbox consumer, so a crash cannot skip it."""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError

from bot.core.events import AuthorForgotten
from bot.slack.consumers import FORGET
from bot.slack.delivery import open_dm
from bot.slack.deps import SlackDeps
from bot.slack.listeners.author_notices import SLACK_USER
from bot.slack.listeners.ideas_channel import IdeasChannel
from bot.slack.registry import Registry

log = logging.getLogger(__name__)


class Forgetting:
    def __init__(self, deps: SlackDeps) -> None:
        self.deps = deps
        self.channel = IdeasChannel(deps)

    def forget(self, event: AuthorForgotten) -> None:
        client = self.deps.clients.for_team(event.team_id)
        channels: list[str] = []
        if client is not None and SLACK_USER.match(event.user_id):
            try:
                channels.append(open_dm(client, event.user_id))
            except SlackApiError as exc:  # a deactivated account has no DM: keys by id only
                log.warning("no DM channel for a forgotten person: %s", exc.response.get("error"))
        with self.deps.container.store.unit_of_work() as uow:
            uow.slack.forget_person(event.user_id, channels)
            uow.commit()
        for idea_id in event.idea_ids:
            self.channel.refresh(event.team_id, idea_id)


def register(registry: Registry, deps: SlackDeps) -> None:
    # Once the row (which names them) is done and emptied, scrub the database files:
    # deleted means gone from the disk too.
    store = deps.container.store
    deps.container.outbox.handle(FORGET, Forgetting(deps).forget, after_done=store.compact)
