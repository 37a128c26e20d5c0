"""Closing the loop: the author hears, in a DM, when their idea's status changes
(with the reason, for a decline) — wherever the change was made."""

from __future__ import annotations

import logging
import re

from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import SectionBlock

from bot.core.cards import status_line
from bot.core.events import StatusChanged
from bot.slack.blocks import mrkdwn
from bot.slack.consumers import AUTHOR_NOTICE
from bot.slack.delivery import open_dm
from bot.slack.deps import SlackDeps
from bot.slack.registry import Registry

log = logging.getLogger(__name__)

# Authors known only from an import, the terminal, or forgotten, have no Slack DM.
SLACK_USER = re.compile(r"^[UW][A-Z0-9]{2,}$")


class AuthorNotices:
    def __init__(self, deps: SlackDeps) -> None:
        self.deps = deps

    def notify(self, event: StatusChanged) -> None:
        idea = self.deps.container.ideas.get(event.team_id, event.idea_id)
        if idea is None or not idea.author_id or not SLACK_USER.match(idea.author_id):
            return
        if event.actor is not None and event.actor.user_id == idea.author_id:
            return  # they changed it themselves
        client = self.deps.clients.for_team(event.team_id)
        if client is None:
            return
        text = status_line(idea, "notify.status")
        try:
            channel = open_dm(client, idea.author_id)
            client.chat_postMessage(
                channel=channel, text=text, blocks=[SectionBlock(text=mrkdwn(text)).to_dict()]
            )
        except SlackApiError as exc:
            log.warning("could not tell the author of #%d: %s", idea.id, exc.response.get("error"))


def register(registry: Registry, deps: SlackDeps) -> None:
    # A durable outbox consumer: the notice survives a crash after the status commit.
    deps.container.outbox.handle(AUTHOR_NOTICE, AuthorNotices(deps).notify)
