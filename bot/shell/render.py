"""Replies as terminal text: the same conversation Slack shows, readable in a shell."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from bot.core.cards import status_label
from bot.core.choices import key_for, normalise
from bot.core.digest_text import headline, sections, title
from bot.core.messages import plural_category, t
from bot.core.replies import IdeaCard, Reply

_BOLD = re.compile(r"(?<![\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])")
_ITALIC = re.compile(r"(?<![\w_])_(?!\s)([^_\n]+?)(?<!\s)_(?![\w_])")


def markup(text: str, rich: bool) -> str:
    """Slack-style *bold* / _italic_ to Rich markup (or to plain text)."""
    if rich:
        text = text.replace("[", r"\[")
        text = _BOLD.sub(r"[bold]\1[/bold]", text)
        return _ITALIC.sub(r"[italic]\1[/italic]", text)
    text = _BOLD.sub(r"\1", text)
    return _ITALIC.sub(r"\1", text)


def render_card(card: IdeaCard, rich: bool, locale: str | None = None) -> list[str]:
    head = f"#{card.idea_id} " if card.idea_id is not None else ""
    facts = []
    if card.is_preview:
        facts.append(t("shell.preview", locale))
    if card.status:
        facts.append(status_label(card.status, locale))
    if card.votes is not None:
        facts.append(
            t(
                "shell.vote" if plural_category(card.votes, locale) == "one" else "shell.votes",
                locale,
                count=card.votes,
            )
        )
    if card.similarity:
        facts.append(
            f"{card.similarity} {card.score:.2f}" if card.score is not None else card.similarity
        )
    title = f"*{head}{card.title}*" + (f"  ({' · '.join(facts)})" if facts else "")
    lines = [f"  ┌ {markup(title, rich)}"]
    body = [
        (t("field.problem", locale), card.problem),
        (t("field.proposal", locale), card.proposal),
        (t("field.benefits", locale), card.benefits),
    ]
    if not any(value for _, value in body) and card.description:
        body = [("", card.description)]
    for label, value in body:
        if value:
            prefix = f"{label.capitalize()}: " if label else ""
            lines.append(f"  │ {_escape(prefix + _one_line(value), rich)}")
    extras = []
    if card.tags:
        extras.append(t("shell.tags", locale, tags=", ".join(card.tags)))
    if card.challenge:
        extras.append(t("shell.challenge", locale, challenge=card.challenge))
    if card.author:
        extras.append(t("shell.by", locale, author=card.author))
    if card.status_reason:
        extras.append(t("shell.reason", locale, reason=card.status_reason))
    if extras:
        lines.append(f"  │ {_escape(' · '.join(extras), rich)}")
    if card.match_reason:
        lines.append(f"  │ {_escape(card.match_reason, rich)}")
    lines.append("  └")
    return lines


def render_turn(replies: Sequence[Reply], rich: bool, locale: str | None = None) -> str:
    """One turn's replies; each choice shows the word that picks it, the same on every
    screen (issue 12: numbers shifted with the number of similar ideas)."""
    lines: list[str] = []
    for reply in replies:
        if reply.text:
            lines.append(markup(reply.text, rich))
        for card in reply.cards:
            lines.extend(render_card(card, rich, locale))
        for memory in reply.memories:
            lines.append(f"  • {_escape(memory.content, rich)} ({memory.kind})")
        if reply.choices:
            parts = []
            for choice in reply.choices:
                key = key_for(choice, locale)
                if normalise(key) == normalise(choice.label):
                    parts.append(_escape(f"[{choice.label}]", rich))
                else:
                    parts.append(_escape(f"[{key}] {choice.label}", rich))
            lines.append("  " + "   ".join(parts))
    return "\n".join(lines)


def render_digest(data: dict[str, Any], rich: bool, locale: str | None = None) -> str:
    """The digest as Slack shows it, in text: title, headline, then each section.
    Idea titles are people's text: escaped, never read as markup."""
    lines = [markup(f"*{title(data, locale)}*", rich)]
    lines += [markup(line, rich) for line in headline(data, locale)]
    for heading, body in sections(data, locale):
        lines += ["", markup(f"*{heading}*", rich)]
        lines += [f"  • {_escape(line.strip(), rich)}" for line in body]
    lines += ["", t("digests.shell_chart", locale)]
    return "\n".join(lines)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _escape(text: str, rich: bool) -> str:
    return text.replace("[", r"\[") if rich else text
