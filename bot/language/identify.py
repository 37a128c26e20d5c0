"""Offline language identification with py3langid (the langid.py model, in the wheel).

Chosen by measuring on short chat messages (bench/langid_compare.py, numbers in
bench/README.md): it was as accurate as lingua-language-detector on en/fr chat
lines, with no wrong switch on the held-out half, ~30× less CPU per message and a
4.5 MB wheel instead of 96 MB; langdetect and pycld2 did worse on short text. The
model covers 97 languages, so a new catalogue locale needs no new model.

A message counts as written in a language only when it is a sentence (MIN_WORDS
words with letters) and the model gives that language MIN_PROBABILITY among the
candidates: "ok", "#12", "CRM" or "merci" never switch someone's language.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

MIN_WORDS = 3
MIN_PROBABILITY = 0.9


# Models narrowed to a candidate set, shared by every identifier in the process: each
# costs ~0.3 s to load and classify only reads it, so threads may share it.
_narrowed: dict[tuple[str, ...], Any] = {}
_narrowed_lock = threading.Lock()


def words(text: str) -> int:
    return sum(1 for token in text.split() if any(c.isalpha() for c in token))


class Py3LangidIdentifier:
    def __init__(self, min_words: int = MIN_WORDS, min_probability: float = MIN_PROBABILITY):
        self.min_words = min_words
        self.min_probability = min_probability

    def identify(self, text: str, candidates: Sequence[str]) -> str | None:
        languages = tuple(sorted({c for c in candidates if c}))
        if len(languages) < 2 or words(text) < self.min_words:
            return None
        model = self._model(languages)
        if model is None:
            return None
        language, probability = model.classify(text)
        return str(language) if float(probability) >= self.min_probability else None

    def _model(self, languages: tuple[str, ...]) -> Any:
        # set_languages narrows a model in place, so each candidate set has its own.
        with _narrowed_lock:
            if languages not in _narrowed:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                model = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
                known = [lang for lang in languages if lang in model.labels]
                if len(known) < 2:
                    _narrowed[languages] = None
                else:
                    model.set_languages(known)
                    _narrowed[languages] = model
            return _narrowed[languages]
