from __future__ import annotations

from typing import Any

import pytest

from bot.core.replies import Action
from bot.slack import parse
from bot.slack.parse import (
    InvalidForm,
    MalformedPayload,
    action_value,
    idea_form,
    is_person_message,
    metadata,
)


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        ({"type": "message", "channel_type": "im", "user": "U1", "text": "hi"}, True),
        ({"type": "message", "channel_type": "im", "user": "U1", "subtype": "file_share"}, True),
        (
            {"type": "message", "channel_type": "im", "user": "U1", "subtype": "thread_broadcast"},
            True,
        ),
        ({"type": "message", "channel_type": "im", "subtype": "message_changed"}, False),
        (
            {"type": "message", "channel_type": "im", "user": "U1", "subtype": "message_deleted"},
            False,
        ),
        ({"type": "message", "channel_type": "im", "user": "U1", "bot_id": "B1"}, False),
        ({"type": "message", "channel_type": "im", "user": "UBOT"}, False),
        ({"type": "message", "channel_type": "channel", "user": "U1"}, False),
        ({"type": "message", "channel": "D123", "user": "U1"}, True),
    ],
)
def test_only_what_a_person_typed_in_a_dm_is_answered(
    event: dict[str, object], expected: bool
) -> None:
    assert is_person_message(event, "UBOT") is expected


# --- issue 7: values of the wrong type or shape are malformed, never used --------

_ID_ACTIONS = [
    Action.SUPPORT,
    Action.UPVOTE,
    Action.UNVOTE,
    Action.SIMILAR,
    Action.SHOW_IDEA,
    Action.FORGET_MEMORY,
]


@pytest.mark.parametrize("action", [*_ID_ACTIONS, Action.DIFFERENT])
@pytest.mark.parametrize(
    "value", ["abc", "-1", "0", "1" * 26, "9" * 19, "１２", " 1", "1e3", 12, None, [], {"$ne": 1}]
)
def test_an_id_button_value_must_be_a_row_id(action: Action, value: Any) -> None:
    with pytest.raises(MalformedPayload):
        action_value(action, value)


@pytest.mark.parametrize(
    ("action", "value"),
    [
        (Action.UPVOTE, "12"),
        (Action.FORGET_MEMORY, "3"),
        (Action.DIFFERENT, "all"),
        (Action.DIFFERENT, "7"),
        (Action.DIFFERENT, ""),
        (Action.SUBMIT, "named"),
        (Action.FORGET_ME, "keep"),
        (Action.HELP, ""),
        (Action.UPVOTE, str(2**63 - 1)),
    ],
)
def test_the_values_the_bot_puts_on_its_buttons_pass(action: Action, value: str) -> None:
    assert action_value(action, value) == value


@pytest.mark.parametrize(("action", "value"), [(Action.HELP, "x"), (Action.SUBMIT, "yes")])
def test_a_button_without_a_value_must_not_carry_one(action: Action, value: str) -> None:
    with pytest.raises(MalformedPayload):
        action_value(action, value)


def _view(**values: Any) -> dict[str, Any]:
    return {"id": "V1", "state": {"values": values}}


def test_modal_fields_of_the_wrong_type_are_field_errors() -> None:
    with pytest.raises(InvalidForm) as caught:
        idea_form(
            _view(
                title={"value": {"value": {"$ne": 1}}},
                description={"value": {"value": "fine"}},
                anonymous={"value": {"selected_options": "anonymous"}},
            )
        )
    assert set(caught.value.errors) == {"title", "anonymous"}


def test_a_modal_with_text_fields_reads_them() -> None:
    form = idea_form(
        _view(
            title={"value": {"value": "Quiet room"}},
            description={"value": {"value": None}},
            anonymous={"value": {"selected_options": [{"value": "anonymous"}]}},
        )
    )
    assert (form.title, form.description, form.anonymous) == ("Quiet room", "", True)


@pytest.mark.parametrize(
    "raw", ["[" * 2000, "not json", '{"source": {"$ne": 1}}', "[1]", 42, "x" * 3001]
)
def test_private_metadata_not_written_by_us_is_malformed(raw: Any) -> None:
    with pytest.raises(MalformedPayload):
        metadata({"private_metadata": raw})


def test_our_private_metadata_reads_back() -> None:
    assert metadata({"private_metadata": '{"source": "From this message"}'}) == {
        "source": "From this message"
    }
    assert metadata({"private_metadata": ""}) == {}


@pytest.mark.parametrize(
    "event",
    [
        {"type": "message", "channel_type": "im", "user": "U1\ud800"},
        {"type": "message", "channel_type": "im", "user": {"id": "U1"}},
        {"type": "message", "channel_type": "im", "user": "U1", "subtype": ["x"]},
        {"type": "message", "user": "U1", "channel": 42},
    ],
)
def test_a_dm_event_with_odd_ids_is_malformed(event: dict[str, Any]) -> None:
    with pytest.raises(MalformedPayload):
        is_person_message(event, "UBOT")


@pytest.mark.parametrize("event_id", ["Ev\ud800", "Ev 1", 42, "x" * 40])
def test_an_event_id_must_look_like_one(event_id: Any) -> None:
    with pytest.raises(MalformedPayload):
        parse.event_id({"event_id": event_id})
