"""What Slack's published specs say about each Web API method and event.

The fake Web API (``slack_api.FakeSlack``) and the manifest test both read Slack's
own OpenAPI 2.0 description from ``../shared/slack-spec/`` (never copied into the
repo), so "Slack would reject this call" is decided by Slack's data, not by our
memory of it. The spec is from 2020: it lacks a few newer methods and is looser
than the live API on some required parameters, so both gaps are filled by hand
below, each entry saying why.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

WEB_SPEC_FILE = "slack_web_openapi_v2.json"
EVENTS_SPEC_FILE = "slack_events_api_async_v1.json"

# Methods newer than the spec (slack_sdk 3.47 calls them). Required parameters are
# taken from Slack's method reference pages; "token" is implied for all of them.
NEWER_METHODS: dict[str, frozenset[str]] = {
    "files.getUploadURLExternal": frozenset({"filename", "length"}),
    "files.completeUploadExternal": frozenset({"files"}),
    "assistant.threads.setStatus": frozenset({"channel_id", "thread_ts", "status"}),
    "assistant.threads.setSuggestedPrompts": frozenset({"channel_id", "prompts"}),
    "assistant.threads.setTitle": frozenset({"channel_id", "thread_ts", "title"}),
    "chat.startStream": frozenset({"channel", "thread_ts"}),
    "chat.appendStream": frozenset({"channel", "ts"}),
    "chat.stopStream": frozenset({"channel", "ts"}),
}

# Bot-token scopes of the newer methods (not in the spec's text).
NEWER_METHOD_SCOPES: dict[str, frozenset[str]] = {
    "files.getUploadURLExternal": frozenset({"files:write"}),
    "files.completeUploadExternal": frozenset({"files:write"}),
    "assistant.threads.setStatus": frozenset({"assistant:write", "chat:write"}),
    "assistant.threads.setSuggestedPrompts": frozenset({"assistant:write"}),
    "assistant.threads.setTitle": frozenset({"assistant:write"}),
    "chat.startStream": frozenset({"chat:write"}),
    "chat.appendStream": frozenset({"chat:write"}),
    "chat.stopStream": frozenset({"chat:write"}),
}

# Parameters the live API requires although the 2020 spec leaves `required` unset.
# Without these a call that Slack answers with an error would pass here.
EXTRA_REQUIRED: dict[str, frozenset[str]] = {
    "chat.delete": frozenset({"channel", "ts"}),
    "chat.scheduleMessage": frozenset({"channel", "post_at"}),
    "conversations.info": frozenset({"channel"}),
    "conversations.members": frozenset({"channel"}),
    "conversations.history": frozenset({"channel"}),
    "conversations.replies": frozenset({"channel", "ts"}),
    "conversations.join": frozenset({"channel"}),
    "conversations.invite": frozenset({"channel", "users"}),
    "users.info": frozenset({"user"}),
    "views.update": frozenset({"view"}),
}

# Parameters the spec marks required that the live API does not always need:
# oauth.v2.access takes `refresh_token` instead of `code` for token rotation
# (slack_sdk's oauth_v2_access makes `code` optional for that reason).
NOT_REQUIRED: dict[str, frozenset[str]] = {
    "oauth.v2.access": frozenset({"code"}),
}

# "At least one of" rules: (method, alternatives, Slack's error when none is given).
ONE_OF: dict[str, tuple[tuple[str, ...], str]] = {
    "chat.postMessage": (("text", "blocks", "attachments", "markdown_text"), "no_text"),
    "chat.postEphemeral": (("text", "blocks", "attachments", "markdown_text"), "no_text"),
    "chat.update": (("text", "blocks", "attachments", "markdown_text", "file_ids"), "no_text"),
    "conversations.open": (("users", "channel"), "users_list_not_supplied"),
    "views.update": (("view_id", "external_id"), "invalid_arguments"),
    "oauth.v2.access": (("code", "refresh_token"), "invalid_arguments"),
}

# The spec names some scopes by their pre-2020 (classic app / user token) names.
# A bot app's manifest can only declare granular scopes, so translate; a set means
# "any one of these" (which one depends on the conversation type).
LEGACY_SCOPES: dict[str, frozenset[str]] = {
    "chat:write:bot": frozenset({"chat:write"}),
    "chat:write:user": frozenset({"chat:write"}),
    "files:write:user": frozenset({"files:write"}),
    "channels:write": frozenset({"channels:manage"}),
    "conversations:write": frozenset({"channels:manage", "groups:write", "im:write", "mpim:write"}),
    "conversations:read": frozenset({"channels:read", "groups:read", "im:read", "mpim:read"}),
    "conversations:history": frozenset(
        {"channels:history", "groups:history", "im:history", "mpim:history"}
    ),
}

# Where the spec's scope is wrong for a bot token.
METHOD_SCOPE_OVERRIDES: dict[str, frozenset[str]] = {
    "conversations.join": frozenset({"channels:join"}),  # bots join with channels:join
}

# Events missing from the AsyncAPI catalogue (or listed with no scope although a
# bot needs one). Empty set: no scope needed.
EXTRA_EVENT_SCOPES: dict[str, frozenset[str]] = {
    "app_mention": frozenset({"app_mentions:read"}),
    "app_home_opened": frozenset(),
    "app_uninstalled": frozenset(),
    "tokens_revoked": frozenset(),
    "function_executed": frozenset(),
    "assistant_thread_started": frozenset({"assistant:write"}),
    "assistant_thread_context_changed": frozenset({"assistant:write"}),
}

_SCOPE_IN_TEXT = re.compile(r"Requires scope:\s*`([^`]+)`")


@dataclass(frozen=True)
class MethodSpec:
    """One Web API method as the fake checks it."""

    name: str
    required: frozenset[str]  # never includes "token": auth is checked apart
    one_of: tuple[tuple[str, ...], str] | None
    takes_token: bool
    accepts_json: bool  # Slack ignores a JSON body sent to a form-only method
    scopes: frozenset[str]  # granular bot scopes, any one suffices; empty: none


def spec_dir() -> Path:
    """../shared/slack-spec beside the repo root, or $SLACK_SPEC_DIR."""
    override = os.environ.get("SLACK_SPEC_DIR")
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[2].parent / "shared" / "slack-spec"


def _load_json(directory: str, name: str) -> dict[str, Any]:
    path = Path(directory) / name
    if not path.is_file():
        raise FileNotFoundError(
            f"Slack spec not found at {path}; set SLACK_SPEC_DIR to the slack-spec folder"
        )
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _granular(scopes: set[str]) -> frozenset[str]:
    out: set[str] = set()
    for scope in scopes:
        if scope in ("none", ""):
            continue
        out |= LEGACY_SCOPES.get(scope, frozenset({scope}))
    return frozenset(out)


def _operation_scopes(op: Mapping[str, Any]) -> set[str]:
    """Scopes named in the token's description and in `security` (both: they differ)."""
    found: set[str] = set()
    for param in op.get("parameters", []):
        if param.get("name") == "token":
            found.update(_SCOPE_IN_TEXT.findall(param.get("description") or ""))
    for requirement in op.get("security", []):
        for names in requirement.values():
            found.update(names)
    return found


