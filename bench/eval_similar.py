"""Compare retrieval methods on both labelled duplicate sets, choose the channel
weights on their dev splits, calibrate the duplicate / related thresholds, report test.

    python -m bench.eval_similar            # prints the tables, writes bench/results/
    python -m bench.eval_similar --write-calibration   # also retrieval/data/calibration.json

Sets (bench/data/): `duplicates.jsonl` (hand-written short ideas) and
`seamonkey_duplicates.jsonl` (real bug reports, title + long description). Queries:
every item of a duplicate cluster; relevant: the other members of its cluster; the
query itself is left out of its results. Two query forms, as the product sees them:
`whole` (title + description: import, the message shortcut, `similar --from-file`)
and `short` (the title alone, standing in for a sentence typed in the chat).

Methods score a query against every item from the vectors the index keeps (see
retrieval/channels.py): the full text (the model reads its first 256 word pieces),
its later windows, the title; optionally BM25. Weights are chosen on dev (mean
MRR@10 over both sets and both query forms); every method is reported on test.
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

from retrieval.channels import windows
from retrieval.embeddings import LocalEmbedder

DATA = Path(__file__).parent / "data"
SETS = {"hand": DATA / "duplicates.jsonl", "seamonkey": DATA / "seamonkey_duplicates.jsonl"}
RESULTS = Path(__file__).parent / "results"
CALIBRATION = Path(__file__).parents[1] / "retrieval" / "data" / "calibration.json"
FORMS = ("whole", "short")
# "Duplicate" must be trustworthy: the rule must reach this precision on dev, well
# above the 0.9 asked of the test splits (a few dozen flags per split: 2 wrong ones
# already cost 5 points).
DUPLICATE_PRECISION = 0.97

Matrix = np.ndarray


@dataclass
class Item:
    id: str
    title: str
    text: str
    cluster: str | None
    split: str


@dataclass
class Scores:
    """Per set and query form, each channel's query × item score matrix."""

    text: Matrix  # query vs the full text (first window)
    windows: Matrix  # query vs the best window of the text
    title: Matrix  # query vs the title
    title_title: Matrix  # the query's title (its first line) vs the title
    bm25: Matrix  # BM25 of the query against the full text


def load(path: Path) -> list[Item]:
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            text = "\n".join(p for p in (r["title"], r["description"]) if p)
            items.append(Item(r["id"], r["title"], text, r.get("cluster"), r["split"]))
    return items


def bm25_matrix(queries: Sequence[str], docs: Sequence[str]) -> Matrix:
    retriever = bm25s.BM25()
    retriever.index(
        bm25s.tokenize(list(docs), stopwords="en", show_progress=False), show_progress=False
    )
    out = np.zeros((len(queries), len(docs)), dtype=np.float32)
    for q, text in enumerate(queries):
        tokens = bm25s.tokenize([text], stopwords="en", show_progress=False)
        if not tokens.vocab:
            continue
        found, scores = retriever.retrieve(tokens, k=len(docs), show_progress=False)
        out[q, found[0]] = scores[0]
    return out


def best_window(query: Matrix, full: Matrix, extra: Matrix, owner: np.ndarray) -> Matrix:
    """Score of each item = its best window: the full text or any later window."""
    best = query @ full.T
    if len(extra):
        per_window = query @ extra.T
        for j in np.unique(owner):
            best[:, j] = np.maximum(best[:, j], per_window[:, owner == j].max(axis=1))
    return best


def score_set(embedder: LocalEmbedder, items: list[Item]) -> dict[str, Scores]:
    full = embedder.embed([it.text for it in items])
    title = embedder.embed([it.title for it in items])
    extra_texts: list[str] = []
    owner: list[int] = []
    for j, it in enumerate(items):
        for part in windows(it.text)[1:]:
            extra_texts.append(part)
            owner.append(j)
    extra = embedder.embed(extra_texts) if extra_texts else np.zeros((0, full.shape[1]))
    owners = np.array(owner, dtype=int)
    texts = [it.text for it in items]
    out = {}
    for form, query, query_text in (
        ("whole", full, texts),
        ("short", title, [it.title for it in items]),
    ):
        out[form] = Scores(
            text=query @ full.T,
            windows=best_window(query, full, extra, owners),
            title=query @ title.T,
            title_title=title @ title.T,
            bm25=bm25_matrix(query_text, texts),
        )
    return out


def minmax(x: Matrix) -> Matrix:
    lo = x.min(axis=1, keepdims=True)
    hi = x.max(axis=1, keepdims=True)
    return np.where(hi > lo, (x - lo) / np.where(hi > lo, hi - lo, 1), 0.0)


