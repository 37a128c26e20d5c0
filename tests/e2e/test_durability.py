"""Side effects that outlive a process: cards owed by a commit, and forget-me reaching
the ideas channel and the delivery bookkeeping."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.container import Container
from bot.core.models import Actor, NewIdea
from retrieval.embeddings import LocalEmbedder
from storage.models import ProcessedEvent
from tests.conftest import _truncate_all
from tests.e2e.harness import IDEAS_CHANNEL, Bot, running_bot, settings_for
from tests.e2e.test_conversation import BENEFIT, IDEA, _click, _dm
from tests.fakes.slack_api import TEAM_ID, FakeSlack, dm_channel_id


def _claim_keys(bot: Bot) -> list[str]:
    with bot.container.store.unit_of_work() as uow:
        return list(uow.session.scalars(select(ProcessedEvent.key)))


def test_forget_me_unnames_the_channel_card_and_drops_the_delivery_claims(bot: Bot) -> None:
    user, name = "U0FORGETME", "Quillonia Vantablack"
    bot.fake.users[user] = {"real_name": name}
    _dm(bot, user, IDEA)
    preview = _dm(bot, user, BENEFIT)
    _click(bot, user, preview, "Submit")
    (card,) = [m for m in bot.fake.messages_in(IDEAS_CHANNEL) if "bike racks" in m["text"]]
    assert name in str(card["blocks"])
    dm = dm_channel_id(user)
    assert any(user in key or dm in key for key in _claim_keys(bot))

    confirm = _dm(bot, user, "forget me")
    _click(bot, user, confirm, "Yes, forget me")
    assert "deleted everything" in bot.fake.messages_in(dm)[-1]["text"]

    shown = bot.fake.message(IDEAS_CHANNEL, card["ts"])
    assert shown is not None and "bike racks" in shown["text"].lower()
    assert name not in str(shown) and user not in str(shown)
    # Nothing left that names them: not their id, their DM, or the times of the
    # messages in it (theirs and the bot's, whose buttons they clicked).
    times = {m["ts"] for m in bot.fake.messages_in(dm)}
    for key in _claim_keys(bot):
        assert user not in key and dm not in key, key
        assert not any(ts in key for ts in times), key
    settings = bot.container.settings
    if settings.is_embedded_database:  # and not in the database file's free pages
        database = Path(settings.resolved_database_url.removeprefix("sqlite:///"))
        for path in database.parent.glob(database.name + "*"):
            data = path.read_bytes()
            for secret in (user, dm, name):
                assert secret.encode() not in data, f"{secret!r} still in {path.name}"
    bot.fake.assert_no_violations()


@pytest.fixture
def fresh_url(tmp_path: Path, pg_database: str | None) -> Any:
    url = pg_database or f"sqlite:///{tmp_path / 'ideabot.db'}"
    yield url
    if pg_database:
        _truncate_all(pg_database)


def test_a_card_owed_by_another_process_is_posted_once_when_serve_starts(
    tmp_path: Path, fresh_url: str, embedder: LocalEmbedder
) -> None:
    """`ideabot chat` (no Slack app) submits while `serve` is down; serve posts it."""
    with FakeSlack() as fake:
        settings = settings_for(tmp_path / "data", fresh_url, fake)
        chat = Container(settings)
        chat.__dict__["embedder"] = embedder
        title = "Shared umbrellas at reception"
        chat.ideas.create(
            NewIdea(TEAM_ID, title, "Borrow one when it rains", author_id="U0CHAT"),
            Actor(TEAM_ID, "U0CHAT"),
        )
        chat.close()
        assert fake.messages_in(IDEAS_CHANNEL) == []

        for _ in range(2):  # started, stopped, started again: still one card
            with running_bot(settings, fake, embedder) as bot:
                bot.settle()
                cards = [m for m in fake.messages_in(IDEAS_CHANNEL) if title in m["text"]]
                assert len(cards) == 1
        fake.assert_no_violations()
