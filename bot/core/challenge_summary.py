"""The closing summary of a challenge: the digest engine's digest of the challenge's
ideas, told to its channel.

`from_digest` takes the numbers (ideas, participants, top ideas by votes, themes,
groups of probable duplicates, what still waits for a decision) from
`DigestEngine.for_challenge`, so a summary and a digest of the same ideas never
disagree; `per_challenge_leaderboard` ranks the challenge's contributors. Anonymous
contributors are counted, never named.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.core.cards import status_label
from bot.core.messages import t
from bot.core.ports.challenges import Challenge, ChallengeIdea

TOP_IDEAS = 5
LEADERS = 5
WAITING = ("new", "under_review")
DECIDED = ("accepted", "in_progress", "implemented", "declined")


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
    themes: list[SummaryTheme] = field(default_factory=list)
    waiting: int = 0  # ideas still new or under review: the next step's work
    decided: dict[str, int] = field(default_factory=dict)  # decisions so far, by status


@dataclass(frozen=True)
class SummaryTheme:
    label: str
    size: int


def participants(ideas: Sequence[ChallengeIdea]) -> int:
    """Distinct people who submitted; each anonymous idea counts as one person, since
    who is behind it is not ours to tell (the live count on the challenge's post; the
    digest's `public_participants` counts the same way)."""
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


def from_digest(
    challenge: Challenge, ideas: Sequence[ChallengeIdea], digest: Mapping[str, Any]
) -> ChallengeSummary:
    """The summary from `DigestEngine.for_challenge`'s digest; `ideas` only name the
    authors for the leaderboard (the digest never names anyone)."""
    by_id = {idea.id: idea for idea in ideas}
    counted = [by_id[i] for i in digest["idea_ids"] if i in by_id]
    top = [by_id[row["idea_id"]] for row in digest["top_ideas"] if row["idea_id"] in by_id]
    groups = [[by_id[i] for i in group if i in by_id] for group in digest["duplicates"]]
    funnel: dict[str, int] = digest["funnel"]
    return ChallengeSummary(
        challenge_id=challenge.id,
        title=challenge.title,
        ideas=int(digest["new_ideas"]),
        participants=int(digest["participants"]),
        top_ideas=top,
        groups=[group for group in groups if len(group) >= 2],
        leaderboard=per_challenge_leaderboard(counted),
        review_at=challenge.review_at,
        creator=challenge.created_by,
        themes=[SummaryTheme(theme["label"], int(theme["size"])) for theme in digest["themes"]],
        waiting=sum(funnel.get(status, 0) for status in WAITING),
        decided={s: funnel[s] for s in DECIDED if funnel.get(s)},
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
    if summary.themes:
        lines.append(t("challenge.summary.themes", locale))
        lines += [
            t("challenge.summary.theme_line", locale, label=escape(theme.label), size=theme.size)
            for theme in summary.themes
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
    if summary.decided:
        decided = ", ".join(
            t(
                "challenge.summary.decided_item",
                locale,
                status=status_label(status, locale),
                count=count,
            )
            for status, count in summary.decided.items()
        )
        lines.append(t("challenge.summary.decided", locale, decided=decided))
    if summary.review_at is not None:
        lines.append(
            t(
                "challenge.summary.next_waiting" if summary.waiting else "challenge.summary.next",
                locale,
                date=summary.review_at.date(),
                waiting=summary.waiting,
            )
        )
    elif summary.waiting:
        lines.append(t("challenge.summary.waiting", locale, waiting=summary.waiting))
    return "\n".join(lines)
