"""Who may do what: one policy, asked by every use case and transport."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from bot.core.models import Actor, Idea


@dataclass(frozen=True)
class Permissions:
    admins: Collection[str] = field(default_factory=frozenset)
    managers: Collection[str] = field(default_factory=frozenset)
    # The terminal user owns their local install: they act as an admin there.
    local_admin: str | None = None
    # Anonymity holds against admins too unless the installation says otherwise.
    anonymous_visible_to_admins: bool = False

    def is_admin(self, actor: Actor) -> bool:
        return actor.user_id in self.admins or actor.user_id == self.local_admin

    def is_manager(self, actor: Actor) -> bool:
        return actor.user_id in self.managers or self.is_admin(actor)

    def can_create_challenge(self, actor: Actor) -> bool:
        return self.is_manager(actor)

    def can_change_status(self, actor: Actor) -> bool:
        return self.is_manager(actor)

    def can_read_digest(self, actor: Actor) -> bool:
        return self.is_admin(actor) or self.is_manager(actor)

    def can_export(self, actor: Actor) -> bool:
        return self.is_admin(actor)

    def can_import(self, actor: Actor) -> bool:
        # An import sets statuses, votes and authors wholesale.
        return self.is_admin(actor)

    def can_see_author(self, actor: Actor, idea: Idea) -> bool:
        if not idea.anonymous:
            return True
        if idea.author_id is not None and actor.user_id == idea.author_id:
            return True
        return self.anonymous_visible_to_admins and self.is_admin(actor)
