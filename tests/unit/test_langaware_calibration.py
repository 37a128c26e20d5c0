"""The shipped language-aware calibration: English pairs use the English entry's
layout and thresholds verbatim; the cross-lingual scale maps onto the English one."""

from __future__ import annotations

from retrieval.embeddings_multilingual import USE_MODEL_ID
from retrieval.language import ENGLISH, language
from retrieval.similar import CrossLingual, Thresholds, load_calibration

ENGLISH_KEY = "all-MiniLM-L6-v2-onnx-int8"


def test_the_combination_keeps_the_english_layout_and_thresholds() -> None:
    english = load_calibration(ENGLISH_KEY)
    both = load_calibration(f"{ENGLISH_KEY}+{USE_MODEL_ID}")
    assert both.thresholds == english.thresholds
    weighted = {c.name: c.weight for c in both.channels if c.weight > 0}
    assert weighted == {c.name: c.weight for c in english.channels}
    assert both.crosslingual is not None
    assert both.crosslingual.weights.get("multilingual", 0) > 0


def test_cross_lingual_scores_land_on_the_english_cuts_in_order() -> None:
    english = Thresholds(duplicate=0.525, related=0.161)
    cross = CrossLingual({"multilingual": 1.0}, Thresholds(duplicate=0.3, related=0.25))
    assert abs(cross.to_common(0.25, english) - 0.161) < 1e-9
    assert abs(cross.to_common(0.30, english) - 0.525) < 1e-9
    assert abs(cross.to_common(1.0, english) - 1.0) < 1e-9
    mapped = [cross.to_common(s / 100, english) for s in range(0, 101)]
    assert mapped == sorted(mapped)


def test_short_or_unclear_text_counts_as_english() -> None:
    assert language("CRM") == ENGLISH
    assert language("merci beaucoup") == ENGLISH
    assert language("Une corbeille de fruits frais dans chaque salle de pause") == "fr"
    assert language("A basket of fresh fruit in every break room on Mondays") == ENGLISH
