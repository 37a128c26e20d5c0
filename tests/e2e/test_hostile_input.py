"""Hostile input against the real HTTP server (issue 7's "Must").

Well over a hundred generated bad requests: deep nesting, huge bodies, bad encodings,
odd header values, forged buttons and modals with wrong types, other workspaces' ids,
nonexistent and overflowing ids, and wrong JSON types in every field we read. Each
must get a 4xx (or, for a signed payload that is merely odd, a polite answer), leave
no traceback or error in the server's log, and change nothing in the database.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pytest
from sqlalchemy import text

from bot.core.models import Actor, NewIdea
from bot.slack import strings
from tests.e2e.harness import SECRET, Bot
from tests.fakes.slack_api import TEAM_ID, dm_channel_id
from tests.fakes.slack_requests import (
    FORM,
    JSON,
    SlackRequest,
    SlackRequests,
    app_home_opened_event,
    app_mention_event,
    button,
    message_im_event,
    text_value,
)

OTHER_TEAM = "T0HOSTILEOTHER"
DRAFTER = "U0DRAFTER"  # has a draft in progress: forged clicks must not touch it
IDEA_TEXT = "We should put bike racks near the north entrance because people lock bikes"
WATCHED_TABLES = ("ideas", "votes", "idea_links", "drafts", "idea_tags", "memory_items")


# ---------------------------------------------------------------- the world


@dataclass
class World:
    ours: int  # an idea of this workspace
    theirs: int  # an idea of another workspace
    draft_message: dict[str, Any]  # the bot's reply to DRAFTER, buttons and all


@pytest.fixture(scope="module")
def world(bot: Bot) -> World:
    ideas = bot.container.ideas
    ours = ideas.create(
        NewIdea(team_id=TEAM_ID, title="Quiet room", description="A room for focused work")
    )
    theirs = ideas.create(
        NewIdea(team_id=OTHER_TEAM, title="Their secret", description="Solar panels on a roof")
    )
    assert bot.send(bot.slack.dm(DRAFTER, IDEA_TEXT)).status_code == 200
    bot.settle()
    reply = bot.fake.messages_in(dm_channel_id(DRAFTER))[-1]
    bot.container.memory.remember_interests(Actor(TEAM_ID, DRAFTER), ["cycling"], "said")
    bot.settle()
    return World(ours.id, theirs.id, reply)


# ----------------------------------------------------------- observations


class ServerLog(logging.Handler):
    """Everything at ERROR or above, any traceback, and any exception in a thread."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.problems: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR or record.exc_info:
            self.problems.append(f"{record.name}: {record.getMessage()}")
        elif "unreadable Slack request" in record.getMessage():  # Bolt choked on it
            self.problems.append(record.getMessage())


@pytest.fixture
def server_log() -> Iterator[ServerLog]:
    handler = ServerLog()
    # uvicorn's loggers do not propagate to the root: watch them directly.
    watched = [
        logging.getLogger(),
        logging.getLogger("uvicorn"),
        logging.getLogger("uvicorn.error"),
    ]
    for logger in watched:
        logger.addHandler(handler)
    previous_hook = threading.excepthook
    threading.excepthook = lambda args: handler.problems.append(f"thread: {args.exc_value!r}")
    try:
        yield handler
    finally:
        threading.excepthook = previous_hook
        for logger in watched:
            logger.removeHandler(handler)


def snapshot(bot: Bot) -> dict[str, list[tuple[Any, ...]]]:
    with bot.container.store.engine.connect() as connection:
        return {
            table: sorted(
                (tuple(row) for row in connection.execute(text(f"SELECT * FROM {table}"))),
                key=repr,
            )
            for table in WATCHED_TABLES
        }


def _said_to_people(bot: Bot, since: int) -> list[str]:
    shown = ("chat.postMessage", "chat.update", "chat.postEphemeral", "response_url")
    return [str(c.args.get("text", "")) for c in bot.fake.calls[since:] if c.method in shown]


# ------------------------------------------------------------------ requests


@dataclass(frozen=True)
class Raw:
    """A request sent as is: any bytes, any header values (encoded as UTF-8)."""

    body: bytes | Callable[[], Iterator[bytes]]
    headers: dict[str, str]


Request = SlackRequest | Raw
Build = Callable[[Bot, World], Request]


def _signed_bytes(body: bytes, content_type: str = JSON) -> Raw:
    """Signed over the raw bytes, even when they are not UTF-8 (Slack never does that)."""
    stamp = str(int(time.time()))
    digest = hmac.new(SECRET.encode(), b"v0:" + stamp.encode() + b":" + body, hashlib.sha256)
    return Raw(
        body,
        {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": "v0=" + digest.hexdigest(),
        },
    )


