"""Vectors of short strings (exemplars, labelled sentences, tags, messages), embedded
once per process and model.

Every engine built in a process with the same embedding model shares one cache: the
exemplar and labelled-sentence vectors an engine needs before its first answer cost
~1 s of CPU to compute, and a process builds an engine per container (each CLI
command, each test), so computing them once per model is what keeps start-up short.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

Embed = Callable[[Sequence[str]], npt.NDArray[np.float32]]
CACHE_SIZE = 8192  # 384-dim float32: ~12 MiB at most

_shared: dict[str, VectorCache] = {}
_shared_lock = threading.Lock()


class VectorCache:
    """A thread-safe least-recently-used cache in front of one embedding function."""

    def __init__(self, embed: Embed, size: int = CACHE_SIZE) -> None:
        self._embed = embed
        self._size = size
        self._vectors: OrderedDict[str, npt.NDArray[np.float32]] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if missing:
            fresh = np.asarray(self._embed(missing), dtype=np.float32)
            with self._lock:
                for text, vector in zip(missing, fresh, strict=True):
                    self._vectors[text] = vector
                while len(self._vectors) > self._size:
                    self._vectors.popitem(last=False)
        with self._lock:
            rows = [self._vectors.get(t) for t in texts]
            for text in texts:
                if text in self._vectors:
                    self._vectors.move_to_end(text)
        if any(r is None for r in rows):  # evicted meanwhile by another thread: recompute
            return np.asarray(self._embed(list(texts)), dtype=np.float32)
        if not rows:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([r for r in rows if r is not None])


def model_key(embed: Embed) -> str | None:
    """The model id behind a bound `embed` method (`LocalEmbedder().embed`), or None
    for a plain function, whose vectors are not known to be the same as another's."""
    owner = getattr(embed, "__self__", None)
    model_id = getattr(owner, "model_id", None)
    return model_id if isinstance(model_id, str) else None


def cache_for(embed: Embed) -> VectorCache:
    """The process-wide cache of `embed`'s model, or a private one for an unnamed model."""
    key = model_key(embed)
    if key is None:
        return VectorCache(embed)
    with _shared_lock:
        cache = _shared.get(key)
        if cache is None:
            cache = _shared[key] = VectorCache(embed)
        return cache
