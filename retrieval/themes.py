"""Emerging themes and probable duplicates among a period's ideas, from their vectors.

Method (measured in bench/themes.py on bench/data/themes_labelled.jsonl; numbers and
the reasons in bench/README.md): average-linkage agglomerative clustering with a
cosine distance threshold, so the number of themes follows the data (a quiet week
gives two themes, not a forced eight). It is quadratic, so above `SAMPLE_CAP` ideas
it clusters a fixed sample and assigns every other idea to the nearest centroid.
Clusters smaller than `MIN_SIZE` are not themes. Labels are each cluster's
distinctive terms (a class-based TF-IDF: frequent in the cluster, rare in the others).
"""

from __future__ import annotations

import ast
import functools
import importlib.util
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from threadpoolctl import threadpool_limits

from bot.core.ports.digests import FoundTheme, ThemeAnalysis, ThemeText
from bot.core.ports.search import Embedder
from retrieval.index import VectorIndex
from retrieval.similar import IDEAS

Matrix = npt.NDArray[np.float32]

SAMPLE_CAP = 2000
MIN_SIZE = 2
MAX_THEMES = 8
# Cosine distance at which two groups stop merging (bench/README.md, "Themes").
DISTANCE_THRESHOLD = 0.75
# A theme is new when no theme of the previous period has a centroid this close.
NEW_THEME_COSINE = 0.8
# Duplicate pairs are looked for inside buckets of about this many ideas.
DUPLICATE_BUCKET = 2500
# Above that, cells of about this many: the work is n × cell (pairs inside cells) plus
# n × n / cell (finding each idea's cell), least near √n; 400 suits a month of 100k.
DUPLICATE_CELL = 400
TERMS_PER_LABEL = 3
TEXTS_PER_LABEL = 400

_WORD = re.compile(r"[a-z][a-z'-]{2,}")
# Words every idea uses: they never tell one theme from another.
_IDEA_WORDS = frozenset(
    [
        "idea",
        "ideas",
        "would",
        "could",
        "should",
        "make",
        "making",
        "use",
        "using",
        "new",
        "better",
        "more",
        "less",
        "get",
        "getting",
        "people",
        "team",
        "teams",
        "time",
        "way",
        "ways",
        "need",
        "needs",
        "want",
        "like",
        "also",
        "one",
        "two",
        "every",
        "each",
        "able",
        "just",
        "really",
        "thing",
        "things",
        "lot",
        "lots",
    ]
)


@functools.cache
def _stopwords() -> frozenset[str]:
    return _sklearn_stop_words() | _IDEA_WORDS


def _sklearn_stop_words() -> frozenset[str]:
    """scikit-learn's English stop words (the Glasgow IR group's list), read from its
    source file: importing scikit-learn for one list cost 1.3 s of CPU, a tenth of a
    month's digest. Falls back to the import if the file's shape ever changes."""
    spec = importlib.util.find_spec("sklearn")  # a top-level spec imports nothing
    if spec is not None and spec.submodule_search_locations:
        path = Path(next(iter(spec.submodule_search_locations)))
        try:
            tree = ast.parse((path / "feature_extraction" / "_stop_words.py").read_text("utf-8"))
            for node in tree.body:
                if (
                    isinstance(node, ast.Assign)
                    and [getattr(t, "id", None) for t in node.targets] == ["ENGLISH_STOP_WORDS"]
                    and isinstance(node.value, ast.Call)
                ):
                    return frozenset(ast.literal_eval(node.value.args[0]))
        except (OSError, SyntaxError, ValueError, IndexError):
            pass
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)


@dataclass(frozen=True)
class Clustering:
    labels: npt.NDArray[np.int64]  # one per row; -1: in no theme
    centroids: Matrix  # one unit vector per theme, row = label


def normalise(vectors: Matrix) -> Matrix:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    # copy=False: float32 in, float32 out; the extra copy of 100,000 rows cost 0.1 s.
    return (vectors / norms).astype(np.float32, copy=False)


