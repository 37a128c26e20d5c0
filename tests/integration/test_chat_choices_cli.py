"""`ideabot chat` scripted on stdin: the words shown for choices, stray numbers and
votes, as a shell user sees them (issue 12)."""

from __future__ import annotations

import json
import re

from tests.integration.test_cli import DEMO, ideabot


def _screens(stdout: str) -> list[tuple[str, str]]:
    """(line typed, what the bot printed after it), in order."""
    parts = re.split(r"^> (.*)$", stdout, flags=re.M)
    return [(parts[i], parts[i + 1]) for i in range(1, len(parts) - 1, 2)]


def test_chat_shows_words_not_shifting_numbers_and_a_stray_number_submits_nothing(
    env: dict[str, str],
) -> None:
    assert ideabot(env, "import", str(DEMO)).returncode == 0
    lines = [
        "we should add more covered bike racks, the ones by the main entrance are full by 9",
        "4",
        "5",
        "people lock their bikes to the railings",
        "about 70 cyclists would be better off",
        "2",
        "submit",
    ]
    result = ideabot(env, "chat", "--user", "U0SHELL", "--name", "Sam", stdin="\n".join(lines))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert not re.search(r"\[\d+\]", out), out  # no position numbers on any screen
    assert "[Submit]" in out and "[anonymous] Submit anonymously" in out
    assert "[support #" in out  # a similar idea, named by its number
    screens = dict(_screens(out))
    assert "did nothing" in screens["2"]  # at the preview a number asks again
    assert "Submitted as #" in screens["submit"] and out.count("Submitted as #") == 1

    listed = json.loads(ideabot(env, "ideas", "list", "--json").stdout)
    ideas = [i for i in listed if i["author"] == "Sam"]
    assert len(ideas) == 1 and "bike" in ideas[0]["proposal"].lower()


def test_chat_upvote_twice_says_so_and_remove_my_vote_removes_it(env: dict[str, str]) -> None:
    assert ideabot(env, "import", str(DEMO)).returncode == 0
    first = json.loads(ideabot(env, "ideas", "list", "--json").stdout)[0]
    ref = f"#{first['id']}"
    script = f"upvote {ref}\nupvote {ref}\nremove my vote\n"
    result = ideabot(env, "chat", "--user", "U0SHELLV", stdin=script)
    assert result.returncode == 0, result.stderr
    (_, voted), (_, again), (_, removed) = _screens(result.stdout)
    assert "Thanks! Your vote is on" in voted
    assert "already support" in again and "[remove vote " in again
    assert "removed" in removed
    after = json.loads(ideabot(env, "ideas", "list", "--json").stdout)
    assert next(i for i in after if i["id"] == first["id"])["votes"] == first["votes"]
