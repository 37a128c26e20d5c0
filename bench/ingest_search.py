"""Ingest throughput, similar-search latency and peak memory at a given corpus size.

    python -m bench.ingest_search --size 10000          # ingest (cached) + search
    python -m bench.ingest_search --size 100000 --search-only

Ingest is the real path (`ideabot import`: parse → SQL → embeddings → Chroma). Search
latency includes embedding the query, the Chroma query and reading the ideas from SQL.
Each size keeps its data directory under bench/.work/ so the search run can reuse it.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from bench import corpus
from bench.measure import peak_rss_mib, save, summary_ms

WORK = Path(__file__).parent / ".work"


def _container(size: int, style: str = "short"):  # type: ignore[no-untyped-def]
    from bot.config import Settings
    from bot.container import Container

    data_dir = WORK / (f"ideas-{size}" if style == "short" else f"ideas-{size}-{style}")
    os.environ["IDEABOT_DATA_DIR"] = str(data_dir)
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("CHROMA_URL", None)
    return Container(Settings(IDEABOT_TEAM_ID="T0BENCH")), data_dir


def ingest(size: int, style: str) -> dict[str, object]:
    from bot.core.importing import read_file

    container, data_dir = _container(size, style)
    source = corpus.write(WORK / f"corpus-{size}-{style}.jsonl", size, style=style)
    # The reference: the model alone on exactly what ingest embeds (title + text).
    rows = [json.loads(line) for line in source.read_text().splitlines()[:1000]]
    texts = [f"{r['title']}\n{r['description']}" for r in rows]
    container.embedder.embed(texts[:50])  # load the model before timing
    rates = []
    for _ in range(3):
        started = time.perf_counter()
        container.embedder.embed(texts)
        rates.append(len(texts) / (time.perf_counter() - started))
    model_rate = max(rates)

    if data_dir.exists():
        import shutil

        container.close()
        shutil.rmtree(data_dir)
        container, _ = _container(size, style)
    started = time.perf_counter()
    cpu_started = time.process_time()
    report = container.ideas.import_lines(read_file(source, "T0BENCH"))
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    container.close()
    return {
        "size": size,
        "style": style,
        "ingested": report.created,
        "indexed": report.indexed,
        "ingest_seconds": round(elapsed, 1),
        "ingest_ideas_per_s": round(report.created / elapsed, 1),
        # CPU seconds of this process (wall time on a shared machine is noisy).
        "ingest_cpu_ms_per_idea": round(1000 * cpu / max(1, report.created), 2),
        "model_only_texts_per_s": round(model_rate, 1),
        "ingest_peak_rss_mib": peak_rss_mib(),
    }


def search(size: int, style: str, queries: int = 300, warmup: int = 30) -> dict[str, object]:
    container, _ = _container(size, style)
    texts = corpus.queries(queries + warmup)
    started = time.perf_counter()
    container.ideas.similar("T0BENCH", texts[0], k=5)  # opens SQL, Chroma, the model
    first_s = time.perf_counter() - started
    for text in texts[1:warmup]:
        container.ideas.similar("T0BENCH", text, k=5)
    timings = []
    cpu_timings = []
    for text in texts[warmup:]:
        started = time.perf_counter()
        cpu_started = time.process_time()
        hits = container.ideas.similar("T0BENCH", text, k=5)
        timings.append(time.perf_counter() - started)
        cpu_timings.append(time.process_time() - cpu_started)
        assert hits, "a search over the benchmark corpus found nothing"
    with container.store.unit_of_work() as uow:
        count = uow.ideas.count("T0BENCH")
    container.close()
    return {
        "size": count,
        "first_search_s": round(first_s, 2),
        "search_latency": summary_ms(timings),
        "search_cpu": summary_ms(cpu_timings),
        "search_peak_rss_mib": peak_rss_mib(),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--search-only", action="store_true")
    parser.add_argument("--style", choices=["short", "long"], default="short")
    args = parser.parse_args()
    result: dict[str, object] = {}
    if not args.search_only:
        result["ingest"] = ingest(args.size, args.style)
    result["search"] = search(args.size, args.style)
    name = f"ideas_{args.size}" + ("" if args.style == "short" else f"_{args.style}")
    if not args.search_only:
        save(name, result)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
