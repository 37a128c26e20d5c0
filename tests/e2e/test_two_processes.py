"""Two real `ideabot serve --http` processes on one PostgreSQL database, against the
fake Slack Web API: what one replica does, the other must not do again, and a
replica killed at the worst moment loses nothing.

The crash uses the test-only hook IDEABOT_FAULT=crash_after_commit:idea_submitted
(bot/core/faults.py): the process exits at once (os._exit, as kill -9 would leave
it) right after a submitted idea is committed, before any side effect.
Runs in the PostgreSQL pass (IDEABOT_TEST_DATABASE=postgresql); skipped on SQLite.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, select

from storage.db import upgrade
from storage.models import Idea, OutboxEntry
from tests.conftest import _truncate_all
from tests.e2e.harness import IDEAS_CHANNEL, SECRET, free_port
from tests.fakes.slack_api import TEAM_ID, FakeSlack, dm_channel_id
from tests.fakes.slack_requests import SlackRequest, SlackRequests, button, text_value

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[2]
CLEARED = (
    "SLACK_APP_TOKEN",
    "SLACK_CLIENT_ID",
    "SLACK_CLIENT_SECRET",
    "CHROMA_URL",
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "IDEABOT_ADMINS",
    "IDEABOT_MANAGERS",
    "IDEABOT_FAULT",
)


@dataclass
class Server:
    name: str
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]


class Cluster:
    def __init__(self, root: Path, database_url: str, fake: FakeSlack) -> None:
        self.root = root
        self.database_url = database_url
        self.fake = fake
        self.servers: list[Server] = []
        self.slack = SlackRequests(SECRET, response_url_prefix=f"{fake.root_url}/response")
        self.http = httpx.Client(timeout=15)

    def start(self, name: str, **extra_env: str) -> Server:
        port = free_port()
        env = {k: v for k, v in os.environ.items() if k not in CLEARED}
        env.update(
            {
                # Each replica its own embedded vector index; the database is shared.
                "IDEABOT_DATA_DIR": str(self.root / name),
                "DATABASE_URL": self.database_url,
                "IDEABOT_TEAM_ID": TEAM_ID,
                "EMBEDDINGS": "local",
                "LLM": "offline",
                "SLACK_BOT_TOKEN": "xoxb-e2e-token",
                "SLACK_SIGNING_SECRET": SECRET,
                "SLACK_API_URL": self.fake.base_url,
                "IDEABOT_IDEAS_CHANNEL": IDEAS_CHANNEL,
                "IDEABOT_OUTBOX_POLL_SECONDS": "1",
                **extra_env,
            }
        )
        log = self.root / f"{name}-{len(self.servers)}.log"
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "bot",
                "serve",
                "--http",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            cwd=self.root,
            env=env,
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
        )
        server = Server(name, f"http://127.0.0.1:{port}", process, log)
        self.servers.append(server)
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise AssertionError(f"{name} exited at start:\n{server.tail()}")
            try:
                if self.http.get(f"{server.url}/healthz").status_code == 200:
                    return server
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"{name} did not start:\n{server.tail()}")
            time.sleep(0.1)

    def send(self, server: Server, request: SlackRequest) -> int:
        body, headers = request
        return self.http.post(
            f"{server.url}/slack/events", content=body, headers=headers
        ).status_code

    def close(self) -> None:
        for server in self.servers:
            server.stop()
        self.http.close()

    def logs(self) -> str:
        return "\n".join(f"--- {s.name}\n{s.tail()}" for s in self.servers)


@pytest.fixture
def cluster(tmp_path: Path, pg_database: str | None) -> Iterator[Cluster]:
    if pg_database is None:
        pytest.skip("two replicas share one PostgreSQL database: runs in the PostgreSQL pass")
    engine = create_engine(pg_database)
    upgrade(engine)  # before two processes start on it
    engine.dispose()
    _truncate_all(pg_database)
    with FakeSlack() as fake:
        built = Cluster(tmp_path, pg_database, fake)
        try:
            yield built
        finally:
            built.close()
            print(built.logs())
    _truncate_all(pg_database)


def _eventually(check: Callable[[], bool], timeout: float = 30.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def _db_rows(url: str, query: Any) -> list[Any]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return list(connection.execute(query))
    finally:
        engine.dispose()


def _submit_form(title: str, description: str) -> dict[str, Any]:
    return {
        "title": {"value": text_value(title)},
        "description": {"value": text_value(description)},
    }


def _cards(fake: FakeSlack, title: str) -> list[dict[str, Any]]:
    return [m for m in fake.messages_in(IDEAS_CHANNEL) if title in m["text"]]


def test_one_event_delivered_to_both_replicas_is_answered_once(cluster: Cluster) -> None:
    a, b = cluster.start("a"), cluster.start("b")
    user = "U0TWICE"
    request = cluster.slack.dm(user, "We should put bike racks near the north entrance")
    codes: list[int] = []
    threads = [
        threading.Thread(target=lambda s=s: codes.append(cluster.send(s, request))) for s in (a, b)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert codes == [200, 200]
    dm = dm_channel_id(user)
    _eventually(
        lambda: any("…" not in m["text"] for m in cluster.fake.messages_in(dm)),
        what="the reply",
    )
    time.sleep(2)  # time for a second answer, were there one
    posts = [c for c in cluster.fake.calls_to("chat.postMessage") if c.args.get("channel") == dm]
    assert len(cluster.fake.messages_in(dm)) == 1 and len(posts) == 1, cluster.logs()
    cluster.fake.assert_no_violations()


def test_a_replica_killed_between_commit_and_card_posts_it_once_after_restart(
    cluster: Cluster,
) -> None:
    # No periodic drain in the doomed one: the crash point comes before the kick that
    # follows the commit, so nothing in it can deliver the card before it dies.
    doomed = cluster.start(
        "a", IDEABOT_FAULT="crash_after_commit:idea_submitted", IDEABOT_OUTBOX_POLL_SECONDS="3600"
    )
    title = "Night bus for the late shift"
    cluster.send(
        doomed,
        cluster.slack.view_submission(
            "idea_modal", _submit_form(title, "A shuttle at 23:00"), user_id="U0CRASH"
        ),
    )
    assert doomed.process.wait(30) == 137, doomed.tail()
    titles = [r[0] for r in _db_rows(cluster.database_url, select(Idea.title))]
    assert titles == [title]  # committed...
    assert _cards(cluster.fake, title) == []  # ...and no card

    cluster.start("a")  # the same replica, started again
    _eventually(lambda: bool(_cards(cluster.fake, title)), what="the card after the restart")
    time.sleep(2.5)  # two more outbox polls: still one card
    assert len(_cards(cluster.fake, title)) == 1
    done = _db_rows(cluster.database_url, select(OutboxEntry.consumer, OutboxEntry.done_at))
    assert [(consumer, at is not None) for consumer, at in done] == [("slack.card_post", True)]
    cluster.fake.assert_no_violations()


def test_ten_concurrent_upvotes_over_two_replicas_count_ten(cluster: Cluster) -> None:
    a, b = cluster.start("a"), cluster.start("b")
    title = "Standing desks on every floor"
    cluster.send(
        a,
        cluster.slack.view_submission(
            "idea_modal", _submit_form(title, "Let people stand"), user_id="U0DESK"
        ),
    )
    _eventually(lambda: bool(_cards(cluster.fake, title)), what="the card")
    (card,) = _cards(cluster.fake, title)
    upvote = next(b for b in card["blocks"] if b["type"] == "actions")["elements"][0]
    clicks = [
        cluster.slack.block_actions(
            button(upvote["action_id"], upvote["value"]),
            user_id=f"U0VOTER{n}",
            channel_id=IDEAS_CHANNEL,
            message=card,
        )
        for n in range(10)
    ]
    start = threading.Barrier(10)
    codes: list[int] = []

    def click(n: int) -> None:
        start.wait()
        codes.append(cluster.send((a, b)[n % 2], clicks[n]))

    threads = [threading.Thread(target=click, args=(n,)) for n in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert codes == [200] * 10

    def counted() -> list[int]:
        return [r[0] for r in _db_rows(cluster.database_url, select(Idea.vote_count))]

    def shown() -> str:
        message = cluster.fake.message(IDEAS_CHANNEL, card["ts"])
        actions = next(b for b in (message or {}).get("blocks", []) if b["type"] == "actions")
        return str(actions["elements"][0]["text"]["text"])

    def settled() -> bool:
        pending = _db_rows(
            cluster.database_url, select(OutboxEntry.id).where(OutboxEntry.done_at.is_(None))
        )
        return not pending and len(cluster.fake.calls_to("response_url")) >= 10

    _eventually(settled, what="every vote's side effects")
    assert counted() == [10], cluster.logs()
    assert "(10)" in shown(), shown()
    cluster.fake.assert_no_violations()
