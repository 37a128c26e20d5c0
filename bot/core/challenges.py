"""Challenges: a manager's time-boxed call for ideas on one question.

Use cases (a command → a result or a Refusal): create, close early, extend, list,
and the checks the intake asks before binding an idea. Side effects (the channel
post, its live count, reminders, the closing summary) are domain events delivered
through the outbox; reminders and closings are claimed once per (job, challenge,
occurrence) in job_runs, so several processes never repeat one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.core.challenge_summary import ChallengeSummary, from_digest
from bot.core.digests import Digest, Period
from bot.core.events import (
    ChallengeChanged,
    ChallengeClosed,
    ChallengeCreated,
    ChallengeReminderDue,
    EventBus,
)
from bot.core.messages import t
from bot.core.models import Actor
from bot.core.permissions import Permission, Permissions, Refusal
from bot.core.ports.challenges import (
    Challenge,
    ChallengeStore,
    ChallengeUnitOfWork,
    NewChallenge,
)
from bot.core.text import MAX_TITLE_CHARS, InvalidInput, clean

log = logging.getLogger(__name__)

DEFAULT_REVIEW_DELAY = timedelta(days=14)
MAX_QUESTION_CHARS = 3000
REMIND_JOB = "challenge_reminder"
CLOSE_JOB = "challenge_close"
# A claimed run older than this belongs to a process that died: take it over.
STALE_CLAIM = timedelta(minutes=10)


class ChallengeInvalid(InvalidInput):
    """What is wrong with a challenge, field by field (the modal shows each)."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


class ChallengeNotOpen(InvalidInput):
    """An idea was bound to a challenge that has closed (or never existed)."""


@dataclass(frozen=True)
class CreateChallenge:
    actor: Actor
    title: str
    question: str
    deadline: datetime | None
    channel_id: str
    tags: Sequence[str] = ()
    criteria: str | None = None
    review_at: datetime | None = None


@dataclass(frozen=True)
class CloseChallenge:
    actor: Actor
    challenge_id: int


@dataclass(frozen=True)
class ExtendChallenge:
    actor: Actor
    challenge_id: int
    deadline: datetime


@dataclass(frozen=True)
class Reminder:
    """One reminder owed before a deadline: `before` is how it was configured."""

    before: timedelta
    label: str


def parse_reminders(spec: str) -> list[Reminder]:
    """ "48h,2h,30m,1d" → reminders, longest first. Raises InvalidInput on a bad item."""
    units = {"d": 86400, "h": 3600, "m": 60, "s": 1}
    reminders: list[Reminder] = []
    for item in (part.strip().lower() for part in spec.split(",")):
        if not item:
            continue
        number, unit = item[:-1], item[-1:]
        if unit not in units or not number.isdigit() or int(number) <= 0:
            raise InvalidInput(
                f"reminder {item!r}: use a positive number of d, h, m or s, like 48h,2h"
            )
        reminders.append(Reminder(timedelta(seconds=int(number) * units[unit]), item))
    return sorted(reminders, key=lambda r: r.before, reverse=True)


def reminder_relevant(challenge: Challenge, reminder: Reminder, now: datetime) -> bool:
    """Due now and still worth saying: the challenge is open, its (current) deadline is
    ahead, the reminder's time has come, and the challenge existed before that time
    (a challenge created 1 h before its deadline gets no "48 h left")."""
    at = challenge.deadline - reminder.before
    return challenge.is_open and at <= now < challenge.deadline and challenge.created_at <= at


