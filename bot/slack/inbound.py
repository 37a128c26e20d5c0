"""What an inbound HTTP request must pass before Bolt sees it: size, signature, shape.

Order matters (issue 7): the size cap holds while the body is read, the signature is
checked on the raw bytes before anything is parsed, and only then is the body parsed,
with every way that can fail (bad UTF-8, bad JSON, nesting deep enough to blow the
stack) turned into a reason for a 4xx instead of an exception.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Mapping
from typing import Any
from urllib.parse import parse_qs

from slack_sdk.signature import SignatureVerifier

# Slack's largest real payloads (a modal with many inputs, a message with blocks and
# files) are tens of kilobytes; a megabyte leaves room and stops a 10 MB forgery.
MAX_BODY_BYTES = 1 << 20
# Real payloads nest about a dozen levels (view.state.values…, rich_text lists);
# anything past this is an attack on the recursion limit of whoever parses it next.
MAX_JSON_DEPTH = 64

# slack_sdk's verifier calls int() on the timestamp and compare_digest() on the
# signature, which raise on "abc", "1e30", 5,000 digits or non-ASCII characters:
# only the shapes Slack sends reach it.
_TIMESTAMP = re.compile(r"[0-9]{1,12}", re.ASCII)
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}", re.ASCII)


class TooLarge(Exception):
    """The body is over MAX_BODY_BYTES (→ 413)."""


async def read_capped(
    declared_length: str | None, chunks: AsyncIterator[bytes], limit: int = MAX_BODY_BYTES
) -> bytes:
    """The body, or TooLarge as soon as it is known to exceed `limit` (not after)."""
    if declared_length is not None and declared_length.isdigit() and int(declared_length) > limit:
        raise TooLarge
    body = bytearray()
    async for chunk in chunks:
        body.extend(chunk)
        if len(body) > limit:
            raise TooLarge
    return bytes(body)


def is_signed(verifier: SignatureVerifier, body: bytes, headers: Mapping[str, str]) -> bool:
    """Slack's signature over these exact bytes, fresh (5 minutes); never raises."""
    lowered = {k.lower(): v for k, v in headers.items()}
    timestamp = lowered.get("x-slack-request-timestamp", "")
    signature = lowered.get("x-slack-signature", "")
    if not (_TIMESTAMP.fullmatch(timestamp) and _SIGNATURE.fullmatch(signature)):
        return False
    try:
        return verifier.is_valid(body, timestamp, signature)
    except UnicodeDecodeError:  # Slack signs UTF-8 text; anything else is not from Slack
        return False


def body_problem(content_type: str, body: bytes) -> str | None:
    """Why Bolt could not read this body (it would answer 500), or None when it can."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return "body is not UTF-8"
    if not text.strip():
        return "empty body"
    # The same choice Bolt's parse_body makes, so what is checked here is what Bolt reads.
    if content_type.split(";")[0] == "application/json" or text.startswith("{"):
        return _json_problem(text)
    try:
        form = parse_qs(text, keep_blank_values=True, errors="strict")
    except ValueError:  # e.g. %ff: not UTF-8 once decoded
        return "form body is not UTF-8"
    if "payload" in form:
        # Bolt reads one `payload`; one is all Slack ever sends.
        if len(form["payload"]) != 1:
            return "more than one payload"
        return _json_problem(form["payload"][0])
    if form.get("command") or form.get("ssl_check"):
        return None
    return "not a Slack request body"


def parse_json(text: str) -> Any:
    """json.loads that also refuses nesting deeper than MAX_JSON_DEPTH (ValueError)."""
    try:
        data = json.loads(text)
    except RecursionError as exc:
        raise ValueError("nested too deeply") from exc
    if _depth_exceeds(data, MAX_JSON_DEPTH):
        raise ValueError("nested too deeply")
    return data


def _depth_exceeds(data: Any, limit: int) -> bool:
    # Iterative on purpose: a recursive walk would fail the way json.loads did.
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        children = item.values() if isinstance(item, dict) else item
        stack.extend((c, depth + 1) for c in children if isinstance(c, (dict, list)))
    return False


def _json_problem(text: str) -> str | None:
    try:
        data = parse_json(text)
    except ValueError as exc:
        return f"body is not valid JSON ({exc})"
    if not isinstance(data, dict) or not isinstance(data.get("type"), str):
        return "body is not a Slack payload (no type)"
    kind = data["type"]
    if kind == "event_callback":
        event = data.get("event")
        if not isinstance(event, Mapping) or not isinstance(event.get("type"), str):
            return "event_callback without an event"
    required = _INTERACTIVE_FIELDS.get(kind)
    if required and not isinstance(data.get(required[0]), required[1]):
        return f"{kind} without {required[0]}"
    if kind == "block_actions" and not all(isinstance(a, Mapping) for a in data["actions"]):
        return "block_actions with a malformed action"
    if kind == "block_actions" and not data["actions"]:
        return "block_actions without actions"
    return None


# What Bolt itself reads from each interactive payload (it crashes without it).
_INTERACTIVE_FIELDS: dict[str, tuple[str, type]] = {
    "block_actions": ("actions", list),
    "view_submission": ("view", Mapping),
    "view_closed": ("view", Mapping),
    "message_action": ("message", Mapping),
}
