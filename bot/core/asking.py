"""Questions about the conversation rather than an idea: where one of my ideas stands,
and how the programme works. Neither starts or changes a draft."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.cards import idea_card, status_label
from bot.core.deps import CoreDeps
from bot.core.messages import t
from bot.core.models import Actor, Idea
from bot.core.replies import Reply, ReplyKind

PROGRAMME_TOPICS = ("who_reads", "after_submit", "challenges", "votes", "scope", "anonymous")
_WORD = re.compile(r"[^\W_]+")  # letters of any alphabet: "réseau" is one word


@dataclass(frozen=True)
class AskIdeaStatus:
    actor: Actor
    query: str  # words naming the idea ("standing desks"); may be empty


@dataclass(frozen=True)
class AskProgramme:
    actor: Actor
    topic: str  # one of PROGRAMME_TOPICS; anything else gets the general answer


class Asking:
    def __init__(self, deps: CoreDeps) -> None:
        self.deps = deps

    def idea_status(self, command: AskIdeaStatus) -> list[Reply]:
        """The status of the person's own idea that best matches the words: only their
        own ideas are searched, so nobody learns about another's idea this way."""
        actor, loc = command.actor, command.actor.locale
        mine = self.deps.ideas.list_ideas(actor.team_id, author_key=actor.user_id)
        idea = best_match(mine, command.query)
        if idea is None:
            key = "quality.status.none_about" if command.query else "quality.status.none"
            return [Reply(t(key, loc, query=command.query))]
        key = (
            "quality.status.one_declined"
            if idea.status.value == "declined"
            else ("quality.status.one_new" if idea.status.value == "new" else "quality.status.one")
        )
        text = t(
            key,
            loc,
            title=idea.title,
            ref=idea.public_ref,
            status=status_label(idea.status.value, loc),
            reason=idea.status_reason or "",
        )
        card = idea_card(idea, actor, policy=self.deps.permissions)
        return [Reply(text, kind=ReplyKind.IDEAS, cards=(card,), idea_id=idea.id)]

    def programme(self, command: AskProgramme) -> list[Reply]:
        topic = command.topic if command.topic in PROGRAMME_TOPICS else "general"
        return [Reply(t(f"quality.programme.{topic}", command.actor.locale))]


def _words(text: str) -> set[str]:
    # Plural and singular name the same idea ("desk" / "desks").
    return {w.rstrip("s") for w in _WORD.findall(text.lower()) if len(w) > 2}


def best_match(ideas: list[Idea], query: str) -> Idea | None:
    """The idea sharing most words with the query; the newest on a tie. With no words
    to go on, the newest idea, the one a person most likely means."""
    if not ideas:
        return None
    newest_first = sorted(ideas, key=lambda i: i.id, reverse=True)
    wanted = _words(query)
    if not wanted:
        return newest_first[0]
    scored = [
        (len(wanted & _words(" ".join(filter(None, (i.title, i.proposal, i.problem))))), i)
        for i in newest_first
    ]
    best_score = max(score for score, _ in scored)
    if best_score == 0:
        return None
    return next(i for score, i in scored if score == best_score)
