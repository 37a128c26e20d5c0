"""Theme clustering, measured: purity and coverage of three methods on the labelled
set bench/data/themes_labelled.jsonl (ideas with known topics), for the full month
and for a week of about 20 ideas. Results: bench/results/themes.json.

purity: share of clustered ideas whose theme's majority topic is their own topic.
coverage: share of all ideas that land in some theme (not left out as noise).
"""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

from retrieval.embeddings import build_embedder
from retrieval.themes import Clustering, agglomerative, hdbscan, kmeans_silhouette

DATA = Path(__file__).parent / "data" / "themes_labelled.jsonl"
RESULTS = Path(__file__).parent / "results" / "themes.json"


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
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "ideas": len(rows),
                "topics": len({r["topic"] for r in rows}),
                "week": len(week),
                "results": results,
            },
            indent=2,
        )
        + "\n"
    )


if __name__ == "__main__":
    main()
