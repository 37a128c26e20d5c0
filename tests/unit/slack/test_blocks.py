"""Rendering: escaping, Slack's limits, buttons that carry core actions."""

from __future__ import annotations

from bot.core.replies import Action, Choice, IdeaCard, Reply
from bot.slack.blocks import MESSAGE_BLOCK_LIMIT, escape, idea_post, render, truncate
from bot.slack.parse import parse_action_id, strip_mentions


def test_escape_neutralises_slack_control_sequences() -> None:
    assert escape("<!channel> & <@U1|x>") == "&lt;!channel&gt; &amp; &lt;@U1|x&gt;"


def test_truncate_never_splits_an_entity() -> None:
    text = escape("a" * 9 + "&")  # "aaaaaaaaa&amp;"
    assert truncate(text, 12) == "a" * 9 + "…"


def test_buttons_encode_the_core_action_and_stay_unique_in_a_block() -> None:
    reply = Reply(
        "Pick",
        choices=(
            Choice("Support #1 instead", Action.SUPPORT, "1"),
            Choice("Support #2 instead", Action.SUPPORT, "2"),
            Choice("x" * 100, Action.SUBMIT, style="primary"),
        ),
    )
    _, blocks = render([reply])
    buttons = blocks[-1]["elements"]
    ids = [b["action_id"] for b in buttons]
    assert len(set(ids)) == 3
    assert [parse_action_id(i) for i in ids] == [Action.SUPPORT, Action.SUPPORT, Action.SUBMIT]
    assert len(buttons[2]["text"]["text"]) <= 75


def test_many_cards_fit_in_fifty_blocks_and_keep_the_buttons() -> None:
    cards = tuple(IdeaCard(title=f"Idea {n}", idea_id=n, description="d") for n in range(60))
    reply = Reply("Lots", cards=cards, choices=(Choice("Submit", Action.SUBMIT),))
    _, blocks = render([reply])
    assert len(blocks) <= MESSAGE_BLOCK_LIMIT
    assert blocks[-1]["type"] == "actions"


def test_long_text_is_cut_to_section_limit() -> None:
    _, blocks = render([Reply("word " * 2000)])
    assert len(blocks[0]["text"]["text"]) <= 3000 and blocks[0]["text"]["text"].endswith("…")


def test_anonymous_card_has_no_author() -> None:
    _, blocks = idea_post(IdeaCard(title="Secret", votes=2, author=None), 7)
    assert "by " not in str(blocks)
    assert "(2)" in blocks[-1]["elements"][0]["text"]["text"]


def test_mentions_are_stripped_from_mention_text() -> None:
    assert strip_mentions("<@UBOT> similar: bikes") == "similar: bikes"
