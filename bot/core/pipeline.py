"""The pipeline: moving an idea through its statuses (new → … → implemented, or
declined with a reason), its history, and the ideas waiting too long for a decision.

`merged` is a status too, but only merging sets it (and unmerging lifts it): a status
change can neither choose it nor move an idea out of it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.core.events import EventBus, StatusChanged
from bot.core.messages import t
from bot.core.models import Actor, Idea, IdeaStatus, StatusEntry
from bot.core.permissions import Permission, Permissions, Refusal
from bot.core.ports.search import IdeaIndex
from bot.core.ports.storage import Store
from bot.core.text import InvalidInput, clean

log = logging.getLogger(__name__)

# The statuses a person may choose, in pipeline order.
SETTABLE: tuple[IdeaStatus, ...] = tuple(s for s in IdeaStatus if s is not IdeaStatus.MERGED)
# Waiting for a decision: the review queue.
UNDECIDED: tuple[IdeaStatus, ...] = (IdeaStatus.NEW, IdeaStatus.UNDER_REVIEW)
# A reason is read by the author and every voter: a paragraph, not an essay.
MAX_REASON_CHARS = 1000


@dataclass(frozen=True)
class ChangeStatus:
    actor: Actor
    idea_id: int
    status: IdeaStatus
    reason: str | None = None


@dataclass(frozen=True)
class ReadHistory:
    actor: Actor
    idea_id: int


@dataclass(frozen=True)
class ListStale:
    actor: Actor
    days: int


@dataclass(frozen=True)
class StaleIdea:
    idea: Idea
    waiting_since: datetime
    days_waiting: int


def parse_settable(value: str, locale: str | None = None) -> IdeaStatus:
    """A status a person may choose, from what they typed; InvalidInput otherwise."""
    try:
        status = IdeaStatus.parse(value)
    except ValueError:
        status = None
    if status is None or status not in SETTABLE:
        allowed = ", ".join(s.value for s in SETTABLE)
        raise InvalidInput(t("pipeline.error.unknown_status", locale, value=value, allowed=allowed))
    return status


class Pipeline:
    def __init__(
        self,
        store: Store,
        index: IdeaIndex,
        events: EventBus,
        permissions: Permissions,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.store = store
        self.index = index
        self.events = events
        self.permissions = permissions
        self.clock = clock

    def change_status(self, command: ChangeStatus) -> Idea | Refusal:
        """Refusal when the actor may not; InvalidInput (a message for them) when the
        change is impossible: unknown idea, merged idea, decline without a reason…"""
        actor, status, loc = command.actor, command.status, command.actor.locale
        refusal = self.permissions.refusal(actor, Permission.CHANGE_STATUS)
        if refusal is not None:
            return refusal
        if status not in SETTABLE:
            raise InvalidInput(t("pipeline.error.merged_by_merging", loc))
        reason = clean(command.reason) or None
        if status is IdeaStatus.DECLINED and not reason:
            raise InvalidInput(t("pipeline.error.reason_required", loc))
        if reason and len(reason) > MAX_REASON_CHARS:
            raise InvalidInput(t("pipeline.error.reason_too_long", loc, limit=MAX_REASON_CHARS))
        with self.store.unit_of_work() as uow:
            current = uow.ideas.get(actor.team_id, command.idea_id)
            if current is None:
                raise InvalidInput(t("pipeline.error.unknown_idea", loc, ref=command.idea_id))
            if current.status is IdeaStatus.MERGED:
                raise InvalidInput(t("pipeline.error.is_merged", loc, ref=current.public_ref))
            if current.status is status and (current.status_reason or None) == reason:
                raise InvalidInput(
                    t("pipeline.error.unchanged", loc, ref=current.public_ref, status=status.value)
                )
            changed = uow.ideas.set_status(
                actor.team_id, command.idea_id, status, reason, actor.user_id
            )
            if changed is None:
                raise InvalidInput(t("pipeline.error.unknown_idea", loc, ref=command.idea_id))
            idea, previous = changed
            status_changed = StatusChanged(idea.team_id, idea.id, previous, status, reason, actor)
            self.events.record(uow.outbox, status_changed)
            uow.commit()
        try:
            self.index.update_metadata([idea])
        except Exception as exc:  # metadata can be repaired by reindex
            log.warning("could not update the index for #%d: %s", idea.id, exc)
        self.events.publish(status_changed)
        return idea

    def history(self, command: ReadHistory) -> list[StatusEntry]:
        """Every status change of an idea, oldest first. Whoever may read the idea may
        read how it moved: the people in it are the managers who decided."""
        team = command.actor.team_id
        with self.store.unit_of_work() as uow:
            if uow.ideas.get(team, command.idea_id) is None:
                raise InvalidInput(
                    t("pipeline.error.unknown_idea", command.actor.locale, ref=command.idea_id)
                )
            return uow.statuses.history(team, command.idea_id)

    def stale(self, command: ListStale) -> list[StaleIdea] | Refusal:
        """Ideas waiting in new or under review for longer than `days`, oldest first."""
        refusal = self.permissions.refusal(command.actor, Permission.REVIEW_QUEUE)
        if refusal is not None:
            return refusal
        if command.days < 0:
            raise InvalidInput(t("pipeline.error.negative_days", command.actor.locale))
        now = self.clock()
        with self.store.unit_of_work() as uow:
            rows = uow.statuses.waiting(
                command.actor.team_id, UNDECIDED, now - timedelta(days=command.days)
            )
        return [StaleIdea(idea, since, (now - since).days) for idea, since in rows]
