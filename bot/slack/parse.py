"""Slack payloads to plain dataclasses; anything malformed raises MalformedPayload (→ 400).

Every field read from a payload is type-checked here, and every id must have the
shape Slack gives it: a signed request can still carry a forged or broken value
(issue 7), and what passes this module is used as is in SQL keys, API calls and
the core. A button's value is checked for its action (type and range); whether the
idea it names exists in this workspace is the core's question.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.core.models import Actor
from bot.core.replies import Action
from bot.slack import strings
from bot.slack.blocks import ACTION_PREFIX
from bot.slack.inbound import parse_json


class MalformedPayload(ValueError):
    """A signed request whose body lacks what its type promises."""


class InvalidForm(MalformedPayload):
    """A modal submission with fields of the wrong type: shown under those fields."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(f"unreadable fields: {', '.join(sorted(errors))}")
        self.errors = errors


_MENTION = re.compile(r"<@[UW][A-Z0-9]+(?:\|[^>]*)?>")
_ACTION = re.compile(rf"^{re.escape(ACTION_PREFIX)}(?P<action>[a-z_]+)(?::\d+)?$")

# The shapes of Slack's identifiers (ASCII only: "１２" is not a number here).
_SHAPES: dict[str, re.Pattern[str]] = {
    "team": re.compile(r"[TE][A-Z0-9]{1,20}", re.ASCII),
    "user": re.compile(r"[UW][A-Z0-9]{1,20}", re.ASCII),
    "channel": re.compile(r"[CDG][A-Z0-9]{1,20}", re.ASCII),
    "view": re.compile(r"V[A-Z0-9]{1,20}", re.ASCII),
    "event": re.compile(r"Ev[A-Za-z0-9]{1,30}", re.ASCII),
    "ts": re.compile(r"[0-9]{1,12}\.[0-9]{1,6}", re.ASCII),
    "trigger": re.compile(r"[0-9]{1,20}\.[0-9]{1,20}\.[0-9a-f]{1,64}", re.ASCII),
}
# Row ids are 64-bit: a 26-digit "id" overflows the database driver.
_ROW_ID = re.compile(r"[1-9][0-9]{0,18}", re.ASCII)
_MAX_ROW_ID = 2**63 - 1
# Slack caps a modal's private_metadata at 3000 characters.
METADATA_LIMIT = 3000


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
    message_text: str
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
class SlashCommand:
    actor: Actor
    text: str
    channel: str | None
    trigger_id: str | None


@dataclass(frozen=True)
class IdeaForm:
    title: str
    description: str
    anonymous: bool


