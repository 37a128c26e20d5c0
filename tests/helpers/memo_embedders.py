"""Embedders that remember the vector of every text they have embedded in this test
session.

Many tests load the same demo ideas and say the same sentences; the models are
deterministic for a given text, so each text is embedded once per session instead
of once per test (the suite spent most of its time re-embedding the demo set).
Misses are embedded together in one call, as the real embedder batches them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from functools import cache

import numpy as np

from retrieval.embeddings import LocalEmbedder, Vectors
from retrieval.embeddings_multilingual import UseMultilingualEmbedder


class _Memo:
    def __init__(self) -> None:
        self.vectors: dict[str, np.ndarray] = {}
        self.lock = threading.Lock()

    def embed(
        self, texts: Sequence[str], compute: Callable[[list[str]], Vectors], dimension: int
    ) -> Vectors:
        if not texts:
            return np.zeros((0, dimension), dtype=np.float32)
        with self.lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self.vectors]
        if missing:
            fresh = compute(missing)
            with self.lock:
                self.vectors.update(zip(missing, fresh, strict=True))
        with self.lock:
            return np.stack([self.vectors[t] for t in texts]).astype(np.float32)


class MemoLocalEmbedder(LocalEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self._memo = _Memo()

    def embed(self, texts: Sequence[str]) -> Vectors:
        return self._memo.embed(texts, super().embed, self.dimension)


class MemoMultilingualEmbedder(UseMultilingualEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self._memo = _Memo()

    def embed(self, texts: Sequence[str]) -> Vectors:
        return self._memo.embed(texts, super().embed, self.dimension)


@cache
def shared_multilingual() -> MemoMultilingualEmbedder:
    """One multilingual model per test session (loaded on first use)."""
    return MemoMultilingualEmbedder()
