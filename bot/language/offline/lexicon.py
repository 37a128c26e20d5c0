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


def _compile(entry: Any) -> re.Pattern[str]:
    if isinstance(entry, dict):
        flags = 0
        for name in entry.get("flags", []):
            flags |= _FLAGS[str(name)]
        return re.compile(str(entry["pattern"]), flags)
    return re.compile(str(entry), re.IGNORECASE)


@lru_cache(maxsize=1024)
def _compile_text(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def pattern_of(entry: Any) -> re.Pattern[str]:
    """A regex entry found inside a table (e.g. topic → pattern), compiled."""
    return _compile_text(entry) if isinstance(entry, str) else _compile(entry)


@lru_cache(maxsize=1024)
def compiled(area: str, key: str, code: str) -> re.Pattern[str]:
    return _compile(raw(area, key, code))


@lru_cache(maxsize=256)
def cue_list(area: str, key: str, code: str) -> tuple[tuple[re.Pattern[str], float], ...]:
    return tuple((_compile(pattern), float(weight)) for pattern, weight in raw(area, key, code))


@lru_cache(maxsize=256)
def word_set(area: str, key: str, code: str) -> frozenset[str]:
    entry = raw(area, key, code)
    items = entry.split() if isinstance(entry, str) else entry
    return frozenset(str(w).lower() for w in items)


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
        return word in self.now

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
        return self.now[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.now.get(key, default)

    def __contains__(self, key: object) -> bool:
        return key in self.now

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
    return tuple(_compile(entry) for entry in raw(area, key, code))


@lru_cache(maxsize=256)
def pattern_pairs(area: str, key: str, code: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((_compile(entry), str(value)) for entry, value in raw(area, key, code))


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
