"""App Home: my ideas, top ideas, open challenges, and what ideabot remembers about me."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ConfirmObject,
    ContextBlock,
    DividerBlock,
    MarkdownTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.core.cards import status_label
from bot.core.models import ChallengeInfo, Idea, MemoryRecord
from bot.core.recognition import LeaderboardResult
from bot.core.replies import Action
from bot.slack import strings
from bot.slack.blocks import (
    BUTTON_TEXT_LIMIT,
    SECTION_TEXT_LIMIT,
    VIEW_BLOCK_LIMIT,
    action_id,
    escape,
    header,
    limit_blocks,
    mrkdwn,
    truncate,
    votes_label,
)
from bot.slack.leaderboard_view import leaderboard_blocks

MEMORY_SHOWN = 20


def _idea_line(idea: Idea) -> str:
    line = f"*{escape(idea.public_ref)} {escape(idea.title)}* · {status_label(idea.status.value)}"
    line += f" · {votes_label(idea.votes)}"
    if idea.status_reason:
        line += f"\n_{escape(idea.status_reason)}_"
    return line


def _ideas_section(title: str, ideas: Sequence[Idea], empty: str) -> list[Block]:
    blocks: list[Block] = [header(title)]
    if not ideas:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=empty)]))
        return blocks
    text = "\n".join(_idea_line(i) for i in ideas)
    blocks.append(SectionBlock(text=MarkdownTextObject(text=truncate(text, SECTION_TEXT_LIMIT))))
    return blocks


def _challenges(challenges: Sequence[ChallengeInfo]) -> list[Block]:
    blocks: list[Block] = [header(strings.HOME_CHALLENGES)]
    if not challenges:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=strings.HOME_NO_CHALLENGES)]))
        return blocks
    lines = []
    for challenge in challenges:
        line = f"*{escape(challenge.title)}*"
        if challenge.question:
            line += f" — {escape(challenge.question)}"
        if challenge.deadline:
            line += " · " + strings.text("home_deadline", date=challenge.deadline.date())
        lines.append(line)
    text = truncate("\n".join(lines), SECTION_TEXT_LIMIT)
    blocks.append(SectionBlock(text=MarkdownTextObject(text=text)))
    return blocks


def _memory(items: Sequence[MemoryRecord]) -> list[Block]:
    blocks: list[Block] = [header(strings.HOME_MEMORY)]
    if not items:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=strings.HOME_NO_MEMORY)]))
        return blocks
    for index, item in enumerate(items[:MEMORY_SHOWN]):
        blocks.append(
            SectionBlock(
                text=mrkdwn(f"{item.content} ({item.kind})"),
                accessory=ButtonElement(
                    text=strings.HOME_DELETE,
                    action_id=action_id(Action.FORGET_MEMORY, index),
                    value=str(item.id),
                ),
            )
        )
    blocks.append(
        ActionsBlock(
            elements=[
                ButtonElement(
                    text=truncate(strings.HOME_FORGET_ME, BUTTON_TEXT_LIMIT),
                    action_id=action_id(Action.CONFIRM_FORGET_ME),
                    style="danger",
                    confirm=ConfirmObject(
                        title=strings.HOME_FORGET_ME_CONFIRM_TITLE,
                        text=strings.HOME_FORGET_ME_CONFIRM,
                        confirm=strings.HOME_FORGET_ME_YES,
                        deny=strings.HOME_FORGET_ME_NO,
                        style="danger",
                    ),
                )
            ]
        )
    )
    return blocks


def home_view(
    mine: Sequence[Idea],
    top: Sequence[Idea],
    challenges: Sequence[ChallengeInfo],
    memories: Sequence[MemoryRecord],
    notice: str | None = None,
    sections: Sequence[Block] = (),
    board: LeaderboardResult | None = None,
) -> View:
    """`sections`: blocks other features add (the managers' review queue), shown
    after the challenges."""
    blocks: list[Block] = []
    if notice:
        blocks.append(SectionBlock(text=mrkdwn(notice)))
    blocks.append(
        SectionBlock(
            text=MarkdownTextObject(text=strings.HOME_INTRO),
            accessory=ButtonElement(
                text=strings.HOME_NEW_IDEA, action_id=action_id(Action.NEW_IDEA), style="primary"
            ),
        )
    )
    blocks += [DividerBlock(), *_ideas_section(strings.HOME_MY_IDEAS, mine, strings.HOME_NO_IDEAS)]
    blocks += [DividerBlock(), *_ideas_section(strings.HOME_TOP_IDEAS, top, strings.HOME_NO_TOP)]
    blocks += [DividerBlock(), *_challenges(challenges)]
    if sections:
        blocks += [DividerBlock(), *sections]
    blocks += [DividerBlock(), *leaderboard_blocks(board)] if board is not None else []
    blocks += [DividerBlock(), *_memory(memories)]
    return View(type="home", blocks=limit_blocks(blocks, VIEW_BLOCK_LIMIT))
