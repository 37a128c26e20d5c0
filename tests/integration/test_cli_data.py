"""Import and export as an admin runs them: exact round trips, partial updates that
leave other columns alone, broken files reported line by line, one-line errors, and
the permission policy deciding for `--as` exactly as it does in Slack."""

from __future__ import annotations

import json
from pathlib import Path

from bot.container import Container
from bot.core.models import Actor, NewIdea
from tests.conftest import TEST_TEAM
from tests.integration.test_cli import ideabot

KEYS = (
    "id",
    "external_id",
    "title",
    "description",
    "problem",
    "proposal",
    "benefits",
    "tags",
    "status",
    "status_reason",
    "votes",
    "author",
    "anonymous",
    "challenge",
    "created_at",
)


def _listed(env: dict[str, str], *extra: str) -> list[dict[str, object]]:
    result = ideabot(env, "ideas", "list", "--json", *extra)
    assert result.returncode == 0, result.stderr
    return [{k: i[k] for k in KEYS} for i in json.loads(result.stdout)]


def _shaped_in_conversation(container: Container) -> int:
    idea = container.ideas.create(
        NewIdea(
            team_id=TEST_TEAM,
            title="Quiet hours",
            description="Problem: constant pings\n\nProposal: two quiet hours a day",
            problem="constant pings",
            proposal="two quiet hours a day",
            tags=["focus"],
            author_id="UANA",
            author_name="Ana Lima",
            anonymous=True,
        )
    )
    container.ideas.create(
        NewIdea(
            team_id=TEST_TEAM,
            title="Bike racks",
            description="More bike racks at the back door",
            author_id="UBEN",
            author_name="Ben Okafor",
        )
    )
    container.ideas.set_vote(Actor(TEST_TEAM, "UCAT"), idea.id, True)
    container.ideas.set_vote(Actor(TEST_TEAM, "UDAN"), idea.id, True)
    return idea.id


def test_export_then_import_of_the_same_file_changes_nothing(
    env: dict[str, str], container: Container, tmp_path: Path
) -> None:
    _shaped_in_conversation(container)
    for fmt in ("jsonl", "csv"):
        before = _listed(env)
        exported = tmp_path / f"out.{fmt}"
        result = ideabot(env, "export", "--format", fmt, "--out", str(exported))
        assert result.returncode == 0, result.stderr
        again = ideabot(env, "import", str(exported))
        assert again.returncode == 0, again.stderr
        assert "0 new, 2 updated, 0 skipped" in again.stdout
        assert _listed(env) == before


