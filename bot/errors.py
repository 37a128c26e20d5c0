"""Errors a person can act on: the CLI prints their message on one line, no traceback."""

from __future__ import annotations

from bot.core.text import InvalidInput
from retrieval.embeddings import EmbeddingError
from retrieval.index import IndexError_
from storage.db import DatabaseUnavailable


class ConfigurationError(RuntimeError):
    """A setting is missing or contradicts another; the message names the variable."""


USER_ERRORS: tuple[type[Exception], ...] = (
    InvalidInput,
    EmbeddingError,
    IndexError_,
    DatabaseUnavailable,
    ConfigurationError,
)
