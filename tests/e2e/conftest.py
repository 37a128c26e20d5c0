"""One running ideabot per test module (starting one takes a second), fresh FakeSlack
state per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from retrieval.embeddings import LocalEmbedder
from tests.conftest import _truncate_all
from tests.e2e.harness import Bot, running_bot, settings_for
from tests.e2e.scopes import missing_scopes
from tests.fakes.slack_api import FakeSlack


@pytest.fixture(scope="module")
def fake_slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


@pytest.fixture(scope="module")
def bot(
    tmp_path_factory: pytest.TempPathFactory,
    pg_database: str | None,
    fake_slack: FakeSlack,
    embedder: LocalEmbedder,
) -> Iterator[Bot]:
    root = tmp_path_factory.mktemp("e2e")
    url = pg_database or f"sqlite:///{root / 'ideabot.db'}"
    with running_bot(settings_for(root / "data", url, fake_slack), fake_slack, embedder) as b:
        yield b
    if pg_database:
        _truncate_all(pg_database)


@pytest.fixture(autouse=True)
def _fresh_fake(request: pytest.FixtureRequest) -> Iterator[None]:
    if "bot" not in request.fixturenames:
        yield
        return
    bot: Bot = request.getfixturevalue("bot")
    bot.settle()
    bot.fake.reset()
    yield
    bot.settle()
    # The manifest must grant a scope for every method this test made the bot call.
    assert missing_scopes(bot.fake.calls) == []
