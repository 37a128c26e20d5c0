"""The LanguageEngine port now lives in the core (bot/core/ports/language.py), which owns
it; this alias keeps older imports working."""

from bot.core.ports.language import (
    EDITABLE_FIELDS,
    SHAPING_FIELDS,
    DialogueContext,
    FieldUpdate,
    Intent,
    IntentResult,
    LanguageEngine,
    MemoryCandidate,
    MemoryKind,
    ProfileHint,
    Question,
)

__all__ = [
    "EDITABLE_FIELDS",
    "SHAPING_FIELDS",
    "DialogueContext",
    "FieldUpdate",
    "Intent",
    "IntentResult",
    "LanguageEngine",
    "MemoryCandidate",
    "MemoryKind",
    "ProfileHint",
    "Question",
]
