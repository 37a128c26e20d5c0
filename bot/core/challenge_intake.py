"""Challenges in the conversation: the intake offers open challenges to bind a draft
to, and notices when a draft answers one (embedding similarity: offered, never
forced). Announced challenges are remembered per person so each is said once."""

from __future__ import annotations

from bot.core.deps import CoreDeps
from bot.core.messages import t
from bot.core.models import ChallengeInfo
from bot.core.replies import Action, Choice, Reply
from bot.core.session import Turn

# How close a draft must be to a challenge's question before it is offered (cosine).
DRAFT_MATCH = 0.4
# At most this many open challenges are offered as choices on a preview.
MAX_OFFERED = 3
ANNOUNCED = "challenges_announced"  # conversation state: ids already suggested


def open_challenges(deps: CoreDeps, turn: Turn) -> list[ChallengeInfo]:
    return deps.ideas.open_challenges(turn.actor.team_id)


def offer_for_draft(deps: CoreDeps, turn: Turn) -> list[Reply]:
    """Once per draft: if it reads like an answer to an open challenge, say so."""
    if turn.fields.challenge or turn.notes.get("challenge_offered"):
        return []
    draft = " ".join(p for p in (turn.fields.proposal, turn.fields.problem) if p)
    challenges = open_challenges(deps, turn)
    if not draft or not challenges:
        return []
    best, _, score = deps.ideas.rank_by_interest(
        [f"{c.title} {c.question or ''}" for c in challenges], [draft]
    )
    if score < DRAFT_MATCH:
        return []
    challenge = challenges[best]
    turn.notes["challenge_offered"] = challenge.id
    turn.draft_changed = True
    loc = turn.locale
    return [
        Reply(
            t("challenge.intake_offer", loc, title=challenge.title),
            choices=(
                Choice(
                    t("challenge.intake_choose", loc, title=challenge.title),
                    Action.CHOOSE_CHALLENGE,
                    str(challenge.id),
                ),
            ),
        )
    ]


def preview_choices(deps: CoreDeps, turn: Turn) -> tuple[Choice, ...]:
    """On the preview of an unbound draft: one choice per open challenge."""
    if turn.fields.challenge:
        return ()
    return tuple(
        Choice(
            t("challenge.intake_choose", turn.locale, title=c.title),
            Action.CHOOSE_CHALLENGE,
            str(c.id),
        )
        for c in open_challenges(deps, turn)[:MAX_OFFERED]
    )


def choose(deps: CoreDeps, turn: Turn, value: str) -> Reply | None:
    """Bind the draft to the chosen challenge if it still takes ideas. Returns what to
    say first (the caller shows the preview again), None when there is no draft."""
    if turn.draft is None:
        return None
    chosen = next((c for c in open_challenges(deps, turn) if str(c.id) == value), None)
    if chosen is None:
        return Reply(t("challenge.intake_gone", turn.locale))
    turn.fields.challenge = chosen.title
    turn.notes["challenge_id"] = chosen.id
    turn.draft_changed = True
    return Reply(t("challenge.intake_bound", turn.locale, title=chosen.title))


def unannounced(turn: Turn, challenges: list[ChallengeInfo]) -> list[ChallengeInfo]:
    said = set(turn.state.get(ANNOUNCED) or [])
    return [c for c in challenges if c.id not in said]


def mark_announced(turn: Turn, challenge: ChallengeInfo) -> None:
    turn.state[ANNOUNCED] = [*(turn.state.get(ANNOUNCED) or []), challenge.id]


def unbind_if_closed(deps: CoreDeps, turn: Turn) -> list[Reply]:
    """A draft bound to a challenge that closed before the submit: nothing is lost,
    the binding goes and the person may submit it as a general idea."""
    bound = turn.notes.get("challenge_id")
    if bound is None or not turn.fields.challenge:
        return []
    if any(c.id == bound for c in open_challenges(deps, turn)):
        return []
    title, loc = turn.fields.challenge, turn.locale
    turn.fields.challenge = None
    turn.notes.pop("challenge_id", None)
    turn.draft_changed = True
    return [
        Reply(
            t("challenge.closed_for_ideas", loc, title=title),
            choices=(
                Choice(t("choice.submit", loc), Action.SUBMIT, style="primary"),
                Choice(t("choice.cancel", loc), Action.CANCEL),
            ),
        )
    ]
