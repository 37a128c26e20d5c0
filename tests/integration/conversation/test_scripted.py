"""At least 30 scripted conversations in varied styles, through the conversation core."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.container import Container
from bot.core.models import Actor
from bot.core.replies import ReplyKind
from tests.conftest import TEST_TEAM
from tests.integration.conversation.helpers import Chat, load_demo

SCRIPTS = yaml.safe_load(
    (Path(__file__).resolve().parents[2] / "data" / "conversations.yaml").read_text("utf-8")
)


def test_there_are_at_least_thirty_scripts() -> None:
    assert len(SCRIPTS) >= 30


def _has(value: object, needles: list[str]) -> bool:
    text = str(value or "").lower()
    return all(n.lower() in text for n in needles)


@pytest.mark.parametrize("script", SCRIPTS, ids=[s["name"] for s in SCRIPTS])
def test_scripted_conversation(container: Container, script: dict[str, Any]) -> None:
    load_demo(container, TEST_TEAM, limit=40)
    chat = Chat(container, Actor(TEST_TEAM, "USCRIPT", "Robin"))
    chat.start()
    questions_per_draft: list[int] = [0]
    for line in script["lines"]:
        replies = chat.say(line)
        assert replies, f"no reply to {line!r}"
        assert all(r.text or r.cards for r in replies)
        kinds = [r.kind for r in replies]
        questions_per_draft[-1] += kinds.count(ReplyKind.QUESTION)
        if ReplyKind.SUBMITTED in kinds:
            questions_per_draft.append(0)
    chat.finish()

    assert max(questions_per_draft) <= script.get("max_questions", 3), chat.all_text()
    ideas = chat.my_ideas()
    if "ideas" in script:
        assert len(ideas) == script["ideas"], chat.all_text()
    for needle in script.get("replies_have", []):
        assert needle.lower() in chat.all_text().lower(), chat.all_text()
    expected = script.get("idea")
    if expected is None:
        return
    assert len(ideas) == 1, chat.all_text()
    idea = ideas[0]
    title = str(idea["title"])
    assert 0 < len(title) <= 80
    assert idea["anonymous"] is expected.get("anonymous", False)
    assert (idea["author"] is None) is expected.get("anonymous", False)
    assert idea["tags"], "a submitted idea gets tags"
    for field in ("title", "problem", "proposal", "benefits"):
        if f"{field}_has" in expected:
            assert _has(idea[field], expected[f"{field}_has"]), (field, idea, chat.all_text())
        if f"{field}_not_has" in expected:
            assert not _has(idea[field], expected[f"{field}_not_has"]), (field, idea)
    if "title_equals" in expected:
        assert title == expected["title_equals"]
    for word in expected.get("title_not_has", []):
        assert word not in title.lower(), title
    for prefix in expected.get("title_not_startswith", []):
        assert not title.lower().startswith(prefix)
    assert idea["description"], "the description is the composed text"
