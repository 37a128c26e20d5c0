"""Which language a message is written in (an offline model; bot/language/identify.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class LanguageIdentifier(Protocol):
    def identify(self, text: str, candidates: Sequence[str]) -> str | None:
        """The locale among `candidates` that `text` is clearly written in; None when
        the text is short or the model is unsure (the person's language stays)."""
        ...
