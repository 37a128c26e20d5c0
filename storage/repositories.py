"""Repositories: the only code that writes SQL for ideas, users, votes and links."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session, aliased

from bot.core.models import INTERNAL_REF_PREFIX, ChallengeInfo, Idea, IdeaStatus, LinkKind, NewIdea
from storage import models as m
from storage.mapping import to_idea
from storage.models import utcnow
from storage.sql import insert_ignoring_duplicate


def import_author_key(name: str) -> str:
    """An author known only by name (from an import) is keyed by that name."""
    return f"name:{name.strip().casefold()}"


def internal_ref(external_id: str | None) -> int | None:
    """The idea number in an exported "#12", or None for any other id."""
    if external_id and external_id.startswith(INTERNAL_REF_PREFIX):
        number = external_id[len(INTERNAL_REF_PREFIX) :]
        if number.isdecimal() and _is_row_id(int(number)):
            return int(number)
    return None


def _same_origin(row: m.Idea, new: NewIdea) -> bool:
    """An "#12" from another installation's export is not our idea #12: when the line
    carries its creation time, it must match."""
    if new.created_at is None or row.created_at is None:
        return True
    return _as_utc(row.created_at) == _as_utc(new.created_at)


def _as_utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _author_key(new: NewIdea) -> str | None:
    if new.author_id:
        return new.author_id
    return import_author_key(new.author_name) if new.author_name else None


# Ids are 32-bit on PostgreSQL: a larger number is no idea, not a database error.
_MAX_ROW_ID = 2**31 - 1


def _is_row_id(value: int) -> bool:
    return 0 < value <= _MAX_ROW_ID


class UserRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
        # One unit of work often touches the same people and workspace many times
        # (an import batch): remember rows already loaded in this session.
        self._users: dict[tuple[str, str], m.User] = {}
        self._workspaces: set[str] = set()

    def ensure_workspace(self, team_id: str, name: str | None = None) -> None:
        if team_id in self._workspaces:
            return
        self._workspaces.add(team_id)
        if self.session.get(m.Workspace, team_id) is None:
            insert_ignoring_duplicate(
                self.session,
                m.Workspace.__table__,
                {"team_id": team_id, "name": name, "created_at": utcnow()},
                key="team_id",
            )

    def get(self, team_id: str, user_key: str) -> m.User | None:
        return self.session.scalar(
            select(m.User).where(m.User.team_id == team_id, m.User.user_key == user_key)
        )

    def ensure(
        self,
        team_id: str,
        user_key: str,
        display_name: str | None = None,
        department: str | None = None,
    ) -> m.User:
        self.ensure_workspace(team_id)
        user = self._users.get((team_id, user_key)) or self.get(team_id, user_key)
        if user is None:
            insert_ignoring_duplicate(
                self.session,
                m.User.__table__,
                {
                    "team_id": team_id,
                    "user_key": user_key,
                    "display_name": display_name,
                    "preferences": {},
                    "created_at": utcnow(),
                },
            )
            user = self.get(team_id, user_key)
            assert user is not None
        if display_name and not user.display_name:
            user.display_name = display_name
        if department and user.department != department:
            user.department = department
        self._users[(team_id, user_key)] = user
        return user

    def ensure_import_author(self, team_id: str, name: str, department: str | None) -> m.User:
        return self.ensure(team_id, import_author_key(name), name.strip(), department)

    def preload(self, team_id: str, user_keys: set[str | None]) -> None:
        """Load these people in one query, so a batch does not look them up one by one."""
        wanted = [k for k in user_keys if k and (team_id, k) not in self._users]
        for start in range(0, len(wanted), 500):
            rows = self.session.scalars(
                select(m.User).where(
                    m.User.team_id == team_id, m.User.user_key.in_(wanted[start : start + 500])
                )
            )
            self._users.update({(team_id, r.user_key): r for r in rows})


class IdeaRepository:
    def __init__(self, session: Session, users: UserRepository) -> None:
        self.session = session
        self.users = users
        self._tags: dict[tuple[str, str], m.Tag] = {}
        self._challenges: dict[tuple[str, str], m.Challenge] = {}

    # -- reads -------------------------------------------------------------

    def _row(self, team_id: str, idea_id: int) -> m.Idea | None:
        if not _is_row_id(idea_id):
            return None
        row = self.session.get(m.Idea, idea_id)
        return row if row is not None and row.team_id == team_id else None

    def get(self, team_id: str, idea_id: int) -> Idea | None:
        row = self._row(team_id, idea_id)
        return to_idea(row) if row else None

    def get_by_external(self, team_id: str, external_id: str) -> Idea | None:
        row = self.session.scalar(
            select(m.Idea).where(m.Idea.team_id == team_id, m.Idea.external_id == external_id)
        )
        return to_idea(row) if row else None

    def get_many(self, team_id: str, ids: Iterable[int]) -> dict[int, Idea]:
        wanted = [i for i in set(ids) if _is_row_id(i)]
        if not wanted:
            return {}
        rows = self.session.scalars(
            select(m.Idea).where(m.Idea.team_id == team_id, m.Idea.id.in_(wanted))
        ).unique()
        return {row.id: to_idea(row) for row in rows}

    def list_ideas(
        self,
        team_id: str,
        status: IdeaStatus | None = None,
        author_key: str | None = None,
        limit: int | None = None,
        order: str = "created",
        hide_merged: bool = False,
    ) -> list[Idea]:
        query = select(m.Idea).where(m.Idea.team_id == team_id)
        if status is not None:
            query = query.where(m.Idea.status == status.value)
        elif hide_merged:
            query = query.where(m.Idea.status != IdeaStatus.MERGED.value)
        if author_key is not None:
            query = query.join(m.User, m.Idea.author_id == m.User.id).where(
                m.User.user_key == author_key
            )
        if order == "votes":
            query = query.order_by(m.Idea.vote_count.desc(), m.Idea.id)
        else:
            query = query.order_by(m.Idea.created_at.desc(), m.Idea.id.desc())
        if limit:
            query = query.limit(limit)
        return [to_idea(row) for row in self.session.scalars(query).unique()]

    def count(self, team_id: str | None) -> int:
        query = select(func.count(m.Idea.id))
        if team_id is not None:
            query = query.where(m.Idea.team_id == team_id)
        return int(self.session.scalar(query) or 0)

    def tag_vocabulary(self, team_id: str) -> list[str]:
        rows = self.session.execute(
            select(m.Tag.name, func.count(m.IdeaTag.idea_id))
            .join(m.IdeaTag, m.IdeaTag.tag_id == m.Tag.id)
            .where(m.Tag.team_id == team_id)
            .group_by(m.Tag.name)
            .order_by(func.count(m.IdeaTag.idea_id).desc(), m.Tag.name)
        )
        return [name for name, _ in rows]

    def needing_index(self, model_id: str, limit: int, team_id: str | None = None) -> list[Idea]:
        query = select(m.Idea).where(
            or_(m.Idea.indexed_at.is_(None), m.Idea.embedding_model != model_id)
        )
        if team_id is not None:
            query = query.where(m.Idea.team_id == team_id)
        rows = self.session.scalars(query.order_by(m.Idea.id).limit(limit)).unique()
        return [to_idea(row) for row in rows]

    def unindexed_among(self, ids: Sequence[int], model_id: str) -> list[int]:
        if not ids:
            return []
        rows = self.session.scalars(
            select(m.Idea.id).where(
                m.Idea.id.in_(list(ids)),
                or_(m.Idea.indexed_at.is_(None), m.Idea.embedding_model != model_id),
            )
        )
        return sorted(rows)

    def indexed_ids(self, model_id: str) -> set[int]:
        rows = self.session.scalars(
            select(m.Idea.id).where(
                m.Idea.indexed_at.is_not(None), m.Idea.embedding_model == model_id
            )
        )
        return set(rows)

    def count_indexed(self, model_id: str) -> int:
        return int(
            self.session.scalar(
                select(func.count(m.Idea.id)).where(
                    m.Idea.indexed_at.is_not(None), m.Idea.embedding_model == model_id
                )
            )
            or 0
        )

    # -- writes ------------------------------------------------------------

    def add(self, new: NewIdea) -> Idea:
        self.users.ensure_workspace(new.team_id)
        row = m.Idea(team_id=new.team_id)
        self.session.add(row)
        self._apply(row, new, creating=True)
        self.session.flush()
        return to_idea(row)

    def upsert_many(self, news: Sequence[NewIdea]) -> list[tuple[Idea, bool]]:
        """Create or update (by external id) a batch of ideas with one flush: the
        import path. A later line with the same external id updates the earlier one.

        An id "#12" (how an export names an idea shaped in conversation) updates
        idea #12 of the workspace when it has no external id and, if the line gives
        one, the same creation time; otherwise it is an ordinary external id."""
        existing: dict[tuple[str, str], m.Idea] = {}
        internal: dict[tuple[str, int], m.Idea] = {}
        for team_id in {n.team_id for n in news}:
            self.users.ensure_workspace(team_id)
            wanted = [n.external_id for n in news if n.team_id == team_id and n.external_id]
            for start in range(0, len(wanted), 500):
                rows = self.session.scalars(
                    select(m.Idea).where(
                        m.Idea.team_id == team_id,
                        m.Idea.external_id.in_(wanted[start : start + 500]),
                    )
                ).unique()
                existing.update({(team_id, str(r.external_id)): r for r in rows})
            numbers = [
                number
                for n in news
                if n.team_id == team_id and (number := internal_ref(n.external_id)) is not None
            ]
            for start in range(0, len(numbers), 500):
                rows = self.session.scalars(
                    select(m.Idea).where(
                        m.Idea.team_id == team_id,
                        m.Idea.external_id.is_(None),
                        m.Idea.id.in_(numbers[start : start + 500]),
                    )
                ).unique()
                internal.update({(team_id, r.id): r for r in rows})
            self._load_tags(team_id, {t.strip().lower()[:64] for n in news for t in n.tags})
            self.users.preload(team_id, {_author_key(n) for n in news if n.team_id == team_id})
        done: list[tuple[m.Idea, bool]] = []
        # Lookups inside the loop must not flush half-built rows one by one.
        with self.session.no_autoflush:
            for new in news:
                key = (new.team_id, new.external_id) if new.external_id else None
                row = existing.get(key) if key else None
                if row is None:
                    number = internal_ref(new.external_id)
                    same = internal.get((new.team_id, number)) if number is not None else None
                    if same is not None and _same_origin(same, new):
                        row = same
                created = row is None
                if row is None:
                    row = m.Idea(team_id=new.team_id, tag_links=[])
                    self.session.add(row)
                    if key:
                        existing[key] = row
                self._apply(row, new, creating=created, flush=False)
                done.append((row, created))
        self.session.flush()
        return [(to_idea(row), created) for row, created in done]

    def _load_tags(self, team_id: str, names: set[str]) -> None:
        missing = [n for n in names if n and (team_id, n) not in self._tags]
        if missing:
            rows = self.session.scalars(
                select(m.Tag).where(m.Tag.team_id == team_id, m.Tag.name.in_(missing))
            )
            self._tags.update({(team_id, r.name): r for r in rows})

    def upsert_by_external(self, new: NewIdea) -> tuple[Idea, bool]:
        """Create, or update the idea with the same external id. Returns (idea, created)."""
        assert new.external_id is not None
        return self.upsert_many([new])[0]

    def _apply(
        self,
        row: m.Idea,
        new: NewIdea,
        creating: bool,
        flush: bool = True,
    ) -> None:
        """Write the fields `new` gives; on an update, the others keep their values."""

        def gives(name: str) -> bool:
            return creating or new.gives(name)

        text_changed = creating
        if gives("title") and row.title != new.title:
            row.title, text_changed = new.title, True
        if gives("description") and row.description != new.description:
            row.description, text_changed = new.description, True
        if creating:
            row.external_id = new.external_id
        if row.external_id is not None and gives("external_id_numeric"):
            row.external_id_numeric = new.external_id_numeric
        for name in ("problem", "proposal", "benefits", "status_reason"):
            if gives(name):
                setattr(row, name, getattr(new, name))
        if gives("status"):
            row.status = new.status.value
        if gives("anonymous"):
            row.anonymous = new.anonymous
        if new.created_at is not None:
            row.created_at = new.created_at
        if gives("author"):
            row.author = self._author(row, new)
        elif gives("department") and new.department and row.author is not None:
            row.author.department = new.department
        if gives("challenge"):
            row.challenge = self._challenge(new.team_id, new.challenge)
        if flush:
            self.session.flush()
        if gives("votes"):
            # The file's count is the total people saw, real votes included (an
            # export writes it so): only the part no vote row explains is imported.
            real_votes = self._carried_votes(row) if row.id else 0
            row.imported_votes = max(0, new.votes - real_votes)
            row.vote_count = row.imported_votes + real_votes
        if gives("tags"):
            self._set_tags(row, new.team_id, new.tags)
        if text_changed:
            row.indexed_at = None

    def _author(self, row: m.Idea, new: NewIdea) -> m.User | None:
        if new.author_id:
            return self.users.ensure(new.team_id, new.author_id, new.author_name, new.department)
        if not new.author_name:
            return None
        current = row.author
        if current is not None and new.author_name.strip().casefold() in {
            (current.display_name or "").strip().casefold(),
            current.user_key.casefold(),
        }:
            # The same person as now (a Slack user exported by name): keep them.
            if new.department:
                current.department = new.department
            return current
        return self.users.ensure_import_author(new.team_id, new.author_name, new.department)

    def _challenge(self, team_id: str, title: str | None) -> m.Challenge | None:
        if not title or not title.strip():
            return None
        title = title.strip()
        challenge = self._challenges.get((team_id, title)) or self.session.scalar(
            select(m.Challenge).where(m.Challenge.team_id == team_id, m.Challenge.title == title)
        )
        if challenge is None:
            challenge = m.Challenge(team_id=team_id, title=title)
            self.session.add(challenge)
        self._challenges[(team_id, title)] = challenge
        return challenge

    def _set_tags(self, row: m.Idea, team_id: str, tags: Sequence[str]) -> None:
        names: list[str] = []
        for raw in tags:
            name = raw.strip().lower()[:64]
            if name and name not in names:
                names.append(name)
        if [link.tag_name for link in row.tag_links] == names:
            return
        if row.tag_links:
            row.tag_links.clear()
            self.session.flush()  # the old (idea, tag) keys must go before new ones
        for position, name in enumerate(names):
            tag_row = self._tags.get((team_id, name)) or self.session.scalar(
                select(m.Tag).where(m.Tag.team_id == team_id, m.Tag.name == name)
            )
            if tag_row is None:
                tag_row = m.Tag(team_id=team_id, name=name)
                self.session.add(tag_row)
            self._tags[(team_id, name)] = tag_row
            row.tag_links.append(m.IdeaTag(tag=tag_row, position=position))

    def _carried_votes(self, row: m.Idea) -> int:
        """The part of the idea's shown count its own imported number does not make:
        its voters and, while others are merged into it, theirs and their imports."""
        merged = self.merged_from(row.team_id, row.id)
        voters = self.session.scalar(
            select(func.count(func.distinct(m.Vote.user_id))).where(
                m.Vote.idea_id.in_([row.id, *merged])
            )
        )
        imported = (
            self.session.scalar(
                select(func.coalesce(func.sum(m.Idea.imported_votes), 0)).where(
                    m.Idea.id.in_(merged)
                )
            )
            if merged
            else 0
        )
        return int(voters or 0) + int(imported or 0)

    def mark_indexed(self, ids: Sequence[int], model_id: str) -> None:
        if ids:
            self.session.execute(
                update(m.Idea)
                .where(m.Idea.id.in_(list(ids)))
                .values(indexed_at=utcnow(), embedding_model=model_id)
                .execution_options(synchronize_session=False)
            )

    def unmark_indexed(self, ids: Sequence[int]) -> None:
        for start in range(0, len(ids), 500):
            self.session.execute(
                update(m.Idea)
                .where(m.Idea.id.in_(list(ids[start : start + 500])))
                .values(indexed_at=None)
                .execution_options(synchronize_session=False)
            )

    def clear_index_marks(self) -> None:
        self.session.execute(
            update(m.Idea).values(indexed_at=None).execution_options(synchronize_session=False)
        )

    def set_status(
        self,
        team_id: str,
        idea_id: int,
        status: IdeaStatus,
        reason: str | None,
        changed_by: str | None,
    ) -> tuple[Idea, IdeaStatus] | None:
        row = self._row(team_id, idea_id)
        if row is None:
            return None
        previous = IdeaStatus(row.status)
        actor = self.users.ensure(team_id, changed_by) if changed_by else None
        row.status = status.value
        row.status_reason = reason
        self.session.add(
            m.StatusChange(
                team_id=team_id,
                idea_id=idea_id,
                from_status=previous.value,
                to_status=status.value,
                reason=reason,
                changed_by=actor.id if actor else None,
            )
        )
        self.session.flush()
        return to_idea(row), previous

    def has_vote(self, team_id: str, idea_id: int, user_key: str) -> bool:
        user = self.users.get(team_id, user_key)
        if user is None:
            return False
        return (
            self.session.scalar(
                select(m.Vote.id).where(m.Vote.idea_id == idea_id, m.Vote.user_id == user.id)
            )
            is not None
        )

    def set_vote(self, team_id: str, idea_id: int, user_key: str, on: bool) -> int | None:
        """Add or remove this person's vote; returns the new count (None: no such idea).

        The idea row is locked first (FOR UPDATE), so concurrent voters, in this
        process or another, take turns: each one's recount then sees every vote
        committed before it, and the last count written is the true one. (SQLite
        ignores FOR UPDATE; it already serialises writers on the vote insert.)
        """
        if not _is_row_id(idea_id):
            return None
        locked = self.session.scalar(
            select(m.Idea.id)
            .where(m.Idea.id == idea_id, m.Idea.team_id == team_id)
            .with_for_update()
        )
        if locked is None:
            return None
        user = self.users.ensure(team_id, user_key)
        if on:
            exists = self.session.scalar(
                select(m.Vote.id).where(m.Vote.idea_id == idea_id, m.Vote.user_id == user.id)
            )
            if exists is None:
                self.session.add(m.Vote(team_id=team_id, idea_id=idea_id, user_id=user.id))
        else:
            self.session.execute(
                delete(m.Vote).where(m.Vote.idea_id == idea_id, m.Vote.user_id == user.id)
            )
        self.session.flush()
        return self.recount_votes(team_id, idea_id)

    def recount_votes(self, team_id: str, idea_id: int) -> int:
        """Store and return the idea's shown count: the distinct people who voted for
        it or for any idea merged into it (someone who voted for both counts once),
        plus the imported counts of all of them (anonymous totals from a file, which
        cannot be told apart, so they add up). One UPDATE, so a concurrent voter's
        commit is never half seen."""
        group = [idea_id, *self.merged_from(team_id, idea_id)]
        other = aliased(m.Idea)
        imported = (
            select(func.coalesce(func.sum(other.imported_votes), 0))
            .where(other.id.in_(group))
            .scalar_subquery()
        )
        voters = (
            select(func.count(func.distinct(m.Vote.user_id)))
            .where(m.Vote.idea_id.in_(group))
            .scalar_subquery()
        )
        count = self.session.scalar(
            update(m.Idea)
            .where(m.Idea.id == idea_id, m.Idea.team_id == team_id)
            .values(vote_count=imported + voters)
            .returning(m.Idea.vote_count)
            .execution_options(synchronize_session="fetch")
        )
        return int(count or 0)

    # -- merging: B merged into A is B's status `merged` plus a `merged` link B→A;
    # -- vote rows never move, so an unmerge gives each idea back its own votes.

    def voter_keys(self, team_id: str, idea_id: int) -> list[str]:
        """Who voted for this idea itself (their user keys), to tell them news of it."""
        rows = self.session.scalars(
            select(m.User.user_key)
            .join(m.Vote, m.Vote.user_id == m.User.id)
            .where(m.Vote.team_id == team_id, m.Vote.idea_id == idea_id)
            .order_by(m.Vote.id)
        )
        return list(rows)

    def lock_ideas(self, team_id: str, ids: Iterable[int]) -> dict[int, Idea]:
        """These ideas, their rows locked (in id order, so two merges cannot deadlock)."""
        wanted = sorted({i for i in ids if _is_row_id(i)})
        if not wanted:
            return {}
        self.session.scalars(
            select(m.Idea.id)
            .where(m.Idea.team_id == team_id, m.Idea.id.in_(wanted))
            .order_by(m.Idea.id)
            .with_for_update()
        ).all()
        return self.get_many(team_id, wanted)

    def merged_into(self, team_id: str, idea_id: int) -> int | None:
        return self.session.scalar(
            select(m.IdeaLink.other_idea_id).where(
                m.IdeaLink.team_id == team_id,
                m.IdeaLink.idea_id == idea_id,
                m.IdeaLink.kind == LinkKind.MERGED.value,
            )
        )

    def merged_from(self, team_id: str, idea_id: int) -> list[int]:
        rows = self.session.scalars(
            select(m.IdeaLink.idea_id)
            .where(
                m.IdeaLink.team_id == team_id,
                m.IdeaLink.other_idea_id == idea_id,
                m.IdeaLink.kind == LinkKind.MERGED.value,
            )
            .order_by(m.IdeaLink.idea_id)
        )
        return list(rows)

    def mark_merged(
        self, team_id: str, idea_id: int, into_id: int, changed_by: str | None
    ) -> IdeaStatus | None:
        """Merge one idea into another; returns the status it had (None: no such idea).
        Its status reason is kept, to come back with an unmerge."""
        row = self._row(team_id, idea_id)
        if row is None:
            return None
        previous = IdeaStatus(row.status)
        actor = self.users.ensure(team_id, changed_by) if changed_by else None
        row.status = IdeaStatus.MERGED.value
        self.session.add(
            m.StatusChange(
                team_id=team_id,
                idea_id=idea_id,
                from_status=previous.value,
                to_status=IdeaStatus.MERGED.value,
                reason=f"#{into_id}",
                changed_by=actor.id if actor else None,
            )
        )
        self.link(team_id, idea_id, into_id, LinkKind.MERGED, created_by=changed_by)
        self.session.expire(row, ["merge_links"])
        return previous

    def unmark_merged(
        self, team_id: str, idea_id: int, changed_by: str | None
    ) -> tuple[int, IdeaStatus] | None:
        """Undo a merge: (the idea it was merged into, the status it gets back), or None
        when it is not merged."""
        row = self._row(team_id, idea_id)
        into_id = self.merged_into(team_id, idea_id)
        if row is None or into_id is None:
            return None
        before = self.session.scalar(
            select(m.StatusChange.from_status)
            .where(
                m.StatusChange.idea_id == idea_id,
                m.StatusChange.to_status == IdeaStatus.MERGED.value,
            )
            .order_by(m.StatusChange.id.desc())
            .limit(1)
        )
        restored = IdeaStatus(before) if before else IdeaStatus.NEW
        actor = self.users.ensure(team_id, changed_by) if changed_by else None
        row.status = restored.value
        self.session.add(
            m.StatusChange(
                team_id=team_id,
                idea_id=idea_id,
                from_status=IdeaStatus.MERGED.value,
                to_status=restored.value,
                reason=f"#{into_id}",
                changed_by=actor.id if actor else None,
            )
        )
        self.session.execute(
            delete(m.IdeaLink).where(
                m.IdeaLink.idea_id == idea_id, m.IdeaLink.kind == LinkKind.MERGED.value
            )
        )
        self.session.flush()
        self.session.expire(row, ["merge_links"])
        return into_id, restored

    def link(
        self,
        team_id: str,
        idea_id: int,
        other_idea_id: int,
        kind: LinkKind,
        score: float | None = None,
        created_by: str | None = None,
    ) -> None:
        exists = self.session.scalar(
            select(m.IdeaLink.id).where(
                m.IdeaLink.idea_id == idea_id,
                m.IdeaLink.other_idea_id == other_idea_id,
                m.IdeaLink.kind == kind.value,
            )
        )
        if exists is not None:
            return
        # Both ends must be ideas of this workspace: an id from a forged button or a
        # stale draft must never link across workspaces (issue 7).
        in_team = self.session.scalar(
            select(func.count(m.Idea.id)).where(
                m.Idea.team_id == team_id, m.Idea.id.in_((idea_id, other_idea_id))
            )
        )
        if in_team != len({idea_id, other_idea_id}):
            return
        actor = self.users.ensure(team_id, created_by) if created_by else None
        self.session.add(
            m.IdeaLink(
                team_id=team_id,
                idea_id=idea_id,
                other_idea_id=other_idea_id,
                kind=kind.value,
                score=score,
                created_by=actor.id if actor else None,
            )
        )
        self.session.flush()

    def links(self, team_id: str, idea_id: int) -> list[tuple[int, str, float | None]]:
        rows = self.session.execute(
            select(m.IdeaLink.other_idea_id, m.IdeaLink.kind, m.IdeaLink.score).where(
                m.IdeaLink.team_id == team_id, m.IdeaLink.idea_id == idea_id
            )
        )
        return [(other, kind, score) for other, kind, score in rows]

    def open_challenges(self, team_id: str) -> list[ChallengeInfo]:
        now = utcnow()
        rows = self.session.scalars(
            select(m.Challenge)
            .where(
                m.Challenge.team_id == team_id,
                m.Challenge.status == "open",
                or_(m.Challenge.deadline.is_(None), m.Challenge.deadline > now),
            )
            .order_by(m.Challenge.created_at.desc())
        )
        return [
            ChallengeInfo(c.id, c.team_id, c.title, c.question, c.deadline, c.status, c.channel_id)
            for c in rows
        ]
