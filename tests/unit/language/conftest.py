from __future__ import annotations

import pytest

from bot.language.offline import OfflineEngine


@pytest.fixture(scope="session")
def embedder():
    from retrieval.embeddings import LocalEmbedder

    return LocalEmbedder()


@pytest.fixture(scope="session")
def engine(embedder) -> OfflineEngine:
    """The engine as the app builds it: rules + the local embedding model."""
    built = OfflineEngine(embedder.embed)
    built.warm_up()
    return built


@pytest.fixture(scope="session")
def rules_engine() -> OfflineEngine:
    """No embedding model: rules only."""
    return OfflineEngine()
