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


# -- project layers (DESIGN.md §2: the core owns its ports) ----------------------------

# (folder, modules it must not import): a prefix match on the imported module.
LAYER_RULES: dict[str, tuple[str, ...]] = {
    # The core speaks only to its own ports; adapters and transports are wired outside.
    "bot/core/": (
        "storage",
        "retrieval",
        "bot.language",
        "bot.slack",
        "bot.shell",
        "bot.container",
        "bot.cli",
        "prompts",
    ),
    # Adapters may use the core's ports and models, never its services nor transports.
    "retrieval/": ("storage", "bot.language", "bot.slack", "bot.shell", "bot.container", "bot.cli"),
    "storage/": ("retrieval", "bot.language", "bot.slack", "bot.shell", "bot.container", "bot.cli"),
    "bot/language/": ("storage", "retrieval", "bot.slack", "bot.shell", "bot.container"),
    # Transports never reach past the core into each other.
    "bot/shell/": ("bot.slack", "storage", "retrieval"),
}
# What an adapter (retrieval, storage, language) may import from bot: ports and plain
# domain types only (models, the catalogue, text validation).
ADAPTER_ALLOWED_FROM_BOT = (
    "bot.core.ports",
    "bot.core.models",
    "bot.core.messages",
    # The catalogue's languages (names, folding): the same shared kernel as messages.
    "bot.core.locales",
    "bot.core.text",
)
ADAPTERS = ("retrieval/", "storage/", "bot/language/")


def _modules(path: Path) -> set[str]:
    """Every absolute module an import statement in `path` names (lazy ones included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _names(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def _project_files() -> list[tuple[str, Path]]:
    files = []
    for folder in ("bot", "retrieval", "storage", "prompts"):
        for path in (ROOT / folder).rglob("*.py"):
            files.append((path.relative_to(ROOT).as_posix(), path))
    return files


def test_layers_point_inwards() -> None:
    offenders = []
    for relative, path in _project_files():
        for layer, forbidden in LAYER_RULES.items():
            if not relative.startswith(layer):
                continue
            for module in _modules(path):
                if any(_names(module, f) for f in forbidden):
                    offenders.append(f"{relative} imports {module}")
    assert offenders == []


def test_adapters_use_only_core_ports_and_models() -> None:
    offenders = []
    for relative, path in _project_files():
        if not relative.startswith(ADAPTERS) or relative == "bot/language/port.py":
            continue
        for module in _modules(path):
            if not _names(module, "bot") or _names(module, "bot.language"):
                continue
            if not any(_names(module, allowed) for allowed in ADAPTER_ALLOWED_FROM_BOT):
                offenders.append(f"{relative} imports {module}")
    assert offenders == []


def _module_name(relative: str) -> str:
    name = relative.removesuffix(".py").replace("/", ".")
    return name.removesuffix(".__init__")


def test_no_import_cycles_between_project_modules() -> None:
    """Module-level and lazy imports alike: a cycle is a wrong arrow somewhere."""
    graph: dict[str, set[str]] = {}
    known = {_module_name(relative) for relative, _ in _project_files()}
    for relative, path in _project_files():
        source = _module_name(relative)
        targets = set()
        for module in _modules(path):
            # "from a.b import c" names a.b.c, which may be a module or a name in a.b.
            target = module if module in known else module.rpartition(".")[0]
            if target in known and target != source:
                targets.add(target)
        graph[source] = targets
    # A package's __init__ importing its own submodules is how packages work, not a cycle.
    cycles: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if _names(target, node) or _names(node, target):
                continue
            if state.get(target) == 1:
                cycles.append([*stack[stack.index(target) :], target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert cycles == []
