"""Reply latency per chat turn (offline engine) at 10k ideas, and cold start of
`ideabot chat` to its first prompt.

    python -m bench.chat_latency --size 10000   # needs bench/.work/ideas-10000 (ingest_search)

Turn latency is measured in-process through the conversation core (what the shell and
Slack call), after a warm-up conversation; memory writes happen off the reply path and
are not counted, as in the product.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from bench.measure import save, summary_ms

WORK = Path(__file__).parent / ".work"
SCRIPTS = [
    [
        "we should put bike racks by the north entrance",
        "people who cycle have nowhere to lock their bikes",
        "about 40 cyclists would use them",
        "submit",
    ],
    [
        "The printer on floor 3 jams every day. We should replace it with a network printer.",
        "it would save support an hour a week",
        "my ideas",
    ],
    [
        "what do you remember about me?",
        "I work in the Finance team",
        "is there an idea about parking?",
    ],
    ["idea: a quiet room with no phones", "open plan is too noisy", "cancel"],
    ["how about weekly office hours with the CTO", "help", "never mind"],
]


def turn_latency(size: int, rounds: int) -> dict[str, object]:
    from bot.config import Settings
    from bot.container import Container
    from bot.core.conversation import Incoming
    from bot.core.models import Actor

    os.environ["IDEABOT_DATA_DIR"] = str(WORK / f"ideas-{size}")
    container = Container(Settings(IDEABOT_TEAM_ID="T0BENCH"))
    container.ensure_index()
    timings: list[float] = []
    for round_number in range(rounds + 1):
        for number, script in enumerate(SCRIPTS):
            actor = Actor("T0BENCH", f"UBENCH{round_number}-{number}", "Bench")
            container.conversation.start(actor)
            for line in script:
                started = time.perf_counter()
                container.conversation.handle(Incoming(actor, text=line))
                if round_number:  # round 0 warms up the model, caches and SQL
                    timings.append(time.perf_counter() - started)
        container.background.drain()
    container.close()
    return {"size": size, "turns": summary_ms(timings)}


def cold_start(size: int, runs: int = 3) -> dict[str, object]:
    env = {
        **os.environ,
        "IDEABOT_DATA_DIR": str(WORK / f"ideas-{size}"),
        "IDEABOT_TEAM_ID": "T0BENCH",
    }
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "chat", "--user", "UCOLD"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        assert process.stdout is not None
        process.stdout.readline()  # the greeting: the first prompt is on screen
        times.append(time.perf_counter() - started)
        process.communicate(b"", timeout=60)
    return {"cold_start_s": [round(t, 2) for t in times], "cold_start_best_s": round(min(times), 2)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=6)
    args = parser.parse_args()
    result = {**turn_latency(args.size, args.rounds), **cold_start(args.size)}
    save("chat_latency", result)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
