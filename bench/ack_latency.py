"""How fast ideabot acknowledges Slack while its language model is slow.

    python -m bench.ack_latency [--rate 50] [--seconds 10] [--stall 5]

Starts `ideabot serve --http` in its own process (so the load generator does not
share its interpreter) against the fake Slack Web API, with LLM=openai pointed at a
stub that answers after `--stall` seconds, so every DM and every /idea keeps a worker
busy that long. Then:
1. paced load: events (DMs), slash commands (/idea text) and actions (button clicks)
   mixed at `--rate` requests/s; latency of each HTTP answer (the ack), p50/p99;
2. throughput: events sent as fast as 32 connections allow; events acked per second.
Slack gives up after 3 s; the target is p99 well under 300 ms for commands and actions.
Prints a table and writes bench/results/ack_latency.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

from tests.e2e.harness import SECRET, free_port
from tests.fakes.openai_stub import OpenAIStub
from tests.fakes.slack_api import TEAM_ID, FakeSlack
from tests.fakes.slack_requests import SlackRequest, SlackRequests, button

RESULTS = Path(__file__).parent / "results" / "ack_latency.json"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


class Server:
    """`ideabot serve --http` as a child process."""

    def __init__(self, url: str, slack: SlackRequests) -> None:
        self.url = url
        self.slack = slack


def _builders(bot: Server) -> dict[str, Callable[[int], SlackRequest]]:
    slack = bot.slack
    return {
        "event": lambda n: slack.dm(
            f"U0LOAD{n:05d}", f"we should recycle coffee pods on floor {n}"
        ),
        "command": lambda n: slack.slash_command(
            "/idea", f"a quiet room on floor {n} for focused work", user_id=f"U0CMD{n:05d}"
        ),
        "action": lambda n: slack.block_actions(
            button("ideabot:help", text="Help"), user_id=f"U0ACT{n:05d}", channel_id=f"D0ACT{n:05d}"
        ),
    }


def paced_load(bot: Server, rate: float, seconds: float) -> dict[str, list[float]]:
    builders = _builders(bot)
    kinds = list(builders)
    latencies: dict[str, list[float]] = {k: [] for k in kinds}
    errors: list[int] = []
    lock = threading.Lock()
    total = int(rate * seconds)
    # Requests are signed before the clock starts, so signing is not measured.
    requests = [(kinds[n % 3], builders[kinds[n % 3]](n)) for n in range(total)]
    with httpx.Client(timeout=10, limits=httpx.Limits(max_connections=200)) as client:

        def fire(kind: str, request: SlackRequest) -> None:
            body, headers = request
            started = time.perf_counter()
            response = client.post(f"{bot.url}/slack/events", content=body, headers=headers)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies[kind].append(elapsed)
                if response.status_code != 200:
                    errors.append(response.status_code)

        with ThreadPoolExecutor(max_workers=128) as pool:
            start = time.perf_counter()
            for index, (kind, request) in enumerate(requests):
                delay = start + index / rate - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
                pool.submit(fire, kind, request)
    if errors:
        print(f"non-200 answers: {len(errors)} ({sorted(set(errors))})")
    return latencies


def throughput(bot: Server, count: int) -> float:
    requests = [bot.slack.dm(f"U0BURST{n:05d}", "hello") for n in range(count)]
    with httpx.Client(timeout=30, limits=httpx.Limits(max_connections=64)) as client:

        def fire(request: SlackRequest) -> int:
            return client.post(
                f"{bot.url}/slack/events", content=request.body, headers=request.headers
            ).status_code

        with ThreadPoolExecutor(max_workers=32) as pool:
            started = time.perf_counter()
            codes = list(pool.map(fire, requests))
            elapsed = time.perf_counter() - started
    assert all(code == 200 for code in codes), set(codes)
    return count / elapsed


def _wait_until_up(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"ideabot serve exited with {process.returncode}")
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("ideabot serve did not start within 60 s")


def in_flight(stub: OpenAIStub) -> int:
    return len(stub.chat_requests)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=50.0)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--stall", type=float, default=5.0)
    parser.add_argument("--burst", type=int, default=500)
    parser.add_argument("--workers", type=int, default=24, help="IDEABOT_WORKERS")
    parser.add_argument("--database", default=None, help="DATABASE_URL (default: SQLite)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp, FakeSlack() as fake, OpenAIStub() as stub:
        stub.stall(args.stall)
        root = Path(tmp)
        port = free_port()
        env = {
            **os.environ,
            "IDEABOT_DATA_DIR": str(root / "data"),
            "DATABASE_URL": args.database or f"sqlite:///{root / 'ideabot.db'}",
            "IDEABOT_TEAM_ID": TEAM_ID,
            "EMBEDDINGS": "local",
            "LLM": "openai",
            "OPENAI_API_KEY": "bench",
            "OPENAI_BASE_URL": stub.base_url,
            "IDEABOT_LLM_TIMEOUT": str(args.stall + 5),
            "IDEABOT_WORKERS": str(args.workers),
            "SLACK_BOT_TOKEN": "xoxb-bench",
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": fake.base_url,
            "IDEABOT_IDEAS_CHANNEL": "C0IDEAS",
        }
        command = [sys.executable, "-m", "bot", "serve", "--http", "--host", "127.0.0.1"]
        process = subprocess.Popen([*command, "--port", str(port)], env=env, cwd=tmp)
        try:
            bot = Server(
                f"http://127.0.0.1:{port}",
                SlackRequests(SECRET, response_url_prefix=f"{fake.root_url}/response"),
            )
            _wait_until_up(bot.url, process)
            time.sleep(3)  # the embedding model loads on a worker at start
            latencies = paced_load(bot, args.rate, args.seconds)
            llm_calls = in_flight(stub)
            burst = throughput(bot, args.burst)
            workers = args.workers
        finally:
            process.terminate()
            process.wait(timeout=60)

    rows: dict[str, Any] = {}
    print(
        f"\nack latency at {args.rate:.0f} req/s for {args.seconds:.0f} s, LLM stalled "
        f"{args.stall:.0f} s, {workers} workers; {llm_calls} LLM calls started during load"
    )
    print(f"{'kind':<10}{'n':>6}{'p50 ms':>10}{'p99 ms':>10}{'max ms':>10}")
    for kind, values in latencies.items():
        row = {
            "n": len(values),
            "p50_ms": round(statistics.median(values), 1),
            "p99_ms": round(percentile(values, 99), 1),
            "max_ms": round(max(values), 1),
        }
        rows[kind] = row
        print(f"{kind:<10}{row['n']:>6}{row['p50_ms']:>10}{row['p99_ms']:>10}{row['max_ms']:>10}")
    print(f"events acked per second (burst of {args.burst}, 32 connections): {burst:.0f}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "rate_per_s": args.rate,
                "seconds": args.seconds,
                "llm_stall_s": args.stall,
                "workers": workers,
                "database": "postgresql" if args.database else "sqlite",
                "llm_calls_started": llm_calls,
                "ack_latency": rows,
                "events_acked_per_s": round(burst, 1),
            },
            indent=2,
        )
        + "\n"
    )
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
