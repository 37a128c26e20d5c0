"""What the extra vectors cost: ingest CPU per idea and search latency at 100k ideas,
the single-vector layout (what shipped before) against the channel layout, measured
in the same process on the same machine (CPU time: wall time is noisy when shared).

    python -m bench.multivec_cost --size 100000

Ingest: `IdeaSearch.index_ideas` on real corpus ideas (embedding + Chroma writes),
short ideas and long ones. Search: `IdeaSearch.search` including the query
embedding, on collections of `size` ideas. Filling 100k ideas through the model
takes an hour on this shared machine, so the 100k collections hold vectors made from
embedded corpus texts plus noise (HNSW search cost depends on the number and
dimension of vectors, not their meaning); 5 % of the ideas get one extra window.
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from bench import corpus
from bench.measure import save, summary_ms
from bot.core.models import Idea, IdeaStatus
from retrieval.channels import DEFAULT_CHANNELS, Channel
from retrieval.embeddings import LocalEmbedder
from retrieval.index import VectorIndex, open_client, release_embedded_clients
from retrieval.similar import IDEAS, IdeaSearch, load_calibration

WORK = Path(__file__).parent / ".work"
TEAM = "T0COST"
LEGACY = (Channel("text", "text", 1.0),)


def _idea(i: int, title: str, description: str) -> Idea:
    now = datetime(2026, 1, 5, tzinfo=UTC)
    return Idea(
        id=i, team_id=TEAM, external_id=None, title=title, description=description,
        problem=None, proposal=None, benefits=None, tags=[], status=IdeaStatus.NEW,
        status_reason=None, votes=0, author_id=None, author_name=None, anonymous=True,
        challenge=None, created_at=now, updated_at=now,
    )  # fmt: skip


def _rows(style: str, count: int) -> list[dict[str, str]]:
    path = corpus.write(WORK / f"cost-{style}-{count}.jsonl", count, style=style)
    return [json.loads(line) for line in path.read_text().splitlines()[:count]]


def ingest_cost(embedder: LocalEmbedder, style: str, count: int) -> dict[str, float]:
    rows = _rows(style, count)
    ideas = [_idea(i + 1, r["title"], r["description"]) for i, r in enumerate(rows)]
    thresholds = load_calibration(embedder.model_id).thresholds
    out: dict[str, float] = {}
    for name, channels in (("single_vector", LEGACY), ("channels", DEFAULT_CHANNELS_USED)):
        directory = WORK / f"cost-ingest-{style}-{name}"
        shutil.rmtree(directory, ignore_errors=True)
        client, _ = open_client(None, directory)
        search = IdeaSearch(embedder, VectorIndex(client, embedder.model_id), thresholds, channels)
        started = time.process_time()
        for start in range(0, len(ideas), 256):
            search.index_ideas(ideas[start : start + 256])
        out[f"{name}_cpu_ms_per_idea"] = round(1000 * (time.process_time() - started) / count, 2)
        release_embedded_clients()
    out["ratio"] = round(out["channels_cpu_ms_per_idea"] / out["single_vector_cpu_ms_per_idea"], 2)
    return out


def _noisy(base: np.ndarray, count: int, rng: np.random.Generator) -> np.ndarray:
    picked = base[rng.integers(0, len(base), count)]
    vectors = picked + rng.normal(0, 0.04, picked.shape).astype(np.float32)
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def search_latency(embedder: LocalEmbedder, size: int, queries: int = 200) -> dict[str, object]:
    directory = WORK / f"cost-search-{size}"
    client, _ = open_client(None, directory)
    index = VectorIndex(client, embedder.model_id)
    rng = np.random.default_rng(0)
    if index.count(IDEAS) < size:
        rows = _rows("short", 3000)
        texts = embedder.embed([f"{r['title']}\n{r['description']}" for r in rows])
        titles = embedder.embed([r["title"] for r in rows])
        meta = {"team_id": TEAM, "status": "new", "challenge": ""}
        for start in range(0, size, 5000):
            ids = list(range(start + 1, min(size, start + 5000) + 1))
            metas = [{**meta, "idea_id": i, "window": 0} for i in ids]
            index.upsert(IDEAS, [str(i) for i in ids], _noisy(texts, len(ids), rng), metas)
            index.upsert(
                f"{IDEAS}.title", [str(i) for i in ids], _noisy(titles, len(ids), rng), metas
            )
            long = ids[::20]
            index.upsert(
                IDEAS, [f"{i}#1" for i in long], _noisy(texts, len(long), rng),
                [{**meta, "idea_id": i, "window": 1} for i in long],
            )  # fmt: skip
    thresholds = load_calibration(embedder.model_id).thresholds
    texts_q = corpus.queries(queries + 20)
    out: dict[str, object] = {"size": index.count(f"{IDEAS}.title")}
    for name, channels in (("single_vector", LEGACY), ("channels", DEFAULT_CHANNELS_USED)):
        search = IdeaSearch(embedder, index, thresholds, channels)
        for text in texts_q[:20]:
            search.search(TEAM, text, k=5)
        wall, cpu = [], []
        for text in texts_q[20:]:
            started, cpu_started = time.perf_counter(), time.process_time()
            hits = search.search(TEAM, text, k=5)
            wall.append(time.perf_counter() - started)
            cpu.append(time.process_time() - cpu_started)
            assert hits, "a search over the cost corpus found nothing"
        out[name] = {"wall": summary_ms(wall), "cpu": summary_ms(cpu)}
    release_embedded_clients()
    return out


DEFAULT_CHANNELS_USED: tuple[Channel, ...] = DEFAULT_CHANNELS


def main() -> None:
    global DEFAULT_CHANNELS_USED
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--ingest", type=int, default=1000)
    args = parser.parse_args()
    embedder = LocalEmbedder()
    embedder.embed(["warm up"])
    DEFAULT_CHANNELS_USED = load_calibration(embedder.model_id).channels
    WORK.mkdir(exist_ok=True)
    result = {
        "channels": [replace(c).__dict__ for c in DEFAULT_CHANNELS_USED],
        "ingest_short": ingest_cost(embedder, "short", args.ingest),
        "ingest_long": ingest_cost(embedder, "long", args.ingest // 2),
        "search": search_latency(embedder, args.size),
    }
    save(f"multivec_cost_{args.size}", result)
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
