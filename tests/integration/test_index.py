from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from bot.config import Settings
from bot.container import Container
from bot.core.models import NewIdea
from retrieval.embeddings import LocalEmbedder
from retrieval.index import VectorIndex, collection_name, open_client
from tests.conftest import TEST_TEAM

IDEAS = [
    (
        "Solar panels on the roof",
        "Cover the warehouse roof with solar panels to cut the power bill.",
    ),
    ("Bike racks", "Secure bike parking near the north entrance for people who cycle in."),
    ("Fewer meetings", "No-meeting Wednesdays so engineers get a day of focus time."),
]


def _fill(container: Container) -> list[int]:
    return [
        container.ideas.create(NewIdea(team_id=TEST_TEAM, title=t, description=d)).id
        for t, d in IDEAS
    ]


def _fresh(settings: Settings, embedder: LocalEmbedder) -> Container:
    built = Container(settings)
    built.__dict__["embedder"] = embedder
    return built


def test_a_deleted_index_directory_is_rebuilt_from_sql(
    container: Container, settings: Settings, embedder: LocalEmbedder
) -> None:
    ids = _fill(container)
    container.close()
    shutil.rmtree(settings.chroma_dir)
    restarted = _fresh(settings, embedder)
    assert restarted.ensure_index() == len(ids)
    hits = restarted.ideas.similar(TEST_TEAM, "photovoltaic cells on top of the building")
    assert hits and hits[0].idea.id == ids[0]


def test_a_corrupt_index_directory_is_moved_aside_and_rebuilt(
    container: Container, settings: Settings, embedder: LocalEmbedder
) -> None:
    ids = _fill(container)
    container.close()
    for path in settings.chroma_dir.rglob("*"):
        if path.is_file():
            path.write_bytes(b"this is not a database" * 10)
    restarted = _fresh(settings, embedder)
    assert restarted.ensure_index() == len(ids)
    assert restarted.index_was_rebuilt
    assert list(settings.data_dir.glob("chroma.corrupt-*"))
    hits = restarted.ideas.similar(TEST_TEAM, "parking for bicycles")
    assert hits[0].idea.id == ids[1]


def test_rows_that_failed_to_index_are_indexed_later(
    container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise ConnectionError("index down")

    monkeypatch.setattr(container.search, "index_ideas", broken)
    idea = container.ideas.create(
        NewIdea(team_id=TEST_TEAM, title="Quiet room", description="A phone-free room")
    )
    assert container.ideas.get(TEST_TEAM, idea.id) is not None  # SQL kept it
    monkeypatch.undo()
    assert container.index_keeper.pending_count() == 1
    assert container.index_keeper.index_pending() == 1
    assert container.ideas.similar(TEST_TEAM, "a silent room without phones")[0].idea.id == idea.id


def test_collections_are_per_team_and_model_and_batched(tmp_path: Path) -> None:
    client, _ = open_client(None, tmp_path / "chroma")
    first, second = VectorIndex(client, "model-a"), VectorIndex(client, "model-b")
    first._batch = 7  # force several upsert calls
    vectors = np.random.default_rng(1).random((20, 8)).astype(np.float32)
    first.upsert("ideas", [str(i) for i in range(20)], vectors, [{"team_id": "T"}] * 20)
    assert first.count("ideas") == 20 and second.count("ideas") == 0
    assert collection_name("ideas", "model-a", "T") != collection_name("ideas", "model-b", "T")
    assert collection_name("ideas", "model-a", "T") != collection_name("ideas", "model-a", "T2")
    long_name = collection_name("memory", "openai:" + "m" * 80, "T" * 40)
    assert len(long_name) <= 63 and long_name != collection_name(
        "memory", "openai:" + "m" * 81, "T" * 40
    )
    meta = client.get_collection(collection_name("ideas", "model-a", "T")).configuration_json
    assert "cosine" in str(meta)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[str]:
    chroma = Path(sys.executable).parent / "chroma"
    if not chroma.exists():
        pytest.fail(f"the chroma CLI is not installed next to {sys.executable}")
    port = _free_port()
    process = subprocess.Popen(
        [
            str(chroma),
            "run",
            "--path",
            str(tmp_path / "server"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        pytest.fail("chroma run did not start within 30 s")
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


@pytest.mark.chroma_server
def test_against_a_real_chroma_server(
    chroma_server: str,
    env: dict[str, str],
    embedder: LocalEmbedder,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CHROMA_URL", chroma_server)
    remote = _fresh(Settings(), embedder)
    ids = _fill(remote)
    assert not (Path(env["IDEABOT_DATA_DIR"]) / "chroma").exists()
    hits = remote.ideas.similar(TEST_TEAM, "no meetings on one weekday")
    assert hits[0].idea.id == ids[2]
    remote.close()
