"""The offline engine's language data is read per language, from data files only."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bot.language.offline import cues, lexicon

OFFLINE = Path(__file__).parents[3] / "bot" / "language" / "offline"


def test_english_cues_are_read_from_the_data_files() -> None:
    assert cues.scores("we should add bike racks")["proposal"] >= cues.STRONG
    assert lexicon.available() == sorted(lexicon.available()) and "en" in lexicon.available()


def test_a_language_without_a_key_falls_back_to_english() -> None:
    with lexicon.speaking("xx"):
        assert lexicon.language() == "xx"
        assert cues.scores("we should add bike racks")["proposal"] >= cues.STRONG
    assert lexicon.language() == "en"


def test_an_unknown_key_names_the_file_and_key() -> None:
    with pytest.raises(lexicon.LexiconError, match=r"cues\.nonexistent"):
        lexicon.raw("cues", "nonexistent")


def test_the_rules_compile_no_pattern_of_their_own_at_import() -> None:
    """Cue phrases live in bot/language/data/<code>/*.yaml: a module-level re.compile in
    the rules would be English baked into Python (patterns that are about syntax, not
    a language — emoji, Slack markup, tokens — are listed)."""
    syntax_only = {"text.py", "spelling.py", "keyphrases.py", "lexicon.py", "tags.py"}
    # Not yet data: memory.py pairs each pattern with the Python that builds the item.
    syntax_only.add("memory.py")
    for path in OFFLINE.glob("*.py"):
        if path.name in syntax_only:
            continue
        tree = ast.parse(path.read_text("utf-8"))
        for node in tree.body:
            if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
                source = ast.get_source_segment(path.read_text("utf-8"), node.value) or ""
                assert "re.compile(" not in source, f"{path.name}:{node.lineno}"
