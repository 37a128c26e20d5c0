"""Domain events: how one use case triggers another's side effects.

Publishing never fails the publisher: a handler error is logged, not raised, so a
notification problem cannot undo a submitted idea.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from bot.core.models import Actor, IdeaStatus

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


E = TypeVar("E")


class EventBus:
    def __init__(self) -> None:
        self._handlers: dict[type[Any], list[Callable[[Any], None]]] = defaultdict(list)

    def subscribe(self, event_type: type[E], handler: Callable[[E], None]) -> None:
        self._handlers[event_type].append(handler)

    def publish(self, event: object) -> None:
        for handler in list(self._handlers.get(type(event), ())):
            try:
                handler(event)
            except Exception:  # one failing side effect must not stop the others
                log.exception("handler %r failed for %r", handler, event)