def _sample(n: int, cap: int) -> npt.NDArray[np.int64]:
    if n <= cap:
        return np.arange(n)
    # Fixed seed: the same ideas give the same themes every run.
    return np.sort(np.random.default_rng(0).choice(n, size=cap, replace=False))


def _sums(vectors: Matrix, labels: npt.NDArray[np.int64], k: int) -> Matrix:
    """Each label's vector sum (-1: none), as one sparse product: np.add.at took
    seconds at 100,000 rows."""
    from scipy.sparse import csr_matrix

    kept = np.nonzero(labels >= 0)[0]
    onehot = csr_matrix(
        (np.ones(len(kept), dtype=np.float32), (labels[kept], kept)), shape=(k, len(vectors))
    )
    return np.asarray(onehot @ vectors, dtype=np.float32)


def _centroids(vectors: Matrix, labels: npt.NDArray[np.int64], k: int) -> Matrix:
    return normalise(_sums(vectors, labels, k))


def _relabel(raw: npt.NDArray[np.int64], min_size: int) -> tuple[npt.NDArray[np.int64], int]:
    """Keep clusters of at least `min_size`, numbered by size (largest first, then by
    first member), the rest -1."""
    counts = Counter(int(x) for x in raw if x >= 0)
    first: dict[int, int] = {}
    for index, label in enumerate(raw):
        first.setdefault(int(label), index)
    kept = sorted(
        (c for c, n in counts.items() if n >= min_size), key=lambda c: (-counts[c], first[c])
    )
    mapping = {c: new for new, c in enumerate(kept)}
    return np.array([mapping.get(int(x), -1) for x in raw], dtype=np.int64), len(kept)


def agglomerative(
    vectors: Matrix,
    threshold: float = DISTANCE_THRESHOLD,
    cap: int = SAMPLE_CAP,
    min_size: int = MIN_SIZE,
) -> Clustering:
    unit = normalise(vectors)
    n = len(unit)
    if n < min_size:
        return Clustering(np.full(n, -1, dtype=np.int64), np.zeros((0, unit.shape[1]), np.float32))
    sample = _sample(n, cap)
    raw = average_linkage(unit[sample], threshold)
    sample_labels, k = _relabel(raw, min_size)
    centroids = _centroids(unit[sample], sample_labels, k)
    if n == len(sample) or k == 0:
        return Clustering(sample_labels if n == len(sample) else np.full(n, -1), centroids)
    # The rest join the nearest theme when they are as close as members are.
    labels = assign(unit, centroids, 1.0 - threshold)
    return Clustering(labels, _centroids(unit, labels, k))


