"""Every English message has a French one with the same placeholders, and numbers,
plurals and dates are written each language's way (Babel)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from bot.core import catalogue_check, messages
from bot.core.messages import locale_scope, plural_category, t, use_locale


def test_every_english_key_has_a_french_translation_with_the_same_placeholders() -> None:
    gaps = catalogue_check.check("fr")
    assert gaps.missing == {}, catalogue_check.report(gaps)
    assert gaps.placeholders == {}, catalogue_check.report(gaps)
    assert gaps.shape == [], catalogue_check.report(gaps)
    assert gaps.extra == [], catalogue_check.report(gaps)


@pytest.fixture
def catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    (tmp_path / "en").mkdir()
    (tmp_path / "fr").mkdir()
    monkeypatch.setattr(messages, "CATALOGUE_DIR", tmp_path)
    monkeypatch.setattr(catalogue_check, "CATALOGUE_DIR", tmp_path)
    messages._catalogue.cache_clear()
    yield tmp_path
    messages._catalogue.cache_clear()


def test_the_check_lists_a_missing_key_and_a_placeholder_that_differs(catalogue: Path) -> None:
    (catalogue / "en" / "a.yaml").write_text(
        'one: "Hello {name}"\ntwo: "Bye"\nthree: "{votes} votes"\n', encoding="utf-8"
    )
    (catalogue / "fr" / "a.yaml").write_text(
        'one: "Bonjour {nom}"\nthree: "{votes} votes"\n', encoding="utf-8"
    )
    gaps = catalogue_check.check("fr")
    assert gaps.missing == {"a.yaml": ["two"]}
    assert set(gaps.placeholders) == {"one"}
    assert catalogue_check.main(["fr"]) == 1
    report = catalogue_check.report(gaps)
    assert "two" in report and "one" in report


def test_plurals_follow_each_language() -> None:
    # French counts 0 and 1 as singular; English only 1.
    assert t("vote.removed", "fr", title="X", ref="#1", votes=0).endswith("0 vote.")
    assert t("vote.removed", "en", title="X", ref="#1", votes=0).endswith("0 votes.")
    assert t("vote.removed", "en", title="X", ref="#1", votes=1).endswith("1 vote.")
    assert t("vote.removed", "fr", title="X", ref="#1", votes=2).endswith("2 votes.")
    assert plural_category(1, "fr") == plural_category(0, "fr") == "one"
    assert plural_category(0, "en") == "other"


def test_numbers_and_percentages_are_written_the_locales_way() -> None:
    english = t("too_long", "en", length=12000, limit=4000)
    french = t("too_long", "fr", length=12000, limit=4000)
    assert "12,000 characters" in english
    assert "12\u202f000 caractères" in french
    line = t(
        "digests.department_line", "fr", name="RH", contributors=3, people=10, share=0.3, ideas=4
    )
    assert "30\u00a0%" in line and "3 personnes sur 10" in line


def test_dates_are_written_the_locales_way() -> None:
    day = date(2026, 5, 1)
    assert "1 mai 2026" in t("challenge.summary.next", "fr", date=day)
    assert "May 1, 2026" in t("challenge.summary.next", "en", date=day)
    moment = datetime(2026, 5, 1, 17, 0)
    assert "mai" in t("news.change", "fr", title="a", ref="#1", before="x", after="y", date=moment)


def test_without_a_locale_the_current_persons_language_is_used_and_then_restored() -> None:
    with locale_scope():
        use_locale("fr")
        assert t("thanks") == messages.raw("thanks", "fr")
    assert t("thanks") == messages.raw("thanks", "en")
