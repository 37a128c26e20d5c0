"""Proof that the test harness behaves like Slack, using the real slack_sdk client."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator, Sequence

import httpx
import pytest
from slack_bolt import App, BoltRequest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.signature import SignatureVerifier

from tests.fakes.slack_api import (
    BOT_USER_ID,
    TEAM_ID,
    FakeSlack,
    dm_channel_id,
    scopes_for_event,
    scopes_for_method,
)
from tests.fakes.slack_requests import (
    SlackRequest,
    SlackRequests,
    button,
    sign,
    text_value,
)

SECRET = "test-signing-secret"
BLOCKS = [{"type": "section", "text": {"type": "mrkdwn", "text": "*Idea:* less paper"}}]


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as server:
        yield server


@pytest.fixture
def client(fake: FakeSlack) -> WebClient:
    return WebClient(token="xoxb-test", base_url=fake.base_url)


def _error_of(call_result: pytest.ExceptionInfo[SlackApiError]) -> str:
    return str(call_result.value.response["error"])


# ------------------------------------------------------------------ Web API


def test_base_url_is_local_and_ends_with_api(fake: FakeSlack) -> None:
    assert fake.base_url.startswith("http://127.0.0.1:")
    assert fake.base_url.endswith("/api/")


def test_post_message_is_recorded_with_decoded_blocks(fake: FakeSlack, client: WebClient) -> None:
    response = client.chat_postMessage(channel="C1", text="hello", blocks=BLOCKS)

    assert response["ok"] is True
    assert response["channel"] == "C1"
    assert response["message"]["blocks"] == BLOCKS
    assert response["message"]["bot_id"] == "B0BOT"
    call = fake.last("chat.postMessage")
    assert call.args["blocks"] == BLOCKS
    assert call.args["text"] == "hello"
    assert call.token == "xoxb-test"
    fake.assert_no_violations()


def test_form_encoded_blocks_string_is_decoded(fake: FakeSlack, client: WebClient) -> None:
    client.api_call(
        "chat.postMessage", params={"channel": "C1", "text": "t", "blocks": json.dumps(BLOCKS)}
    )

    call = fake.last("chat.postMessage")
    assert call.headers["content-type"] == "application/x-www-form-urlencoded"
    assert call.args["blocks"] == BLOCKS
    fake.assert_no_violations()


def test_message_ts_increase_and_update_changes_stored_message(
    fake: FakeSlack, client: WebClient
) -> None:
    first = client.chat_postMessage(channel="C1", text="one")
    second = client.chat_postMessage(channel="C1", text="two")
    assert float(second["ts"]) > float(first["ts"])

    updated = client.chat_update(channel="C1", ts=first["ts"], text="one (edited)")

    assert updated["ts"] == first["ts"]
    assert updated["text"] == "one (edited)"
    stored = fake.message("C1", first["ts"])
    assert stored is not None and stored["text"] == "one (edited)"


def test_post_to_user_id_lands_in_dm(client: WebClient) -> None:
    response = client.chat_postMessage(channel="U0ALICE", text="hi")
    assert response["channel"] == dm_channel_id("U0ALICE") == "D0ALICE"


def test_missing_required_channel_is_a_violation(fake: FakeSlack, client: WebClient) -> None:
    with pytest.raises(SlackApiError) as raised:
        client.api_call("chat.postMessage", json={"text": "no channel"})

    assert _error_of(raised) == "invalid_arguments"
    assert raised.value.response["response_metadata"]["messages"] == [
        "[ERROR] missing required field: channel"
    ]
    assert len(fake.violations) == 1 and "channel" in fake.violations[0]
    with pytest.raises(AssertionError, match="channel"):
        fake.assert_no_violations()


def test_message_without_any_text_or_blocks_is_rejected(fake: FakeSlack, client: WebClient) -> None:
    with pytest.raises(SlackApiError) as raised:
        client.api_call("chat.postMessage", json={"channel": "C1"})
    assert _error_of(raised) == "no_text"
    assert fake.violations


def test_unknown_method_is_a_violation(fake: FakeSlack, client: WebClient) -> None:
    with pytest.raises(SlackApiError) as raised:
        client.api_call("chat.postMesage", json={"channel": "C1", "text": "typo"})

    assert _error_of(raised) == "unknown_method"
    assert fake.violations == ["chat.postMesage: unknown method (not in Slack's spec)"]


def test_newer_methods_are_known(fake: FakeSlack, client: WebClient) -> None:
    client.assistant_threads_setStatus(channel_id="D1", thread_ts="1.2", status="thinking…")
    client.chat_startStream(channel="D1", thread_ts="1.2")
    fake.assert_no_violations()


def test_invalid_blocks_json_is_a_violation(fake: FakeSlack, client: WebClient) -> None:
    with pytest.raises(SlackApiError) as raised:
        client.api_call(
            "chat.postMessage",
            params={"channel": "C1", "text": "t", "blocks": "[{'type': 'divider'}]"},
        )
    assert _error_of(raised) == "invalid_blocks_format"
    assert "not valid JSON" in fake.violations[0]


def test_missing_token_is_a_violation(fake: FakeSlack) -> None:
    anonymous = WebClient(base_url=fake.base_url)
    with pytest.raises(SlackApiError) as raised:
        anonymous.conversations_open(users="U1")
    assert _error_of(raised) == "not_authed"
    assert fake.violations


def test_json_body_to_form_only_method_is_a_violation(fake: FakeSlack, client: WebClient) -> None:
    # users.info reads form fields only: Slack would ignore this JSON body.
    with pytest.raises(SlackApiError):
        client.api_call("users.info", json={"user": "U1"})
    assert "JSON body" in fake.violations[0]


def test_get_with_query_string(fake: FakeSlack) -> None:
    response = httpx.get(
        f"{fake.base_url}users.info",
        params={"user": "U9"},
        headers={"Authorization": "Bearer xoxb-test"},
    )
    assert response.json()["user"]["id"] == "U9"
    fake.assert_no_violations()


def test_scope_check(fake: FakeSlack) -> None:
    fake.granted_scopes = {"chat:write", "im:write"}
    client = WebClient(token="xoxb-test", base_url=fake.base_url)
    client.chat_postMessage(channel="C1", text="allowed")
    client.conversations_open(users="U1")

    with pytest.raises(SlackApiError) as raised:
        client.users_info(user="U1")

    assert _error_of(raised) == "missing_scope"
    assert raised.value.response["needed"] == "users:read"
    assert fake.violations == [
        "users.info: needs one of scopes users:read; granted ['chat:write', 'im:write']"
    ]


def test_scopes_for_method_and_event() -> None:
    assert scopes_for_method("chat.postMessage") == {"chat:write"}
    assert scopes_for_method("users.info") == {"users:read"}
    assert "im:write" in scopes_for_method("conversations.open")
    assert scopes_for_method("views.open") == set()
    assert scopes_for_method("auth.test") == set()
    assert scopes_for_method("files.getUploadURLExternal") == {"files:write"}
    assert scopes_for_event("message.im") == {"im:history"}
    assert scopes_for_event("app_mention") == {"app_mentions:read"}
    assert scopes_for_event("app_home_opened") == set()
    with pytest.raises(KeyError):
        scopes_for_method("chat.postMesage")


def test_rate_limit_is_honoured_by_retry_handler(fake: FakeSlack) -> None:
    fake.rate_limit_next("chat.postMessage", retry_after=0)
    client = WebClient(
        token="xoxb-test",
        base_url=fake.base_url,
        retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=1)],
    )

    response = client.chat_postMessage(channel="C1", text="eventually")

    assert response["ok"] is True
    assert len(fake.calls_to("chat.postMessage")) == 2
    fake.assert_no_violations()


def test_rate_limited_answer_looks_like_slack(fake: FakeSlack) -> None:
    fake.rate_limit_next("chat.postMessage", retry_after=7)
    response = httpx.post(
        f"{fake.base_url}chat.postMessage",
        data={"channel": "C1", "text": "x"},
        headers={"Authorization": "Bearer xoxb-test"},
    )
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "7"
    assert response.json() == {"ok": False, "error": "ratelimited"}


def test_fail_next(fake: FakeSlack, client: WebClient) -> None:
    fake.fail_next("chat.postMessage", error="channel_not_found")

    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel="C404", text="x")
    assert _error_of(raised) == "channel_not_found"
    assert client.chat_postMessage(channel="C404", text="x")["ok"] is True
    assert fake.violations == []  # an injected failure is not the bot's fault


def test_delay_and_wait_for_from_another_thread(fake: FakeSlack, client: WebClient) -> None:
    fake.delay("chat.postMessage", 0.2)

    def post_later() -> None:
        time.sleep(0.1)
        client.chat_postMessage(channel="C1", text="async reply")

    started = time.monotonic()
    threading.Thread(target=post_later, daemon=True).start()
    calls = fake.wait_for("chat.postMessage", timeout=5)
    assert calls[0].args["text"] == "async reply"
    with pytest.raises(AssertionError, match=r"views\.open"):
        fake.wait_for("views.open", timeout=0.1)
    assert time.monotonic() - started < 5


def test_views_publish_keeps_one_home_view_per_user(fake: FakeSlack, client: WebClient) -> None:
    home = {"type": "home", "blocks": [{"type": "divider"}]}
    first = client.views_publish(user_id="U1", view=home)
    second = client.views_publish(user_id="U1", view=home)

    assert first["view"]["id"].startswith("V")
    assert second["view"]["id"] == first["view"]["id"]
    assert second["view"]["blocks"] == [{"type": "divider"}]
    assert fake.home_views["U1"]["type"] == "home"
    assert fake.last("views.publish").args["view"] == home
    with pytest.raises(SlackApiError) as raised:
        client.views_publish(user_id="U1", view=home, hash=first["view"]["hash"])
    assert _error_of(raised) == "hash_conflict"
    fake.assert_no_violations()


def test_views_open_then_update(fake: FakeSlack, client: WebClient) -> None:
    modal = {
        "type": "modal",
        "callback_id": "challenge_create",
        "title": {"type": "plain_text", "text": "New challenge"},
        "blocks": [],
    }
    opened = client.views_open(trigger_id="123.456.abc", view=modal)
    view_id = opened["view"]["id"]
    assert opened["view"]["callback_id"] == "challenge_create"

    updated = client.views_update(view_id=view_id, view={**modal, "blocks": [{"type": "divider"}]})

    assert updated["view"]["id"] == view_id
    fake.assert_no_violations()


def test_users_info_is_configurable(fake: FakeSlack, client: WebClient) -> None:
    fake.users["U0ALICE"] = {"real_name": "Alice Martin", "profile": {"title": "Engineer"}}

    user = client.users_info(user="U0ALICE")["user"]

    assert user["real_name"] == "Alice Martin"
    assert user["profile"]["real_name"] == "Alice Martin"
    assert user["profile"]["title"] == "Engineer"
    assert user["tz"] and user["profile"]["email"]


def test_auth_test_and_conversations(client: WebClient) -> None:
    auth = client.auth_test()
    assert (auth["team_id"], auth["user_id"], auth["bot_id"]) == (TEAM_ID, "UBOT", "B0BOT")
    opened = client.conversations_open(users="U0BOB")
    assert opened["channel"]["id"] == "D0BOB"
    info = client.conversations_info(channel="D0BOB")["channel"]
    assert info["is_im"] is True and info["user"] == "U0BOB"
    assert client.conversations_members(channel="C1")["members"] == [BOT_USER_ID]


def test_file_upload_v2_flow(fake: FakeSlack, client: WebClient) -> None:
    result = client.files_upload_v2(
        content=b"\x89PNG fake chart", filename="activity.png", channel="C1", title="Activity"
    )

    file_id = result["file"]["id"]
    assert fake.uploads[file_id] == b"\x89PNG fake chart"
    assert fake.last("files.completeUploadExternal").args["files"] == [
        {"id": file_id, "title": "Activity"}
    ]
    fake.assert_no_violations()


def test_oauth_v2_access_payload(fake: FakeSlack, client: WebClient) -> None:
    fake.granted_scopes = {"chat:write", "commands"}
    response = WebClient(base_url=fake.base_url).oauth_v2_access(
        client_id="111.222", client_secret="s", code="temp-code"
    )

    assert response["access_token"].startswith("xoxb-")
    assert response["token_type"] == "bot"
    assert response["scope"] == "chat:write,commands"
    assert response["team"] == {"id": TEAM_ID, "name": "Ideabot Test"}
    assert response["bot_user_id"] == BOT_USER_ID
    fake.assert_no_violations()


def test_reset_forgets_calls_and_faults(fake: FakeSlack, client: WebClient) -> None:
    fake.fail_next("chat.postMessage")
    with pytest.raises(SlackApiError):
        client.api_call("nope.nope")
    fake.reset()
    assert client.chat_postMessage(channel="C1", text="x")["ok"] is True
    assert len(fake.calls) == 1 and fake.violations == []


# ------------------------------------------------------------ signed requests


def _verify(request: SlackRequest) -> bool:
    return SignatureVerifier(SECRET).is_valid_request(request.body, request.headers)


def test_sign_is_accepted_by_signature_verifier() -> None:
    body = b'{"type":"url_verification","challenge":"abc"}'
    headers = sign(body, SECRET)
    assert SignatureVerifier(SECRET).is_valid_request(body, headers)
    assert not SignatureVerifier("other-secret").is_valid_request(body, headers)
    assert not SignatureVerifier(SECRET).is_valid_request(body + b" ", headers)


def test_every_builder_is_signed() -> None:
    slack = SlackRequests(signing_secret=SECRET)
    built = [
        slack.dm("U1", "an idea"),
        slack.mention("U1", "hello"),
        slack.home_opened("U1"),
        slack.url_verification(),
        slack.slash_command("/challenge", "", user_id="U1"),
        slack.block_actions(button("idea_submit", "42"), user_id="U1"),
        slack.message_action("save_as_idea", user_id="U1", message_text="text"),
        slack.shortcut("new_idea", user_id="U1"),
        slack.view_submission("challenge_create", {"title": {"t": text_value("Q")}}, user_id="U1"),
        slack.view_closed("challenge_create", user_id="U1"),
    ]
    assert all(_verify(request) for request in built)


def test_event_envelope_shape_and_retry_headers() -> None:
    slack = SlackRequests(signing_secret=SECRET)
    first = slack.dm("U0ALICE", "we should recycle coffee pods")
    envelope = first.payload()
    assert envelope["type"] == "event_callback"
    assert envelope["team_id"] == TEAM_ID
    assert envelope["authorizations"][0]["user_id"] == BOT_USER_ID
    event = envelope["event"]
    assert (event["type"], event["channel_type"], event["channel"]) == ("message", "im", "D0ALICE")
    assert event["event_ts"] == event["ts"]

    again = slack.retry(first, retry_num=1, retry_reason="http_timeout")
    assert again.payload()["event_id"] == envelope["event_id"]
    assert again.headers["X-Slack-Retry-Num"] == "1"
    assert again.headers["X-Slack-Retry-Reason"] == "http_timeout"
    assert _verify(again)


def test_interactive_payloads_are_form_encoded() -> None:
    slack = SlackRequests(signing_secret=SECRET)
    request = slack.view_submission(
        "idea_form", {"b": {"a": text_value("x")}}, user_id="U1", private_metadata='{"draft": 3}'
    )
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert request.body.startswith(b"payload=")
    view = request.payload()["view"]
    assert view["state"]["values"]["b"]["a"]["value"] == "x"
    assert view["private_metadata"] == '{"draft": 3}'


# -------------------------------------------------- Bolt drives the whole loop


def _dispatch(app: App, request: SlackRequest) -> int:
    headers: dict[str, str | Sequence[str]] = dict(request.headers)
    response = app.dispatch(BoltRequest(body=request.body.decode(), headers=headers))
    return int(response.status)


def test_bolt_app_round_trip(fake: FakeSlack) -> None:
    app = App(client=WebClient(token="xoxb-test", base_url=fake.base_url), signing_secret=SECRET)

    @app.event("message")
    def on_dm(event: dict, say) -> None:  # type: ignore[no-untyped-def]
        say(f"got: {event['text']}")

    @app.command("/challenge")
    def on_command(ack, respond) -> None:  # type: ignore[no-untyped-def]
        ack()
        respond("on it")

    @app.action("idea_submit")
    def on_click(ack, body, client) -> None:  # type: ignore[no-untyped-def]
        ack()
        client.chat_update(
            channel=body["channel"]["id"],
            ts=body["message"]["ts"],
            text=f"submitted {body['actions'][0]['value']}",
        )

    slack = SlackRequests(signing_secret=SECRET, response_url_prefix=f"{fake.root_url}/response")
    assert _dispatch(app, slack.url_verification()) == 200
    assert _dispatch(app, slack.dm("U0ALICE", "an idea")) == 200
    posted = fake.wait_for("chat.postMessage")[0]
    assert (posted.args["channel"], posted.args["text"]) == ("D0ALICE", "got: an idea")

    assert _dispatch(app, slack.slash_command("/challenge", user_id="U1")) == 200
    assert fake.wait_for("response_url")[0].args["text"] == "on it"

    message = fake.messages_in("D0ALICE")[-1]
    click = slack.block_actions(
        button("idea_submit", "42"), user_id="U0ALICE", channel_id="D0ALICE", message=message
    )
    assert _dispatch(app, click) == 200
    assert fake.wait_for("chat.update")[0].args["text"] == "submitted 42"

    bad = SlackRequests(signing_secret="wrong").dm("U0ALICE", "forged")
    assert _dispatch(app, bad) == 401
    fake.assert_no_violations()


def test_multipart_and_chunked_bodies_are_parsed(fake: FakeSlack) -> None:
    auth = {"Authorization": "Bearer xoxb-test"}
    httpx.post(
        f"{fake.base_url}chat.postMessage",
        data={"channel": "C1", "text": "multipart"},
        files={"file": ("a.txt", b"bytes")},
        headers=auth,
    )
    httpx.post(
        f"{fake.base_url}chat.postMessage",
        content=iter([b"channel=C2&", b"text=chunked"]),
        headers={**auth, "Content-Type": "application/x-www-form-urlencoded"},
    )
    first, second = fake.calls_to("chat.postMessage")
    assert (first.args["text"], first.args["file"]) == ("multipart", b"bytes")
    assert (second.args["channel"], second.args["text"]) == ("C2", "chunked")
    fake.assert_no_violations()
