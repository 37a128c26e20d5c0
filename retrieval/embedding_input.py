"""What is actually embedded, shared by every embedder (so they need not import each other)."""

from __future__ import annotations

# Characters kept for embedding: far beyond 256 tokens, so nothing useful is lost,
# while a 1 MB paste cannot stall the tokenizer.
MAX_EMBED_CHARS = 4000


def prepare_text(text: str) -> str:
    """Long text truncated (the stored text is untouched)."""
    return text[:MAX_EMBED_CHARS]
