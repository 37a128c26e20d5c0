"""EMBEDDINGS=openai: the same import and search, through an OpenAI-compatible API."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.config import Settings
from bot.container import Container
from bot.core.models import NewIdea
from retrieval.embeddings import EmbeddingError
from tests.conftest import TEST_TEAM
from tests.fakes.openai_stub import OpenAIStub


@pytest.fixture
def api_container(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Container, OpenAIStub]]:
    with OpenAIStub(embedding_dim=32) as stub:
        monkeypatch.setenv("EMBEDDINGS", "openai")
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
        monkeypatch.setenv("OPENAI_BASE_URL", stub.base_url)
        container = Container(Settings())
        yield container, stub
        container.close()


def test_ideas_are_embedded_by_the_api_in_their_own_collection(
    api_container: tuple[Container, OpenAIStub],
) -> None:
    container, stub = api_container
    assert container.embedder.model_id == "openai:text-embedding-3-small"
    idea = container.ideas.create(
        NewIdea(team_id=TEST_TEAM, title="Bike racks", description="More racks")
    )
    assert any(r.path.endswith("/embeddings") for r in stub.requests)
    # The stub's vectors are a hash of the text: the same text finds itself.
    hits = container.ideas.similar(TEST_TEAM, "Bike racks\nMore racks", k=1)
    assert hits and hits[0].idea.id == idea.id and hits[0].score > 0.99


def test_an_api_without_a_key_is_a_clear_error(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EMBEDDINGS", "openai")
    container = Container(Settings())
    with pytest.raises(EmbeddingError, match="OPENAI_API_KEY"):
        _ = container.embedder
