from __future__ import annotations

import pytest

from bot.core.ports.language import MemoryKind
from bot.language.offline import OfflineEngine


@pytest.mark.parametrize(
    ("text", "kind", "key", "content"),
    [
        ("I work in the finance team", MemoryKind.FACT, "team", "Works in the Finance team"),
        ("I work in finance", MemoryKind.FACT, "team", "Works in the Finance team"),
        ("FYI I work in IT", MemoryKind.FACT, "team", "Works in the IT team"),
        ("I'm in marketing", MemoryKind.FACT, "team", "Works in the Marketing team"),
        ("I'm on the platform team", MemoryKind.FACT, "team", "Works in the Platform team"),
        ("my team is Payments", MemoryKind.FACT, "team", "Works in the Payments team"),
        ("I work on the mobile app", MemoryKind.FACT, "project", "Works on the mobile app"),
        ("I'm a data analyst", MemoryKind.FACT, "role", "Works as a data analyst"),
        ("my role is product owner", MemoryKind.FACT, "role", "Works as product owner"),
        ("I'm the office manager", MemoryKind.FACT, "role", "Works as the office manager"),
        ("I'm based in Lyon", MemoryKind.FACT, "location", "Based in Lyon"),
        ("I work from home most days", MemoryKind.FACT, "location", "Works from home most days"),
        ("call me Sam", MemoryKind.FACT, "name", "Goes by Sam"),
        ("My name is Priya Patel", MemoryKind.FACT, "name", "Goes by Priya Patel"),
        (
            "I'm interested in sustainability",
            MemoryKind.INTEREST,
            None,
            "Interested in sustainability",
        ),
        ("I care about accessibility", MemoryKind.INTEREST, None, "Interested in accessibility"),
        ("I love cycling", MemoryKind.INTEREST, None, "Interested in cycling"),
        ("I prefer short messages", MemoryKind.PREFERENCE, None, "Prefers short messages"),
        (
            "I'd rather stay anonymous",
            MemoryKind.PREFERENCE,
            "anonymity",
            "Prefers to stay anonymous",
        ),
        (
            "don't notify me about comments",
            MemoryKind.PREFERENCE,
            "notifications",
            "Does not want to be notified about comments",
        ),
        (
            "please always send me the digest on Mondays",
            MemoryKind.PREFERENCE,
            None,
            "Asks to always send them the digest on Mondays",
        ),
        (
            "my goal is to submit three ideas this quarter",
            MemoryKind.GOAL,
            None,
            "Wants to submit three ideas this quarter",
        ),
        (
            "I want to learn Python this year",
            MemoryKind.GOAL,
            None,
            "Wants to learn Python this year",
        ),
    ],
)
def test_self_statements(
    rules_engine: OfflineEngine, text: str, kind: MemoryKind, key: str | None, content: str
) -> None:
    found = rules_engine.extract_memories(text)
    assert [(m.kind, m.key, m.content) for m in found] == [(kind, key, content)]


def test_several_statements_in_one_message(rules_engine: OfflineEngine) -> None:
    found = rules_engine.extract_memories(
        "Hi! I'm a data analyst in the finance team, based in Lyon. I care about sustainability."
    )
    assert {(m.key, m.content) for m in found} == {
        ("role", "Works as a data analyst"),
        ("team", "Works in the Finance team"),
        ("location", "Based in Lyon"),
        (None, "Interested in sustainability"),
    }


@pytest.mark.parametrize(
    "text",
    [
        "I'm frustrated that the printer is broken again",
        "we should work from home more",
        "I'm a bit annoyed by all these meetings",
        "I love this idea",
        "I'm in a meeting",
        "I'm in favour of a 4-day week",
        "I work in a building with no bike racks, we should add some",
        "call me back later",
        "I'm the only one who uses the printer",
        "I think we should add bike racks at the north entrance",
        "It would be great if the canteen served vegan food",
    ],
)
def test_no_false_memories_from_idea_text(rules_engine: OfflineEngine, text: str) -> None:
    assert rules_engine.extract_memories(text) == []
