"""Recognition: points earned from what happens to ideas, and the leaderboard.

Points are written by a subscriber to the domain events (IdeaSubmitted, VoteCast,
StatusChanged), each award under a unique key per (reason, idea, voter), so an event
handled twice (a replay, two processes) awards once. A vote
award follows the vote as it stands when the event is handled: a withdrawn vote takes
its point back, and replaying an old "vote on" after the withdrawal awards nothing.

Anonymous ideas earn points privately: the award is marked private, counted in the
author's own total (shown only to them) and never on a public board.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.core.events import EventBus, IdeaSubmitted, StatusChanged, VoteCast
from bot.core.models import Actor, Idea, IdeaStatus
from bot.core.ports.points import Award, PointsStore, PointsUnit, Standing
from bot.core.text import InvalidInput

log = logging.getLogger(__name__)

AWARDED_BY = (IdeaSubmitted, VoteCast, StatusChanged)


def subscribe_awarder(bus: EventBus, handle: Callable[[object], None]) -> None:
    """Points are written after the commit that earned them, off the reply path."""
    for event_type in AWARDED_BY:
        bus.subscribe(event_type, handle)


MAX_DAYS = 3650
MAX_LIMIT = 100


@dataclass(frozen=True)
class Weights:
    submit: int = 2
    vote_received: int = 1
    accepted: int = 5
    implemented: int = 10


class PointsAwarder:
    """The durable consumer: turns one event into at most one award (or revocation)."""

    def __init__(
        self,
        store: PointsStore,
        weights: Weights,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.store = store
        self.weights = weights
        self.clock = clock

    def handle(self, event: object) -> None:
        if isinstance(event, IdeaSubmitted):
            self.on_submitted(event)
        elif isinstance(event, VoteCast):
            self.on_vote(event)
        elif isinstance(event, StatusChanged):
            self.on_status(event)

    def on_submitted(self, event: IdeaSubmitted) -> None:
        with self.store.unit_of_work() as uow:
            idea = uow.ideas.get(event.team_id, event.idea_id)
            if idea is not None:
                self._award(uow, idea, "submit", self.weights.submit, f"submit:{idea.id}")
            uow.commit()

    def on_vote(self, event: VoteCast) -> None:
        voter = event.actor.user_id
        key = f"vote:{event.idea_id}:{voter}"
        with self.store.unit_of_work() as uow:
            idea = uow.ideas.get(event.team_id, event.idea_id)
            if idea is None or idea.author_id == voter:
                return  # never a point for supporting one's own idea
            if uow.ideas.has_vote(event.team_id, idea.id, voter):
                self._award(uow, idea, "vote_received", self.weights.vote_received, key)
            else:
                uow.points.revoke(event.team_id, key)
            uow.commit()

    def on_status(self, event: StatusChanged) -> None:
        weight = {
            IdeaStatus.ACCEPTED: self.weights.accepted,
            IdeaStatus.IMPLEMENTED: self.weights.implemented,
        }.get(event.status)
        if weight is None:
            return
        reason = event.status.value
        with self.store.unit_of_work() as uow:
            idea = uow.ideas.get(event.team_id, event.idea_id)
            if idea is not None:
                self._award(uow, idea, reason, weight, f"{reason}:{idea.id}")
            uow.commit()

    def _award(self, uow: PointsUnit, idea: Idea, reason: str, amount: int, key: str) -> None:
        if not idea.author_id:
            return  # an imported idea by nobody in particular, or a forgotten author
        award = Award(
            team_id=idea.team_id,
            user_key=idea.author_id,
            idea_id=idea.id,
            reason=reason,
            amount=amount,
            key=key,
            private=idea.anonymous,
        )
        uow.points.award(award, self.clock())


@dataclass(frozen=True)
class ShowLeaderboard:
    actor: Actor
    days: int | None = None  # None: all time
    limit: int = 10


@dataclass(frozen=True)
class Ranked:
    rank: int
    user_id: str
    name: str | None
    points: int


@dataclass(frozen=True)
class LeaderboardResult:
    since: datetime | None
    days: int | None
    entries: tuple[Ranked, ...]
    # The asker's own totals over the same period; `private` is what their anonymous
    # ideas earned, shown to them alone.
    own_public: int
    own_private: int


def rank(standings: list[Standing]) -> list[Standing]:
    """Most points first; a tie goes to the Slack user id that sorts first, so the
    order is the same on every run and every database (names may change or repeat)."""
    return sorted(standings, key=lambda s: (-s.points, s.user_key))


class Leaderboards:
    def __init__(
        self, store: PointsStore, clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    ) -> None:
        self.store = store
        self.clock = clock

    def show(self, command: ShowLeaderboard) -> LeaderboardResult:
        days = command.days
        if days is not None and not 1 <= days <= MAX_DAYS:
            raise InvalidInput(f"--days must be between 1 and {MAX_DAYS}")
        limit = max(1, min(command.limit, MAX_LIMIT))
        since = self.clock() - timedelta(days=days) if days is not None else None
        team, me = command.actor.team_id, command.actor.user_id
        with self.store.unit_of_work() as uow:
            standings = uow.points.standings(team, since)
            own_public = uow.points.total(team, me, since, private=False)
            own_private = uow.points.total(team, me, since, private=True)
        ranked = [s for s in rank(standings) if s.points > 0][:limit]
        entries = tuple(
            Ranked(rank=i, user_id=s.user_key, name=s.name, points=s.points)
            for i, s in enumerate(ranked, start=1)
        )
        return LeaderboardResult(since, days, entries, own_public, own_private)
