"""Digests: what came in, what is emerging, what waits (for managers and admins).

`DigestEngine.build(team_id, period)` is the engine: every number comes from the
database (`DigestReader`) and every theme from the vectors (`ThemeFinder`), so the
same data gives the same digest. The language engine may only rename a theme from
its ideas' text; it never supplies a number. A challenge's closing summary can call
`build` with the challenge's own period.
"""

from __future__ import annotations

import heapq
import logging
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from bot.core.messages import t
from bot.core.models import Actor
from bot.core.permissions import Permission, Permissions, Refusal
from bot.core.ports.digests import (
    DigestFacts,
    DigestQuery,
    DigestReader,
    PeriodIdea,
    ThemeFinder,
    ThemeText,
)
from bot.core.ports.language import LanguageEngine
from bot.core.replies import Reply, ReplyKind
from bot.core.text import InvalidInput

log = logging.getLogger(__name__)

UNKNOWN_DEPARTMENT = "unknown"
TOP_IDEAS = 5
CLOSING_SOON = timedelta(days=7)
MAX_DAYS = 366
WAITING_DETAILS = 50
DECISIONS = ("accepted", "in_progress", "implemented", "declined", "merged")


@dataclass(frozen=True)
class Period:
    start: datetime
    end: datetime

    @property
    def days(self) -> float:
        return (self.end - self.start).total_seconds() / 86400

    def previous(self) -> Period:
        return Period(self.start - (self.end - self.start), self.start)


def period_for(days: int, end: date | None, now: datetime, zone: tzinfo | None = None) -> Period:
    """The `days` days ending now, or ending at the end of the date `end` (midnight
    after it, in `zone`, UTC by default)."""
    if not 1 <= days <= MAX_DAYS:
        raise InvalidInput(f"--days must be between 1 and {MAX_DAYS}, not {days}")
    if end is None:
        stop = now
    else:
        stop = datetime.combine(end + timedelta(days=1), time(0), tzinfo=zone or ZoneInfo("UTC"))
    return Period(stop - timedelta(days=days), stop)


def parse_end(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(f"--end must be a date like 2025-03-31, not {value!r}") from None


def zone(name: str | None) -> tzinfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ValueError, KeyError, OSError):
        raise InvalidInput(f"unknown time zone {name!r} (IDEABOT_DIGEST_TZ)") from None


@dataclass(frozen=True)
class Digest:
    """One period's digest: the JSON contract of `ideabot digest` (DESIGN.md §5)."""

    data: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return self.data


@dataclass(frozen=True)
class ReadDigest:
    actor: Actor
    days: int = 7
    end: date | None = None


