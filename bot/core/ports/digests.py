"""Digest ports: the facts a digest is computed from (SQL) and theme finding (vectors).

Rows are plain dataclasses (named tuples for the many ideas) so that the digest
engine never sees SQL or Chroma. A reader answers one period at a time; every list is
in a stable order so the same data gives the same digest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple, Protocol


class PeriodIdea(NamedTuple):
    """An idea created in a period (merged ideas are never included). A named tuple,
    not a frozen dataclass: a month can hold 100,000 of them, and a frozen dataclass
    costs five times as much to build."""

    id: int
    ref: str | int  # the external id as imported, else the internal number
    title: str
    text: str  # title and description, what themes are found from
    created_at: datetime
    author: int | None  # the users row id; None when no author is known
    department: str | None
    status: str
    votes: int
    challenge_id: int | None
    anonymous: bool = False


@dataclass(frozen=True)
class VoteGain:
    id: int
    ref: str | int
    title: str
    gained: int
    votes: int


@dataclass(frozen=True)
class Decision:
    idea_id: int
    ref: str | int
    title: str
    from_status: str | None
    to_status: str
    reason: str | None
    changed_at: datetime


class WaitingIdea(NamedTuple):  # as many as a month's ideas: a tuple is cheap
    id: int
    ref: str | int
    title: str
    created_at: datetime


@dataclass(frozen=True)
class ChallengeFacts:
    id: int
    title: str
    status: str
    deadline: datetime | None
    closed_at: datetime | None
    ideas: int  # ideas submitted to it, ever (merged ones excluded)
    participants: int


@dataclass(frozen=True)
class DepartmentPeople:
    name: str | None  # None: people with no department known
    people: int


@dataclass(frozen=True)
class LeaderRow:
    user_key: str
    name: str | None
    points: int


@dataclass(frozen=True)
class DigestQuery:
    team_id: str
    start: datetime
    end: datetime
    previous_start: datetime  # the previous period is [previous_start, start)
    review_before: datetime  # ideas created before this and still waiting are late
    closing_before: datetime  # open challenges with a deadline before this close soon
    # A challenge's closing summary: every fact is about this challenge's ideas only
    # (all of them, whenever submitted; no previous period; the funnel and leaderboard
    # of those ideas). None: the whole workspace.
    challenge_id: int | None = None


@dataclass(frozen=True)
class DigestFacts:
    ideas: list[PeriodIdea]  # the period's, oldest first
    previous_ideas: list[PeriodIdea]  # the previous period's, oldest first
    gains: list[VoteGain]  # votes cast in the period, most first
    decisions: list[Decision]  # status changes in the period, oldest first
    waiting: list[WaitingIdea]  # late for review, oldest first
    challenges: list[ChallengeFacts]
    departments: list[DepartmentPeople]  # known people by department
    funnel: dict[str, int]  # every idea of the workspace by current status
    leaderboard: list[LeaderRow]  # top five, never an anonymous author


class DigestReader(Protocol):
    def facts(self, query: DigestQuery) -> DigestFacts: ...


class ThemeText(NamedTuple):  # one per idea of a month: a tuple is cheap
    id: int
    text: str


@dataclass(frozen=True)
class FoundTheme:
    terms: list[str]  # distinctive terms, most distinctive first
    idea_ids: list[int]  # closest to the centroid first
    examples: list[int]  # the two ideas closest to the centroid
    new: bool  # no theme of the previous period is close to this one


@dataclass(frozen=True)
class ThemeAnalysis:
    themes: list[FoundTheme]  # largest first
    duplicates: list[list[int]]  # groups of probable duplicates, each sorted


class ThemeFinder(Protocol):
    def analyse(
        self, team_id: str, current: Sequence[ThemeText], previous: Sequence[ThemeText]
    ) -> ThemeAnalysis: ...
