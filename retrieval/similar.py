"""Similar-idea search: embed the query, ask the index, label each hit.

Method and thresholds come from `bench/eval_similar.py` on the labelled set in
`bench/data/` (numbers in bench/README.md); they are stored per embedding model in
`retrieval/data/calibration.json` so that a new model gets new thresholds.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.core.models import Idea, IdeaStatus, SimilarityKind
from bot.core.ports.search import Embedder, Metadata, ScoredId
from retrieval.index import VectorIndex

CALIBRATION_PATH = Path(__file__).parent / "data" / "calibration.json"
IDEAS = "ideas"
# Without calibration for a model, conservative cosine thresholds.
FALLBACK_THRESHOLDS = (0.80, 0.55)


@dataclass(frozen=True)
class Thresholds:
    duplicate: float
    related: float

    @property
    def suggest(self) -> float:
        """The floor for ideas shown unprompted in a conversation: above the recall-
        oriented `related` threshold, so a person is not shown near-misses."""
        return self.related + (self.duplicate - self.related) * 0.4

    def kind(self, score: float) -> SimilarityKind | None:
        if score >= self.duplicate:
            return SimilarityKind.DUPLICATE
        if score >= self.related:
            return SimilarityKind.RELATED
        return None


def load_thresholds(
    model_id: str, duplicate: float | None = None, related: float | None = None
) -> Thresholds:
    stored: dict[str, float] = {}
    if CALIBRATION_PATH.is_file():
        data = json.loads(CALIBRATION_PATH.read_text(encoding="utf-8"))
        stored = data.get("models", {}).get(model_id, {})
    return Thresholds(
        duplicate=duplicate
        if duplicate is not None
        else stored.get("duplicate", FALLBACK_THRESHOLDS[0]),
        related=related if related is not None else stored.get("related", FALLBACK_THRESHOLDS[1]),
    )


def idea_text(idea: Idea) -> str:
    return "\n".join(part for part in (idea.title, idea.description) if part)


def idea_metadata(idea: Idea) -> Metadata:
    return {"team_id": idea.team_id, "status": idea.status.value, "challenge": idea.challenge or ""}


class IdeaSearch:
    def __init__(self, embedder: Embedder, index: VectorIndex, thresholds: Thresholds) -> None:
        self.embedder = embedder
        self.index = index
        self.thresholds = thresholds

    @property
    def suggest_floor(self) -> float:
        return self.thresholds.suggest

    def count(self) -> int:
        return self.index.count(IDEAS)

    def ids(self) -> set[str]:
        return self.index.ids(IDEAS)

    def drop(self) -> None:
        self.index.drop(IDEAS)

    def index_ideas(self, ideas: Sequence[Idea]) -> None:
        if not ideas:
            return
        vectors = self.embedder.embed([idea_text(i) for i in ideas])
        self.index.upsert(
            IDEAS, [str(i.id) for i in ideas], vectors, [idea_metadata(i) for i in ideas]
        )

    def update_metadata(self, ideas: Sequence[Idea]) -> None:
        self.index.update_metadata(
            IDEAS, [str(i.id) for i in ideas], [idea_metadata(i) for i in ideas]
        )

    def remove(self, team_id: str, idea_ids: Iterable[int]) -> None:
        self.index.delete(IDEAS, team_id, ids=[str(i) for i in idea_ids])

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
        vector = self.embedder.embed([text])[0]
        where: dict[str, object] = {"team_id": team_id}
        if statuses:
            where["status"] = list(statuses)
        else:
            # A merged idea lives on in the one it was merged into: not a separate hit.
            where["status"] = {"$ne": IdeaStatus.MERGED.value}
        if challenge:
            where["challenge"] = challenge
        hits = self.index.query(IDEAS, vector, k + len(excluded), where)
        floor = self.thresholds.related if min_score is None else min_score
        results: list[ScoredId] = []
        for hit in hits:
            idea_id = int(hit.id)
            if idea_id in excluded or hit.score < floor:
                continue
            kind = self.thresholds.kind(hit.score) or SimilarityKind.RELATED
            results.append(ScoredId(idea_id, round(hit.score, 4), kind))
            if len(results) >= k:
                break
        return results
