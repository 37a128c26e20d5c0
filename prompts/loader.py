"""Load prompt templates from the files next to this module.

Each task file (`intent.md`, `title.md`, …) has a `--- system ---` section (task
instructions, appended to the shared `system.md` preamble) and a `--- human ---`
section (the message that carries the data). Both are LangChain f-string templates;
values are substituted, never re-parsed, so braces in user text are harmless.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from langchain_core.prompts import ChatPromptTemplate

PROMPTS_DIR = Path(__file__).parent
PREAMBLE = "system"
TASKS: tuple[str, ...] = (
    "intent",
    "extract_fields",
    "next_question",
    "title",
    "tags",
    "memories",
    "theme_name",
)
DEFAULT_LANGUAGE = "the language of the person's text"
_SECTION = re.compile(r"^---\s*(system|human)\s*---\s*$", re.MULTILINE)


class PromptError(ValueError):
    """A prompt file is missing or malformed (a packaging or editing mistake)."""


def _read(name: str) -> str:
    path = PROMPTS_DIR / f"{name}.md"
    if not path.is_file():
        raise PromptError(f"no prompt file {path.name} in {PROMPTS_DIR}")
    return path.read_text(encoding="utf-8")


def _sections(name: str, text: str) -> dict[str, str]:
    parts = _SECTION.split(text)
    # split() gives [before, label, body, label, body, …]; text before the first label
    # is ignored so a file can start with a comment line.
    sections = {label: body.strip() for label, body in zip(parts[1::2], parts[2::2], strict=True)}
    if set(sections) != {"system", "human"}:
        raise PromptError(f"{name}.md needs one '--- system ---' and one '--- human ---' section")
    return sections


@cache
def load_prompt(name: str) -> ChatPromptTemplate:
    """The chat prompt for one task: shared preamble + task system text, then human text."""
    if name not in TASKS:
        raise PromptError(f"unknown prompt {name!r} (known: {', '.join(TASKS)})")
    sections = _sections(name, _read(name))
    system = _read(PREAMBLE).strip() + "\n\n" + sections["system"]
    prompt = ChatPromptTemplate.from_messages([("system", system), ("human", sections["human"])])
    # The engine names the reply language on every call; without it (a caller that
    # does not know), the person's own text decides.
    return prompt.partial(language=DEFAULT_LANGUAGE)


def prompt_variables(name: str) -> set[str]:
    """The variables a task's template expects (used by tests and the engine's checks)."""
    return set(load_prompt(name).input_variables)
