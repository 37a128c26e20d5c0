"""Sanity checks for the hand-written data sets.

Validates ``bench/data/duplicates.jsonl`` (duplicate-detection benchmark) and
``bot/demo/ideas.jsonl`` (demo ideas bundled with the bot), then prints a few
simple statistics.  Run from anywhere::

    python bench/data/check_datasets.py
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DUPLICATES = ROOT / "bench" / "data" / "duplicates.jsonl"
DEMO = ROOT / "bot" / "demo" / "ideas.jsonl"

DUP_KEYS = {"id", "title", "description", "tags", "cluster", "split"}
DEMO_KEYS = {
    "id",
    "title",
    "description",
    "problem",
    "proposal",
    "benefits",
    "tags",
    "author",
    "department",
    "created_at",
    "status",
    "votes",
    "challenge",
}
STATUSES = {"new", "under_review", "accepted", "in_progress", "implemented", "declined"}
CHALLENGES = {
    "Cut our office energy use by 20%",
    "Make the first week great for new hires",
    "Fewer, better meetings",
}

Record = dict[str, Any]


def load_jsonl(path: Path) -> list[Record]:
    """Parse a JSON Lines file, failing with the line number on bad input."""
    records: list[Record] = []
    with path.open(encoding="utf-8") as handle:
        for lineno, line in enumerate(handle, start=1):
            assert line.strip(), f"{path.name}:{lineno}: empty line"
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise AssertionError(f"{path.name}:{lineno}: invalid JSON: {exc}") from exc
            assert isinstance(obj, dict), f"{path.name}:{lineno}: not an object"
            records.append(obj)
    return records


def check_common(records: list[Record], required: set[str], name: str) -> None:
    ids = [r.get("id") for r in records]
    dupes = [i for i, n in Counter(ids).items() if n > 1]
    assert not dupes, f"{name}: duplicate ids {dupes}"
    for r in records:
        missing = required - r.keys()
        assert not missing, f"{name} {r.get('id')}: missing keys {sorted(missing)}"
        assert isinstance(r["title"], str) and 0 < len(r["title"]) <= 80, f"{r['id']}: bad title"
        assert isinstance(r["description"], str) and r["description"].strip(), (
            f"{r['id']}: empty description"
        )
        tags = r["tags"]
        assert isinstance(tags, list) and 1 <= len(tags) <= 3, f"{r['id']}: need 1-3 tags"
        assert all(isinstance(t, str) and t == t.lower() and t for t in tags), (
            f"{r['id']}: bad tag {tags}"
        )


def check_duplicates(records: list[Record]) -> None:
    check_common(records, DUP_KEYS, DUPLICATES.name)
    assert len(records) >= 330, f"duplicates: only {len(records)} records"
    clusters: dict[str, list[Record]] = defaultdict(list)
    for r in records:
        assert r["split"] in {"dev", "test"}, f"{r['id']}: bad split {r['split']!r}"
        if r["cluster"] is not None:
            clusters[r["cluster"]].append(r)
    for cid, members in clusters.items():
        assert 2 <= len(members) <= 5, f"cluster {cid} has {len(members)} members"
        splits = {m["split"] for m in members}
        assert len(splits) == 1, f"cluster {cid} spans splits {splits}"

    singletons = [r for r in records if r["cluster"] is None]
    sizes = Counter(len(m) for m in clusters.values())
    split_counts = Counter(r["split"] for r in records)
    print(f"== {DUPLICATES.relative_to(ROOT)}")
    print(
        f"records: {len(records)}  clusters: {len(clusters)}  "
        f"in clusters: {len(records) - len(singletons)}  singletons: {len(singletons)}"
    )
    print(f"cluster sizes: {dict(sorted(sizes.items()))}  splits: {dict(split_counts)}")
    print_themes(records)


def check_demo(records: list[Record]) -> None:
    check_common(records, DEMO_KEYS, DEMO.name)
    assert 140 <= len(records) <= 160, f"demo: {len(records)} records, expected 140-160"
    for r in records:
        rid = r["id"]
        assert r["status"] in STATUSES, f"{rid}: bad status {r['status']!r}"
        created = datetime.fromisoformat(r["created_at"])
        assert created.tzinfo is not None, f"{rid}: created_at without timezone"
        assert isinstance(r["votes"], int) and 0 <= r["votes"] <= 40, f"{rid}: bad votes"
        assert r["challenge"] is None or r["challenge"] in CHALLENGES, f"{rid}: bad challenge"
        for key in ("problem", "proposal", "benefits", "author", "department"):
            assert r[key] is None or (isinstance(r[key], str) and r[key].strip()), (
                f"{rid}: bad {key}"
            )

    # one department per author
    depts: dict[str, set[str]] = defaultdict(set)
    for r in records:
        if r["author"] is not None:
            depts[r["author"]].add(r["department"])
    inconsistent = {a: d for a, d in depts.items() if len(d) > 1}
    assert not inconsistent, f"authors with several departments: {inconsistent}"

    structured = sum(r["problem"] is not None for r in records)
    anonymous = sum(r["author"] is None for r in records)
    dates = sorted(r["created_at"] for r in records)
    print(f"\n== {DEMO.relative_to(ROOT)}")
    print(
        f"records: {len(records)}  authors: {len(depts)}  anonymous: {anonymous}  "
        f"with problem/proposal/benefits: {structured}"
    )
    print(f"created_at: {dates[0]} .. {dates[-1]}")
    print(f"statuses: {dict(Counter(r['status'] for r in records).most_common())}")
    print(f"challenges: {dict(Counter(r['challenge'] for r in records if r['challenge']))}")
    print(f"departments: {dict(Counter(r['department'] for r in records).most_common())}")
    print_themes(records)


def print_themes(records: list[Record]) -> None:
    """Per-theme counts, using the first tag of each record as its theme."""
    themes = Counter(r["tags"][0] for r in records)
    print("themes (first tag): " + ", ".join(f"{t}={n}" for t, n in sorted(themes.items())))


def main() -> None:
    check_duplicates(load_jsonl(DUPLICATES))
    check_demo(load_jsonl(DEMO))
    print("\nall checks passed")


if __name__ == "__main__":
    main()
