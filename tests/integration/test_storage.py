from __future__ import annotations

from bot.container import Container
from bot.core.models import Actor, IdeaStatus, NewIdea
from tests.conftest import TEST_TEAM

ODD_TEXTS = [
    "Emoji 🚲🌱 and ZWJ 👩‍💻 family 👨‍👩‍👧",
    "RTL: اقتراح لتحسين المكتب — עברית",
    "CJK: 会議を減らす提案 회의 줄이기",
    "Control\tchars\x07 and \x1b[31m escapes\r\n and NUL \x00 inside",
    "Combining: e\u0301 vs é, and a lone \ufffd replacement",
]


def test_unicode_and_control_characters_round_trip(container: Container) -> None:
    for text in ODD_TEXTS:
        idea = container.ideas.create(NewIdea(team_id=TEST_TEAM, title=text[:30], description=text))
        again = container.ideas.get(TEST_TEAM, idea.id)
        assert again is not None
        assert again.description == text
        assert again.title == text[:30]


def test_reimport_by_external_id_updates_instead_of_duplicating(container: Container) -> None:
    with container.store.unit_of_work() as uow:
        uow.ideas.upsert_by_external(
            NewIdea(
                team_id=TEST_TEAM,
                external_id="x1",
                title="A",
                description="first",
                tags=["a", "b"],
                votes=2,
            )
        )
        uow.commit()
    with container.store.unit_of_work() as uow:
        _idea, created = uow.ideas.upsert_by_external(
            NewIdea(
                team_id=TEST_TEAM,
                external_id="x1",
                title="A2",
                description="second",
                tags=["b"],
                votes=5,
            )
        )
        uow.commit()
    assert not created
    ideas = container.ideas.list_ideas(TEST_TEAM)
    assert len(ideas) == 1
    assert (ideas[0].title, ideas[0].description, ideas[0].tags, ideas[0].votes) == (
        "A2",
        "second",
        ["b"],
        5,
    )


def test_one_vote_per_person_and_toggle(container: Container) -> None:
    idea = container.ideas.create(
        NewIdea(team_id=TEST_TEAM, title="Vote me", description="d", votes=3)
    )
    alice = Actor(TEST_TEAM, "UALICE")
    assert container.ideas.set_vote(alice, idea.id, True) == 4
    assert container.ideas.set_vote(alice, idea.id, True) == 4
    assert container.ideas.toggle_vote(alice, idea.id) == (False, 3)
    assert container.ideas.toggle_vote(Actor(TEST_TEAM, "UBOB"), idea.id) == (True, 4)


def test_workspaces_never_see_each_other(container: Container) -> None:
    container.ideas.create(
        NewIdea(team_id="TOTHER", title="Other team's secret", description="solar panels")
    )
    mine = container.ideas.create(
        NewIdea(team_id=TEST_TEAM, title="Solar roof", description="solar panels on the roof")
    )
    assert [i.id for i in container.ideas.list_ideas(TEST_TEAM)] == [mine.id]
    hits = container.ideas.similar(TEST_TEAM, "solar panels", k=5)
    assert [h.idea.id for h in hits] == [mine.id]
    assert container.ideas.get(TEST_TEAM, str(mine.id - 1)) is None


def test_status_change_is_recorded_and_filterable(container: Container) -> None:
    idea = container.ideas.create(
        NewIdea(team_id=TEST_TEAM, title="Quiet room", description="a room for focus")
    )
    container.ideas.set_status(Actor(TEST_TEAM, "UMGR"), idea.id, IdeaStatus.UNDER_REVIEW)
    assert [
        i.id for i in container.ideas.list_ideas(TEST_TEAM, status=IdeaStatus.UNDER_REVIEW)
    ] == [idea.id]
    from bot.core.ideas import SearchFilters

    assert (
        container.ideas.similar(TEST_TEAM, "focus room", filters=SearchFilters(statuses=("new",)))
        == []
    )
    assert container.ideas.similar(
        TEST_TEAM, "focus room", filters=SearchFilters(statuses=("under_review",))
    )
