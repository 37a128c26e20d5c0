"""Confidentiality in the CLI: no command that prints ideas ever names an anonymous
idea's author — not to an employee, not to an admin while
IDEABOT_ANONYMOUS_VISIBLE_TO_ADMINS is off; with it on, an admin sees who it was."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from bot.container import Container
from bot.core.models import Actor, IdeaStatus, NewIdea
from tests.conftest import TEST_TEAM

SECRET_ID, SECRET_NAME = "USECRET", "Samwise Hiddenfield"
NAMED_ID, NAMED_NAME = "UALICE", "Alice"
MANAGER = Actor(TEST_TEAM, "UMGR", "Mona")
TITLE = "Publish salary bands for every role"


def _ideabot(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _seed(container: Container) -> int:
    secret = container.ideas.create(
        NewIdea(
            TEST_TEAM,
            TITLE,
            "Salary bands published for every role would make pay fair and clear.",
            author_id=SECRET_ID,
            author_name=SECRET_NAME,
            anonymous=True,
        ),
        Actor(TEST_TEAM, SECRET_ID, SECRET_NAME),
    )
    named = container.ideas.create(
        NewIdea(
            TEST_TEAM,
            "Bike racks by the front door",
            "More bike racks so more people cycle to work.",
            author_id=NAMED_ID,
            author_name=NAMED_NAME,
        ),
        Actor(TEST_TEAM, NAMED_ID, NAMED_NAME),
    )
    for voter in ("UBOB", "UCAROL"):
        container.ideas.set_vote(Actor(TEST_TEAM, voter), secret.id, True)
    container.ideas.set_vote(Actor(TEST_TEAM, "UBOB"), named.id, True)
    container.ideas.set_status(MANAGER, secret.id, IdeaStatus.ACCEPTED, "Fair pay matters")
    container.background.drain()
    container.outbox.drain()
    return secret.id


def _commands(idea_id: int, viewer: str) -> list[tuple[str, ...]]:
    ref = str(idea_id)
    return [
        ("ideas", "list", "--json", "--as", viewer),
        ("ideas", "list", "--as", viewer),
        ("ideas", "show", ref, "--json", "--as", viewer),
        ("ideas", "show", ref, "--as", viewer),
        ("export", "--format", "csv", "--as", viewer),
        ("export", "--format", "jsonl", "--as", viewer),
        ("similar", "salary bands for each role", "--json", "--as", viewer),
        ("leaderboard", "--json", "--as", viewer),
        ("leaderboard", "--as", viewer),
    ]


def test_no_cli_output_names_an_anonymous_author(container: Container, env: dict[str, str]) -> None:
    idea_id = _seed(container)
    outputs: dict[str, str] = {}
    for viewer in ("UEMPLOYEE", "UADMIN"):
        for command in _commands(idea_id, viewer):
            done = _ideabot(env, *command)
            outputs[" ".join(command)] = done.stdout + done.stderr
    for command, output in outputs.items():
        assert SECRET_ID not in output, command
        assert "Samwise" not in output and "Hiddenfield" not in output, command
    # The scan saw the idea (it would pass vacuously on empty outputs).
    listed = json.loads(outputs["ideas list --json --as UADMIN"])
    secret = next(i for i in listed if i["title"] == TITLE)
    assert secret["author"] is None and secret["anonymous"] is True
    assert TITLE in outputs["export --format csv --as UADMIN"]
    assert TITLE in outputs["similar salary bands for each role --json --as UEMPLOYEE"]
    board = json.loads(outputs["leaderboard --json --as UEMPLOYEE"])["leaderboard"]
    assert [e["user"] for e in board] == [NAMED_ID]  # the secret's points stay private


def test_admins_see_the_author_when_the_setting_allows(
    container: Container, env: dict[str, str]
) -> None:
    idea_id = _seed(container)
    allowed = {**env, "IDEABOT_ANONYMOUS_VISIBLE_TO_ADMINS": "true"}
    admin = _ideabot(allowed, "ideas", "show", str(idea_id), "--json", "--as", "UADMIN")
    assert admin.returncode == 0, admin.stderr
    assert SECRET_NAME in admin.stdout or SECRET_ID in admin.stdout
    employee = _ideabot(allowed, "ideas", "show", str(idea_id), "--json", "--as", "UEMPLOYEE")
    assert json.loads(employee.stdout)["author"] is None
    assert SECRET_ID not in employee.stdout and "Hiddenfield" not in employee.stdout
