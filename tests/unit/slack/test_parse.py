from __future__ import annotations

import pytest

from bot.slack.parse import is_person_message


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