Method = Callable[[Scores], Matrix]


def weighted(
    title_weight: float, windows_: bool, bm25_weight: float = 0.0, fields: bool = False
) -> Method:
    """`fields`: the query's title is matched with titles (field to field)."""

    def method(s: Scores) -> Matrix:
        text = s.windows if windows_ else s.text
        title = s.title_title if fields else s.title
        dense = title_weight * title + (1 - title_weight) * text
        if bm25_weight:
            return (1 - bm25_weight) * dense + bm25_weight * minmax(s.bm25)
        return dense

    return method


def rrf(*parts: Callable[[Scores], Matrix], k: int = 60) -> Method:
    def method(s: Scores) -> Matrix:
        fused = np.zeros_like(s.text, dtype=np.float64)
        for part in parts:
            order = np.argsort(-part(s), axis=1)
            ranks = np.empty_like(order)
            rows = np.arange(order.shape[0])[:, None]
            ranks[rows, order] = np.arange(order.shape[1])
            fused += 1.0 / (k + ranks + 1)
        return fused

    return method


def queries(items: list[Item], split: str | None) -> list[int]:
    return [i for i, it in enumerate(items) if it.cluster and (split is None or it.split == split)]


def evaluate(items: list[Item], scores: Matrix, qs: Sequence[int]) -> dict[str, float]:
    r1 = r5 = hit5 = mrr = 0.0
    for q in qs:
        row = scores[q].astype(np.float64).copy()
        row[q] = -np.inf
        order = np.argsort(-row, kind="stable")
        relevant = {j for j, it in enumerate(items) if it.cluster == items[q].cluster and j != q}
        top = list(order[:10])
        r1 += len(relevant & set(top[:1])) / min(1, len(relevant))
        r5 += len(relevant & set(top[:5])) / min(5, len(relevant))
        hit5 += bool(relevant & set(top[:5]))
        rank = next((i for i, j in enumerate(top) if j in relevant), None)
        mrr += 0.0 if rank is None else 1.0 / (rank + 1)
    n = max(1, len(qs))
    return {"recall@1": r1 / n, "recall@5": r5 / n, "hit@5": hit5 / n, "mrr@10": mrr / n}


BASELINE_K = 10  # the query's crowd: its K best other scores (retrieval/similar.py)


def baseline(row: Matrix, prior: float) -> float:
    """Median of the query's K best scores, padded with `prior` when fewer exist:
    a corpus of look-alike texts (templated reports) lifts every score, a real
    duplicate still stands out from that crowd."""
    top = list(np.sort(row[np.isfinite(row)])[::-1][:BASELINE_K])
    top += [prior] * (BASELINE_K - len(top))
    return float(np.median(top))


def pairs(
    items: list[Item], scores: Matrix, qs: Sequence[int], prior: float = 0.0
) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    """(score, margin over the query's crowd) of true duplicates, and of the wrong
    ideas a person would be shown (the top 5 not in the query's cluster)."""
    positives: list[tuple[float, float]] = []
    negatives: list[tuple[float, float]] = []
    for q in qs:
        row = scores[q].astype(np.float64).copy()
        row[q] = -np.inf
        base = baseline(row, prior)
        for j, it in enumerate(items):
            if j != q and it.cluster == items[q].cluster:
                positives.append((float(row[j]), float(row[j]) - base))
        wrong = [j for j in np.argsort(-row) if items[j].cluster != items[q].cluster and j != q]
        negatives.extend((float(row[j]), float(row[j]) - base) for j in wrong[:5])
    return positives, negatives


def precision_at(
    duplicate: float,
    margin: float,
    positives: list[tuple[float, float]],
    negatives: list[tuple[float, float]],
) -> tuple[float, float, int]:
    pos = np.array(positives).reshape(-1, 2)
    neg = np.array(negatives).reshape(-1, 2)
    tp = float(((pos[:, 0] >= duplicate) & (pos[:, 1] >= margin)).sum())
    fp = float(((neg[:, 0] >= duplicate) & (neg[:, 1] >= margin)).sum())
    precision = tp / (tp + fp) if tp + fp else 1.0
    return precision, tp / max(1, len(pos)), int(tp + fp)


