"""A challenge's closing summary is the digest engine's digest of its ideas: the same
counts, top ideas, themes and duplicate groups as `DigestEngine.for_challenge`, only
the challenge's ideas, and the next step says how many still await a decision."""

from __future__ import annotations

from bot.container import Container
from bot.core.challenge_summary import render_summary
from bot.core.challenges import CloseChallenge
from bot.core.digests import Period
from bot.core.models import Actor, IdeaStatus, NewIdea
from bot.core.permissions import Refusal
from tests.conftest import TEST_TEAM
from tests.integration.test_challenges import MANAGER, _create, _idea

LIGHTS = [
    "Motion sensors for the office lights",
    "Motion sensors to switch off office lights",
    "Lights off automatically with motion sensors",
]
HEATING = ["Lower the heating by one degree", "Turn the heating down one degree in winter"]


def test_the_summary_is_the_digest_of_the_challenges_ideas(container: Container) -> None:
    challenge = _create(container)
    other = _create(container, title="Onboarding")
    ids = [_idea(container, challenge, f"U{n}", title=t) for n, t in enumerate(LIGHTS + HEATING)]
    _idea(container, other, "UX", title="A buddy for every new starter")
    container.ideas.create(  # a general idea: in no challenge's summary
        NewIdea(team_id=TEST_TEAM, title="Solar panels", description="On the roof"),
        Actor(TEST_TEAM, "UY"),
    )
    for voter in ("V1", "V2", "V3"):
        container.ideas.set_vote(Actor(TEST_TEAM, voter), ids[3], True)
    container.ideas.set_vote(Actor(TEST_TEAM, "V1"), ids[0], True)
    container.ideas.set_status(MANAGER, ids[4], IdeaStatus.ACCEPTED, None)
    assert not isinstance(
        container.challenges.close(CloseChallenge(MANAGER, challenge.id)), Refusal
    )

    summary = container.challenges.summary(TEST_TEAM, challenge.id)
    assert summary is not None
    closed = container.challenges.get(TEST_TEAM, challenge.id)
    assert closed is not None and closed.closed_at is not None
    digest = container.digest_engine.for_challenge(
        TEST_TEAM, challenge.id, Period(closed.created_at, closed.closed_at)
    ).to_dict()

    assert (
        (summary.ideas, summary.participants)
        == (5, 5)
        == (
            digest["new_ideas"],
            digest["participants"],
        )
    )
    assert sorted(digest["idea_ids"]) == sorted(ids)
    assert [i.id for i in summary.top_ideas[:2]] == [ids[3], ids[0]]
    # Themes and probable duplicates come from the vectors, as in the digest.
    assert [(t.label, t.size) for t in summary.themes] == [
        (t["label"], t["size"]) for t in digest["themes"]
    ]
    assert summary.themes and sum(t.size for t in summary.themes) <= 5
    assert [[i.id for i in g] for g in summary.groups] == digest["duplicates"]
    # Next steps: four still await a decision; one is accepted.
    assert summary.waiting == 4 and summary.decided == {"accepted": 1}
    text = render_summary(summary)
    assert "5 ideas from 5 participants" in text
    assert "4 ideas await a decision" in text and "1 accepted" in text
    assert "*Themes:*" in text
