"""The checks a request passes before Bolt sees it: they answer, they never raise."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
from slack_sdk.signature import SignatureVerifier

from bot.slack.inbound import MAX_JSON_DEPTH, TooLarge, body_problem, is_signed, read_capped

SECRET = "unit-secret"


def _headers(body: bytes, **override: str) -> dict[str, str]:
    stamp = str(int(time.time()))
    signature = SignatureVerifier(SECRET).generate_signature(timestamp=stamp, body=body) or ""
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": signature, **override}


def test_a_good_signature_passes() -> None:
    body = b'{"type": "url_verification"}'
    assert is_signed(SignatureVerifier(SECRET), body, _headers(body))


@pytest.mark.parametrize(
    "override",
    [
        {"X-Slack-Request-Timestamp": "abc"},
        {"X-Slack-Request-Timestamp": "1e30"},
        {"X-Slack-Request-Timestamp": "9" * 5000},
        {"X-Slack-Request-Timestamp": "-1"},
        {"X-Slack-Request-Timestamp": "１２３"},
        {"X-Slack-Signature": "v0=" + "é" * 64},
        {"X-Slack-Signature": ""},
    ],
)
def test_odd_signature_headers_are_unsigned_not_an_exception(override: dict[str, str]) -> None:
    body = b'{"type": "url_verification"}'
    assert is_signed(SignatureVerifier(SECRET), body, _headers(body, **override)) is False


def test_a_body_that_is_not_utf8_is_unsigned() -> None:
    assert is_signed(SignatureVerifier(SECRET), b"\xff\xfe", _headers(b"x")) is False


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/json", b"[" * 2000),
        ("application/x-www-form-urlencoded", b"payload=" + b"[" * 2000),
        (
            "application/json",
            b'{"type": "x", "d": '
            + b"[" * (MAX_JSON_DEPTH + 1)
            + b"]" * (MAX_JSON_DEPTH + 1)
            + b"}",
        ),
        ("application/x-www-form-urlencoded", b"payload=%7B%7D&payload=%7B%7D"),
        ("application/x-www-form-urlencoded", b"command=%2Fidea&text=caf%E9"),
        ("application/json", b"\xff"),
    ],
)
def test_unreadable_bodies_have_a_reason(content_type: str, body: bytes) -> None:
    assert body_problem(content_type, body) is not None


def test_slack_shaped_bodies_have_no_problem() -> None:
    nested_ok = b'{"type": "x", "d": ' + b"[" * 20 + b"]" * 20 + b"}"
    assert body_problem("application/json", nested_ok) is None
    assert body_problem("application/json; charset=utf-8", b'{"type": "url_verification"}') is None
    assert body_problem("application/x-www-form-urlencoded", b"command=%2Fidea&text=hi") is None


async def _chunks(sizes: list[int]) -> AsyncIterator[bytes]:
    for size in sizes:
        yield b"x" * size


def test_the_body_cap_holds_with_and_without_a_length() -> None:
    assert asyncio.run(read_capped("10", _chunks([10]), limit=10)) == b"x" * 10
    with pytest.raises(TooLarge):
        asyncio.run(read_capped("11", _chunks([]), limit=10))  # refused before reading
    with pytest.raises(TooLarge):
        asyncio.run(read_capped(None, _chunks([6, 6]), limit=10))
