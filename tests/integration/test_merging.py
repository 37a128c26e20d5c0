"""Merging duplicates (issue 9, item 3): votes exact at every step, nothing lost by an
unmerge, merged ideas out of listings and search, refusals change nothing.

Roles as configured for the tests (tests/conftest.py): UMGR is a manager, UDEV an
employee.
"""

from __future__ import annotations

import pytest

from bot.container import Container
from bot.core.merging import MergeIdeas, UnmergeIdea
from bot.core.models import Actor, Idea, IdeaStatus, LinkKind, NewIdea
from bot.core.permissions import NotAllowed, Refusal
from bot.core.text import InvalidInput
from tests.conftest import TEST_TEAM

MANAGER = Actor(TEST_TEAM, "UMGR")
EMPLOYEE = Actor(TEST_TEAM, "UDEV")


def voter(n: int) -> Actor:
    return Actor(TEST_TEAM, f"UVOTER{n}")


def _idea(container: Container, title: str, description: str, votes: int = 0) -> Idea:
    return container.ideas.create(
        NewIdea(
            team_id=TEST_TEAM,
            title=title,
            description=description,
            author_id="UAUTHOR",
            author_name="Alex Author",
            votes=votes,
        )
    )


def _pair(container: Container) -> tuple[Idea, Idea]:
    a = _idea(container, "Bike parking", "Covered bike parking near the main entrance")
    b = _idea(container, "Bicycle shelter", "A shelter for bicycles by the front door")
    return a, b


def _votes(container: Container, idea_id: int) -> int:
    idea = container.ideas.get(TEST_TEAM, idea_id)
    assert idea is not None
    return idea.votes


def _vote(container: Container, idea: Idea, *people: int) -> None:
    for n in people:
        container.ideas.set_vote(voter(n), idea.id, True)


def test_overlapping_voters_count_once_and_unmerge_restores_both(container: Container) -> None:
    a, b = _pair(container)
    _vote(container, a, 1, 2)
    _vote(container, b, 2, 3)

    merged = container.ideas.merge(MANAGER, b.id, a.id)

    assert merged.into.votes == 3  # {1, 2} ∪ {2, 3}
    assert merged.idea.status is IdeaStatus.MERGED
    assert merged.idea.merged_into == a.id
    assert merged.previous is IdeaStatus.NEW
    assert _votes(container, a.id) == 3

    undone = container.ideas.unmerge(MANAGER, b.id)

    assert (undone.former.votes, undone.idea.votes) == (2, 2)
    assert undone.idea.status is IdeaStatus.NEW
    assert undone.idea.merged_into is None
    assert (_votes(container, a.id), _votes(container, b.id)) == (2, 2)


def test_votes_during_a_merge(container: Container) -> None:
    a, b = _pair(container)
    _vote(container, a, 1, 2)
    _vote(container, b, 2, 3)
    container.ideas.merge(MANAGER, b.id, a.id)

    _vote(container, a, 4)  # a new supporter of A
    _vote(container, a, 3)  # already counted through B: still one person
    assert _votes(container, a.id) == 4
    # A vote on B's card while merged counts for A.
    container.ideas.set_vote(voter(5), b.id, True)
    on, count = container.ideas.toggle_vote(voter(6), b.id)
    assert on and count == 6
    assert _votes(container, a.id) == 6
    assert _votes(container, b.id) == 2  # B's own rows did not move

    container.ideas.unmerge(MANAGER, b.id)

    # Votes cast on A (or redirected to it) while merged stay with A; B has its own.
    assert _votes(container, a.id) == 6  # 1, 2, 4, 3, 5, 6
    assert _votes(container, b.id) == 2  # 2, 3


def test_unmerge_exact_with_voters_of_both_and_a_vote_removed(container: Container) -> None:
    a, b = _pair(container)
    _vote(container, a, 1, 2)
    _vote(container, b, 2, 3)
    container.ideas.merge(MANAGER, b.id, a.id)
    container.ideas.set_vote(voter(1), a.id, False)  # 1 withdraws support from A
    assert _votes(container, a.id) == 2  # 2, 3
    container.ideas.unmerge(MANAGER, b.id)
    assert (_votes(container, a.id), _votes(container, b.id)) == (1, 2)


def test_imported_votes_add_up_and_come_back(container: Container) -> None:
    a = _idea(container, "Bike parking", "Covered bike parking near the main entrance", 10)
    b = _idea(container, "Bicycle shelter", "A shelter for bicycles by the front door", 4)
    _vote(container, a, 1)
    _vote(container, b, 1, 2)
    assert (_votes(container, a.id), _votes(container, b.id)) == (11, 6)

    container.ideas.merge(MANAGER, b.id, a.id)
    # Imported totals cannot be told apart by person: they add; real voters count once.
    assert _votes(container, a.id) == 10 + 4 + 2

    container.ideas.unmerge(MANAGER, b.id)
    assert (_votes(container, a.id), _votes(container, b.id)) == (11, 6)


def test_export_import_round_trip_keeps_counts_while_merged(container: Container) -> None:
    a = _idea(container, "Bike parking", "Covered bike parking near the main entrance", 10)
    b = _idea(container, "Bicycle shelter", "A shelter for bicycles by the front door", 4)
    _vote(container, a, 1)
    _vote(container, b, 1, 2)
    container.ideas.merge(MANAGER, b.id, a.id)
    from bot.core.importing import ParsedLine

    # Re-importing A with the count it shows must not fold B's votes into A's own.
    again = NewIdea(
        team_id=TEST_TEAM,
        title=a.title,
        description=a.description,
        external_id=f"#{a.id}",
        votes=16,
        given=frozenset({"votes"}),
    )
    container.ideas.import_lines([ParsedLine(1, again, None)])
    assert _votes(container, a.id) == 16
    container.ideas.unmerge(MANAGER, b.id)
    assert (_votes(container, a.id), _votes(container, b.id)) == (11, 6)


