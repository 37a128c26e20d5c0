"""Spelling of common words, corrected in titles only (a person's own words stay in
the fields). pyspellchecker ships its English word-frequency dictionary in the wheel,
so this works offline."""

from __future__ import annotations

import re
import threading
from functools import lru_cache

from spellchecker import SpellChecker

_TOKEN = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
# Shorter words have too many neighbours one edit away to correct safely.
_MIN_LENGTH = 4
_lock = threading.Lock()


@lru_cache(maxsize=1)
def _checker() -> SpellChecker:
    return SpellChecker(language="en", distance=1)


def _is_subsequence(short: str, long: str) -> bool:
    letters = iter(long)
    return all(ch in letters for ch in short)


@lru_cache(maxsize=4096)
def correct_word(word: str) -> str:
    """The common word meant by a misspelt lower-case word; the word itself when it is
    known, capitalised or an acronym (names and products are not corrected)."""
    if len(word) < _MIN_LENGTH or not word.islower():
        return word
    with _lock:  # SpellChecker keeps internal state; one caller at a time
        checker = _checker()
        if checker.known([word]):
            return word
        candidates = checker.candidates(word) or set()
        if not candidates or word in candidates:
            return word
        # Typing too fast drops letters ("evry", "flor"): a candidate that contains
        # every typed letter in order beats a more frequent one that does not ("very").
        ranked = sorted(
            candidates,
            key=lambda c: (not _is_subsequence(word, c), -checker.word_usage_frequency(c), c),
        )
    return ranked[0]


def correct(text: str) -> str:
    """Every misspelt common word in `text` corrected, everything else kept as typed.
    Capitalised words are taken for names, except the first (a title's first word is
    capitalised by the engine, not by the person)."""

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        if match.start() == 0 and word[:1].isupper() and word[1:].islower():
            fixed = correct_word(word.lower())
            return fixed.capitalize() if fixed != word.lower() else word
        return correct_word(word)

    return _TOKEN.sub(fix, text.lstrip())
