"""The `ideabot` command as a user runs it: a real process, real files."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

DEMO = Path(__file__).resolve().parents[2] / "bot" / "demo" / "ideas.jsonl"


def ideabot(
    env: dict[str, str], *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env={**os.environ, **env},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def ideas_file(tmp_path: Path) -> Path:
    rows = [
        {
            "id": "p1",
            "title": "Solar panels on the warehouse roof",
            "description": "Put solar panels on the big warehouse roof to cut our power bill.",
            "tags": ["energy"],
            "votes": 3,
            "author": "Ana Lima",
            "created_at": "2026-10-01T09:00:00Z",
        },
        {
            "id": "p2",
            "title": "Photovoltaic roof",
            "description": "Install PV modules on top of the depot building to make our own power.",
            "status": "under_review",
        },
        {
            "id": "p3",
            "title": "Standing desks",
            "description": "Offer standing desks to anyone who asks.",
            "challenge": "Healthier office",
        },
    ]
    path = tmp_path / "in.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    lines.insert(1, '{"id": "broken", ')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_import_then_search_list_show_export(
    env: dict[str, str], ideas_file: Path, tmp_path: Path
) -> None:
    first = ideabot(env, "import", str(ideas_file))
    assert first.returncode == 0, first.stderr
    assert "3 new" in first.stdout and "1 skipped" in first.stdout
    assert "line 2" in first.stderr

    again = ideabot(env, "import", str(ideas_file))
    assert "0 new, 3 updated" in again.stdout

    listed = json.loads(ideabot(env, "ideas", "list", "--json").stdout)
    assert sorted(i["external_id"] for i in listed) == ["p1", "p2", "p3"]
    p1 = next(i for i in listed if i["external_id"] == "p1")
    assert p1["author"] == "Ana Lima" and p1["votes"] == 3 and p1["tags"] == ["energy"]
    assert {
        "id",
        "title",
        "description",
        "problem",
        "proposal",
        "benefits",
        "status",
        "anonymous",
        "challenge",
        "created_at",
    } <= set(p1)

    shown = json.loads(ideabot(env, "ideas", "show", "p3", "--json").stdout)
    assert shown["challenge"] == "Healthier office"

    under_review = json.loads(
        ideabot(env, "ideas", "list", "--status", "under_review", "--json").stdout
    )
    assert [i["external_id"] for i in under_review] == ["p2"]

    found = json.loads(
        ideabot(env, "similar", "rooftop solar to lower energy costs", "--json").stdout
    )
    assert [r["id"] for r in found["results"]][:2] in (["p1", "p2"], ["p2", "p1"])
    assert found["results"][0]["kind"] in ("duplicate", "related")

    exported = tmp_path / "out.csv"
    assert ideabot(env, "export", "--format", "csv", "--out", str(exported)).returncode == 0
    with exported.open(encoding="utf-8") as handle:
        assert {row["id"] for row in csv.DictReader(handle)} == {"p1", "p2", "p3"}


def test_similar_batch_mode_leaves_each_idea_out_of_its_own_results(
    env: dict[str, str], ideas_file: Path, tmp_path: Path
) -> None:
    ideabot(env, "import", str(ideas_file))
    queries = tmp_path / "q.jsonl"
    queries.write_text(
        json.dumps({"id": "p1", "text": "Solar panels on the warehouse roof"})
        + "\n"
        + json.dumps({"id": "new-1", "text": "standing desk for everyone"})
        + "\n",
        encoding="utf-8",
    )
    result = ideabot(env, "similar", "--from-file", str(queries), "--k", "2", "--json")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["p1", "new-1"]
    assert lines[0]["results"][0]["id"] == "p2"
    assert "p1" not in [r["id"] for r in lines[0]["results"]]
    assert lines[1]["results"][0]["id"] == "p3"
    assert set(lines[1]["results"][0]) >= {"id", "title", "score", "kind"}


def test_errors_are_one_line_on_stderr_with_a_non_zero_exit(
    env: dict[str, str], tmp_path: Path
) -> None:
    missing = ideabot(env, "import", str(tmp_path / "nope.jsonl"))
    assert missing.returncode != 0
    assert "no such file" in missing.stderr and "Traceback" not in missing.stderr
    empty = ideabot(env, "similar", "   ")
    assert empty.returncode != 0 and "empty" in empty.stderr
    unknown = ideabot(env, "ideas", "show", "999")
    assert unknown.returncode != 0 and "no idea" in unknown.stderr
    bad_db = ideabot(
        {**env, "DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none"}, "ideas", "list"
    )
    assert bad_db.returncode != 0 and "cannot use the database" in bad_db.stderr
    assert "Traceback" not in bad_db.stderr


def test_reindex_rebuilds_and_db_upgrade_is_idempotent(
    env: dict[str, str], ideas_file: Path
) -> None:
    ideabot(env, "import", str(ideas_file))
    full = ideabot(env, "reindex")
    assert full.returncode == 0 and "Indexed 3 ideas" in full.stdout
    missing = ideabot(env, "reindex", "--missing")
    assert "Indexed 0 ideas" in missing.stdout
    upgraded = ideabot(env, "db", "upgrade")
    assert upgraded.returncode == 0 and "revision" in upgraded.stdout


def test_the_bundled_demo_set_imports(env: dict[str, str]) -> None:
    result = ideabot(env, "import", "--demo")
    assert result.returncode == 0, result.stderr
    count = sum(1 for line in DEMO.read_text(encoding="utf-8").splitlines() if line.strip())
    assert f"{count} new" in result.stdout
    hits = json.loads(ideabot(env, "similar", "a day each week without meetings", "--json").stdout)
    assert any("meeting" in r["title"].lower() for r in hits["results"][:3])


def test_an_export_imports_again_unchanged(
    env: dict[str, str], ideas_file: Path, tmp_path: Path
) -> None:
    ideabot(env, "import", str(ideas_file))
    exported = tmp_path / "out.jsonl"
    assert ideabot(env, "export", "--out", str(exported)).returncode == 0
    elsewhere = {
        **env,
        "IDEABOT_DATA_DIR": str(tmp_path / "other"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'other.db'}",
    }
    again = ideabot(elsewhere, "import", str(exported))
    assert "3 new" in again.stdout, again.stderr
    keys = ("external_id", "title", "description", "tags", "status", "votes", "author", "challenge")
    before = json.loads(ideabot(env, "ideas", "list", "--json").stdout)
    after = json.loads(ideabot(elsewhere, "ideas", "list", "--json").stdout)
    assert [{k: i[k] for k in keys} for i in before] == [{k: i[k] for k in keys} for i in after]


def test_numeric_ids_come_back_as_numbers(env: dict[str, str], tmp_path: Path) -> None:
    ideas = tmp_path / "numbers.jsonl"
    ideas.write_text(
        json.dumps({"id": 101, "title": "Solar roof", "description": "Solar panels on the roof"})
        + "\n"
        + json.dumps({"id": 102, "title": "PV panels", "description": "Photovoltaic panels on top"})
        + "\n"
        + json.dumps({"id": "007", "title": "Bike racks", "description": "More bike racks"})
        + "\n",
        encoding="utf-8",
    )
    assert ideabot(env, "import", str(ideas)).returncode == 0
    listed = json.loads(ideabot(env, "ideas", "list", "--json").stdout)
    assert sorted(map(str, (i["external_id"] for i in listed))) == ["007", "101", "102"]
    assert {i["external_id"] for i in listed} == {101, 102, "007"}
    queries = tmp_path / "q.jsonl"
    queries.write_text(json.dumps({"id": 101, "text": "Solar panels on the roof"}) + "\n")
    (line,) = ideabot(env, "similar", "--from-file", str(queries), "--json").stdout.splitlines()
    result = json.loads(line)
    assert result["id"] == 101 and result["results"][0]["id"] == 102
