"""DESIGN.md §2: which layer may import which library."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RULES = {
    "slack_bolt": ("bot/slack/",),
    "slack_sdk": ("bot/slack/",),
    "sqlalchemy": ("storage/",),
    "alembic": ("storage/",),
    "chromadb": ("retrieval/",),
    "langchain": ("bot/language/", "prompts/", "retrieval/embeddings"),
    "langchain_core": ("bot/language/", "prompts/", "retrieval/embeddings"),
    "langchain_openai": ("bot/language/", "prompts/", "retrieval/embeddings"),
    "openai": ("bot/language/", "prompts/", "retrieval/embeddings"),
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_libraries_are_imported_only_in_their_layer() -> None:
    offenders = []
    for folder in ("bot", "retrieval", "prompts", "storage"):
        for path in (ROOT / folder).rglob("*.py"):
            relative = path.relative_to(ROOT).as_posix()
            for module in _imports(path):
                allowed = RULES.get(module)
                if allowed and not relative.startswith(allowed):
                    offenders.append(f"{relative} imports {module}")
    assert offenders == []


def test_core_speaks_no_transport_or_storage_library() -> None:
    for path in (ROOT / "bot" / "core").rglob("*.py"):
        assert not _imports(path) & set(RULES), path
