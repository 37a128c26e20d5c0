"""The message catalogue: every user-facing string, by key and locale.

Strings live in YAML files under `bot/core/catalogue/<locale>/` (several files per
locale, merged), so a translation is a folder of files and never touches logic.
Values are `str.format` templates; a key may hold a list of variants, from which
`pick` chooses deterministically.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

CATALOGUE_DIR = Path(__file__).parent / "catalogue"
DEFAULT_LOCALE = "en"


class _SafeDict(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


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
    return template.format_map(_SafeDict(params))


def pick(key: str, seed: int, locale: str | None = None, **params: Any) -> str:
    """One variant of `key`, chosen by `seed` (deterministic, so tests can rely on it)."""
    value = raw(key, locale)
    variants = value if isinstance(value, list) else [value]
    return str(variants[seed % len(variants)]).format_map(_SafeDict(params))
