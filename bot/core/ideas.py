"""Ideas: create, import, read, search, vote; the facade the transports and the CLI call.

Status changes are the pipeline's (bot/core/pipeline.py); `set_status` delegates there.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from bot.core.events import (
    ChallengeChanged,
    EventBus,
    IdeasImported,
    IdeaSubmitted,
    VoteCast,
)
from bot.core.importing import ParsedLine
from bot.core.indexing import IndexKeeper
from bot.core.match_reason import explain
from bot.core.merging import Merged, MergeIdeas, Merging, Unmerged, UnmergeIdea
from bot.core.messages import t
from bot.core.models import (
    Actor,
    ChallengeInfo,
    Idea,
    IdeaFields,
    IdeaStatus,
    ImportReport,
    LinkKind,
    NewIdea,
    SimilarIdea,
)
from bot.core.permissions import NotAllowed, Permissions, Refusal
from bot.core.pipeline import ChangeStatus, Pipeline
from bot.core.ports.search import IdeaIndex
from bot.core.ports.storage import Store
from bot.core.text import InvalidInput, require_text

log = logging.getLogger(__name__)

IMPORT_BATCH = 256
# The tag list changes slowly and costs a scan of every idea's tags to compute.
VOCABULARY_TTL_SECONDS = 300.0


@dataclass(frozen=True)
class SearchFilters:
    statuses: tuple[str, ...] = ()
    challenge: str | None = None


class IdeaService:
    def __init__(
        self,
        store: Store,
        search: IdeaIndex,
        keeper: IndexKeeper,
        events: EventBus,
        permissions: Permissions | None = None,
    ) -> None:
        self.store = store
        self.search = search
        self.keeper = keeper
        self.events = events
        self.pipeline = Pipeline(store, search, events, permissions or Permissions())
        self.merging = Merging(store, search, events, permissions or Permissions())
        self._vocabulary: dict[str, tuple[float, list[str]]] = {}

    # -- writes ------------------------------------------------------------

    def create(self, new: NewIdea, actor: Actor | None = None) -> Idea:
        new.title = require_text(new.title, "title")
        new.description = require_text(new.description, "idea")
        with self.store.unit_of_work() as uow:
            idea = uow.ideas.add(new)
            owed = _submitted_events(idea, actor)
            for event in owed:
                self.events.record(uow.outbox, event)
            uow.commit()
        self.keeper.index_now([idea])
        self._tags_changed(idea.team_id, idea.tags)
        for event in owed:
            self.events.publish(event)
        return idea

    def import_lines(
        self,
        lines: Iterable[ParsedLine],
        on_line: Callable[[int], None] | None = None,
        on_indexed: Callable[[int], None] | None = None,
    ) -> ImportReport:
        """Upsert by external id, in batches: SQL commit first, then the index.

        (Overlapping a batch's embedding with the next batch's SQL was measured: no
        gain on 2 cores, both halves are CPU-bound, so it stays sequential.)
        """
        created = updated = skipped = indexed = 0
        errors: list[str] = []
        batch: list[NewIdea] = []
        touched: list[int] = []
        team_ids: set[str] = set()

        def flush() -> None:
            nonlocal created, updated, indexed
            if not batch:
                return
            with self.store.unit_of_work() as uow:
                ideas: list[Idea] = []
                for idea, was_created in uow.ideas.upsert_many(batch):
                    created += was_created
                    updated += not was_created
                    ideas.append(idea)
                uow.commit()
                stale = set(uow.ideas.unindexed_among([i.id for i in ideas], self.keeper.model_id))
            touched.extend(i.id for i in ideas)
            team_ids.update(i.team_id for i in ideas)
            batch.clear()
            count = self.keeper.index_now([i for i in ideas if i.id in stale])
            indexed += count
            if on_indexed:
                on_indexed(count)

        for parsed in lines:
            if on_line:
                on_line(1)
            if parsed.idea is None:
                skipped += 1
                errors.append(f"line {parsed.line}: {parsed.error}")
                continue
            batch.append(parsed.idea)
            if len(batch) >= IMPORT_BATCH:
                flush()
        flush()
        for team_id in team_ids:
            self._tags_changed(team_id)
            self.events.publish(IdeasImported(team_id, tuple(touched)))
        return ImportReport(created, updated, skipped, errors, indexed)

    def create_from_draft(
        self,
        new: NewIdea,
        draft_id: int,
        fields: IdeaFields,
        notes: dict[str, object],
        actor: Actor,
    ) -> Idea | None:
        """Submit a draft exactly once: the idea and the draft's closing commit together,
        so a double click or a retried delivery finds the draft closed and creates nothing."""
        new.title = require_text(new.title, "title")
        new.description = require_text(new.description, "idea")
        with self.store.unit_of_work() as uow:
            idea = uow.ideas.add(new)
            uow.people.save_draft(
                new.team_id,
                actor.user_id,
                uow.people.draft(new.team_id, draft_id),
                fields,
                dict(notes),
            )
            if not uow.people.close_draft(draft_id, "submitted", idea.id):
                uow.rollback()
                return None
            owed = _submitted_events(idea, actor)
            for event in owed:
                self.events.record(uow.outbox, event)
            uow.commit()
        self.keeper.index_now([idea])
        self._tags_changed(idea.team_id, idea.tags)
        for event in owed:
            self.events.publish(event)
        return idea

    def set_status(
        self, actor: Actor, idea_id: int, status: IdeaStatus, reason: str | None = None
    ) -> Idea:
        """Raises NotAllowed when the policy refuses (see Pipeline for the result form)."""
        result = self.pipeline.change_status(ChangeStatus(actor, idea_id, status, reason))
        if isinstance(result, Refusal):
            raise NotAllowed(result, actor.locale)
        return result

    def merge(self, actor: Actor, idea_id: int, into_id: int) -> Merged:
        """Raises NotAllowed when the policy refuses (see Merging for the result form)."""
        result = self.merging.merge(MergeIdeas(actor, idea_id, into_id))
        if isinstance(result, Refusal):
            raise NotAllowed(result, actor.locale)
        return result

    def unmerge(self, actor: Actor, idea_id: int) -> Unmerged:
        result = self.merging.unmerge(UnmergeIdea(actor, idea_id))
        if isinstance(result, Refusal):
            raise NotAllowed(result, actor.locale)
        return result

    def set_vote(self, actor: Actor, idea_id: int, on: bool) -> int:
        """A vote for an idea merged into another is a vote for that other one (the
        merged card says so), so it counts where the idea now lives."""
        with self.store.unit_of_work() as uow:
            idea_id = uow.ideas.merged_into(actor.team_id, idea_id) or idea_id
            votes = uow.ideas.set_vote(actor.team_id, idea_id, actor.user_id, on)
            if votes is None:
                raise InvalidInput(t("text.no_idea", ref=f"#{idea_id}"))
            cast = VoteCast(actor.team_id, idea_id, actor, on, votes)
            self.events.record(uow.outbox, cast)
            uow.commit()
        self.events.publish(cast)
        return votes

    def has_vote(self, actor: Actor, idea_id: int) -> bool:
        with self.store.unit_of_work() as uow:
            return uow.ideas.has_vote(actor.team_id, idea_id, actor.user_id)

    def toggle_vote(self, actor: Actor, idea_id: int) -> tuple[bool, int]:
        with self.store.unit_of_work() as uow:
            idea_id = uow.ideas.merged_into(actor.team_id, idea_id) or idea_id
            on = not uow.ideas.has_vote(actor.team_id, idea_id, actor.user_id)
        return on, self.set_vote(actor, idea_id, on)

    def link(
        self, actor: Actor, idea_id: int, other_id: int, kind: LinkKind, score: float | None
    ) -> None:
        with self.store.unit_of_work() as uow:
            uow.ideas.link(actor.team_id, idea_id, other_id, kind, score, actor.user_id)
            uow.commit()

    # -- reads -------------------------------------------------------------

    def get(self, team_id: str, ref: str | int) -> Idea | None:
        """An idea by its number ('12', '#12') or its external id."""
        text = str(ref).strip()
        with self.store.unit_of_work() as uow:
            by_external = uow.ideas.get_by_external(team_id, text)
            if by_external is not None:
                return by_external
            number = text.lstrip("#")
            # Only ASCII digits that fit a 64-bit row id can name a row ("²" would
            # raise ValueError, 26 digits OverflowError in the driver; issue 7).
            if number.isascii() and number.isdigit() and int(number) < 2**63:
                return uow.ideas.get(team_id, int(number))
        return None

    def list_ideas(
        self,
        team_id: str,
        status: IdeaStatus | None = None,
        author_key: str | None = None,
        limit: int | None = None,
        order: str = "created",
        hide_merged: bool = False,
    ) -> list[Idea]:
        """`hide_merged`: a listing of the workspace's ideas, where a merged idea is
        not one of its own (asking for status `merged` still lists them)."""
        with self.store.unit_of_work() as uow:
            return uow.ideas.list_ideas(team_id, status, author_key, limit, order, hide_merged)

    def tag_vocabulary(self, team_id: str) -> list[str]:
        """Tags in use, most used first (cached; refreshed when ideas arrive)."""
        cached = self._vocabulary.get(team_id)
        if cached is not None and cached[0] > time.monotonic():
            return cached[1]
        with self.store.unit_of_work() as uow:
            tags = uow.ideas.tag_vocabulary(team_id)
        self._vocabulary[team_id] = (time.monotonic() + VOCABULARY_TTL_SECONDS, tags)
        return tags

    def _tags_changed(self, team_id: str, tags: Sequence[str] | None = None) -> None:
        """New ideas: add their tags to the cached list (a recount costs a scan of every
        idea's tags, too slow for the reply path); an import recounts."""
        cached = self._vocabulary.get(team_id)
        if tags is None or cached is None:
            self._vocabulary.pop(team_id, None)
            return
        known = set(cached[1])
        cached[1].extend(tag for tag in tags if tag not in known)

    def similar(
        self,
        team_id: str,
        text: str,
        k: int = 5,
        filters: SearchFilters | None = None,
        exclude: Iterable[int] = (),
        for_people: bool = False,
    ) -> list[SimilarIdea]:
        """Ranked similar ideas. `for_people`: only those worth showing unprompted."""
        text = require_text(text, "search text")
        filters = filters or SearchFilters()
        scored = self.search.search(
            team_id,
            text,
            k=k,
            statuses=filters.statuses or None,
            challenge=filters.challenge,
            exclude=exclude,
            min_score=self.search.suggest_floor if for_people else None,
        )
        with self.store.unit_of_work() as uow:
            ideas = uow.ideas.get_many(team_id, [s.idea_id for s in scored])
        # The index leaves merged ideas out by their metadata; a stale vector (its
        # update failed, reindex pending) must not bring one back either.
        wanted_merged = IdeaStatus.MERGED.value in filters.statuses
        return [
            SimilarIdea(ideas[s.idea_id], s.score, s.kind, explain(text, ideas[s.idea_id]))
            for s in scored
            if s.idea_id in ideas
            and (wanted_merged or ideas[s.idea_id].status is not IdeaStatus.MERGED)
        ]

    def open_challenges(self, team_id: str) -> list[ChallengeInfo]:
        with self.store.unit_of_work() as uow:
            return uow.ideas.open_challenges(team_id)

    def rank_by_interest(
        self, texts: Sequence[str], interests: Sequence[str]
    ) -> tuple[int, str, float]:
        """Which text best fits one of the interests: (text index, interest, cosine)."""
        text_vectors = self.search.embedder.embed(list(texts))
        interest_vectors = self.search.embedder.embed(list(interests))
        scores = text_vectors @ interest_vectors.T
        index = int(scores.argmax())
        row, column = divmod(index, scores.shape[1])
        return row, interests[column], float(scores[row, column])

    def similar_to_idea(self, idea: Idea, k: int = 5) -> list[SimilarIdea]:
        return self.similar(idea.team_id, idea.embedding_text(), k=k, exclude=[idea.id])


def _submitted_events(idea: Idea, actor: Actor | None) -> list[object]:
    """A new idea's events; one bound to a challenge also changes that challenge's
    counts (only then is its post refreshed)."""
    owed: list[object] = [IdeaSubmitted(idea.team_id, idea.id, actor, idea.anonymous)]
    if idea.challenge_id is not None:
        owed.append(ChallengeChanged(idea.team_id, idea.challenge_id))
    return owed
