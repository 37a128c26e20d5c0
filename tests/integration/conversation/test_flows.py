"""Conversation behaviours a person notices: similar ideas, drafts, memory, forgetting."""

from __future__ import annotations

from pathlib import Path

from bot.config import Settings
from bot.container import Container
from bot.core.conversation import Incoming
from bot.core.models import Actor, IdeaStatus, NewIdea
from bot.core.replies import Action, ReplyKind
from retrieval.embeddings import LocalEmbedder
from tests.conftest import TEST_TEAM
from tests.integration.conversation.helpers import Chat

BIKES = NewIdea(
    team_id=TEST_TEAM,
    title="More covered bike parking",
    description="Bike racks are full by 9am; add 30 covered stands behind Building A.",
    tags=["cycling", "facilities"],
    votes=4,
)


def _restart(settings: Settings, embedder: LocalEmbedder, old: Container) -> Container:
    old.close()
    fresh = Container(settings)
    fresh.__dict__["embedder"] = embedder
    return fresh


def test_similar_idea_is_shown_and_supporting_it_votes_and_ends_the_draft(
    container: Container,
) -> None:
    existing = container.ideas.create(BIKES)
    chat = Chat(container, Actor(TEST_TEAM, "UANA", "Ana"))
    replies = chat.say("we need more bike racks, they are always full in the morning")
    similar = next(r for r in replies if r.kind is ReplyKind.SIMILAR)
    card = similar.cards[0]
    assert card.idea_id == existing.id and card.status == "new" and card.votes == 4
    assert card.similarity in ("duplicate", "related")
    support = next(c for c in similar.choices if c.action is Action.SUPPORT)
    assert any(c.action is Action.DIFFERENT for c in similar.choices)
    # A question about what is missing comes in the same turn.
    assert any(r.kind is ReplyKind.QUESTION for r in replies)

    done = container.conversation.handle(
        Incoming(chat.actor, action=support.action, value=support.value)
    )
    assert "vote" in done[0].text.lower()
    idea = container.ideas.get(TEST_TEAM, existing.id)
    assert idea is not None and idea.votes == 5
    chat.finish()
    assert chat.my_ideas() == []  # nothing submitted, the draft is closed
    again = chat.say("submit")
    assert "nothing to submit" in again[0].text.lower() or "tell me" in again[0].text.lower()


def test_mine_is_different_continues_and_links_the_new_idea_as_related(
    container: Container,
) -> None:
    existing = container.ideas.create(BIKES)
    chat = Chat(container, Actor(TEST_TEAM, "UBEN", "Ben"))
    replies = chat.say("we should add secure bike lockers with e-bike chargers in the car park")
    different = next(c for r in replies for c in r.choices if c.action is Action.DIFFERENT)
    container.conversation.handle(
        Incoming(chat.actor, action=different.action, value=different.value)
    )
    chat.say("submit")
    (mine,) = chat.my_ideas()
    with container.store.unit_of_work() as uow:
        links = uow.ideas.links(TEST_TEAM, int(str(mine["id"])))
    assert (existing.id, "related") in [(other, kind) for other, kind, _ in links]


def test_a_draft_survives_a_restart_and_is_offered_back(
    container: Container, settings: Settings, embedder: LocalEmbedder
) -> None:
    actor = Actor(TEST_TEAM, "UCAT", "Cat")
    Chat(container, actor).say("we should run a monthly repair café for broken office chairs")
    restarted = _restart(settings, embedder, container)
    chat = Chat(restarted, actor)
    opening = chat.start()
    text = opening[0].text
    assert "You were working on" in text and "repair" in text.lower()
    assert [c.action for c in opening[0].choices] == [Action.RESUME_DRAFT, Action.DISCARD_DRAFT]
    resumed = chat.say("yes")
    assert any(r.kind in (ReplyKind.QUESTION, ReplyKind.PREVIEW) for r in resumed)
    chat.say("submit")
    chat.finish()
    (idea,) = chat.my_ideas()
    assert "repair" in str(idea["proposal"]).lower()
    restarted.close()


def test_memory_is_used_next_time_and_listed_with_delete_choices(
    container: Container, settings: Settings, embedder: LocalEmbedder
) -> None:
    actor = Actor(TEST_TEAM, "UDEV", "Devi")
    container.ideas.create(
        NewIdea(
            team_id=TEST_TEAM,
            title="Cut our office energy use by 20%",
            description="x",
            challenge="Cut our office energy use by 20%",
        )
    )
    chat = Chat(container, actor)
    chat.say("I work in the Facilities team and I care about sustainability")
    chat.say("we should switch off the office heating at weekends")
    chat.say("submit")
    chat.finish()
    (submitted,) = chat.my_ideas()
    container.ideas.set_status(
        Actor(TEST_TEAM, "UMGR"), int(str(submitted["id"])), IdeaStatus.UNDER_REVIEW
    )

    restarted = _restart(settings, embedder, container)
    later = Chat(restarted, Actor(TEST_TEAM, "UDEV"))
    greeting = later.start()[0].text
    assert "Devi" in greeting
    assert "under review" in greeting and str(submitted["title"]) in greeting
    assert "Cut our office energy use by 20%" in greeting  # challenge ranked by interest

    recalled = later.say("what do you remember about me?")
    memory = next(r for r in recalled if r.kind is ReplyKind.MEMORY)
    contents = [m.content for m in memory.memories]
    assert any("Facilities" in c for c in contents)
    assert any("sustainability" in c.lower() for c in contents)
    forget = [c for c in memory.choices if c.action is Action.FORGET_MEMORY]
    assert len(forget) == len(contents)

    target = next(m for m in memory.memories if "Facilities" in m.content)
    restarted.conversation.handle(
        Incoming(later.actor, action=Action.FORGET_MEMORY, value=str(target.item_id))
    )
    assert all("Facilities" not in m.content for m in restarted.memory.items(later.actor))
    restarted.close()


