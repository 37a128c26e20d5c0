"""Cue phrases that say which part of an idea a clause is about.

Each cue carries a weight: 2 or more is a "strong" cue (the clause is clearly about
that field, even when the bot asked for another one); below 2 is a hint used only
when nothing stronger is around. Weights were tuned on the unit-test conversations.
The cues themselves are language data: bot/language/data/<code>/cues.yaml.
"""

from __future__ import annotations

import re

from bot.language.offline import lexicon
from bot.language.offline.spelling import correct

Cue = tuple[re.Pattern[str], float]

STRONG = 2.0


PROBLEM = lexicon.Cues("cues", "problem")

PROPOSAL = lexicon.Cues("cues", "proposal")

BENEFITS = lexicon.Cues("cues", "benefits")

FIELD_CUES: dict[str, lexicon.Cues] = {
    "problem": PROBLEM,
    "proposal": PROPOSAL,
    "benefits": BENEFITS,
}

# Markers of a change of mind: what follows replaces, not extends, the draft.
CORRECTION = lexicon.Regex("cues", "correction")


def scores(clause: str) -> dict[str, float]:
    """Sum of cue weights per field for one clause, read with common words spelt right
    ("we shud get anti fatige mats" cues a proposal as "we should get" does)."""
    spelt = correct(clause, lexicon.language())
    result: dict[str, float] = {}
    for name, cues in FIELD_CUES.items():
        total = 0.0
        for pattern, weight in cues:
            if pattern.search(clause) or (spelt != clause and pattern.search(spelt)):
                total += weight
        result[name] = total
    return result
