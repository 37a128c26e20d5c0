"""Themes marked new: a topic the previous week also had is not new; a topic that
only this week has is. The labelled file has all six topics in both of its weeks;
dropping one topic's ideas from the first week makes that topic new in the second."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from bot.container import Container
from bot.core.digests import ReadDigest
from bot.core.permissions import Refusal
from tests.integration.test_cli import ideabot
from tests.integration.test_digest import ADMIN, DATA, START

NEW_TOPIC = "commute"


def _themes(container: Container) -> list[tuple[str, bool]]:
    """Each theme's majority topic and whether it is marked new (week of 8–14 March)."""
    result = container.digests.build(ReadDigest(ADMIN, days=7, end=date(2026, 3, 14)))
    assert not isinstance(result, Refusal)
    topic = {r["id"]: r["topic"] for r in _rows()}
    return [
        (Counter(topic[ref] for ref in t["idea_refs"]).most_common(1)[0][0], t["new"])
        for t in result.to_dict()["themes"]
    ]


def _rows() -> list[dict[str, Any]]:
    return [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]


def _import(env: dict[str, str], rows: list[dict[str, Any]], path: Path) -> None:
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    result = ideabot(env, "import", str(path))
    assert result.returncode == 0, result.stderr


def test_topics_of_both_weeks_are_not_new(
    container: Container, env: dict[str, str], tmp_path: Path
) -> None:
    _import(env, _rows(), tmp_path / "both.jsonl")
    themes = _themes(container)
    assert len(themes) >= 3
    assert [t for t, new in themes if new] == []


def test_a_topic_only_in_this_week_is_new(
    container: Container, env: dict[str, str], tmp_path: Path
) -> None:
    rows = [r for r in _rows() if not (r["topic"] == NEW_TOPIC and r["created_at"] < START)]
    _import(env, rows, tmp_path / "dropped.jsonl")
    themes = _themes(container)
    assert NEW_TOPIC in [t for t, _ in themes]
    assert all(new == (t == NEW_TOPIC) for t, new in themes), themes
