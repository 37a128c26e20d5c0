"""Why a similar idea matched: shared key terms, the sentence holding them, or meaning."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.core.cards import reason_text, similar_card
from bot.core.match_reason import explain
from bot.core.models import Idea, IdeaStatus, MatchReason, SimilarIdea, SimilarityKind


def _idea(title: str, description: str = "") -> Idea:
    now = datetime(2026, 1, 5, tzinfo=UTC)
    return Idea(
        id=7,
        team_id="T1",
        external_id=None,
        title=title,
        description=description,
        problem=None,
        proposal=None,
        benefits=None,
        tags=[],
        status=IdeaStatus.NEW,
        status_reason=None,
        votes=0,
        author_id=None,
        author_name=None,
        anonymous=True,
        challenge=None,
        created_at=now,
        updated_at=now,
    )


def test_shared_terms_use_the_ideas_words_and_ignore_filler() -> None:
    idea = _idea("Personal lockers for hot-deskers", "Give everyone a lockable locker.")
    reason = explain("we should please get lockers for people who hot-desk", idea)
    assert reason.terms[0] == "lockers"
    assert "should" not in reason.terms and "please" not in reason.terms
    assert reason.sentence is None  # a one-sentence idea: the terms say it all


def test_plural_and_singular_are_the_same_term() -> None:
    idea = _idea("Breakfast in the canteen on Saturdays")
    assert "saturdays" in explain("Saturday morning support", idea).terms


def test_a_long_idea_shows_the_sentence_that_matches() -> None:
    idea = _idea(
        "Better onboarding",
        "New starters wait a week for a laptop. Their accounts are ready late too. "
        "A buddy programme would pair each new starter with a colleague for a month.",
    )
    reason = explain("assign a buddy colleague to every new starter", idea)
    assert reason.sentence is not None and reason.sentence.startswith("A buddy programme")


def test_no_shared_word_means_a_match_by_meaning() -> None:
    idea = _idea("Photovoltaic cells on the roof")
    reason = explain("solar panels", idea)
    assert reason.by_meaning
    assert reason_text(reason) == "Close in meaning (no key words in common)"


def test_a_long_sentence_is_shortened_for_the_card() -> None:
    long = "Lockers " + "with a very long explanation " * 20 + "."
    idea = _idea("Lockers", f"{long} Lockers near the desks.")
    reason = explain("lockers desks explanation", idea)
    assert reason.sentence is not None and len(reason.sentence) <= 140
    assert reason.sentence.endswith("…")


def test_the_card_carries_the_reason_line() -> None:
    idea = _idea("Secure bike parking", "Covered racks at the north entrance.")
    hit = SimilarIdea(idea, 0.71, SimilarityKind.RELATED, MatchReason(("bike", "racks")))
    assert similar_card(hit).match_reason == "Shares: bike, racks"
    assert similar_card(SimilarIdea(idea, 0.71, SimilarityKind.RELATED)).match_reason is None
