"""How well conversations are turned into ideas: the labelled corpus in
bench/data/conversations/ run through the real conversation core (offline engine).

    python -m bench.eval_conversations                 # dev set, table
    python -m bench.eval_conversations --set both --json
    python -m bench.eval_conversations --set dev --failures   # why each dev miss failed
    python -m bench.eval_conversations --set dev2 --set heldout2  # several sets
    python -m bench.eval_conversations --set all       # dev, dev2, heldout, heldout2
    python -m bench.eval_conversations --set fr --failures    # French (locale fr), both sets

Each conversation runs in its own copy of one data directory (SQLite + Chroma) into
which the demo ideas were imported once with `ideabot import --demo`, so similar-idea
suggestions appear as for a real user and no conversation sees another's ideas.
The core is driven only through its stable entry points (Container,
conversation.start/handle with Incoming, ideas.list_ideas, memory.items,
background.drain), the same calls the terminal chat makes, so the scorer survives
refactors inside bot/core.

Reported per style and overall: the share stored exactly right (right number of
ideas, every field check, memory and reply check passes, no junk), the share with a
junk field (a field holding a junk string, or filled where the person gave nothing),
and the share with the right number of ideas. Results go to
bench/results/conversation_eval.json. Held-out conversations are reported by style
only: their individual failures are not printed or saved, so nobody tunes to them.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from bench.conversation_checks import (
    FR_SETS,
    FR_STYLES,
    HELDOUT_SETS,
    SET_LOCALES,
    SETS,
    Conversation,
    Outcome,
    Verdict,
    judge,
    load,
)
from bench.measure import save

TEAM = "T0EVAL"


def build_template(directory: Path) -> None:
    """The demo ideas, imported the way a person setting up would (`ideabot import --demo`)."""
    env = {**os.environ, "IDEABOT_DATA_DIR": str(directory), "IDEABOT_TEAM_ID": TEAM}
    env["LLM"] = "offline"
    subprocess.run(
        [sys.executable, "-m", "bot", "import", "--demo"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def open_container(data_dir: Path, warm: Any | None = None) -> Any:
    """A container on its own data directory. `warm` is an earlier container whose
    embedding model and offline engine are reused: one process serving many people keeps
    them for its lifetime too, and rebuilding them per conversation (model load, cue
    vectors) costs ~4 s. If a refactor renames these parts, this only gets slower."""
    from bot.config import Settings
    from bot.container import Container

    container = Container(Settings(IDEABOT_DATA_DIR=data_dir, IDEABOT_TEAM_ID=TEAM, LLM="offline"))
    if warm is not None:
        for part in ("embedder", "offline_engine"):
            if part in warm.__dict__:
                container.__dict__[part] = warm.__dict__[part]
    return container


def run_one(
    conversation: Conversation, template: Path, scratch: Path, warm: Any | None = None
) -> tuple[Outcome, Any]:
    """Runs one conversation; returns what it left and the container's warm parts."""
    from bot.core.conversation import Incoming
    from bot.core.models import Actor
    from bot.serialize import idea_to_dict

    data_dir = scratch / conversation.name
    shutil.copytree(template, data_dir)
    container = open_container(data_dir, warm)
    actor = Actor(TEAM, "UEVAL", "Robin", locale=SET_LOCALES.get(conversation.set_name, "en"))
    try:
        conversation_service = container.conversation
        replies: list[Any] = []
        # The setup is an earlier session (e.g. the idea a status question is about).
        for session in (conversation.setup, conversation.lines):
            if not session:
                continue
            conversation_service.start(actor)
            for line in session:
                replies = conversation_service.handle(Incoming(actor, text=line))
            container.background.drain()  # memory writes happen after the reply
        ideas = container.ideas.list_ideas(TEAM, author_key=actor.user_id)
        outcome = Outcome(
            ideas=[json.loads(json.dumps(idea_to_dict(i))) for i in sorted(ideas, key=_id)],
            memory=[m.content for m in container.memory.items(actor)],
            last_reply_text=render(replies),
            last_reply_kinds=[str(getattr(r, "kind", "message")) for r in replies],
        )
        return outcome, container
    finally:
        container.close()
        shutil.rmtree(data_dir, ignore_errors=True)


def _id(idea: Any) -> int:
    return int(idea.id)


def render(replies: Iterable[Any]) -> str:
    """The replies as a person reads them: text, idea cards (title and status), choices."""
    parts: list[str] = []
    for reply in replies:
        parts.append(str(reply.text or ""))
        for card in getattr(reply, "cards", ()):
            parts += [str(card.title), str(card.status or ""), str(card.status_reason or "")]
        parts += [str(choice.label) for choice in getattr(reply, "choices", ())]
    return "\n".join(p for p in parts if p)


