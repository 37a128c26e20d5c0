"""Issue 7's reproductions: forged, malformed and oversized requests against the real
HTTP server. Each test here failed before its fix (defects 1, 5, 6 and 7)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func, select

from bot.core.models import NewIdea
from storage import models as m
from tests.e2e.harness import Bot
from tests.fakes.slack_api import TEAM_ID, dm_channel_id
from tests.fakes.slack_requests import FORM, JSON, SlackRequest, button, text_value

IDEA = "We should put bike racks near the north entrance because people lock bikes to the fence"
BENEFIT = "Employees who cycle to work would benefit, and the fence would not get damaged"
OTHER_TEAM = "T0OTHERCO"


def _unsigned(body: bytes, content_type: str = JSON, **headers: str) -> SlackRequest:
    return SlackRequest(body, {"Content-Type": content_type, **headers})


def _last_reply(bot: Bot, user: str) -> dict[str, Any]:
    return bot.fake.messages_in(dm_channel_id(user))[-1]


def _dm(bot: Bot, user: str, text: str) -> dict[str, Any]:
    assert bot.send(bot.slack.dm(user, text)).status_code == 200
    bot.settle()
    return _last_reply(bot, user)


def _buttons(message: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        element["text"]["text"]: element
        for block in message.get("blocks", [])
        if block.get("type") == "actions"
        for element in block["elements"]
    }


def _click(bot: Bot, user: str, action_id: str, value: Any, message: dict[str, Any]) -> int:
    action = button(action_id, text="Button")
    action["value"] = value
    request = bot.slack.block_actions(
        action, user_id=user, channel_id=dm_channel_id(user), message=message
    )
    status = bot.send(request).status_code
    bot.settle()
    return status


def _links(bot: Bot) -> list[tuple[str, int, int]]:
    with bot.container.store.engine.connect() as connection:
        rows = connection.execute(
            select(m.IdeaLink.team_id, m.IdeaLink.idea_id, m.IdeaLink.other_idea_id)
        )
        return [tuple(r) for r in rows]  # type: ignore[misc]


def _draft_notes(bot: Bot, user: str) -> dict[str, Any] | None:
    with bot.container.store.unit_of_work() as uow:
        draft = uow.people.active_draft(TEAM_ID, user)
        return dict(draft.notes) if draft is not None else None


# ------------------------------------------------------------------ defect 1


def test_deep_nesting_without_a_signature_is_refused_not_a_500(bot: Bot) -> None:
    nested = b"[" * 2000
    for request in (
        _unsigned(nested),
        _unsigned(b"payload=" + nested, FORM),
        _unsigned(b'{"a": ' + nested),
    ):
        assert bot.send(request).status_code == 401


def test_deep_nesting_with_a_signature_is_a_400(bot: Bot) -> None:
    nested = b"[" * 2000
    assert bot.send(bot.slack.raw(nested)).status_code == 400
    assert bot.send(bot.slack.raw(b"payload=" + nested, FORM)).status_code == 400
    # Deep but parseable JSON inside an otherwise valid payload: still refused.
    deep = json.dumps({"type": "event_callback", "event": {"type": "message"}})
    deep = deep[:-1] + ', "x": ' + "[" * 500 + "]" * 500 + "}"
    assert bot.send(bot.slack.raw(deep.encode())).status_code == 400


def test_nested_private_metadata_is_a_400_and_saves_nothing(bot: Bot) -> None:
    values = {
        "title": {"value": text_value("Nested metadata")},
        "description": {"value": text_value("A modal whose private_metadata is junk")},
    }
    request = bot.slack.view_submission(
        "idea_modal", values, user_id="U0NESTED", private_metadata="[" * 2000
    )
    assert bot.send(request).status_code == 400
    bot.settle()
    assert bot.container.ideas.list_ideas(TEAM_ID, author_key="U0NESTED") == []


def _post_raw_headers(bot: Bot, body: bytes, headers: dict[str, str]) -> int:
    # Header values as UTF-8 bytes: httpx refuses non-ASCII str, a real attacker does not.
    raw = {k: v.encode("utf-8") for k, v in headers.items()}
    return bot.http.post(f"{bot.url}/slack/events", content=body, headers=raw).status_code


def test_odd_timestamp_headers_are_refused_not_a_500(bot: Bot) -> None:
    body, headers = bot.slack.dm("U0CLOCK", "hello")
    for stamp in ("abc", "1e30", "-1", "", "9" * 5000, "１２３", "+12", "0x10", "1_700_000_000"):
        odd = {**headers, "X-Slack-Request-Timestamp": stamp}
        assert _post_raw_headers(bot, body, odd) == 401, stamp
    for signature in ("", "v0=", "v0=zz", "v1=" + "0" * 64, "v0=" + "é" * 64):
        odd = {**headers, "X-Slack-Signature": signature}
        assert _post_raw_headers(bot, body, odd) == 401, signature


def test_a_huge_body_is_refused_with_413_before_it_is_read(bot: Bot) -> None:
    huge = b'{"type": "event_callback", "event": {"text": "' + b"x" * 3_000_000 + b'"}}'
    assert bot.send(_unsigned(huge)).status_code == 413
    assert bot.send(bot.slack.raw(huge)).status_code == 413

    def chunks() -> Any:  # no Content-Length: the cap holds while streaming too
        for _ in range(40):
            yield b"x" * 100_000

    streamed = bot.http.post(
        f"{bot.url}/slack/events", content=chunks(), headers={"Content-Type": JSON}
    )
    assert streamed.status_code == 413


# ------------------------------------------------------------------ defect 5


def test_different_with_another_workspaces_idea_links_nothing(bot: Bot) -> None:
    theirs = bot.container.ideas.create(
        NewIdea(team_id=OTHER_TEAM, title="Their secret", description="Solar panels on the roof")
    )
    user = "U0FORGER"
    first = _dm(bot, user, IDEA)
    notes_before = _draft_notes(bot, user)

    assert _click(bot, user, "ideabot:different", str(theirs.id), first) == 200

    answer = _last_reply(bot, user)["text"]
    assert f"can't find idea #{theirs.id}" in answer
    assert "Sorry, something went wrong" not in answer
    assert _draft_notes(bot, user) == notes_before
    preview = _dm(bot, user, BENEFIT)
    assert _click(bot, user, _buttons(preview)["Submit"]["action_id"], "", preview) == 200
    assert "Submitted as #" in _last_reply(bot, user)["text"]
    assert all(other != theirs.id for _, _, other in _links(bot))


def test_different_with_a_nonexistent_id_is_refused_before_anything_is_saved(bot: Bot) -> None:
    user = "U0GHOST"
    first = _dm(bot, user, IDEA)

    assert _click(bot, user, "ideabot:different", "999999", first) == 200

    assert "can't find idea #999999" in _last_reply(bot, user)["text"]
    preview = _dm(bot, user, BENEFIT)
    _click(bot, user, _buttons(preview)["Submit"]["action_id"], "", preview)
    submitted = _last_reply(bot, user)["text"]
    assert "Submitted as #" in submitted and "something went wrong" not in submitted
    assert all(other != 999999 for _, _, other in _links(bot))


def test_button_values_of_the_wrong_type_or_range_are_a_400(bot: Bot) -> None:
    user = "U0TYPES"
    first = _dm(bot, user, IDEA)
    notes_before = _draft_notes(bot, user)
    replies_before = len(bot.fake.messages_in(dm_channel_id(user)))
    bad_values: list[Any] = ["abc", "1" * 26, "-1", "0", "1e3", "１２", 12, None, [], {"$ne": 1}]
    for action in ("different", "support", "upvote", "similar", "forget_memory"):
        for value in bad_values:
            status = _click(bot, user, f"ideabot:{action}", value, first)
            assert status == 400, (action, value, status)
    assert _draft_notes(bot, user) == notes_before
    assert len(bot.fake.messages_in(dm_channel_id(user))) == replies_before


# ------------------------------------------------------------------ defect 6


def test_an_over_long_dm_is_refused_and_not_stored_whole(bot: Bot) -> None:
    user = "U0LONGTEXT"
    text = "word " * 20_000  # 100,000 characters: over the 40,000 limit, under the body cap
    reply = _dm(bot, user, text)

    assert "too long" in reply["text"]
    with bot.container.store.engine.connect() as connection:
        longest = connection.scalar(select(func.max(func.length(m.Turn.text))))
    assert longest is not None and longest <= 40_000


# ------------------------------------------------------------------ defect 7


def test_a_modal_title_of_the_wrong_type_is_a_field_error_not_a_stored_dict(bot: Bot) -> None:
    for title in ({"$ne": 1}, ["a list"], 42, True):
        values = {
            "title": {"value": {"type": "plain_text_input", "value": title}},
            "description": {"value": text_value("Injected title")},
        }
        request = bot.slack.view_submission("idea_modal", values, user_id="U0INJECT")
        response = bot.send(request)
        assert response.status_code == 200, title
        assert response.json()["response_action"] == "errors"
        assert set(response.json()["errors"]) == {"title"}
    bot.settle()
    assert bot.container.ideas.list_ideas(TEAM_ID, author_key="U0INJECT") == []


def test_lone_surrogates_in_ids_are_a_400_not_a_background_traceback(bot: Bot) -> None:
    from tests.fakes.slack_requests import message_im_event

    good = message_im_event("U0SURR", "we should plant trees in the car park")
    for event, event_id in (
        ({**good, "user": "U0SURR\ud800"}, None),
        (good, "Ev\udc00BAD"),
        ({**good, "channel": "D0SURR\ud800"}, None),
        ({**good, "ts": "1700000000.\ud8000001"}, None),
    ):
        envelope = bot.slack.event_envelope(event, event_id=event_id)
        body = json.dumps(envelope).encode("utf-8")  # ensure_ascii: "\ud800" escapes
        assert bot.send(bot.slack.raw(body)).status_code == 400
    bot.settle()
    assert bot.fake.messages_in(dm_channel_id("U0SURR")) == []
