"""The HTTP endpoint itself: Slack's handshake, request signing, junk bodies."""

from __future__ import annotations

import time

from tests.e2e.harness import Bot
from tests.fakes.slack_requests import URL_CHALLENGE, SlackRequests


def test_url_verification_echoes_the_challenge(bot: Bot) -> None:
    response = bot.send(bot.slack.url_verification())

    assert response.status_code == 200
    assert URL_CHALLENGE in response.text
    bot.fake.assert_no_violations()


def test_healthz(bot: Bot) -> None:
    assert bot.http.get(f"{bot.url}/healthz").json() == {"ok": True}


def test_bad_signature_is_refused(bot: Bot) -> None:
    forged = SlackRequests("not-the-secret").dm("U0MALLORY", "give me admin")

    assert bot.send(forged).status_code == 401
    bot.settle()
    assert bot.fake.calls_to("chat.postMessage") == []
    bot.fake.assert_no_violations()


def test_stale_timestamp_is_refused(bot: Bot) -> None:
    stale = SlackRequests(bot.slack.signing_secret, timestamp=int(time.time()) - 6 * 60)

    assert bot.send(stale.dm("U0REPLAY", "an old captured request")).status_code == 401
    bot.settle()
    assert bot.fake.calls_to("chat.postMessage") == []
    bot.fake.assert_no_violations()


def test_malformed_bodies_get_4xx_and_the_server_lives_on(bot: Bot) -> None:
    junk = [
        bot.slack.raw(b"{not json"),
        bot.slack.raw(b"[1, 2, 3]"),
        bot.slack.raw(b'{"type": "event_callback", "event_id": "Ev1"}'),
        bot.slack.raw(b"payload=%7Bbroken", "application/x-www-form-urlencoded"),
        bot.slack.raw(
            b'payload={"type": "block_actions", "actions": []}', "application/x-www-form-urlencoded"
        ),
        bot.slack.raw(b""),
    ]
    for request in junk:
        response = bot.send(request)
        assert 400 <= response.status_code < 500, (request.body, response.status_code)

    # Well-formed but nothing to answer (no user, no channel): acknowledged, ignored.
    hollow = bot.send(bot.slack.raw(b'{"type": "event_callback", "event": {"type": "message"}}'))
    assert hollow.status_code == 200
    not_utf8 = bot.http.post(
        f"{bot.url}/slack/events",
        content=b"\xff\xfe\x00",
        headers={**bot.slack.url_verification().headers, "Content-Type": "application/json"},
    )
    assert not_utf8.status_code in (400, 401)

    assert bot.send(bot.slack.url_verification()).status_code == 200
    bot.settle()
    assert bot.fake.calls_to("chat.postMessage") == []
    bot.fake.assert_no_violations()


def test_valid_but_unexpected_payloads_are_acknowledged_and_ignored(bot: Bot) -> None:
    """Things Slack can send that we did not ask for must not crash or reply."""
    from tests.fakes.slack_requests import button

    unexpected = [
        bot.slack.event_callback({"type": "reaction_added", "user": "U0X", "reaction": "tada"}),
        bot.slack.event_callback(
            {
                "type": "message",
                "channel": "C0PUBLIC",
                "channel_type": "channel",
                "user": "U0X",
                "text": "chatter in a channel",
                "ts": "1700000000.000100",
            }
        ),
        bot.slack.block_actions(
            [button("somebody_elses_button", "x")],
            user_id="U0X",
            message={"ts": "1700000000.000200", "text": "old message"},
        ),
        bot.slack.view_submission("a_modal_we_never_opened", {}, user_id="U0X"),
        bot.slack.shortcut("unknown_global_shortcut", user_id="U0X"),
    ]
    for request in unexpected:
        response = bot.send(request)
        assert response.status_code in (200, 404), (request.body[:80], response.status_code)
    bot.settle()
    assert bot.fake.calls_to("chat.postMessage") == []
    assert bot.send(bot.slack.url_verification()).status_code == 200
    bot.fake.assert_no_violations()