def field_errors(
    title: str, question: str, deadline: datetime | None, now: datetime, locale: str | None
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = t("challenge.error.title", locale)
    elif len(title) > MAX_TITLE_CHARS:
        errors["title"] = t("challenge.error.too_long", locale, limit=MAX_TITLE_CHARS)
    if not question:
        errors["question"] = t("challenge.error.question", locale)
    elif len(question) > MAX_QUESTION_CHARS:
        errors["question"] = t("challenge.error.too_long", locale, limit=MAX_QUESTION_CHARS)
    if deadline is None:
        errors["deadline"] = t("challenge.error.deadline_missing", locale)
    elif deadline <= now:
        errors["deadline"] = t("challenge.error.deadline_past", locale)
    return errors


class Challenges:
    def __init__(
        self,
        store: ChallengeStore,
        events: EventBus,
        permissions: Permissions,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        digest: Callable[[str, int, Period], Digest] | None = None,
    ) -> None:
        self.digest = digest
        self.store = store
        self.events = events
        self.permissions = permissions
        self.clock = clock

    # -- manager use cases ---------------------------------------------------------

    def create(self, command: CreateChallenge) -> Challenge | Refusal:
        actor = command.actor
        refusal = self.permissions.refusal(actor, Permission.CREATE_CHALLENGE)
        if refusal is not None:
            return refusal
        title, question = clean(command.title), clean(command.question)
        channel = command.channel_id.strip()
        with self.store.unit_of_work() as uow:
            errors = self._errors(command, uow)
            if errors:
                raise ChallengeInvalid(errors)
            assert command.deadline is not None
            deadline = command.deadline.astimezone(UTC)
            challenge = uow.challenges.add(
                NewChallenge(
                    team_id=actor.team_id,
                    title=title,
                    question=question,
                    deadline=deadline,
                    channel_id=channel,
                    created_by=actor.user_id,
                    tags=[tag.strip() for tag in command.tags if tag.strip()],
                    criteria=clean(command.criteria or "") or None,
                    review_at=command.review_at or deadline + DEFAULT_REVIEW_DELAY,
                )
            )
            created = ChallengeCreated(actor.team_id, challenge.id)
            self.events.record(uow.outbox, created)
            uow.commit()
        self.events.publish(created)
        return challenge

    def errors(self, command: CreateChallenge) -> dict[str, str]:
        """What is wrong with `command`, field by field, without creating anything
        (a surface that found its own error still shows every other one at once)."""
        with self.store.unit_of_work() as uow:
            return self._errors(command, uow)

    def _errors(self, command: CreateChallenge, uow: ChallengeUnitOfWork) -> dict[str, str]:
        loc = command.actor.locale
        title, question = clean(command.title), clean(command.question)
        errors = field_errors(title, question, command.deadline, self.clock(), loc)
        if not command.channel_id.strip():
            errors["channel"] = t("challenge.error.channel", loc)
        deadline, review = command.deadline, command.review_at
        if deadline is not None and review is not None and review < deadline:
            errors["review"] = t("challenge.error.review_before_deadline", loc)
        if title and uow.challenges.by_title(command.actor.team_id, title) is not None:
            errors["title"] = t("challenge.error.title_taken", loc, title=title)
        return errors

    def close(self, command: CloseChallenge) -> Challenge | Refusal:
        refusal = self.permissions.refusal(command.actor, Permission.CREATE_CHALLENGE)
        if refusal is not None:
            return refusal
        team = command.actor.team_id
        challenge = self._existing(team, command.challenge_id, command.actor.locale)
        if not challenge.is_open:
            raise InvalidInput(
                t("challenge.error.already_closed", command.actor.locale, title=challenge.title)
            )
        closed = self._close(challenge)
        return closed or self._existing(team, command.challenge_id, command.actor.locale)

    def extend(self, command: ExtendChallenge) -> Challenge | Refusal:
        actor, loc = command.actor, command.actor.locale
        refusal = self.permissions.refusal(actor, Permission.CREATE_CHALLENGE)
        if refusal is not None:
            return refusal
        challenge = self._existing(actor.team_id, command.challenge_id, loc)
        if not challenge.is_open:
            raise InvalidInput(t("challenge.error.already_closed", loc, title=challenge.title))
        deadline = command.deadline.astimezone(UTC)
        if deadline <= max(self.clock(), challenge.deadline):
            raise ChallengeInvalid({"deadline": t("challenge.error.extend_earlier", loc)})
        with self.store.unit_of_work() as uow:
            uow.challenges.set_deadline(actor.team_id, challenge.id, deadline)
            changed = ChallengeChanged(actor.team_id, challenge.id)
            self.events.record(uow.outbox, changed)
            uow.commit()
        self.events.publish(changed)
        return self._existing(actor.team_id, challenge.id, loc)

    # -- reads -----------------------------------------------------------------------

    def get(self, team_id: str, challenge_id: int) -> Challenge | None:
        with self.store.unit_of_work() as uow:
            return uow.challenges.get(team_id, challenge_id)

    def listing(self, team_id: str, only_open: bool = False) -> list[Challenge]:
        with self.store.unit_of_work() as uow:
            return uow.challenges.find(team_id, "open" if only_open else None)

    def open_for_ideas(self, team_id: str, ref: int | str, locale: str | None = None) -> Challenge:
        """The challenge an idea is about to be bound to, if it still takes ideas
        (by id or title). Raises ChallengeNotOpen with a polite message otherwise."""
        with self.store.unit_of_work() as uow:
            if isinstance(ref, int):
                challenge = uow.challenges.get(team_id, ref)
            else:
                challenge = uow.challenges.by_title(team_id, ref)
        if challenge is None:
            raise ChallengeNotOpen(t("challenge.error.unknown", locale, ref=ref))
        if not challenge.is_open or challenge.deadline <= self.clock():
            raise ChallengeNotOpen(t("challenge.closed_for_ideas", locale, title=challenge.title))
        return challenge

    def summary(self, team_id: str, challenge_id: int) -> ChallengeSummary | None:
        """The closing summary: the digest engine's digest of the challenge's ideas
        (votes gained and decisions counted from its creation to its close)."""
        with self.store.unit_of_work() as uow:
            challenge = uow.challenges.get(team_id, challenge_id)
            if challenge is None:
                return None
            ideas = uow.challenges.ideas(team_id, challenge_id)
        if self.digest is None:
            raise RuntimeError("no digest engine configured for challenge summaries")
        end = challenge.closed_at or self.clock()
        period = Period(min(challenge.created_at, end), end + timedelta(microseconds=1))
        return from_digest(challenge, ideas, self.digest(team_id, challenge_id, period).to_dict())

    # -- scheduled: reminders and closings (run from bot/jobs) -----------------------

    def remind_due(self, reminders: Sequence[Reminder], now: datetime | None = None) -> int:
        """Owe each relevant reminder once: claim (job, challenge, occurrence) and record
        the event in one transaction. Returns how many this call claimed."""
        moment = now or self.clock()
        claimed = 0
        for challenge in self._open_everywhere():
            # Of the reminders due, only the latest is said: after a pause (no process
            # ran) "48h left" two hours before the deadline would be wrong.
            due_now = [r for r in reminders if reminder_relevant(challenge, r, moment)]
            for reminder in sorted(due_now, key=lambda r: r.before)[:1]:
                # The deadline is part of the occurrence: an extension owes new reminders.
                deadline = challenge.deadline.astimezone(UTC).isoformat(timespec="seconds")
                occurrence = f"{challenge.id}:{reminder.label}:{deadline}"
                due = ChallengeReminderDue(
                    challenge.team_id, challenge.id, reminder.label, deadline
                )
                with self.store.unit_of_work() as uow:
                    if not uow.job_runs.claim(REMIND_JOB, occurrence, moment, STALE_CLAIM):
                        continue
                    uow.job_runs.finish(REMIND_JOB, occurrence, "done", moment)
                    self.events.record(uow.outbox, due)
                    uow.commit()
                self.events.publish(due)
                claimed += 1
        return claimed

    def close_due(self, now: datetime | None = None) -> int:
        """Close every open challenge whose deadline has passed (once, whoever runs)."""
        moment = now or self.clock()
        closed = 0
        for challenge in self._open_everywhere():
            if challenge.deadline <= moment and self._close(challenge) is not None:
                closed += 1
        return closed

    # -- helpers -----------------------------------------------------------------------

    def _open_everywhere(self) -> list[Challenge]:
        with self.store.unit_of_work() as uow:
            return uow.challenges.find(None, "open")

    def _close(self, challenge: Challenge) -> Challenge | None:
        """Closed by this call (None: someone else closed it first). The claim and the
        conditional status change make the summary owed exactly once."""
        now = self.clock()
        with self.store.unit_of_work() as uow:
            if not uow.job_runs.claim(CLOSE_JOB, str(challenge.id), now, STALE_CLAIM):
                return None
            won = uow.challenges.close(challenge.team_id, challenge.id, now)
            uow.job_runs.finish(CLOSE_JOB, str(challenge.id), "done", now)
            if not won:
                uow.commit()
                return None
            event = ChallengeClosed(challenge.team_id, challenge.id)
            self.events.record(uow.outbox, event)
            uow.commit()
            closed = uow.challenges.get(challenge.team_id, challenge.id)
        self.events.publish(event)
        return closed

    def _existing(self, team_id: str, challenge_id: int, locale: str | None) -> Challenge:
        challenge = self.get(team_id, challenge_id)
        if challenge is None:
            raise InvalidInput(t("challenge.error.unknown", locale, ref=challenge_id))
        return challenge
