"""Block Kit for merging on Slack: the "merge into…" modal, the Merge buttons of the
Similar view, and the Unmerge button of a merged idea's channel card.

Values carry idea ids only (`12`, or `12:7` for "merge #12 into #7"); every one is
checked again when it comes back (bot/slack/merge_parse.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    InputBlock,
    Option,
    PlainTextInputElement,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.core.messages import t
from bot.core.models import Idea
from bot.core.replies import Reply, ReplyKind
from bot.slack.blocks import (
    BUTTON_TEXT_LIMIT,
    MODAL_TITLE_LIMIT,
    card_blocks,
    choice_blocks,
    fallback_text,
    limit_blocks,
    message_modal,
    mrkdwn,
    plain,
    reply_blocks,
    truncate,
)

# The card's "Merge into…" (rendered by the pipeline's card controls) and the Similar
# view's Merge buttons: both open the modal.
MERGE_OPEN = "idea_merge_open"
UNMERGE = "idea_unmerge"
MODAL_CALLBACK = "idea_merge_modal"
TARGET_BLOCK = "target"
NUMBER_BLOCK = "number"
OPTION_TEXT_LIMIT = 75
SELECT_OPTIONS_LIMIT = 100
# "#123", an external id like "IDEA-9": short; anything longer is not a reference.
NUMBER_LIMIT = 40
_PERMALINK = re.compile(r"https://[^\s<>|]+", re.ASCII)


def merge_value(idea_id: int, into_id: int | None = None) -> str:
    return str(idea_id) if into_id is None else f"{idea_id}:{into_id}"


def idea_option(idea: Idea) -> Option:
    return Option(
        value=str(idea.id),
        text=truncate(plain(f"{idea.public_ref} {idea.title}"), OPTION_TEXT_LIMIT),
    )


def merge_modal(
    idea: Idea,
    targets: Sequence[Idea] | None,
    chosen: Idea | None = None,
    locale: str | None = None,
) -> View:
    """Merge `idea` into: one of `targets` (None: still looking for them), `chosen`
    already selected, or a typed number."""
    options: list[Idea] = []
    for target in [*([chosen] if chosen else []), *(targets or [])]:
        if target.id != idea.id and target.id not in {o.id for o in options}:
            options.append(target)
    blocks: list[Block] = [
        SectionBlock(
            text=mrkdwn(t("merge.slack.idea", locale, ref=idea.public_ref, title=idea.title))
        )
    ]
    if options:
        blocks.append(
            InputBlock(
                block_id=TARGET_BLOCK,
                label=t("merge.slack.target", locale),
                optional=True,
                element=StaticSelectElement(
                    action_id="value",
                    placeholder=t("merge.slack.target_placeholder", locale),
                    options=[idea_option(o) for o in options[:SELECT_OPTIONS_LIMIT]],
                    initial_option=idea_option(chosen) if chosen else None,
                ),
            )
        )
    if targets is None:
        blocks.append(ContextBlock(elements=[mrkdwn(t("merge.slack.looking", locale))]))
    elif not options:
        blocks.append(ContextBlock(elements=[mrkdwn(t("merge.slack.no_similar", locale))]))
    blocks.append(
        InputBlock(
            block_id=NUMBER_BLOCK,
            label=t("merge.slack.number", locale),
            hint=t("merge.slack.number_hint", locale),
            optional=True,
            element=PlainTextInputElement(action_id="value", max_length=NUMBER_LIMIT),
        )
    )
    return View(
        type="modal",
        callback_id=MODAL_CALLBACK,
        title=truncate(t("merge.slack.modal_title", locale), MODAL_TITLE_LIMIT),
        submit=t("merge.slack.submit", locale),
        close=t("merge.slack.cancel", locale),
        private_metadata=json.dumps({"idea": str(idea.id)}),
        blocks=blocks,
    )


def message_view(text: str, locale: str | None = None) -> View:
    title = t("merge.slack.modal_title", locale)
    return message_modal(title, t("merge.slack.cancel", locale), text)


def unmerge_elements(idea: Idea, locale: str | None = None) -> list[ButtonElement]:
    """The Unmerge button of a merged idea's channel card. Everyone in the channel
    sees the card, so the click is checked against the policy."""
    if idea.merged_into is None:
        return []
    return [
        ButtonElement(
            text=truncate(t("merge.slack.unmerge", locale), BUTTON_TEXT_LIMIT),
            action_id=UNMERGE,
            value=str(idea.id),
        )
    ]


def permalink(url: object) -> str | None:
    """A permalink Slack gave us, if it can sit in `<url|text>` without breaking it."""
    return url if isinstance(url, str) and _PERMALINK.fullmatch(url) else None


def similar_view(
    replies: Sequence[Reply], idea_id: int, locale: str | None = None
) -> tuple[str, list[dict[str, Any]]]:
    """The Similar view of idea `idea_id`'s card, for someone who may merge: a
    "Merge #B into #A" button under each similar idea (it opens the modal, A chosen)."""
    blocks: list[Block] = []
    for reply in replies:
        if reply.kind is not ReplyKind.SIMILAR:
            blocks.extend(reply_blocks(reply))
            continue
        if reply.text:
            blocks.append(SectionBlock(text=mrkdwn(reply.text)))
        for card in reply.cards:
            blocks.extend(card_blocks(card))
            if card.idea_id is not None and card.idea_id != idea_id:
                label = t(
                    "merge.slack.similar_button",
                    locale,
                    ref=f"#{idea_id}",
                    target=f"#{card.idea_id}",
                )
                button = ButtonElement(
                    text=truncate(label, BUTTON_TEXT_LIMIT),
                    action_id=MERGE_OPEN,
                    value=merge_value(idea_id, card.idea_id),
                )
                blocks.append(ActionsBlock(elements=[button]))
        blocks.extend(choice_blocks(reply.choices))
    return fallback_text(replies), [b.to_dict() for b in limit_blocks(blocks)]
