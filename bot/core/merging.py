"""Merging duplicates: idea B merged into idea A, and undone.

B keeps its own rows: its status becomes `merged` (the status it had is in the
history, for the unmerge), a `merged` link B→A says where it lives now, and no vote
row moves. A's shown count is recomputed from the union of its voters and those of
everything merged into it (a person who voted for both counts once), plus the
imported counts of all of them (anonymous totals that cannot be de-duplicated, so
they add). An unmerge deletes the link and recounts: each idea gets back exactly its
own votes, and a vote cast on A meanwhile stays with A. A vote cast on B's card
while it is merged is a vote for A (IdeaService.set_vote).

A merge is one level deep: B cannot be merged into an idea that is itself merged
(merge into that one's target instead), and an idea others are merged into cannot
itself be merged (unmerge them first), so there is never a chain or a cycle.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.core.events import EventBus, IdeaMerged, IdeaUnmerged
from bot.core.messages import t
from bot.core.models import Actor, Idea, IdeaStatus
from bot.core.permissions import Permission, Permissions, Refusal
from bot.core.ports.search import IdeaIndex
from bot.core.ports.storage import IdeaRepository as IdeaRepo
from bot.core.ports.storage import Store
from bot.core.text import InvalidInput

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MergeIdeas:
    actor: Actor
    idea_id: int  # B, the duplicate
    into_id: int  # A, where B's votes go


@dataclass(frozen=True)
class UnmergeIdea:
    actor: Actor
    idea_id: int


@dataclass(frozen=True)
class Merged:
    idea: Idea  # B, now merged
    into: Idea  # A, with its new count
    previous: IdeaStatus


@dataclass(frozen=True)
class Unmerged:
    idea: Idea  # B, its own again
    former: Idea  # A, back to its own count


class Merging:
    def __init__(
        self, store: Store, index: IdeaIndex, events: EventBus, permissions: Permissions
    ) -> None:
        self.store = store
        self.index = index
        self.events = events
        self.permissions = permissions

    def merge(self, command: MergeIdeas) -> Merged | Refusal:
        actor = command.actor
        refusal = self.permissions.refusal(actor, Permission.MERGE)
        if refusal is not None:
            return refusal
        b_id, a_id = command.idea_id, command.into_id
        with self.store.unit_of_work() as uow:
            ideas = uow.ideas.lock_ideas(actor.team_id, (b_id, a_id))
            self._check(uow.ideas, actor, b_id, a_id, ideas)
            repo = uow.ideas
            previous = repo.mark_merged(actor.team_id, b_id, a_id, actor.user_id)
            assert previous is not None  # locked above
            repo.recount_votes(actor.team_id, a_id)
            got = repo.get_many(actor.team_id, (b_id, a_id))
            event = IdeaMerged(actor.team_id, b_id, a_id, actor)
            self.events.record(uow.outbox, event)
            uow.commit()
        self._reindex([got[b_id]])
        self.events.publish(event)
        return Merged(got[b_id], got[a_id], previous)

    def check(self, command: MergeIdeas) -> None:
        """What `merge` would say about these two ideas, read without locking (a form
        shows it under the field); InvalidInput when they cannot be merged. The merge
        checks again under its locks."""
        with self.store.unit_of_work() as uow:
            ideas = uow.ideas.get_many(command.actor.team_id, (command.idea_id, command.into_id))
            self._check(uow.ideas, command.actor, command.idea_id, command.into_id, ideas)

    @staticmethod
    def _check(
        repo: IdeaRepo, actor: Actor, b_id: int, a_id: int, ideas: Mapping[int, Idea]
    ) -> None:
        loc = actor.locale
        if b_id == a_id:
            raise InvalidInput(t("merge.error.itself", loc, ref=f"#{b_id}"))
        for wanted in (b_id, a_id):
            if wanted not in ideas:
                raise InvalidInput(t("merge.error.unknown", loc, ref=f"#{wanted}"))
        b_target = repo.merged_into(actor.team_id, b_id)
        if b_target is not None:
            raise InvalidInput(t("merge.error.already", loc, ref=f"#{b_id}", target=f"#{b_target}"))
        a_target = repo.merged_into(actor.team_id, a_id)
        if a_target is not None:
            raise InvalidInput(
                t("merge.error.target_merged", loc, ref=f"#{a_id}", target=f"#{a_target}")
            )
        if repo.merged_from(actor.team_id, b_id):
            raise InvalidInput(t("merge.error.has_merged", loc, ref=f"#{b_id}"))

    def unmerge(self, command: UnmergeIdea) -> Unmerged | Refusal:
        actor, loc = command.actor, command.actor.locale
        refusal = self.permissions.refusal(actor, Permission.MERGE)
        if refusal is not None:
            return refusal
        b_id = command.idea_id
        with self.store.unit_of_work() as uow:
            repo = uow.ideas
            if repo.get(actor.team_id, b_id) is None:
                raise InvalidInput(t("merge.error.unknown", loc, ref=f"#{b_id}"))
            a_id = repo.merged_into(actor.team_id, b_id)
            if a_id is None:
                raise InvalidInput(t("merge.error.not_merged", loc, ref=f"#{b_id}"))
            repo.lock_ideas(actor.team_id, (b_id, a_id))
            undone = repo.unmark_merged(actor.team_id, b_id, actor.user_id)
            if undone is None:  # unmerged by someone else while we waited for the lock
                raise InvalidInput(t("merge.error.not_merged", loc, ref=f"#{b_id}"))
            a_id, restored = undone
            repo.recount_votes(actor.team_id, a_id)
            repo.recount_votes(actor.team_id, b_id)
            got = repo.get_many(actor.team_id, (b_id, a_id))
            event = IdeaUnmerged(actor.team_id, b_id, a_id, restored, actor)
            self.events.record(uow.outbox, event)
            uow.commit()
        self._reindex([got[b_id]])
        self.events.publish(event)
        return Unmerged(got[b_id], got[a_id])

    def _reindex(self, ideas: Sequence[Idea]) -> None:
        """The index filters merged ideas out by their status metadata. If that write
        fails, the rows lose their index mark, so `reindex --missing` (or the next
        start) writes them again with the right status."""
        try:
            self.index.update_metadata(ideas)
        except Exception as exc:
            log.warning("could not update the index for %s: %s", [i.id for i in ideas], exc)
            with self.store.unit_of_work() as uow:
                uow.ideas.unmark_indexed([i.id for i in ideas])
                uow.commit()
