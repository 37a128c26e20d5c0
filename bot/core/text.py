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


# What `require_text` checks, as the catalogue names it (`text.what.*`).
_WHAT = {
    "idea": "idea",
    "title": "title",
    "search text": "search",
    "idea (title and description)": "import",
}


def require_text(text: str | None, what: str = "idea") -> str:
    # Imported here: messages reads the catalogue, and text is imported very early.
    from bot.core.messages import t

    value = clean(text)
    named = t(f"text.what.{_WHAT[what]}") if what in _WHAT else what
    if not value:
        raise InvalidInput(t("text.empty", what=named))
    if len(value) > MAX_TEXT_CHARS:
        raise InvalidInput(t("text.too_long", what=named, length=len(value), limit=MAX_TEXT_CHARS))
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
