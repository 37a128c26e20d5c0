"""Spelling of common words, corrected in titles only (a person's own words stay in
the fields). pyspellchecker ships word-frequency dictionaries for several languages
(English, French, German, Spanish…) in the wheel, so this works offline."""

from __future__ import annotations

import re
import threading
from functools import lru_cache

from spellchecker import SpellChecker

from bot.language.offline import lexicon
from bot.language.offline.accents import fold

# Letters of any alphabet ("écran", "fenêtres"); digits and underscores are not words.
_TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
# Shorter words have too many neighbours one edit away to correct safely.
_MIN_LENGTH = 4
_lock = threading.Lock()


@lru_cache(maxsize=8)
def _checker(language: str) -> SpellChecker | None:
    try:
        return SpellChecker(language=language, distance=1)
    except ValueError:  # no dictionary for this language: titles keep their spelling
        return None


@lru_cache(maxsize=8)
def _shorthand(language: str) -> dict[str, str]:
    """Chat spellings ("shud", "ppl", "thru") and the words they stand for."""
    try:
        table = lexicon.raw("text", "shorthand", language)
    except lexicon.LexiconError:
        return {}
    return {str(k): str(v) for k, v in (table or {}).items()}


def _is_subsequence(short: str, long: str) -> bool:
    letters = iter(long)
    return all(ch in letters for ch in short)


@lru_cache(maxsize=8192)
def correct_word(word: str, language: str = "en") -> str:
    """The common word meant by a misspelt lower-case word; the word itself when it is
    known, capitalised or an acronym (names and products are not corrected)."""
    if not word.islower():
        return word
    shorthand = _shorthand(language).get(word)
    if shorthand is not None:
        return str(shorthand)
    if len(word) < _MIN_LENGTH:
        return word
    with _lock:  # SpellChecker keeps internal state; one caller at a time
        checker = _checker(language)
        if checker is None or checker.known([word]):
            return word
        candidates = checker.candidates(word) or set()
        if not candidates or word in candidates:
            return word
        # Accents left out ("etage", "cafe") are the commonest French slip: the word
        # with its accents back beats any other. Then typing too fast drops letters
        # ("evry", "flor"): a candidate with every typed letter in order beats a more
        # frequent one without ("very").
        ranked = sorted(
            candidates,
            key=lambda c: (
                fold(c) != word,
                not _is_subsequence(word, c),
                -checker.word_usage_frequency(c),
                c,
            ),
        )
    best = ranked[0]
    if fold(best) != word and len(word) < int(lexicon.raw("text", "spelling_min_length", language)):
        # Short unknown words in French text are as often jargon or English ("devs",
        # "flex") as typos: only their accents are put back.
        return word
    return best


def correct(text: str, language: str = "en") -> str:
    """Every misspelt common word in `text` corrected, everything else kept as typed.
    Capitalised words are taken for names, except the first (a title's first word is
    capitalised by the engine, not by the person)."""

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        if match.start() == 0 and word[:1].isupper() and word[1:].islower():
            fixed = correct_word(word.lower(), language)
            return fixed.capitalize() if fixed != word.lower() else word
        return correct_word(word, language)

    return _TOKEN.sub(fix, text.lstrip())