def test_history_and_link(container: Container) -> None:
    a, b = _pair(container)
    container.ideas.set_status(MANAGER, b.id, IdeaStatus.DECLINED, "out of budget")
    container.ideas.merge(MANAGER, b.id, a.id)
    with container.store.unit_of_work() as uow:
        assert (a.id, LinkKind.MERGED.value, None) in uow.ideas.links(TEST_TEAM, b.id)  # type: ignore[attr-defined]
    container.ideas.unmerge(MANAGER, b.id)
    back = container.ideas.get(TEST_TEAM, b.id)
    assert back is not None
    # Back to where it stood, reason included.
    assert (back.status, back.status_reason) == (IdeaStatus.DECLINED, "out of budget")
    from sqlalchemy import select

    from storage import models as m

    with container.store.unit_of_work() as uow:
        rows = uow.session.execute(  # type: ignore[attr-defined]
            select(m.StatusChange.from_status, m.StatusChange.to_status)
            .where(m.StatusChange.idea_id == b.id)
            .order_by(m.StatusChange.id)
        ).all()
        assert uow.ideas.links(TEST_TEAM, b.id) == []  # type: ignore[attr-defined]
    assert [tuple(r) for r in rows] == [
        ("new", "declined"),
        ("declined", "merged"),
        ("merged", "declined"),
    ]


@pytest.mark.parametrize(
    "case",
    ["itself", "unknown", "other_workspace", "already", "target_merged", "has_merged"],
)
def test_bad_merges_are_refused_with_a_clear_message(container: Container, case: str) -> None:
    a, b = _pair(container)
    c = _idea(container, "Bike repair", "A bike repair stand in the garage")
    if case in ("already", "target_merged", "has_merged"):
        container.ideas.merge(MANAGER, b.id, a.id)
    before = {i.id: (i.status, i.votes) for i in container.ideas.list_ideas(TEST_TEAM)}
    attempts = {
        "itself": (a.id, a.id, "into itself"),
        "unknown": (a.id, 999_999, "no idea #999999"),
        "other_workspace": (a.id, b.id, "no idea"),
        "already": (b.id, c.id, "already merged into"),
        "target_merged": (c.id, b.id, f"merge into #{a.id} instead"),
        "has_merged": (a.id, c.id, "unmerge them first"),
    }
    idea_id, into_id, message = attempts[case]
    actor = Actor("T0OTHER", "UMGR") if case == "other_workspace" else MANAGER
    with pytest.raises(InvalidInput, match=message):
        container.ideas.merge(actor, idea_id, into_id)
    after = {i.id: (i.status, i.votes) for i in container.ideas.list_ideas(TEST_TEAM)}
    assert after == before


def test_unmerge_of_an_idea_not_merged_is_a_clear_error(container: Container) -> None:
    a, _ = _pair(container)
    with pytest.raises(InvalidInput, match="not merged"):
        container.ideas.unmerge(MANAGER, a.id)
    with pytest.raises(InvalidInput, match="no idea #424242"):
        container.ideas.unmerge(MANAGER, 424242)


def test_employees_may_not_merge_or_unmerge(container: Container) -> None:
    a, b = _pair(container)
    _vote(container, b, 1)
    refused = container.ideas.merging.merge(MergeIdeas(EMPLOYEE, b.id, a.id))
    assert isinstance(refused, Refusal)
    assert "managers and admins" in refused.message()
    with pytest.raises(NotAllowed):
        container.ideas.merge(EMPLOYEE, b.id, a.id)
    assert container.ideas.get(TEST_TEAM, b.id).status is IdeaStatus.NEW  # type: ignore[union-attr]
    container.ideas.merge(MANAGER, b.id, a.id)
    assert isinstance(container.ideas.merging.unmerge(UnmergeIdea(EMPLOYEE, b.id)), Refusal)
    assert container.ideas.get(TEST_TEAM, b.id).status is IdeaStatus.MERGED  # type: ignore[union-attr]
    assert _votes(container, a.id) == 1


def test_merged_ideas_leave_listings_and_search_until_unmerged(container: Container) -> None:
    a, b = _pair(container)
    query = "shelter for bicycles at the front door"

    def found() -> set[int]:
        return {h.idea.id for h in container.ideas.similar(TEST_TEAM, query, k=5)}

    assert b.id in found()
    container.ideas.merge(MANAGER, b.id, a.id)
    assert b.id not in found()
    assert a.id in found()
    listed = {i.id for i in container.ideas.list_ideas(TEST_TEAM, hide_merged=True)}
    assert listed == {a.id}
    merged = container.ideas.list_ideas(TEST_TEAM, status=IdeaStatus.MERGED, hide_merged=True)
    assert [i.id for i in merged] == [b.id]

    # A rebuilt index keeps it out too (its status travels in the vector's metadata).
    container.index_keeper.rebuild()
    assert b.id not in found()

    container.ideas.unmerge(MANAGER, b.id)
    assert b.id in found()
    assert {i.id for i in container.ideas.list_ideas(TEST_TEAM, hide_merged=True)} == {
        a.id,
        b.id,
    }
