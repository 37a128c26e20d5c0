"""The message catalogue: every user-facing string, by key and locale.

Strings live in YAML files under `bot/core/catalogue/<locale>/` (several files per
locale, merged), so a translation is a folder of files and never touches logic.
Values are `str.format` templates; a key may hold a list of variants, from which
`pick` chooses deterministically.

Locale-aware fields (Babel, CLDR data): `{votes:vote|votes}` is the word for the
count in `votes` (CLDR plural categories: "one|other", or named
"one=…|few=…|other=…" for languages with more forms); `{count:n}` a number with the
locale's grouping; `{share:%}` a percentage; a `date` or `datetime` value is written
the locale's way (`{day}` medium date, `{day:long}`, `{when:short}` …).
Without an explicit locale, `t` uses the locale of the person the current job acts
for (`use_locale`, set where a message enters), then the default.
"""

from __future__ import annotations

import string
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent

CATALOGUE_DIR = Path(__file__).parent / "catalogue"
DEFAULT_LOCALE = "en"


# The locale of the person the current job acts for. Background jobs run in a copy
# of their submitter's context, so a value set in one job never leaks to another.
_current: ContextVar[str | None] = ContextVar("ideabot_locale", default=None)


def use_locale(locale: str | None) -> None:
    """Speak `locale` for the rest of this job (or context) when `t` gets no locale."""
    _current.set(locale or None)


@contextmanager
def locale_scope() -> Iterator[None]:
    """Whatever `use_locale` sets inside is undone on leaving (one turn, one test)."""
    token = _current.set(_current.get())
    try:
        yield
    finally:
        _current.reset(token)


def plural_category(count: float, locale: str | None = None) -> str:
    """The CLDR plural category of `count` in `locale`: "one", "other", "few"…"""
    return _babel_locale(_base_locale(locale)).plural_form(count)


def current_locale() -> str:
    return _base_locale(_current.get())


def chosen_locale() -> str | None:
    """The locale set for this job, or None when nobody chose one (text decides)."""
    chosen = _current.get()
    return _base_locale(chosen) if chosen else None


class _SafeDict(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _babel_locale(locale: str) -> Locale:
    try:
        return Locale.parse(locale)
    except (UnknownLocaleError, ValueError):
        return Locale.parse(DEFAULT_LOCALE)


class _Formatter(string.Formatter):
    def __init__(self, locale: str) -> None:
        self.locale = _babel_locale(locale)

    def get_value(self, key: int | str, args: Any, kwargs: Any) -> Any:
        return kwargs[key] if isinstance(key, str) else super().get_value(key, args, kwargs)

    def format_field(self, value: Any, format_spec: str) -> str:
        if "|" in format_spec:
            return self._plural(value, format_spec)
        if format_spec == "n":
            return _number(value, lambda v: format_decimal(v, locale=self.locale))
        if format_spec == "%":
            return _number(value, lambda v: format_percent(v, locale=self.locale))
        if isinstance(value, datetime):
            return format_datetime(value, format_spec or "medium", locale=self.locale)
        if isinstance(value, date):
            return format_date(value, format_spec or "medium", locale=self.locale)
        if isinstance(value, str) and format_spec in ("n", "%", "short", "medium", "long"):
            return value  # already written out by the caller
        return super().format_field(value, format_spec)

    def _plural(self, value: Any, spec: str) -> str:
        forms = spec.split("|")
        named = dict(f.split("=", 1) for f in forms if "=" in f)
        if not named:
            named = {"one": forms[0], "other": forms[-1]}
        try:
            count = abs(float(str(value).replace(",", "").replace("\u202f", "")))
        except ValueError:
            return named.get("other", forms[-1])
        number = int(count) if count.is_integer() else count
        return named.get(self.locale.plural_form(number), named.get("other", forms[-1]))


def _number(value: Any, write: Any) -> str:
    return str(write(value)) if isinstance(value, int | float) else str(value)


def _format(template: str, locale: str, params: dict[str, Any]) -> str:
    return _Formatter(locale).vformat(template, (), _SafeDict(params))


@cache
def _catalogue(locale: str) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    folder = CATALOGUE_DIR / locale
    if not folder.is_dir():
        return merged
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        merged.update(_flatten(data))
    return merged


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        full = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, full + "."))
        else:
            flat[full] = value
    return flat


def _base_locale(locale: str | None) -> str:
    if not locale:
        locale = _current.get()
    if not locale:
        return DEFAULT_LOCALE
    return locale.replace("-", "_").split("_")[0].lower()


def raw(key: str, locale: str | None = None) -> Any:
    for candidate in (_base_locale(locale), DEFAULT_LOCALE):
        value = _catalogue(candidate).get(key)
        if value is not None:
            return value
    raise KeyError(f"message {key!r} is not in the catalogue")


def t(key: str, locale: str | None = None, **params: Any) -> str:
    """The message `key`, formatted; the first variant when it has several."""
    value = raw(key, locale)
    template = value[0] if isinstance(value, list) else str(value)
    return _format(template, _base_locale(locale), params)


def pick(key: str, seed: int, locale: str | None = None, **params: Any) -> str:
    """One variant of `key`, chosen by `seed` (deterministic, so tests can rely on it)."""
    value = raw(key, locale)
    variants = value if isinstance(value, list) else [value]
    return _format(str(variants[seed % len(variants)]), _base_locale(locale), params)
