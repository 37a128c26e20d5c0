"""Which language an idea or a query is written in, for language-aware scoring.

English pairs are scored with the English model's layout alone (its quality on
English duplicates is what the multilingual model costs); every other pair is
scored cross-lingually. py3langid (the langid.py model, in the wheel, 97 languages;
already the product's chat-language identifier, chosen in bench/README.md) decides.
Short or unclear text counts as English: only a text with MIN_WORDS words that the
model gives MIN_PROBABILITY leaves the English layout, so a title like "CRM" or a
code-heavy bug report does not switch regimes by chance.
"""

from __future__ import annotations

import threading
from typing import Any

ENGLISH = "en"
MIN_WORDS = 3
MIN_PROBABILITY = 0.9
# Enough to tell a language; classifying a pasted book costs for nothing.
MAX_CHARS = 2000

_lock = threading.Lock()
_model: Any = None


def _identifier() -> Any:
    global _model
    with _lock:
        if _model is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            _model = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        return _model


def language(text: str) -> str:
    """The text's language code, or "en" when it is English, short or unclear."""
    if sum(1 for token in text.split() if any(c.isalpha() for c in token)) < MIN_WORDS:
        return ENGLISH
    code, probability = _identifier().classify(text[:MAX_CHARS])
    return str(code) if float(probability) >= MIN_PROBABILITY else ENGLISH
