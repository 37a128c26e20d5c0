"""A similar-idea card says why it matched, in Slack and in the shell."""

from __future__ import annotations

import json

from bot.core.replies import IdeaCard
from bot.shell.render import render_card
from bot.slack.blocks import card_blocks

CARD = IdeaCard(
    title="Secure bike parking",
    idea_id=12,
    description="Covered racks at the north entrance.",
    similarity="related",
    score=0.61,
    match_reason="Matches: “Covered racks at the <north> entrance.”",
)


def test_slack_card_has_the_reason_as_escaped_context() -> None:
    blocks = [b.to_dict() for b in card_blocks(CARD)]
    contexts = [b for b in blocks if b["type"] == "context"]
    text = json.dumps(contexts, ensure_ascii=False)
    assert "Matches: “Covered racks at the &lt;north&gt; entrance.”" in text
    assert "<north>" not in text


def test_shell_card_shows_the_reason_line() -> None:
    lines = render_card(CARD, rich=False)
    assert any("Matches: “Covered racks" in line for line in lines)


def test_a_card_without_a_reason_has_no_reason_line() -> None:
    plain = IdeaCard(title="Secure bike parking", idea_id=12, similarity="related", score=0.6)
    assert len(card_blocks(plain)) == len(card_blocks(CARD)) - 1
    assert not any("Matches" in line for line in render_card(plain, rich=False))
