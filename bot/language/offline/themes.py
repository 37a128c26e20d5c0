"""Theme names: a short Title Case label from what a cluster of ideas shares."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from bot.core.messages import t
from bot.language.offline.keyphrases import Phrase, phrases

MAX_WORDS = 4


def name_theme(texts: Sequence[str]) -> str:
    docs = [text for text in texts if text and text.strip()]
    if not docs:
        return t("theme_name.fallback")
    # Document frequency rewards what the ideas share; a phrase repeated inside one
    # long idea should not name the whole cluster.
    df: Counter[tuple[str, ...]] = Counter()
    surface: dict[tuple[str, ...], Counter[str]] = {}
    order: dict[tuple[str, ...], int] = {}
    for doc in docs:
        seen: set[tuple[str, ...]] = set()
        for phrase in phrases(doc):
            surface.setdefault(phrase.key, Counter())[phrase.text] += 1
            order.setdefault(phrase.key, len(order))
            seen.add(phrase.key)
        df.update(seen)
    if not df:
        return t("theme_name.fallback")

    def weight(key: tuple[str, ...]) -> float:
        # Pairs are more telling than single words, but only when shared.
        return df[key] * (1.5 if len(key) == 2 and df[key] > 1 else 1.0)

    ranking = sorted(df, key=lambda k: (-weight(k), order[k]))
    picked: list[Phrase] = []
    used: set[str] = set()
    n_words = 0
    for key in ranking:
        if len(picked) == 2 or (picked and df[key] < max(2, df[picked[0].key] / 3)):
            break
        if any(part in used for part in key):
            continue
        size = len(key)
        if n_words + size > MAX_WORDS - (1 if picked else 0):
            continue
        picked.append(Phrase(surface[key].most_common(1)[0][0], key))
        used.update(key)
        n_words += size
    labels = [_title_case(p.text) for p in picked]
    if len(labels) == 1 and len(picked[0].key) == 1:
        # One word is a thin label ("Meetings"): say it is a group of ideas.
        return t("theme_name.single", topic=_singular(labels[0]))
    return t("theme_name.joiner").join(labels)


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def _title_case(text: str) -> str:
    return " ".join(w if w.isupper() else w[:1].upper() + w[1:] for w in text.split())
