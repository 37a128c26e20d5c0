"""Terms (IDEABOT_TERMS): shown before the first submission, which waits for "I accept";
the acceptance is recorded once, with its date; unset terms change nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import Settings
from bot.container import Container
from bot.core.models import Actor
from retrieval.embeddings import LocalEmbedder
from tests.conftest import TEST_TEAM
from tests.integration.conversation.helpers import Chat

TERMS = "Ideas belong to the company once submitted. Reviewers may read them."
IDEA = "We should put bike racks by the front door so more people cycle to work"


@pytest.fixture
def with_terms(settings: Settings, embedder: LocalEmbedder, tmp_path: Path) -> Iterator[Container]:
    terms_file = tmp_path / "terms.txt"
    terms_file.write_text(TERMS + "\n", encoding="utf-8")
    built = Container(settings.model_copy(update={"terms": str(terms_file)}))
    built.__dict__["embedder"] = embedder
    yield built
    built.close()


def _accepted_at(container: Container, user: str) -> object:
    with container.store.unit_of_work() as uow:
        profile = uow.people.find_profile(TEST_TEAM, user)
    return profile.terms_accepted_at if profile else None


def test_no_submission_before_accepting_then_recorded_once(with_terms: Container) -> None:
    chat = Chat(with_terms, Actor(TEST_TEAM, "UTERMS", "Tess"))
    chat.start()
    chat.say(IDEA)
    chat.say("submit")
    asked = chat.turns[-1]
    assert TERMS in asked[-1].text  # read from the file the setting names
    assert chat.my_ideas() == []  # nothing submitted yet
    assert _accepted_at(with_terms, "UTERMS") is None

    chat.say("{choice:I accept}")
    assert len(chat.my_ideas()) == 1
    first = _accepted_at(with_terms, "UTERMS")
    assert first is not None

    # The second idea goes straight in: the terms are not asked again, the date stays.
    chat.say("Another idea: a quiet room on every floor for focused work")
    chat.say("submit")
    assert all(TERMS not in r.text for r in chat.turns[-1])
    assert len(chat.my_ideas()) == 2
    assert _accepted_at(with_terms, "UTERMS") == first


def test_without_terms_no_terms_step(container: Container) -> None:
    chat = Chat(container, Actor(TEST_TEAM, "UNOTERMS", "Nia"))
    chat.start()
    chat.say(IDEA)
    chat.say("submit")
    assert len(chat.my_ideas()) == 1
