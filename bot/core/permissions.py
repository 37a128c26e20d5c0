"""Who may do what: one policy, asked by every use case and transport.

A use case that changes state or reveals something asks here first; when the answer
is no it returns a `Refusal`, which the transports render as a polite catalogue
message naming who may do it.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from enum import StrEnum

from bot.core.messages import t
from bot.core.models import Actor, Idea
from bot.core.ports.roles import Role, RoleDirectory


class Permission(StrEnum):
    CREATE_CHALLENGE = "create_challenge"
    CHANGE_STATUS = "change_status"
    READ_DIGEST = "read_digest"
    EXPORT = "export"
    SEE_AUTHOR = "see_author"
    # Someone's memory item: only its owner may read or delete it.
    FORGET_MEMORY = "forget_memory"
    # The review queue (ideas waiting for a decision): a triage list for managers.
    REVIEW_QUEUE = "review_queue"
    # Merge a duplicate into another idea, or undo it.
    MERGE = "merge"


# Who may, for the refusal message (catalogue `role.<who>`).
WHO_MAY: dict[Permission, str] = {
    Permission.CREATE_CHALLENGE: "managers",
    Permission.CHANGE_STATUS: "managers",
    Permission.READ_DIGEST: "managers",
    Permission.EXPORT: "admins",
    Permission.SEE_AUTHOR: "author",
    Permission.FORGET_MEMORY: "owner",
    Permission.REVIEW_QUEUE: "managers",
    Permission.MERGE: "managers",
}


@dataclass(frozen=True)
class Refusal:
    """The policy said no: what was asked, and who may do it."""

    permission: Permission

    @property
    def who(self) -> str:
        return WHO_MAY[self.permission]

    def message(self, locale: str | None = None) -> str:
        return t(f"refusal.{self.permission.value}", locale, who=t(f"role.{self.who}", locale))


class NotAllowed(PermissionError):
    """A refusal raised by a facade method (the CLI and listeners catch it)."""

    def __init__(self, refusal: Refusal, locale: str | None = None) -> None:
        super().__init__(refusal.message(locale))
        self.refusal = refusal


@dataclass(frozen=True)
class Permissions:
    admins: Collection[str] = field(default_factory=frozenset)
    managers: Collection[str] = field(default_factory=frozenset)
    # The terminal user owns their local install: they act as an admin there.
    local_admin: str | None = None
    # Whether admins see the names behind anonymous ideas (off: nobody but the author).
    anonymous_visible_to_admins: bool = False
    # Roles held beyond the id lists (Slack user groups, workspace admins); the
    # transport supplies it, the decision stays here.
    directory: RoleDirectory | None = None

    def _directory_roles(self, actor: Actor) -> frozenset[Role]:
        if self.directory is None:
            return frozenset()
        return self.directory.roles(actor.team_id, actor.user_id)

    def is_admin(self, actor: Actor) -> bool:
        if actor.user_id in self.admins or actor.user_id == self.local_admin:
            return True
        return Role.ADMIN in self._directory_roles(actor)

    def is_manager(self, actor: Actor) -> bool:
        if actor.user_id in self.managers or self.is_admin(actor):
            return True
        return Role.MANAGER in self._directory_roles(actor)

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

    def can_see_author(self, actor: Actor | None, idea: Idea) -> bool:
        if not idea.anonymous:
            return True
        if actor is None:
            return False
        if actor.user_id == idea.author_id:
            return True
        return self.anonymous_visible_to_admins and self.is_admin(actor)

    def can_forget_memory(self, actor: Actor, owner_id: str) -> bool:
        return actor.user_id == owner_id

    def can_merge(self, actor: Actor) -> bool:
        return self.is_manager(actor)

    def refusal(
        self,
        actor: Actor,
        permission: Permission,
        idea: Idea | None = None,
        owner_id: str | None = None,
    ) -> Refusal | None:
        """None when `actor` may; otherwise the refusal to show them."""
        allowed = {
            Permission.CREATE_CHALLENGE: lambda: self.can_create_challenge(actor),
            Permission.CHANGE_STATUS: lambda: self.can_change_status(actor),
            Permission.READ_DIGEST: lambda: self.can_read_digest(actor),
            Permission.EXPORT: lambda: self.can_export(actor),
            Permission.SEE_AUTHOR: lambda: idea is not None and self.can_see_author(actor, idea),
            Permission.FORGET_MEMORY: lambda: self.can_forget_memory(actor, owner_id or ""),
            Permission.REVIEW_QUEUE: lambda: self.is_manager(actor),
            Permission.MERGE: lambda: self.can_merge(actor),
        }[permission]()
        return None if allowed else Refusal(permission)

    def require(self, actor: Actor, permission: Permission, idea: Idea | None = None) -> None:
        refusal = self.refusal(actor, permission, idea)
        if refusal is not None:
            raise NotAllowed(refusal, actor.locale)
