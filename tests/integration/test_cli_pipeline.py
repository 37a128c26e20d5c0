"""`ideabot ideas status` and `ideabot ideas stale` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

from tests.integration.test_cli import ideabot


def _import(env: dict[str, str], tmp_path: Path) -> None:
    rows = [
        {"id": "old", "title": "Old idea", "description": "Waiting for ages",
         "created_at": "2020-01-01T00:00:00Z", "author": "Ana Lima"},
        {"id": "older", "title": "Older idea", "description": "Waiting even longer",
         "created_at": "2019-01-01T00:00:00Z"},
        {"id": "fresh", "title": "Fresh idea", "description": "Just in"},
    ]  # fmt: skip
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    assert ideabot(env, "import", str(path)).returncode == 0


def test_ideas_status_changes_records_history_and_explains_errors(
    env: dict[str, str], tmp_path: Path
) -> None:
    _import(env, tmp_path)

    missing = ideabot(env, "ideas", "status", "old", "declined")
    assert missing.returncode != 0 and "reason" in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1
    unknown = ideabot(env, "ideas", "status", "old", "maybe")
    assert unknown.returncode != 0 and "unknown status" in unknown.stderr
    no_idea = ideabot(env, "ideas", "status", "nope", "accepted")
    assert no_idea.returncode != 0 and "no idea" in no_idea.stderr
    refused = ideabot(env, "ideas", "status", "old", "accepted", "--as", "UDEV")
    assert refused.returncode != 0 and "managers and admins" in refused.stderr

    done = ideabot(env, "ideas", "status", "old", "declined", "--reason", "Too costly", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["status"] == "declined"

    shown = json.loads(ideabot(env, "ideas", "show", "old", "--json").stdout)
    assert shown["status_reason"] == "Too costly"
    assert [(h["from"], h["to"], h["reason"]) for h in shown["history"]] == [
        ("new", "declined", "Too costly")
    ]
    by_manager = ideabot(env, "ideas", "status", "old", "under review", "--as", "UMGR")
    assert by_manager.returncode == 0, by_manager.stderr
    shown = json.loads(ideabot(env, "ideas", "show", "old", "--json").stdout)
    assert shown["history"][-1]["by"] == "UMGR"


def test_ideas_stale_lists_waiting_ideas_oldest_first(env: dict[str, str], tmp_path: Path) -> None:
    _import(env, tmp_path)

    listed = ideabot(env, "ideas", "stale", "--json")
    assert listed.returncode == 0, listed.stderr
    assert [i["title"] for i in json.loads(listed.stdout)] == ["Older idea", "Old idea"]
    everything = json.loads(ideabot(env, "ideas", "stale", "--days", "0", "--json").stdout)
    assert len(everything) == 3
    refused = ideabot(env, "ideas", "stale", "--as", "UDEV")
    assert refused.returncode != 0 and "managers" in refused.stderr
