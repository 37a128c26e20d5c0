"""Signed inbound requests, built the way Slack sends them to a Bolt HTTP endpoint.

    slack = SlackRequests(signing_secret="s3cret", response_url_prefix=fake.root_url + "/response")
    body, headers = slack.dm("U0ALICE", "we should recycle coffee pods")
    httpx.post(f"{base}/slack/events", content=body, headers=headers)

Every builder returns a `SlackRequest` (a NamedTuple of body bytes and headers, so
it unpacks as ``body, headers``) signed with slack_sdk's SignatureVerifier, with
the current timestamp unless one is fixed. Shapes follow Slack's payload docs and
``../shared/slack-spec/slack_common_event_wrapper_schema.json``. Ids default to the
fake workspace of ``slack_api`` (team T0TEST, bot UBOT) so events and the fake Web
API agree.
"""

from __future__ import annotations

import itertools
import json
import re
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple
from urllib.parse import parse_qsl, urlencode

from slack_sdk.signature import SignatureVerifier

from tests.fakes.slack_api import (
    APP_ID,
    BOT_ID,
    BOT_USER_ID,
    TEAM_DOMAIN,
    TEAM_ID,
    dm_channel_id,
)

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
DEFAULT_CHANNEL = "C0GENERAL"
URL_CHALLENGE = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"  # from Slack's docs

_sequence = itertools.count(1)


class SlackRequest(NamedTuple):
    """A signed HTTP request body and its headers, as Slack would POST them."""

    body: bytes
    headers: dict[str, str]

    def payload(self) -> dict[str, Any]:
        """The decoded body: JSON envelope, interactive `payload=`, or form fields."""
        if self.headers.get("Content-Type", "").startswith(JSON):
            data: dict[str, Any] = json.loads(self.body)
            return data
        form = dict(parse_qsl(self.body.decode("utf-8"), keep_blank_values=True))
        if "payload" in form:
            decoded: dict[str, Any] = json.loads(form["payload"])
            return decoded
        return dict(form)


