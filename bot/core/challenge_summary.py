"""The closing summary of a challenge: facts in, a summary out.

`summarise` is pure (ideas, groups and dates in; numbers out) so that the digest
engine can later produce the same summary; `per_challenge_leaderboard` is the one
place that ranks contributors, to be pointed at the shared leaderboard once points
exist. Anonymous contributors are counted, never named.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from bot.core.messages import t
from bot.core.ports.challenges import Challenge, ChallengeIdea

TOP_IDEAS = 5
LEADERS = 5


@dataclass(frozen=True)
class Leader:
    user_key: str
    ideas: int
    votes: int


@dataclass(frozen=True)
class Leaderboard:
    leaders: list[Leader]
    anonymous_contributions: int  # ideas submitted anonymously: counted, never named


@dataclass(frozen=True)
class ChallengeSummary:
    challenge_id: int
    title: str
    ideas: int
    participants: int
    top_ideas: list[ChallengeIdea]
    groups: list[list[ChallengeIdea]]
    leaderboard: Leaderboard
    review_at: datetime | None
    creator: str | None = None
    extra: dict[str, object] = field(default_factory=dict)


def participants(ideas: Sequence[ChallengeIdea]) -> int:
    """Distinct people who submitted; each anonymous idea counts as one person, since
    who is behind it is not ours to know."""
    named = {idea.author_key for idea in ideas if idea.author_key and not idea.anonymous}
    unknown = sum(1 for idea in ideas if idea.anonymous or not idea.author_key)
    return len(named) + unknown


def per_challenge_leaderboard(ideas: Sequence[ChallengeIdea]) -> Leaderboard:
    """Contributors by ideas then votes received; anonymous ideas only counted."""
    counts: Counter[str] = Counter()
    votes: Counter[str] = Counter()
    anonymous = 0
    for idea in ideas:
        if idea.anonymous or not idea.author_key:
            anonymous += 1
            continue
        counts[idea.author_key] += 1
        votes[idea.author_key] += idea.votes
    leaders = sorted(
        (Leader(key, counts[key], votes[key]) for key in counts),
        key=lambda leader: (-leader.ideas, -leader.votes, leader.user_key),
    )
    return Leaderboard(leaders[:LEADERS], anonymous)


def summarise(
    challenge: Challenge,
    ideas: Sequence[ChallengeIdea],
    groups: Sequence[Sequence[int]],
    leaderboard: Callable[[Sequence[ChallengeIdea]], Leaderboard] = per_challenge_leaderboard,
) -> ChallengeSummary:
    """`groups`: ids of similar ideas (from the vector index), each of two or more."""
    by_id = {idea.id: idea for idea in ideas}
    top = sorted(ideas, key=lambda idea: (-idea.votes, idea.id))[:TOP_IDEAS]
    kept = [[by_id[i] for i in group if i in by_id] for group in groups]
    return ChallengeSummary(
        challenge_id=challenge.id,
        title=challenge.title,
        ideas=len(ideas),
        participants=participants(ideas),
        top_ideas=top,
        groups=[group for group in kept if len(group) >= 2],
        leaderboard=leaderboard(ideas),
        review_at=challenge.review_at,
        creator=challenge.created_by,
    )


def render_summary(
    summary: ChallengeSummary,
    locale: str | None = None,
    escape: Callable[[str], str] = lambda text: text,
    mention: Callable[[str], str] = lambda user_key: user_key,
) -> str:
    """The summary as mrkdwn text; the transport escapes titles and mentions people."""
    lines = [
        t("challenge.summary.head", locale, title=escape(summary.title)),
        t(
            "challenge.summary.counts",
            locale,
            ideas=summary.ideas,
            participants=summary.participants,
        ),
    ]
    if summary.top_ideas:
        lines.append(t("challenge.summary.top", locale))
        lines += [
            t(
                "challenge.summary.top_line",
                locale,
                ref=f"#{idea.id}",
                title=escape(idea.title),
                votes=idea.votes,
            )
            for idea in summary.top_ideas
        ]
    if summary.groups:
        lines.append(t("challenge.summary.groups", locale))
        lines += [
            "• " + ", ".join(f"#{idea.id} {escape(idea.title)}" for idea in group)
            for group in summary.groups
        ]
    board = summary.leaderboard
    if board.leaders or board.anonymous_contributions:
        lines.append(t("challenge.summary.leaderboard", locale))
        lines += [
            t(
                "challenge.summary.leader_line",
                locale,
                rank=rank,
                user=mention(leader.user_key),
                ideas=leader.ideas,
                votes=leader.votes,
            )
            for rank, leader in enumerate(board.leaders, start=1)
        ]
        if board.anonymous_contributions:
            lines.append(
                t("challenge.summary.anonymous", locale, count=board.anonymous_contributions)
            )
    if summary.review_at is not None:
        lines.append(t("challenge.summary.next", locale, date=summary.review_at.date()))
    return "\n".join(lines)
