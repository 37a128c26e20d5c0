"""Digests: what came in, what is emerging, what waits (for managers and admins)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.messages import t
from bot.core.models import Actor
from bot.core.permissions import Permission, Permissions
from bot.core.replies import Reply, ReplyKind


@dataclass(frozen=True)
class ReadDigest:
    actor: Actor


class Digests:
    def __init__(self, permissions: Permissions) -> None:
        self.permissions = permissions

    def read(self, command: ReadDigest) -> list[Reply]:
        actor = command.actor
        refusal = self.permissions.refusal(actor, Permission.READ_DIGEST)
        if refusal is not None:
            return [Reply(refusal.message(actor.locale), kind=ReplyKind.REFUSED)]
        return [Reply(t("digest.pointer", actor.locale))]
