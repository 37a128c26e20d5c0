"""One person's conversation state, loaded once per message and saved after it.

State lives in SQL (conversation state, the active draft), so a restart loses nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.core.models import Actor, DraftRecord, IdeaFields, Profile
from bot.core.ports.storage import Store
from bot.core.replies import Reply
from bot.core.text import MAX_TEXT_CHARS

# A gap after which a Slack DM opens with a greeting again.
SESSION_GAP = timedelta(hours=6)


@dataclass
class Turn:
    """Everything one message handler needs, loaded once."""

    actor: Actor
    profile: Profile
    conversation_id: int
    state: dict[str, Any]
    draft: DraftRecord | None
    fields: IdeaFields = field(default_factory=IdeaFields)
    notes: dict[str, Any] = field(default_factory=dict)
    forgotten: bool = False
    # Only free text is mined for memory: never "forget that I …" (it would re-create
    # what was just deleted) nor "remember that …" (already stored, synchronously).
    learn_from_text: bool = False
    draft_changed: bool = False

    @property
    def awaiting(self) -> str | None:
        value = self.state.get("awaiting")
        return str(value) if value else None

    @awaiting.setter
    def awaiting(self, value: str | None) -> None:
        self.state["awaiting"] = value

    @property
    def name(self) -> str | None:
        called = self.profile.preferences.get("called")
        return str(called) if called else self.profile.name

    @property
    def locale(self) -> str:
        return self.actor.locale

    def draft_done(self) -> None:
        """The draft is closed or submitted: the intake starts afresh next time."""
        self.draft, self.draft_changed = None, False
        self.awaiting = None
        self.state["asked"] = []


class Sessions:
    """Loads and saves turns; one lock per person keeps their messages in order."""

    def __init__(self, store: Store, clock: Callable[[], datetime]) -> None:
        self.store = store
        self.clock = clock
        self._locks: dict[tuple[str, str], threading.Lock] = {}
        self._locks_guard = threading.Lock()

    def lock(self, actor: Actor) -> threading.Lock:
        key = (actor.team_id, actor.user_id)
        with self._locks_guard:
            return self._locks.setdefault(key, threading.Lock())

    def load(self, actor: Actor) -> Turn:
        with self.store.unit_of_work() as uow:
            profile = uow.people.profile(actor.team_id, actor.user_id, actor.name)
            if actor.name and not profile.name:
                profile = uow.people.update_profile(actor.team_id, actor.user_id, name=actor.name)
            conversation = uow.people.conversation(actor.team_id, actor.user_id)
            draft = uow.people.active_draft(actor.team_id, actor.user_id)
            uow.commit()
        turn = Turn(actor, profile, conversation.id, dict(conversation.state), draft)
        if draft is not None:
            turn.fields = draft.fields
            turn.notes = dict(draft.notes)
        return turn

    def save(self, turn: Turn, user_text: str | None, replies: list[Reply]) -> None:
        if turn.forgotten:
            return
        turn.state["choices"] = [
            [c.label, c.action.value, c.value] for r in replies for c in r.choices
        ]
        turn.state["last_seen"] = self.clock().isoformat()
        actor = turn.actor
        with self.store.unit_of_work() as uow:
            if turn.draft_changed and turn.draft is not None and turn.draft.status == "active":
                turn.draft = uow.people.save_draft(
                    actor.team_id, actor.user_id, turn.draft, turn.fields, turn.notes
                )
            uow.people.save_conversation(turn.conversation_id, turn.state)
            # A turn is never longer than a message may be: one refused as too long is
            # kept only up to the limit, not whole (issue 7: 10 MB DMs were stored).
            if user_text:
                uow.people.add_turn(turn.conversation_id, "user", user_text[:MAX_TEXT_CHARS])
            for reply in replies:
                uow.people.add_turn(turn.conversation_id, "bot", reply.text[:MAX_TEXT_CHARS])
            uow.people.update_profile(actor.team_id, actor.user_id, last_seen_at=self.clock())
            uow.commit()

    def is_new(self, turn: Turn) -> bool:
        last = turn.state.get("last_seen")
        if not last:
            return True
        try:
            seen = datetime.fromisoformat(str(last))
        except ValueError:
            return True
        return self.clock() - seen > SESSION_GAP

    def new_draft(self, turn: Turn) -> None:
        with self.store.unit_of_work() as uow:
            turn.draft = uow.people.save_draft(
                turn.actor.team_id, turn.actor.user_id, None, IdeaFields(), {}
            )
            uow.commit()
        turn.fields, turn.notes = IdeaFields(), {}
        turn.state["asked"] = []

    def close_draft(self, turn: Turn, status: str, idea_id: int | None = None) -> None:
        if turn.draft is None:
            return
        with self.store.unit_of_work() as uow:
            if turn.draft_changed:
                uow.people.save_draft(
                    turn.actor.team_id, turn.actor.user_id, turn.draft, turn.fields, turn.notes
                )
            uow.people.close_draft(turn.draft.id, status, idea_id)
            uow.commit()
        turn.draft_done()

    def accept_terms(self, turn: Turn) -> None:
        """Record the acceptance (its first date stays) and refresh the turn's profile."""
        with self.store.unit_of_work() as uow:
            turn.profile = uow.people.update_profile(
                turn.actor.team_id, turn.actor.user_id, terms_accepted_at=self.clock()
            )
            uow.commit()

    def remember_terms_seen(self, actor: Actor) -> None:
        with self.store.unit_of_work() as uow:
            uow.people.update_profile(
                actor.team_id, actor.user_id, preferences={"terms_seen": True}
            )
            uow.commit()
