"""Turning the multilingual model on or off is configuration: the index is rebuilt for
the new model combination, each model's vectors live in collections named after it,
and nothing is mixed."""

from __future__ import annotations

import pytest

from bot.config import Settings
from bot.container import Container
from bot.core.models import NewIdea
from retrieval.embeddings import LocalEmbedder
from retrieval.embeddings_multilingual import USE_MODEL_ID, UseMultilingualEmbedder
from tests.conftest import TEST_TEAM

IDEAS = [
    ("Electric car chargers", "Install charging points for electric cars in the staff car park."),
    ("Free fruit", "A basket of fresh fruit in every break room on Mondays."),
    ("Onboarding buddy", "Each new hire gets a colleague to help them in their first month."),
]
FRENCH_QUERY = "des bornes de recharge pour les voitures électriques sur le parking du personnel"


def _container(
    monkeypatch: pytest.MonkeyPatch,
    multilingual: str,
    embedder: LocalEmbedder,
    shared: UseMultilingualEmbedder,
) -> Container:
    monkeypatch.setenv("IDEABOT_MULTILINGUAL_EMBEDDINGS", multilingual)
    built = Container(Settings())
    built.__dict__["embedder"] = embedder
    if multilingual != "off":
        built.__dict__["multilingual_embedder"] = shared
    return built


def _models_in_index(container: Container) -> dict[str, str]:
    return {
        str(c.metadata["kind"]): str(c.metadata["model_id"])
        for c in container.chroma_client.list_collections()
        if c.metadata and c.count()
    }


def test_switching_the_multilingual_model_on_and_off_rebuilds_the_index(
    env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    embedder: LocalEmbedder,
    multilingual_embedder: UseMultilingualEmbedder,
) -> None:
    english_only = _container(monkeypatch, "off", embedder, multilingual_embedder)
    ids = [
        english_only.ideas.create(NewIdea(team_id=TEST_TEAM, title=t, description=d)).id
        for t, d in IDEAS
    ]
    assert english_only.ensure_index() == 0
    assert USE_MODEL_ID not in _models_in_index(english_only).values()
    english_only.close()

    both = _container(monkeypatch, USE_MODEL_ID, embedder, multilingual_embedder)
    assert both.ensure_index() == len(ids)  # every idea re-indexed for the new combination
    models = _models_in_index(both)
    assert models["ideas.multilingual"] == USE_MODEL_ID
    assert models["ideas"] == embedder.model_id
    hits = both.ideas.similar(TEST_TEAM, FRENCH_QUERY)
    assert hits and hits[0].idea.id == ids[0]
    assert both.ensure_index() == 0  # and only once
    both.close()

    again = _container(monkeypatch, "off", embedder, multilingual_embedder)
    assert again.ensure_index() == len(ids)
    assert all(c.model == "default" for c in again.search.channels)
    again.close()


def test_an_unknown_multilingual_model_is_a_clear_error(
    env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    embedder: LocalEmbedder,
    multilingual_embedder: UseMultilingualEmbedder,
) -> None:
    from bot.core.ports.search import EmbeddingError

    monkeypatch.setenv("IDEABOT_MULTILINGUAL_EMBEDDINGS", "labse")
    built = Container(Settings())
    built.__dict__["embedder"] = embedder
    with pytest.raises(EmbeddingError, match="use-multilingual-v3, off"):
        built.search  # noqa: B018 - building the search is what fails
    built.close()
