"""The digest reads a period's vectors as one matrix (VectorIndex.get_matrix, in
batches): the stored vectors as float32, with the ids found in row order and absent
ids skipped, for the embedded client and a Chroma server alike."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from retrieval.index import VectorIndex, collection_name, open_client
from tests.integration.test_index import chroma_server  # noqa: F401  (fixture)


def _check(client: object) -> None:
    index = VectorIndex(client, "model-a")
    index._batch = 7  # several reads
    vectors = np.random.default_rng(3).standard_normal((30, 16)).astype(np.float32)
    index.upsert("ideas", [str(i) for i in range(30)], vectors, [{"team_id": "T"}] * 30)
    wanted = ["29", "absent", "3", "4", "17", "also-absent", "0", *[str(i) for i in range(5, 12)]]

    found, matrix = index.get_matrix("ideas", "T", wanted)

    assert sorted(found) == sorted(w for w in wanted if not w.startswith("a"))
    assert matrix.dtype == np.float32 and matrix.shape == (len(found), 16)
    for row, key in enumerate(found):
        assert np.allclose(matrix[row], vectors[int(key)], atol=1e-6)
    public = client.get_collection(collection_name("ideas", "model-a", "T"))  # type: ignore[attr-defined]
    expected = public.get(ids=wanted, include=["embeddings"])
    by_id = dict(zip(expected["ids"], expected["embeddings"], strict=True))
    assert all(np.allclose(matrix[r], by_id[k]) for r, k in enumerate(found))
    assert index.get_matrix("ideas", "T", ["absent"])[0] == []


def test_matrix_from_the_embedded_index(tmp_path: Path) -> None:
    client, _ = open_client(None, tmp_path / "chroma")
    _check(client)


@pytest.mark.chroma_server
def test_matrix_from_a_chroma_server(chroma_server: str) -> None:  # noqa: F811
    client, _ = open_client(chroma_server, Path("unused"))
    _check(client)
