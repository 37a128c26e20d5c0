"""Validation of free text coming from people and files."""

from __future__ import annotations

MAX_TITLE_CHARS = 200
MAX_TEXT_CHARS = 40_000  # stored as is; only the embedding input is truncated


class InvalidInput(ValueError):
    """Input a person must fix; the message says how."""


def repair_unicode(text: str) -> str:
    """Join surrogate pairs and replace lone surrogates, which no database can store."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def clean(text: str | None) -> str:
    """Trim surrounding whitespace; keep everything else (emoji, RTL, control chars)."""
    if text is None:
        return ""
    return repair_unicode(str(text)).strip()


def require_text(text: str | None, what: str = "idea") -> str:
    value = clean(text)
    if not value:
        raise InvalidInput(f"the {what} is empty: write a few words about it")
    if len(value) > MAX_TEXT_CHARS:
        raise InvalidInput(
            f"the {what} is too long ({len(value):,} characters; the limit is {MAX_TEXT_CHARS:,})"
        )
    return value


def shorten(text: str, limit: int) -> str:
    """Cut on a word boundary with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:-") + "…"


def title_from(text: str) -> str:
    first_line = clean(text).splitlines()[0] if clean(text) else ""
    return shorten(first_line, 80)