def _dict(value: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise MalformedPayload(f"{what} is missing or not an object")
    return value


def _mapping(value: Any, what: str) -> Mapping[str, Any]:
    """An optional object: absent is empty, any other type is malformed."""
    if value is None:
        return {}
    return _dict(value, what)


def _text(value: Any, what: str) -> str:
    """Optional free text: absent is empty, any other type is malformed."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise MalformedPayload(f"{what} is not text")
    return value


def slack_id(value: Any, shape: str, what: str) -> str:
    if not isinstance(value, str) or not _SHAPES[shape].fullmatch(value):
        raise MalformedPayload(f"{what} is not a Slack {shape} id")
    return value


def _opt_id(value: Any, shape: str, what: str) -> str | None:
    return None if value is None or value == "" else slack_id(value, shape, what)


def team_of(body: Mapping[str, Any]) -> str:
    """The workspace: the first of the places Slack puts it that is present."""
    team = body.get("team")
    user = body.get("user")
    candidates = (
        (team.get("id") if isinstance(team, Mapping) else None, "team.id"),
        (body.get("team_id"), "team_id"),
        (body.get("context_team_id"), "context_team_id"),
        (user.get("team_id") if isinstance(user, Mapping) else None, "user.team_id"),
    )
    for value, what in candidates:
        if value is not None and value != "":
            return slack_id(value, "team", what)
    raise MalformedPayload("no team id")


def interaction_actor(body: Mapping[str, Any]) -> Actor:
    user = _dict(body.get("user"), "user")
    return Actor(team_of(body), slack_id(user.get("id"), "user", "user.id"))


def event_id(body: Mapping[str, Any]) -> str | None:
    return _opt_id(body.get("event_id"), "event", "event_id")


def trigger_id(body: Mapping[str, Any]) -> str | None:
    return _opt_id(body.get("trigger_id"), "trigger", "trigger_id")


def slash_command(body: Mapping[str, Any]) -> SlashCommand:
    return SlashCommand(
        actor=Actor(team_of(body), slack_id(body.get("user_id"), "user", "user_id")),
        text=_text(body.get("text"), "text").strip(),
        channel=_opt_id(body.get("channel_id"), "channel", "channel_id"),
        trigger_id=trigger_id(body),
    )


def home_opened(body: Mapping[str, Any], event: Mapping[str, Any]) -> Actor | None:
    """Who opened App Home, or None when they opened another tab."""
    if (_text(event.get("tab"), "event.tab") or "home") != "home":
        return None
    return Actor(team_of(body), slack_id(event.get("user"), "user", "event.user"))


def strip_mentions(text: str) -> str:
    return " ".join(_MENTION.sub(" ", text).split())


def user_message(body: Mapping[str, Any]) -> UserMessage:
    event = _dict(body.get("event"), "event")
    team = _opt_id(event.get("team"), "team", "event.team") or team_of(body)
    return UserMessage(
        actor=Actor(team, slack_id(event.get("user"), "user", "event.user")),
        text=strip_mentions(_text(event.get("text"), "event.text")),
        channel=slack_id(event.get("channel"), "channel", "event.channel"),
        ts=slack_id(event.get("ts"), "ts", "event.ts"),
        thread_ts=_opt_id(event.get("thread_ts"), "ts", "event.thread_ts"),
    )


# A person typing with a file attached, or replying in a thread "also send to channel",
# still talks to us; edits, deletions, joins and bot posts do not.
PERSON_SUBTYPES = frozenset({None, "file_share", "thread_broadcast"})


def is_person_message(event: Mapping[str, Any], bot_user_id: str | None) -> bool:
    """A DM a person typed: not an edit, join or other subtype, not a bot (us included)."""
    subtype = event.get("subtype")
    if subtype is not None and not isinstance(subtype, str):
        raise MalformedPayload("event.subtype is not text")
    if subtype not in PERSON_SUBTYPES or event.get("bot_id") or event.get("bot_profile"):
        return False
    user = _opt_id(event.get("user"), "user", "event.user")
    if user is None or user == bot_user_id:
        return False
    channel_type = event.get("channel_type")
    channel = _opt_id(event.get("channel"), "channel", "event.channel")
    return channel_type == "im" or (
        channel_type is None and channel is not None and channel.startswith("D")
    )


def parse_action_id(action_id: str) -> Action | None:
    match = _ACTION.match(action_id)
    if not match:
        return None
    try:
        return Action(match.group("action"))
    except ValueError:
        return None


def _row_id(value: str, what: str) -> str:
    if not _ROW_ID.fullmatch(value) or int(value) > _MAX_ROW_ID:
        raise MalformedPayload(f"{what} is not an id")
    return value


def row_id(value: Any, what: str) -> int:
    """A row id sent back to us (a button's value, our private_metadata)."""
    if not isinstance(value, str):
        raise MalformedPayload(f"{what} is not text")
    return int(_row_id(value, what))


def is_row_id(text: str) -> bool:
    """Whether typed text (after a "#") could name a row: ASCII digits within 64 bits."""
    return bool(_ROW_ID.fullmatch(text)) and int(text) <= _MAX_ROW_ID


# What each button may carry as its value: exactly what bot/core puts in its Choices.
_ID_VALUED = frozenset(
    {
        Action.SUPPORT,
        Action.UPVOTE,
        Action.UNVOTE,
        Action.SIMILAR,
        Action.SHOW_IDEA,
        Action.FORGET_MEMORY,
    }
)
_WORD_VALUED: dict[Action, frozenset[str]] = {
    Action.DIFFERENT: frozenset({"", "all"}),  # or an idea id
    Action.SUBMIT: frozenset({"", "named"}),
    Action.FORGET_ME: frozenset({"", "keep"}),
    Action.ACCEPT_TERMS: frozenset({"anonymous", "named"}),
}


def action_value(action: Action, value: Any) -> str:
    """The button's value, checked for its action (type, range); MalformedPayload if not."""
    what = f"the value of {action.value}"
    if not isinstance(value, str):  # Slack leaves a value out, it never sends null
        raise MalformedPayload(f"{what} is not text")
    text = value
    if action in _ID_VALUED:
        return _row_id(text, what)
    allowed = _WORD_VALUED.get(action, frozenset({""}))
    if text in allowed:
        return text
    if action is Action.DIFFERENT:
        return _row_id(text, what)
    raise MalformedPayload(f"{what} is not one of {sorted(allowed)}")


def click(body: Mapping[str, Any]) -> Click:
    actor = interaction_actor(body)
    actions = body.get("actions")
    if not isinstance(actions, list) or not actions:
        raise MalformedPayload("actions is missing or empty")
    first = _dict(actions[0], "actions[0]")
    action_id = first.get("action_id")
    action = parse_action_id(action_id) if isinstance(action_id, str) else None
    if action is None or not isinstance(action_id, str):
        raise MalformedPayload(f"unknown action_id {action_id!r}")
    label = _mapping(first.get("text"), "actions[0].text")
    container = _mapping(body.get("container"), "container")
    message = _mapping(body.get("message"), "message")
    view = _mapping(body.get("view"), "view")
    channel = _mapping(body.get("channel"), "channel")
    blocks = message.get("blocks")
    if blocks is not None and not (
        isinstance(blocks, list) and all(isinstance(b, dict) for b in blocks)
    ):
        raise MalformedPayload("message.blocks is not a list of blocks")
    view_type = view.get("type")
    return Click(
        actor=actor,
        action=action,
        value=action_value(action, first.get("value", "")),
        label=_text(label.get("text"), "actions[0].text.text"),
        action_id=action_id,
        action_ts=slack_id(first.get("action_ts"), "ts", "action_ts"),
        trigger_id=trigger_id(body),
        channel=_opt_id(channel.get("id"), "channel", "channel.id")
        or _opt_id(container.get("channel_id"), "channel", "container.channel_id"),
        message_ts=_opt_id(container.get("message_ts"), "ts", "container.message_ts")
        or _opt_id(message.get("ts"), "ts", "message.ts"),
        thread_ts=_opt_id(message.get("thread_ts"), "ts", "message.thread_ts"),
        message_blocks=list(blocks or []),
        message_text=_text(message.get("text"), "message.text"),
        view_id=_opt_id(container.get("view_id"), "view", "container.view_id")
        or _opt_id(view.get("id"), "view", "view.id"),
        view_type=_text(view_type, "view.type") or None,
        response_url=_text(body.get("response_url"), "response_url") or None,
    )


def saved_message(body: Mapping[str, Any]) -> SavedMessage:
    message = _dict(body.get("message"), "message")
    channel = _dict(body.get("channel"), "channel")
    ts = message.get("ts") or body.get("message_ts")
    trigger = trigger_id(body)
    if trigger is None:
        raise MalformedPayload("trigger_id is missing")
    return SavedMessage(
        actor=interaction_actor(body),
        text=_text(message.get("text"), "message.text"),
        channel=slack_id(channel.get("id"), "channel", "channel.id"),
        ts=slack_id(ts, "ts", "message.ts"),
        trigger_id=trigger,
    )


def _input_text(values: Mapping[str, Any], block_id: str, errors: dict[str, str]) -> str:
    """A plain_text_input's text ("" when empty); a wrong type is an error on its field."""
    state = _input_state(values, block_id, errors)
    value = state.get("value") if state is not None else None
    if value is None or isinstance(value, str):
        return value or ""
    errors[block_id] = strings.ERROR_UNREADABLE
    return ""


def _input_state(
    values: Mapping[str, Any], block_id: str, errors: dict[str, str]
) -> Mapping[str, Any] | None:
    """The state of the first element in a block, whatever its action_id."""
    block = values.get(block_id)
    if block is None:
        return None
    state = next(iter(block.values()), None) if isinstance(block, Mapping) else None
    if not isinstance(state, Mapping):
        errors[block_id] = strings.ERROR_UNREADABLE
        return None
    return state


def _checked(values: Mapping[str, Any], block_id: str, option: str, errors: dict[str, str]) -> bool:
    """Whether a one-option checkbox is ticked."""
    state = _input_state(values, block_id, errors)
    chosen = state.get("selected_options") if state is not None else None
    if chosen is None:
        return False
    if isinstance(chosen, list) and all(
        isinstance(o, Mapping) and o.get("value") == option for o in chosen
    ):
        return bool(chosen)
    errors[block_id] = strings.ERROR_UNREADABLE
    return False


def idea_form(view: Mapping[str, Any]) -> IdeaForm:
    """The idea modal's fields; InvalidForm names the fields sent with the wrong type."""
    state = _dict(view.get("state"), "view.state")
    values = _dict(state.get("values", {}), "view.state.values")
    errors: dict[str, str] = {}
    form = IdeaForm(
        title=_input_text(values, "title", errors),
        description=_input_text(values, "description", errors),
        anonymous=_checked(values, "anonymous", "anonymous", errors),
    )
    if errors:
        raise InvalidForm(errors)
    return form


def view_id(view: Mapping[str, Any]) -> str:
    return slack_id(view.get("id"), "view", "view.id")


def metadata(view: Mapping[str, Any]) -> dict[str, str]:
    """The modal's private_metadata: ours, so anything but a small object of strings
    was not written by us and is malformed."""
    raw = view.get("private_metadata")
    if raw is None or raw == "":
        return {}
    if not isinstance(raw, str) or len(raw) > METADATA_LIMIT:
        raise MalformedPayload("private_metadata is not ours")
    try:
        data = parse_json(raw)
    except ValueError as exc:
        raise MalformedPayload("private_metadata is not JSON") from exc
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise MalformedPayload("private_metadata is not an object of strings")
    return {str(k): v for k, v in data.items()}
