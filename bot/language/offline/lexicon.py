"""The offline engine's language data: cue phrases, patterns, word lists, exemplars.

Everything language-specific lives in `bot/language/data/<code>/*.yaml`, one file per
engine module (cues.yaml for cues.py, fields.yaml for fields.py, …), so supporting a
language means adding data files, not Python. The rules read their data through the
handles below, which resolve against the language of the message being read (a context
variable the engine sets per call with `speaking(code)`); a key a language does not
define falls back to English, so a partial translation still runs.

A file holds a mapping of key → entry:
- a regex: a string (compiled case-insensitively) or {pattern: "...", flags: [DOTALL]}
  (the flags listed replace the default; [] is case-sensitive);
- cues: a list of [regex, weight] pairs;
- words: a list of strings; a mapping: a mapping.
The key names are the rules' contract; the values are free to differ per language.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from bot.language.offline.accents import fold, loose

DEFAULT = "en"
_LANGUAGE: ContextVar[str] = ContextVar("ideabot_offline_language", default=DEFAULT)
_FLAGS = {
    "IGNORECASE": re.IGNORECASE,
    "DOTALL": re.DOTALL,
    "MULTILINE": re.MULTILINE,
    "VERBOSE": re.VERBOSE,
}


class LexiconError(KeyError):
    """A rule asked for data that no language file defines (names file and key)."""


def language() -> str:
    return _LANGUAGE.get()


@contextmanager
def speaking(code: str | None) -> Iterator[None]:
    """Read with the data of language `code` inside the block (English when None)."""
    token = _LANGUAGE.set(code or DEFAULT)
    try:
        yield
    finally:
        _LANGUAGE.reset(token)


def available() -> list[str]:
    root = resources.files("bot.language").joinpath("data")
    return sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("_"))


@lru_cache(maxsize=64)
def _file(code: str, area: str) -> Mapping[str, Any]:
    path = resources.files("bot.language").joinpath(f"data/{code}/{area}.yaml")
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise LexiconError(f"data/{code}/{area}.yaml: expected a mapping")
    return data


def raw(area: str, key: str, code: str | None = None) -> Any:
    """The entry `key` of data/<code>/<area>.yaml, or English's when that has none."""
    code = code or language()
    for candidate in dict.fromkeys((code, DEFAULT)):
        data = _file(candidate, area)
        if key in data:
            return data[key]
    raise LexiconError(f"no {area}.{key} in data/{code}/ or data/{DEFAULT}/")


@lru_cache(maxsize=32)
def accent_blind(code: str) -> bool:
    """Does language `code` write its data without accents (data/<code>/language.yaml
    `accent_blind: true`)? Its patterns then match "étage" and "etage" alike, and its
    word lists and tables are looked up without accents."""
    return bool(_file(code, "language").get("accent_blind"))


def _compile(entry: Any, blind: bool = False) -> re.Pattern[str]:
    widen = loose if blind else str
    if isinstance(entry, dict):
        flags = 0
        for name in entry.get("flags", []):
            flags |= _FLAGS[str(name)]
        return re.compile(widen(str(entry["pattern"])), flags)
    return re.compile(widen(str(entry)), re.IGNORECASE)


@lru_cache(maxsize=1024)
def _compile_text(pattern: str, blind: bool = False) -> re.Pattern[str]:
    return re.compile(loose(pattern) if blind else pattern, re.IGNORECASE)


def pattern_of(entry: Any) -> re.Pattern[str]:
    """A regex entry found inside a table (e.g. topic → pattern), compiled."""
    blind = accent_blind(language())
    return _compile_text(entry, blind) if isinstance(entry, str) else _compile(entry, blind)


@lru_cache(maxsize=1024)
def compiled(area: str, key: str, code: str) -> re.Pattern[str]:
    return _compile(raw(area, key, code), accent_blind(code))


@lru_cache(maxsize=256)
def cue_list(area: str, key: str, code: str) -> tuple[tuple[re.Pattern[str], float], ...]:
    blind = accent_blind(code)
    return tuple(
        (_compile(pattern, blind), float(weight)) for pattern, weight in raw(area, key, code)
    )


@lru_cache(maxsize=256)
def word_set(area: str, key: str, code: str) -> frozenset[str]:
    entry = raw(area, key, code)
    items = entry.split() if isinstance(entry, str) else entry
    words = (str(w).lower() for w in items)
    return frozenset(fold(w) for w in words) if accent_blind(code) else frozenset(words)


def file_entry(code: str, area: str, key: str) -> Any:
    """The entry `key` of data/<code>/<area>.yaml itself (no English fall-back); None
    when that language does not define it."""
    return _file(code, area).get(key)


def compile_for(code: str, pattern: str) -> re.Pattern[str]:
    """A pattern built by a rule from data of language `code`, compiled as its data is."""
    return _compile(pattern, accent_blind(code))


def lookup_form(word: str) -> str:
    """How a word is looked up in the lists and tables of the language being read."""
    return fold(word) if accent_blind(language()) else word


