"""Replies and idea cards as Block Kit, built with slack_sdk's models and kept in limits.

Everything a person typed is escaped for mrkdwn (`&`, `<`, `>`), so an idea cannot
ping `<!channel>`, mention someone or fake a link. Long text is cut with "…" before
the models validate it: Slack refuses the whole message when one field is too long.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    HeaderBlock,
    InteractiveElement,
    MarkdownTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.core.cards import status_label
from bot.core.messages import plural_category, t, use_locale
from bot.core.replies import Action, Choice, IdeaCard, Reply
from bot.slack import strings

SECTION_TEXT_LIMIT = 3000
HEADER_LIMIT = 150
BUTTON_TEXT_LIMIT = 75
BUTTON_VALUE_LIMIT = 2000
MESSAGE_BLOCK_LIMIT = 50
VIEW_BLOCK_LIMIT = 100
ACTIONS_PER_BLOCK = 25
CONTEXT_ELEMENTS = 10
FALLBACK_TEXT_LIMIT = 3000
ACTION_PREFIX = "ideabot:"

_PARTIAL_ENTITY = re.compile(r"&[a-z]{0,4}$")


def escape(text: str) -> str:
    """Slack's three control characters, so user text is shown, never interpreted."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def truncate(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = _PARTIAL_ENTITY.sub("", text[: limit - 1])  # never leave half of "&amp;"
    return cut + "…"


def plain(text: str) -> str:
    """User text in a plain_text field: Slack shows it as is, but a look-alike for < and >
    keeps raw markup out of every payload (and out of anything that re-parses it)."""
    return text.replace("<", "‹").replace(">", "›")


def mrkdwn(text: str, limit: int = SECTION_TEXT_LIMIT) -> MarkdownTextObject:
    """Escaped mrkdwn: Slack-style *bold* from the core's catalogue still renders."""
    return MarkdownTextObject(text=truncate(escape(text), limit))


def action_id(action: Action, index: int = 0) -> str:
    # Slack wants action_ids unique within a block: repeat actions get a suffix.
    return f"{ACTION_PREFIX}{action.value}" + (f":{index}" if index else "")


def button(choice: Choice, index: int = 0) -> ButtonElement:
    return ButtonElement(
        text=truncate(plain(choice.label), BUTTON_TEXT_LIMIT),
        action_id=action_id(choice.action, index),
        value=truncate(choice.value, BUTTON_VALUE_LIMIT) if choice.value else None,
        style=choice.style if choice.style in ("primary", "danger") else None,
    )


def choice_blocks(choices: Sequence[Choice]) -> list[Block]:
    blocks: list[Block] = []
    for start in range(0, len(choices), ACTIONS_PER_BLOCK):
        chunk = choices[start : start + ACTIONS_PER_BLOCK]
        seen: dict[Action, int] = {}
        elements = []
        for choice in chunk:
            index = seen.get(choice.action, 0)
            seen[choice.action] = index + 1
            elements.append(button(choice, index))
        blocks.append(ActionsBlock(elements=elements))
    return blocks


def votes_label(votes: int) -> str:
    template = strings.VOTES if plural_category(votes) == "one" else strings.VOTES_PLURAL
    return template.format(votes=votes)


def card_facts(card: IdeaCard) -> list[str]:
    facts = []
    if card.is_preview:
        facts.append("preview")
    if card.status:
        facts.append(status_label(card.status))
    if card.votes is not None:
        facts.append(votes_label(card.votes))
    if card.similarity:
        score = f" {card.score:.2f}" if card.score is not None else ""
        facts.append(f"{card.similarity}{score}")
    if card.tags:
        facts.append(", ".join(card.tags))
    if card.challenge:
        facts.append(card.challenge)
    if card.author:
        facts.append(strings.BY.format(author=card.author))
    return facts


def card_body(card: IdeaCard) -> str:
    parts = [
        (t("field.problem"), card.problem),
        (t("field.proposal"), card.proposal),
        (t("field.benefits"), card.benefits),
    ]
    if not any(value for _, value in parts):
        return escape(card.description or "")
    return "\n".join(f"*{label.capitalize()}:* {escape(value)}" for label, value in parts if value)


def card_blocks(card: IdeaCard) -> list[Block]:
    ref = f"#{card.idea_id} " if card.idea_id is not None else ""
    title = f"*{escape(ref + (card.title or t('idea_title.untitled')))}*"
    body = card_body(card)
    text = truncate(title + ("\n" + body if body else ""), SECTION_TEXT_LIMIT)
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=text))]
    facts = card_facts(card)
    if card.status_reason:
        facts.append(card.status_reason)
    if facts:
        blocks.append(ContextBlock(elements=[mrkdwn(" · ".join(facts))]))
    if card.match_reason:  # escaped by mrkdwn: it may quote the idea's own text
        blocks.append(ContextBlock(elements=[mrkdwn(card.match_reason)]))
    blocks.extend(merged_blocks(card))
    return blocks


def merged_blocks(card: IdeaCard, link: str | None = None) -> list[Block]:
    """ "Merged into #A" on a merged idea's card: where its votes count now, linked to
    A's card when `link` (its permalink, checked by the caller) is given."""
    if card.merged_into is None:
        return []
    ref = f"<{link}|#{card.merged_into}>" if link else f"#{card.merged_into}"
    line = (
        t("merge.into_line", ref=ref, title=escape(card.merged_into_title))
        if card.merged_into_title
        else t("merge.into_short", ref=ref)
    )
    return [SectionBlock(text=MarkdownTextObject(text=truncate(line, SECTION_TEXT_LIMIT)))]


