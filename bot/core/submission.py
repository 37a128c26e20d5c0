"""Submission: a shaped draft becomes an idea, exactly once."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core import challenge_intake
from bot.core.cards import compose_description, idea_card
from bot.core.deps import CoreDeps
from bot.core.messages import t
from bot.core.models import LinkKind, NewIdea
from bot.core.remembering import InterestShown
from bot.core.replies import Reply, ReplyKind
from bot.core.session import Turn
from bot.core.terms import must_accept, terms_reply


@dataclass(frozen=True)
class SubmitDraft:
    turn: Turn  # who (turn.actor) and what (their active draft)
    anonymous: bool


@dataclass(frozen=True)
class AcceptTerms:
    turn: Turn
    anonymous: bool  # the submission that was waiting for the acceptance


class Submission:
    def __init__(self, deps: CoreDeps) -> None:
        self.deps = deps

    def submit(self, command: SubmitDraft) -> list[Reply]:
        turn, anonymous, loc = command.turn, command.anonymous, command.turn.locale
        if turn.draft is None:
            return self._already_submitted(turn) or [Reply(t("preview.needs_content", loc))]
        fields, engine = turn.fields, self.deps.engine
        if not (fields.proposal or fields.problem) and fields.benefits:
            # Only an outcome was given ("a 4-day week would make us happier"): that is
            # the idea as the person put it.
            fields.proposal, fields.benefits = fields.benefits, None
        if not (fields.proposal or fields.problem):
            return [Reply(t("preview.needs_content", loc))]
        if self.deps.terms is not None and must_accept(self.deps.terms, turn.profile):
            return [terms_reply(self.deps.terms, loc, anonymous)]
        late = challenge_intake.unbind_if_closed(self.deps, turn)
        if late:
            return late
        if not fields.title:
            fields.title = engine.make_title(fields, loc)
        if not fields.tags:
            fields.tags = engine.suggest_tags(
                fields, self.deps.ideas.tag_vocabulary(turn.actor.team_id), loc
            )
        actor = turn.actor
        new = NewIdea(
            team_id=actor.team_id,
            title=fields.title,
            description=compose_description(fields, loc),
            problem=fields.problem,
            proposal=fields.proposal,
            benefits=fields.benefits,
            tags=list(fields.tags),
            author_id=actor.user_id,
            author_name=turn.name,
            anonymous=anonymous,
            challenge=fields.challenge,
        )
        idea = self.deps.ideas.create_from_draft(new, turn.draft.id, fields, turn.notes, actor)
        if idea is None:
            turn.draft = None
            return self._already_submitted(turn) or [Reply(t("preview.needs_content", loc))]
        for other in [int(i) for i in turn.notes.get("related", [])]:
            self.deps.ideas.link(actor, idea.id, other, LinkKind.RELATED, None)
        turn.draft_done()
        turn.state["last_submitted"] = idea.id
        turn.state.setdefault("seen_status", {})[str(idea.id)] = idea.status.value
        self.deps.sessions.remember_terms_seen(actor)
        self.deps.events.publish(InterestShown(actor, tuple(idea.tags), "submitted"))
        key = "submitted.anonymous" if anonymous else "submitted.named"
        return [
            Reply(
                t(key, loc, ref=idea.public_ref, title=idea.title),
                kind=ReplyKind.SUBMITTED,
                cards=(idea_card(idea, actor, policy=self.deps.permissions),),
                idea_id=idea.id,
            )
        ]

    def accept_terms(self, command: AcceptTerms) -> list[Reply]:
        turn = command.turn
        if self.deps.terms is not None:
            self.deps.sessions.accept_terms(turn)
        accepted = Reply(t("terms.accepted", turn.locale))
        return [accepted, *self.submit(SubmitDraft(turn, command.anonymous))]

    def _already_submitted(self, turn: Turn) -> list[Reply] | None:
        last = turn.state.get("last_submitted")
        if not last:
            return None
        idea = self.deps.ideas.get(turn.actor.team_id, int(str(last)))
        if idea is None:
            return None
        text = t("submitted.already", turn.locale, ref=idea.public_ref, title=idea.title)
        return [Reply(text, idea_id=idea.id)]


def wants_anonymity(turn: Turn, named: bool) -> bool:
    """A plain "submit" follows the person's standing preference; "named" overrides."""
    return not named and bool(turn.profile.preferences.get("anonymous_default"))
