"""Block Kit for the pipeline: the status menu on an idea card, the reason modal,
the status notices with their opt-out button, and the managers' review queue."""

from __future__ import annotations

import json
from collections.abc import Sequence

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.core.cards import status_label
from bot.core.messages import t
from bot.core.models import Idea, IdeaStatus
from bot.core.pipeline import MAX_REASON_CHARS, SETTABLE, StaleIdea
from bot.slack.blocks import (
    BUTTON_TEXT_LIMIT,
    MODAL_TITLE_LIMIT,
    escape,
    header,
    message_modal,
    mrkdwn,
    plain,
    truncate,
)

STATUS_ACTION = "idea_status"
# Handled by the merge front end (its own listener): rendered here, on the same card.
MERGE_ACTION = "idea_merge_open"
MODAL_CALLBACK = "idea_status_modal"
REASON_BLOCK = "reason"
NOTICES_OFF = "status_notices_off"
NOTICES_ON = "status_notices_on"
OPTION_TEXT_LIMIT = 75
QUEUE_SHOWN = 10


def status_value(idea_id: int, status: IdeaStatus) -> str:
    return f"{idea_id}:{status.value}"


def status_menu(
    idea_id: int, current: IdeaStatus, locale: str | None = None
) -> StaticSelectElement:
    """Every status a manager may choose but the current one. The card is the same for
    everyone in the channel, so anyone can open it: the policy decides on the click."""
    options = [
        Option(
            value=status_value(idea_id, s),
            text=truncate(
                t("pipeline.menu.option", locale, status=status_label(s.value, locale)),
                OPTION_TEXT_LIMIT,
            ),
        )
        for s in SETTABLE
        if s is not current
    ]
    return StaticSelectElement(
        action_id=STATUS_ACTION,
        placeholder=t("pipeline.menu.placeholder", locale),
        options=options,
    )


def manage_elements(
    idea: Idea, locale: str | None = None
) -> list[ButtonElement | StaticSelectElement]:
    """The card's managing controls: the status menu and "Merge into…"."""
    if idea.status is IdeaStatus.MERGED:
        return []
    return [
        status_menu(idea.id, idea.status, locale),
        ButtonElement(
            text=truncate(t("pipeline.menu.merge", locale), BUTTON_TEXT_LIMIT),
            action_id=MERGE_ACTION,
            value=str(idea.id),
        ),
    ]


def status_modal(idea: Idea, status: IdeaStatus, origin: str, locale: str | None = None) -> View:
    declined = status is IdeaStatus.DECLINED
    hint = "pipeline.modal.reason_hint_declined" if declined else "pipeline.modal.reason_hint"
    moving = t(
        "pipeline.modal.moving",
        locale,
        current=status_label(idea.status.value, locale),
        status=status_label(status.value, locale),
    )
    blocks: list[Block] = [
        SectionBlock(
            text=mrkdwn(t("pipeline.modal.idea", locale, ref=idea.public_ref, title=idea.title))
        ),
        ContextBlock(elements=[mrkdwn(moving)]),
        InputBlock(
            block_id=REASON_BLOCK,
            label=t("pipeline.modal.reason", locale),
            hint=t(hint, locale),
            optional=not declined,
            element=PlainTextInputElement(
                action_id="value", multiline=True, max_length=MAX_REASON_CHARS
            ),
        ),
    ]
    metadata = {"idea": str(idea.id), "status": status.value, "origin": origin}
    return View(
        type="modal",
        callback_id=MODAL_CALLBACK,
        title=truncate(t("pipeline.modal.title", locale), MODAL_TITLE_LIMIT),
        submit=t("pipeline.modal.submit", locale),
        close=t("pipeline.modal.cancel", locale),
        private_metadata=json.dumps(metadata),
        blocks=blocks,
    )


def message_view(text: str, locale: str | None = None) -> View:
    title = t("pipeline.modal.title", locale)
    return message_modal(title, t("pipeline.modal.cancel", locale), text)


def notice_blocks(text: str, to_author: bool, locale: str | None = None) -> list[dict[str, object]]:
    blocks: list[Block] = [SectionBlock(text=mrkdwn(text))]
    if to_author:
        blocks.append(ActionsBlock(elements=[notices_button(False, locale)]))
    return [b.to_dict() for b in blocks]


def notices_button(on: bool, locale: str | None = None) -> ButtonElement:
    """The button that turns status notices on (`on`) or off."""
    key = "pipeline.notices.resume" if on else "pipeline.notices.stop"
    return ButtonElement(
        text=truncate(t(key, locale), BUTTON_TEXT_LIMIT),
        action_id=NOTICES_ON if on else NOTICES_OFF,
        value="on" if on else "off",
    )


def preference_blocks(text: str, on: bool, locale: str | None = None) -> list[dict[str, object]]:
    """The answer to a click on the opt-out button: what changed, and the way back."""
    blocks: list[Block] = [
        SectionBlock(text=mrkdwn(text)),
        ActionsBlock(elements=[notices_button(not on, locale)]),
    ]
    return [b.to_dict() for b in blocks]


def review_queue(waiting: Sequence[StaleIdea], days: int, locale: str | None = None) -> list[Block]:
    """The managers' App Home section: ideas waiting too long, oldest first, each with
    its status menu."""
    blocks: list[Block] = [header(t("pipeline.home.queue", locale))]
    if not waiting:
        text = t("pipeline.home.queue_empty", locale, days=days)
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=escape(text))]))
        return blocks
    for item in waiting[:QUEUE_SHOWN]:
        idea = item.idea
        line = (
            f"*{escape(idea.public_ref)} {escape(plain(idea.title))}* · "
            f"{escape(status_label(idea.status.value, locale))} · "
            f"{escape(t('pipeline.home.waiting', locale, days=item.days_waiting))}"
        )
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(text=truncate(line, 3000)),
                accessory=status_menu(idea.id, idea.status, locale),
            )
        )
    return blocks