def test_a_contradicted_fact_is_superseded_not_overwritten(container: Container) -> None:
    chat = Chat(container, Actor(TEST_TEAM, "UEVA", "Eva"))
    chat.say("remember that I work in the Sales team")
    chat.say("remember that I work in the Marketing team")
    chat.finish()
    current = [m.content for m in container.memory.items(chat.actor)]
    history = container.memory.history(chat.actor)
    assert any("Marketing" in c for c in current) and not any("Sales" in c for c in current)
    old = next(m for m in history if "Sales" in m.content)
    assert old.valid_to is not None


def test_forget_one_item_by_saying_so(container: Container) -> None:
    chat = Chat(container, Actor(TEST_TEAM, "UFAY", "Fay"))
    chat.say("remember that I'm interested in cycling")
    chat.finish()
    assert container.memory.items(chat.actor)
    replies = chat.say("forget that I'm interested in cycling")
    assert "forgotten" in replies[0].text.lower()
    assert container.memory.items(chat.actor) == []


def test_forget_me_leaves_no_trace_in_the_database_or_index_files(
    container: Container, settings: Settings
) -> None:
    secret_team, secret_name = "Zanzibarian Falconry", "Quillonius"
    chat = Chat(container, Actor(TEST_TEAM, "UGONE", secret_name))
    chat.start()
    chat.say(f"remember that I work in the {secret_team} team")
    chat.say("call me Quillonius")
    chat.say("we should install water fountains on every floor")
    chat.say("submit")
    chat.say("I also had a thought about a Xylographic Plinth for the lobby")
    chat.finish()
    if settings.is_embedded_database:
        stored = b"".join(p.read_bytes() for p in _stored_files(settings))
        assert secret_team.encode() in stored  # the search below can see what is there
    confirm = chat.say("forget me")
    assert any(c.action is Action.CONFIRM_FORGET_ME for c in confirm[0].choices)
    done = chat.say("yes")
    assert "deleted" in done[0].text.lower()
    chat.finish()

    # The submitted idea stays, de-identified.
    (idea,) = container.ideas.list_ideas(TEST_TEAM)
    assert idea.anonymous and "fountain" in idea.title.lower()
    assert container.memory.items(chat.actor) == []

    if settings.is_embedded_database:
        files = _stored_files(settings)
        assert any(p.name.startswith("ideabot.db") for p in files)
        for path in files:
            data = path.read_bytes()
            for secret in (secret_team, secret_name, "Xylographic", "UGONE"):
                assert secret.encode() not in data, f"{secret!r} still in {path}"
    else:
        with container.store.unit_of_work() as uow:
            from tests.helpers.storage_dump import dump_all_text

            text = dump_all_text(uow.session)
        for secret in (secret_team, secret_name, "Xylographic", "UGONE"):
            assert secret not in text


def _stored_files(settings: Settings) -> list[Path]:
    """The SQLite file (with its -wal/-shm) and everything in the data directory."""
    database = Path(settings.resolved_database_url.removeprefix("sqlite:///"))
    files = [p for p in database.parent.glob(database.name + "*") if p.is_file()]
    return files + [p for p in Path(settings.data_dir).rglob("*") if p.is_file()]


def test_saying_forget_never_brings_the_item_back(container: Container) -> None:
    """The memory miner must not re-learn an item from the sentence that forgets it."""
    chat = Chat(container, Actor(TEST_TEAM, "UHAL", "Hal"))
    chat.say("remember that I'm interested in beekeeping")
    chat.finish()
    chat.say("forget that I'm interested in beekeeping")
    chat.finish()
    assert container.memory.items(chat.actor) == []


def test_a_declined_idea_is_reported_with_its_reason_next_time(container: Container) -> None:
    chat = Chat(container, Actor(TEST_TEAM, "UIDA", "Ida"))
    chat.say("we should open the roof terrace for lunch breaks")
    chat.say("submit")
    chat.finish()
    (idea,) = chat.my_ideas()
    container.ideas.set_status(
        Actor(TEST_TEAM, "UMGR"),
        int(str(idea["id"])),
        IdeaStatus.DECLINED,
        "The terrace fails the fire safety rules for gatherings.",
    )
    news = chat.start()[0].text
    assert "declined" in news and "fire safety rules" in news


def test_an_anonymity_preference_makes_plain_submit_anonymous(container: Container) -> None:
    chat = Chat(container, Actor(TEST_TEAM, "UJO", "Jo"))
    chat.say("I'd rather stay anonymous")
    chat.finish()
    chat.say("we should put solar panels on the car park roof")
    chat.say("submit")
    chat.say("idea: a second microwave in the kitchen")
    chat.say("submit with my name")
    chat.finish()
    ideas = {str(i["title"]): i for i in chat.my_ideas()}
    solar = next(i for t, i in ideas.items() if "solar" in t.lower())
    microwave = next(i for t, i in ideas.items() if "microwave" in t.lower())
    assert solar["anonymous"] is True and solar["author"] is None
    assert microwave["anonymous"] is False and microwave["author"] == "Jo"
