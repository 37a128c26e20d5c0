"""Every catalogue key the code asks for exists in English, the fallback of every locale."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bot.core import messages
from bot.core.messages import raw, t

ROOT = Path(__file__).resolve().parents[3]
LOOKUPS = {"t", "pick", "raw"}


def _literal_keys() -> dict[str, list[str]]:
    """Keys passed as a string literal (or an f-string's literal head) to t/pick/raw."""
    found: dict[str, list[str]] = {}
    for folder in ("bot", "retrieval", "storage", "prompts"):
        for path in (ROOT / folder).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call) or not node.args:
                    continue
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                if name not in LOOKUPS:
                    continue
                # lexicon.raw reads the engine's language data (bot/language/data), not
                # the message catalogue.
                owner = getattr(func, "value", None)
                if isinstance(owner, ast.Name) and owner.id == "lexicon":
                    continue
                first = node.args[0]
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    found.setdefault(first.value, []).append(where)
                elif isinstance(first, ast.JoinedStr) and first.values:
                    head = first.values[0]
                    if isinstance(head, ast.Constant) and isinstance(head.value, str):
                        found.setdefault(head.value + "*", []).append(where)
    return found


def test_every_key_used_in_code_is_in_the_english_catalogue() -> None:
    english = messages._catalogue("en")
    missing = []
    for key, places in sorted(_literal_keys().items()):
        if key.endswith("*"):
            prefix = key[:-1]
            if not any(k.startswith(prefix) for k in english):
                missing.append(f"{key} ({places[0]})")
        elif key not in english:
            missing.append(f"{key} ({places[0]})")
    assert missing == []


def test_the_scan_finds_the_keys_the_code_uses() -> None:
    keys = _literal_keys()
    assert "idea_title.untitled" in keys
    assert "greeting.prompt" in keys
    assert len(keys) > 100


def test_a_missing_key_in_a_locale_falls_back_to_english(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    french = tmp_path / "fr"
    french.mkdir()
    (french / "conversation.yaml").write_text('thanks: "Avec plaisir !"\n', encoding="utf-8")
    for name in ("en",):
        (tmp_path / name).symlink_to(messages.CATALOGUE_DIR / name)
    monkeypatch.setattr(messages, "CATALOGUE_DIR", tmp_path)
    messages._catalogue.cache_clear()
    try:
        assert t("thanks", "fr") == "Avec plaisir !"
        assert t("thanks", "fr-FR") == "Avec plaisir !"
        assert t("greeting.prompt", "fr") == t("greeting.prompt", "en")
        assert raw("greeting.prompt", "fr") == raw("greeting.prompt")
    finally:
        messages._catalogue.cache_clear()


def test_the_slack_words_are_looked_up_when_used_not_frozen_at_import(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from bot.slack import strings

    assert t("slack.thinking") == strings.THINKING
    monkeypatch.setattr(messages, "raw", lambda key, locale=None: "changed {x}")
    assert strings.THINKING == "changed {x}"
