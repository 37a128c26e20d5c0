"""Sentence roles, rules against a classifier (issue 12, "choose by the numbers").

    python -m bench.sentence_roles

The labelled sentences (bot/language/data/en/sentence_roles.yaml) are split by role:
every 4th sentence of each role is held out. Scored on the held-out part:
- rules: the offline engine's cue phrases (cues.scores, meta.is_non_answer, the
  meta-sentence and self-introduction rules), the default for an uncued fragment being
  the proposal, as the engine reads a first message;
- centroid: nearest role centroid of the MiniLM embeddings (cosine);
- logreg: logistic regression on the same embeddings (bot/language/offline/roles.py);
- combined: the rules where a cue is strong or a non-answer/meta rule fires, the
  classifier otherwise (how fields.py uses it).
Results go to bench/results/sentence_roles.json.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict

import numpy as np

from bench.measure import save

FIELD_ROLE = {"problem": "problem", "proposal": "proposal", "benefits": "benefit"}


def split(pairs: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    seen: Counter[str] = Counter()
    train, test = [], []
    for sentence, role in pairs:
        seen[role] += 1
        (test if seen[role] % 4 == 0 else train).append((sentence, role))
    return train, test


def rule_role(text: str) -> tuple[str, bool]:
    """(role by the rules, whether a rule was sure)."""
    from bot.language.offline import cues, fields, meta

    if meta.is_non_answer(text):
        return "non_answer", True
    if fields.is_meta_sentence(text) or meta.status_query(text) or meta.programme_topic(text):
        return "meta", True
    score = cues.scores(text)
    best = max(("proposal", "problem", "benefits"), key=lambda f: score[f])
    if score[best] < 1.0:
        return "proposal", False
    return FIELD_ROLE[best], score[best] >= cues.STRONG


def accuracy(predicted: list[str], truth: list[str]) -> dict[str, float]:
    per: dict[str, list[bool]] = defaultdict(list)
    for p, t in zip(predicted, truth, strict=True):
        per[t].append(p == t)
    out = {role: round(sum(v) / len(v), 3) for role, v in sorted(per.items())}
    out["overall"] = round(
        sum(p == t for p, t in zip(predicted, truth, strict=True)) / len(truth), 3
    )
    return out


def main() -> None:
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    from bot.language.offline.roles import fit, labelled
    from retrieval.embeddings import LocalEmbedder

    embed = LocalEmbedder().embed
    train, test = split(labelled("en"))
    x_train = np.asarray(embed([s for s, _ in train]), dtype=np.float32)
    x_test = np.asarray(embed([s for s, _ in test]), dtype=np.float32)
    y_train, truth = [r for _, r in train], [r for _, r in test]

    roles = sorted(set(y_train))
    centroids = np.stack([x_train[[y == r for y in y_train]].mean(axis=0) for r in roles])
    centroids /= np.linalg.norm(centroids, axis=1, keepdims=True)
    by_centroid = [roles[int(i)] for i in (x_test @ centroids.T).argmax(axis=1)]
    model = fit(x_train, y_train)
    by_logreg = [str(r) for r in model.predict(x_test)]
    ruled = [rule_role(s) for s, _ in test]
    by_rules = [r for r, _ in ruled]
    combined = [r if sure else c for (r, sure), c in zip(ruled, by_logreg, strict=True)]

    result = {
        "train": len(train),
        "held_out": len(test),
        "rules": accuracy(by_rules, truth),
        "centroid": accuracy(by_centroid, truth),
        "logreg": accuracy(by_logreg, truth),
        "combined": accuracy(combined, truth),
    }
    save("sentence_roles", result)
    print(f"{len(train)} training sentences, {len(test)} held out")
    print(f"{'method':<10} " + " ".join(f"{r:>10}" for r in [*roles, "overall"]))
    for method in ("rules", "centroid", "logreg", "combined"):
        row = result[method]
        assert isinstance(row, dict)
        print(f"{method:<10} " + " ".join(f"{row.get(r, 0):>10.0%}" for r in [*roles, "overall"]))


if __name__ == "__main__":
    main()
