"""Voting: support an existing idea instead of one's own draft, or toggle an upvote."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.deps import CoreDeps
from bot.core.messages import t
from bot.core.remembering import InterestShown
from bot.core.replies import Reply
from bot.core.session import Turn


@dataclass(frozen=True)
class Support:
    turn: Turn  # who, and the draft this support replaces (if any)
    idea_ref: str


@dataclass(frozen=True)
class Upvote:
    turn: Turn
    idea_ref: str


class Voting:
    def __init__(self, deps: CoreDeps) -> None:
        self.deps = deps

    def support(self, command: Support) -> list[Reply]:
        turn, loc = command.turn, command.turn.locale
        ideas = self.deps.ideas
        idea = ideas.get(turn.actor.team_id, command.idea_ref)
        if idea is None:
            return [Reply(t("show.none", loc, ref=f"#{command.idea_ref}"))]
        already = ideas.has_vote(turn.actor, idea.id)
        votes = ideas.set_vote(turn.actor, idea.id, True)
        self.deps.events.publish(InterestShown(turn.actor, tuple(idea.tags), "supported"))
        params = {"title": idea.title, "ref": idea.public_ref, "votes": votes}
        if turn.draft is not None:
            self.deps.sessions.close_draft(turn, "merged", idea.id)
            return [Reply(t("similar.support_done", loc, **params), idea_id=idea.id)]
        key = "similar.already_supported" if already else "similar.support_done_no_draft"
        return [Reply(t(key, loc, **params), idea_id=idea.id)]

    def upvote(self, command: Upvote) -> list[Reply]:
        turn, loc = command.turn, command.turn.locale
        idea = self.deps.ideas.get(turn.actor.team_id, command.idea_ref)
        if idea is None:
            return [Reply(t("show.none", loc, ref=f"#{command.idea_ref}"))]
        on, votes = self.deps.ideas.toggle_vote(turn.actor, idea.id)
        key = "similar.support_done_no_draft" if on else "vote.removed"
        text = t(key, loc, title=idea.title, ref=idea.public_ref, votes=votes)
        return [Reply(text, idea_id=idea.id)]
