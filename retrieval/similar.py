"""Similar-idea search over several vector channels (see `retrieval/channels.py`).

Each idea is indexed with one vector per channel (the title; title and description,
with windows beyond the model's 256 word pieces). A query is embedded once per
embedding model, each channel's collection is asked for its nearest ideas, and every
candidate gets its exact cosine on every channel (vectors the channel query did not
return are read back by id). The score is the weighted mean of the channel scores,
so it stays on the cosine scale the thresholds are calibrated on.

Channels, weights and thresholds come from `bench/eval_similar.py` on the labelled
sets in `bench/data/` (numbers in bench/README.md); they are stored per embedding
model in `retrieval/data/calibration.json` so that a new model gets new values.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from bot.core.models import Idea, IdeaStatus, SimilarityKind
from bot.core.ports.search import Embedder, Metadata, ScoredId, Vectors
from retrieval.channels import (
    DEFAULT_CHANNELS,
    DEFAULT_MODEL,
    Channel,
    parse_channels,
    query_part,
    signature,
    source_text,
    windows,
)
from retrieval.index import VectorIndex

log = logging.getLogger(__name__)

CALIBRATION_PATH = Path(__file__).parent / "data" / "calibration.json"
IDEAS = "ideas"
# Without calibration for a model, conservative cosine thresholds.
FALLBACK_THRESHOLDS = (0.80, 0.55)
# Nearest ideas asked of each channel per wanted result (and never fewer than
# CANDIDATES_MIN): the union is re-scored exactly on every channel.
CANDIDATES_PER_RESULT = 4
CANDIDATES_MIN = 20


# A hit is compared with the query's crowd: the median of its best BASELINE_K scores
# (bench/eval_similar.py, same rule).
BASELINE_K = 10


@dataclass(frozen=True)
class Thresholds:
    """`duplicate` needs both the score and a `margin` over the query's crowd: texts
    that all look alike (templates, one topic) lift every score, a true duplicate
    still stands out. `baseline_prior` fills the crowd when a team has few ideas."""

    duplicate: float
    related: float
    margin: float = 0.0
    baseline_prior: float = 0.0

    @property
    def suggest(self) -> float:
        """The floor for ideas shown unprompted in a conversation: above the recall-
        oriented `related` threshold, so a person is not shown near-misses."""
        return self.related + (self.duplicate - self.related) * 0.4

    def kind(self, score: float, baseline: float | None = None) -> SimilarityKind | None:
        crowd = self.baseline_prior if baseline is None else baseline
        if score >= self.duplicate and score - crowd >= self.margin:
            return SimilarityKind.DUPLICATE
        if score >= self.related:
            return SimilarityKind.RELATED
        return None


@dataclass(frozen=True)
class Calibration:
    thresholds: Thresholds
    channels: tuple[Channel, ...] = DEFAULT_CHANNELS


def _stored(model_id: str) -> dict[str, Any]:
    if not CALIBRATION_PATH.is_file():
        return {}
    data = json.loads(CALIBRATION_PATH.read_text(encoding="utf-8"))
    found: dict[str, Any] = data.get("models", {}).get(model_id, {})
    return found


def load_calibration(
    model_id: str, duplicate: float | None = None, related: float | None = None
) -> Calibration:
    stored = _stored(model_id)
    thresholds = Thresholds(
        duplicate=duplicate
        if duplicate is not None
        else stored.get("duplicate", FALLBACK_THRESHOLDS[0]),
        related=related if related is not None else stored.get("related", FALLBACK_THRESHOLDS[1]),
        margin=float(stored.get("margin", 0.0)),
        baseline_prior=float(stored.get("baseline_prior", 0.0)),
    )
    return Calibration(thresholds, parse_channels(stored.get("channels")))


def load_thresholds(
    model_id: str, duplicate: float | None = None, related: float | None = None
) -> Thresholds:
    return load_calibration(model_id, duplicate, related).thresholds


def idea_text(idea: Idea) -> str:
    return "\n".join(part for part in (idea.title, idea.description) if part)


def idea_metadata(idea: Idea) -> Metadata:
    return {"team_id": idea.team_id, "status": idea.status.value, "challenge": idea.challenge or ""}


@dataclass
class _Lane:
    """One channel at run time: its embedder and the index of that embedder's model."""

    channel: Channel
    embedder: Embedder
    index: VectorIndex
    kind: str = field(init=False)

    def __post_init__(self) -> None:
        self.kind = self.channel.kind(IDEAS)


def _idea_id(vector_id: str) -> int:
    return int(vector_id.split("#", 1)[0])


