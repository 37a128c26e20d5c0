"""The labelled conversation corpus loads, and its judge scores outcomes the way the
labels mean (bench/conversation_checks.py). The corpus's content is not asserted here:
it measures the engine, it is not a test of it."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from bench.conversation_checks import (
    SETS,
    STYLES,
    Conversation,
    CorpusError,
    Outcome,
    judge,
    load,
)


def test_both_sets_load_with_every_style_represented() -> None:
    dev, heldout = (load(name) for name in ("dev", "heldout"))
    assert len(dev) + len(heldout) >= 90
    assert {c.name for c in dev}.isdisjoint({c.name for c in heldout})
    for conversations in (dev, heldout):
        counts = Counter(c.style for c in conversations)
        assert set(counts) == set(STYLES), set(STYLES) - set(counts)


def test_the_second_sets_load_with_every_style_and_no_name_shared_across_sets() -> None:
    dev2, heldout2 = (load(name) for name in ("dev2", "heldout2"))
    assert len(dev2) >= 40 and len(heldout2) >= 20
    for conversations in (dev2, heldout2):
        assert {c.style for c in conversations} == set(STYLES)
    names = [c.name for name in SETS for c in load(name)]
    assert len(names) == len(set(names))


def test_the_third_sets_load_with_their_styles_and_the_split_is_by_style() -> None:
    dev3, heldout3 = (load(name) for name in ("dev3", "heldout3"))
    assert (len(dev3), len(heldout3)) == (56, 28)
    assert {c.style for c in dev3} == {c.style for c in heldout3}
    for style in {c.style for c in dev3}:
        assert sum(c.style == style for c in dev3) == 2 * sum(c.style == style for c in heldout3)


def test_a_malformed_conversation_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "dev.yaml").write_text(
        "- name: broken\n  style: sarcastic\n  lines: [hi]\n  expect: {ideas: 0}\n"
    )
    monkeypatch.setattr("bench.conversation_checks.CORPUS", tmp_path)
    with pytest.raises(CorpusError, match=r"broken.*sarcastic"):
        load("dev")


def _conversation(**expect: Any) -> Conversation:
    return Conversation("c", "terse", ("x",), {"ideas": 1, **expect})


def _outcome(*ideas: dict[str, str], reply: str = "", kinds: tuple[str, ...] = ()) -> Outcome:
    return Outcome(list(ideas), memory=[], last_reply_text=reply, last_reply_kinds=list(kinds))


DESKS = {
    "title": "More standing desks",
    "problem": "Back pain",
    "proposal": "More standing desks",
    "benefits": "",
}


def test_an_idea_matching_every_label_is_exact() -> None:
    verdict = judge(
        _conversation(
            title_keywords=[["standing", "sit-stand"], "desk"],
            problem_keywords=["back pain"],
            proposal_keywords=["standing desks"],
            benefits_keywords=None,
            junk=["3", "no idea"],
        ),
        _outcome(DESKS),
    )
    assert verdict.exact and verdict.count_ok and not verdict.junk, verdict.failures


def test_a_field_filled_where_the_person_gave_nothing_is_junk() -> None:
    verdict = judge(_conversation(benefits_keywords=[]), _outcome({**DESKS, "benefits": "Idk"}))
    assert verdict.junk and not verdict.exact


def test_junk_matches_whole_words_only() -> None:
    clean = {**DESKS, "benefits": "Saves 30 minutes for about 300 people in aluminium"}
    assert not judge(_conversation(junk=["3", "um"]), _outcome(clean)).junk
    assert judge(_conversation(junk=["3"]), _outcome({**DESKS, "benefits": "3"})).junk
    assert judge(_conversation(junk=["👍"]), _outcome({**DESKS, "benefits": "👍"})).junk


def test_a_missing_keyword_fails_exact_but_is_not_junk() -> None:
    verdict = judge(
        _conversation(title_keywords=["standing", "desks"]),
        _outcome({**DESKS, "title": "Back pain"}),
    )
    assert not verdict.exact and not verdict.junk
    assert "title" in verdict.failures[0]


def test_an_idea_stored_where_none_was_meant_is_junk_and_a_wrong_count() -> None:
    conversation = Conversation("intro", "introduction", ("I'm Dana",), {"ideas": 0})
    verdict = judge(conversation, _outcome({**DESKS, "title": "I'm Dana"}))
    assert verdict.junk and not verdict.count_ok and not verdict.exact


def test_reply_checks_read_the_last_reply() -> None:
    conversation = Conversation(
        "status",
        "status",
        ("any news?",),
        {"ideas": 0, "reply_has_any": ["review", "status"], "reply_kind_not": ["question"]},
    )
    good = _outcome(reply="#12 More standing desks: waiting for review", kinds=("ideas",))
    shaping = _outcome(reply="What isn't working today? (status)", kinds=("question",))
    assert judge(conversation, good).exact
    assert not judge(conversation, shaping).exact
