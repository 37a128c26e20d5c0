"""Compare offline language-identification libraries on short chat messages (en/fr).

    python bench/langid_compare.py            # needs the candidates installed

Each library is restricted to the catalogue's languages where it can be, and a
message counts as detected only when the library's confidence clears a threshold
(chosen on the dev half, reported on the held-out half). "any" rows ("ok", "#12",
"CRM") must never be detected: a detection there would switch someone's language
on a word that belongs to no language. Speed is CPU time per message (the machine
is shared, so wall time means little).
"""

from __future__ import annotations

import csv
import sys
import time
from collections.abc import Callable
from pathlib import Path

DATA = Path(__file__).parent / "data" / "langid_messages.tsv"
Scorer = Callable[[str], tuple[str, float]]
VERBOSE = "-v" in sys.argv
# What the product uses: a sentence (3+ words) and a clear majority for one language.
PRODUCT_RULE = (0.9, 3)


def rows() -> list[tuple[str, str]]:
    with DATA.open(encoding="utf-8") as f:
        return [(r["lang"], r["text"]) for r in csv.DictReader(f, delimiter="\t")]


def split(data: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    # Pairs (an English line and its French counterpart) stay on the same side.
    dev = [r for i, r in enumerate(data) if (i // 2) % 2 == 0]
    held = [r for i, r in enumerate(data) if (i // 2) % 2 == 1]
    return dev, held


def lingua_scorer() -> Scorer:
    from lingua import Language, LanguageDetectorBuilder

    detector = LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.FRENCH).build()
    codes = {Language.ENGLISH: "en", Language.FRENCH: "fr"}

    def score(text: str) -> tuple[str, float]:
        values = detector.compute_language_confidence_values(text)
        if not values or values[0].value == 0:
            return "", 0.0
        return codes[values[0].language], values[0].value

    return score


def py3langid_scorer() -> Scorer:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(["en", "fr"])

    def score(text: str) -> tuple[str, float]:
        lang, prob = ident.classify(text)
        return lang, float(prob)

    return score


def langdetect_scorer() -> Scorer:
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0

    def score(text: str) -> tuple[str, float]:
        try:
            found = [x for x in detect_langs(text) if x.lang in ("en", "fr")]
        except LangDetectException:
            return "", 0.0
        return (found[0].lang, found[0].prob) if found else ("", 0.0)

    return score


def cld2_scorer() -> Scorer:
    import pycld2

    def score(text: str) -> tuple[str, float]:
        try:
            reliable, _, details = pycld2.detect(text)
        except pycld2.error:
            return "", 0.0
        code, percent = details[0][1], details[0][2]
        if code not in ("en", "fr"):
            return "", 0.0
        return code, percent / 100 if reliable else 0.0

    return score


Scored = tuple[str, str, float, int]  # gold, detected, confidence, words


def words(text: str) -> int:
    return sum(1 for w in text.split() if any(c.isalpha() for c in w))


def evaluate(scores: list[Scored], rule: tuple[float, int]) -> dict[str, float]:
    threshold, min_words = rule

    def clear(got: str, conf: float, n: int) -> bool:
        return bool(got) and conf >= threshold and n >= min_words

    lang_rows = [r for r in scores if r[0] != "any"]
    detected = [(gold, got) for gold, got, conf, n in lang_rows if clear(got, conf, n)]
    right = sum(1 for gold, got in detected if gold == got)
    wrong = sum(1 for gold, got in detected if gold != got)
    any_hits = sum(1 for gold, got, conf, n in scores if gold == "any" and clear(got, conf, n))
    sentences = [r for r in lang_rows if r[3] >= 3]
    sentence_right = sum(
        1 for gold, got, conf, n in sentences if clear(got, conf, n) and got == gold
    )
    return {
        "recall": right / len(lang_rows),
        "sentence_recall": sentence_right / len(sentences),
        "wrong": wrong,
        "any_detected": any_hits,
        "n": len(lang_rows),
    }


def choose_rule(scores: list[Scored], lengths: tuple[int, ...]) -> tuple[float, int]:
    # The rule with the best recall that makes no wrong switch and detects no
    # language-less word; ties go to the stricter rule.
    best: tuple[float, tuple[float, int]] = (-1.0, (1.01, 99))
    for min_words in lengths:
        for threshold in [x / 100 for x in range(50, 100)] + [0.995, 0.999]:
            result = evaluate(scores, (threshold, min_words))
            if result["wrong"] == 0 and result["any_detected"] == 0:
                if result["recall"] > best[0]:
                    best = (result["recall"], (threshold, min_words))
                break
    return best[1]


def main() -> None:
    data = rows()
    dev, held = split(data)
    candidates = {
        "lingua-language-detector": lingua_scorer,
        "py3langid": py3langid_scorer,
        "langdetect": langdetect_scorer,
        "pycld2": cld2_scorer,
    }
    print(f"{len(dev)} dev / {len(held)} held-out messages")
    print(
        "| library | rule (chosen on dev) | dev recall | held-out recall "
        "| held-out recall, 3+ words | held-out wrong | held-out 'any' detected | CPU ms/message |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for name, make in candidates.items():
        try:
            scorer = make()
        except ImportError as exc:
            print(f"| {name} | not installed ({exc}) |")
            continue
        scorer("warm up")
        start = time.process_time()
        dev_scores = [(gold, *scorer(text), words(text)) for gold, text in dev]
        held_scores = [(gold, *scorer(text), words(text)) for gold, text in held]
        per_message = (time.process_time() - start) * 1000 / len(data)
        # The best rule on dev, then the one the product uses (bot/language/identify.py).
        for rule in (choose_rule(dev_scores, (1, 2, 3, 4)), PRODUCT_RULE):
            d, h = evaluate(dev_scores, rule), evaluate(held_scores, rule)
            print(
                f"| {name} | ≥{rule[0]:.2f}, ≥{rule[1]} words | {d['recall']:.2f} "
                f"| {h['recall']:.2f} | {h['sentence_recall']:.2f} | {h['wrong']} "
                f"| {h['any_detected']} | {per_message:.2f} |"
            )
            if VERBOSE:
                for gold, got, conf, n in held_scores:
                    if gold != "any" and not (got == gold and conf >= rule[0] and n >= rule[1]):
                        print(f"    missed {gold} {got} {conf:.2f} {n}")


if __name__ == "__main__":
    main()
