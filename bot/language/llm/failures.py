"""Name what went wrong with an LLM call, in the words an operator needs."""

from __future__ import annotations

import json
from enum import StrEnum

import httpx
import openai
from langchain_core.exceptions import OutputParserException
from pydantic import ValidationError

from bot.language.llm.checks import InvalidOutput
from bot.language.llm.deadline import DeadlineExceeded


class FailureKind(StrEnum):
    TIMEOUT = "timeout"
    RATE_LIMIT = "rate limited"
    SERVER_ERROR = "server error"
    UNREACHABLE = "unreachable"
    AUTH = "authentication failed; check OPENAI_API_KEY"
    REJECTED = "request rejected"
    INVALID_OUTPUT = "invalid output"
    ERROR = "unexpected error"


# Longest pause we accept from a Retry-After header: a misconfigured proxy asking for an
# hour must not silence the LLM for an hour.
MAX_RETRY_AFTER_S = 120.0


def classify(exc: BaseException) -> FailureKind:
    if isinstance(exc, DeadlineExceeded | openai.APITimeoutError | httpx.TimeoutException):
        return FailureKind.TIMEOUT
    if isinstance(exc, openai.RateLimitError):
        return FailureKind.RATE_LIMIT
    if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
        return FailureKind.AUTH
    if isinstance(exc, openai.APIStatusError):
        return FailureKind.SERVER_ERROR if exc.status_code >= 500 else FailureKind.REJECTED
    if isinstance(exc, openai.APIConnectionError | httpx.TransportError | ConnectionError):
        return FailureKind.UNREACHABLE
    if isinstance(
        exc,
        InvalidOutput
        | OutputParserException
        | ValidationError
        | json.JSONDecodeError
        | openai.APIResponseValidationError
        | openai.LengthFinishReasonError
        | openai.ContentFilterFinishReasonError,
    ):
        return FailureKind.INVALID_OUTPUT
    return FailureKind.ERROR


def retry_after_s(exc: BaseException) -> float | None:
    """Seconds the server asked us to wait (429 Retry-After), capped; None if not given."""
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    raw = headers.get("retry-after")
    try:
        seconds = float(raw) if raw is not None else None
    except ValueError:
        return None  # an HTTP-date; rare from LLM APIs, and the breaker covers it
    if seconds is None or seconds <= 0:
        return None
    return min(seconds, MAX_RETRY_AFTER_S)