def calibrate(
    positives: list[tuple[float, float]], negatives: list[tuple[float, float]], prior: float
) -> dict[str, float]:
    """The (score, margin) rule with the most dev duplicates found at the required
    precision; `related` keeps 95 % of true duplicates in the results."""
    best = (-1.0, 0.95, 0.5)
    for duplicate in np.arange(0.30, 0.90, 0.025):
        for margin in np.arange(0.0, 0.40, 0.005):
            precision, recall, flagged = precision_at(duplicate, margin, positives, negatives)
            if precision >= DUPLICATE_PRECISION and flagged >= 5 and recall > best[0]:
                best = (recall, float(duplicate), float(margin))
    related = float(np.quantile(np.array([p[0] for p in positives]), 0.05))
    return {
        "duplicate": round(best[1], 3),
        "margin": round(best[2], 3),
        "baseline_prior": round(prior, 3),
        "related": round(min(related, best[1] - 0.05), 3),
        "duplicate_recall_dev": round(best[0], 3),
    }


def prior_baseline(
    data: dict[str, list[Item]], scored: dict[str, dict[str, Scores]], method: Method
) -> float:
    """The typical crowd level on dev, used where a team has fewer than K ideas."""
    values = []
    for name, items in data.items():
        for form in FORMS:
            matrix = method(scored[name][form])
            for q in queries(items, "dev"):
                row = matrix[q].astype(np.float64).copy()
                row[q] = -np.inf
                values.append(baseline(row, 0.0))
    return float(np.median(values))


