"""Vector search ports: the embedder, the vector index and similar-idea search."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from bot.core.models import Idea, SimilarityKind

Vectors = npt.NDArray[np.float32]
Metadata = Mapping[str, str | int | float | bool]


class EmbeddingError(RuntimeError):
    """The embedding model cannot be used (missing, corrupt, or the API failed)."""


class Embedder(Protocol):
    @property
    def model_id(self) -> str: ...

    @property
    def dimension(self) -> int: ...

    def embed(self, texts: Sequence[str]) -> Vectors: ...


@dataclass(frozen=True)
class Hit:
    id: str
    score: float  # cosine similarity, 1.0 = same direction
    metadata: Mapping[str, Any]


class VectorIndex(Protocol):
    """Vectors by kind ("ideas", "memory"), partitioned by workspace."""

    def upsert(
        self, kind: str, ids: Sequence[str], vectors: Vectors, metadatas: Sequence[Metadata]
    ) -> None: ...

    def query(self, kind: str, vector: Vectors, k: int, where: Mapping[str, Any]) -> list[Hit]: ...

    def delete(
        self,
        kind: str,
        team_id: str,
        ids: Sequence[str] | None = None,
        where: Mapping[str, Any] | None = None,
    ) -> None: ...


@dataclass(frozen=True)
class ScoredId:
    idea_id: int
    score: float
    kind: SimilarityKind


class IdeaIndex(Protocol):
    """Similar-idea search over the ideas' vectors (derived from SQL, rebuildable)."""

    @property
    def embedder(self) -> Embedder: ...

    @property
    def suggest_floor(self) -> float:
        """The score above which an idea is worth showing unprompted."""
        ...

    @property
    def signature(self) -> str:
        """What the index is built with (model ids and vector channels): the marker
        stored on each indexed row."""
        ...

    def index_ideas(self, ideas: Sequence[Idea]) -> None: ...

    def update_metadata(self, ideas: Sequence[Idea]) -> None: ...

    def remove(self, team_id: str, idea_ids: Iterable[int]) -> None: ...

    def search(
        self,
        team_id: str,
        text: str,
        k: int = 5,
        statuses: Sequence[str] | None = None,
        challenge: str | None = None,
        exclude: Iterable[int] = (),
        min_score: float | None = None,
    ) -> list[ScoredId]: ...

    def count(self) -> int: ...

    def ids(self) -> set[str]: ...

    def drop(self) -> None: ...
