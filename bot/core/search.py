"""Searching: ideas like a query, like an idea, or like the draft being shaped."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.cards import similar_card
from bot.core.deps import CoreDeps
from bot.core.messages import t
from bot.core.models import Actor, IdeaFields, SimilarIdea
from bot.core.replies import Action, Choice, Reply, ReplyKind

SIMILAR_SHOWN = 3
# Words of idea text before similar ideas are worth looking up.
MIN_WORDS_FOR_SIMILAR = 4
# How much a shared interest tag lifts a similar idea (cosine units): a tie-breaker.
INTEREST_BOOST = 0.03


@dataclass(frozen=True)
class SearchIdeas:
    actor: Actor
    query: str


@dataclass(frozen=True)
class SimilarTo:
    actor: Actor
    idea_ref: str


class Searching:
    def __init__(self, deps: CoreDeps) -> None:
        self.deps = deps

    def search(self, command: SearchIdeas) -> list[Reply]:
        actor, loc = command.actor, command.actor.locale
        found = self.deps.ideas.similar(actor.team_id, command.query, k=5, for_people=True)
        hits = self.personal(actor, found)
        if not hits:
            return [Reply(t("similar.none", loc))]
        return [
            Reply(
                t("similar.results", loc, query=command.query),
                kind=ReplyKind.SIMILAR,
                cards=tuple(similar_card(h) for h in hits),
                choices=tuple(
                    Choice(
                        t("choice.upvote", loc) + f" {h.idea.public_ref}",
                        Action.UPVOTE,
                        str(h.idea.id),
                    )
                    for h in hits[:3]
                ),
            )
        ]

    def similar_to(self, command: SimilarTo) -> list[Reply]:
        actor, loc = command.actor, command.actor.locale
        idea = self.deps.ideas.get(actor.team_id, command.idea_ref)
        if idea is None:
            return [Reply(t("show.none", loc, ref=f"#{command.idea_ref}"))]
        hits = self.deps.ideas.similar_to_idea(idea, k=5)
        if not hits:
            return [Reply(t("similar.none", loc))]
        return [
            Reply(
                t("similar.results", loc, query=idea.title),
                kind=ReplyKind.SIMILAR,
                cards=tuple(similar_card(h) for h in hits),
            )
        ]

    def for_draft(self, actor: Actor, fields: IdeaFields) -> list[SimilarIdea] | None:
        """Ideas like the draft, once it says enough (None: not yet worth a look)."""
        query = " ".join(p for p in (fields.title, fields.problem, fields.proposal) if p)
        if len(query.split()) < MIN_WORDS_FOR_SIMILAR:
            return None
        found = self.deps.ideas.similar(actor.team_id, query, k=SIMILAR_SHOWN + 2, for_people=True)
        # One's own ideas are not duplicates to support (one cannot vote for them): a
        # person coming back to an idea they filed wants its status, not a vote button.
        others = [hit for hit in found if hit.idea.author_id != actor.user_id]
        return self.personal(actor, others[:SIMILAR_SHOWN])

    def personal(self, actor: Actor, hits: list[SimilarIdea]) -> list[SimilarIdea]:
        """Among comparably close ideas, those on the person's interests come first.

        The boost is small (a tie-breaker, not a re-ranking by taste): a clearly closer
        idea always stays ahead. Scores shown are the unmodified similarities.
        """
        interests = {i.lower() for i in self.deps.memory.interests(actor)}
        if not interests or len(hits) < 2:
            return hits

        def rank(hit: SimilarIdea) -> float:
            overlap = len(interests & {tag.lower() for tag in hit.idea.tags})
            return hit.score + INTEREST_BOOST * min(overlap, 2)

        return sorted(hits, key=rank, reverse=True)
