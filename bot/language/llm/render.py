"""Turn domain objects into the prompt variables each task template expects.

Every value that came from a person goes through `prompts.neutralise`, because the
templates place these values inside data fences (`<draft>`, `<user_text>` …).
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.locales import language_name
from bot.core.messages import chosen_locale
from bot.core.models import IdeaFields
from bot.core.ports.language import DialogueContext, ProfileHint
from prompts import fence_items, neutralise
from prompts.loader import DEFAULT_LANGUAGE

NOTHING = "(nothing yet)"


def language(locale: str | None = None) -> str:
    """The reply language, named in English for the model ("French").

    The locale chosen for this turn (where the message entered) wins, then the
    caller's; with neither (a digest theme named outside any conversation) the
    person's own text decides.
    """
    chosen = chosen_locale() or locale
    return language_name(chosen, "en") if chosen else DEFAULT_LANGUAGE


def draft(fields: IdeaFields | None) -> str:
    if fields is None:
        return NOTHING
    lines = [
        f"{name}: {neutralise(value, 1500)}"
        for name in ("title", "problem", "proposal", "benefits", "challenge")
        if (value := getattr(fields, name))
    ]
    if fields.tags:
        lines.append("tags: " + neutralise(", ".join(fields.tags), 200))
    return "\n".join(lines) or NOTHING


def profile(hint: ProfileHint) -> str:
    lines = []
    if hint.name:
        lines.append(f"name: {neutralise(hint.name, 100)}")
    if hint.department:
        lines.append(f"team: {neutralise(hint.department, 100)}")
    if hint.interests:
        lines.append("interests: " + neutralise(", ".join(hint.interests[:5]), 300))
    return "\n".join(lines) or "(unknown)"


def intent_vars(text: str, context: DialogueContext) -> dict[str, str]:
    return {
        "text": neutralise(text),
        "draft_state": "has a draft idea in progress" if context.has_draft else "has no draft",
        "awaiting": neutralise(context.awaiting, 40) or "nothing in particular",
        "last_bot_text": neutralise(context.last_bot_text, 1000) or "(none)",
    }


def extract_vars(text: str, fields: IdeaFields, awaiting: str | None) -> dict[str, str]:
    return {
        "text": neutralise(text),
        "draft": draft(fields),
        "awaiting": neutralise(awaiting, 40) or "nothing in particular",
    }


def memories_vars(text: str) -> dict[str, str]:
    return {"text": neutralise(text)}


def vocabulary(words: Sequence[str], limit: int = 60) -> str:
    # The most common tags come first from the caller; a bounded list keeps prompts short.
    shown = [neutralise(word, 40) for word in list(words)[:limit] if word.strip()]
    return ", ".join(shown) or "(none yet)"


def theme_vars(texts: Sequence[str], limit: int = 20) -> dict[str, str]:
    # Ids are the 1-based positions of the texts; the answer must cite them (grounding).
    return {"ideas": fence_items(list(texts)[:limit], tag="idea", max_chars=600)}
