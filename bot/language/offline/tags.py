"""Tag suggestions: reuse the corpus's own tags when they fit, else keyphrases.

Reusing existing tags keeps the tag list small and useful for filtering; a new tag
is only invented (from the idea's keyphrases) when nothing in the vocabulary fits.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np

from bot.core.models import IdeaFields
from bot.language.offline.keyphrases import ranked
from bot.language.offline.text import STOPWORDS, stem, words

MAX_TAGS = 3
# Cosine thresholds for all-MiniLM-L6-v2, measured on tag/word pairs: "bike"→"cycling"
# scores 0.74, "expense"→"finance" 0.52, while unrelated pairs stay below 0.45.
WORD_SIMILARITY = 0.5
TEXT_SIMILARITY = 0.5
# Mean of the whole-text and best-keyword similarity; measured on the demo tags:
# right tags score 0.45–0.6, near misses ("nowhere"→"website") 0.30–0.41.
BLENDED_SIMILARITY = 0.44

VectorLookup = Callable[[Sequence[str]], np.ndarray]


def weighted_texts(fields: IdeaFields) -> list[tuple[str, float]]:
    """The idea's text, with the parts that say what it is about weighted up."""
    parts = [
        (fields.title, 2.0),
        (fields.proposal, 1.5),
        (fields.problem, 1.0),
        (fields.benefits, 0.5),
    ]
    return [(text, weight) for text, weight in parts if text and text.strip()]


def suggest(
    fields: IdeaFields, vocabulary: Sequence[str], vectors: VectorLookup | None
) -> list[str]:
    texts = weighted_texts(fields)
    if not texts:
        return []
    vocab = _clean_vocabulary(vocabulary)
    if vocab:
        found = _lexical(texts, vocab)
        if len(found) < MAX_TAGS and vectors is not None:
            for tag in _semantic(texts, vocab, vectors):
                if tag not in found:
                    found.append(tag)
        if found:
            return found[:MAX_TAGS]
    return [_as_tag(p.text) for p in ranked(texts, MAX_TAGS)]


def _clean_vocabulary(vocabulary: Sequence[str]) -> list[str]:
    seen: dict[str, None] = {}
    for tag in vocabulary:
        norm = tag.strip().lower()
        if norm:
            seen.setdefault(norm, None)
    return sorted(seen)


def _tag_stems(tag: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in re.split(r"[\s_\-/]+", tag) if w)


def _lexical(texts: list[tuple[str, float]], vocab: list[str]) -> list[str]:
    """Tags whose every word (stemmed) occurs in the idea, best-covered first."""
    counts: dict[str, float] = {}
    for text, weight in texts:
        for token in words(text):
            key = stem(token)
            counts[key] = counts.get(key, 0.0) + weight
    scored: list[tuple[float, str]] = []
    original = " ".join(text for text, _ in texts)
    for tag in vocab:
        stems = _tag_stems(tag)
        if tag in STOPWORDS and not re.search(rf"\b{re.escape(tag.upper())}\b", original):
            # "it" the tag means IT; "it" the pronoun is in nearly every idea.
            continue
        if stems and all(s in counts for s in stems):
            scored.append((sum(counts[s] for s in stems) * len(stems), tag))
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    return [tag for _, tag in scored]


def _semantic(texts: list[tuple[str, float]], vocab: list[str], vectors: VectorLookup) -> list[str]:
    """Tags close in meaning to the idea's keywords ("bike" → "cycling") or to its text."""
    phrases = [p.text for p in ranked(texts, 6)]
    # Single words too: "expense" is close to "finance", "expense claims" less so.
    keywords = list(dict.fromkeys([*phrases, *(w for p in phrases for w in p.split())]))
    whole = " ".join(text for text, _ in texts)
    tag_vecs = vectors(vocab)
    probe = vectors([whole, *keywords])
    sims = probe @ tag_vecs.T  # rows: whole text, then each keyword
    best: dict[str, float] = {}
    for j, tag in enumerate(vocab):
        text_sim = float(sims[0, j])
        word_sim = float(sims[1:, j].max()) if len(keywords) else 0.0
        # One keyword alone is a noisy witness ("nowhere" is close to "website"): a
        # tag must also fit the idea as a whole, unless the word match is very close.
        blended = (text_sim + word_sim) / 2
        keyword_fit = word_sim >= WORD_SIMILARITY and text_sim >= 0.15
        if text_sim >= TEXT_SIMILARITY or blended >= BLENDED_SIMILARITY or keyword_fit:
            best[tag] = blended
    return sorted(best, key=lambda tag: (-best[tag], tag))


def _as_tag(phrase: str) -> str:
    return re.sub(r"[\W_]+", "-", phrase.lower()).strip("-")
