"""Split the third conversation pool (pool3.yaml) into dev3.yaml and heldout3.yaml.

A third of each style goes to heldout3 at random (seed 3), before anyone tuning the
engine reads the pool: the held-out file is written with a header saying so, and the
pool is deleted so only the two halves remain. Run once:

    python -m bench.split_pool3
"""

from __future__ import annotations

import random
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

CORPUS = Path(__file__).parent / "data" / "conversations"
SEED = 3
DEV_HEADER = """\
# Third conversation set, tuning half (issue 12). Written by a writer who never read the
# engine's rules, cue phrases, tests or the other conversation sets, then split at random
# by style (bench/split_pool3.py, seed 3): two thirds here, one third in heldout3.yaml.
# May be read while tuning. Format: see the header of dev.yaml.

"""
HELDOUT_HEADER = """\
# HELD-OUT third set (issue 12). DO NOT READ OR PRINT THIS FILE while working on the engine:
# split at random from the same pool as dev3.yaml (bench/split_pool3.py) before the pool was
# read, and scored only in aggregate by `python -m bench.eval_conversations --set heldout3`.

"""


def split(pool: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    by_style: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for conversation in pool:
        by_style[conversation["style"]].append(conversation)
    chooser = random.Random(SEED)
    dev: list[dict[str, Any]] = []
    heldout: list[dict[str, Any]] = []
    for style in sorted(by_style):
        members = by_style[style]
        held = set(chooser.sample(range(len(members)), len(members) // 3))
        for index, conversation in enumerate(members):
            (heldout if index in held else dev).append(conversation)
    return dev, heldout


def _write(path: Path, header: str, conversations: list[dict[str, Any]]) -> None:
    body = yaml.safe_dump(conversations, sort_keys=False, allow_unicode=True, width=100)
    body = body.replace("- name: ", "- name: p3-")  # names unique across all sets
    path.write_text(header + body, encoding="utf-8")


def main() -> None:
    pool_path = CORPUS / "pool3.yaml"
    pool = yaml.safe_load(pool_path.read_text(encoding="utf-8"))
    dev, heldout = split(pool)
    _write(CORPUS / "dev3.yaml", DEV_HEADER, dev)
    _write(CORPUS / "heldout3.yaml", HELDOUT_HEADER, heldout)
    pool_path.unlink()
    print(f"dev3: {len(dev)} conversations, heldout3: {len(heldout)}")


if __name__ == "__main__":
    main()
