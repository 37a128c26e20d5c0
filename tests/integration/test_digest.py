"""The digest as an admin reads it: numbers checked against counts computed here,
independently, from the same imported file; themes against the file's known topics;
the JSON contract; markdown and its PNG chart; an employee refused."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.container import Container
from bot.core.digests import ReadDigest
from bot.core.models import Actor, IdeaStatus
from bot.core.permissions import Refusal
from tests.conftest import TEST_TEAM
from tests.integration.test_cli import ideabot

DATA = Path(__file__).resolve().parents[2] / "bench" / "data" / "themes_labelled.jsonl"
ADMIN = Actor(TEST_TEAM, "UADMIN")
# The file's ideas span 1–14 March 2026: the digest is the second week.
START, END = "2026-03-08", "2026-03-15"
PREVIOUS = "2026-03-01"


def _rows() -> list[dict[str, Any]]:
    return [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]


def _in(row: dict[str, Any], start: str, end: str) -> bool:
    return start <= row["created_at"][:10] < end


@pytest.fixture
def digest_env(env: dict[str, str]) -> dict[str, str]:
    result = ideabot(env, "import", str(DATA))
    assert result.returncode == 0, result.stderr
    return env


def test_digest_numbers_match_the_file(digest_env: dict[str, str]) -> None:
    result = ideabot(digest_env, "digest", "--end", "2026-03-14", "--format", "json")
    assert result.returncode == 0, result.stderr
    digest = json.loads(result.stdout)
    rows = _rows()
    week = [r for r in rows if _in(r, START, END)]
    before = [r for r in rows if _in(r, PREVIOUS, START)]

    assert digest["period"]["start"].startswith(START)
    assert digest["period"]["end"].startswith(END)
    assert digest["new_ideas"] == len(week)
    assert digest["previous_new_ideas"] == len(before)
    assert digest["contributors"] == len({r["author"] for r in week})
    assert digest["previous_contributors"] == len({r["author"] for r in before})

    votes = sorted(week, key=lambda r: -r["votes"])
    top = digest["top_ideas"]
    assert [i["votes"] for i in top] == [r["votes"] for r in votes[:5]]
    by_id = {r["id"]: r for r in rows}
    assert all(
        by_id[i["id"]]["votes"] == i["votes"] and _in(by_id[i["id"]], START, END) for i in top
    )

    departments = {d["name"]: d for d in digest["departments"]}
    dept_of = {r["author"]: r.get("department", "unknown") for r in rows}
    people = Counter(dept_of.values())
    contributors = Counter(dept_of[a] for a in {r["author"] for r in week})
    ideas = Counter(dept_of[r["author"]] for r in week)
    for name, known in people.items():
        assert departments[name]["people"] == known
        assert departments[name]["contributors"] == contributors[name]
        assert departments[name]["ideas"] == ideas[name]
        assert departments[name]["share"] == round(contributors[name] / known, 4)
    # Anonymous authors are counted, never named.
    anonymous = {r["author"] for r in rows if r.get("anonymous")}
    named = json.dumps(digest)
    assert anonymous and not any(
        a in named for a in anonymous - {r["author"] for r in rows if not r.get("anonymous")}
    )

    for key in (
        "themes",
        "duplicates",
        "status_changes",
        "waiting_review",
        "challenges",
        "leaderboard",
        "decisions",
        "top_gained",
    ):
        assert key in digest
    for theme in digest["themes"]:
        assert {"label", "size", "idea_ids", "examples", "new"} <= set(theme)
        assert theme["size"] == len(theme["idea_ids"]) and len(theme["examples"]) == 2


def test_themes_match_the_known_topics(container: Container, digest_env: dict[str, str]) -> None:
    result = container.digests.build(ReadDigest(ADMIN, days=7, end=date(2026, 3, 14)))
    assert not isinstance(result, Refusal)
    themes = result.to_dict()["themes"]
    topic = {r["id"]: r["topic"] for r in _rows()}
    clustered = [ref for theme in themes for ref in theme["idea_refs"]]
    majority = sum(
        Counter(topic[ref] for ref in theme["idea_refs"]).most_common(1)[0][1] for theme in themes
    )
    week = [r for r in _rows() if _in(r, START, END)]
    assert len(themes) >= 3
    assert majority / len(clustered) >= 0.85  # purity
    assert len(clustered) / len(week) >= 0.6  # coverage
    # Labels come from the ideas' own words.
    words = " ".join(r["title"] + " " + r["description"] for r in week).lower()
    assert all(term in words for theme in themes for term in theme["terms"])


def test_decisions_with_reasons_and_late_reviews(
    container: Container, digest_env: dict[str, str]
) -> None:
    late = container.ideas.list_ideas(TEST_TEAM)
    target = next(i for i in late if i.status == IdeaStatus.NEW)
    container.ideas.set_status(
        Actor(TEST_TEAM, "UMGR"),
        target.id,
        IdeaStatus.DECLINED,
        "Already covered by the travel policy",
    )
    result = container.digests.build(ReadDigest(ADMIN, days=7))
    assert not isinstance(result, Refusal)
    digest = result.to_dict()
    assert [(d["idea_id"], d["to"], d["reason"]) for d in digest["decisions"]] == [
        (target.id, "declined", "Already covered by the travel policy")
    ]
    assert digest["status_changes"] == {"declined": 1}
    # Every still-new idea of March 2026 is older than the 14-day review delay now.
    waiting = [
        r for r in _rows() if r.get("status", "new") == "new" and r["id"] != target.external_id
    ]
    assert len(digest["waiting_review"]) == len(waiting)
    created = [d["since"] for d in digest["waiting_review_details"]]
    assert created == sorted(created)


def test_markdown_and_chart_written(digest_env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "reports"
    result = ideabot(digest_env, "digest", "--end", "2026-03-14", "--out", str(out))
    assert result.returncode == 0, result.stderr
    page = out / "digest-2026-03-08-to-2026-03-15.md"
    chart = out / "digest-2026-03-08-to-2026-03-15.png"
    assert str(page) in result.stdout and str(chart) in result.stdout
    text = page.read_text(encoding="utf-8")
    week = [r for r in _rows() if _in(r, START, END)]
    assert f"New ideas:** {len(week)}" in text
    assert "## Emerging themes" in text and "## Participation by department" in text
    assert f"]({chart.name})" in text
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_employee_is_refused(digest_env: dict[str, str]) -> None:
    result = ideabot(digest_env, "digest", "--as", "UEMPLOYEE", "--format", "json")
    assert result.returncode != 0
    assert result.stdout == ""
    assert "may not read digests" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_bad_end_date_is_one_clear_line(digest_env: dict[str, str]) -> None:
    result = ideabot(digest_env, "digest", "--end", "14/03/2026")
    assert result.returncode == 2
    assert "--end must be a date" in result.stderr


def test_same_numbers_every_run(container: Container, digest_env: dict[str, str]) -> None:
    command = ReadDigest(ADMIN, days=14, end=date(2026, 3, 14))
    first, second = container.digests.build(command), container.digests.build(command)
    assert not isinstance(first, Refusal) and not isinstance(second, Refusal)
    assert first.to_dict() == second.to_dict()
    assert datetime.fromisoformat(first.to_dict()["period"]["end"]) == datetime(
        2026, 3, 15, tzinfo=UTC
    )