def share(verdicts: list[Verdict], attribute: str) -> float:
    if not verdicts:
        return 0.0
    return round(sum(getattr(v, attribute) for v in verdicts) / len(verdicts), 3)


def summarise(verdicts: list[Verdict]) -> dict[str, Any]:
    def row(group: list[Verdict]) -> dict[str, Any]:
        return {
            "n": len(group),
            "exact": share(group, "exact"),
            "junk": share(group, "junk"),
            "count_ok": share(group, "count_ok"),
        }

    by_style = {s: row([v for v in verdicts if v.style == s]) for s in FR_STYLES}
    return {"overall": row(verdicts), "by_style": {s: r for s, r in by_style.items() if r["n"]}}


def table(title: str, summary: dict[str, Any]) -> str:
    lines = [
        f"{title}",
        f"{'style':<16} {'n':>3} {'exact':>7} {'junk':>7} {'count':>7}",
    ]
    rows = [*summary["by_style"].items(), ("overall", summary["overall"])]
    for style, r in rows:
        lines.append(
            f"{style:<16} {r['n']:>3} {r['exact']:>7.0%} {r['junk']:>7.0%} {r['count_ok']:>7.0%}"
        )
    return "\n".join(lines)


def evaluate(
    set_names: list[str], only: set[str] | None = None
) -> tuple[dict[str, list[Verdict]], float]:
    started = time.perf_counter()
    verdicts: dict[str, list[Verdict]] = {}
    with tempfile.TemporaryDirectory(prefix="ideabot-conv-eval-") as tmp:
        template = Path(tmp) / "template"
        build_template(template)
        warm: Any | None = None
        for set_name in set_names:
            verdicts[set_name] = []
            for conversation in load(set_name):
                if only is not None and conversation.name not in only:
                    continue
                outcome, warm = run_one(conversation, template, Path(tmp), warm)
                verdicts[set_name].append(judge(conversation, outcome))
    return verdicts, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--set",
        action="append",
        choices=[*SETS, *FR_SETS, "both", "all", "fr"],
        help="dev (default), dev2, heldout, heldout2, fr_dev, fr_heldout; both = dev and "
        "heldout; all = every English set; fr = both French sets (run with locale fr)",
    )
    parser.add_argument("--json", action="store_true", help="print the JSON document")
    parser.add_argument(
        "--failures",
        action="store_true",
        help="print why each conversation of a non-held-out set failed",
    )
    parser.add_argument(
        "--only", help="comma-separated conversation names (dev sets; for debugging one case)"
    )
    args = parser.parse_args()
    set_names: list[str] = []
    for chosen in args.set or ["dev"]:
        expanded = {"both": ["dev", "heldout"], "all": list(SETS), "fr": list(FR_SETS)}.get(
            chosen, [chosen]
        )
        set_names += [s for s in expanded if s not in set_names]
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

    only = set(args.only.split(",")) if args.only else None
    if only is not None and HELDOUT_SETS & set(set_names):
        parser.error("--only is for the dev sets: held-out conversations are scored in aggregate")
    verdicts, seconds = evaluate(set_names, only)
    document: dict[str, Any] = {"seconds": round(seconds, 1), "sets": {}}
    for set_name, group in verdicts.items():
        entry: dict[str, Any] = summarise(group)
        if set_name not in HELDOUT_SETS:
            entry["conversations"] = [
                {
                    "name": v.name,
                    "style": v.style,
                    "exact": v.exact,
                    "junk": v.junk,
                    "count_ok": v.count_ok,
                    "failures": v.failures,
                }
                for v in group
            ]
        document["sets"][set_name] = entry
    if len(verdicts) > 1:
        document["all"] = summarise([v for group in verdicts.values() for v in group])
    # French runs keep their own file so an English run does not overwrite them.
    result_name = "conversation_eval_fr" if set(verdicts) <= set(FR_SETS) else "conversation_eval"
    if only is None:  # a partial run must not replace the reported results
        save(result_name, document)

    if args.json:
        print(json.dumps(document, indent=2, ensure_ascii=False))
        return
    for set_name, entry in document["sets"].items():
        print(table(f"\n{set_name} ({entry['overall']['n']} conversations)", entry))
    if "all" in document:
        print(table("\nboth sets", document["all"]))
    for set_name in [s for s in verdicts if args.failures and s not in HELDOUT_SETS]:
        print(f"\n{set_name} failures:")
        for v in verdicts[set_name]:
            if not v.exact:
                print(f"- {v.name} [{v.style}]")
                for failure in v.failures:
                    print(f"    {failure}")
    print(f"\n{seconds:.0f} s; written to bench/results/{result_name}.json")


if __name__ == "__main__":
    main()