def _normalised(vectors: Vectors) -> Vectors:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.clip(norms, 1e-12, None)).astype(np.float32)


class IdeaSearch:
    def __init__(
        self,
        embedder: Embedder,
        index: VectorIndex,
        thresholds: Thresholds,
        channels: Sequence[Channel] = DEFAULT_CHANNELS,
        models: Mapping[str, tuple[Embedder, VectorIndex]] | None = None,
    ) -> None:
        """`models`: embedders (with their index) of channels whose `model` is not
        the default, by that key — e.g. {"multilingual": (embedder, index)}."""
        self.embedder = embedder
        self.index = index
        self.thresholds = thresholds
        available = {DEFAULT_MODEL: (embedder, index), **(models or {})}
        missing = sorted({c.model for c in channels} - set(available))
        if missing:
            raise ValueError(f"no embedder registered for channel model(s) {missing}")
        self.channels = tuple(channels)
        self._lanes = [_Lane(c, *available[c.model]) for c in channels]
        self.signature = signature(
            self.channels, {key: pair[0].model_id for key, pair in available.items()}
        )

    @property
    def suggest_floor(self) -> float:
        return self.thresholds.suggest

    def _single_lanes(self) -> list[_Lane]:
        return [lane for lane in self._lanes if not lane.channel.chunked]

    def count(self) -> int:
        """Ideas in the index: a channel with one vector per idea counts them cheaply."""
        singles = self._single_lanes()
        if singles:
            return min(lane.index.count(lane.kind) for lane in singles)
        return len(self.ids())

    def ids(self) -> set[str]:
        """Ideas present on every channel (one missing anywhere must be re-indexed)."""
        found: set[str] | None = None
        for lane in self._lanes:
            ids = {i for i in lane.index.ids(lane.kind) if "#" not in i}
            found = ids if found is None else found & ids
        return found or set()

    def drop(self) -> None:
        for lane in self._lanes:
            lane.index.drop(lane.kind)

    # -- writing -----------------------------------------------------------------

    def index_ideas(self, ideas: Sequence[Idea]) -> None:
        if not ideas:
            return
        by_model: dict[str, list[tuple[_Lane, list[str], list[str], list[Metadata]]]] = {}
        for lane in self._lanes:
            ids: list[str] = []
            texts: list[str] = []
            metas: list[Metadata] = []
            for idea in ideas:
                text = source_text(lane.channel.source, idea.title, idea.description)
                parts = windows(text) if lane.channel.chunked else [text]
                for n, part in enumerate(parts):
                    ids.append(str(idea.id) if n == 0 else f"{idea.id}#{n}")
                    texts.append(part)
                    metas.append({**idea_metadata(idea), "idea_id": idea.id, "window": n})
            by_model.setdefault(lane.channel.model, []).append((lane, ids, texts, metas))
        for jobs in by_model.values():
            # One embedding call per model: the embedder batches by length itself.
            embedder = jobs[0][0].embedder
            vectors = embedder.embed([t for _, _, texts, _ in jobs for t in texts])
            start = 0
            for lane, ids, texts, metas in jobs:
                block = vectors[start : start + len(texts)]
                start += len(texts)
                if lane.channel.chunked:
                    self._drop_windows(lane, ideas)
                lane.index.upsert(lane.kind, ids, block, metas)

    def _drop_windows(self, lane: _Lane, ideas: Sequence[Idea]) -> None:
        """An edited idea may have fewer windows than before: the old ones go."""
        for team_id, members in _by_team(ideas).items():
            lane.index.delete(
                lane.kind,
                team_id,
                where={"idea_id": [i.id for i in members], "window": {"$gt": 0}},
            )

    def update_metadata(self, ideas: Sequence[Idea]) -> None:
        for lane in self._lanes:
            lane.index.update_metadata(
                lane.kind, [str(i.id) for i in ideas], [idea_metadata(i) for i in ideas]
            )
            if not lane.channel.chunked:
                continue
            for team_id, members in _by_team(ideas).items():
                by_id = {i.id: i for i in members}
                found, _, metas = lane.index.get_where(
                    lane.kind,
                    team_id,
                    {"idea_id": list(by_id), "window": {"$gt": 0}},
                    embeddings=False,
                )
                if found:
                    lane.index.update_metadata(
                        lane.kind,
                        found,
                        [idea_metadata(by_id[int(m["idea_id"])]) for m in metas],
                    )

    def remove(self, team_id: str, idea_ids: Iterable[int]) -> None:
        wanted = list(idea_ids)
        if not wanted:
            return
        for lane in self._lanes:
            lane.index.delete(lane.kind, team_id, ids=[str(i) for i in wanted])
            if lane.channel.chunked:
                lane.index.delete(lane.kind, team_id, where={"idea_id": wanted})

    # -- reading -----------------------------------------------------------------

    def search(
        self,
        team_id: str,
        text: str,
        k: int = 5,
        statuses: Sequence[str] | None = None,
        challenge: str | None = None,
        exclude: Iterable[int] = (),
        min_score: float | None = None,
    ) -> list[ScoredId]:
        excluded = set(exclude)
        where: dict[str, object] = {"team_id": team_id}
        if statuses:
            where["status"] = list(statuses)
        else:
            # A merged idea lives on in the one it was merged into: not a separate hit.
            where["status"] = {"$ne": IdeaStatus.MERGED.value}
        if challenge:
            where["challenge"] = challenge
        queries = self._query_vectors(text)
        wanted = max(CANDIDATES_MIN, CANDIDATES_PER_RESULT * (k + len(excluded)))
        scores: dict[int, dict[str, float]] = {}
        for lane in self._lanes:
            if lane.channel.weight <= 0:
                continue
            n = wanted * (3 if lane.channel.chunked else 1)
            for hit in lane.index.query(lane.kind, queries[lane.channel.name], n, where):
                idea_id = _idea_id(hit.id)
                per = scores.setdefault(idea_id, {})
                per[lane.channel.name] = max(per.get(lane.channel.name, -1.0), hit.score)
        for idea_id in excluded:
            scores.pop(idea_id, None)
        self._fill_missing(team_id, scores, queries)
        combined = {i: self._combine(per) for i, per in scores.items()}
        crowd = sorted(combined.values(), reverse=True)[:BASELINE_K]
        crowd += [self.thresholds.baseline_prior] * (BASELINE_K - len(crowd))
        baseline = float(np.median(crowd))
        floor = self.thresholds.related if min_score is None else min_score
        results: list[ScoredId] = []
        for idea_id, score in sorted(combined.items(), key=lambda kv: (-kv[1], kv[0])):
            if score < floor:
                break
            kind = self.thresholds.kind(score, baseline) or SimilarityKind.RELATED
            results.append(ScoredId(idea_id, round(score, 4), kind))
            if len(results) >= k:
                break
        return results

    def _query_vectors(self, text: str) -> dict[str, Vectors]:
        """One vector per (model, query part), by the channel's name."""
        cache: dict[tuple[str, str], Vectors] = {}
        out: dict[str, Vectors] = {}
        for lane in self._lanes:
            part = query_part(lane.channel.query, text)
            key = (lane.channel.model, part)
            if key not in cache:
                cache[key] = lane.embedder.embed([part])[0]
            out[lane.channel.name] = cache[key]
        return out

    def _fill_missing(
        self, team_id: str, scores: dict[int, dict[str, float]], queries: Mapping[str, Vectors]
    ) -> None:
        """A candidate one channel did not return still has a score there: its exact
        cosine, from its stored vectors (best window for a chunked channel)."""
        for lane in self._lanes:
            if lane.channel.weight <= 0:
                continue
            name = lane.channel.name
            missing = [i for i, per in scores.items() if name not in per]
            if not missing:
                continue
            query = queries[lane.channel.name]
            found, vectors = lane.index.get_matrix(lane.kind, team_id, [str(i) for i in missing])
            if found:
                for vector_id, cosine in zip(found, _normalised(vectors) @ query, strict=True):
                    scores[_idea_id(vector_id)][name] = float(cosine)
            if lane.channel.chunked:
                ids, vectors, _ = lane.index.get_where(
                    lane.kind, team_id, {"idea_id": missing, "window": {"$gt": 0}}
                )
                if ids:
                    for vector_id, cosine in zip(ids, _normalised(vectors) @ query, strict=True):
                        per = scores[_idea_id(vector_id)]
                        per[name] = max(per.get(name, -1.0), float(cosine))

    def _combine(self, per: Mapping[str, float]) -> float:
        total = weight = 0.0
        for lane in self._lanes:
            value = per.get(lane.channel.name)
            if value is None or lane.channel.weight <= 0:
                continue
            total += lane.channel.weight * value
            weight += lane.channel.weight
        return total / weight if weight else 0.0


def _by_team(ideas: Sequence[Idea]) -> dict[str, list[Idea]]:
    groups: dict[str, list[Idea]] = {}
    for idea in ideas:
        groups.setdefault(idea.team_id, []).append(idea)
    return groups