def _method_from_operation(name: str, op: Mapping[str, Any]) -> MethodSpec:
    params = op.get("parameters", [])
    required = {p["name"] for p in params if p.get("required")}
    required |= EXTRA_REQUIRED.get(name, frozenset())
    required -= NOT_REQUIRED.get(name, frozenset())
    required.discard("token")
    scopes = METHOD_SCOPE_OVERRIDES.get(name) or _granular(_operation_scopes(op))
    return MethodSpec(
        name=name,
        required=frozenset(required),
        one_of=ONE_OF.get(name),
        # Slack wants a token for every method that documents one, whatever the
        # spec's `required` says (it omits it on e.g. conversations.open).
        takes_token=any(p.get("name") == "token" for p in params),
        accepts_json="application/json" in (op.get("consumes") or []),
        scopes=scopes,
    )


def _newer_method(name: str) -> MethodSpec:
    return MethodSpec(
        name=name,
        required=NEWER_METHODS[name],
        one_of=ONE_OF.get(name),
        takes_token=True,
        accepts_json=True,
        scopes=NEWER_METHOD_SCOPES.get(name, frozenset()),
    )


@lru_cache(maxsize=4)
def _methods_for(directory: str) -> dict[str, MethodSpec]:
    spec = _load_json(directory, WEB_SPEC_FILE)
    methods: dict[str, MethodSpec] = {}
    for path, operations in spec["paths"].items():
        name = path.lstrip("/")
        # One verb per path in this spec; merge anyway in case a later copy has two.
        for op in operations.values():
            methods[name] = _method_from_operation(name, op)
    for name in NEWER_METHODS:
        methods[name] = _newer_method(name)
    return methods


def web_methods() -> dict[str, MethodSpec]:
    """All known Web API methods (spec + newer allow-list), keyed by name."""
    return _methods_for(str(spec_dir()))


def method_spec(name: str) -> MethodSpec | None:
    return web_methods().get(name)


def scopes_for_method(name: str) -> set[str]:
    """Granular bot scopes of which any one lets a bot call `name`.

    Empty set: the method needs no scope (auth.test, views.*, oauth.v2.access...).
    Raises KeyError for a method Slack does not know, so a typo fails loudly.
    """
    spec = method_spec(name)
    if spec is None:
        raise KeyError(f"unknown Slack Web API method: {name}")
    return set(spec.scopes)


@lru_cache(maxsize=4)
def _event_scopes_for(directory: str) -> dict[str, frozenset[str]]:
    topics = _load_json(directory, EVENTS_SPEC_FILE)["topics"]
    scopes: dict[str, frozenset[str]] = {}
    for topic, body in topics.items():
        needed = body.get("subscribe", {}).get("x-scopes-required", [])
        # The catalogue spells `app_mention` as topic `app.mention`; manifests use
        # `message.im` with a dot. Register both spellings.
        scopes[topic] = frozenset(needed)
        scopes[topic.replace(".", "_")] = frozenset(needed)
    scopes.update(EXTRA_EVENT_SCOPES)
    return scopes


def scopes_for_event(event_name: str) -> set[str]:
    """Bot scopes of which any one is needed to subscribe to a manifest event
    (`message.im`, `app_mention`, `app_home_opened`, ...). KeyError if unknown."""
    table = _event_scopes_for(str(spec_dir()))
    if event_name not in table:
        raise KeyError(f"unknown Slack event: {event_name}")
    return set(table[event_name])
