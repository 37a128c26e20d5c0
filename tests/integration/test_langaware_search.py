"""Language-aware scoring: with the multilingual model on, a pair of English texts is
scored exactly as by the English model alone (same scores, same labels), and a pair
in different languages by the multilingual model, on the same scale."""

from __future__ import annotations

import pytest

from bot.core.models import NewIdea, SimilarityKind
from retrieval.embeddings import LocalEmbedder
from retrieval.embeddings_multilingual import USE_MODEL_ID, UseMultilingualEmbedder
from tests.conftest import TEST_TEAM
from tests.integration.test_crosslingual_index import _container

ENGLISH = [
    ("Electric car chargers", "Install charging points for electric cars in the staff car park."),
    ("Free fruit", "A basket of fresh fruit in every break room on Mondays."),
    ("Onboarding buddy", "Each new hire gets a colleague to help them in their first month."),
    ("Bike shelter", "A covered and locked shelter for bicycles next to the main entrance."),
]
FRENCH = (
    "Des fruits gratuits",
    "Une corbeille de fruits frais dans chaque salle de pause le lundi matin.",
)
ENGLISH_QUERY = "We should have charging stations for electric vehicles in the car park"
FRENCH_QUERY = "Installer des bornes de recharge pour les voitures électriques sur le parking"


def test_english_pairs_score_as_with_the_english_model_alone(
    env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    embedder: LocalEmbedder,
    multilingual_embedder: UseMultilingualEmbedder,
) -> None:
    both = _container(monkeypatch, USE_MODEL_ID, embedder, multilingual_embedder)
    english_ids = [
        both.ideas.create(NewIdea(team_id=TEST_TEAM, title=t, description=d)).id for t, d in ENGLISH
    ]
    both.ideas.create(NewIdea(team_id=TEST_TEAM, title=FRENCH[0], description=FRENCH[1]))
    both.ensure_index()
    mixed = {
        h.idea_id: (h.score, h.kind)
        for h in both.search.search(TEST_TEAM, ENGLISH_QUERY, k=10, min_score=-1.0)
    }
    both.close()

    english_only = _container(monkeypatch, "off", embedder, multilingual_embedder)
    english_only.ensure_index()
    alone = {
        h.idea_id: (h.score, h.kind)
        for h in english_only.search.search(TEST_TEAM, ENGLISH_QUERY, k=10, min_score=-1.0)
        if h.idea_id in english_ids
    }
    english_only.close()

    assert alone, "the English model found the English ideas"
    assert {i: mixed[i] for i in alone} == alone
    assert alone[english_ids[0]][1] is SimilarityKind.DUPLICATE


def test_a_french_query_finds_its_english_twin_as_a_duplicate(
    env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    embedder: LocalEmbedder,
    multilingual_embedder: UseMultilingualEmbedder,
) -> None:
    both = _container(monkeypatch, USE_MODEL_ID, embedder, multilingual_embedder)
    ids = [
        both.ideas.create(NewIdea(team_id=TEST_TEAM, title=t, description=d)).id for t, d in ENGLISH
    ]
    both.ensure_index()
    hits = both.search.search(TEST_TEAM, FRENCH_QUERY, k=3)
    both.close()
    assert hits[0].idea_id == ids[0]
    assert hits[0].kind is SimilarityKind.DUPLICATE
    # Shown on the English scale: a duplicate scores at least the English cut.
    assert hits[0].score >= both.search.thresholds.duplicate
    assert all(h.kind is SimilarityKind.RELATED for h in hits[1:])
