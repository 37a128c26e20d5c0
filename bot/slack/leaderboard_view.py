"""The leaderboard as Block Kit: an App Home section and the `/idea top` reply."""

from __future__ import annotations

import re

from slack_sdk.models.blocks import Block, ContextBlock, MarkdownTextObject, SectionBlock

from bot.core.messages import t
from bot.core.recognition import LeaderboardResult, Ranked
from bot.slack.blocks import SECTION_TEXT_LIMIT, escape, header, truncate

# Only a real Slack user id becomes a mention (Slack shows the current name, and a
# mention in a Home tab or an ephemeral message notifies nobody).
SLACK_USER = re.compile(r"^[UW][A-Z0-9]{2,20}$")


def _who(entry: Ranked) -> str:
    if SLACK_USER.match(entry.user_id):
        return f"<@{entry.user_id}>"
    return escape(entry.name or entry.user_id)


def leaderboard_text(board: LeaderboardResult, locale: str | None = None) -> str:
    """Plain lines (the notification text, and the shell)."""
    if not board.entries:
        return t("recognition.empty", locale)
    return "\n".join(
        t("recognition.line", locale, rank=e.rank, who=_who(e), points=e.points)
        for e in board.entries
    )


def _own(board: LeaderboardResult, locale: str | None) -> str:
    if board.own_private:
        return t(
            "recognition.you_private", locale, points=board.own_public, private=board.own_private
        )
    return t("recognition.you", locale, points=board.own_public)


def leaderboard_blocks(board: LeaderboardResult, locale: str | None = None) -> list[Block]:
    """The board for one viewer: their own total (with what only they may see) below."""
    period = (
        t("recognition.last_days", locale, days=board.days)
        if board.days
        else t("recognition.all_time", locale)
    )
    title = f"{t('recognition.title', locale)} · {period}"
    return [
        header(title),
        SectionBlock(
            text=MarkdownTextObject(
                text=truncate(leaderboard_text(board, locale), SECTION_TEXT_LIMIT)
            )
        ),
        ContextBlock(
            elements=[
                MarkdownTextObject(text=_own(board, locale)),
                MarkdownTextObject(text=t("recognition.how", locale)),
            ]
        ),
    ]
