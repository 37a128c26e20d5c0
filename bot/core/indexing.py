"""Keeps the vector index in step with SQL (the source of truth).

Writes commit to SQL first and index afterwards; a row whose index write failed
keeps `indexed_at` empty and is picked up by `index_pending` (at start, or by
`ideabot reindex --missing`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from bot.core.models import Idea
from bot.core.ports.search import EmbeddingError, IdeaIndex
from bot.core.ports.storage import Store

log = logging.getLogger(__name__)

Progress = Callable[[int], None]
BATCH = 256


class IndexKeeper:
    def __init__(self, store: Store, search: IdeaIndex) -> None:
        self.store = store
        self.search = search

    @property
    def model_id(self) -> str:
        """The marker of an indexed row: the model id and the channel layout, so a row
        indexed by another layout counts as not indexed."""
        return self.search.signature

    def outdated_count(self) -> int:
        """Rows indexed by the single-vector version (its marker was the bare model
        id): their index lacks the title and window vectors and must be rebuilt."""
        legacy = self.search.embedder.model_id
        if legacy == self.model_id:
            return 0
        with self.store.unit_of_work() as uow:
            return uow.ideas.count_indexed(legacy)

    def pending_count(self) -> int:
        with self.store.unit_of_work() as uow:
            return uow.ideas.count(team_id=None) - uow.ideas.count_indexed(self.model_id)

    def index_pending(self, progress: Progress | None = None) -> int:
        done = 0
        while True:
            with self.store.unit_of_work() as uow:
                batch = uow.ideas.needing_index(self.model_id, BATCH)
            if not batch:
                return done
            self._index(batch)
            done += len(batch)
            if progress:
                progress(len(batch))

    def index_now(self, ideas: Sequence[Idea]) -> int:
        """Index right after the SQL commit; if the index is down the rows stay marked
        for `index_pending`. Returns how many were indexed."""
        if not ideas:
            return 0
        try:
            self._index(ideas)
        except EmbeddingError:
            raise
        except Exception as exc:  # the index may be down; SQL already has the ideas
            log.warning("could not index %d ideas now (%s); they stay queued", len(ideas), exc)
            return 0
        return len(ideas)

    def _index(self, ideas: Sequence[Idea]) -> None:
        self.search.index_ideas(ideas)
        with self.store.unit_of_work() as uow:
            uow.ideas.mark_indexed([i.id for i in ideas], self.model_id)
            uow.commit()

    def rebuild(self, progress: Progress | None = None) -> int:
        self.search.drop()
        with self.store.unit_of_work() as uow:
            uow.ideas.clear_index_marks()
            uow.commit()
        return self.index_pending(progress)

    def upgrade(self, progress: Progress | None = None) -> int:
        """Rebuild an index built by the previous version (0 when it is current):
        its vectors are dropped, not mixed with the new channels'."""
        outdated = self.outdated_count()
        if not outdated:
            return 0
        log.warning(
            "the vector index was built by an earlier version (%d ideas with one vector "
            "each); rebuilding it with the title, text and window vectors",
            outdated,
        )
        return self.rebuild(progress)

    def repair(self) -> int:
        """Find rows SQL believes indexed but the index lacks (a deleted or replaced
        index directory), mark them for indexing. Returns how many were lost."""
        with self.store.unit_of_work() as uow:
            expected = uow.ideas.count_indexed(self.model_id)
        if self.search.count() >= expected:
            return 0
        present = {int(i) for i in self.search.ids()}
        with self.store.unit_of_work() as uow:
            lost = sorted(uow.ideas.indexed_ids(self.model_id) - present)
            uow.ideas.unmark_indexed(lost)
            uow.commit()
        log.warning("the vector index lacked %d ideas; they will be re-indexed", len(lost))
        return len(lost)

    def forget_all_marks(self) -> None:
        with self.store.unit_of_work() as uow:
            uow.ideas.clear_index_marks()
            uow.commit()
