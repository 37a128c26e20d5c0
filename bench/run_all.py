"""`make bench`: every benchmark, each in its own process (so peak RSS is its own).

Prints a summary against the targets and writes bench/results/<name>.json. The 100k
corpus takes several minutes to build the first time; it is kept in bench/.work/.
    python -m bench.run_all [--quick]     # --quick: 10k only, no 100k
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.measure import save

HERE = Path(__file__).parent


def _run(module: str, *args: str) -> dict[str, Any]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", f"bench.{module}", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        print(done.stderr[-3000:], file=sys.stderr)
        raise SystemExit(f"bench.{module} failed")
    last = [line for line in done.stdout.splitlines() if line.startswith("{")]
    result: dict[str, Any] = json.loads(last[-1]) if last else {"output": done.stdout}
    result["wall_seconds"] = round(time.perf_counter() - started, 1)
    return result


def _cached(size: int) -> bool:
    return (HERE / ".work" / f"ideas-{size}" / "ideabot.db").exists()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    results: dict[str, Any] = {}

    subprocess.run([sys.executable, "-m", "bench.eval_similar"], check=True)
    results["similar_eval"] = json.loads((HERE / "results" / "similar_eval.json").read_text())

    results["ideas_10k"] = _run("ingest_search", "--size", "10000")
    if not args.quick:
        big = ["--size", "100000"] + (["--search-only"] if _cached(100000) else [])
        results["ideas_100k"] = _run("ingest_search", *big)
        # A fresh process that only searches: the serving footprint at 100k.
        results["ideas_100k_search_only"] = _run(
            "ingest_search", "--size", "100000", "--search-only"
        )
    results["chat"] = _run("chat_latency", "--size", "10000")
    if (HERE / "ack_latency.py").exists():
        results["slack_ack"] = _run("ack_latency")
    digest_sizes = (1000, 10000) if args.quick else (1000, 10000, 100000)
    results["digest"] = {str(n): _run("digest", "--size", str(n)) for n in digest_sizes}
    save("digest", results["digest"])

    ingest = results["ideas_10k"]["ingest"]
    rows = [
        ("ingest at 10k (ideas/s)", ingest["ingest_ideas_per_s"], ">= 200"),
        ("model only, same run (texts/s)", ingest["model_only_texts_per_s"], "reference"),
        (
            "search p50/p95 at 10k (ms)",
            _pair(results["ideas_10k"]["search"]["search_latency"]),
            "p95 <= 50",
        ),
    ]
    if "ideas_100k_search_only" in results:
        search = results["ideas_100k_search_only"]["search"]
        rows.append(("search p50/p95 at 100k (ms)", _pair(search["search_latency"]), "p95 <= 50"))
        rows.append(("peak RSS serving 100k (MiB)", search["search_peak_rss_mib"], "<= 1536"))
        if "ingest" in results["ideas_100k"]:
            rows.append(
                (
                    "peak RSS ingesting 100k (MiB)",
                    results["ideas_100k"]["ingest"]["ingest_peak_rss_mib"],
                    "<= 1536",
                )
            )
    chat = results["chat"]
    rows.append(("chat turn p50/p95 at 10k (ms)", _pair(chat["turns"]), "p95 <= 150"))
    rows.append(("chat cold start to first prompt (s)", chat["cold_start_best_s"], "<= 3"))
    for size, run in results["digest"].items():
        target = "<= 10" if size == "100000" else "reference"
        rows.append(
            (f"digest of {int(size) // 1000}k ideas / 30 days (s)", run["digest_seconds"], target)
        )
        rows.append(
            (f"peak RSS, digest of {int(size) // 1000}k (MiB)", run["peak_rss_mib"], "reference")
        )
    print(f"\n{'measure':42} {'value':>18}  target")
    for name, value, target in rows:
        print(f"{name:42} {value!s:>18}  {target}")
    path = save("summary", results)
    print(f"\nwritten: {path}")


def _pair(latency: dict[str, float]) -> str:
    return f"{latency['p50_ms']} / {latency['p95_ms']}"


if __name__ == "__main__":
    main()
