"""The labelled conversation corpus (bench/data/conversations/) and how an outcome is
judged against its labels. No bot imports: the corpus and its checks stay independent
of the engine they measure.

The file format is documented at the top of bench/data/conversations/dev.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

CORPUS = Path(__file__).parent / "data" / "conversations"
SETS = ("dev", "heldout", "dev2", "heldout2", "dev3", "heldout3", "dev4")
# Sets whose individual conversations and failures are never printed or saved.
HELDOUT_SETS = frozenset({"heldout", "heldout2", "heldout3"})
# French sets (issue 14): run with the person's locale "fr"; they add the styles and
# checks below that the English sets predate.
FR_SETS = ("fr_dev", "fr_heldout")
HELDOUT_SETS = HELDOUT_SETS | {"fr_heldout"}
SET_LOCALES = {"fr_dev": "fr", "fr_heldout": "fr"}
STYLES = (
    "terse",
    "vague",
    "rambling",
    "typos",
    "change_of_mind",
    "non_answer",
    "correction",
    "introduction",
    "remember",
    "status",
    "programme",
    "fragment",
    "all_in_one",
    "emoji",
    "mixed_case",
    "filler",
)
FR_STYLES = (*STYLES, "anonymous", "cancel", "forget")
FIELDS = ("title", "problem", "proposal", "benefits")
REPLY_KINDS = ("message", "question", "similar", "preview", "submitted", "ideas", "memory", "error")
EXPECT_KEYS = {
    "ideas",
    *(f"{f}_keywords" for f in FIELDS),
    "title_not",
    "junk",
    "memory_has",
    "reply_has_any",
    "reply_has_all",
    "reply_kind_not",
    "anonymous",  # the newest idea was (not) submitted anonymously
    "memory_lacks",  # must be in no memory item (after "forget …")
}
TITLE_MAX_CHARS = 80

# A keyword is a string, or a list of alternatives of which one must match.
Keyword = str | list[str]


class CorpusError(ValueError):
    """A conversation in the corpus is malformed (the message names it)."""


@dataclass(frozen=True)
class Conversation:
    name: str
    style: str
    lines: tuple[str, ...]
    expect: dict[str, Any]
    setup: tuple[str, ...] = ()
    set_name: str = "dev"


@dataclass
class Outcome:
    """What the bot left behind for one person after a conversation."""

    ideas: list[dict[str, Any]]  # oldest first, as `ideabot ideas list --json` prints them
    memory: list[str]
    last_reply_text: str
    last_reply_kinds: list[str]


@dataclass
class Verdict:
    name: str
    style: str
    set_name: str
    count_ok: bool
    junk: bool
    exact: bool
    failures: list[str] = field(default_factory=list)


def load(set_name: str) -> list[Conversation]:
    path = CORPUS / f"{set_name}.yaml"
    raw = yaml.safe_load(path.read_text("utf-8"))
    if not isinstance(raw, list):
        raise CorpusError(f"{path}: expected a list of conversations")
    conversations = [_parse(entry, set_name, path) for entry in raw]
    names = [c.name for c in conversations]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise CorpusError(f"{path}: duplicate names {duplicates}")
    return conversations


def _parse(entry: Any, set_name: str, path: Path) -> Conversation:
    if not isinstance(entry, dict) or "name" not in entry:
        raise CorpusError(f"{path}: every entry needs a name: {entry!r}")
    name = str(entry["name"])
    style, lines, expect = entry.get("style"), entry.get("lines"), entry.get("expect")
    styles = FR_STYLES if set_name in FR_SETS else STYLES
    if style not in styles:
        raise CorpusError(f"{path}: {name}: style {style!r} is not one of {styles}")
    if not lines or not all(isinstance(line, str | int) for line in lines):
        raise CorpusError(f"{path}: {name}: lines must be a non-empty list of strings")
    if not isinstance(expect, dict) or not isinstance(expect.get("ideas"), int):
        raise CorpusError(f"{path}: {name}: expect.ideas (a number) is required")
    unknown = set(expect) - EXPECT_KEYS
    if unknown:
        raise CorpusError(f"{path}: {name}: unknown expect keys {sorted(unknown)}")
    bad_kinds = set(expect.get("reply_kind_not") or []) - set(REPLY_KINDS)
    if bad_kinds:
        raise CorpusError(f"{path}: {name}: unknown reply kinds {sorted(bad_kinds)}")
    return Conversation(
        name=name,
        style=style,
        lines=tuple(str(line) for line in lines),
        expect=expect,
        setup=tuple(str(line) for line in entry.get("setup") or ()),
        set_name=set_name,
    )


def contains(text: str, keyword: Keyword) -> bool:
    """Keywords match as case-insensitive substrings, so `desk` accepts `desks`."""
    options = keyword if isinstance(keyword, list) else [keyword]
    lowered = text.lower()
    return any(str(option).lower() in lowered for option in options)


def mentions(text: str, phrase: str) -> bool:
    """Junk matches as a whole word or phrase: junk `3` must not flag "30 minutes", nor
    `um` flag "aluminium". Emoji and punctuation have no word edge, so they match as is."""
    phrase = str(phrase)
    start = r"\b" if phrase[:1].isalnum() else ""
    end = r"\b" if phrase[-1:].isalnum() else ""
    return re.search(start + re.escape(phrase) + end, text, re.IGNORECASE) is not None


def judge(conversation: Conversation, outcome: Outcome) -> Verdict:
    expect = conversation.expect
    failures: list[str] = []
    junk_fields: list[str] = []

    count_ok = len(outcome.ideas) == expect["ideas"]
    if not count_ok:
        failures.append(f"{len(outcome.ideas)} ideas stored, expected {expect['ideas']}")

    for number, idea in enumerate(outcome.ideas, start=1):
        for name in FIELDS:
            value = str(idea.get(name) or "")
            if expect["ideas"] == 0 and value:
                junk_fields.append(f"idea {number} {name} stored though no idea was meant")
            for phrase in expect.get("junk") or []:
                if mentions(value, phrase):
                    junk_fields.append(f"idea {number} {name} contains junk {phrase!r}: {value!r}")

    newest = outcome.ideas[-1] if outcome.ideas else None
    failures += _field_failures(expect, newest, junk_fields)
    failures += _memory_failures(expect, outcome.memory)
    failures += _anonymity_failures(expect, newest)
    failures += _reply_failures(expect, outcome)

    junk = bool(junk_fields)
    return Verdict(
        name=conversation.name,
        style=conversation.style,
        set_name=conversation.set_name,
        count_ok=count_ok,
        junk=junk,
        exact=count_ok and not junk and not failures,
        failures=failures + junk_fields,
    )


def _field_failures(
    expect: dict[str, Any], idea: dict[str, Any] | None, junk_fields: list[str]
) -> list[str]:
    checked = [f for f in FIELDS if f"{f}_keywords" in expect]
    if not checked and "title_not" not in expect:
        return []
    if idea is None:
        return ["no idea stored to check the fields of"]
    failures: list[str] = []
    for name in checked:
        value = str(idea.get(name) or "").strip()
        keywords: Sequence[Keyword] | None = expect[f"{name}_keywords"]
        if not keywords:
            if value:
                # Filled where the person gave nothing: that is junk, not just a miss.
                junk_fields.append(f"{name} should be empty: {value!r}")
            continue
        missing = [k for k in keywords if not contains(value, k)]
        if missing:
            failures.append(f"{name} {value!r} lacks {missing}")
    title = str(idea.get("title") or "")
    if not title.strip() or len(title) > TITLE_MAX_CHARS:
        failures.append(f"title {title!r} is empty or longer than {TITLE_MAX_CHARS}")
    for phrase in expect.get("title_not") or []:
        if mentions(title, phrase):
            failures.append(f"title {title!r} has {phrase!r}")
    return failures


def _memory_failures(expect: dict[str, Any], memory: list[str]) -> list[str]:
    text = "\n".join(memory)
    missing = [k for k in expect.get("memory_has") or [] if not contains(text, k)]
    kept = [k for k in expect.get("memory_lacks") or [] if contains(text, k)]
    return ([f"memory {memory!r} lacks {missing}"] if missing else []) + (
        [f"memory {memory!r} still has {kept}"] if kept else []
    )


def _anonymity_failures(expect: dict[str, Any], idea: dict[str, Any] | None) -> list[str]:
    if "anonymous" not in expect or idea is None:
        return []
    if bool(idea.get("anonymous")) != bool(expect["anonymous"]):
        return [f"anonymous is {idea.get('anonymous')!r}, expected {expect['anonymous']!r}"]
    return []


def _reply_failures(expect: dict[str, Any], outcome: Outcome) -> list[str]:
    failures: list[str] = []
    text = outcome.last_reply_text
    any_of = expect.get("reply_has_any") or []
    if any_of and not any(contains(text, k) for k in any_of):
        failures.append(f"last reply has none of {any_of}: {text[:200]!r}")
    missing = [k for k in expect.get("reply_has_all") or [] if not contains(text, k)]
    if missing:
        failures.append(f"last reply lacks {missing}: {text[:200]!r}")
    wrong = sorted(set(outcome.last_reply_kinds) & set(expect.get("reply_kind_not") or []))
    if wrong:
        failures.append(f"last reply is a {wrong} (idea-shaping started): {text[:200]!r}")
    return failures
