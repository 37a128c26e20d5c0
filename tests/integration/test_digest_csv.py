"""A new user's digest: a generated CSV (with a `department` column, imported statuses,
anonymous rows) goes through `ideabot import`, then `ideabot digest --format json`
and `--format markdown --out DIR`; every count is compared with one computed here,
directly from the CSV rows, and imported statuses are not "decisions taken"."""

from __future__ import annotations

import csv
import json
import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.core.models import Actor, IdeaStatus
from tests.conftest import TEST_TEAM
from tests.integration.test_cli import ideabot

# The digest is the 7 days ending at the end of 20 May 2026; the previous 7 days too.
END_DAY = "2026-05-20"
END = datetime(2026, 5, 21, tzinfo=UTC)
START = END - timedelta(days=7)
PREVIOUS = START - timedelta(days=7)
DEPARTMENTS = ["Finance", "Logistics", "Sales", ""]  # "": no department known
SUBJECTS = [
    ("Solar panels on the warehouse roof", "Cut the power bill with solar panels."),
    ("Night bus for the late shift", "A shuttle for people who finish after midnight."),
    ("Shorter weekly meetings", "Cap the weekly meeting at twenty minutes."),
    ("Salad bar in the canteen", "Fresh salads at lunch instead of only fried food."),
    ("Badge readers on the back door", "The back door is left open; add a badge reader."),
    ("Buddy for every new starter", "Pair each new starter with a buddy for a month."),
]


def _rows(seed: int = 7, count: int = 90) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    people = [f"Person {n:02d}" for n in range(24)]
    department = {p: rng.choice(DEPARTMENTS) for p in people}
    rows = []
    for n in range(count):
        title, description = rng.choice(SUBJECTS)
        author = rng.choice(people)
        # Spread over 21 days: the period, the previous period, and a week before that.
        at = END - timedelta(seconds=rng.uniform(0, 21 * 86400))
        rows.append(
            {
                "id": f"c{n:03d}",
                "title": f"{title} ({n})",
                "description": description,
                "author": author,
                "department": department[author],
                "anonymous": "yes" if rng.random() < 0.1 else "",
                "created_at": at.isoformat(),
                "status": rng.choice(["new", "new", "new", "accepted", "declined"]),
                "status_reason": "Out of budget this year",
                "votes": str(rng.randint(0, 30)),
            }
        )
    return rows


def _when(row: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(row["created_at"])


@pytest.fixture
def imported(env: dict[str, str], tmp_path: Path) -> list[dict[str, Any]]:
    rows = _rows()
    path = tmp_path / "ideas.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    result = ideabot(env, "import", str(path))
    assert result.returncode == 0, result.stderr
    return rows


def test_digest_counts_equal_counts_from_the_csv(
    env: dict[str, str], imported: list[dict[str, Any]]
) -> None:
    result = ideabot(env, "digest", "--days", "7", "--end", END_DAY, "--format", "json")
    assert result.returncode == 0, result.stderr
    digest = json.loads(result.stdout)
    week = [r for r in imported if START <= _when(r) < END]
    before = [r for r in imported if PREVIOUS <= _when(r) < START]
    assert week and before

    assert digest["new_ideas"] == len(week)
    assert digest["previous_new_ideas"] == len(before)
    # Distinct authors; an anonymous row with an author is that person, counted.
    assert digest["contributors"] == len({r["author"] for r in week})
    assert digest["previous_contributors"] == len({r["author"] for r in before})

    # Top ideas by votes: the same vote counts, and each one of the period's.
    top = sorted((int(r["votes"]) for r in week), reverse=True)[:5]
    assert [i["votes"] for i in digest["top_ideas"]] == top
    by_id = {r["id"]: r for r in imported}
    for idea in digest["top_ideas"]:
        row = by_id[idea["id"]]
        assert int(row["votes"]) == idea["votes"] and START <= _when(row) < END

    # Participation by department: people known in each, who contributed, their ideas.
    dept_of = {r["author"]: r["department"] or "unknown" for r in imported}
    people = Counter(dept_of.values())
    authors = {r["author"] for r in week}
    contributors = Counter(dept_of[a] for a in authors)
    ideas = Counter(dept_of[r["author"]] for r in week)
    departments = {d["name"]: d for d in digest["departments"]}
    assert set(people) <= set(departments)
    for name, known in people.items():
        row = departments[name]
        assert (row["people"], row["contributors"], row["ideas"]) == (
            known,
            contributors[name],
            ideas[name],
        ), name
        assert row["share"] == round(contributors[name] / known, 4)

    # Per day: every idea of the period on its (UTC) day.
    per_day = Counter(_when(r).date().isoformat() for r in week)
    assert {d["date"]: d["ideas"] for d in digest["daily"] if d["ideas"]} == dict(per_day)

    # Imported statuses are history, not decisions taken in the period.
    assert digest["decisions"] == [] and digest["status_changes"] == {}
    assert digest["funnel"] == dict(Counter(r["status"] for r in imported))

    # Anonymous authors are counted, never named.
    hidden = {r["author"] for r in imported if r["anonymous"]} - {
        r["author"] for r in imported if not r["anonymous"]
    }
    assert not any(name in result.stdout for name in hidden)


def test_only_in_app_status_changes_are_decisions(
    env: dict[str, str], imported: list[dict[str, Any]], container: Any
) -> None:
    # The import's own statuses (accepted, declined) were set "now": still not decisions.
    target = next(i for i in container.ideas.list_ideas(TEST_TEAM) if i.status == IdeaStatus.NEW)
    container.ideas.set_status(
        Actor(TEST_TEAM, "UMGR"), target.id, IdeaStatus.DECLINED, "Too costly for now"
    )
    result = ideabot(env, "digest", "--days", "1", "--format", "json")
    assert result.returncode == 0, result.stderr
    digest = json.loads(result.stdout)
    assert [(d["id"], d["to"], d["reason"]) for d in digest["decisions"]] == [
        (target.external_id, "declined", "Too costly for now")
    ]
    assert digest["status_changes"] == {"declined": 1}


def test_markdown_and_chart_in_the_out_directory(
    env: dict[str, str], imported: list[dict[str, Any]], tmp_path: Path
) -> None:
    out = tmp_path / "digest-out"
    result = ideabot(env, "digest", "--end", END_DAY, "--format", "markdown", "--out", str(out))
    assert result.returncode == 0, result.stderr
    markdowns = list(out.glob("*.md"))
    charts = list(out.glob("*.png"))
    assert len(markdowns) == 1 and charts
    text = markdowns[0].read_text(encoding="utf-8")
    week = [r for r in imported if START <= _when(r) < END]
    assert f"New ideas:** {len(week)} " in text or f"New ideas:* {len(week)} " in text, text
    assert charts[0].name in text  # the markdown shows the chart beside it
    assert charts[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
