"""Running a turn after the ack and putting its replies where the person is looking.

A turn: optional "thinking…" placeholder at once (quick pool), the core call on the
bounded slow pool, then the replies: the placeholder is replaced in place with
chat.update, so a person sees one message per turn, and a retried delivery that is
dropped never adds one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.background import Background as Workers
from bot.core.replies import Reply, ReplyKind
from bot.slack import strings
from bot.slack.blocks import mrkdwn, render
from bot.slack.middleware import Deduper
from bot.slack.parse import Where

log = logging.getLogger(__name__)

PLACEHOLDER_WAIT_S = 15.0

Send = Callable[[Sequence[Reply]], None]


@dataclass(frozen=True)
class Posted:
    channel: str
    ts: str


def open_dm(client: WebClient, user_id: str) -> str:
    response = client.conversations_open(users=user_id)
    return str(response["channel"]["id"])


def post(client: WebClient, where: Where, text: str, blocks: list[dict[str, Any]]) -> Posted:
    response = client.chat_postMessage(
        channel=where.channel, thread_ts=where.thread_ts, text=text, blocks=blocks
    )
    return Posted(str(response["channel"]), str(response["ts"]))


def placeholder_blocks() -> list[dict[str, Any]]:
    from slack_sdk.models.blocks import ContextBlock

    return [ContextBlock(elements=[mrkdwn(strings.THINKING)]).to_dict()]


class ChannelReply:
    """Replies into a channel or DM (a thread if given), replacing a placeholder."""

    def __init__(
        self,
        client: WebClient,
        where: Where | Callable[[], Where],
        workers: Workers,
        placeholder: bool,
    ) -> None:
        self.client = client
        self._where = where
        self._resolved: Future[Where] | None = None
        self._placeholder: Future[Posted] | None = None
        if placeholder:
            self._placeholder = workers.quick(self._post_placeholder)
        elif callable(where):
            self._resolved = workers.quick(where)

    def _where_now(self) -> Where:
        if isinstance(self._where, Where):
            return self._where
        if self._resolved is not None:
            return self._resolved.result(timeout=PLACEHOLDER_WAIT_S)
        return self._where()

    def _post_placeholder(self) -> Posted:
        where = self._where_now()
        self._where = where
        return post(self.client, where, strings.THINKING.strip("_"), placeholder_blocks())

    def __call__(self, replies: Sequence[Reply]) -> None:
        text, blocks = render(replies)
        placeholder = self._placeholder_ts()
        if placeholder is not None:
            if not blocks:
                self.client.chat_delete(channel=placeholder.channel, ts=placeholder.ts)
                return
            self.client.chat_update(
                channel=placeholder.channel, ts=placeholder.ts, text=text, blocks=blocks
            )
            return
        if blocks:
            post(self.client, self._where_now(), text, blocks)

    def _placeholder_ts(self) -> Posted | None:
        if self._placeholder is None:
            return None
        try:
            return self._placeholder.result(timeout=PLACEHOLDER_WAIT_S)
        except Exception:  # no placeholder (e.g. Slack refused it): post a fresh message
            log.warning("no placeholder to replace; posting the reply instead")
            return None


def ephemeral(respond: Callable[..., Any]) -> Send:
    """Replies only the clicking person sees, through the interaction's response_url."""

    def send(replies: Sequence[Reply]) -> None:
        text, blocks = render(replies)
        if blocks:
            respond(text=text, blocks=blocks, response_type="ephemeral", replace_original=False)

    return send


def run_turn(
    workers: Workers,
    deduper: Deduper,
    work: Callable[[], list[Reply]],
    send: Send,
    keys: Sequence[str | None] = (),
) -> Future[None]:
    """Run `work` on the slow pool, send its replies, then mark the delivery done."""

    def job() -> None:
        try:
            replies = work()
        except Exception:
            log.exception("a Slack turn failed")
            _apologise(send)
            return
        try:
            send(replies)
        except SlackApiError as exc:
            log.error("could not deliver a reply: %s", exc.response.get("error"))
            return
        for key in keys:
            deduper.finish(key)

    return workers.slow(job)


def _apologise(send: Send) -> None:
    try:
        send([Reply(strings.SORRY, kind=ReplyKind.ERROR)])
    except Exception:
        log.exception("could not even apologise")
