"""Reading: the opening of a session, my ideas, one idea, help."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.cards import idea_card, status_line
from bot.core.challenge_intake import mark_announced, unannounced
from bot.core.deps import CoreDeps
from bot.core.messages import t
from bot.core.models import Actor, Idea
from bot.core.news import IdeasNews
from bot.core.replies import Action, Choice, Reply, ReplyKind
from bot.core.session import Turn

# How well a challenge must fit an interest before it is suggested (cosine).
CHALLENGE_MATCH = 0.25


@dataclass(frozen=True)
class ShowIdea:
    actor: Actor
    ref: str


class Reading:
    def __init__(self, deps: CoreDeps, news: IdeasNews | None = None) -> None:
        self.deps = deps
        self.news = news

    def opening(self, turn: Turn, quiet: bool = False) -> list[Reply]:
        """Greet, bring news about my ideas, suggest a challenge, offer a pending draft."""
        actor, loc = turn.actor, turn.locale
        my_ideas = self.deps.ideas.list_ideas(actor.team_id, author_key=actor.user_id, limit=5)
        known = (
            bool(my_ideas)
            or bool(turn.state.get("last_seen"))
            or bool(self.deps.memory.items(actor))
        )
        name = turn.name
        if known:
            lines = [
                t("greeting.back", loc, name=name) if name else t("greeting.back_anonymous", loc)
            ]
        else:
            lines = [
                t("greeting.new", loc, name=name) if name else t("greeting.new_anonymous", loc)
            ]
        lines.extend(self._news(turn, my_ideas))
        challenge_line = self._challenge_suggestion(turn)
        if challenge_line:
            lines.append(challenge_line)
        choices: tuple[Choice, ...] = ()
        if turn.draft is not None and turn.fields.filled():
            title = turn.fields.title or t("idea_title.untitled", loc)
            lines.append(t("greeting.resume", loc, title=title))
            turn.awaiting = "resume"
            choices = (
                Choice(t("choice.continue", loc), Action.RESUME_DRAFT, style="primary"),
                Choice(t("choice.discard", loc), Action.DISCARD_DRAFT),
            )
        elif not quiet:
            lines.append(t("greeting.prompt", loc))
        return [Reply("\n".join(lines), choices=choices)]

    def _news(self, turn: Turn, my_ideas: list[Idea]) -> list[str]:
        # The status history gives every decision since the last conversation, with
        # its reason; comparing statuses is the fallback before its first marker.
        history = self.news.since_last_conversation(turn) if self.news else None
        seen: dict[str, str] = dict(turn.state.get("seen_status") or {})
        lines: list[str] = list(history or [])
        for idea in my_ideas:
            before = seen.get(str(idea.id))
            if history is None and before is not None and before != idea.status.value:
                lines.append(status_line(idea, "greeting.status_news", turn.locale))
            seen[str(idea.id)] = idea.status.value
        turn.state["seen_status"] = seen
        if not lines and my_ideas:
            lines.append(status_line(my_ideas[0], "greeting.last_idea", turn.locale))
        return lines

    def _challenge_suggestion(self, turn: Turn) -> str | None:
        """An open challenge that fits a remembered interest, said once per challenge
        to each person (the ids said are kept in the conversation state)."""
        actor = turn.actor
        challenges = unannounced(turn, self.deps.ideas.open_challenges(actor.team_id))
        if not challenges:
            return None
        interests = self.deps.memory.interests(actor)
        if not interests:
            return None
        best_index, interest, score = self.deps.ideas.rank_by_interest(
            [c.title + " " + (c.question or "") for c in challenges], interests
        )
        if score < CHALLENGE_MATCH:
            return None
        mark_announced(turn, challenges[best_index])
        return t(
            "greeting.challenge_match",
            actor.locale,
            interest=interest,
            title=challenges[best_index].title,
        )

    def greet(self, turn: Turn) -> list[Reply]:
        loc = turn.locale
        hello = (
            t("greeting.hello", loc, name=turn.name)
            if turn.name
            else t("greeting.hello_anonymous", loc)
        )
        return [Reply(hello + " " + t("greeting.prompt", loc))]

    def list_mine(self, turn: Turn) -> list[Reply]:
        actor = turn.actor
        ideas = self.deps.ideas.list_ideas(actor.team_id, author_key=actor.user_id, limit=10)
        if not ideas:
            return [Reply(t("mine.none", turn.locale))]
        seen = dict(turn.state.get("seen_status") or {})
        for idea in ideas:
            seen[str(idea.id)] = idea.status.value
        turn.state["seen_status"] = seen
        return [
            Reply(
                t("mine.intro", turn.locale),
                kind=ReplyKind.IDEAS,
                cards=tuple(idea_card(i, actor, policy=self.deps.permissions) for i in ideas),
            )
        ]

    def show(self, command: ShowIdea) -> list[Reply]:
        actor, loc = command.actor, command.actor.locale
        idea = self.deps.ideas.get(actor.team_id, command.ref) if command.ref else None
        if idea is None:
            return [Reply(t("show.none", loc, ref=command.ref or "?"))]
        return [
            Reply(
                "",
                kind=ReplyKind.IDEAS,
                cards=(idea_card(idea, actor, policy=self.deps.permissions),),
                choices=(
                    Choice(t("choice.upvote", loc), Action.UPVOTE, str(idea.id)),
                    Choice(t("choice.similar", loc), Action.SIMILAR, str(idea.id)),
                ),
                idea_id=idea.id,
            )
        ]


def help_reply(locale: str) -> list[Reply]:
    return [
        Reply(
            t("help.text", locale),
            choices=(
                Choice(t("choice.new_idea", locale), Action.NEW_IDEA),
                Choice(t("choice.my_ideas", locale), Action.LIST_MINE),
            ),
        )
    ]


def unknown_reply(locale: str) -> Reply:
    return Reply(
        t("unknown", locale),
        choices=(
            Choice(t("choice.new_idea", locale), Action.NEW_IDEA),
            Choice(t("choice.my_ideas", locale), Action.LIST_MINE),
            Choice(t("choice.help", locale), Action.HELP),
        ),
    )
