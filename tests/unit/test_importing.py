from __future__ import annotations

import json
from pathlib import Path

from bot.core.importing import read_file
from bot.core.models import IdeaStatus


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_jsonl_lines_become_ideas_and_bad_lines_are_reported_with_their_number(
    tmp_path: Path,
) -> None:
    path = _write(
        tmp_path / "ideas.jsonl",
        [
            json.dumps(
                {
                    "id": "a1",
                    "title": "Bike racks",
                    "description": "Add racks",
                    "tags": ["Cycling"],
                    "status": "Under Review",
                    "votes": 4,
                    "created_at": "2026-01-02T03:04:05Z",
                }
            ),
            "{not json",
            json.dumps({"id": "a2", "title": "   ", "description": "\t \n"}),
            json.dumps({"id": "a3", "description": "Only a description, which becomes the title"}),
            json.dumps({"id": "a4", "title": "x", "description": "y", "status": "nonsense"}),
            json.dumps({"id": "a5", "title": "x", "description": "y", "votes": "many"}),
            json.dumps(["a", "list"]),
        ],
    )
    parsed = list(read_file(path, "T1"))
    assert [p.line for p in parsed] == [1, 2, 3, 4, 5, 6, 7]
    first = parsed[0].idea
    assert first is not None
    assert first.status is IdeaStatus.UNDER_REVIEW
    assert first.votes == 4 and first.tags == ["Cycling"] and first.team_id == "T1"
    assert first.created_at is not None and first.created_at.year == 2026
    assert "JSON" in (parsed[1].error or "")
    assert "empty" in (parsed[2].error or "")
    assert parsed[3].idea is not None and parsed[3].idea.title.startswith("Only a description")
    assert "status" in (parsed[4].error or "")
    assert "votes" in (parsed[5].error or "")
    assert "object" in (parsed[6].error or "")


def test_csv_with_the_same_columns_and_semicolon_tags(tmp_path: Path) -> None:
    path = tmp_path / "ideas.csv"
    path.write_text(
        "id,title,description,tags,author,votes\n"
        'c1,Quiet room,"A room, with no phones",focus;wellbeing,Zoë Ñandú,3\n'
        "c2,,,,\n",
        encoding="utf-8",
    )
    parsed = list(read_file(path, "T1"))
    assert parsed[0].idea is not None
    assert parsed[0].idea.description == "A room, with no phones"
    assert parsed[0].idea.tags == ["focus", "wellbeing"]
    assert parsed[0].idea.author_name == "Zoë Ñandú"
    assert parsed[1].idea is None and parsed[1].line == 3


def test_lone_surrogates_are_repaired_instead_of_crashing_the_database(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "s.jsonl", ['{"id": "s", "title": "bad \\ud800 char", "description": "ok"}']
    )
    (parsed,) = read_file(path, "T")
    assert parsed.idea is not None
    parsed.idea.title.encode("utf-8")  # storable
    assert parsed.idea.title.startswith("bad ")


def test_common_synonyms_of_title_and_description_are_read(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "other.jsonl", ['{"id": 1, "name": "Quiet room", "text": "No phones"}']
    )
    (parsed,) = read_file(path, "T")
    assert parsed.idea is not None
    assert (parsed.idea.title, parsed.idea.description) == ("Quiet room", "No phones")
    assert parsed.idea.external_id == "1" and parsed.idea.external_id_numeric
