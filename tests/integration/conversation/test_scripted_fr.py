"""Scripted French conversations (issue 14, must 5): a person whose locale is French
talks to the offline engine; what is stored is read back field by field."""

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
    (Path(__file__).resolve().parents[2] / "data" / "conversations_fr.yaml").read_text("utf-8")
)


def test_there_are_twenty_french_scripts_in_the_same_variety_as_english() -> None:
    assert len(SCRIPTS) >= 20
    lines = " | ".join(line for s in SCRIPTS for line in s["lines"])
    for command in ("soumettre anonymement", "annuler", "laisse tomber", "oublie-moi"):
        assert command in lines


def _has(value: object, needles: list[str]) -> bool:
    text = str(value or "").lower()
    return all(n.lower() in text for n in needles)


@pytest.mark.parametrize("script", SCRIPTS, ids=[s["name"] for s in SCRIPTS])
def test_french_scripted_conversation(container: Container, script: dict[str, Any]) -> None:
    load_demo(container, TEST_TEAM, limit=40)
    actor = Actor(TEST_TEAM, "USCRIPTFR", "Camille", locale="fr")
    chat = Chat(container, actor)
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
    memory = " | ".join(m.content for m in container.memory.items(actor))
    for needle in script.get("memory_has", []):
        assert needle.lower() in memory.lower(), memory
    if script.get("memory_empty"):
        assert memory == "", memory
    if "ideas" in script:
        assert len(ideas) == script["ideas"], chat.all_text()
    expected = script.get("idea")
    if expected is None:
        return
    assert len(ideas) == 1, chat.all_text()
    idea = ideas[0]
    title = str(idea["title"])
    assert 0 < len(title) <= 80
    assert idea["anonymous"] is expected.get("anonymous", False)
    assert (idea["author"] is None) is expected.get("anonymous", False)
    for field in ("title", "problem", "proposal", "benefits"):
        if f"{field}_has" in expected:
            assert _has(idea[field], expected[f"{field}_has"]), (field, idea, chat.all_text())
        for needle in expected.get(f"{field}_not_has", []):
            assert needle.lower() not in str(idea[field] or "").lower(), (field, idea)
        if expected.get(f"{field}_empty"):
            assert not idea[field], (field, idea)
    if "title_equals" in expected:
        assert title == expected["title_equals"]
    for prefix in expected.get("title_not_startswith", []):
        assert not title.lower().startswith(prefix), title
    assert idea["description"], "the description is the composed text"
