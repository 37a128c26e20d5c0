"""Where a merged idea lives now, as a link: the permalink of the other idea's card in
the ideas channel (chat.getPermalink), or nothing when it has no card or Slack will
not say (the card then names the idea without a link)."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.models import Idea
from bot.slack.merge_blocks import permalink
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)


def merged_link(client: WebClient, uow: UnitOfWork, idea: Idea) -> str | None:
    if idea.merged_into is None:
        return None
    posts = uow.slack.posts_for(idea.team_id, idea.merged_into)
    if not posts:
        return None
    try:
        response = client.chat_getPermalink(channel=posts[0].channel, message_ts=posts[0].ts)
    except SlackApiError as exc:
        log.info("no permalink for #%s: %s", idea.merged_into, exc.response.get("error"))
        return None
    return permalink(response.get("permalink"))
