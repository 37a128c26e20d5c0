"""`ideabot chat`: "weekly digest" as the local admin prints the digest in the terminal
(not only "working on it"); an employee is refused and sees no numbers."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.integration.test_cli import ideabot


def _import_recent(env: dict[str, str], tmp_path: Path) -> None:
    yesterday = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    rows = [
        {
            "id": "c1",
            "title": "Covered bike racks [north]",
            "description": "Covered bike racks by the north entrance for people who cycle.",
            "author": "Person A",
            "created_at": yesterday,
            "votes": 4,
        },
        {
            "id": "c2",
            "title": "Solar panels on the warehouse",
            "description": "Solar panels on the warehouse roof to cut the power bill.",
            "author": "Person B",
            "created_at": yesterday,
            "votes": 2,
        },
    ]
    path = tmp_path / "recent.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    result = ideabot(env, "import", str(path))
    assert result.returncode == 0, result.stderr


def test_weekly_digest_in_chat_prints_the_digest(env: dict[str, str], tmp_path: Path) -> None:
    _import_recent(env, tmp_path)
    result = ideabot(env, "chat", stdin="weekly digest\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout.partition("> weekly digest")[2]
    assert "Ideas digest:" in out
    assert "New ideas: 2 " in out and "Contributors: 2 " in out
    assert "Top ideas by votes" in out
    assert "Covered bike racks [north]: 4 votes" in out
    assert "Emerging themes" in out and "Waiting for review" in out
    assert "arrive in this DM" not in out  # there is no DM in a terminal
    assert "Traceback" not in result.stderr


def test_weekly_digest_in_chat_refuses_an_employee(env: dict[str, str], tmp_path: Path) -> None:
    _import_recent(env, tmp_path)
    result = ideabot(env, "chat", "--user", "UEMPLOYEE", stdin="weekly digest\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout.partition("> weekly digest")[2]
    assert "Digests are for programme admins" in out
    assert "New ideas:" not in out and "Covered bike racks" not in out
