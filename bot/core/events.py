"""Domain events: how one use case triggers another's side effects.

A use case that changes state:
1. `bus.record(uow.outbox, event)` before its commit: one outbox row per durable
   consumer of that event (chosen by configuration in the composition root), so a
   side effect that must survive a crash is owed in the same transaction;
2. `bus.publish(event)` after the commit: in-process handlers run on the shared
   pool, and the outbox drainer is nudged.
Publishing never fails the publisher: a handler error is logged, not raised, so a
notification problem cannot undo a submitted idea.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import TypeAdapter

from bot.core.faults import crash_point
from bot.core.models import Actor, IdeaStatus

if TYPE_CHECKING:
    from bot.core.background import Background
    from bot.core.ports.outbox import OutboxRows

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IdeaSubmitted:
    team_id: str
    idea_id: int
    actor: Actor | None
    anonymous: bool


@dataclass(frozen=True)
class IdeasImported:
    team_id: str
    idea_ids: tuple[int, ...]


@dataclass(frozen=True)
class StatusChanged:
    team_id: str
    idea_id: int
    previous: IdeaStatus
    status: IdeaStatus
    reason: str | None
    actor: Actor | None


@dataclass(frozen=True)
class VoteCast:
    team_id: str
    idea_id: int
    actor: Actor
    on: bool
    votes: int


@dataclass(frozen=True)
class ChallengeClosed:
    team_id: str
    challenge_id: int


@dataclass(frozen=True)
class AuthorForgotten:
    """A person asked to be forgotten: what still names them elsewhere (idea cards in
    channels, delivery bookkeeping) must follow. `user_id` is the id they had."""

    team_id: str
    user_id: str
    idea_ids: tuple[int, ...]


@dataclass(frozen=True)
class ChallengeCreated:
    team_id: str
    challenge_id: int


@dataclass(frozen=True)
class ChallengeChanged:
    """Its deadline moved or an idea was bound to it (the post shows both)."""

    team_id: str
    challenge_id: int


@dataclass(frozen=True)
class ChallengeReminderDue:
    """`before` ("48h") the deadline `deadline` (ISO), claimed once by the jobs."""

    team_id: str
    challenge_id: int
    before: str
    deadline: str


@dataclass(frozen=True)
class IdeaMerged:
    """`idea_id` was merged into `into_id`: its author and voters are told, both
    cards change (the merged one points to the other, whose count grows)."""

    team_id: str
    idea_id: int
    into_id: int
    actor: Actor | None


@dataclass(frozen=True)
class IdeaUnmerged:
    """`idea_id` is its own idea again (back to `status`), no longer part of `from_id`."""

    team_id: str
    idea_id: int
    from_id: int
    status: IdeaStatus
    actor: Actor | None


EVENT_TYPES: dict[str, type[Any]] = {
    cls.__name__: cls
    for cls in (
        IdeaSubmitted,
        IdeasImported,
        StatusChanged,
        VoteCast,
        ChallengeClosed,
        AuthorForgotten,
        ChallengeCreated,
        ChallengeChanged,
        ChallengeReminderDue,
        IdeaMerged,
        IdeaUnmerged,
    )
}

E = TypeVar("E")


_ADAPTERS: dict[str, TypeAdapter[Any]] = {}


def _adapter(event_type: type[Any]) -> TypeAdapter[Any]:
    adapter = _ADAPTERS.get(event_type.__name__)
    if adapter is None:
        adapter = _ADAPTERS[event_type.__name__] = TypeAdapter(event_type)
    return adapter


def encode_event(event: object) -> dict[str, Any]:
    payload: dict[str, Any] = _adapter(type(event)).dump_python(event, mode="json")
    return payload


def decode_event(event_type: str, payload: Mapping[str, Any]) -> object:
    return _adapter(EVENT_TYPES[event_type]).validate_python(dict(payload))


def event_name(event_type: type[Any]) -> str:
    """IdeaSubmitted → idea_submitted (the name fault hooks use)."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", event_type.__name__).lower()


class EventBus:
    def __init__(
        self,
        pool: Background | None = None,
        durable: Mapping[type[Any], Sequence[str]] | None = None,
        on_recorded: Callable[[], None] | None = None,
    ) -> None:
        """`pool`: where in-process handlers run (None: in the publisher's thread).
        `durable`: the consumers owed an outbox row for each event type.
        `on_recorded`: called after publishing an event that had durable consumers."""
        self._handlers: dict[type[Any], list[Callable[[Any], None]]] = defaultdict(list)
        self._pool = pool
        self._durable = {k: tuple(v) for k, v in (durable or {}).items()}
        self._on_recorded = on_recorded

    def subscribe(self, event_type: type[E], handler: Callable[[E], None]) -> None:
        """An in-process handler: runs after the commit, lost if the process dies."""
        self._handlers[event_type].append(handler)

    def durable_consumers(self, event_type: type[Any]) -> tuple[str, ...]:
        return self._durable.get(event_type, ())

    def record(self, outbox: OutboxRows, event: object) -> None:
        """Owe `event` to its durable consumers, in the caller's transaction."""
        consumers = self.durable_consumers(type(event))
        if not consumers:
            return
        payload = encode_event(event)
        team_id = str(getattr(event, "team_id", ""))
        for consumer in consumers:
            outbox.add(team_id, consumer, type(event).__name__, payload)

    def publish(self, event: object) -> None:
        """After the commit: run in-process handlers, nudge the outbox drainer."""
        crash_point(f"crash_after_commit:{event_name(type(event))}")
        for handler in list(self._handlers.get(type(event), ())):
            if self._pool is None:
                _run(handler, event)
            else:
                self._pool.submit(partial(_run, handler, event))
        if self._on_recorded is not None and self.durable_consumers(type(event)):
            self._on_recorded()


def _run(handler: Callable[[Any], None], event: object) -> None:
    try:
        handler(event)
    except Exception:  # one failing side effect must not stop the others
        log.exception("handler %r failed for %r", handler, event)
