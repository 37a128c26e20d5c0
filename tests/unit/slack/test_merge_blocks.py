"""The merge controls' Block Kit: the modal, the Unmerge button, the linked notice."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from bot.core.models import Idea, IdeaStatus
from bot.core.replies import IdeaCard
from bot.slack.blocks import idea_post
from bot.slack.merge_blocks import merge_modal, permalink, unmerge_elements
from bot.slack.merge_parse import merge_click
from bot.slack.parse import MalformedPayload

NOW = datetime(2025, 1, 1, tzinfo=UTC)


def _idea(idea_id: int, title: str, merged_into: int | None = None) -> Idea:
    return Idea(
        id=idea_id, team_id="T1", external_id=None, title=title, description="d",
        problem=None, proposal=None, benefits=None, tags=[],
        status=IdeaStatus.MERGED if merged_into else IdeaStatus.NEW, status_reason=None,
        votes=0, author_id="U1", author_name=None, anonymous=False, challenge=None,
        created_at=NOW, updated_at=NOW, merged_into=merged_into,
    )  # fmt: skip


def test_the_modal_offers_the_similar_ideas_but_never_the_idea_itself() -> None:
    idea, other = _idea(2, "<!channel> shelter"), _idea(1, "Bike parking")
    view = merge_modal(idea, [idea, other, other], chosen=other).to_dict()
    shown = json.dumps(view)
    assert "<!channel>" not in shown  # escaped in mrkdwn
    select = next(b for b in view["blocks"] if b.get("block_id") == "target")["element"]
    assert [o["value"] for o in select["options"]] == ["1"]
    assert select["initial_option"]["value"] == "1"
    assert json.loads(view["private_metadata"]) == {"idea": "2"}


def test_a_modal_still_looking_has_only_the_number_field() -> None:
    view = merge_modal(_idea(2, "Shelter"), None).to_dict()
    assert [b.get("block_id") for b in view["blocks"] if b["type"] == "input"] == ["number"]
    assert "Looking for similar ideas" in json.dumps(view)


def test_only_a_merged_card_has_unmerge_and_it_links_where_it_lives() -> None:
    assert unmerge_elements(_idea(2, "Shelter")) == []
    merged = _idea(2, "Shelter", merged_into=1)
    card = IdeaCard(title="Shelter", idea_id=2, merged_into=1)
    link = "https://team.slack.com/archives/C1/p1700000000000100"
    _, linked = idea_post(card, 2, unmerge_elements(merged), link)
    _, plain = idea_post(card, 2, unmerge_elements(merged))
    assert f"<{link}|#1>" in json.dumps(linked)
    assert "Merged into #1" in json.dumps(plain) and "<" not in json.dumps(plain)
    assert '"action_id": "idea_unmerge"' in json.dumps(linked)


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "https://a.slack.com/x|y", "https://a>b", None, 5, "http://a"]
)
def test_a_permalink_that_could_break_the_link_is_not_used(url: object) -> None:
    assert permalink(url) is None


def _body(action: dict[str, object]) -> dict[str, object]:
    return {
        "type": "block_actions",
        "team": {"id": "T1"},
        "user": {"id": "U1"},
        "actions": [{"action_ts": "1700000000.000100", **action}],
    }


def test_a_merge_value_comes_from_a_button_or_a_menu_option() -> None:
    button = merge_click(_body({"action_id": "idea_merge_open", "value": "12:7"}))
    option = merge_click(
        _body(
            {
                "action_id": "idea_merge_open",
                "type": "overflow",
                "selected_option": {"value": "idea_merge_open:12"},
            }
        )
    )
    assert (button.idea_id, button.into_id) == (12, 7)
    assert (option.idea_id, option.into_id) == (12, None)
    with pytest.raises(MalformedPayload):
        merge_click(_body({"action_id": "idea_merge_open", "selected_option": {"value": 12}}))
    with pytest.raises(MalformedPayload):
        merge_click(_body({"action_id": "idea_unmerge", "value": "12:7"}))
