"""Repositories for people: profiles, conversations, drafts and memory items."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from bot.core.models import (
    ConversationRecord,
    DraftRecord,
    IdeaFields,
    MemoryRecord,
    Profile,
)
from storage import models as m
from storage.models import utcnow
from storage.repositories import UserRepository


def _profile(row: m.User) -> Profile:
    return Profile(
        user_key=row.user_key,
        name=row.display_name,
        title=row.title,
        department=row.department,
        locale=row.locale,
        timezone=row.timezone,
        preferences=dict(row.preferences or {}),
        ref=row.id,
        terms_accepted_at=row.terms_accepted_at,
    )


def _fields(data: dict[str, Any]) -> IdeaFields:
    return IdeaFields(
        title=data.get("title"),
        problem=data.get("problem"),
        proposal=data.get("proposal"),
        benefits=data.get("benefits"),
        tags=list(data.get("tags") or []),
        challenge=data.get("challenge"),
    )


def _draft(row: m.Draft) -> DraftRecord:
    data = dict(row.fields or {})
    notes = dict(data.pop("_notes", {}) or {})
    return DraftRecord(row.id, _fields(data), row.status, row.idea_id, row.updated_at, notes)


def _memory(row: m.MemoryItem) -> MemoryRecord:
    return MemoryRecord(
        row.id,
        row.kind,
        row.key,
        row.content,
        row.source,
        row.confidence,
        row.valid_from,
        row.valid_to,
    )


class PeopleRepository:
    def __init__(self, session: Session, users: UserRepository) -> None:
        self.session = session
        self.users = users

    # -- profiles ------------------------------------------------------------

    def profile(self, team_id: str, user_key: str, name: str | None = None) -> Profile:
        row = self.users.ensure(team_id, user_key, display_name=name)
        return _profile(row)

    def update_profile(self, team_id: str, user_key: str, **values: Any) -> Profile:
        row = self.users.ensure(team_id, user_key)
        for key, value in values.items():
            if key == "name":
                row.display_name = value
            elif key == "preferences":
                row.preferences = {**(row.preferences or {}), **value}
            elif key == "terms_accepted_at":
                # Recorded once: the first acceptance's date stays.
                row.terms_accepted_at = row.terms_accepted_at or value
            elif key in ("title", "department", "locale", "timezone", "last_seen_at"):
                setattr(row, key, value)
        self.session.flush()
        return _profile(row)

    def find_profile(self, team_id: str, user_key: str) -> Profile | None:
        row = self.users.get(team_id, user_key)
        return _profile(row) if row else None

    # -- conversations -------------------------------------------------------

    def conversation(self, team_id: str, user_key: str) -> ConversationRecord:
        user = self.users.ensure(team_id, user_key)
        row = self.session.scalar(
            select(m.Conversation)
            .where(m.Conversation.team_id == team_id, m.Conversation.user_id == user.id)
            .order_by(m.Conversation.id.desc())
            .limit(1)
        )
        if row is None:
            row = m.Conversation(team_id=team_id, user_id=user.id, state={})
            self.session.add(row)
            self.session.flush()
        return ConversationRecord(row.id, dict(row.state or {}), row.updated_at)

    def save_conversation(self, conversation_id: int, state: dict[str, Any]) -> None:
        self.session.execute(
            update(m.Conversation)
            .where(m.Conversation.id == conversation_id)
            .values(state=state, updated_at=utcnow())
        )

    def add_turn(self, conversation_id: int, role: str, text: str) -> None:
        self.session.add(m.Turn(conversation_id=conversation_id, role=role, text=text))

    # -- drafts ----------------------------------------------------------------

    def active_draft(self, team_id: str, user_key: str) -> DraftRecord | None:
        user = self.users.ensure(team_id, user_key)
        row = self.session.scalar(
            select(m.Draft)
            .where(
                m.Draft.team_id == team_id, m.Draft.user_id == user.id, m.Draft.status == "active"
            )
            .order_by(m.Draft.id.desc())
            .limit(1)
        )
        return _draft(row) if row else None

    def draft(self, team_id: str, draft_id: int) -> DraftRecord | None:
        row = self.session.get(m.Draft, draft_id)
        return _draft(row) if row is not None and row.team_id == team_id else None

    def save_draft(
        self,
        team_id: str,
        user_key: str,
        draft: DraftRecord | None,
        fields: IdeaFields,
        notes: dict[str, Any],
    ) -> DraftRecord:
        data: dict[str, Any] = asdict(fields)
        data["_notes"] = notes
        if draft is None:
            user = self.users.ensure(team_id, user_key)
            row = m.Draft(team_id=team_id, user_id=user.id, fields=data, status="active")
            self.session.add(row)
        else:
            found = self.session.get(m.Draft, draft.id)
            assert found is not None
            row = found
            row.fields = data
            row.updated_at = utcnow()
        self.session.flush()
        return _draft(row)

    def close_draft(
        self, draft_id: int, status: str, idea_id: int | None = None, only_if_active: bool = True
    ) -> bool:
        """Mark a draft submitted/cancelled. False if another request got there first."""
        query = update(m.Draft).where(m.Draft.id == draft_id)
        if only_if_active:
            query = query.where(m.Draft.status == "active")
        result = self.session.execute(
            query.values(status=status, idea_id=idea_id, updated_at=utcnow()).execution_options(
                synchronize_session=False
            )
        )
        return bool(getattr(result, "rowcount", 0))

    # -- memory ----------------------------------------------------------------

    def memories(
        self, team_id: str, user_key: str, include_past: bool = False
    ) -> list[MemoryRecord]:
        user = self.users.get(team_id, user_key)
        if user is None:
            return []
        query = select(m.MemoryItem).where(
            m.MemoryItem.team_id == team_id, m.MemoryItem.user_id == user.id
        )
        if not include_past:
            query = query.where(m.MemoryItem.valid_to.is_(None))
        return [_memory(r) for r in self.session.scalars(query.order_by(m.MemoryItem.id))]

    def add_memory(
        self,
        team_id: str,
        user_key: str,
        kind: str,
        key: str | None,
        content: str,
        source: str,
        confidence: float,
    ) -> MemoryRecord:
        user = self.users.ensure(team_id, user_key)
        now = utcnow()
        row = m.MemoryItem(
            team_id=team_id,
            user_id=user.id,
            kind=kind,
            key=key,
            content=content,
            source=source,
            confidence=confidence,
            valid_from=now,
        )
        self.session.add(row)
        self.session.flush()
        return _memory(row)

    def supersede(self, item_id: int, by_id: int, when: datetime) -> None:
        self.session.execute(
            update(m.MemoryItem)
            .where(m.MemoryItem.id == item_id)
            .values(valid_to=when, superseded_by=by_id)
        )

    def touch_memory(self, item_id: int, confidence: float) -> None:
        self.session.execute(
            update(m.MemoryItem).where(m.MemoryItem.id == item_id).values(confidence=confidence)
        )

    def delete_memory(self, team_id: str, user_key: str, item_id: int) -> bool:
        user = self.users.get(team_id, user_key)
        if user is None:
            return False
        # Older versions this item superseded go too: "forget" means gone.
        chain = [item_id]
        result = self.session.execute(
            delete(m.MemoryItem).where(
                m.MemoryItem.id == item_id,
                m.MemoryItem.user_id == user.id,
                m.MemoryItem.team_id == team_id,
            )
        )
        if not getattr(result, "rowcount", 0):
            return False
        self.session.execute(delete(m.MemoryItem).where(m.MemoryItem.superseded_by.in_(chain)))
        return True

    def forget_user(self, team_id: str, user_key: str) -> tuple[list[int], int] | None:
        """Hard-delete memory, conversations and drafts; scrub the profile so that the
        person's ideas and votes stay (counts keep) but point at nobody identifiable.
        Returns (deleted memory ids, user ref) or None if the person is unknown."""
        user = self.users.get(team_id, user_key)
        if user is None:
            return None
        memory_ids = list(
            self.session.scalars(select(m.MemoryItem.id).where(m.MemoryItem.user_id == user.id))
        )
        self.session.execute(delete(m.MemoryItem).where(m.MemoryItem.user_id == user.id))
        conversation_ids = list(
            self.session.scalars(select(m.Conversation.id).where(m.Conversation.user_id == user.id))
        )
        if conversation_ids:
            self.session.execute(delete(m.Turn).where(m.Turn.conversation_id.in_(conversation_ids)))
        self.session.execute(delete(m.Conversation).where(m.Conversation.user_id == user.id))
        self.session.execute(delete(m.Draft).where(m.Draft.user_id == user.id))
        self.session.execute(
            update(m.Idea).where(m.Idea.author_id == user.id).values(anonymous=True)
        )
        user.user_key = f"forgotten:{uuid.uuid4().hex}"
        user.display_name = None
        user.title = None
        user.department = None
        user.locale = None
        user.timezone = None
        user.preferences = {}
        user.terms_accepted_at = None
        self.session.flush()
        return memory_ids, user.id
