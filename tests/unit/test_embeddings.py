from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from retrieval.embeddings import MAX_EMBED_CHARS, EmbeddingError, LocalEmbedder, default_model_path


def test_vectors_are_normalised_and_meaningful(embedder: LocalEmbedder) -> None:
    vectors = embedder.embed(
        [
            "Install solar panels on the warehouse roof",
            "Put photovoltaic cells on top of our depot building",
            "Free coffee in the kitchen on Fridays",
        ]
    )
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.3


def test_batching_and_order_do_not_change_vectors(embedder: LocalEmbedder) -> None:
    texts = [f"idea number {i} " + "word " * (i % 13) for i in range(70)]
    together = embedder.embed(texts)
    one_by_one = np.vstack([embedder.embed([t]) for t in texts[:5]])
    assert np.allclose(together[:5], one_by_one, atol=1e-5)


def test_long_text_is_truncated_for_embedding_only(embedder: LocalEmbedder) -> None:
    head = "Replace paper timesheets with a mobile app. "
    long_text = head + "x" * (MAX_EMBED_CHARS * 3)
    vector = embedder.embed([long_text])
    assert vector.shape == (1, 384) and np.isfinite(vector).all()


def test_empty_batch() -> None:
    assert LocalEmbedder().embed([]).shape == (0, 384)


def test_a_corrupt_model_file_is_a_clear_error(tmp_path: Path) -> None:
    broken = tmp_path / "model.onnx"
    shutil.copy(default_model_path(), broken)
    with broken.open("r+b") as handle:
        handle.seek(1000)
        handle.write(b"\x00\x01\x02\x03")
    with pytest.raises(EmbeddingError, match="corrupt"):
        LocalEmbedder(model_path=broken).embed(["hello"])


def test_a_missing_model_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(EmbeddingError, match="missing"):
        LocalEmbedder(model_path=tmp_path / "nope.onnx").embed(["hello"])
