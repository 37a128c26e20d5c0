"""The real HTTP server (`serve --http`'s app under uvicorn) against FakeSlack."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import uvicorn

from bot.config import Settings
from bot.container import Container
from bot.slack.app import SlackApp
from bot.slack.config import slack_config
from bot.slack.server import http_app
from retrieval.embeddings import LocalEmbedder
from tests.fakes.slack_api import TEAM_ID, FakeSlack
from tests.fakes.slack_requests import SlackRequest, SlackRequests
from tests.helpers.memo_embedders import shared_multilingual

SECRET = "e2e-signing-secret"
IDEAS_CHANNEL = "C0IDEAS"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Bot:
    url: str
    fake: FakeSlack
    slack: SlackRequests
    container: Container
    app: SlackApp
    http: httpx.Client

    def send(self, request: SlackRequest) -> httpx.Response:
        body, headers = request
        return self.http.post(f"{self.url}/slack/events", content=body, headers=headers)

    def settle(self, timeout: float = 20.0) -> None:
        """Wait until every worker job (and the jobs they started) is done."""
        self.app.deps.workers.drain(timeout)
        self.container.background.drain(timeout)

    def ideas(self) -> list[str]:
        return [i.title for i in self.container.ideas.list_ideas(TEAM_ID)]


def settings_for(data_dir: Path, database_url: str, fake: FakeSlack, **overrides: str) -> Settings:
    values: dict[str, str] = {
        "IDEABOT_DATA_DIR": str(data_dir),
        "DATABASE_URL": database_url,
        "IDEABOT_TEAM_ID": TEAM_ID,
        "EMBEDDINGS": "local",
        "LLM": "offline",
        "SLACK_BOT_TOKEN": "xoxb-e2e-token",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake.base_url,
        "IDEABOT_IDEAS_CHANNEL": IDEAS_CHANNEL,
        "IDEABOT_MANAGERS": "U0MGR",
        "IDEABOT_ADMINS": "U0ADMIN",
        **overrides,
    }
    return Settings(**values)  # type: ignore[arg-type]


@contextmanager
def running_bot(settings: Settings, fake: FakeSlack, embedder: LocalEmbedder) -> Iterator[Bot]:
    container = Container(settings)
    container.__dict__["embedder"] = embedder  # one loaded model for the whole session
    if settings.multilingual_embeddings == shared_multilingual().model_id:
        container.__dict__["multilingual_embedder"] = shared_multilingual()
    api, slack_app = http_app(container, slack_config(settings, "http"))
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(api, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, name="ideabot-e2e", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the ideabot server did not start")
        time.sleep(0.02)
    requests = SlackRequests(SECRET, response_url_prefix=f"{fake.root_url}/response")
    with httpx.Client(timeout=10) as client:
        bot = Bot(f"http://127.0.0.1:{port}", fake, requests, container, slack_app, client)
        bot.settle()  # the index warm-up started by http_app
        try:
            yield bot
        finally:
            server.should_exit = True
            thread.join(timeout=10)
            slack_app.close()
            container.close()
