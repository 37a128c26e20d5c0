"""The Slack transport's durable consumers: which events owe it an outbox row.

Plain data (no Slack imports), so the composition root can declare them whenever
Slack is configured — also in `ideabot chat`, whose ideas still get their channel
card from the `serve` process that drains them.
"""

from __future__ import annotations

from typing import Any

from bot.core.events import (
    AuthorForgotten,
    IdeaMerged,
    IdeaSubmitted,
    IdeaUnmerged,
    StatusChanged,
    VoteCast,
)

CARD_POST = "slack.card_post"
CARD_REFRESH = "slack.card_refresh"
AUTHOR_NOTICE = "slack.author_notice"
FORGET = "slack.forget"
MERGE_NOTICE = "slack.merge_notice"

CONSUMERS: dict[type[Any], tuple[str, ...]] = {
    IdeaSubmitted: (CARD_POST,),
    VoteCast: (CARD_REFRESH,),
    StatusChanged: (CARD_REFRESH, AUTHOR_NOTICE),
    AuthorForgotten: (FORGET,),
    IdeaMerged: (MERGE_NOTICE,),
    IdeaUnmerged: (MERGE_NOTICE,),
}
