"""Keyphrases: the noun-ish words and word pairs a text is about.

No part-of-speech tagger is available offline, so "noun-ish" means: not a stop word,
not a known base verb, not an adverb, not a generic adjective. Pairs are two such
words side by side ("bike racks", "expense claims").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from bot.language.offline import lexicon
from bot.language.offline.text import BASE_VERBS, STOPWORDS, base_verb, stem

# Words that say little about what an idea is about, even though they are not
# stop words in general English.
GENERIC = lexicon.Words("keyphrases", "generic")
# Letters of any alphabet: "sécurisé" is one word, not "s" and "curis".
_TOKEN = re.compile(r"[^\W\d_][\w\-']*|[,.;:!?()]")


@dataclass(frozen=True)
class Phrase:
    text: str  # lower-case surface form: "bike racks"
    key: tuple[str, ...]  # stems: ("bike", "rack")


def _is_candidate(word: str) -> bool:
    if word in STOPWORDS or word in GENERIC or len(word) < 3:
        return False
    if word.endswith("ly") or "'" in word:
        return False
    # Base verbs and past forms are actions, not topics; -ing forms are often nouns
    # ("parking", "recycling", "onboarding") so they stay.
    if word in BASE_VERBS:
        return False
    return not (word.endswith("ed") and base_verb(word))


def phrases(text: str) -> list[Phrase]:
    """Unigrams and adjacent pairs of candidate words, in text order."""
    out: list[Phrase] = []
    run: list[str] = []
    for token in [*_TOKEN.findall(text), "."]:
        word = token.lower().strip("-'")
        if word and word[0].isalpha() and _is_candidate(word):
            run.append(word)
            continue
        for i, w in enumerate(run):
            out.append(Phrase(w, (stem(w),)))
            if i + 1 < len(run):
                out.append(Phrase(f"{w} {run[i + 1]}", (stem(w), stem(run[i + 1]))))
        run = []
    return out


def ranked(weighted_texts: list[tuple[str, float]], limit: int) -> list[Phrase]:
    """The best phrases over several weighted texts; pairs win over their own words."""
    score: dict[tuple[str, ...], float] = {}
    surface: dict[tuple[str, ...], Counter[str]] = {}
    first_seen: dict[tuple[str, ...], int] = {}
    for text, weight in weighted_texts:
        for phrase in phrases(text):
            bonus = 1.3 if len(phrase.key) == 2 else 1.0
            score[phrase.key] = score.get(phrase.key, 0.0) + weight * bonus
            surface.setdefault(phrase.key, Counter())[phrase.text] += 1
            first_seen.setdefault(phrase.key, len(first_seen))
    order = sorted(score, key=lambda k: (-score[k], first_seen[k]))
    chosen: list[Phrase] = []
    used: set[str] = set()
    for key in order:
        if any(part in used for part in key):
            continue
        text = surface[key].most_common(1)[0][0]
        chosen.append(Phrase(text, key))
        used.update(key)
        if len(chosen) >= limit:
            break
    return chosen