def _json(payload: Any) -> bytes:
    return json.dumps(payload).encode("utf-8")


def _event(bot: Bot, event: dict[str, Any], **envelope: Any) -> SlackRequest:
    return bot.slack.raw(_json({**bot.slack.event_envelope(event), **envelope}))


def _interactive(bot: Bot, payload: dict[str, Any]) -> SlackRequest:
    return bot.slack.raw(urlencode({"payload": json.dumps(payload)}).encode(), FORM)


def _payload(request: SlackRequest) -> dict[str, Any]:
    return request.payload()


def _click(bot: Bot, world: World, action: str, value: Any, **overrides: Any) -> SlackRequest:
    """DRAFTER clicks `ideabot:<action>` with `value` on the bot's reply in their DM."""
    element = button(f"ideabot:{action}", text="Button")
    if value is not _ABSENT:
        element["value"] = value
    request = bot.slack.block_actions(
        element,
        user_id=DRAFTER,
        channel_id=dm_channel_id(DRAFTER),
        message=world.draft_message,
    )
    payload = _payload(request)
    for path, replacement in overrides.items():
        _set(payload, path, replacement)
    return _interactive(bot, payload)


def _modal(bot: Bot, values: Any, **overrides: Any) -> SlackRequest:
    good = {
        "title": {"value": text_value("Hostile title")},
        "description": {"value": text_value("Hostile description")},
    }
    request = bot.slack.view_submission(
        "idea_modal", good if values is _ABSENT else values, user_id="U0MODALHOSTILE"
    )
    payload = _payload(request)
    for path, replacement in overrides.items():
        _set(payload, path, replacement)
    return _interactive(bot, payload)


def _set(payload: dict[str, Any], path: str, value: Any) -> None:
    """payload["a"]["b"] = value for path "a__b" (a key 'actions__0__x' indexes lists)."""
    *parents, last = path.split("__")
    target: Any = payload
    for part in parents:
        target = target[int(part)] if isinstance(target, list) else target[part]
    if isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value


_ABSENT = object()
NESTED = "[" * 2000
WRONG_TYPES: list[Any] = [{"$ne": 1}, ["U0X"], 42, 1.5, True, None, ""]
BAD_ID_STRINGS = ["u0lower", "U0\ud800", "U0\x00", "U0 X", "U" + "0" * 60, "１２", "Ev<script>"]
BAD_VALUES: list[Any] = [
    "abc", "-1", "0", "1" * 26, "1e3", "１２", " 1", "0x1", "9" * 19, 12, 1.5, True, None, [],
    {"$ne": 1}, NESTED[:100] + "]" * 100,
]  # fmt: skip
ID_ACTIONS = ("support", "upvote", "similar", "show_idea", "different", "forget_memory")
PLAIN_ACTIONS = ("submit", "submit_anonymous", "edit", "cancel", "help", "list_mine")


# Each case: (name, build, expected): "4xx", "polite" (200 and an answer that is not
# an apology), or "field_errors" (a modal kept open with errors under its fields).
Case = tuple[str, Build, str]


def _transport_cases() -> list[Case]:
    def dm(bot: Bot) -> SlackRequest:
        return bot.slack.dm("U0HEADERS", "hello there")

    def with_header(name: str, value: str) -> Build:
        def build(bot: Bot, _: World) -> Request:
            body, headers = dm(bot)
            return Raw(body, {**headers, name: value})

        return build

    def without(name: str) -> Build:
        def build(bot: Bot, _: World) -> Request:
            body, headers = dm(bot)
            return Raw(body, {k: v for k, v in headers.items() if k != name})

        return build

    cases: list[Case] = [
        ("no signature headers", lambda b, w: Raw(dm(b).body, {"Content-Type": JSON}), "4xx"),
        ("missing signature", without("X-Slack-Signature"), "4xx"),
        ("missing timestamp", without("X-Slack-Request-Timestamp"), "4xx"),
        (
            "stale timestamp",
            lambda b, w: SlackRequests(SECRET, timestamp=int(time.time()) - 400).dm("U0OLD", "hi"),
            "4xx",
        ),
        (
            "future timestamp",
            lambda b, w: SlackRequests(SECRET, timestamp=int(time.time()) + 400).dm("U0NEW", "hi"),
            "4xx",
        ),
        ("wrong secret", lambda b, w: SlackRequests("not-it").dm("U0MALLORY", "hi"), "4xx"),
        (
            "signature of another body",
            lambda b, w: Raw(dm(b).body + b" ", dm(b).headers),
            "4xx",
        ),
    ]
    for stamp in ("abc", "1e30", "-1", "", "9" * 5000, "１２３", "+12", "0x10", "1_700_000_000"):
        cases.append(
            (f"timestamp {stamp[:12]!r}", with_header("X-Slack-Request-Timestamp", stamp), "4xx")
        )
    for signature in ("", "v0=", "v0=zz", "v1=" + "0" * 64, "v0=" + "é" * 64, "v0=" + "A" * 64):
        cases.append(
            (f"signature {signature[:8]!r}", with_header("X-Slack-Signature", signature), "4xx")
        )
    for content_type in ("multipart/form-data; boundary=x", "text/plain", "application/xml"):
        cases.append(
            (
                f"form body as {content_type}",
                lambda b, w, ct=content_type: b.slack.raw(b"ssl=1&x=2", ct),
                "4xx",
            )
        )
    cases.append(
        ("form payload sent as JSON", lambda b, w: b.slack.raw(b"payload=%7B%7D", JSON), "4xx")
    )
    cases.append(
        (
            "two payloads",
            lambda b, w: b.slack.raw(b"payload=%7B%7D&payload=" + NESTED.encode(), FORM),
            "4xx",
        )
    )
    return cases


