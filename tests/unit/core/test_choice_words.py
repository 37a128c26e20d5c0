"""The fixed choice words of every language: each picks one choice only, also when the
English words are accepted beside the person's own (bot/core/choices.py)."""

from __future__ import annotations

import pytest

from bot.core.catalogue_check import locales
from bot.core.choices import normalise
from bot.core.messages import DEFAULT_LOCALE, t
from bot.core.replies import Action

# Every word in choices.key: one per action, and the two variants of submit / forget me.
NAMES = [a.value for a in Action] + ["submit_named", "forget_me_keep"]


def _words(locale: str) -> dict[str, str]:
    return {name: normalise(t(f"choices.key.{name}", locale, ref="")) for name in NAMES}


@pytest.mark.parametrize("locale", [DEFAULT_LOCALE, *locales()])
def test_no_two_choices_answer_to_the_same_word(locale: str) -> None:
    words = _words(locale)
    assert len(set(words.values())) == len(words), words


@pytest.mark.parametrize("locale", locales())
def test_an_english_word_never_means_another_choice_in_a_translation(locale: str) -> None:
    ours, english = _words(locale), _words(DEFAULT_LOCALE)
    clashes = {
        (name, other)
        for name, word in ours.items()
        for other, word_en in english.items()
        if word == word_en and name != other
    }
    assert clashes == set()