class Regex:
    """A named pattern, compiled for the language being read. Behaves like re.Pattern
    for the calls the rules make."""

    __slots__ = ("_by_language", "area", "key")

    def __init__(self, area: str, key: str) -> None:
        self.area, self.key = area, key
        # Per-language memo: the rules call these in tight loops.
        self._by_language: dict[str, re.Pattern[str]] = {}

    @property
    def now(self) -> re.Pattern[str]:
        code = language()
        found = self._by_language.get(code)
        if found is None:
            found = self._by_language[code] = compiled(self.area, self.key, code)
        return found

    @property
    def pattern(self) -> str:
        return self.now.pattern

    def search(self, string: str, pos: int = 0) -> re.Match[str] | None:
        return self.now.search(string, pos)

    def match(self, string: str, pos: int = 0) -> re.Match[str] | None:
        return self.now.match(string, pos)

    def fullmatch(self, string: str) -> re.Match[str] | None:
        return self.now.fullmatch(string)

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> str:
        return self.now.sub(repl, string, count)

    def subn(
        self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0
    ) -> tuple[str, int]:
        return self.now.subn(repl, string, count)

    def split(self, string: str, maxsplit: int = 0) -> list[Any]:
        return self.now.split(string, maxsplit)

    def finditer(self, string: str) -> Iterator[re.Match[str]]:
        return self.now.finditer(string)

    def findall(self, string: str) -> list[Any]:
        return self.now.findall(string)


class Words:
    """A named word list for the language being read; supports `in`, iteration, `|`."""

    __slots__ = ("_by_language", "area", "key")

    def __init__(self, area: str, key: str) -> None:
        self.area, self.key = area, key
        # Per-language memo: the rules call these in tight loops.
        self._by_language: dict[str, frozenset[str]] = {}

    @property
    def now(self) -> frozenset[str]:
        code = language()
        found = self._by_language.get(code)
        if found is None:
            found = self._by_language[code] = word_set(self.area, self.key, code)
        return found

    def __contains__(self, word: object) -> bool:
        code = language()
        words = self._by_language.get(code)
        if words is None:
            words = self.now
        if isinstance(word, str) and not word.isascii() and accent_blind(code):
            word = fold(word)
        return word in words

    def __iter__(self) -> Iterator[str]:
        return iter(self.now)

    def __len__(self) -> int:
        return len(self.now)

    def __or__(self, other: Words | frozenset[str] | set[str]) -> frozenset[str]:
        return self.now | (other.now if isinstance(other, Words) else frozenset(other))

    def __and__(self, other: Words | frozenset[str] | set[str]) -> frozenset[str]:
        return self.now & (other.now if isinstance(other, Words) else frozenset(other))

    def __rsub__(self, other: frozenset[str] | set[str]) -> frozenset[str]:
        return frozenset(other) - self.now

    def __sub__(self, other: Words | frozenset[str] | set[str]) -> frozenset[str]:
        return self.now - (other.now if isinstance(other, Words) else frozenset(other))


class Table:
    """A named mapping (e.g. label word → field) for the language being read."""

    __slots__ = ("area", "key")

    def __init__(self, area: str, key: str) -> None:
        self.area, self.key = area, key

    @property
    def now(self) -> Mapping[str, Any]:
        entry = raw(self.area, self.key)
        if not isinstance(entry, dict):
            raise LexiconError(f"{self.area}.{self.key} is not a mapping")
        return entry

    def __getitem__(self, key: str) -> Any:
        return self.now[lookup_form(key)]

    def get(self, key: str, default: Any = None) -> Any:
        return self.now.get(lookup_form(key), default)

    def __contains__(self, key: object) -> bool:
        return (lookup_form(key) if isinstance(key, str) else key) in self.now

    def items(self) -> Any:
        return self.now.items()

    def keys(self) -> Any:
        return self.now.keys()

    def values(self) -> Any:
        return self.now.values()


class Cues:
    """A named list of (pattern, weight) cues for the language being read."""

    __slots__ = ("_by_language", "area", "key")

    def __init__(self, area: str, key: str) -> None:
        self.area, self.key = area, key
        # Per-language memo: the rules call these in tight loops.
        self._by_language: dict[str, tuple[tuple[re.Pattern[str], float], ...]] = {}

    @property
    def now(self) -> tuple[tuple[re.Pattern[str], float], ...]:
        code = language()
        found = self._by_language.get(code)
        if found is None:
            found = self._by_language[code] = cue_list(self.area, self.key, code)
        return found

    def __iter__(self) -> Iterator[tuple[re.Pattern[str], float]]:
        return iter(self.now)

    def __len__(self) -> int:
        return len(self.now)


@lru_cache(maxsize=256)
def pattern_list(area: str, key: str, code: str) -> tuple[re.Pattern[str], ...]:
    return tuple(_compile(entry, accent_blind(code)) for entry in raw(area, key, code))


@lru_cache(maxsize=256)
def pattern_pairs(area: str, key: str, code: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    blind = accent_blind(code)
    return tuple((_compile(entry, blind), str(value)) for entry, value in raw(area, key, code))


class Patterns:
    """A named list of patterns tried in order, for the language being read."""

    __slots__ = ("area", "key")

    def __init__(self, area: str, key: str) -> None:
        self.area, self.key = area, key

    def __iter__(self) -> Iterator[re.Pattern[str]]:
        return iter(pattern_list(self.area, self.key, language()))


class Pairs:
    """A named list of (pattern, value) pairs tried in order, for the language being read."""

    __slots__ = ("area", "key")

    def __init__(self, area: str, key: str) -> None:
        self.area, self.key = area, key

    def __iter__(self) -> Iterator[tuple[re.Pattern[str], str]]:
        return iter(pattern_pairs(self.area, self.key, language()))


class Number:
    """A named number (a threshold, a word count) for the language being read."""

    __slots__ = ("area", "key")

    def __init__(self, area: str, key: str) -> None:
        self.area, self.key = area, key

    @property
    def now(self) -> float:
        return float(raw(self.area, self.key))
