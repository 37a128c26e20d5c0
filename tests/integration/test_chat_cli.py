"""`ideabot chat` as a user runs it: scripted stdin, two separate runs, same memory."""

from __future__ import annotations

import json

from tests.integration.test_cli import ideabot


def test_scripted_chat_runs_submit_and_remember_across_runs(env: dict[str, str]) -> None:
    first = ideabot(
        env,
        "chat",
        "--user",
        "U777",
        "--name",
        "Maya",
        stdin=(
            "hello\n"
            "I work in the Logistics team and I care about sustainability\n"
            "we should replace the diesel forklifts in the warehouse with electric ones\n"
            "the diesel fumes make the loading bay unpleasant and fuel costs keep rising\n"
            "lower fuel costs and cleaner air for 30 warehouse staff\n"
            "submit\n"
        ),
    )
    assert first.returncode == 0, first.stderr
    assert "Maya" in first.stdout
    assert "Submitted as #1" in first.stdout
    assert "Traceback" not in first.stderr

    ideas = json.loads(ideabot(env, "ideas", "list", "--json").stdout)
    assert len(ideas) == 1
    idea = ideas[0]
    assert idea["author"] == "Maya" and not idea["anonymous"]
    assert "electric" in idea["proposal"].lower()
    assert "fumes" in (idea["problem"] or "").lower()
    assert "30" in (idea["benefits"] or "")
    assert len(idea["title"]) <= 80 and idea["tags"]

    second = ideabot(env, "chat", "--user", "U777", stdin="what do you remember about me?\n")
    assert second.returncode == 0, second.stderr
    opening, _, rest = second.stdout.partition("> what do you remember")
    assert "Welcome back, Maya" in opening
    assert "new (waiting for review)" in opening  # the last idea's status
    assert "Logistics" in rest and "sustainability" in rest.lower()
    assert "Forget me" in rest


def test_chat_handles_empty_and_odd_input_without_crashing(env: dict[str, str]) -> None:
    result = ideabot(
        env,
        "chat",
        "--user",
        "U1",
        stdin="\n   \n\x00\x07 💡🚀\n" + "x" * 50_000 + "\n???\nقتراح\n",
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "too long" in result.stdout
