"""Direct messages (`message.im`): the intake conversation, one reply per message."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient

from bot.core.messages import use_locale
from bot.core.replies import Reply, ReplyKind
from bot.slack import turns
from bot.slack.delivery import ChannelReply, run_turn
from bot.slack.deps import SlackDeps
from bot.slack.digests import send_digest
from bot.slack.middleware import CONTEXT_KEY, STALE_AFTER, handoff
from bot.slack.parse import UserMessage, Where, is_person_message, user_message
from bot.slack.registry import Registry


def register(registry: Registry, deps: SlackDeps) -> None:
    registry.event("message", on_message(deps))


def message_key(message: UserMessage) -> str:
    # The same message can arrive as `message` and `app_mention` with different
    # event ids: (channel, ts) identifies it across both.
    return f"message:{message.actor.team_id}:{message.channel}:{message.ts}"


def answer(
    deps: SlackDeps,
    client: WebClient,
    message: UserMessage,
    where: Where,
    context: dict[str, Any],
) -> None:
    """Claim the message, then reply to it from a worker with a placeholder meanwhile."""
    own_key = message_key(message)

    def start() -> None:
        # The placeholder in the language this person was last answered in (if known).
        use_locale(deps.spoken(message.actor))
        send = ChannelReply(client, where, deps.workers, placeholder=True)

        def work() -> list[Reply]:
            actor = deps.named(client, message.actor)
            replies = turns.say(deps.container, actor, message.text)
            if any(r.kind is ReplyKind.DIGEST for r in replies):
                # "weekly digest": the reply says it is coming; it follows, built apart.
                deps.workers.submit(lambda: send_digest(client, deps.container, actor, 7))
            return replies

        keys = (context.get(CONTEXT_KEY), own_key)
        run_turn(deps.workers, deps.deduper, work, send, keys=keys)

    # A crashed turn leaves its keys unfinished, so Slack's redelivery takes them over
    # after STALE_AFTER; a finished one is never answered twice.
    claim = (own_key, "message", STALE_AFTER, True)
    handoff(deps.workers, deps.deduper, context, start, extra=(claim,))


def on_message(deps: SlackDeps) -> Callable[..., None]:
    def handle_dm(
        ack: Callable[[], None],
        body: dict[str, Any],
        event: dict[str, Any],
        client: WebClient,
        context: dict[str, Any],
    ) -> None:
        # Parsed before the ack: a malformed event is a 400 (parse.MalformedPayload).
        if not is_person_message(event, context.get("bot_user_id")):
            ack()
            return
        message = user_message(body)
        ack()
        if not message.text:
            return
        where = Where(message.channel, message.thread_ts)
        answer(deps, client, message, where, context)

    return handle_dm