def _size_and_encoding_cases() -> list[Case]:
    big = b'{"type": "event_callback", "event": {"type": "message", "text": "' + b"x" * 2_000_000
    big += b'"}}'

    def streamed() -> Iterator[bytes]:
        for _ in range(30):
            yield b"x" * 100_000

    cases: list[Case] = [
        ("2 MB unsigned", lambda b, w: Raw(big, {"Content-Type": JSON}), "4xx"),
        ("2 MB signed", lambda b, w: b.slack.raw(big), "4xx"),
        ("3 MB streamed, no length", lambda b, w: Raw(streamed, {"Content-Type": JSON}), "4xx"),
        (
            "2 MB form payload",
            lambda b, w: b.slack.raw(b"payload=" + b"x" * 2_000_000, FORM),
            "4xx",
        ),
        ("nested [ unsigned", lambda b, w: Raw(NESTED.encode(), {"Content-Type": JSON}), "4xx"),
        ("nested [ signed", lambda b, w: b.slack.raw(NESTED.encode()), "4xx"),
        ("nested { signed", lambda b, w: b.slack.raw(b'{"a": ' * 2000), "4xx"),
        (
            "nested form payload unsigned",
            lambda b, w: Raw(b"payload=" + NESTED.encode(), {"Content-Type": FORM}),
            "4xx",
        ),
        (
            "nested form payload",
            lambda b, w: b.slack.raw(b"payload=" + NESTED.encode(), FORM),
            "4xx",
        ),
        (
            "parseable but 100 deep",
            lambda b, w: _event(b, {"type": "message", "x": json.loads("[" * 100 + "]" * 100)}),
            "4xx",
        ),
        ("invalid UTF-8", lambda b, w: _signed_bytes(b'{"type": "\xff\xfe"}'), "4xx"),
        ("UTF-16 body", lambda b, w: _signed_bytes('{"type": "x"}'.encode("utf-16")), "4xx"),
        ("latin-1 form", lambda b, w: _signed_bytes(b"command=%2Fidea&text=caf%E9", FORM), "4xx"),
        ("NUL bytes", lambda b, w: b.slack.raw(b"\x00" * 64), "4xx"),
        ("a bare JSON list", lambda b, w: b.slack.raw(b"[1, 2]"), "4xx"),
        ("a bare JSON string", lambda b, w: b.slack.raw(b'"event_callback"'), "4xx"),
        (
            "type of the wrong type",
            lambda b, w: b.slack.raw(b'{"type": ["event_callback"]}'),
            "4xx",
        ),
        ("whitespace only", lambda b, w: b.slack.raw(b" \n\t "), "4xx"),
    ]
    return cases


