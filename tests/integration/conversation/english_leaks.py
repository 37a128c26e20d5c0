"""Finding English catalogue text in what a French speaker was shown."""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from functools import cache

from bot.core import messages

_MARKUP = re.compile(r"[*_`•:…“”\"«»()\[\]]|:[a-z_]+:")


def _values(locale: str) -> list[str]:
    found: list[str] = []
    for value in messages._catalogue(locale).values():
        found.extend(str(v) for v in (value if isinstance(value, list) else [value]))
    return found


def _pieces(template: str) -> list[str]:
    literal = [lit for lit, *_ in string.Formatter().parse(template)]
    return [" ".join(_MARKUP.sub(" ", part).split()) for part in literal]


@cache
def english_fragments() -> tuple[str, ...]:
    """Literal stretches of English messages (2+ words) that no French message has."""
    french = "\n".join(_values("fr"))
    found = {
        piece
        for value in _values("en")
        for piece in _pieces(value)
        if len(piece.split()) >= 2 and sum(c.isalpha() for c in piece) >= 8
    }
    return tuple(sorted(p for p in found if p not in french))


@cache
def english_labels() -> frozenset[str]:
    """Whole English messages without placeholders (button labels…) that French lacks."""
    french = set(_values("fr"))
    return frozenset(v for v in _values("en") if "{" not in v and v not in french)


def leaks(texts: Iterable[str]) -> list[tuple[str, str]]:
    """(English fragment, where) for every English catalogue text found."""
    found = []
    for text in texts:
        flat = " ".join(_MARKUP.sub(" ", text).split())
        if text.strip() in english_labels():
            found.append((text.strip(), text))
        found.extend((piece, text) for piece in english_fragments() if piece in flat)
    return found
