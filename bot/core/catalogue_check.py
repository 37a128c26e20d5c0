"""Which catalogue keys a translation lacks, or renders with other placeholders.

`python -m bot.core.catalogue_check` (all locales) or `… fr` lists, per file of the
English catalogue, the keys missing from the translation and the keys whose
placeholders differ, and exits 1 when there is any. The English catalogue grows
while translations follow, so this is the to-do list of a translator; the test
`tests/unit/test_catalogue_locales.py` runs the same check.
"""

from __future__ import annotations

import string
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.core.messages import CATALOGUE_DIR, DEFAULT_LOCALE


@dataclass
class Gaps:
    locale: str
    missing: dict[str, list[str]] = field(default_factory=dict)  # English file → keys
    placeholders: dict[str, tuple[set[str], set[str]]] = field(default_factory=dict)
    shape: list[str] = field(default_factory=list)  # list in one language, text in the other
    extra: list[str] = field(default_factory=list)  # keys English does not have

    def __bool__(self) -> bool:
        return bool(self.missing or self.placeholders or self.shape)


def locales() -> list[str]:
    return sorted(
        p.name for p in CATALOGUE_DIR.iterdir() if p.is_dir() and p.name != DEFAULT_LOCALE
    )


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def _by_file(locale: str) -> dict[str, dict[str, Any]]:
    folder = CATALOGUE_DIR / locale
    return {
        path.name: _flatten(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
        for path in sorted(folder.glob("*.yaml"))
    }


def placeholders(value: Any) -> set[str]:
    """Field names with their conversion ("value!r"), over every variant of a key."""
    found: set[str] = set()
    for text in value if isinstance(value, list) else [value]:
        for _, name, _, conversion in string.Formatter().parse(str(text)):
            if name is not None:
                found.add(name + (f"!{conversion}" if conversion else ""))
    return found


def check(locale: str) -> Gaps:
    gaps = Gaps(locale)
    english = _by_file(DEFAULT_LOCALE)
    translated: dict[str, Any] = {}
    for values in _by_file(locale).values():
        translated.update(values)
    known: set[str] = set()
    for filename, keys in english.items():
        for key, value in keys.items():
            known.add(key)
            if key not in translated:
                gaps.missing.setdefault(filename, []).append(key)
                continue
            other = translated[key]
            if isinstance(value, list) != isinstance(other, list):
                gaps.shape.append(key)
            theirs, ours = placeholders(value), placeholders(other)
            if theirs != ours:
                gaps.placeholders[key] = (theirs, ours)
    gaps.extra = sorted(set(translated) - known)
    return gaps


def report(gaps: Gaps) -> str:
    lines = [f"{gaps.locale}: " + ("complete" if not gaps else "gaps")]
    for filename, keys in gaps.missing.items():
        target = Path(DEFAULT_LOCALE) / filename
        lines.append(f"  missing (English in {target}, add to {gaps.locale}/{filename}):")
        lines += [f"    {key}" for key in keys]
    for key, (theirs, ours) in sorted(gaps.placeholders.items()):
        lines.append(
            f"  placeholders differ in {key}: en {sorted(theirs)}, {gaps.locale} {sorted(ours)}"
        )
    for key in gaps.shape:
        lines.append(f"  variants: {key} is a list in one language and a text in the other")
    for key in gaps.extra:
        lines.append(f"  not in English (stale?): {key}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    results = [check(locale) for locale in (argv or locales())]
    for gaps in results:
        print(report(gaps))
    return 1 if any(results) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