def _event_cases() -> list[Case]:
    cases: list[Case] = []
    for field in ("user", "channel", "ts", "text", "team", "thread_ts", "subtype"):
        for value in WRONG_TYPES[:5]:
            cases.append(
                (
                    f"DM event.{field} = {value!r}",
                    lambda b, w, f=field, v=value: _event(
                        b, {**message_im_event("U0EVENTS", "we need more plants"), f: v}
                    ),
                    "4xx",
                )
            )
    for field, bad in (("user", "U0\ud800"), ("user", "U0\x00"), ("channel", "D0\udfff")):
        cases.append(
            (
                f"DM event.{field} with {bad!r}",
                lambda b, w, f=field, v=bad: _event(
                    b, {**message_im_event("U0EVENTS", "we need more plants"), f: v}
                ),
                "4xx",
            )
        )
    for event_id in ("Ev\ud800", "Ev\x00", 12, {"$ne": 1}, ["Ev1"], "x" * 500):
        cases.append(
            (
                f"event_id {event_id!r:.20}",
                lambda b, w, e=event_id: _event(
                    b, message_im_event("U0EVENTS", "we need more plants"), event_id=e
                ),
                "4xx",
            )
        )
    for field in ("user", "channel", "text", "ts"):
        cases.append(
            (
                f"mention event.{field} as an object",
                lambda b, w, f=field: _event(b, {**app_mention_event("U0EVENTS", "hi"), f: {}}),
                "4xx",
            )
        )
    for field, value in (("user", {"id": "U1"}), ("user", "nobody"), ("tab", ["home"])):
        cases.append(
            (
                f"home event.{field} = {value!r}",
                lambda b, w, f=field, v=value: _event(b, {**app_home_opened_event("U0HOME"), f: v}),
                "4xx",
            )
        )
    for team in ({"id": "T1"}, "t0lower", "T0\ud800"):
        cases.append(
            (
                f"envelope team_id {team!r}",
                lambda b, w, t=team: _event(
                    b, {**message_im_event("U0EVENTS", "x"), "team": None}, team_id=t
                ),
                "4xx",
            )
        )
    return cases


def _click_cases() -> list[Case]:
    cases: list[Case] = []
    for action in ID_ACTIONS:
        for value in BAD_VALUES:
            cases.append(
                (
                    f"{action} value {value!r:.20}",
                    lambda b, w, a=action, v=value: _click(b, w, a, v),
                    "4xx",
                )
            )
        # Well-formed ids that name nothing here: a polite "can't find", nothing saved.
        cases.append(
            (f"{action} nonexistent id", lambda b, w, a=action: _click(b, w, a, "999999"), "polite")
        )
        cases.append(
            (
                f"{action} another workspace's idea",
                lambda b, w, a=action: _click(b, w, a, str(w.theirs)),
                "polite",
            )
        )
    for action in PLAIN_ACTIONS:
        cases.append(
            (f"{action} with a value", lambda b, w, a=action: _click(b, w, a, "999"), "4xx")
        )
    cases.append(("unknown ideabot action", lambda b, w: _click(b, w, "drop_tables", ""), "4xx"))
    structure: dict[str, Any] = {
        "actions": {"0": {}},
        "actions__0": "ideabot:help",
        "actions__0__action_id": ["ideabot:help"],
        "actions__0__action_ts": "now",
        "actions__0__text": "Help",
        "user": "U0DRAFTER",
        "user__id": "U0\ud800",
        "team__id": {"$ne": 1},
        "container": "message",
        "container__message_ts": 1700000000.0001,
        "channel": ["D0DRAFTER"],
        "channel__id": "D0\x00",
        "message": "hello",
        "message__blocks": "none",
        "message__text": {"$ne": 1},
        "trigger_id": "a.b.c",
        "response_url": 42,
    }
    for path, value in structure.items():
        cases.append(
            (
                f"block_actions {path} = {value!r:.20}",
                lambda b, w, p=path, v=value: _click(b, w, "help", _ABSENT, **{p: v}),
                "4xx",
            )
        )
    return cases


def _modal_cases() -> list[Case]:
    cases: list[Case] = []
    for field in ("title", "description"):
        for value in ({"$ne": 1}, ["x"], 42, True, 1.5):
            values = {
                "title": {"value": text_value("Hostile title")},
                "description": {"value": text_value("Hostile description")},
                field: {"value": {"type": "plain_text_input", "value": value}},
            }
            cases.append(
                (f"modal {field} = {value!r}", lambda b, w, v=values: _modal(b, v), "field_errors")
            )
        cases.append(
            (
                f"modal {field} block is a string",
                lambda b, w, f=field: _modal(
                    b,
                    {
                        "title": {"value": text_value("t")},
                        "description": {"value": text_value("d")},
                        f: "x",
                    },
                ),
                "field_errors",
            )
        )
    for chosen in ("anonymous", [{"value": "named"}], ["anonymous"], {"value": "anonymous"}):
        values = {
            "title": {"value": text_value("Hostile title")},
            "description": {"value": text_value("Hostile description")},
            "anonymous": {"value": {"type": "checkboxes", "selected_options": chosen}},
        }
        cases.append(
            (f"modal anonymous = {chosen!r}", lambda b, w, v=values: _modal(b, v), "field_errors")
        )
    cases.append(
        (
            "modal title too long",
            lambda b, w: _modal(
                b,
                {
                    "title": {"value": text_value("x" * 5000)},
                    "description": {"value": text_value("d")},
                },
            ),
            "field_errors",
        )
    )
    for metadata in (
        NESTED,
        '{"source": {"$ne": 1}}',
        "[1]",
        "not json",
        "x" * 4000,
        42,
        {"a": "b"},
    ):
        cases.append(
            (
                f"modal private_metadata {metadata!r:.20}",
                lambda b, w, m=metadata: _modal(b, _ABSENT, view__private_metadata=m),
                "4xx",
            )
        )
    for path, value in {
        "view__id": "V0\ud800",
        "view__state": "none",
        "view__state__values": ["title"],
        "user__id": 42,
        "user": None,
        "team__id": "T0\x00",
    }.items():
        cases.append(
            (
                f"modal {path} = {value!r:.20}",
                lambda b, w, p=path, v=value: _modal(b, _ABSENT, **{p: v}),
                "4xx",
            )
        )
    return cases


