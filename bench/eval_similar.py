"""Compare dense, BM25 and fused retrieval on the labelled duplicate set, and
calibrate the duplicate / related thresholds for the shipped method.

    python -m bench.eval_similar            # prints the table, writes bench/results/
    # also updates retrieval/data/calibration.json:
    python -m bench.eval_similar --write-calibration

Queries: every idea that belongs to a duplicate cluster; relevant: the other
members of its cluster; the query itself is left out of its results. Thresholds
are chosen on the `dev` split and the table is reported on `test` (and on all).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np

from retrieval.embeddings import LocalEmbedder

DATA = Path(__file__).parent / "data" / "duplicates.jsonl"
RESULTS = Path(__file__).parent / "results"
CALIBRATION = Path(__file__).parents[1] / "retrieval" / "data" / "calibration.json"

Scorer = Callable[[int], np.ndarray]


@dataclass
class Item:
    id: str
    text: str
    cluster: str | None
    split: str


def load() -> list[Item]:
    items = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            items.append(
                Item(r["id"], f"{r['title']}\n{r['description']}", r.get("cluster"), r["split"])
            )
    return items


def minmax(x: np.ndarray) -> np.ndarray:
    lo, hi = float(x.min()), float(x.max())
    return (x - lo) / (hi - lo) if hi > lo else np.zeros_like(x)


def rrf(*rankings: np.ndarray, k: int = 60) -> np.ndarray:
    fused = np.zeros_like(rankings[0], dtype=np.float64)
    for scores in rankings:
        order = np.argsort(-scores)
        ranks = np.empty_like(order)
        ranks[order] = np.arange(len(order))
        fused += 1.0 / (k + ranks + 1)
    return fused


def evaluate(items: list[Item], scorer: Scorer, queries: Sequence[int]) -> dict[str, float]:
    r1 = r5 = hit5 = mrr = 0.0
    for q in queries:
        scores = scorer(q).astype(np.float64).copy()
        scores[q] = -np.inf
        order = np.argsort(-scores)
        relevant = {j for j, it in enumerate(items) if it.cluster == items[q].cluster and j != q}
        top = list(order[:10])
        r1 += len(relevant & set(top[:1])) / min(1, len(relevant))
        r5 += len(relevant & set(top[:5])) / min(5, len(relevant))
        hit5 += bool(relevant & set(top[:5]))
        rank = next((i for i, j in enumerate(top) if j in relevant), None)
        mrr += 0.0 if rank is None else 1.0 / (rank + 1)
    n = len(queries)
    return {"recall@1": r1 / n, "recall@5": r5 / n, "hit@5": hit5 / n, "mrr@10": mrr / n}


def per_query_recall5(items: list[Item], scorer: Scorer, queries: Sequence[int]) -> np.ndarray:
    values = []
    for q in queries:
        scores = scorer(q).astype(np.float64).copy()
        scores[q] = -np.inf
        top = set(np.argsort(-scores)[:5])
        relevant = {j for j, it in enumerate(items) if it.cluster == items[q].cluster and j != q}
        values.append(len(relevant & top) / min(5, len(relevant)))
    return np.array(values)


def paired_bootstrap(
    a: np.ndarray, b: np.ndarray, rounds: int = 5000
) -> tuple[float, float, float]:
    """Mean of b - a with a 95% interval, resampling queries (seeded)."""
    rng = np.random.default_rng(0)
    diffs = b - a
    means = [float(diffs[rng.integers(0, len(diffs), len(diffs))].mean()) for _ in range(rounds)]
    low, high = np.quantile(means, [0.025, 0.975])
    return float(diffs.mean()), float(low), float(high)


def calibrate(items: list[Item], sims: np.ndarray, queries: Sequence[int]) -> dict[str, float]:
    positives, negatives = [], []
    for q in queries:
        row = sims[q].copy()
        row[q] = -np.inf
        for j in np.argsort(-row)[:5]:
            same = items[j].cluster == items[q].cluster
            (positives if same else negatives).append(float(row[j]))
        for j, it in enumerate(items):
            if j != q and it.cluster == items[q].cluster and float(row[j]) not in positives:
                positives.append(float(row[j]))
    pos, neg = np.array(positives), np.array(negatives)
    best, best_f = 0.8, -1.0
    for t in np.arange(0.40, 0.95, 0.005):
        tp, fp = float((pos >= t).sum()), float((neg >= t).sum())
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / len(pos)
        # F0.5: calling an idea a duplicate when it is not costs more than missing one.
        f = 1.25 * precision * recall / (0.25 * precision + recall) if precision + recall else 0.0
        if f > best_f:
            best, best_f = float(t), f
    related = float(np.quantile(pos, 0.05))
    dup_precision = float((pos >= best).sum()) / max(
        1.0, float((pos >= best).sum() + (neg >= best).sum())
    )
    return {
        "duplicate": round(best, 3),
        "related": round(min(related, best - 0.05), 3),
        "duplicate_precision_dev": round(dup_precision, 3),
        "duplicate_recall_dev": round(float((pos >= best).mean()), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write-calibration", action="store_true")
    args = parser.parse_args()
    items = load()
    embedder = LocalEmbedder()
    started = time.perf_counter()
    vectors = embedder.embed([it.text for it in items])
    embed_s = time.perf_counter() - started
    dense = vectors @ vectors.T

    corpus_tokens = bm25s.tokenize([it.text for it in items], stopwords="en", show_progress=False)
    retriever = bm25s.BM25()
    retriever.index(corpus_tokens, show_progress=False)
    lexical = np.zeros((len(items), len(items)), dtype=np.float32)
    for q, it in enumerate(items):
        tokens = bm25s.tokenize([it.text], stopwords="en", show_progress=False)
        docs, scores = retriever.retrieve(tokens, k=len(items), show_progress=False)
        lexical[q, docs[0]] = scores[0]

    def weighted(alpha: float) -> Scorer:
        return lambda q: alpha * minmax(dense[q]) + (1 - alpha) * minmax(lexical[q])

    methods: dict[str, Scorer] = {
        "dense (MiniLM int8, cosine)": lambda q: dense[q],
        "BM25 (bm25s, English stop words)": lambda q: lexical[q],
        "fusion: RRF k=60": lambda q: rrf(dense[q], lexical[q]),
    }
    dev = [i for i, it in enumerate(items) if it.cluster and it.split == "dev"]
    test = [i for i, it in enumerate(items) if it.cluster and it.split == "test"]
    everyone = dev + test
    best_alpha = max(
        (round(a, 2) for a in np.arange(0.5, 1.0, 0.05)),
        key=lambda a: evaluate(items, weighted(a), dev)["mrr@10"],
    )
    methods[f"fusion: weighted, alpha={best_alpha} (chosen on dev)"] = weighted(best_alpha)

    fused_name = f"fusion: weighted, alpha={best_alpha} (chosen on dev)"
    gain, low, high = paired_bootstrap(
        per_query_recall5(items, methods["dense (MiniLM int8, cosine)"], test),
        per_query_recall5(items, methods[fused_name], test),
    )
    table = {
        name: {"test": evaluate(items, s, test), "all": evaluate(items, s, everyone)}
        for name, s in methods.items()
    }
    thresholds = calibrate(items, dense, dev)
    singles = [i for i, it in enumerate(items) if not it.cluster]
    false_dups = 0
    for q in singles:
        row = dense[q].copy()
        row[q] = -np.inf
        false_dups += float(row.max()) >= thresholds["duplicate"]
    report = {
        "dataset": {
            "ideas": len(items),
            "queries_dev": len(dev),
            "queries_test": len(test),
            "singletons": len(singles),
        },
        "model_id": embedder.model_id,
        "embed_seconds": round(embed_s, 2),
        "methods": table,
        "thresholds": thresholds,
        "singletons_flagged_duplicate": f"{false_dups}/{len(singles)}",
        "fusion_minus_dense_recall5_test": {
            "mean": round(gain, 4),
            "ci95_low": round(low, 4),
            "ci95_high": round(high, 4),
        },
    }
    print(f"{'method':52} {'split':5} {'R@1':>6} {'R@5':>6} {'Hit@5':>6} {'MRR@10':>7}")
    for name, splits in table.items():
        for split, m in splits.items():
            print(
                f"{name:52} {split:5} {m['recall@1']:6.3f} {m['recall@5']:6.3f} "
                f"{m['hit@5']:6.3f} {m['mrr@10']:7.3f}"
            )
    print("thresholds (dense, chosen on dev):", thresholds)
    print(
        "singletons whose nearest idea is above the duplicate threshold:",
        report["singletons_flagged_duplicate"],
    )
    print(
        f"weighted fusion minus dense, Recall@5 on test: {gain:+.3f} "
        f"(95% paired bootstrap interval {low:+.3f} .. {high:+.3f})"
    )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "similar_eval.json").write_text(
        json.dumps(report, indent=2) + "\n", encoding="utf-8"
    )
    if args.write_calibration:
        data = json.loads(CALIBRATION.read_text()) if CALIBRATION.is_file() else {"models": {}}
        data["models"][embedder.model_id] = {
            "method": "dense",
            "duplicate": thresholds["duplicate"],
            "related": thresholds["related"],
            "source": "bench/eval_similar.py on bench/data/duplicates.jsonl (dev split)",
        }
        CALIBRATION.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        print("wrote", CALIBRATION)


if __name__ == "__main__":
    main()