class DigestEngine:
    def __init__(
        self,
        reader: DigestReader,
        themes: ThemeFinder,
        review_delay_days: int,
        namer: Callable[[], LanguageEngine] | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.reader = reader
        self.themes = themes
        self.review_delay = timedelta(days=review_delay_days)
        self.namer = namer
        self.clock = clock or (lambda: datetime.now(ZoneInfo("UTC")))

    def now(self) -> datetime:
        return self.clock()

    def build(self, team_id: str, period: Period) -> Digest:
        previous = period.previous()
        facts = self.reader.facts(
            DigestQuery(
                team_id=team_id,
                start=period.start,
                end=period.end,
                previous_start=previous.start,
                review_before=period.end - self.review_delay,
                closing_before=period.end + CLOSING_SOON,
            )
        )
        return Digest(self._assemble(team_id, period, facts))

    def for_challenge(self, team_id: str, challenge_id: int, period: Period) -> Digest:
        """The digest of one challenge's ideas (all of them, whenever submitted): what its
        closing summary says. `period` bounds votes gained and decisions taken. Adds
        `participants`, the count safe to post in a channel (below)."""
        facts = self.reader.facts(
            DigestQuery(
                team_id=team_id,
                start=period.start,
                end=period.end,
                previous_start=period.start,
                # Every idea of the challenge still waiting is a next step, however new.
                review_before=period.end,
                closing_before=period.end,
                challenge_id=challenge_id,
            )
        )
        data = self._assemble(team_id, period, facts)
        data["challenge_id"] = challenge_id
        data["idea_ids"] = [i.id for i in facts.ideas]
        data["participants"] = public_participants(facts.ideas)
        return Digest(data)

    def _assemble(self, team_id: str, period: Period, facts: DigestFacts) -> dict[str, Any]:
        ideas = facts.ideas
        return {
            "period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
            "days": round(period.days, 3),
            "new_ideas": len(ideas),
            "previous_new_ideas": len(facts.previous_ideas),
            "contributors": _contributors(ideas),
            "previous_contributors": _contributors(facts.previous_ideas),
            "top_ideas": [
                {"id": i.ref, "idea_id": i.id, "title": i.title, "votes": i.votes}
                # nsmallest is sorted()[:n] without sorting a month of ideas.
                for i in heapq.nsmallest(TOP_IDEAS, ideas, key=lambda i: (-i.votes, i.id))
            ],
            "top_gained": [
                {
                    "id": g.ref,
                    "idea_id": g.id,
                    "title": g.title,
                    "gained": g.gained,
                    "votes": g.votes,
                }
                for g in facts.gains
            ],
            **self._themes(team_id, ideas, facts.previous_ideas),
            "status_changes": dict(sorted(Counter(d.to_status for d in facts.decisions).items())),
            "decisions": [
                {
                    "id": d.ref,
                    "idea_id": d.idea_id,
                    "title": d.title,
                    "from": d.from_status,
                    "to": d.to_status,
                    "reason": d.reason,
                    "at": d.changed_at.isoformat(),
                }
                for d in facts.decisions
                if d.to_status in DECISIONS
            ],
            "waiting_review": [w.id for w in facts.waiting],
            "waiting_review_refs": [w.ref for w in facts.waiting],
            "waiting_review_details": [
                {
                    "id": w.ref,
                    "idea_id": w.id,
                    "title": w.title,
                    "since": w.created_at.date().isoformat(),
                }
                for w in facts.waiting[:WAITING_DETAILS]
            ],
            "review_delay_days": self.review_delay.days,
            "challenges": _challenges(facts, period),
            "departments": _departments(facts),
            "leaderboard": [
                {"user": row.user_key, "name": row.name, "points": row.points}
                for row in facts.leaderboard
            ],
            "daily": _daily(ideas, period),
            "funnel": facts.funnel,
        }

    def _themes(
        self, team_id: str, ideas: list[PeriodIdea], previous: list[PeriodIdea]
    ) -> dict[str, Any]:
        analysis = self.themes.analyse(
            team_id,
            [ThemeText(i.id, i.text) for i in ideas],
            [ThemeText(i.id, i.text) for i in previous],
        )
        refs = {i.id: i.ref for i in ideas}
        titles = {i.id: i.title for i in ideas}
        texts = {i.id: i.text for i in ideas}
        themes = []
        for found in analysis.themes:
            label = ", ".join(found.terms) or titles[found.idea_ids[0]]
            named = self._name(label, [texts[i] for i in found.idea_ids[:8]])
            themes.append(
                {
                    "label": named,
                    "terms": found.terms,
                    "size": len(found.idea_ids),
                    "idea_ids": found.idea_ids,
                    "idea_refs": [refs[i] for i in found.idea_ids],
                    "examples": [
                        {"id": refs[i], "idea_id": i, "title": titles[i]} for i in found.examples
                    ],
                    "new": found.new,
                }
            )
        return {
            "themes": themes,
            "duplicates": analysis.duplicates,
            "duplicate_refs": [[refs[i] for i in group] for group in analysis.duplicates],
        }

    def _name(self, label: str, texts: list[str]) -> str:
        """The LLM engine may phrase a theme's name; the offline one keeps the terms."""
        if self.namer is None:
            return label
        engine = self.namer()
        if engine.name == "offline":
            return label
        try:
            name = " ".join(engine.name_theme(texts).split())[:60]
        except Exception:  # naming is a nicety: the terms stand in
            log.warning("theme naming failed; keeping the terms", exc_info=True)
            return label
        # A number in a name would be the model's, not the data's.
        return label if not name or any(ch.isdigit() for ch in name) else name


def _contributors(ideas: list[PeriodIdea]) -> int:
    return len({i.author for i in ideas if i.author is not None})


def public_participants(ideas: list[PeriodIdea]) -> int:
    """People behind a challenge's ideas as a post in its channel may say them: named
    authors once each, and each anonymous (or authorless) idea as one more person.
    Counting distinct authors there would tell the channel that an anonymous idea
    came from someone already named (the count would not grow)."""
    named = {i.author for i in ideas if i.author is not None and not i.anonymous}
    return len(named) + sum(1 for i in ideas if i.anonymous or i.author is None)


def _departments(facts: DigestFacts) -> list[dict[str, Any]]:
    people = {(row.name or UNKNOWN_DEPARTMENT): 0 for row in facts.departments}
    for row in facts.departments:
        people[row.name or UNKNOWN_DEPARTMENT] += row.people
    authors: dict[str, set[int]] = defaultdict(set)
    ideas: Counter[str] = Counter()
    for idea in facts.ideas:
        name = idea.department or UNKNOWN_DEPARTMENT
        ideas[name] += 1
        if idea.author is not None:
            authors[name].add(idea.author)
    rows = []
    for name in sorted(set(people) | set(ideas), key=lambda n: (n == UNKNOWN_DEPARTMENT, n)):
        known = people.get(name, 0)
        contributors = len(authors[name])
        rows.append(
            {
                "name": name,
                "contributors": contributors,
                "people": known,
                "ideas": ideas[name],
                "share": round(contributors / known, 4) if known else None,
            }
        )
    return rows


def _challenges(facts: DigestFacts, period: Period) -> dict[str, Any]:
    def entry(c: Any) -> dict[str, Any]:
        return {
            "id": c.id,
            "title": c.title,
            "deadline": c.deadline.isoformat() if c.deadline else None,
            "ideas": c.ideas,
            "participants": c.participants,
        }

    open_, closing, closed = [], [], []
    for c in facts.challenges:
        if c.closed_at is not None:
            if period.start <= c.closed_at < period.end:
                closed.append(entry(c))
        elif c.deadline is not None and c.deadline < period.end:
            # Past its deadline but not yet closed by the job: it closed in effect.
            if c.deadline >= period.start:
                closed.append(entry(c))
        elif c.status == "open":
            open_.append(entry(c))
            if c.deadline is not None and c.deadline < period.end + CLOSING_SOON:
                closing.append(entry(c))
    return {
        "open": open_,
        "closing_soon": closing,
        "closed": closed,
        "open_count": len(open_),
        "closing_soon_count": len(closing),
        "closed_count": len(closed),
    }


def _daily(ideas: list[PeriodIdea], period: Period) -> list[dict[str, Any]]:
    """Ideas and contributors per day (days in the period's own time zone).

    Each day's bounds are found once and each idea placed by bisection: converting
    100,000 timestamps to the local zone one by one took most of a second."""
    zone_ = period.end.tzinfo
    first = period.start.astimezone(zone_).date()
    last = (period.end - timedelta(microseconds=1)).astimezone(zone_).date()
    days: list[date] = []
    starts: list[datetime] = []  # the first instant of each day after the first
    day = first
    while day <= last:
        days.append(day)
        day += timedelta(days=1)
        starts.append(datetime.combine(day, time(0), tzinfo=zone_))
    counts = [0] * len(days)
    people: list[set[int]] = [set() for _ in days]
    opening = datetime.combine(first, time(0), tzinfo=zone_)
    for idea in ideas:
        n = bisect_right(starts, idea.created_at)
        if n >= len(days) or idea.created_at < opening:
            continue  # a day outside the period (a challenge's ideas can be)
        counts[n] += 1
        if idea.author is not None:
            people[n].add(idea.author)
    return [
        {"date": d.isoformat(), "ideas": counts[n], "contributors": len(people[n])}
        for n, d in enumerate(days)
    ]


class Digests:
    """The use case: a person asks for a digest; the policy decides."""

    def __init__(
        self,
        permissions: Permissions,
        engine: Callable[[], DigestEngine] | None = None,
        zone_name: str | None = None,
    ) -> None:
        self.permissions = permissions
        self.engine = engine
        self.zone_name = zone_name

    def build(self, command: ReadDigest) -> Digest | Refusal:
        refusal = self.permissions.refusal(command.actor, Permission.READ_DIGEST)
        if refusal is not None:
            return refusal
        if self.engine is None:
            raise RuntimeError("no digest engine configured")
        engine = self.engine()
        period = period_for(command.days, command.end, engine.now(), zone(self.zone_name))
        return engine.build(command.actor.team_id, period)

    def read(self, command: ReadDigest) -> list[Reply]:
        """From a conversation: the policy answers now; the transport builds and
        delivers the digest off the reply path (a DIGEST reply asks it to)."""
        actor = command.actor
        refusal = self.permissions.refusal(actor, Permission.READ_DIGEST)
        if refusal is not None:
            return [Reply(refusal.message(actor.locale), kind=ReplyKind.REFUSED)]
        return [
            Reply(
                t("digests.working", actor.locale, days=command.days),
                kind=ReplyKind.DIGEST,
            )
        ]
