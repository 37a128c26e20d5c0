from __future__ import annotations

from bot.core.models import IdeaFields
from bot.language.offline import OfflineEngine

BIKES = IdeaFields(
    proposal="Add bike racks at the north entrance",
    problem="Bike parking is always full and people lock bikes to the fence",
)
VOCAB = ["Parking", "cycling", "finance", "meetings", "wellbeing", "food"]


def test_keyphrases_when_there_is_no_vocabulary(rules_engine: OfflineEngine) -> None:
    tags = rules_engine.suggest_tags(BIKES, [])
    assert 1 <= len(tags) <= 3
    assert tags[0] == "bike"  # the word the idea keeps coming back to
    assert all(t == t.lower() and " " not in t for t in tags)
    assert not {"add", "always", "people", "the"} & set(tags)


def test_existing_tags_are_preferred_by_word_match(rules_engine: OfflineEngine) -> None:
    assert rules_engine.suggest_tags(BIKES, VOCAB) == ["parking"]


def test_existing_tags_by_meaning_with_the_model(engine: OfflineEngine) -> None:
    tags = engine.suggest_tags(BIKES, VOCAB)
    assert tags[0] == "parking"
    assert "cycling" in tags
    assert "finance" not in tags and "food" not in tags


def test_expenses_find_the_finance_tag(engine: OfflineEngine) -> None:
    fields = IdeaFields(proposal="Let people photograph receipts for expense claims")
    assert "finance" in engine.suggest_tags(fields, VOCAB)


def test_no_fitting_vocabulary_falls_back_to_keyphrases(engine: OfflineEngine) -> None:
    fields = IdeaFields(proposal="Install solar panels on the warehouse roof")
    tags = engine.suggest_tags(fields, ["meetings", "hr"])
    assert tags and tags[0] == "solar-panels"


def test_tags_are_deterministic(engine: OfflineEngine) -> None:
    first = engine.suggest_tags(BIKES, VOCAB)
    assert all(engine.suggest_tags(BIKES, VOCAB) == first for _ in range(3))


def test_empty_idea_has_no_tags(rules_engine: OfflineEngine) -> None:
    assert rules_engine.suggest_tags(IdeaFields(), VOCAB) == []
