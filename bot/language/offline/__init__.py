"""The offline LanguageEngine: deterministic rules + the local embedding model."""

from bot.language.offline.engine import OfflineEngine

__all__ = ["OfflineEngine"]
