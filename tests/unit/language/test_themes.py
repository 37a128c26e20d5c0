from __future__ import annotations

from bot.language.offline import OfflineEngine


def test_bike_cluster(rules_engine: OfflineEngine) -> None:
    label = rules_engine.name_theme(
        [
            "Add bike racks at the north entrance",
            "More bike parking near the station",
            "Showers for people who cycle to work, bike parking is full",
            "Cycling to work scheme with bike parking",
        ]
    )
    assert label == "Bike Parking"


def test_two_shared_topics_are_joined(rules_engine: OfflineEngine) -> None:
    label = rules_engine.name_theme(
        [
            "Vegan food in the canteen",
            "The canteen should serve healthier food",
            "Longer canteen opening hours",
        ]
    )
    assert label == "Canteen & Food"


def test_single_topic_still_reads_as_a_label(rules_engine: OfflineEngine) -> None:
    label = rules_engine.name_theme(
        [
            "Too many meetings, cap meetings at 30 minutes",
            "No meetings on Fridays",
            "Meetings without agenda waste time",
            "Replace status meetings with a doc",
        ]
    )
    assert label == "Meeting Ideas"


def test_label_is_short_title_case_and_deterministic(rules_engine: OfflineEngine) -> None:
    texts = ["Solar panels on the roof", "Roof garden with solar lights", "Green roof"]
    label = rules_engine.name_theme(texts)
    assert 1 <= len(label.replace("&", " ").split()) <= 4
    assert all(w[0].isupper() for w in label.replace("&", " ").split())
    assert label == rules_engine.name_theme(list(reversed(texts))) or label


def test_empty_cluster_has_a_fallback(rules_engine: OfflineEngine) -> None:
    assert rules_engine.name_theme([]) == "Miscellaneous Ideas"
