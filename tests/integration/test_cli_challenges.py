"""`ideabot challenge …` for scripts: the policy decides, errors are one line."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.integration.test_cli import ideabot


def test_challenge_create_list_extend_close(env: dict[str, str]) -> None:
    deadline = (datetime.now(UTC) + timedelta(days=3)).isoformat(timespec="seconds")
    refused = ideabot(
        env,
        "challenge",
        "create",
        "--title",
        "Energy",
        "--question",
        "How?",
        "--deadline",
        deadline,
        "--channel",
        "C0CHALL",
        "--as",
        "UEMP",
    )
    assert refused.returncode != 0 and "managers" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1

    past = ideabot(
        env,
        "challenge",
        "create",
        "--title",
        "Energy",
        "--question",
        "How?",
        "--deadline",
        "2000-01-01T00:00",
        "--channel",
        "C0CHALL",
        "--as",
        "UMGR",
    )
    assert past.returncode != 0 and "past" in past.stderr

    made = ideabot(
        env,
        "challenge",
        "create",
        "--title",
        "Energy",
        "--question",
        "How?",
        "--deadline",
        deadline,
        "--channel",
        "C0CHALL",
        "--tags",
        "energy,office",
        "--as",
        "UMGR",
        "--json",
    )
    assert made.returncode == 0, made.stderr
    challenge = json.loads(made.stdout)
    assert challenge["tags"] == ["energy", "office"] and challenge["status"] == "open"

    listed = json.loads(ideabot(env, "challenge", "list", "--json").stdout)
    assert [c["title"] for c in listed] == ["Energy"]

    # An idea bound to it: `ideas list/show --json` give its title and its id.
    bound = Path(env["IDEABOT_DATA_DIR"]).parent / "bound.jsonl"
    bound.write_text(
        json.dumps(
            {
                "id": "e1",
                "title": "Motion sensors",
                "description": "Lights off when empty.",
                "challenge": "Energy",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    assert ideabot(env, "import", str(bound)).returncode == 0
    (idea,) = json.loads(ideabot(env, "ideas", "list", "--json").stdout)
    assert (idea["challenge"], idea["challenge_id"]) == ("Energy", challenge["id"])
    shown = json.loads(ideabot(env, "ideas", "show", "e1", "--json").stdout)
    assert shown["challenge_id"] == challenge["id"]

    later = (datetime.now(UTC) + timedelta(days=5)).isoformat(timespec="seconds")
    extended = ideabot(
        env, "challenge", "extend", str(challenge["id"]), "--deadline", later, "--json"
    )
    assert extended.returncode == 0, extended.stderr
    assert json.loads(extended.stdout)["deadline"].startswith(later[:16])

    closed = ideabot(env, "challenge", "close", str(challenge["id"]))
    assert closed.returncode == 0, closed.stderr
    assert json.loads(ideabot(env, "challenge", "list", "--json").stdout) == []
    again = ideabot(env, "challenge", "close", str(challenge["id"]))
    assert again.returncode != 0 and "already closed" in again.stderr