def average_linkage(unit: Matrix, threshold: float) -> npt.NDArray[np.int64]:
    """Average-linkage clusters cut at cosine distance `threshold` (what scikit-learn's
    AgglomerativeClustering(metric="cosine", linkage="average") computes), with the
    distances from one matrix product: scipy's own cosine pdist loops in C without
    BLAS and took 2 s of the digest's time at 2,000 ideas."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    if len(unit) < 2:
        return np.zeros(len(unit), dtype=np.int64)
    as64 = unit.astype(np.float64)
    distances = np.clip(1.0 - as64 @ as64.T, 0.0, 2.0)
    np.fill_diagonal(distances, 0.0)
    tree = linkage(squareform(distances, checks=False), method="average")
    return (fcluster(tree, t=threshold, criterion="distance") - 1).astype(np.int64)


def assign(
    unit: Matrix, centroids: Matrix, floor: float, chunk: int = 20000
) -> npt.NDArray[np.int64]:
    labels = np.full(len(unit), -1, dtype=np.int64)
    for start in range(0, len(unit), chunk):
        scores = unit[start : start + chunk] @ centroids.T
        best = scores.argmax(axis=1)
        close = scores[np.arange(len(best)), best] >= floor
        labels[start : start + chunk] = np.where(close, best, -1)
    return labels


def kmeans_silhouette(
    vectors: Matrix, cap: int = SAMPLE_CAP, min_size: int = MIN_SIZE
) -> Clustering:
    """The measured alternative: k-means with k chosen by silhouette (bench only)."""
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    unit = normalise(vectors)
    sample = _sample(len(unit), cap)
    best: tuple[float, npt.NDArray[np.int64]] | None = None
    for k in range(2, min(16, len(sample) - 1) + 1):
        raw = KMeans(n_clusters=k, n_init=3, random_state=0).fit_predict(unit[sample])
        score = float(silhouette_score(unit[sample], raw, metric="cosine"))
        if best is None or score > best[0]:
            best = (score, raw.astype(np.int64))
    if best is None:
        return Clustering(
            np.full(len(unit), -1, dtype=np.int64), np.zeros((0, unit.shape[1]), np.float32)
        )
    labels, k = _relabel(best[1], min_size)
    centroids = _centroids(unit[sample], labels, k)
    full = assign(unit, centroids, -1.0) if len(sample) < len(unit) else labels
    return Clustering(full, centroids)


def hdbscan(vectors: Matrix, cap: int = SAMPLE_CAP, min_size: int = MIN_SIZE) -> Clustering:
    """The measured alternative: HDBSCAN on cosine distances (bench only)."""
    from sklearn.cluster import HDBSCAN

    unit = normalise(vectors)
    sample = _sample(len(unit), cap)
    raw = HDBSCAN(min_cluster_size=max(2, min_size), metric="cosine").fit_predict(unit[sample])
    labels, k = _relabel(raw.astype(np.int64), min_size)
    centroids = _centroids(unit[sample], labels, k)
    full = assign(unit, centroids, 1.0 - DISTANCE_THRESHOLD) if len(sample) < len(unit) else labels
    return Clustering(full, centroids)


def distinctive_terms(
    groups: Sequence[Sequence[str]], count: int = TERMS_PER_LABEL
) -> list[list[str]]:
    """Each group's most distinctive words (class-based TF-IDF, stopwords removed)."""
    stop = _stopwords()
    counts = [
        Counter(w for text in texts for w in _WORD.findall(text.lower()) if w not in stop)
        for texts in groups
    ]
    everywhere: Counter[str] = Counter()
    for counter in counts:
        everywhere.update(counter)
    average = sum(everywhere.values()) / max(1, len(counts))
    labels: list[list[str]] = []
    for counter in counts:
        size = sum(counter.values()) or 1
        scored = sorted(
            counter,
            key=lambda w: (-(counter[w] / size) * math.log(1 + average / everywhere[w]), w),
        )
        labels.append(scored[:count])
    return labels


