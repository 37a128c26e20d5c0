"""The pipeline: moving an idea through its statuses (new → … → implemented/declined)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.core.events import EventBus, StatusChanged
from bot.core.models import Actor, Idea, IdeaStatus
from bot.core.permissions import Permission, Permissions, Refusal
from bot.core.ports.search import IdeaIndex
from bot.core.ports.storage import Store
from bot.core.text import InvalidInput, clean

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ChangeStatus:
    actor: Actor
    idea_id: int
    status: IdeaStatus
    reason: str | None = None


class Pipeline:
    def __init__(
        self, store: Store, index: IdeaIndex, events: EventBus, permissions: Permissions
    ) -> None:
        self.store = store
        self.index = index
        self.events = events
        self.permissions = permissions

    def change_status(self, command: ChangeStatus) -> Idea | Refusal:
        actor, status = command.actor, command.status
        refusal = self.permissions.refusal(actor, Permission.CHANGE_STATUS)
        if refusal is not None:
            return refusal
        reason = clean(command.reason) or None
        if status is IdeaStatus.DECLINED and not reason:
            raise InvalidInput("a decline needs a reason: the author will read it")
        with self.store.unit_of_work() as uow:
            changed = uow.ideas.set_status(
                actor.team_id, command.idea_id, status, reason, actor.user_id
            )
            if changed is None:
                raise InvalidInput(f"there is no idea #{command.idea_id}")
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
