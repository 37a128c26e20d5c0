"""The pipeline's use cases: transitions, history, refusals, the review queue and who
is told about a change (issue 9, items 1, 2, 4)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.container import Container
from bot.core.events import StatusChanged
from bot.core.models import Actor, Idea, IdeaStatus, NewIdea
from bot.core.notices import SetStatusNotices
from bot.core.permissions import Permissions, Refusal
from bot.core.pipeline import ChangeStatus, ListStale, ReadHistory, parse_settable
from bot.core.ports.roles import Role
from bot.core.text import InvalidInput
from tests.conftest import TEST_TEAM

MANAGER = Actor(TEST_TEAM, "UMGR")
EMPLOYEE = Actor(TEST_TEAM, "UDEV")
AUTHOR = Actor(TEST_TEAM, "UAUTHOR", "Alex Author")


def _idea(container: Container, title: str = "Quiet room", anonymous: bool = False) -> Idea:
    return container.ideas.create(
        NewIdea(
            team_id=TEST_TEAM,
            title=title,
            description=f"{title}: a longer description of it",
            author_id=AUTHOR.user_id,
            author_name=AUTHOR.name,
            anonymous=anonymous,
        ),
        AUTHOR,
    )


def _change(
    container: Container, actor: Actor, idea: Idea, status: IdeaStatus, reason: str | None = None
) -> Idea | Refusal:
    return container.ideas.pipeline.change_status(ChangeStatus(actor, idea.id, status, reason))


def test_a_manager_moves_an_idea_and_the_history_records_every_step(container: Container) -> None:
    idea = _idea(container)
    _change(container, MANAGER, idea, IdeaStatus.UNDER_REVIEW)
    _change(container, MANAGER, idea, IdeaStatus.ACCEPTED, "Cheap and popular")
    moved = _change(container, MANAGER, idea, IdeaStatus.DECLINED, "No room left after all")

    assert isinstance(moved, Idea)
    assert moved.status is IdeaStatus.DECLINED
    assert moved.status_reason == "No room left after all"
    history = container.ideas.pipeline.history(ReadHistory(EMPLOYEE, idea.id))
    assert [(h.from_status, h.to_status, h.reason, h.changed_by) for h in history] == [
        (IdeaStatus.NEW, IdeaStatus.UNDER_REVIEW, None, "UMGR"),
        (IdeaStatus.UNDER_REVIEW, IdeaStatus.ACCEPTED, "Cheap and popular", "UMGR"),
        (IdeaStatus.ACCEPTED, IdeaStatus.DECLINED, "No room left after all", "UMGR"),
    ]
    assert all(h.changed_at.tzinfo is not None for h in history)


def test_an_employee_is_refused_and_nothing_changes(container: Container) -> None:
    idea = _idea(container)
    result = _change(container, EMPLOYEE, idea, IdeaStatus.ACCEPTED, "I like it")

    assert isinstance(result, Refusal)
    assert "managers and admins" in result.message()
    assert container.ideas.get(TEST_TEAM, idea.id).status is IdeaStatus.NEW  # type: ignore[union-attr]
    assert container.ideas.pipeline.history(ReadHistory(EMPLOYEE, idea.id)) == []


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_a_decline_needs_a_reason(container: Container, reason: str | None) -> None:
    idea = _idea(container)
    with pytest.raises(InvalidInput, match="reason"):
        _change(container, MANAGER, idea, IdeaStatus.DECLINED, reason)
    assert container.ideas.get(TEST_TEAM, idea.id).status is IdeaStatus.NEW  # type: ignore[union-attr]


def test_impossible_changes_are_explained(container: Container) -> None:
    idea = _idea(container)
    with pytest.raises(InvalidInput, match="only by merging"):
        _change(container, MANAGER, idea, IdeaStatus.MERGED)
    with pytest.raises(InvalidInput, match="no idea #999"):
        container.ideas.pipeline.change_status(ChangeStatus(MANAGER, 999, IdeaStatus.ACCEPTED))
    _change(container, MANAGER, idea, IdeaStatus.ACCEPTED)
    with pytest.raises(InvalidInput, match="already accepted"):
        _change(container, MANAGER, idea, IdeaStatus.ACCEPTED)
    with pytest.raises(ValueError, match="unknown status"):
        parse_settable("maybe")
    with pytest.raises(ValueError, match="unknown status"):
        parse_settable("merged")
    assert parse_settable("under review") is IdeaStatus.UNDER_REVIEW


def test_the_review_queue_lists_waiting_ideas_oldest_first(container: Container) -> None:
    older, newer, decided = (_idea(container, t) for t in ("Older", "Newer", "Decided"))
    _change(container, MANAGER, decided, IdeaStatus.ACCEPTED)
    pipeline = container.ideas.pipeline
    now = datetime.now(UTC)

    assert isinstance(pipeline.stale(ListStale(EMPLOYEE, 14)), Refusal)
    assert pipeline.stale(ListStale(MANAGER, 14)) == []  # nothing is 14 days old yet

    pipeline.clock = lambda: now + timedelta(days=20)
    waiting = pipeline.stale(ListStale(MANAGER, 14))
    assert not isinstance(waiting, Refusal)
    assert [w.idea.title for w in waiting] == ["Older", "Newer"]
    assert all(w.days_waiting >= 19 for w in waiting)
    # Moving to under review starts its wait again: it is no longer 20 days old.
    pipeline.clock = lambda: datetime.now(UTC)
    _change(container, MANAGER, older, IdeaStatus.UNDER_REVIEW)
    pipeline.clock = lambda: now + timedelta(days=10)
    assert [w.idea.title for w in pipeline.stale(ListStale(MANAGER, 5))] == [  # type: ignore[union-attr]
        "Newer",
        "Older",
    ]
    assert newer.id != older.id


def _event(idea: Idea, actor: Actor, status: IdeaStatus, reason: str | None) -> StatusChanged:
    return StatusChanged(TEST_TEAM, idea.id, IdeaStatus.NEW, status, reason, actor)


def test_the_author_and_every_voter_are_told_with_the_reason(container: Container) -> None:
    idea = _idea(container, anonymous=True)
    for voter in ("UV1", "UV2", "UMGR"):
        container.ideas.set_vote(Actor(TEST_TEAM, voter), idea.id, True)
    _change(container, MANAGER, idea, IdeaStatus.DECLINED, "Budget is frozen")

    _, notices = container.notices.for_change(
        _event(idea, MANAGER, IdeaStatus.DECLINED, "Budget is frozen")
    )
    by_person = {n.user_id: n for n in notices}
    # The manager who decided is not told what they just did.
    assert set(by_person) == {"UAUTHOR", "UV1", "UV2"}
    assert all("Budget is frozen" in n.text for n in notices)
    assert by_person["UAUTHOR"].to_author and "your idea" in by_person["UAUTHOR"].text
    for voter in ("UV1", "UV2"):
        assert not by_person[voter].to_author
        # Anonymous: a voter never reads who wrote it.
        assert "Alex" not in by_person[voter].text and "UAUTHOR" not in by_person[voter].text


def test_an_author_who_opted_out_is_not_told_until_they_opt_back_in(
    container: Container,
) -> None:
    idea = _idea(container)
    container.ideas.set_vote(Actor(TEST_TEAM, "UV1"), idea.id, True)
    event = _event(idea, MANAGER, IdeaStatus.ACCEPTED, None)

    container.notices.set_preference(SetStatusNotices(AUTHOR, on=False))
    assert [n.user_id for n in container.notices.for_change(event)[1]] == ["UV1"]
    container.notices.set_preference(SetStatusNotices(AUTHOR, on=True))
    assert [n.user_id for n in container.notices.for_change(event)[1]] == ["UAUTHOR", "UV1"]


class _Directory:
    def __init__(self, roles: dict[str, frozenset[Role]]) -> None:
        self.known = roles

    def roles(self, team_id: str, user_id: str) -> frozenset[Role]:
        return self.known.get(user_id, frozenset())


def test_roles_from_a_directory_count_as_the_configured_lists_do() -> None:
    directory = _Directory({"UGROUP": frozenset({Role.MANAGER}), "UOWNER": frozenset({Role.ADMIN})})
    policy = Permissions(admins={"UA"}, managers={"UM"}, directory=directory)

    def who(user: str) -> tuple[bool, bool]:
        actor = Actor(TEST_TEAM, user)
        return policy.is_admin(actor), policy.can_change_status(actor)

    assert who("UA") == (True, True)
    assert who("UM") == (False, True)
    assert who("UGROUP") == (False, True)
    assert who("UOWNER") == (True, True)
    assert who("UDEV") == (False, False)
