"""The Slack transport's durable consumers: which events owe it an outbox row.

Plain data (no Slack imports), so the composition root can declare them whenever
Slack is configured — also in `ideabot chat`, whose ideas still get their channel
card from the `serve` process that drains them.
"""

from __future__ import annotations

from typing import Any

from bot.core.events import (
    AuthorForgotten,
    ChallengeChanged,
    ChallengeClosed,
    ChallengeCreated,
    ChallengeReminderDue,
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
CHALLENGE_POST = "slack.challenge_post"
CHALLENGE_REFRESH = "slack.challenge_refresh"
CHALLENGE_REMINDER = "slack.challenge_reminder"
CHALLENGE_SUMMARY = "slack.challenge_summary"
MERGE_NOTICE = "slack.merge_notice"

CONSUMERS: dict[type[Any], tuple[str, ...]] = {
    # An idea bound to a challenge also records ChallengeChanged (its live count).
    IdeaSubmitted: (CARD_POST,),
    VoteCast: (CARD_REFRESH,),
    StatusChanged: (CARD_REFRESH, AUTHOR_NOTICE),
    AuthorForgotten: (FORGET,),
    ChallengeCreated: (CHALLENGE_POST,),
    ChallengeChanged: (CHALLENGE_REFRESH,),
    ChallengeReminderDue: (CHALLENGE_REMINDER,),
    ChallengeClosed: (CHALLENGE_REFRESH, CHALLENGE_SUMMARY),
    IdeaMerged: (MERGE_NOTICE,),
    IdeaUnmerged: (MERGE_NOTICE,),
}
