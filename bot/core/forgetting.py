"""Forgetting: one remembered item, or everything about a person ("forget me")."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.background import Background
from bot.core.memory import MemoryService
from bot.core.messages import t
from bot.core.models import Actor
from bot.core.permissions import Permission, Permissions
from bot.core.remembering import Remembering
from bot.core.replies import Action, Choice, Reply
from bot.core.session import Turn


@dataclass(frozen=True)
class ForgetItem:
    actor: Actor
    item_id: str  # as it comes from a button: validated here


@dataclass(frozen=True)
class ForgetDescribed:
    actor: Actor
    description: str  # "that I like cycling"


class Forgetting:
    def __init__(
        self,
        memory: MemoryService,
        permissions: Permissions,
        remembering: Remembering,
        background: Background,
    ) -> None:
        self.memory = memory
        self.permissions = permissions
        self.remembering = remembering
        self.background = background

    def forget_item(self, command: ForgetItem) -> list[Reply]:
        actor, loc = command.actor, command.actor.locale
        # Only the owner may delete an item. A forged button naming someone else's item
        # finds nothing among the clicker's own, and is told just that: whether the id
        # belongs to someone is itself not revealed.
        mine = {str(i.id): i for i in self.memory.items(actor)}
        item = mine.get(command.item_id)
        if item is None or self.permissions.refusal(
            actor, Permission.FORGET_MEMORY, owner_id=actor.user_id
        ):
            return [Reply(t("memory.forget_not_found", loc))]
        if not self.memory.delete(actor, item.id):
            return [Reply(t("memory.forget_not_found", loc))]
        return [Reply(t("memory.forgot_item", loc, content=item.content))]

    def forget_described(self, command: ForgetDescribed) -> list[Reply]:
        actor, loc = command.actor, command.actor.locale
        item = self.memory.find(actor, command.description)
        if item is None:
            return [Reply(t("memory.forget_not_found", loc)), *self.remembering.recall(actor)]
        self.memory.delete(actor, item.id)
        return [Reply(t("memory.forgot_item", loc, content=item.content))]

    def confirm_forget_me(self, turn: Turn) -> list[Reply]:
        loc = turn.locale
        turn.awaiting = "confirm_forget_me"
        return [
            Reply(
                t("memory.forget_me_confirm", loc),
                choices=(
                    Choice(
                        t("choice.confirm_forget_me", loc), Action.CONFIRM_FORGET_ME, style="danger"
                    ),
                    Choice(t("choice.keep", loc), Action.FORGET_ME, "keep"),
                ),
            )
        ]

    def keep(self, turn: Turn) -> list[Reply]:
        turn.awaiting = None
        return [Reply(t("memory.forget_me_kept", turn.locale))]

    def forget_me(self, turn: Turn) -> list[Reply]:
        # Pending memory writes for this person must land before the delete, or they
        # would re-create what was just forgotten.
        self.background.drain()
        done = self.memory.forget_me(turn.actor)
        turn.forgotten = True
        key = "memory.forget_me_done" if done else "memory.forget_me_nothing"
        return [Reply(t(key, turn.locale))]
