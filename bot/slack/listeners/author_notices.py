"""Closing the loop: when an idea's status changes — wherever the change was made —
its author and everyone who voted for it hear, in a DM, with the reason.

Who hears and what they read is the core's (bot/core/notices.py): the author unless
they opted out (their notice carries the button to do so), every voter without ever
being told who wrote the idea. A durable outbox consumer: the notices survive a
crash after the status commit. One person Slack refuses (deactivated, no DM) does
not stop the others.
"""

from __future__ import annotations

import logging
import re

from slack_sdk.errors import SlackApiError

from bot.core.events import StatusChanged
from bot.slack.blocks import escape
from bot.slack.consumers import AUTHOR_NOTICE
from bot.slack.delivery import open_dm
from bot.slack.deps import SlackDeps
from bot.slack.pipeline_blocks import notice_blocks
from bot.slack.registry import Registry

log = logging.getLogger(__name__)

# People known only from an import, the terminal, or forgotten, have no Slack DM.
SLACK_USER = re.compile(r"^[UW][A-Z0-9]{2,}$")


class StatusNotices:
    def __init__(self, deps: SlackDeps) -> None:
        self.deps = deps

    def notify(self, event: StatusChanged) -> None:
        idea, notices = self.deps.container.notices.for_change(event)
        if idea is None or not notices:
            return
        client = self.deps.clients.for_team(event.team_id)
        if client is None:
            return
        for notice in notices:
            if not SLACK_USER.match(notice.user_id):
                continue
            blocks = notice_blocks(notice.text, notice.to_author)
            try:
                channel = open_dm(client, notice.user_id)
                client.chat_postMessage(channel=channel, text=escape(notice.text), blocks=blocks)
            except SlackApiError as exc:
                log.warning(
                    "could not tell a person about #%d: %s", idea.id, exc.response.get("error")
                )


def register(registry: Registry, deps: SlackDeps) -> None:
    deps.container.outbox.handle(AUTHOR_NOTICE, StatusNotices(deps).notify)
