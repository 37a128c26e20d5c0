"""The sentence-role classifier is trained on English sentences: French text is read by
the French rules alone, or a complaint turns into the proposal."""

from __future__ import annotations

from bot.core.models import IdeaFields
from bot.language.offline import OfflineEngine
from bot.language.offline.roles import has_data


def test_only_languages_with_labelled_sentences_use_the_classifier() -> None:
    assert has_data("en")
    assert not has_data("fr")


def test_a_french_complaint_stays_the_problem(engine: OfflineEngine) -> None:
    text = (
        "Les poubelles de la cour débordent chaque week-end parce que le ramassage n'a "
        "lieu que le lundi. On devrait ajouter un deuxième ramassage le vendredi. Une cour "
        "plus propre, moins de plaintes des voisins."
    )
    update = engine.extract_fields(text, IdeaFields(), None, "fr")
    assert update.problem is not None and "débordent" in update.problem
    assert update.proposal is not None and "deuxième ramassage" in update.proposal
    assert "débordent" not in update.proposal
    assert update.benefits is not None and "voisins" in update.benefits
