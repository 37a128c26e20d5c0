"""Recognising "parle-moi en français" and telling a sentence's language (offline)."""

from __future__ import annotations

import pytest

from bot.core.locales import language_name, supported
from bot.core.reply_language import requested_language
from bot.language.identify import Py3LangidIdentifier


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("parle-moi en français", "fr"),
        ("Parlez-moi en francais svp", "fr"),
        ("réponds en anglais", "en"),
        ("tu peux me répondre en anglais ?", "en"),
        ("en français stp", "fr"),
        ("answer in English", "en"),
        ("Can you speak French please?", "fr"),
        ("switch to English", "en"),
        ("English please", "en"),
        ("French", "fr"),
        ("speak German", "de"),  # recognised, then refused politely (not supported)
    ],
)
def test_a_request_to_change_language_is_recognised(text: str, wanted: str) -> None:
    assert requested_language(text) == wanted


@pytest.mark.parametrize(
    "text",
    [
        "is there an idea in English about bikes",
        "we should offer French lessons to the sales team every week in the evening",
        "our French office has no bike racks",
        "submit",
        "soumettre",
        "ok",
        "",
    ],
)
def test_ideas_that_mention_a_language_are_not_requests(text: str) -> None:
    assert requested_language(text) is None


def test_supported_languages_are_the_catalogue_folders_named_by_cldr() -> None:
    assert {"en", "fr"} <= set(supported())
    assert language_name("fr", "fr") == "français"
    assert language_name("en", "fr") == "anglais"
    assert language_name("fr", "en") == "French"


@pytest.fixture(scope="module")
def identifier() -> Py3LangidIdentifier:
    return Py3LangidIdentifier()


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("les imprimantes du troisième étage tombent tout le temps en panne", "fr"),
        ("jai une idee pour la cantine, faudrait des plats vegetariens", "fr"),
        ("the printers on the third floor keep breaking down", "en"),
        ("we need another fridge in the kitchen", "en"),
    ],
)
def test_a_clear_sentence_is_identified(
    identifier: Py3LangidIdentifier, text: str, language: str
) -> None:
    assert identifier.identify(text, ("en", "fr")) == language


@pytest.mark.parametrize("text", ["ok", "merci", "#12", "CRM", "Parking vélo", "oui vas-y"])
def test_short_or_ambiguous_messages_are_not_identified(
    identifier: Py3LangidIdentifier, text: str
) -> None:
    assert identifier.identify(text, ("en", "fr")) is None


def test_one_candidate_means_nothing_to_choose(identifier: Py3LangidIdentifier) -> None:
    assert identifier.identify("les imprimantes tombent en panne", ("fr",)) is None
