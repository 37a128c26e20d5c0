"""The actor's locale reaches the catalogue lookups of the conversation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.container import Container
from bot.core import messages
from bot.core.conversation import Incoming
from bot.core.models import Actor
from tests.conftest import TEST_TEAM


@pytest.fixture
def french(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    folder = tmp_path / "fr"
    folder.mkdir()
    (folder / "conversation.yaml").write_text(
        'thanks: "Avec plaisir !"\nmine:\n  none: "Vous n\'avez encore proposé aucune idée."\n',
        encoding="utf-8",
    )
    (tmp_path / "en").symlink_to(messages.CATALOGUE_DIR / "en")
    monkeypatch.setattr(messages, "CATALOGUE_DIR", tmp_path)
    messages._catalogue.cache_clear()
    yield
    messages._catalogue.cache_clear()


def test_a_french_speaker_is_answered_in_french_where_a_translation_exists(
    container: Container, french: None
) -> None:
    actor = Actor(TEST_TEAM, "UFR", "Camille", locale="fr")
    container.conversation.start(actor)
    assert container.conversation.handle(Incoming(actor, text="thanks"))[-1].text == (
        "Avec plaisir !"
    )
    mine = container.conversation.handle(Incoming(actor, text="my ideas"))
    assert mine[-1].text == "Vous n'avez encore proposé aucune idée."
    # No French for the help text yet: English, not an error.
    helped = container.conversation.handle(Incoming(actor, text="help"))
    assert helped[-1].text == messages.t("help.text")


def test_an_english_speaker_is_unaffected(container: Container, french: None) -> None:
    actor = Actor(TEST_TEAM, "UEN", "Sam")
    container.conversation.start(actor)
    assert container.conversation.handle(Incoming(actor, text="thanks"))[-1].text == (
        messages.t("thanks")
    )
