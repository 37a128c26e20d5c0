"""Export: every idea of a workspace, for admins (the CLI's `export` writes the file)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.models import Actor, Idea
from bot.core.permissions import Permission, Permissions, Refusal
from bot.core.ports.storage import Store


@dataclass(frozen=True)
class ExportIdeas:
    actor: Actor


class Exporting:
    def __init__(self, store: Store, permissions: Permissions) -> None:
        self.store = store
        self.permissions = permissions

    def ideas(self, command: ExportIdeas) -> list[Idea] | Refusal:
        """Oldest first, so an export re-imports in the order ideas came in."""
        refusal = self.permissions.refusal(command.actor, Permission.EXPORT)
        if refusal is not None:
            return refusal
        with self.store.unit_of_work() as uow:
            return list(reversed(uow.ideas.list_ideas(command.actor.team_id)))