def reply_blocks(reply: Reply) -> list[Block]:
    blocks: list[Block] = []
    if reply.text:
        blocks.append(SectionBlock(text=mrkdwn(reply.text)))
    for card in reply.cards:
        blocks.extend(card_blocks(card))
    if reply.memories:
        lines = "\n".join(f"• {escape(m.content)} _({m.kind})_" for m in reply.memories)
        blocks.append(
            SectionBlock(text=MarkdownTextObject(text=truncate(lines, SECTION_TEXT_LIMIT)))
        )
    blocks.extend(choice_blocks(reply.choices))
    return blocks


def fallback_text(replies: Sequence[Reply]) -> str:
    """The notification text: what the replies say, escaped like the blocks."""
    parts = [r.text for r in replies if r.text]
    if not parts:
        parts = [card.title for r in replies for card in r.cards]
    return truncate(escape("\n".join(parts)), FALLBACK_TEXT_LIMIT) or "…"


def limit_blocks(blocks: list[Block], limit: int = MESSAGE_BLOCK_LIMIT) -> list[Block]:
    """Keep the first blocks, and the buttons a reply ends with, within Slack's count."""
    if len(blocks) <= limit:
        return blocks
    tail = [b for b in blocks[-2:] if isinstance(b, ActionsBlock)]
    head = blocks[: limit - 1 - len(tail)]
    return [*head, ContextBlock(elements=[MarkdownTextObject(text=strings.MORE)]), *tail]


def render(replies: Sequence[Reply]) -> tuple[str, list[dict[str, Any]]]:
    """One turn of the conversation as one message: (fallback text, blocks)."""
    # Buttons and labels in the language the replies are written in (the person's,
    # or the one their message was in).
    spoken = next((r.locale for r in replies if r.locale), None)
    if spoken:
        use_locale(spoken)
    blocks: list[Block] = []
    for reply in replies:
        blocks.extend(reply_blocks(reply))
    return fallback_text(replies), [b.to_dict() for b in limit_blocks(blocks)]


def header(text: str) -> HeaderBlock:
    # plain_text: Slack shows it as is, so it needs no escaping.
    return HeaderBlock(text=truncate(plain(text), HEADER_LIMIT))


def idea_post(
    card: IdeaCard,
    idea_id: int,
    manage: Sequence[InteractiveElement] = (),
    merged_link: str | None = None,
) -> tuple[str, list[dict[str, Any]]]:
    """The card posted in the ideas channel, with Upvote (count) and Similar buttons,
    then `manage` (the status menu, "Merge into…", Unmerge); the status and its reason
    are on the card, so a change shows where everyone sees the idea; a merged idea's
    card links to `merged_link`."""
    votes = card.votes or 0
    title = truncate(escape(f"#{idea_id} {card.title}"), HEADER_LIMIT)
    body = card_body(card)
    text = truncate(f"*{title}*" + (f"\n{body}" if body else ""), SECTION_TEXT_LIMIT)
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=text))]
    facts = [f for f in card_facts(card) if f != votes_label(votes)]
    if card.status_reason:
        facts.append(card.status_reason)
    if facts:
        blocks.append(ContextBlock(elements=[mrkdwn(" · ".join(facts))]))
    blocks.extend(merged_blocks(card, merged_link))
    blocks.append(
        ActionsBlock(
            elements=[
                ButtonElement(
                    text=truncate(f"👍 {strings.UPVOTE} ({votes})", BUTTON_TEXT_LIMIT),
                    action_id=action_id(Action.UPVOTE),
                    value=str(idea_id),
                    style="primary",
                ),
                ButtonElement(
                    text=strings.SIMILAR,
                    action_id=action_id(Action.SIMILAR),
                    value=str(idea_id),
                ),
                *manage,
            ]
        )
    )
    banner = strings.NEW_IDEA_BANNER.format(ref=f"#{idea_id}") + f": {card.title}"
    if card.merged_into is not None:
        banner += " · " + t("merge.into_short", ref=f"#{card.merged_into}")
    text = truncate(escape(banner), FALLBACK_TEXT_LIMIT)
    return text, [b.to_dict() for b in blocks]


def without_buttons(blocks: Sequence[dict[str, Any]], chosen: str) -> list[dict[str, Any]]:
    """A clicked message with its buttons replaced by what was chosen (no second click)."""
    kept = [b for b in blocks if b.get("type") != "actions"]
    note = ContextBlock(elements=[mrkdwn(strings.CHOSEN.format(label=chosen))]).to_dict()
    return [*kept[: MESSAGE_BLOCK_LIMIT - 1], note]


# Slack's limit on a modal's title (characters).
MODAL_TITLE_LIMIT = 24


def message_modal(title: str, close: str, text: str) -> View:
    """A modal that only says something (a refusal), shown in place of a form."""
    return View(
        type="modal",
        title=truncate(title, MODAL_TITLE_LIMIT),
        close=close,
        blocks=[SectionBlock(text=mrkdwn(text))],
    )
