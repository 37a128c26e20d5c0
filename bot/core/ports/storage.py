"""Storage ports: the unit of work and the repositories the core uses.

One unit of work is one transaction. Other repositories (Slack bookkeeping, job runs)
live on the concrete unit of work; the core names only what it uses, so adding one
there never changes this port.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any, Protocol

from bot.core.models import (
    ChallengeInfo,
    ConversationRecord,
    DraftRecord,
    Idea,
    IdeaFields,
    IdeaStatus,
    LinkKind,
    MemoryRecord,
    NewIdea,
    Profile,
    StatusEntry,
)
from bot.core.ports.outbox import OutboxRows


class IdeaRepository(Protocol):
    def get(self, team_id: str, idea_id: int) -> Idea | None: ...

    def get_by_external(self, team_id: str, external_id: str) -> Idea | None: ...

    def get_many(self, team_id: str, ids: Iterable[int]) -> dict[int, Idea]: ...

    def list_ideas(
        self,
        team_id: str,
        status: IdeaStatus | None = None,
        author_key: str | None = None,
        limit: int | None = None,
        order: str = "created",
        hide_merged: bool = False,
    ) -> list[Idea]: ...

    def count(self, team_id: str | None) -> int: ...

    def tag_vocabulary(self, team_id: str) -> list[str]: ...

    def open_challenges(self, team_id: str) -> list[ChallengeInfo]: ...

    def add(self, new: NewIdea) -> Idea: ...

    def upsert_many(self, news: Sequence[NewIdea]) -> list[tuple[Idea, bool]]: ...

    def set_status(
        self,
        team_id: str,
        idea_id: int,
        status: IdeaStatus,
        reason: str | None,
        changed_by: str | None,
    ) -> tuple[Idea, IdeaStatus] | None: ...

    def has_vote(self, team_id: str, idea_id: int, user_key: str) -> bool: ...

    def set_vote(self, team_id: str, idea_id: int, user_key: str, on: bool) -> int | None: ...

    def link(
        self,
        team_id: str,
        idea_id: int,
        other_idea_id: int,
        kind: LinkKind,
        score: float | None = None,
        created_by: str | None = None,
    ) -> None: ...

    # -- merging (bot/core/merging.py) -------------------------------------------

    def recount_votes(self, team_id: str, idea_id: int) -> int: ...

    def voter_keys(self, team_id: str, idea_id: int) -> list[str]: ...

    def lock_ideas(self, team_id: str, ids: Iterable[int]) -> dict[int, Idea]: ...

    def merged_into(self, team_id: str, idea_id: int) -> int | None: ...

    def merged_from(self, team_id: str, idea_id: int) -> list[int]: ...

    def mark_merged(
        self, team_id: str, idea_id: int, into_id: int, changed_by: str | None
    ) -> IdeaStatus | None: ...

    def unmark_merged(
        self, team_id: str, idea_id: int, changed_by: str | None
    ) -> tuple[int, IdeaStatus] | None: ...

    # -- index bookkeeping: which rows the vector index holds ----------------------

    def needing_index(
        self, model_id: str, limit: int, team_id: str | None = None
    ) -> list[Idea]: ...

    def unindexed_among(self, ids: Sequence[int], model_id: str) -> list[int]: ...

    def indexed_ids(self, model_id: str) -> set[int]: ...

    def count_indexed(self, model_id: str) -> int: ...

    def mark_indexed(self, ids: Sequence[int], model_id: str) -> None: ...

    def unmark_indexed(self, ids: Sequence[int]) -> None: ...

    def clear_index_marks(self) -> None: ...


class PeopleRepository(Protocol):
    def profile(self, team_id: str, user_key: str, name: str | None = None) -> Profile: ...

    def update_profile(self, team_id: str, user_key: str, **values: Any) -> Profile: ...

    def find_profile(self, team_id: str, user_key: str) -> Profile | None: ...

    def conversation(self, team_id: str, user_key: str) -> ConversationRecord: ...

    def save_conversation(self, conversation_id: int, state: dict[str, Any]) -> None: ...

    def add_turn(self, conversation_id: int, role: str, text: str) -> None: ...

    def active_draft(self, team_id: str, user_key: str) -> DraftRecord | None: ...

    def draft(self, team_id: str, draft_id: int) -> DraftRecord | None: ...

    def save_draft(
        self,
        team_id: str,
        user_key: str,
        draft: DraftRecord | None,
        fields: IdeaFields,
        notes: dict[str, Any],
    ) -> DraftRecord: ...

    def close_draft(
        self, draft_id: int, status: str, idea_id: int | None = None, only_if_active: bool = True
    ) -> bool: ...

    def memories(
        self, team_id: str, user_key: str, include_past: bool = False
    ) -> list[MemoryRecord]: ...

    def add_memory(
        self,
        team_id: str,
        user_key: str,
        kind: str,
        key: str | None,
        content: str,
        source: str,
        confidence: float,
    ) -> MemoryRecord: ...

    def supersede(self, item_id: int, by_id: int, when: datetime) -> None: ...

    def touch_memory(self, item_id: int, confidence: float) -> None: ...

    def delete_memory(self, team_id: str, user_key: str, item_id: int) -> bool: ...

    def forget_user(self, team_id: str, user_key: str) -> tuple[list[int], int] | None: ...


class StatusRepository(Protocol):
    def history(self, team_id: str, idea_id: int) -> list[StatusEntry]: ...

    def voters(self, team_id: str, idea_id: int) -> list[str]: ...

    def waiting(
        self, team_id: str, statuses: Sequence[IdeaStatus], since_before: datetime
    ) -> list[tuple[Idea, datetime]]: ...


class UnitOfWork(Protocol):
    @property
    def ideas(self) -> IdeaRepository: ...

    @property
    def people(self) -> PeopleRepository: ...

    @property
    def outbox(self) -> OutboxRows:
        """Side effects owed after this transaction commits (written with it)."""
        ...

    @property
    def statuses(self) -> StatusRepository: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...


class Store(Protocol):
    def unit_of_work(self) -> AbstractContextManager[UnitOfWork]: ...

    def compact(self) -> None:
        """Make deleted rows unrecoverable from the files (after "forget me")."""
        ...
