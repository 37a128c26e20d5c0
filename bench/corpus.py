"""Synthetic but realistic idea corpora of any size, built from the hand-written sets."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).parent
SOURCES = [HERE / "data" / "duplicates.jsonl", HERE.parent / "bot" / "demo" / "ideas.jsonl"]
DEPARTMENTS = [
    "Engineering",
    "Operations",
    "Sales",
    "Marketing",
    "Support",
    "Finance",
    "HR",
    "Facilities",
    "Legal",
    "Manufacturing",
]
SITES = ["Lyon", "Leeds", "Austin", "Pune", "Gdańsk", "Osaka", "the HQ", "the north plant"]


def _pool() -> list[dict[str, object]]:
    rows = []
    for path in SOURCES:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rows.append(json.loads(line))
    return rows


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.strip()) > 20]


def ideas(count: int, seed: int = 7, style: str = "short") -> Iterator[dict[str, object]]:
    """`count` distinct ideas in the import format (ids syn-000001 …).

    "short": a title and a one-sentence proposal, like most real submissions (about
    25 tokens); "long": the full multi-sentence description plus another sentence
    (about 60 tokens), for the cost of wordy ideas.
    """
    rng = random.Random(seed)
    pool = _pool()
    sentences = [s for row in pool for s in _sentences(str(row["description"]))]
    for i in range(count):
        base = rng.choice(pool)
        dept, site = rng.choice(DEPARTMENTS), rng.choice(SITES)
        if style == "short":
            first = (_sentences(str(base["description"])) or [str(base["description"])])[0]
            description = f"{first} For {dept} in {site}."
        else:
            extra = rng.choice(sentences)
            people = rng.randint(3, 400)
            description = (
                f"{base['description']} {extra} For {dept} in {site}, about {people} people."
            )
        yield {
            "id": f"syn-{i:06d}",
            "title": str(base["title"]),
            "description": description,
            "tags": list(base.get("tags") or [])[:2],  # type: ignore[call-overload]
            "author": f"Person {rng.randint(1, count // 20 + 2)}",
            "votes": rng.randint(0, 30),
        }


def write(path: Path, count: int, seed: int = 7, style: str = "short") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for row in ideas(count, seed, style):
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def queries(count: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    pool = _pool()
    return [str(rng.choice(pool)["description"])[:300] for _ in range(count)]
