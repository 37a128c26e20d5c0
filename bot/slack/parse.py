"""Slack payloads to plain dataclasses; anything malformed raises MalformedPayload (→ 400)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.core.models import Actor
from bot.core.replies import Action
from bot.slack.blocks import ACTION_PREFIX


class MalformedPayload(ValueError):
    """A signed request whose body lacks what its type promises."""


_MENTION = re.compile(r"<@[UW][A-Z0-9]+(?:\|[^>]*)?>")
_ACTION = re.compile(rf"^{re.escape(ACTION_PREFIX)}(?P<action>[a-z_]+)(?::\d+)?$")


@dataclass(frozen=True)
class Where:
    """Where a reply goes: a channel (a DM is one too), maybe a thread."""

    channel: str
    thread_ts: str | None = None


@dataclass(frozen=True)
class UserMessage:
    actor: Actor
    text: str
    channel: str
    ts: str
    thread_ts: str | None


@dataclass(frozen=True)
class Click:
    """One button click, in a message (channel, ts) or in a view (view_id)."""

    actor: Actor
    action: Action
    value: str
    label: str
    action_id: str
    action_ts: str
    trigger_id: str | None
    channel: str | None
    message_ts: str | None
    thread_ts: str | None
    message_blocks: list[dict[str, Any]]
    view_id: str | None
    view_type: str | None
    response_url: str | None

    @property
    def container_id(self) -> str:
        return self.message_ts or self.view_id or ""

    @property
    def in_dm(self) -> bool:
        return bool(self.channel and self.channel.startswith("D"))


@dataclass(frozen=True)
class SavedMessage:
    """The message a "Save as idea" shortcut was used on."""

    actor: Actor
    text: str
    channel: str
    ts: str
    trigger_id: str


@dataclass(frozen=True)
class IdeaForm:
    title: str
    description: str
    anonymous: bool


def _dict(value: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise MalformedPayload(f"{what} is missing or not an object")
    return value


def _str(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value:
        raise MalformedPayload(f"{what} is missing or not a string")
    return value


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _opt_str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def team_of(body: Mapping[str, Any]) -> str:
    team = body.get("team")
    if isinstance(team, Mapping) and isinstance(team.get("id"), str):
        return str(team["id"])
    for key in ("team_id", "context_team_id"):
        if isinstance(body.get(key), str) and body[key]:
            return str(body[key])
    user = body.get("user")
    if isinstance(user, Mapping) and isinstance(user.get("team_id"), str):
        return str(user["team_id"])
    raise MalformedPayload("no team id")


def interaction_actor(body: Mapping[str, Any]) -> Actor:
    user = _dict(body.get("user"), "user")
    return Actor(team_of(body), _str(user.get("id"), "user.id"))


def strip_mentions(text: str) -> str:
    return " ".join(_MENTION.sub(" ", text).split())


def user_message(body: Mapping[str, Any]) -> UserMessage:
    event = _dict(body.get("event"), "event")
    team = _opt_str(event.get("team")) or team_of(body)
    channel = _str(event.get("channel"), "event.channel")
    ts = _str(event.get("ts"), "event.ts")
    text = event.get("text")
    return UserMessage(
        actor=Actor(team, _str(event.get("user"), "event.user")),
        text=strip_mentions(text if isinstance(text, str) else ""),
        channel=channel,
        ts=ts,
        thread_ts=_opt_str(event.get("thread_ts")),
    )


# A person typing with a file attached, or replying in a thread "also send to channel",
# still talks to us; edits, deletions, joins and bot posts do not.
PERSON_SUBTYPES = frozenset({None, "file_share", "thread_broadcast"})


def is_person_message(event: Mapping[str, Any], bot_user_id: str | None) -> bool:
    """A DM a person typed: not an edit, join or other subtype, not a bot (us included)."""
    if (
        event.get("subtype") not in PERSON_SUBTYPES
        or event.get("bot_id")
        or event.get("bot_profile")
    ):
        return False
    user = event.get("user")
    if not isinstance(user, str) or not user or user == bot_user_id:
        return False
    channel_type = event.get("channel_type")
    channel = event.get("channel")
    return channel_type == "im" or (
        channel_type is None and isinstance(channel, str) and channel.startswith("D")
    )


def parse_action_id(action_id: str) -> Action | None:
    match = _ACTION.match(action_id)
    if not match:
        return None
    try:
        return Action(match.group("action"))
    except ValueError:
        return None


def click(body: Mapping[str, Any]) -> Click:
    actor = interaction_actor(body)
    actions = body.get("actions")
    if not isinstance(actions, list) or not actions:
        raise MalformedPayload("actions is missing or empty")
    first = _dict(actions[0], "actions[0]")
    action_id = _str(first.get("action_id"), "action_id")
    action = parse_action_id(action_id)
    if action is None:
        raise MalformedPayload(f"unknown action_id {action_id!r}")
    value = first.get("value")
    label = first.get("text")
    container, message, view = (_mapping(body.get(k)) for k in ("container", "message", "view"))
    channel = body.get("channel")
    channel_id = (
        _opt_str(channel.get("id")) if isinstance(channel, Mapping) else None
    ) or _opt_str(container.get("channel_id"))
    blocks = message.get("blocks")
    return Click(
        actor=actor,
        action=action,
        value=value if isinstance(value, str) else "",
        label=str(label.get("text", "")) if isinstance(label, Mapping) else "",
        action_id=action_id,
        action_ts=str(first.get("action_ts") or ""),
        trigger_id=_opt_str(body.get("trigger_id")),
        channel=channel_id,
        message_ts=_opt_str(container.get("message_ts")) or _opt_str(message.get("ts")),
        thread_ts=_opt_str(message.get("thread_ts")),
        message_blocks=[b for b in blocks if isinstance(b, dict)]
        if isinstance(blocks, list)
        else [],
        view_id=_opt_str(container.get("view_id")) or _opt_str(view.get("id")),
        view_type=_opt_str(view.get("type")),
        response_url=_opt_str(body.get("response_url")),
    )


def saved_message(body: Mapping[str, Any]) -> SavedMessage:
    message = _dict(body.get("message"), "message")
    channel = _dict(body.get("channel"), "channel")
    text = message.get("text")
    return SavedMessage(
        actor=interaction_actor(body),
        text=text if isinstance(text, str) else "",
        channel=_str(channel.get("id"), "channel.id"),
        ts=_str(message.get("ts") or body.get("message_ts"), "message.ts"),
        trigger_id=_str(body.get("trigger_id"), "trigger_id"),
    )


def _input_value(values: Mapping[str, Any], block_id: str) -> Any:
    """The state of the first element in a block, whatever its action_id."""
    block = values.get(block_id)
    if not isinstance(block, Mapping) or not block:
        return None
    return next(iter(block.values()))


def idea_form(view: Mapping[str, Any]) -> IdeaForm:
    state = _dict(view.get("state"), "view.state")
    values = _dict(state.get("values", {}), "view.state.values")
    title = _input_value(values, "title")
    description = _input_value(values, "description")
    anonymous = _input_value(values, "anonymous")
    chosen = anonymous.get("selected_options") if isinstance(anonymous, Mapping) else None
    return IdeaForm(
        title=str(title.get("value") or "") if isinstance(title, Mapping) else "",
        description=(
            str(description.get("value") or "") if isinstance(description, Mapping) else ""
        ),
        anonymous=bool(chosen),
    )


def metadata(view: Mapping[str, Any]) -> dict[str, str]:
    raw = view.get("private_metadata")
    if not isinstance(raw, str) or not raw:
        return {}
    try:
        data = json.loads(raw)
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
