"""Exactly once: a retried delivery or a double click is acknowledged and dropped.

The middleware only names a delivery's claims (no I/O on the ack path: SQLite's
single writer made a claim there cost up to 200 ms under load). `handoff` makes them,
in SQL, on the quick pool, before any work or any message: the unique key decides,
so two processes sharing PostgreSQL cannot both proceed.
Keys:
- events: `event:{event_id}`. Slack redelivers with the same event_id when we were
  slow or crashed; a claim whose work never finished is taken over after
  STALE_AFTER, so a crash between receipt and reply does not lose the message.
- clicks: `action:{container}:{action_id}:{action_ts}` drops a replayed payload, and
  `click:{user}:{container}:{action_id}:{value}` within DOUBLE_CLICK drops the second
  click of a double click (its action_ts differs).
- slash commands and shortcuts: their trigger_id, unique per invocation.
View submissions are claimed by their listener, after validation, because a modal
answered with errors is submitted again with the same view id.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import timedelta
from typing import Any

from bot.core.background import Background as Workers
from bot.slack import parse
from storage.uow import Store

log = logging.getLogger(__name__)

STALE_AFTER = timedelta(seconds=120)
DOUBLE_CLICK = timedelta(seconds=1)
CONTEXT_KEY = "ideabot_delivery_key"
CONTEXT_CLAIMS = "ideabot_delivery_claims"


class Deduper:
    def __init__(self, store: Store) -> None:
        self.store = store

    def claim(
        self,
        key: str,
        kind: str,
        reclaim_after: timedelta | None = None,
        unfinished_only: bool = True,
    ) -> bool:
        with self.store.unit_of_work() as uow:
            won = uow.slack.claim(
                key, kind, reclaim_after=reclaim_after, unfinished_only=unfinished_only
            )
            uow.commit()
        return won

    def claim_all(self, claims: Sequence[Claim]) -> bool:
        for key, kind, reclaim_after, unfinished_only in claims:
            if not self.claim(key, kind, reclaim_after, unfinished_only):
                log.info("dropping a repeated delivery: %s", key)
                return False
        return True

    def finish(self, key: str | None) -> None:
        if not key:
            return
        with self.store.unit_of_work() as uow:
            uow.slack.finish(key)
            uow.commit()


Claim = tuple[str, str, timedelta | None, bool]


def delivery_claims(body: Mapping[str, Any]) -> list[Claim]:
    """(key, kind, reclaim_after, unfinished_only) for each claim a delivery needs.

    Every part of a key is checked by `parse` first (MalformedPayload → 400): a key
    holds only Slack-shaped ids, never a lone surrogate or a 26-digit "value".
    """
    kind = body.get("type")
    if kind == "event_callback":
        event = parse.event_id(body)
        return [(f"event:{event}", "event", STALE_AFTER, True)] if event else []
    if kind == "block_actions":
        actions = body.get("actions")
        first = actions[0] if isinstance(actions, list) and actions else {}
        action_id = first.get("action_id") if isinstance(first, Mapping) else None
        if not isinstance(action_id, str) or parse.parse_action_id(action_id) is None:
            return []  # not one of our buttons: no listener will run, nothing to claim
        clicked = parse.click(body)
        where, user = clicked.container_id, clicked.actor.user_id
        return [
            (f"action:{where}:{action_id}:{clicked.action_ts}", "action", None, True),
            (f"click:{user}:{where}:{action_id}:{clicked.value}", "click", DOUBLE_CLICK, False),
        ]
    if kind in ("message_action", "shortcut"):
        prefix = "shortcut"
    elif body.get("command"):
        prefix = "command"
    else:
        return []
    trigger = parse.trigger_id(body)
    return [(f"{prefix}:{trigger}", prefix, None, True)] if trigger else []


def idempotency_middleware() -> Callable[..., Any]:
    def ideabot_dedupe(
        body: dict[str, Any], context: dict[str, Any], next: Callable[[], None]
    ) -> None:
        claims = delivery_claims(body)
        context[CONTEXT_CLAIMS] = claims
        context[CONTEXT_KEY] = claims[0][0] if claims else None
        next()

    return ideabot_dedupe


def handoff(
    workers: Workers,
    deduper: Deduper,
    context: Mapping[str, Any],
    job: Callable[[], object],
    extra: Sequence[Claim] = (),
) -> None:
    """After the ack: claim the delivery, and only if it is ours, start `job`."""
    claims = [*context.get(CONTEXT_CLAIMS, ()), *extra]

    def claim_then_run() -> None:
        if deduper.claim_all(claims):
            job()

    workers.quick(claim_then_run)