def _command_and_shortcut_cases() -> list[Case]:
    def command(bot: Bot, **fields: str) -> SlackRequest:
        request = bot.slack.slash_command("/idea", "", user_id="U0COMMAND")
        form = {**_form_fields(request), **fields}
        return bot.slack.raw(urlencode(form).encode(), FORM)

    cases: list[Case] = []
    cases.append(
        (
            "/idea user_id with a UTF-8-encoded surrogate",
            lambda b, w: b.slack.raw(
                urlencode(_form_fields(b.slack.slash_command("/idea", user_id="U0X"))).encode()
                + b"&user_id=U0%ED%A0%80",
                FORM,
            ),
            "4xx",
        )
    )
    for field, value in (
        ("user_id", "nobody"),
        ("team_id", "T0 X"),
        ("channel_id", "#general"),
        ("trigger_id", "not-a-trigger"),
    ):
        cases.append(
            (
                f"/idea {field} = {value!r}",
                lambda b, w, f=field, v=value: command(b, **{f: v}),
                "4xx",
            )
        )
    for path, value in (
        ("message__text", {"$ne": 1}),
        ("channel__id", 42),
        ("message__ts", "yesterday"),
        ("trigger_id", None),
    ):
        cases.append(
            (
                f"save as idea {path} = {value!r}",
                lambda b, w, p=path, v=value: _shortcut(b, p, v),
                "4xx",
            )
        )
    return cases


def _form_fields(request: SlackRequest) -> dict[str, str]:
    from urllib.parse import parse_qsl

    return dict(parse_qsl(request.body.decode()))


def _shortcut(bot: Bot, path: str, value: Any) -> SlackRequest:
    request = bot.slack.message_action("save_as_idea", user_id="U0SHORT", message_text="an idea")
    payload = _payload(request)
    _set(payload, path, value)
    return _interactive(bot, payload)


CASES: list[Case] = [
    *_transport_cases(),
    *_size_and_encoding_cases(),
    *_event_cases(),
    *_click_cases(),
    *_modal_cases(),
    *_command_and_shortcut_cases(),
]


def test_there_are_at_least_a_hundred_cases() -> None:
    assert len(CASES) >= 100
    assert len({name for name, _, _ in CASES}) == len(CASES)


def _send(bot: Bot, request: Request) -> Any:
    if isinstance(request, SlackRequest):
        return bot.send(request)
    headers = {k: v.encode("utf-8") for k, v in request.headers.items()}
    content = request.body() if callable(request.body) else request.body
    return bot.http.post(f"{bot.url}/slack/events", content=content, headers=headers)


@pytest.mark.parametrize(("name", "build", "expected"), CASES, ids=[c[0] for c in CASES])
def test_hostile_request(
    bot: Bot, world: World, server_log: ServerLog, name: str, build: Build, expected: str
) -> None:
    request = build(bot, world)
    bot.settle()
    before, calls_before = snapshot(bot), len(bot.fake.calls)

    response = _send(bot, request)
    bot.settle()

    if expected == "4xx":
        assert 400 <= response.status_code < 500, response.text
        assert _said_to_people(bot, calls_before) == []
        assert "views.open" not in [c.method for c in bot.fake.calls[calls_before:]]
    elif expected == "field_errors":
        assert response.status_code == 200
        assert response.json()["response_action"] == "errors"
    else:
        assert response.status_code == 200
        said = _said_to_people(bot, calls_before)
        assert said and not any(strings.SORRY in s for s in said), said
    assert server_log.problems == []
    assert snapshot(bot) == before
    bot.fake.assert_no_violations()
