"""The merge controls' payloads, checked like bot/slack/parse.py checks the others:
types, id shapes and ranges here (MalformedPayload → 400); whether the ideas exist
in the clicker's workspace, and whether they may merge, is the core's question.

`idea_merge_open` comes as a button (`value`) or as an option of a menu or overflow
(`selected_option.value`); the value is `B` (merge idea B into…), `B:A` (into A,
chosen in the modal), or either prefixed `idea_merge_open:` (a menu whose options mix
actions). `idea_unmerge` carries `B`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.core.models import Actor
from bot.slack import strings
from bot.slack.merge_blocks import MERGE_OPEN, NUMBER_BLOCK, TARGET_BLOCK, UNMERGE
from bot.slack.parse import (
    InvalidForm,
    MalformedPayload,
    interaction_actor,
    metadata,
    row_id,
    slack_id,
    trigger_id,
    view_id,
)


@dataclass(frozen=True)
class MergeClick:
    actor: Actor
    action_id: str  # MERGE_OPEN or UNMERGE
    idea_id: int
    into_id: int | None  # chosen beforehand (the Similar view's Merge buttons)
    action_ts: str
    trigger_id: str | None
    channel: str | None
    response_url: str | None


@dataclass(frozen=True)
class MergeForm:
    actor: Actor
    view_id: str
    idea_id: int
    chosen: int | None  # from the menu of similar ideas
    typed: str  # a number or external id typed instead


def _mapping(value: Any, what: str) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise MalformedPayload(f"{what} is not an object")
    return value


def _clicked_value(first: Mapping[str, Any]) -> Any:
    if "selected_option" in first:
        return _mapping(first["selected_option"], "actions[0].selected_option").get("value")
    return first.get("value")


def merge_click(body: Mapping[str, Any]) -> MergeClick:
    actor = interaction_actor(body)
    actions = body.get("actions")
    if not isinstance(actions, list) or not actions:
        raise MalformedPayload("actions is missing or empty")
    first = _mapping(actions[0], "actions[0]")
    action_id = first.get("action_id")
    if action_id not in (MERGE_OPEN, UNMERGE):
        raise MalformedPayload(f"unknown action_id {action_id!r}")
    value = _clicked_value(first)
    what = f"the value of {action_id}"
    if not isinstance(value, str):
        raise MalformedPayload(f"{what} is not text")
    value = value.removeprefix(f"{MERGE_OPEN}:")
    parts = value.split(":")
    if len(parts) > (2 if action_id == MERGE_OPEN else 1):
        raise MalformedPayload(f"{what} is not an idea id")
    ids = [row_id(part, what) for part in parts]
    channel = _mapping(body.get("channel"), "channel").get("id") or _mapping(
        body.get("container"), "container"
    ).get("channel_id")
    response_url = body.get("response_url")
    if response_url is not None and not isinstance(response_url, str):
        raise MalformedPayload("response_url is not text")
    return MergeClick(
        actor=actor,
        action_id=action_id,
        idea_id=ids[0],
        into_id=ids[1] if len(ids) > 1 else None,
        action_ts=slack_id(first.get("action_ts"), "ts", "action_ts"),
        trigger_id=trigger_id(body),
        channel=slack_id(channel, "channel", "channel.id") if channel else None,
        response_url=response_url or None,
    )


def _state(values: Mapping[str, Any], block_id: str, errors: dict[str, str]) -> Mapping[str, Any]:
    block = values.get(block_id)
    if block is None:
        return {}
    state = next(iter(block.values()), None) if isinstance(block, Mapping) else None
    if not isinstance(state, Mapping):
        errors[block_id] = strings.ERROR_UNREADABLE
        return {}
    return state


def _chosen(values: Mapping[str, Any], errors: dict[str, str]) -> int | None:
    option = _state(values, TARGET_BLOCK, errors).get("selected_option")
    if option is None:
        return None
    value = option.get("value") if isinstance(option, Mapping) else None
    try:
        return row_id(value, "the chosen idea")
    except MalformedPayload:
        errors[TARGET_BLOCK] = strings.ERROR_UNREADABLE
        return None


def _typed(values: Mapping[str, Any], errors: dict[str, str]) -> str:
    value = _state(values, NUMBER_BLOCK, errors).get("value")
    if value is None or isinstance(value, str):
        return (value or "").strip()
    errors[NUMBER_BLOCK] = strings.ERROR_UNREADABLE
    return ""


def merge_form(body: Mapping[str, Any], view: Mapping[str, Any]) -> MergeForm:
    """The modal's submission: MalformedPayload when it is not ours (no idea in its
    metadata), InvalidForm for fields of the wrong type (shown under them)."""
    actor = interaction_actor(body)
    modal = view_id(view)
    idea_id = row_id(metadata(view).get("idea"), "the modal's idea")
    state = _mapping(view.get("state"), "view.state")
    values = _mapping(state.get("values"), "view.state.values")
    errors: dict[str, str] = {}
    form = MergeForm(actor, modal, idea_id, _chosen(values, errors), _typed(values, errors))
    if errors:
        raise InvalidForm(errors)
    return form
