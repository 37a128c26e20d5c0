"""The languages ideabot speaks: one per catalogue folder, named the CLDR way (Babel)."""

from __future__ import annotations

import unicodedata
from functools import cache

from babel import Locale, UnknownLocaleError

from bot.core.messages import CATALOGUE_DIR, DEFAULT_LOCALE


@cache
def supported() -> tuple[str, ...]:
    """Locales with a catalogue; adding a language is adding a folder of YAML."""
    found = sorted(p.name for p in CATALOGUE_DIR.iterdir() if p.is_dir() and any(p.glob("*.yaml")))
    return tuple(found) or (DEFAULT_LOCALE,)


def base(locale: str | None) -> str | None:
    """ "fr-FR", "fr_CA" → "fr"; None for nothing."""
    if not locale or not locale.strip():
        return None
    return locale.strip().replace("-", "_").split("_")[0].lower()


def speakable(locale: str | None) -> str | None:
    """The supported base locale for `locale`, or None when ideabot cannot speak it."""
    code = base(locale)
    return code if code in supported() else None


def language_name(locale: str, in_locale: str | None = None) -> str:
    """ "fr" → "French" (in English), "français" (in French)."""
    try:
        return Locale.parse(in_locale or locale).languages.get(locale, locale)
    except (UnknownLocaleError, ValueError):
        return locale


def fold(text: str) -> str:
    """Lower case without accents, so "Francais" and "français" read the same."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def language_names() -> dict[str, str]:
    """Every name of a major language (ISO 639-1 code) in every supported locale,
    folded, → its code: {"french": "fr", "francais": "fr", "anglais": "en", …}."""
    names: dict[str, str] = {}
    for shown_in in supported():
        for code, name in Locale.parse(shown_in).languages.items():
            if len(code) == 2 and name:
                names.setdefault(fold(name), code)
    # A language's own name wins over a homonym elsewhere.
    for code in supported():
        names[fold(language_name(code, code))] = code
        names[fold(language_name(code, DEFAULT_LOCALE))] = code
    return names
