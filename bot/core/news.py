"""What happened to my ideas: each status change since the person last heard, with
its reason, asked for ("any news on my ideas?") or brought by the session's greeting.

Markers live in the conversation state as status-history ids: `news_through` is the
last change the person heard by asking; `news_greeted_through` the last one the
greeting told. A change is told once by each: asking lists everything since the
last ask (the full account, reasons included), the greeting only what neither told.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.core.cards import status_label
from bot.core.ideas import IdeaService
from bot.core.messages import t
from bot.core.ports.news import NewsStore, StatusNews
from bot.core.replies import Action, Choice, Reply
from bot.core.session import Sessions, Turn

ASKED = "news_through"
ASKED_AT = "news_asked_at"
GREETED = "news_greeted_through"
# A reply lists this many changes; the rest wait for the next ask.
MAX_LISTED = 15
# With nothing new, this many current statuses are recalled.
MAX_STATUSES = 5


@dataclass(frozen=True)
class AskNews:
    turn: Turn


class IdeasNews:
    def __init__(self, store: NewsStore, ideas: IdeaService, sessions: Sessions) -> None:
        self.store = store
        self.ideas = ideas
        self.sessions = sessions

    def ask(self, command: AskNews) -> list[Reply]:
        turn = command.turn
        actor, loc = turn.actor, turn.locale
        after = _marker(turn, ASKED)
        with self.store.unit_of_work() as uow:
            changes = uow.news.changes_for_author(
                actor.team_id, actor.user_id, after, MAX_LISTED + 1
            )
        last_asked = _date(turn.state.get(ASKED_AT))
        turn.state[ASKED_AT] = self.sessions.clock().isoformat()
        if changes:
            listed = changes[:MAX_LISTED]
            turn.state[ASKED] = listed[-1].change_id
            turn.state[GREETED] = max(_marker(turn, GREETED), listed[-1].change_id)
            intro = (
                t("news.intro_since", loc, date=_day(last_asked))
                if last_asked
                else t("news.intro", loc)
            )
            lines = [intro, *(change_line(c, loc) for c in listed)]
            if len(changes) > len(listed):
                lines.append(t("news.more", loc))
            return [Reply("\n".join(lines), choices=_my_ideas_choice(loc))]
        mine = self.ideas.list_ideas(actor.team_id, author_key=actor.user_id, limit=MAX_STATUSES)
        if not mine:
            return [Reply(t("mine.none", loc))]
        head = (
            t("news.nothing_since", loc, date=_day(last_asked))
            if last_asked
            else t("news.nothing_yet", loc)
        )
        statuses = [
            t(
                "news.status_line",
                loc,
                title=idea.title,
                ref=idea.public_ref,
                status=status_label(idea.status.value, loc),
            )
            for idea in mine
        ]
        return [Reply("\n".join([head, *statuses]), choices=_my_ideas_choice(loc))]

    def since_last_conversation(self, turn: Turn) -> list[str] | None:
        """The greeting's news lines; None the first time (no marker yet: the caller
        falls back to comparing statuses), which sets the marker."""
        actor = turn.actor
        with self.store.unit_of_work() as uow:
            if GREETED not in turn.state:
                turn.state[GREETED] = uow.news.latest_change(actor.team_id, actor.user_id)
                return None
            after = max(_marker(turn, GREETED), _marker(turn, ASKED))
            changes = uow.news.changes_for_author(
                actor.team_id, actor.user_id, after, MAX_LISTED + 1
            )
        if not changes:
            return []
        turn.state[GREETED] = changes[-1].change_id
        # One line per idea: its latest decision (the ask gives the whole story).
        latest: dict[int, StatusNews] = {c.idea_id: c for c in changes}
        lines = [
            t(
                "news.greeting_reason" if change.reason else "news.greeting",
                turn.locale,
                title=change.title,
                ref=change.public_ref,
                status=status_label(change.to_status, turn.locale),
                reason=change.reason or "",
            )
            for change in latest.values()
        ]
        return lines[:MAX_LISTED]


def change_line(change: StatusNews, locale: str) -> str:
    params = {
        "title": change.title,
        "ref": change.public_ref,
        "before": status_label(change.from_status or "new", locale),
        "after": status_label(change.to_status, locale),
        "date": _day(change.changed_at),
        "reason": change.reason or "",
    }
    return t("news.change_reason" if change.reason else "news.change", locale, **params)


def _marker(turn: Turn, key: str) -> int:
    value = turn.state.get(key)
    try:
        return int(value) if value is not None else 0
    except (TypeError, ValueError):
        return 0


def _date(value: object) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def _day(value: datetime | None) -> date | str:
    # A date: the catalogue writes it the reader's way ("1 May 2026", "1 mai 2026").
    return value.date() if value else ""


def _my_ideas_choice(locale: str) -> tuple[Choice, ...]:
    return (Choice(t("choice.my_ideas", locale), Action.LIST_MINE),)
