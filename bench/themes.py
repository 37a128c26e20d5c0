"""Theme clustering, measured: purity and coverage of three methods on the labelled
set bench/data/themes_labelled.jsonl (ideas with known topics), for the full month
and for a week of about 20 ideas. Results: bench/results/themes.json.

purity: share of clustered ideas whose theme's majority topic is their own topic.
coverage: share of all ideas that land in some theme (not left out as noise).

New themes: the current week's themes against a previous week. The set has all six
topics in both weeks, so every theme should be "not new"; one case per topic drops
that topic from the previous week, so a theme whose majority topic is the dropped one
should be "new". The rule's threshold is chosen (best F1, middle of the best range)
on the cases dropping one of TUNE_TOPICS and checked on the cases dropping another.
"""

from __future__ import annotations

import itertools
import json
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from retrieval.embeddings import build_embedder
from retrieval.themes import (
    NEW_THEME_NEIGHBOUR,
    Clustering,
    agglomerative,
    hdbscan,
    kmeans_silhouette,
    neighbour_median,
    normalise,
)

DATA = Path(__file__).parent / "data" / "themes_labelled.jsonl"
RESULTS = Path(__file__).parent / "results" / "themes.json"
WEEK_STARTS = "2026-03-08"
TUNE_TOPICS = ("commute", "energy", "food")
# The rule this replaced: a theme's centroid against the previous themes' centroids.
OLD_CENTROID_COSINE = 0.8


def score(clustering: Clustering, topics: list[str]) -> dict[str, float]:
    labels = clustering.labels
    clustered = [i for i, label in enumerate(labels) if label >= 0]
    right = 0
    for label in set(int(x) for x in labels if x >= 0):
        members = [topics[i] for i in clustered if labels[i] == label]
        right += Counter(members).most_common(1)[0][1]
    return {
        "themes": len(set(int(x) for x in labels if x >= 0)),
        "purity": round(right / len(clustered), 3) if clustered else 0.0,
        "coverage": round(len(clustered) / len(topics), 3),
    }


def novelty_cases(rows: list[dict], vectors: np.ndarray) -> list[dict[str, Any]]:
    """One row per (case, current theme): its dropped topic, whether it should be new,
    the neighbour median (the rule) and the centroid match (the old rule)."""
    current = [i for i, r in enumerate(rows) if r["created_at"] >= WEEK_STARTS]
    previous = [i for i, r in enumerate(rows) if r["created_at"] < WEEK_STARTS]
    unit = normalise(vectors)
    now = agglomerative(unit[current])
    cases = []
    for dropped in [None, *sorted({r["topic"] for r in rows})]:
        kept = [i for i in previous if rows[i]["topic"] != dropped]
        before = agglomerative(unit[kept]).centroids
        for c in range(len(now.centroids)):
            members = [current[int(j)] for j in np.nonzero(now.labels == c)[0]]
            topic = Counter(rows[i]["topic"] for i in members).most_common(1)[0][0]
            cases.append(
                {
                    "dropped": dropped,
                    "topic": topic,
                    "truly_new": topic == dropped,
                    "neighbour": neighbour_median(unit[members], unit[kept]),
                    "centroid": float((before @ now.centroids[c]).max()) if len(before) else -1.0,
                }
            )
    return cases


def precision_recall(cases: list[dict], marked: list[bool]) -> dict[str, float | None]:
    truth = [bool(c["truly_new"]) for c in cases]
    hits = sum(m and t for m, t in zip(marked, truth, strict=True))
    return {
        "themes": len(cases),
        "truly_new": sum(truth),
        "marked_new": sum(marked),
        "wrongly_new": sum(marked) - hits,
        # None: undefined (nothing marked new / nothing truly new).
        "precision": round(hits / sum(marked), 3) if any(marked) else None,
        "recall": round(hits / sum(truth), 3) if any(truth) else None,
    }


def choose_threshold(cases: list[dict]) -> float:
    """Best F1 over the neighbour medians; the middle of the best range of cut-offs."""
    values = sorted({round(float(c["neighbour"]), 4) for c in cases})
    cuts = [(a + b) / 2 for a, b in itertools.pairwise(values)]

    def f1(cut: float) -> float:
        pr = precision_recall(cases, [float(c["neighbour"]) < cut for c in cases])
        p, r = pr["precision"] or 0.0, pr["recall"] or 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    best = max(f1(cut) for cut in cuts)
    good = [cut for cut in cuts if f1(cut) == best]
    return round((min(good) + max(good)) / 2, 3)


def novelty(rows: list[dict], vectors: np.ndarray) -> dict[str, object]:
    cases = novelty_cases(rows, vectors)
    tune = [c for c in cases if c["dropped"] in TUNE_TOPICS]
    held = [c for c in cases if c["dropped"] not in TUNE_TOPICS and c["dropped"] is not None]
    none_dropped = [c for c in cases if c["dropped"] is None]
    chosen = choose_threshold(tune)

    def rule(part: list[dict], cut: float) -> dict[str, float | None]:
        return precision_recall(part, [float(c["neighbour"]) < cut for c in part])

    def old(part: list[dict]) -> dict[str, float | None]:
        return precision_recall(part, [float(c["centroid"]) < OLD_CENTROID_COSINE for c in part])

    return {
        "tune_topics": list(TUNE_TOPICS),
        "chosen_threshold": chosen,
        "shipped_threshold": NEW_THEME_NEIGHBOUR,
        "tune": rule(tune, NEW_THEME_NEIGHBOUR),
        "held_out": rule(held, NEW_THEME_NEIGHBOUR),
        "nothing_dropped": rule(none_dropped, NEW_THEME_NEIGHBOUR),
        "old_rule_held_out": old(held),
        "old_rule_nothing_dropped": old(none_dropped),
        "cases": [
            {
                **c,
                "neighbour": round(float(c["neighbour"]), 3),
                "centroid": round(float(c["centroid"]), 3),
            }
            for c in cases
        ],
    }


def main() -> None:
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
    embedder = build_embedder("local")
    vectors = embedder.embed([f"{r['title']}\n{r['description']}" for r in rows])
    week = [i for i, r in enumerate(rows) if r["created_at"] >= "2026-03-08"]
    methods = {
        **{
            f"agglomerative@{t}": (lambda v, t=t: agglomerative(v, threshold=t))
            for t in (0.5, 0.55, 0.6, 0.62, 0.65, 0.7, 0.75)
        },
        "kmeans+silhouette": kmeans_silhouette,
        "hdbscan": hdbscan,
    }
    results = {}
    for name, method in methods.items():
        started = time.perf_counter()
        month = score(method(vectors), [r["topic"] for r in rows])
        weekly = score(method(vectors[week]), [rows[i]["topic"] for i in week])
        results[name] = {
            "month": month,
            "week": weekly,
            "seconds": round(time.perf_counter() - started, 3),
        }
        print(f"{name:22} month {month}  week({len(week)}) {weekly}")
    new_themes = novelty(rows, vectors)
    summary = {k: v for k, v in new_themes.items() if k != "cases"}
    print(f"new themes {json.dumps(summary)}")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "ideas": len(rows),
                "topics": len({r["topic"] for r in rows}),
                "week": len(week),
                "results": results,
                "new_themes": new_themes,
            },
            indent=2,
        )
        + "\n"
    )


if __name__ == "__main__":
    main()