def reciprocal_ranks(items: list[Item], scores: Matrix, qs: Sequence[int]) -> list[float]:
    out = []
    for q in qs:
        row = scores[q].astype(np.float64).copy()
        row[q] = -np.inf
        order = list(np.argsort(-row, kind="stable")[:10])
        rank = next((i for i, j in enumerate(order) if items[j].cluster == items[q].cluster), None)
        out.append(0.0 if rank is None else 1.0 / (rank + 1))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write-calibration", action="store_true")
    args = parser.parse_args()
    embedder = LocalEmbedder()
    started = time.perf_counter()
    data = {name: load(path) for name, path in SETS.items()}
    scored = {name: score_set(embedder, items) for name, items in data.items()}
    embed_s = time.perf_counter() - started
    combos = [(name, form) for name in data for form in FORMS]

    def dev_rr(method: Method) -> list[list[float]]:
        return [
            reciprocal_ranks(data[n], method(scored[n][f]), queries(data[n], "dev"))
            for n, f in combos
        ]

    def mean_of(rr: list[list[float]]) -> float:
        return float(np.mean([np.mean(r) for r in rr]))

    # Candidates: title weight × (title matched by the query's title or by the whole
    # query); the text is always scored by its best window (issue 13 asks for long
    # text to be covered; "dense full text" rows show what windows change).
    grid = [round(a, 2) for a in np.arange(0.0, 0.61, 0.1)]
    candidates = {
        (a, fields, True): weighted(a, True, fields=fields)
        for a in grid
        for fields in (False, True)
        if a > 0 or not fields
    }
    dev_mrr = {key: mean_of(dev_rr(m)) for key, m in candidates.items()}
    best_key = max(dev_mrr, key=lambda k: dev_mrr[k])
    # One-standard-error rule: among candidates ranking as well as the best within
    # its sampling error on dev, ship the one whose "duplicate" label finds the most
    # dev duplicates at the required precision.
    rng = np.random.default_rng(0)
    best_rr = dev_rr(candidates[best_key])
    boots = [float(np.mean([np.mean(rng.choice(r, len(r))) for r in best_rr])) for _ in range(1000)]
    standard_error = float(np.std(boots))
    eligible = [k for k in candidates if dev_mrr[k] >= dev_mrr[best_key] - standard_error]
    calibrations = {}
    for key in eligible:
        method = candidates[key]
        prior = prior_baseline(data, scored, method)
        positives: list[tuple[float, float]] = []
        negatives: list[tuple[float, float]] = []
        for name, form in combos:
            p, n = pairs(data[name], method(scored[name][form]), queries(data[name], "dev"), prior)
            positives += p
            negatives += n
        calibrations[key] = calibrate(positives, negatives, prior)
    chosen_key = max(eligible, key=lambda k: (calibrations[k]["duplicate_recall_dev"], dev_mrr[k]))
    thresholds = calibrations[chosen_key]
    a, fields, win = chosen_key

    def label(key: tuple[float, bool, bool]) -> str:
        a_, f_, w_ = key
        text = "best window" if w_ else "full text"
        if a_ == 0:
            return f"dense {text}"
        title = "title↔query title" if f_ else "title↔query"
        return f"{title} {a_} + {text} {round(1 - a_, 2)}"

    methods: dict[str, Method] = {
        "dense full text (shipped before)": lambda s: s.text,
        "dense title only": lambda s: s.title,
        "dense title↔query title only": lambda s: s.title_title,
        "dense text, best window": lambda s: s.windows,
        "BM25 (bm25s, English stop words)": lambda s: s.bm25,
        "RRF(full text, BM25), k=60": rrf(lambda s: s.text, lambda s: s.bm25),
        "title↔query 0.5 + full text 0.5": weighted(0.5, windows_=False),
        "title↔query title 0.5 + full text 0.5": weighted(0.5, False, fields=True),
        f"best on dev MRR: {label(best_key)}": candidates[best_key],
        f"SHIPPED: {label(chosen_key)}": candidates[chosen_key],
        "shipped + BM25 0.2 (minmax)": weighted(a, win, 0.2, fields=fields),
        "RRF(title, best window, BM25), k=60": rrf(
            lambda s: s.title, lambda s: s.windows, lambda s: s.bm25
        ),
    }
    table: dict[str, dict[str, dict[str, dict[str, dict[str, float]]]]] = {}
    for method_name, method in methods.items():
        table[method_name] = {
            name: {
                form: {
                    split: evaluate(items, method(scored[name][form]), queries(items, split))
                    for split in ("dev", "test")
                }
                for form in FORMS
            }
            for name, items in data.items()
        }
    checks: dict[str, dict[str, object]] = {}
    shipped = candidates[chosen_key]
    for name, items in data.items():
        for form in FORMS:
            matrix = shipped(scored[name][form])
            p, n = pairs(items, matrix, queries(items, "test"), thresholds["baseline_prior"])
            precision, recall, flagged = precision_at(
                thresholds["duplicate"], thresholds["margin"], p, n
            )
            checks[f"{name}/{form}"] = {
                "duplicate_precision_test": round(precision, 3),
                "duplicate_recall_test": round(recall, 3),
                "flagged_test": flagged,
            }
    report = {
        "sets": {
            name: {
                "items": len(items),
                "queries_dev": len(queries(items, "dev")),
                "queries_test": len(queries(items, "test")),
            }
            for name, items in data.items()
        },
        "model_id": embedder.model_id,
        "embed_seconds": round(embed_s, 1),
        "dev_mean_mrr10": {label(k): round(v, 4) for k, v in sorted(dev_mrr.items())},
        "dev_standard_error": round(standard_error, 4),
        "eligible": {label(k): calibrations[k] for k in eligible},
        "shipped": label(chosen_key),
        "methods": table,
        "thresholds": thresholds,
        "threshold_checks_test": checks,
    }
    print(f"{'method':52} {'set/form':16} {'R@5':>6} {'MRR@10':>7}   (test split)")
    for method_name, per_set in table.items():
        for name, per_form in per_set.items():
            for form, splits in per_form.items():
                m = splits["test"]
                print(
                    f"{method_name:52} {name + '/' + form:16} "
                    f"{m['recall@5']:6.3f} {m['mrr@10']:7.3f}"
                )
    print(f"dev best {label(best_key)} {dev_mrr[best_key]:.4f} ± {standard_error:.4f}")
    for key in eligible:
        print("  eligible", label(key), round(dev_mrr[key], 4), calibrations[key])
    print("shipped:", label(chosen_key), "| thresholds (dev):", thresholds)
    for key, value in checks.items():
        print("  test", key, value)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "similar_eval.json").write_text(
        json.dumps(report, indent=2) + "\n", encoding="utf-8"
    )
    if args.write_calibration:
        stored = json.loads(CALIBRATION.read_text()) if CALIBRATION.is_file() else {"models": {}}
        channels: list[dict[str, object]] = [
            {"name": "text", "source": "text", "weight": round(1 - a, 2)}
        ]
        if a > 0:
            channels.append(
                {
                    "name": "title",
                    "source": "title",
                    "weight": a,
                    "query": "title" if fields else "whole",
                }
            )
        stored["models"][embedder.model_id] = {
            "method": label(chosen_key),
            "channels": channels,
            "duplicate": thresholds["duplicate"],
            "margin": thresholds["margin"],
            "baseline_prior": thresholds["baseline_prior"],
            "related": thresholds["related"],
            "source": "bench/eval_similar.py on bench/data/duplicates.jsonl and "
            "bench/data/seamonkey_duplicates.jsonl (dev splits)",
        }
        CALIBRATION.write_text(json.dumps(stored, indent=2) + "\n", encoding="utf-8")
        print("wrote", CALIBRATION)


if __name__ == "__main__":
    main()