def sign(
    body: bytes, secret: str, timestamp: int | None = None, content_type: str = JSON
) -> dict[str, str]:
    """Headers that make `body` pass Bolt's request verification for `secret`."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=stamp, body=body)
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": signature or "",
    }


# ------------------------------------------------------------------- identifiers


def _n() -> int:
    return next(_sequence)


def new_ts() -> str:
    """A message ts, unique in this process and close to now (Slack's format)."""
    return f"{int(time.time())}.{_n():06d}"


def new_event_id() -> str:
    return "Ev" + uuid.uuid4().hex[:10].upper()


def new_trigger_id() -> str:
    return f"{_n()}.{int(time.time())}.{uuid.uuid4().hex}"


def _short_id() -> str:
    return uuid.uuid4().hex[:5]


# --------------------------------------------------------------- event builders

_MENTION = re.compile(r"<@([UW][A-Z0-9]+)>")


def rich_text(text: str) -> list[dict[str, Any]]:
    """The `rich_text` block Slack's clients attach to a typed message."""
    elements: list[dict[str, Any]] = []
    position = 0
    for match in _MENTION.finditer(text):
        if match.start() > position:
            elements.append({"type": "text", "text": text[position : match.start()]})
        elements.append({"type": "user", "user_id": match.group(1)})
        position = match.end()
    if position < len(text):
        elements.append({"type": "text", "text": text[position:]})
    return [
        {
            "type": "rich_text",
            "block_id": _short_id(),
            "elements": [{"type": "rich_text_section", "elements": elements}],
        }
    ]


def message_im_event(
    user_id: str,
    text: str,
    *,
    channel: str | None = None,
    ts: str | None = None,
    thread_ts: str | None = None,
    team_id: str = TEAM_ID,
) -> dict[str, Any]:
    """A user's message in their DM with the bot (`message.im`)."""
    stamp = ts or new_ts()
    event: dict[str, Any] = {
        "client_msg_id": str(uuid.uuid4()),
        "type": "message",
        "text": text,
        "user": user_id,
        "ts": stamp,
        "blocks": rich_text(text),
        "team": team_id,
        "channel": channel or dm_channel_id(user_id),
        "event_ts": stamp,
        "channel_type": "im",
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
        event["parent_user_id"] = BOT_USER_ID
    return event


def app_mention_event(
    user_id: str,
    text: str,
    *,
    channel: str = DEFAULT_CHANNEL,
    ts: str | None = None,
    thread_ts: str | None = None,
    bot_user_id: str = BOT_USER_ID,
    team_id: str = TEAM_ID,
) -> dict[str, Any]:
    """`app_mention`: the text always contains the bot's mention, so add it if absent."""
    mention = f"<@{bot_user_id}>"
    full_text = text if mention in text else f"{mention} {text}"
    stamp = ts or new_ts()
    event: dict[str, Any] = {
        "client_msg_id": str(uuid.uuid4()),
        "type": "app_mention",
        "text": full_text,
        "user": user_id,
        "ts": stamp,
        "blocks": rich_text(full_text),
        "team": team_id,
        "channel": channel,
        "event_ts": stamp,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def app_home_opened_event(
    user_id: str, *, tab: str = "home", view: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """`app_home_opened`; `view` is present once a Home view was published."""
    event: dict[str, Any] = {
        "type": "app_home_opened",
        "user": user_id,
        "channel": dm_channel_id(user_id),
        "tab": tab,
        "event_ts": new_ts(),
    }
    if view is not None:
        event["view"] = dict(view)
    return event


# --------------------------------------------------------- block action helpers


def button(
    action_id: str, value: str = "", *, block_id: str | None = None, text: str = "Button"
) -> dict[str, Any]:
    """One clicked button, as it appears in a block_actions `actions` list."""
    action: dict[str, Any] = {
        "action_id": action_id,
        "block_id": block_id or _short_id(),
        "text": {"type": "plain_text", "text": text, "emoji": True},
        "type": "button",
        "action_ts": f"{time.time():.6f}",
    }
    if value:
        action["value"] = value
    return action


def static_select(
    action_id: str, value: str, *, text: str | None = None, block_id: str | None = None
) -> dict[str, Any]:
    """A static_select choice, as it appears in a block_actions `actions` list."""
    return {
        "action_id": action_id,
        "block_id": block_id or _short_id(),
        "type": "static_select",
        "selected_option": {
            "text": {"type": "plain_text", "text": text or value, "emoji": True},
            "value": value,
        },
        "action_ts": f"{time.time():.6f}",
    }


def text_value(value: str | None) -> dict[str, Any]:
    """state.values entry of a plain_text_input (None: left empty)."""
    return {"type": "plain_text_input", "value": value}


def select_value(value: str | None, text: str | None = None) -> dict[str, Any]:
    option = (
        None
        if value is None
        else {"text": {"type": "plain_text", "text": text or value, "emoji": True}, "value": value}
    )
    return {"type": "static_select", "selected_option": option}


def multi_select_value(values: Sequence[str]) -> dict[str, Any]:
    return {
        "type": "multi_static_select",
        "selected_options": [
            {"text": {"type": "plain_text", "text": v, "emoji": True}, "value": v} for v in values
        ],
    }


def date_value(date: str | None) -> dict[str, Any]:
    """state.values entry of a datepicker ("YYYY-MM-DD")."""
    return {"type": "datepicker", "selected_date": date}


def channel_value(channel_id: str | None) -> dict[str, Any]:
    """state.values entry of a conversations_select / channels_select."""
    return {"type": "conversations_select", "selected_conversation": channel_id}


# ----------------------------------------------------------------- the factory


@dataclass
class SlackRequests:
    """Builds signed requests for one app installed in one workspace."""

    signing_secret: str
    team_id: str = TEAM_ID
    team_domain: str = TEAM_DOMAIN
    api_app_id: str = APP_ID
    bot_user_id: str = BOT_USER_ID
    bot_id: str = BOT_ID
    verification_token: str = "legacy-verification-token"
    # Where response_urls point. Set it to f"{fake.root_url}/response" so Bolt's
    # respond() reaches the fake instead of hooks.slack.com (tests have no internet).
    response_url_prefix: str = "https://hooks.slack.com/commands"
    timestamp: int | None = None  # fixed X-Slack-Request-Timestamp; default now

    # ------------------------------------------------------------ low level

    def raw(
        self, body: bytes, content_type: str = JSON, extra_headers: Mapping[str, str] | None = None
    ) -> SlackRequest:
        """Sign any bytes (e.g. a malformed body, to test 4xx handling)."""
        headers = sign(body, self.signing_secret, self.timestamp, content_type)
        headers.update(extra_headers or {})
        return SlackRequest(body, headers)

    def _json(
        self, payload: Mapping[str, Any], extra_headers: Mapping[str, str] | None = None
    ) -> SlackRequest:
        return self.raw(json.dumps(payload).encode("utf-8"), JSON, extra_headers)

    def _form(self, fields: Mapping[str, str]) -> SlackRequest:
        return self.raw(urlencode(fields).encode("utf-8"), FORM)

    def _interactive(self, payload: Mapping[str, Any]) -> SlackRequest:
        # Interactivity arrives form-encoded with the JSON in one `payload` field.
        return self._form({"payload": json.dumps(payload)})

    def response_url(self) -> str:
        return f"{self.response_url_prefix}/{self.team_id}/{_n()}/{uuid.uuid4().hex[:24]}"

    def _team(self) -> dict[str, Any]:
        return {"id": self.team_id, "domain": self.team_domain}

    def _user(self, user_id: str, user_name: str | None = None) -> dict[str, Any]:
        name = user_name or user_id.lower()
        return {"id": user_id, "username": name, "name": name, "team_id": self.team_id}

    # ----------------------------------------------------------- Events API

    def event_envelope(
        self,
        event: Mapping[str, Any],
        *,
        event_id: str | None = None,
        event_time: int | None = None,
    ) -> dict[str, Any]:
        """The `event_callback` wrapper (the dict, unsigned)."""
        return {
            "token": self.verification_token,
            "team_id": self.team_id,
            "context_team_id": self.team_id,
            "context_enterprise_id": None,
            "api_app_id": self.api_app_id,
            "event": dict(event),
            "type": "event_callback",
            "event_id": event_id or new_event_id(),
            "event_time": event_time or int(time.time()),
            "authorizations": [
                {
                    "enterprise_id": None,
                    "team_id": self.team_id,
                    "user_id": self.bot_user_id,
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
            "is_ext_shared_channel": False,
            "event_context": "4-" + uuid.uuid4().hex,
            # Required by the published wrapper schema; Slack still fills it.
            "authed_users": [self.bot_user_id],
        }

    def event_callback(
        self,
        event: Mapping[str, Any],
        *,
        event_id: str | None = None,
        event_time: int | None = None,
        retry_num: int | None = None,
        retry_reason: str = "http_timeout",
    ) -> SlackRequest:
        """An Events API delivery; retry_num makes it a redelivery (same event_id)."""
        envelope = self.event_envelope(event, event_id=event_id, event_time=event_time)
        return self._json(envelope, _retry_headers(retry_num, retry_reason))

    def retry(
        self, request: SlackRequest, retry_num: int = 1, retry_reason: str = "http_timeout"
    ) -> SlackRequest:
        """Slack's redelivery of `request`: same body, retry headers, fresh signature."""
        content_type = request.headers.get("Content-Type", JSON)
        return self.raw(request.body, content_type, _retry_headers(retry_num, retry_reason))

    def url_verification(self, challenge: str = URL_CHALLENGE) -> SlackRequest:
        return self._json(
            {"token": self.verification_token, "challenge": challenge, "type": "url_verification"}
        )

    def dm(self, user_id: str, text: str, **event_fields: Any) -> SlackRequest:
        return self.event_callback(
            message_im_event(user_id, text, team_id=self.team_id, **event_fields)
        )

    def mention(self, user_id: str, text: str, **event_fields: Any) -> SlackRequest:
        return self.event_callback(
            app_mention_event(
                user_id, text, bot_user_id=self.bot_user_id, team_id=self.team_id, **event_fields
            )
        )

    def home_opened(self, user_id: str, **event_fields: Any) -> SlackRequest:
        return self.event_callback(app_home_opened_event(user_id, **event_fields))

    # --------------------------------------------------------- slash command

    def slash_command(
        self,
        command: str,
        text: str = "",
        *,
        user_id: str,
        user_name: str | None = None,
        channel_id: str = DEFAULT_CHANNEL,
        channel_name: str = "general",
        trigger_id: str | None = None,
        response_url: str | None = None,
    ) -> SlackRequest:
        return self._form(
            {
                "token": self.verification_token,
                "team_id": self.team_id,
                "team_domain": self.team_domain,
                "channel_id": channel_id,
                "channel_name": channel_name,
                "user_id": user_id,
                "user_name": user_name or user_id.lower(),
                "command": command if command.startswith("/") else f"/{command}",
                "text": text,
                "api_app_id": self.api_app_id,
                "is_enterprise_install": "false",
                "response_url": response_url or self.response_url(),
                "trigger_id": trigger_id or new_trigger_id(),
            }
        )

    # ----------------------------------------------------------- interactivity

    def block_actions(
        self,
        actions: Mapping[str, Any] | Sequence[Mapping[str, Any]],
        *,
        user_id: str,
        channel_id: str = DEFAULT_CHANNEL,
        message: Mapping[str, Any] | None = None,
        view: Mapping[str, Any] | None = None,
        state_values: Mapping[str, Any] | None = None,
        trigger_id: str | None = None,
        response_url: str | None = None,
    ) -> SlackRequest:
        """A click in a message (pass `message`, e.g. fake.message(ch, ts)) or in a
        view (pass `view`, e.g. fake.views[view_id]): container and fields follow."""
        action_list = (
            [dict(actions)] if isinstance(actions, Mapping) else [dict(a) for a in actions]
        )
        payload: dict[str, Any] = {
            "type": "block_actions",
            "user": self._user(user_id),
            "api_app_id": self.api_app_id,
            "token": self.verification_token,
            "trigger_id": trigger_id or new_trigger_id(),
            "team": self._team(),
            "enterprise": None,
            "is_enterprise_install": False,
            "state": {"values": dict(state_values or {})},
            "actions": action_list,
        }
        if view is not None:
            full_view = {**view, "state": {"values": dict(state_values or {})}}
            payload["container"] = {"type": "view", "view_id": view.get("id", "")}
            payload["view"] = full_view
            return self._interactive(payload)
        shown = dict(
            message
            or {
                "type": "message",
                "text": "",
                "user": self.bot_user_id,
                "bot_id": self.bot_id,
                "ts": new_ts(),
                "blocks": [],
            }
        )
        payload["container"] = {
            "type": "message",
            "message_ts": shown.get("ts"),
            "channel_id": channel_id,
            "is_ephemeral": False,
        }
        payload["channel"] = {"id": channel_id, "name": _channel_name(channel_id)}
        payload["message"] = shown
        payload["response_url"] = response_url or self.response_url()
        return self._interactive(payload)

    def message_action(
        self,
        callback_id: str,
        *,
        user_id: str,
        message_text: str,
        message_user: str | None = None,
        message_ts: str | None = None,
        channel_id: str = DEFAULT_CHANNEL,
        trigger_id: str | None = None,
        response_url: str | None = None,
    ) -> SlackRequest:
        """A message shortcut (e.g. "Save as idea") on someone's message."""
        ts = message_ts or new_ts()
        author = message_user or user_id
        return self._interactive(
            {
                "type": "message_action",
                "token": self.verification_token,
                "action_ts": f"{time.time():.6f}",
                "team": self._team(),
                "user": self._user(user_id),
                "channel": {"id": channel_id, "name": _channel_name(channel_id)},
                "is_enterprise_install": False,
                "enterprise": None,
                "callback_id": callback_id,
                "trigger_id": trigger_id or new_trigger_id(),
                "response_url": response_url or self.response_url(),
                "message_ts": ts,
                "message": {
                    "client_msg_id": str(uuid.uuid4()),
                    "type": "message",
                    "text": message_text,
                    "user": author,
                    "ts": ts,
                    "team": self.team_id,
                    "blocks": rich_text(message_text),
                },
            }
        )

    def shortcut(
        self, callback_id: str, *, user_id: str, trigger_id: str | None = None
    ) -> SlackRequest:
        """A global shortcut (from the shortcuts menu; no channel, no response_url)."""
        return self._interactive(
            {
                "type": "shortcut",
                "token": self.verification_token,
                "action_ts": f"{time.time():.6f}",
                "team": self._team(),
                "user": self._user(user_id),
                "is_enterprise_install": False,
                "enterprise": None,
                "callback_id": callback_id,
                "trigger_id": trigger_id or new_trigger_id(),
            }
        )

    def submitted_view(
        self,
        callback_id: str,
        values: Mapping[str, Any],
        *,
        view_id: str | None = None,
        private_metadata: str = "",
        title: str = "Modal",
        blocks: Sequence[Mapping[str, Any]] = (),
        external_id: str = "",
        view_hash: str | None = None,
    ) -> dict[str, Any]:
        """The `view` object of a view_submission / view_closed payload."""
        identifier = view_id or f"V{_n():08d}"
        return {
            "id": identifier,
            "team_id": self.team_id,
            "type": "modal",
            "blocks": [dict(b) for b in blocks],
            "private_metadata": private_metadata,
            "callback_id": callback_id,
            "state": {"values": dict(values)},
            "hash": view_hash or f"{int(time.time())}.{uuid.uuid4().hex[:8]}",
            "title": {"type": "plain_text", "text": title, "emoji": True},
            "clear_on_close": False,
            "notify_on_close": False,
            "close": None,
            "submit": {"type": "plain_text", "text": "Submit", "emoji": True},
            "previous_view_id": None,
            "root_view_id": identifier,
            "app_id": self.api_app_id,
            "external_id": external_id,
            "app_installed_team_id": self.team_id,
            "bot_id": self.bot_id,
        }

    def view_submission(
        self,
        callback_id: str,
        values: Mapping[str, Any],
        *,
        user_id: str,
        view_id: str | None = None,
        private_metadata: str = "",
        trigger_id: str | None = None,
        **view_fields: Any,
    ) -> SlackRequest:
        """A modal's Submit. `values` is state.values: {block_id: {action_id: value}}
        (see text_value / select_value / date_value / channel_value)."""
        view = self.submitted_view(
            callback_id, values, view_id=view_id, private_metadata=private_metadata, **view_fields
        )
        return self._interactive(
            {
                "type": "view_submission",
                "team": self._team(),
                "user": self._user(user_id),
                "api_app_id": self.api_app_id,
                "token": self.verification_token,
                "trigger_id": trigger_id or new_trigger_id(),
                "view": view,
                "response_urls": [],
                "is_enterprise_install": False,
                "enterprise": None,
            }
        )

    def view_closed(
        self,
        callback_id: str,
        *,
        user_id: str,
        view_id: str | None = None,
        private_metadata: str = "",
    ) -> SlackRequest:
        """Sent when a modal with notify_on_close is dismissed."""
        view = self.submitted_view(
            callback_id, {}, view_id=view_id, private_metadata=private_metadata
        )
        view["notify_on_close"] = True
        return self._interactive(
            {
                "type": "view_closed",
                "team": self._team(),
                "user": self._user(user_id),
                "api_app_id": self.api_app_id,
                "token": self.verification_token,
                "view": view,
                "is_cleared": False,
                "is_enterprise_install": False,
                "enterprise": None,
            }
        )


def _retry_headers(retry_num: int | None, retry_reason: str) -> dict[str, str]:
    if retry_num is None:
        return {}
    return {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": retry_reason}


def _channel_name(channel_id: str) -> str:
    # IMs are named "directmessage" in interactive payloads; others get a readable name.
    if channel_id.startswith("D"):
        return "directmessage"
    return "general" if channel_id == DEFAULT_CHANNEL else f"channel-{channel_id.lower()}"
