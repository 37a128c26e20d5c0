"""Why a similar idea matched: the key terms it shares with the query, or the one
sentence of it that carries them, so a person can judge "mine is different" at a
glance.

Lexical on purpose: the vector score says *that* two texts are close, not *why*;
the shared words (or the sentence holding most of them) are what a reader can check.
When nothing is shared the match is by meaning alone, and the reason says so.
"""

from __future__ import annotations

import re

from bot.core.models import Idea, MatchReason

MAX_TERMS = 3
# A sentence is shown instead of bare terms when it holds at least this many of them
# and the idea has more than one sentence (for a one-liner the terms say it all).
SENTENCE_MIN_SHARED = 2
SENTENCE_MAX_CHARS = 140

_WORD = re.compile(r"[^\W\d_][\w'-]*", re.UNICODE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
# Words that carry no subject: English function words and the vocabulary every idea
# shares ("idea", "should", "please"). Kept short; rare words decide the reason.
_STOP_TEXT = """a about above after again against all also am an and any are as at be because
    been before being below between both but by can could did do does doing down during
    each few for from further had has have having he her here hers him his how i if in
    into is it its itself just me more most my no nor not now of off on once only or
    other our ours out over own same she should so some such than that the their them
    then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours us get got
    make made let lets idea ideas please pls maybe really like want need new use using
    would could might must one two also etc via per every each many much lot lots"""
STOP_WORDS = frozenset(_STOP_TEXT.split())


def _stem(word: str) -> str:
    """Crude English folding, enough to pair "Saturdays" with "saturday" and
    "lockers" with "locker"; never shown (the idea's own spelling is)."""
    w = word.lower().strip("'-")
    for suffix in ("ies", "ing", "es", "ed", "s"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            return w[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return w


def _content_words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text) if len(w) > 2 and w.lower() not in STOP_WORDS]


def explain(query: str, idea: Idea) -> MatchReason:
    wanted = {_stem(w) for w in _content_words(query)}
    title_words = _content_words(idea.title)
    body = idea.description or ""
    terms: list[str] = []
    seen: set[str] = set()
    # Title words first: they name the idea; then the description's, in reading order.
    for word in [*title_words, *_content_words(body)]:
        stem = _stem(word)
        if stem in wanted and stem not in seen:
            seen.add(stem)
            terms.append(word.lower())
    if not terms:
        return MatchReason()
    sentences = [s.strip() for s in _SENTENCE.split(body) if s.strip()]
    if len(sentences) > 1:
        scored = [
            (len({_stem(w) for w in _content_words(s)} & wanted), -i, s)
            for i, s in enumerate(sentences)
        ]
        shared, _, best = max(scored)
        if shared >= SENTENCE_MIN_SHARED:
            return MatchReason(tuple(terms[:MAX_TERMS]), _shorten(best))
    return MatchReason(tuple(terms[:MAX_TERMS]))


def _shorten(sentence: str) -> str:
    flat = " ".join(sentence.split())
    if len(flat) <= SENTENCE_MAX_CHARS:
        return flat
    return flat[: SENTENCE_MAX_CHARS - 1].rsplit(" ", 1)[0] + "…"
