"""Voting: support an existing idea instead of one's own draft, upvote one, or take a
vote back. An upvote never removes a vote (issue 12: a second click did, silently);
removing one is its own choice, "Remove my vote"."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.deps import CoreDeps
from bot.core.messages import t
from bot.core.remembering import InterestShown
from bot.core.replies import Action, Choice, Reply
from bot.core.session import Turn


@dataclass(frozen=True)
class Support:
    turn: Turn  # who, and the draft this support replaces (if any)
    idea_ref: str


@dataclass(frozen=True)
class Upvote:
    turn: Turn
    idea_ref: str


@dataclass(frozen=True)
class Unvote:
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
        turn.state["last_voted"] = idea.id
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
        ideas = self.deps.ideas
        idea = ideas.get(turn.actor.team_id, command.idea_ref)
        if idea is None:
            return [Reply(t("show.none", loc, ref=f"#{command.idea_ref}"))]
        # A vote for a merged idea counts where it lives now (IdeaService.set_vote).
        target = idea.merged_into or idea.id
        turn.state["last_voted"] = idea.id
        undo = (Choice(t("choices.remove_vote", loc), Action.UNVOTE, str(idea.id)),)
        if ideas.has_vote(turn.actor, target):
            now = ideas.get(turn.actor.team_id, target) or idea
            text = t(
                "choices.already_voted", loc, title=idea.title, ref=idea.public_ref, votes=now.votes
            )
            return [Reply(text, idea_id=idea.id, choices=undo)]
        votes = ideas.set_vote(turn.actor, idea.id, True)
        self.deps.events.publish(InterestShown(turn.actor, tuple(idea.tags), "supported"))
        text = t(
            "similar.support_done_no_draft", loc, title=idea.title, ref=idea.public_ref, votes=votes
        )
        return [Reply(text, idea_id=idea.id, choices=undo)]

    def unvote(self, command: Unvote) -> list[Reply]:
        turn, loc = command.turn, command.turn.locale
        ideas = self.deps.ideas
        idea = ideas.get(turn.actor.team_id, command.idea_ref)
        if idea is None:
            return [Reply(t("show.none", loc, ref=f"#{command.idea_ref}"))]
        target = idea.merged_into or idea.id
        params = {"title": idea.title, "ref": idea.public_ref}
        if not ideas.has_vote(turn.actor, target):
            return [Reply(t("choices.not_voted", loc, **params), idea_id=idea.id)]
        votes = ideas.set_vote(turn.actor, idea.id, False)
        return [Reply(t("vote.removed", loc, votes=votes, **params), idea_id=idea.id)]
