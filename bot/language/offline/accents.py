"""Accent-blind matching for languages written with diacritics (French first).

People type "a chaque etage" as often as "à chaque étage", and a rule should read both.
Patterns in a language's data files are written without accents; `loose` turns each
plain vowel (and c) of a pattern into a class of its accented forms, so the pattern
matches the text as typed, and spans (the words a rule keeps) come from the person's
own text, accents included. `fold` is the other direction, for matching whole
normalised messages: same length as the input, so offsets stay valid.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_VARIANTS = {
    "a": "aàâä",
    "e": "eéèêë",
    "i": "iîï",
    "o": "oôö",
    "u": "uùûü",
    "c": "cç",
    "y": "yÿ",
}


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    return base if len(base) == 1 else char


def fold(text: str) -> str:
    """`text` without diacritics ("Réservée" → "Reservee"); always the same length."""
    if text.isascii():
        return text
    return "".join(_fold_char(c) for c in text)


def loose(pattern: str) -> str:
    """The regex `pattern` (written without accents) made to match accented text too.

    Escapes (\\b, \\w), character classes ([^,.;]), group syntax ((?P<x>…), (?:…)) and
    inline flags are left alone; only literal letters are widened."""
    out: list[str] = []
    i, n = 0, len(pattern)
    in_class = False
    while i < n:
        char = pattern[i]
        if char == "\\" and i + 1 < n:
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = char != "]"
            out.append(char)
            i += 1
            continue
        if char == "[":
            in_class = True
            out.append(char)
            # "[]…]" and "[^]…]": a leading "]" is a literal, not the end.
            j = i + 1
            if j < n and pattern[j] == "^":
                out.append("^")
                j += 1
            if j < n and pattern[j] == "]":
                out.append("]")
                j += 1
            i = j
            continue
        if char == "(" and pattern.startswith("?", i + 1):
            end = _group_syntax_end(pattern, i)
            out.append(pattern[i:end])
            i = end
            continue
        if char == "'":
            # People type "qu on", "j aimerais" or a typographic ’ as often as "qu'on".
            out.append("['’ ]")
            i += 1
            continue
        lower = char.lower()
        if lower in _VARIANTS:
            variants = _VARIANTS[lower]
            out.append("[" + (variants if char.islower() else variants.upper()) + "]")
        else:
            out.append(char)
        i += 1
    return "".join(out)


def _group_syntax_end(pattern: str, start: int) -> int:
    """Index just past the syntax that opens a group at `start` ("(?:", "(?P<name>",
    "(?<=", "(?i)", "(?P=name)")."""
    i = start + 2  # past "(?"
    if pattern.startswith("P<", i):
        return pattern.index(">", i) + 1
    if pattern.startswith("P=", i):
        return pattern.index(")", i) + 1
    if pattern.startswith(("<=", "<!"), i):
        return i + 2
    if i < len(pattern) and pattern[i] in ":=!>":
        return i + 1
    # Inline flags: "(?i)" or "(?i:".
    j = i
    while j < len(pattern) and pattern[j].isalpha():
        j += 1
    if j < len(pattern) and pattern[j] == "-":
        j += 1
        while j < len(pattern) and pattern[j].isalpha():
            j += 1
    return j + 1 if j < len(pattern) and pattern[j] in ":)" else i