def duplicate_groups(unit: Matrix, threshold: float) -> list[list[int]]:
    """Row groups whose members are linked by cosine ≥ threshold (transitively).

    Exact below DUPLICATE_BUCKET rows; above, pairs are only looked for inside cells
    of near neighbours (k-means cells), so near-duplicates split across two cells can
    be missed: the price of a month of 100,000 ideas in seconds. Cells are disjoint,
    so each cell's groups are the connected components of its own links."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    groups: list[list[int]] = []
    for bucket in _buckets(unit):
        block = unit[bucket]
        links = block @ block.T >= threshold
        per_row = np.count_nonzero(links, axis=1)
        if not np.any(per_row > 1):  # each row links only itself
            continue
        # Connected components in C, on a graph built straight from the links (no
        # dense-to-sparse conversion): growing each group in numpy was most of the
        # duplicate search's time at 100,000 ideas. The links are symmetric (one
        # product of the block with itself), so strong components are the groups.
        indptr = np.concatenate(([0], np.cumsum(per_row)))
        graph = csr_matrix(
            (np.ones(int(indptr[-1]), dtype=np.int8), np.nonzero(links)[1], indptr),
            shape=links.shape,
        )
        _, component = connected_components(graph, directed=True, connection="strong")
        order = np.argsort(component, kind="stable")
        bounds = np.flatnonzero(np.diff(component[order])) + 1
        for members in np.split(order, bounds):
            if len(members) > 1:
                groups.append(bucket[members].tolist())
    return sorted(groups, key=lambda g: g[0])


def _buckets(unit: Matrix, rounds: int = 5) -> list[npt.NDArray[np.int64]]:
    """Cells of near neighbours: a few rounds of spherical k-means on a sample, then
    every row to its nearest centre (plain numpy: the matrix products are the work)."""
    n = len(unit)
    if n <= DUPLICATE_BUCKET:
        return [np.arange(n)]
    k = math.ceil(n / DUPLICATE_CELL)
    sample = unit[_sample(n, min(n, k * 20))]
    centres = sample[_sample(len(sample), k)]
    for _ in range(rounds):
        nearest = (sample @ centres.T).argmax(axis=1).astype(np.int64)
        sums = _sums(sample, nearest, k)
        empty = ~sums.any(axis=1)
        sums[empty] = centres[empty]  # a centre no one chose stays where it was
        centres = normalise(sums)
    cells = assign(unit, centres, -1.0)
    # Each cell's rows in ascending order, cells by number (one sort, not k scans).
    order = np.argsort(cells, kind="stable")
    bounds = np.flatnonzero(np.diff(cells[order])) + 1
    return np.split(order, bounds)


class VectorThemeFinder:
    """Themes and duplicates for the digest, from the ideas' vectors in the index
    (re-embedded when the index lacks one)."""

    def __init__(self, embedder: Embedder, index: VectorIndex, duplicate_threshold: float) -> None:
        self.embedder = embedder
        self.index = index
        self.duplicate_threshold = duplicate_threshold

    def vectors(self, team_id: str, items: Sequence[ThemeText]) -> Matrix:
        if not items:
            return np.zeros((0, self.embedder.dimension), dtype=np.float32)
        keys = [str(i.id) for i in items]
        found_ids, found = self.index.get_matrix(IDEAS, team_id, keys)
        out = np.zeros((len(items), self.embedder.dimension), dtype=np.float32)
        have = np.zeros(len(items), dtype=bool)
        if found_ids:
            position = {key: n for n, key in enumerate(keys)}
            rows = np.fromiter((position[k] for k in found_ids), dtype=np.int64)
            out[rows] = found
            have[rows] = True
        missing = np.nonzero(~have)[0]
        if len(missing):
            out[missing] = self.embedder.embed([items[int(n)].text for n in missing])
        return normalise(out)

    def analyse(
        self, team_id: str, current: Sequence[ThemeText], previous: Sequence[ThemeText]
    ) -> ThemeAnalysis:
        # One BLAS thread: the digest runs inside `serve`, beside the Slack listeners,
        # and OpenBLAS's second thread spin-waits between the many small products of
        # the duplicate search: on the shared 2-core machine the same products took
        # 3.9 s of CPU with two threads and 0.66 s with one (bench/README.md).
        with threadpool_limits(limits=1, user_api="blas"):
            return self._analyse(team_id, current, previous)

    def _analyse(
        self, team_id: str, current: Sequence[ThemeText], previous: Sequence[ThemeText]
    ) -> ThemeAnalysis:
        unit = self.vectors(team_id, current)
        now = agglomerative(unit)
        before = agglomerative(self.vectors(team_id, previous)).centroids if previous else None
        k = len(now.centroids)
        members = [np.nonzero(now.labels == c)[0] for c in range(k)][:MAX_THEMES]
        ordered = [
            m[np.argsort(-(unit[m] @ now.centroids[c]), kind="stable")]
            for c, m in enumerate(members)
        ]
        terms = distinctive_terms(
            [[current[int(i)].text for i in rows[:TEXTS_PER_LABEL]] for rows in ordered]
        )
        themes = []
        for c, rows in enumerate(ordered):
            close = (
                float((before @ now.centroids[c]).max())
                if before is not None and len(before)
                else -1.0
            )
            ids = [current[int(i)].id for i in rows]
            themes.append(FoundTheme(terms[c], ids, ids[:2], new=close < NEW_THEME_COSINE))
        duplicates = [
            sorted(current[i].id for i in group)
            for group in duplicate_groups(unit, self.duplicate_threshold)
        ]
        return ThemeAnalysis(themes, sorted(duplicates))
