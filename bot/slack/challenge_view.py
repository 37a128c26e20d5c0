"""Block Kit for challenges: the creation modal, the channel post, the idea modal
bound to a challenge. User text is escaped; Block Kit validates lengths."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    ConversationFilter,
    ConversationSelectElement,
    DatePickerElement,
    InputBlock,
    MarkdownTextObject,
    Option,
    OverflowMenuElement,
    PlainTextInputElement,
    SectionBlock,
    TimePickerElement,
)
from slack_sdk.models.views import View

from bot.core.messages import t
from bot.core.ports.challenges import Challenge
from bot.core.text import MAX_TITLE_CHARS
from bot.slack.blocks import escape, truncate
from bot.slack.modals import idea_modal

CREATE_CALLBACK = "challenge_modal"
IDEA_CALLBACK = "challenge_idea_modal"
SUBMIT_ACTION = "challenge_submit"
MANAGE_ACTION = "challenge_manage"
EXTEND_CALLBACK = "challenge_extend_modal"
QUESTION_LIMIT = 3000


def create_modal(locale: str | None) -> View:
    def text_input(
        block: str,
        label: str,
        multiline: bool = False,
        optional: bool = False,
        limit: int = QUESTION_LIMIT,
    ) -> InputBlock:
        return InputBlock(
            block_id=block,
            label=t(label, locale),
            optional=optional,
            element=PlainTextInputElement(action_id="value", multiline=multiline, max_length=limit),
        )

    blocks: list[Block] = [
        text_input("title", "challenge.modal.field_title", limit=MAX_TITLE_CHARS),
        text_input("question", "challenge.modal.field_question", multiline=True),
        InputBlock(
            block_id="deadline_date",
            label=t("challenge.modal.field_deadline_date", locale),
            element=DatePickerElement(action_id="value"),
        ),
        InputBlock(
            block_id="deadline_time",
            label=t("challenge.modal.field_deadline_time", locale),
            element=TimePickerElement(action_id="value", initial_time="17:00"),
        ),
        InputBlock(
            block_id="channel",
            label=t("challenge.modal.field_channel", locale),
            element=ConversationSelectElement(
                action_id="value",
                filter=ConversationFilter(include=["public", "private"], exclude_bot_users=True),
            ),
        ),
        text_input("tags", "challenge.modal.field_tags", optional=True, limit=500),
        text_input("criteria", "challenge.modal.field_criteria", multiline=True, optional=True),
    ]
    return View(
        type="modal",
        callback_id=CREATE_CALLBACK,
        title=t("challenge.modal.title", locale),
        submit=t("challenge.modal.submit", locale),
        close=t("challenge.modal.close", locale),
        blocks=blocks,
    )


def when(moment: datetime, tz: str | None = None) -> str:
    """A deadline as people read it; Slack's date token shows it in each reader's zone."""
    local = moment.astimezone(ZoneInfo(tz)) if tz else moment
    fallback = local.strftime("%Y-%m-%d %H:%M %Z")
    return f"<!date^{int(moment.timestamp())}^{{date_short_pretty}} {{time}}|{fallback}>"


def challenge_post(
    challenge: Challenge, ideas: int, participants: int, locale: str | None = None
) -> tuple[str, list[dict[str, object]]]:
    title = escape(challenge.title)
    head = t("challenge.post.head", locale, title=title)
    lines = [head, escape(challenge.question)]
    if challenge.criteria:
        lines.append(t("challenge.post.criteria", locale, criteria=escape(challenge.criteria)))
    if challenge.tags:
        lines.append(t("challenge.post.tags", locale, tags=escape(", ".join(challenge.tags))))
    counts_key = "challenge.post.counts" if challenge.is_open else "challenge.post.counts_final"
    counts = t(counts_key, locale, ideas=ideas, participants=participants)
    deadline = t("challenge.post.deadline", locale, deadline=when(challenge.deadline))
    blocks: list[Block] = [
        SectionBlock(text=MarkdownTextObject(text=truncate("\n".join(lines), 3000))),
        ContextBlock(elements=[MarkdownTextObject(text=f"{deadline} · {counts}")]),
    ]
    if challenge.is_open:
        blocks.append(
            ActionsBlock(
                block_id=f"challenge_{challenge.id}",
                elements=[
                    ButtonElement(
                        action_id=SUBMIT_ACTION,
                        text=t("challenge.post.submit", locale),
                        value=str(challenge.id),
                        style="primary",
                    ),
                    # Everyone sees the menu (a channel message is the same for all);
                    # the policy decides on the click.
                    OverflowMenuElement(
                        action_id=MANAGE_ACTION,
                        options=[
                            Option(
                                value=f"extend:{challenge.id}",
                                text=t("challenge.post.extend", locale),
                            ),
                            Option(
                                value=f"close:{challenge.id}",
                                text=t("challenge.post.close_now", locale),
                            ),
                        ],
                    ),
                ],
            )
        )
    else:
        blocks.append(
            ContextBlock(
                elements=[MarkdownTextObject(text=f":lock: {t('challenge.post.closed', locale)}")]
            )
        )
    text = f"{challenge.title}: {counts}"
    return text, [block.to_dict() for block in blocks]


def idea_for_challenge_modal(challenge: Challenge, locale: str | None = None) -> View:
    """The idea modal, bound to the challenge (its id travels in private_metadata)."""
    view = idea_modal()
    context = t(
        "challenge.modal.idea_context",
        locale,
        title=escape(challenge.title),
        question=escape(truncate(challenge.question, 2000)),
    )
    blocks: list[Block] = [ContextBlock(elements=[MarkdownTextObject(text=context)])]
    blocks += list(view.blocks or [])
    return View(
        type="modal",
        callback_id=IDEA_CALLBACK,
        title=truncate(t("challenge.modal.idea_title", locale), 24),
        submit=t("challenge.modal.submit_idea", locale),
        close=t("challenge.modal.close", locale),
        private_metadata=json.dumps({"challenge": str(challenge.id)}),
        blocks=blocks,
    )


def extend_modal(challenge: Challenge, locale: str | None = None) -> View:
    """A new deadline for the challenge (read in the manager's time zone)."""
    current = t("challenge.modal.extend_current", locale, deadline=when(challenge.deadline))
    return View(
        type="modal",
        callback_id=EXTEND_CALLBACK,
        title=truncate(t("challenge.modal.extend_title", locale), 24),
        submit=t("challenge.modal.extend_submit", locale),
        close=t("challenge.modal.close", locale),
        private_metadata=json.dumps({"challenge": str(challenge.id)}),
        blocks=[
            SectionBlock(text=MarkdownTextObject(text=current)),
            InputBlock(
                block_id="deadline_date",
                label=t("challenge.modal.field_deadline_date", locale),
                element=DatePickerElement(action_id="value"),
            ),
            InputBlock(
                block_id="deadline_time",
                label=t("challenge.modal.field_deadline_time", locale),
                element=TimePickerElement(action_id="value", initial_time="17:00"),
            ),
        ],
    )
