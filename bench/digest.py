"""Digest time and peak RSS for N ideas over 30 days (offline engine, SQLite, embedded
Chroma): the whole `DigestEngine.build` — SQL facts, vectors from the index, themes,
duplicate groups, labels.

    python -m bench.digest --size 100000     # builds bench/.work/digest-N once, then measures

The corpus is bench/corpus.py's short ideas, dated across the 30 days, with departments
and statuses, imported through the real path (SQL, then the Chroma index). To build
100k in minutes rather than an hour, the import's embedder gives each idea the real
model's vector of its base sentence plus a little noise (the corpus draws every idea
from ~450 hand-written bases): the digest reads vectors from the index and never
embeds, so what it measures is unchanged. The measurement runs in a fresh process, so
its peak RSS is the digest's own (plus the loaded libraries).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from bench import corpus
from bench.measure import peak_rss_mib

WORK = Path(__file__).parent / ".work"
TEAM = "T0BENCH"
END = datetime(2026, 11, 2, tzinfo=UTC)
DAYS = 30
STATUSES = ["new"] * 8 + ["under_review", "accepted", "declined", "in_progress"]


def _container(size: int):  # type: ignore[no-untyped-def]
    from bot.config import Settings
    from bot.container import Container

    data_dir = WORK / f"digest-{size}"
    os.environ["IDEABOT_DATA_DIR"] = str(data_dir)
    for key in ("DATABASE_URL", "CHROMA_URL", "OPENAI_API_KEY"):
        os.environ.pop(key, None)
    os.environ["LLM"] = "offline"
    os.environ["EMBEDDINGS"] = "local"
    return Container(Settings(IDEABOT_TEAM_ID=TEAM)), data_dir


class BaseVectors:
    """The real model's vector of an idea's base sentence, nudged per idea."""

    def __init__(self, real) -> None:  # type: ignore[no-untyped-def]
        self.real = real
        self.cache: dict[str, np.ndarray] = {}

    @property
    def model_id(self) -> str:
        return str(self.real.model_id)

    @property
    def dimension(self) -> int:
        return int(self.real.dimension)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        keys = [t.split(" For ")[0] for t in texts]
        missing = sorted({k for k in keys if k not in self.cache})
        if missing:
            for key, vector in zip(missing, self.real.embed(missing), strict=True):
                self.cache[key] = vector
        out = np.stack([self.cache[k] for k in keys]).astype(np.float32)
        for row, text in enumerate(texts):
            seed = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")
            out[row] += np.random.default_rng(seed).normal(0, 0.02, out.shape[1])
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def _rows(size: int) -> list[dict[str, object]]:
    rng = random.Random(size)
    rows = []
    for row in corpus.ideas(size):
        at = END - timedelta(seconds=rng.uniform(0, DAYS * 86400))
        row["created_at"] = at.isoformat()
        row["department"] = rng.choice(corpus.DEPARTMENTS)
        row["status"] = rng.choice(STATUSES)
        rows.append(row)
    return rows


def build(size: int) -> dict[str, object]:
    from bot.core.importing import read_file

    data_dir = WORK / f"digest-{size}"
    if data_dir.exists():  # a build cut short: start again
        import shutil

        shutil.rmtree(data_dir)
    container, data_dir = _container(size)
    container.__dict__["embedder"] = BaseVectors(container.embedder)
    source = WORK / f"digest-corpus-{size}.jsonl"
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_text("\n".join(json.dumps(r) for r in _rows(size)) + "\n", encoding="utf-8")
    started = time.perf_counter()
    report = container.ideas.import_lines(read_file(source, TEAM))
    elapsed = time.perf_counter() - started
    container.close()
    (data_dir / "built").write_text(str(report.created))
    return {"size": size, "imported": report.created, "build_seconds": round(elapsed, 1)}


def measure(size: int) -> dict[str, object]:
    from bot.core.digests import Period

    container, _ = _container(size)
    engine = container.digest_engine
    period = Period(END - timedelta(days=DAYS), END)
    started, cpu = time.perf_counter(), time.process_time()
    digest = engine.build(TEAM, period).to_dict()
    first, first_cpu = time.perf_counter() - started, time.process_time() - cpu
    started, cpu = time.perf_counter(), time.process_time()
    again = engine.build(TEAM, period).to_dict()
    second, second_cpu = time.perf_counter() - started, time.process_time() - cpu
    container.close()
    return {
        "size": size,
        "days": DAYS,
        "new_ideas": digest["new_ideas"],
        "themes": len(digest["themes"]),
        "duplicate_groups": len(digest["duplicates"]),
        # The first build opens SQLite and Chroma; the second is a warm process.
        "digest_seconds": round(first, 2),
        "digest_seconds_warm": round(second, 2),
        # CPU time of the process (all threads): what the wall time would be on an idle
        # machine for this mostly single-threaded work; the machine is shared.
        "digest_cpu_seconds": round(first_cpu, 2),
        "digest_cpu_seconds_warm": round(second_cpu, 2),
        "same_numbers_twice": digest == again,
        "peak_rss_mib": peak_rss_mib(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--build-only", action="store_true")
    args = parser.parse_args()
    if args.build_only:
        print(json.dumps(build(args.size)))
        return
    built = None
    if not (WORK / f"digest-{args.size}" / "built").exists():
        done = subprocess.run(
            [sys.executable, "-m", "bench.digest", "--size", str(args.size), "--build-only"],
            capture_output=True,
            text=True,
            check=True,
        )
        built = json.loads(done.stdout.splitlines()[-1])
    result = measure(args.size)
    if built is not None:
        result["build"] = built
    print(json.dumps(result))


if __name__ == "__main__":
    main()
