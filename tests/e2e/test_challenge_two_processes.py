# ruff: noqa: F811 (the `cluster` fixture is shared with test_two_processes)
"""Two real `ideabot serve --http` processes on one PostgreSQL database close a
challenge once: one summary in the channel, one to the creator, exact counts; and a
closing missed while no process ran happens once when they start.
Runs in the PostgreSQL pass (IDEABOT_TEST_DATABASE=postgresql); skipped on SQLite."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.e2e.test_two_processes import ROOT, Cluster, _eventually, cluster  # noqa: F401
from tests.fakes.slack_api import TEAM_ID, dm_channel_id
from tests.fakes.slack_requests import text_value

pytestmark = pytest.mark.postgres

CHANNEL = "C0CHALL"
MANAGER = "U0MGR"
FAST = {"IDEABOT_CHALLENGE_POLL_SECONDS": "1", "IDEABOT_MANAGERS": MANAGER}


def _create(cluster: Cluster, title: str, seconds: float) -> dict[str, Any]:
    """`ideabot challenge create` (the CLI) with a deadline `seconds` away."""
    deadline = (datetime.now(UTC) + timedelta(seconds=seconds)).isoformat()
    env = {
        **os.environ,
        "IDEABOT_DATA_DIR": str(cluster.root / "cli"),
        "DATABASE_URL": cluster.database_url,
        "IDEABOT_TEAM_ID": TEAM_ID,
        "EMBEDDINGS": "local",
        "LLM": "offline",
        "IDEABOT_MANAGERS": MANAGER,
        # Configured for Slack like the servers: its commit owes them the post.
        "SLACK_BOT_TOKEN": "xoxb-e2e-token",
    }
    done = subprocess.run(
        [sys.executable, "-m", "bot", "challenge", "create", "--title", title,
         "--question", "How can we cut energy use by 20%?", "--deadline", deadline,
         "--channel", CHANNEL, "--as", MANAGER, "--json"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    created: dict[str, Any] = json.loads(done.stdout)
    return created


def _summaries(cluster: Cluster, channel: str) -> list[dict[str, Any]]:
    return [m for m in cluster.fake.messages_in(channel) if ":checkered_flag:" in m["text"]]


def _idea(cluster: Cluster, challenge_id: int, user: str, title: str) -> Any:
    return cluster.slack.view_submission(
        "challenge_idea_modal",
        {
            "title": {"value": text_value(title)},
            "description": {"value": text_value(f"{title}: less energy, lower bills.")},
        },
        user_id=user,
        private_metadata=json.dumps({"challenge": str(challenge_id)}),
    )


def test_two_replicas_close_a_challenge_once_with_exact_counts(cluster: Cluster) -> None:
    a, b = cluster.start("a", **FAST), cluster.start("b", **FAST)
    challenge = _create(cluster, "Greener offices", seconds=25)
    _eventually(
        lambda: any(
            "Submit an idea" in str(m["blocks"]) for m in cluster.fake.messages_in(CHANNEL)
        ),
        what="the challenge post",
    )
    submissions = [
        (a, "U0ALICE", "Motion sensors for the lights"),
        (b, "U0ALICE", "Heating one degree lower"),
        (b, "U0BOB", "Solar panels on the roof"),
    ]
    for server, user, title in submissions:
        assert cluster.send(server, _idea(cluster, challenge["id"], user, title)) == 200

    _eventually(
        lambda: _summaries(cluster, CHANNEL) and _summaries(cluster, dm_channel_id(MANAGER)),
        timeout=60,
        what="the summary",
    )
    time.sleep(3)  # several more polls on both replicas: still one of each
    (summary,) = _summaries(cluster, CHANNEL)
    assert len(_summaries(cluster, dm_channel_id(MANAGER))) == 1, cluster.logs()
    assert "3 ideas from 2 participants" in summary["text"], summary["text"]
    posts = [m for m in cluster.fake.messages_in(CHANNEL) if "Greener offices" in m["text"]]
    closed = [m for m in posts if "Closed: no more ideas" in str(m["blocks"])]
    assert len(closed) == 1 and "Submit an idea" not in str(closed[0]["blocks"])
    cluster.fake.assert_no_violations()


def test_a_closing_missed_while_no_replica_ran_happens_once_at_start(
    cluster: Cluster,
) -> None:
    made = _create(cluster, "Quieter meeting rooms", seconds=10)  # the CLI starts slowly
    deadline = datetime.fromisoformat(made["deadline"])
    time.sleep(max(0.0, (deadline - datetime.now(UTC)).total_seconds()) + 1)
    assert cluster.fake.messages_in(CHANNEL) == []  # it passed while nothing ran
    cluster.start("a", **FAST)
    cluster.start("b", **FAST)
    _eventually(lambda: _summaries(cluster, CHANNEL), timeout=60, what="the summary")
    time.sleep(3)
    assert len(_summaries(cluster, CHANNEL)) == 1, cluster.logs()
    assert len(_summaries(cluster, dm_channel_id(MANAGER))) == 1
    assert "0 ideas" in _summaries(cluster, CHANNEL)[0]["text"]
    cluster.fake.assert_no_violations()
