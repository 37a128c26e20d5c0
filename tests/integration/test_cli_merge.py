"""`ideabot ideas merge B --into A` / `ideas unmerge B`: a round trip with exact votes,
the policy deciding for `--as`, one-line errors and a non-zero exit on bad ids."""

from __future__ import annotations

import json

from bot.container import Container
from bot.core.models import Actor, NewIdea
from tests.conftest import TEST_TEAM
from tests.integration.test_cli import ideabot


def _seed(container: Container) -> tuple[int, int]:
    ids = []
    for title, voters in (("Bike parking", (1, 2)), ("Bicycle shelter", (2, 3))):
        idea = container.ideas.create(
            NewIdea(team_id=TEST_TEAM, title=title, description=f"{title} at the front door")
        )
        for n in voters:
            container.ideas.set_vote(Actor(TEST_TEAM, f"UVOTER{n}"), idea.id, True)
        ids.append(idea.id)
    container.close()  # the CLI processes own the data directory from here on
    return ids[0], ids[1]


def _show(env: dict[str, str], idea_id: int) -> dict[str, object]:
    shown = ideabot(env, "ideas", "show", str(idea_id), "--json")
    assert shown.returncode == 0, shown.stderr
    document: dict[str, object] = json.loads(shown.stdout)
    return document


def _listed(env: dict[str, str], *args: str) -> list[int]:
    listed = ideabot(env, "ideas", "list", "--json", *args)
    assert listed.returncode == 0, listed.stderr
    return sorted(i["id"] for i in json.loads(listed.stdout))


def test_merge_and_unmerge_round_trip(env: dict[str, str], container: Container) -> None:
    a, b = _seed(container)

    refused = ideabot(env, "ideas", "merge", str(b), "--into", str(a), "--as", "UDEV")
    assert refused.returncode != 0
    assert "managers and admins" in refused.stderr and len(refused.stderr.strip().splitlines()) == 1
    assert _show(env, b)["status"] == "new"

    merged = ideabot(env, "ideas", "merge", f"#{b}", "--into", str(a), "--as", "UMGR", "--json")
    assert merged.returncode == 0, merged.stderr
    document = json.loads(merged.stdout)
    assert document["into"]["votes"] == 3
    assert document["idea"]["merged_into"] == f"#{a}"
    shown_b = _show(env, b)
    assert (shown_b["status"], shown_b["merged_into"]) == ("merged", f"#{a}")
    assert _show(env, a)["votes"] == 3
    assert _listed(env) == [a]
    assert _listed(env, "--status", "merged") == [b]
    text = ideabot(env, "ideas", "show", str(b))
    assert f"merged_into: #{a}" in text.stdout

    undone = ideabot(env, "ideas", "unmerge", str(b))  # the local admin
    assert undone.returncode == 0, undone.stderr
    assert (_show(env, a)["votes"], _show(env, b)["votes"]) == (2, 2)
    assert _show(env, b)["status"] == "new"
    assert _listed(env) == [a, b]


def test_bad_ids_are_one_line_errors(env: dict[str, str], container: Container) -> None:
    a, b = _seed(container)
    for args, message in (
        (("merge", "999", "--into", str(a)), "no idea #999"),
        (("merge", str(a), "--into", str(a)), "into itself"),
        (("merge", "x'y", "--into", str(a)), "no idea"),
        (("unmerge", str(b)), "not merged"),
    ):
        result = ideabot(env, "ideas", *args)
        assert result.returncode == 2, (args, result.stderr)
        assert message in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert (_show(env, a)["votes"], _show(env, b)["votes"]) == (2, 2)