def test_a_partial_reimport_leaves_the_columns_it_does_not_name_alone(
    env: dict[str, str], tmp_path: Path
) -> None:
    full = tmp_path / "full.jsonl"
    full.write_text(
        json.dumps(
            {
                "id": "p1",
                "title": "Solar roof",
                "description": "Panels on the warehouse",
                "tags": ["energy"],
                "votes": 7,
                "author": "Ana Lima",
                "status": "accepted",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    assert ideabot(env, "import", str(full)).returncode == 0
    partial = tmp_path / "partial.csv"
    partial.write_text(
        "id,title,description,department\np1,Solar roof v2,Panels on every roof,Logistics\n",
        encoding="utf-8",
    )
    result = ideabot(env, "import", str(partial))
    assert "0 new, 1 updated" in result.stdout, result.stderr
    (idea,) = _listed(env)
    assert (idea["title"], idea["description"]) == ("Solar roof v2", "Panels on every roof")
    assert (idea["votes"], idea["author"], idea["tags"], idea["status"]) == (
        7,
        "Ana Lima",
        ["energy"],
        "accepted",
    )


def test_import_author_department_is_stored_on_their_profile(
    env: dict[str, str], container: Container, tmp_path: Path
) -> None:
    path = tmp_path / "d.csv"
    path.write_text(
        "id,title,description,author,department\nd1,Quiet room,No phones,Ana Lima,Finance\n",
        encoding="utf-8",
    )
    assert ideabot(env, "import", str(path)).returncode == 0
    with container.store.unit_of_work() as uow:
        ana = uow.users.get(TEST_TEAM, "name:ana lima")
        assert ana is not None and ana.department == "Finance"


def test_csv_dialects_and_broken_quotes(env: dict[str, str], tmp_path: Path) -> None:
    semicolons = tmp_path / "excel.csv"
    semicolons.write_text(
        "id;title;description;votes\ns1;Quiet room;A room, with no phones;2\n"
        "s2;Bike racks;More racks;0\n",
        encoding="utf-8",
    )
    result = ideabot(env, "import", str(semicolons))
    assert result.returncode == 0 and "2 new, 0 updated, 0 skipped" in result.stdout

    tabs = tmp_path / "tabs.csv"
    tabs.write_text("id\ttitle\tdescription\nt1\tStanding desks\tFor anyone\n", encoding="utf-8")
    assert "1 new" in ideabot(env, "import", str(tabs)).stdout

    broken = tmp_path / "broken.csv"
    broken.write_text(
        "id,title,description\n"
        'b1,"Solar roof,Panels on the roof\n'
        "b2,Coffee machine,A better one\n"
        "b3,Plants,Green office\n",
        encoding="utf-8",
    )
    result = ideabot(env, "import", str(broken))
    assert "2 new, 0 updated, 1 skipped" in result.stdout, result.stdout + result.stderr
    assert "line 2" in result.stderr and "quot" in result.stderr
    titles = {i["title"] for i in _listed(env)}
    assert {"Coffee machine", "Plants"} <= titles
    assert not any("Solar" in str(t) for t in titles)


def test_a_run_that_imports_nothing_because_of_errors_fails(
    env: dict[str, str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1, "title": ""}\n{oops\n', encoding="utf-8")
    result = ideabot(env, "import", str(bad))
    assert result.returncode != 0
    assert "line 1" in result.stderr and "line 2" in result.stderr
    assert "Traceback" not in result.stderr

    no_text = tmp_path / "columns.csv"
    no_text.write_text("foo,bar\n1,2\n", encoding="utf-8")
    result = ideabot(env, "import", str(no_text))
    assert result.returncode != 0 and "no title or description column" in result.stderr


def test_bad_input_to_any_command_is_one_line_on_stderr(
    env: dict[str, str], tmp_path: Path
) -> None:
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("id,title,description\nl1,Caf\xe9,Mieux\n".encode("latin-1"))
    cases = [
        ("ideas", "list", "--status", "bogus"),
        ("similar", "solar", "--status", "bogus"),
        ("ideas", "show", "99999999999999999999999999"),
        ("ideas", "show", "#abc"),
        ("import", str(latin1)),
        ("import", str(tmp_path)),
        ("import", str(tmp_path / "missing.csv")),
        ("similar", "--from-file", str(tmp_path / "missing.jsonl")),
        ("export", "--format", "xml"),
        ("export", "--out", str(tmp_path / "no" / "such" / "dir.jsonl")),
        ("ideas", "list", "--limit", "zero"),
        ("ideas", "show"),
        ("nonsense",),
    ]
    for args in cases:
        result = ideabot(env, *args)
        assert result.returncode != 0, args
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error:"), (args, result.stderr)
    assert "unknown status 'bogus'" in ideabot(env, "ideas", "list", "--status", "bogus").stderr
    assert "not UTF-8" in ideabot(env, "import", str(latin1)).stderr


def test_the_policy_decides_for_as_user_as_it_does_in_slack(
    env: dict[str, str], container: Container, tmp_path: Path
) -> None:
    idea_id = _shaped_in_conversation(container)
    admins = {**env, "IDEABOT_ADMINS": "UBOSS"}

    refused = ideabot(admins, "export", "--as", "UBEN", "--out", str(tmp_path / "x.jsonl"))
    assert refused.returncode != 0 and not (tmp_path / "x.jsonl").exists()
    assert refused.stderr.count("\n") == 1 and "UBEN may not export" in refused.stderr
    assert ideabot(admins, "export", "--as", "UBOSS").returncode == 0
    assert ideabot(admins, "export").returncode == 0  # the CLI operator is the local admin
    assert ideabot(admins, "import", "--demo", "--as", "UBEN").returncode != 0

    def author(extra_env: dict[str, str], *as_user: str) -> object:
        shown = ideabot(extra_env, "ideas", "show", str(idea_id), "--json", *as_user)
        assert shown.returncode == 0, shown.stderr
        listed = next(i for i in _listed(extra_env, *as_user) if i["id"] == idea_id)
        assert listed["author"] == json.loads(shown.stdout)["author"]
        return listed["author"]

    visible = {**admins, "IDEABOT_ANONYMOUS_VISIBLE_TO_ADMINS": "true"}
    assert author(admins, "--as", "UBOSS") is None  # the setting is off by default
    assert author(visible, "--as", "UBOSS") == "Ana Lima"
    assert author(visible) == "Ana Lima"  # the local admin
    assert author(visible, "--as", "UBEN") is None
    assert author(visible, "--as", "UANA") == "Ana Lima"  # authors see their own name
