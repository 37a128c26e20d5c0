"""The digest reads a period's vectors as one matrix (VectorIndex.get_matrix, in
batches): the stored vectors as float32, with the ids found in row order and absent
ids skipped, for the embedded client and a Chroma server alike."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from retrieval.index import VectorIndex, _embeddings_of, collection_name, open_client
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


class _CountingBindings:
    def __init__(self, real: object) -> None:
        self.real = real
        self.gets = 0

    def get(self, *args: object) -> object:
        self.gets += 1
        return self.real.get(*args)  # type: ignore[attr-defined]

    def __getattr__(self, name: str) -> object:
        return getattr(self.real, name)


def test_the_embedded_client_is_read_through_its_bindings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    client, _ = open_client(None, tmp_path / "chroma")
    server = client._server  # type: ignore[attr-defined]
    counting = _CountingBindings(server.bindings)
    monkeypatch.setattr(server, "bindings", counting)
    index = VectorIndex(client, "model-a")
    vectors = np.eye(4, dtype=np.float32)
    index.upsert("ideas", ["1", "2", "3", "4"], vectors, [{"team_id": "T"}] * 4)
    before = counting.gets
    found, matrix = index.get_matrix("ideas", "T", ["4", "2"])
    assert counting.gets == before + 1  # one batch, straight through the bindings
    assert sorted(found) == ["2", "4"]
    assert all(np.array_equal(matrix[r], vectors[int(k) - 1]) for r, k in enumerate(found))


class _OtherVersionBindings:
    """Bindings whose `get` answers in a shape this code was not written for."""

    def get(self, *args: object) -> object:
        raise TypeError("get() takes 7 positional arguments but 9 were given")


class _PublicOnlyCollection:
    id = "c"
    tenant = "t"
    database = "d"

    def __init__(self) -> None:
        self._client = type("Server", (), {"bindings": _OtherVersionBindings()})()

    def get(self, ids: list[str], include: list[str]) -> dict[str, object]:
        return {"ids": ids[::-1], "embeddings": [[float(i), 1.0] for i in ids[::-1]]}


def test_bindings_of_another_version_fall_back_to_the_public_get() -> None:
    found, matrix = _embeddings_of(_PublicOnlyCollection(), ["1", "2"])
    assert found == ["2", "1"]
    assert matrix is not None and matrix.dtype == np.float32
    assert matrix.tolist() == [[2.0, 1.0], [1.0, 1.0]]
