"""Several vectors per idea (title, text, windows of long text): found, explained,
kept in step with SQL, never across workspaces, and an old index is rebuilt."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.config import Settings
from bot.container import Container
from bot.core.models import NewIdea, SimilarityKind
from bot.serialize import similar_to_dict
from retrieval.channels import DEFAULT_MODEL, Channel, signature
from retrieval.embeddings import LocalEmbedder
from retrieval.index import collection_name
from retrieval.similar import IDEAS
from tests.conftest import TEST_TEAM

OTHER_TEAM = "T0OTHER"

FILLER = (
    "Our team meets every Monday to plan the week and we review the backlog together. "
    "The meeting room on the third floor is usually free and the coffee machine works. "
)
# The part a searcher asks about comes after ~250 words: beyond the model's window.
LONG_DESCRIPTION = FILLER * 9 + (
    "Separately, the bicycle shed behind building C floods every time it rains, so "
    "people who cycle arrive with soaked bikes and wet panniers; a raised floor and a "
    "gutter would fix it."
)


def _add(container: Container, title: str, description: str, team: str = TEST_TEAM) -> int:
    return container.ideas.create(NewIdea(team_id=team, title=title, description=description)).id


def _collection_count(container: Container, kind: str, team: str = TEST_TEAM) -> int:
    client = container.vector_index._client
    name = collection_name(kind, container.embedder.model_id, team)
    return int(client.get_collection(name).count())


def test_each_idea_has_a_title_vector_and_long_text_gets_windows(container: Container) -> None:
    short = _add(container, "Bike racks", "Secure bike parking near the north entrance.")
    long = _add(container, "Weekly planning notes", LONG_DESCRIPTION)
    assert _collection_count(container, f"{IDEAS}.title") == 2
    text_ids = set(container.vector_index.ids(IDEAS))
    assert {str(short), str(long), f"{long}#1"} <= text_ids
    assert not any(i.startswith(f"{short}#") for i in text_ids)


def test_a_match_deep_inside_a_long_idea_is_found_by_its_best_window(
    container: Container,
) -> None:
    _add(container, "Bike racks", "Secure bike parking near the north entrance.")
    long = _add(container, "Weekly planning notes", LONG_DESCRIPTION)
    _add(container, "Meeting room booking", "Show which meeting rooms are free on a screen.")
    hits = container.ideas.similar(TEST_TEAM, "the bicycle shed floods when it rains", k=3)
    assert hits and hits[0].idea.id == long
    assert hits[0].reason is not None and hits[0].reason.sentence is not None
    assert "floods" in hits[0].reason.sentence


def test_removed_ideas_leave_no_vector_on_any_channel(container: Container) -> None:
    long = _add(container, "Weekly planning notes", LONG_DESCRIPTION)
    keep = _add(container, "Bike racks", "Secure bike parking near the north entrance.")
    container.search.remove(TEST_TEAM, [long])
    assert _collection_count(container, f"{IDEAS}.title") == 1
    assert container.vector_index.ids(IDEAS) == {str(keep)}
    assert [h.idea.id for h in container.ideas.similar(TEST_TEAM, "bicycle shed floods")] != [long]


def test_an_edited_idea_loses_its_old_windows(container: Container) -> None:
    long = _add(container, "Weekly planning notes", LONG_DESCRIPTION)
    idea = container.ideas.get(TEST_TEAM, long)
    assert idea is not None
    shorter = idea.__class__(**{**idea.__dict__, "description": "Plan the week on Mondays."})
    container.search.index_ideas([shorter])
    assert container.vector_index.ids(IDEAS) == {str(long)}


def test_no_channel_crosses_workspaces(container: Container) -> None:
    _add(container, "Weekly planning notes", LONG_DESCRIPTION, team=OTHER_TEAM)
    mine = _add(container, "Meeting room booking", "Show which meeting rooms are free.")
    hits = container.ideas.similar(TEST_TEAM, "the bicycle shed floods when it rains", k=5)
    assert {h.idea.id for h in hits} <= {mine}
    assert _collection_count(container, f"{IDEAS}.title", OTHER_TEAM) == 1


def test_status_changes_reach_the_windows_too(container: Container) -> None:
    long = _add(container, "Weekly planning notes", LONG_DESCRIPTION)
    idea = container.ideas.get(TEST_TEAM, long)
    assert idea is not None
    from bot.core.models import IdeaStatus

    declined = idea.__class__(**{**idea.__dict__, "status": IdeaStatus.DECLINED})
    container.search.update_metadata([declined])
    ids, _, metas = container.vector_index.get_where(
        IDEAS, TEST_TEAM, {"idea_id": [long]}, embeddings=False
    )
    assert len(ids) >= 2 and {m["status"] for m in metas} == {"declined"}


def test_reindex_rebuilds_every_channel(container: Container) -> None:
    long = _add(container, "Weekly planning notes", LONG_DESCRIPTION)
    container.vector_index.drop(f"{IDEAS}.title")
    assert container.index_keeper.rebuild() == 1
    assert _collection_count(container, f"{IDEAS}.title") == 1
    assert f"{long}#1" in container.vector_index.ids(IDEAS)


@pytest.fixture
def old_index(container: Container) -> Iterator[list[int]]:
    """An index as the single-vector version left it: one text vector per idea in
    `ideas`, rows marked with the bare model id, no title collection."""
    ids = [
        _add(container, "Bike racks", "Secure bike parking near the north entrance."),
        _add(container, "Weekly planning notes", LONG_DESCRIPTION),
    ]
    container.vector_index.drop(f"{IDEAS}.title")
    with container.store.unit_of_work() as uow:
        uow.ideas.mark_indexed(ids, container.embedder.model_id)
        uow.commit()
    yield ids


def test_an_index_of_the_previous_version_is_rebuilt_with_a_message(
    old_index: list[int], settings: Settings, embedder: LocalEmbedder, container: Container
) -> None:
    container.close()
    restarted = Container(settings)
    restarted.__dict__["embedder"] = embedder
    assert restarted.ensure_index() == len(old_index)
    assert restarted.index_notice is not None and "earlier version" in restarted.index_notice
    assert _collection_count(restarted, f"{IDEAS}.title") == len(old_index)
    assert restarted.index_keeper.outdated_count() == 0
    # A second start has nothing to upgrade and says nothing.
    again = Container(settings)
    again.__dict__["embedder"] = embedder
    again.ensure_index()
    assert again.index_notice is None
    restarted.close()
    again.close()


def test_the_layout_signature_changes_with_channels_and_models() -> None:
    models = {DEFAULT_MODEL: "m1", "multi": "m2"}
    base = signature([Channel("text", "text", 0.5), Channel("title", "title", 0.5)], models)
    more = signature(
        [
            Channel("text", "text", 0.5),
            Channel("title", "title", 0.5),
            Channel("text_multi", "text", 0.3, model="multi"),
        ],
        models,
    )
    reweighted = signature([Channel("text", "text", 0.6), Channel("title", "title", 0.4)], models)
    assert base != more and base.startswith("m1+")
    assert base == reweighted  # weights change scoring, not what is stored


@pytest.mark.parametrize(
    ("existing", "query"),
    [
        (
            ("Breakfast on Saturdays", "The canteen should serve breakfast on Saturdays."),
            "Saturday morning support: customers should be able to phone us on Saturday mornings.",
        ),
        (
            ("Standing desks", "Height-adjustable standing desks for everyone who wants one."),
            "Lockers for hot-deskers: somewhere to keep your bag now that desks are shared.",
        ),
    ],
)
def test_known_false_positives_are_not_called_duplicates(
    container: Container, existing: tuple[str, str], query: str
) -> None:
    _add(container, *existing)
    hits = container.ideas.similar(TEST_TEAM, query, k=3)
    assert all(h.kind is not SimilarityKind.DUPLICATE for h in hits)


def test_a_real_duplicate_is_still_called_one_with_a_reason(container: Container) -> None:
    first = _add(
        container,
        "Personal lockers for hot-deskers",
        "Now that desks are shared, give everyone a lockable locker near their usual area.",
    )
    hits = container.ideas.similar(
        TEST_TEAM, "lockers pls. lugging my bag from desk to desk all day is a pain", k=3
    )
    assert hits[0].idea.id == first and hits[0].kind is SimilarityKind.DUPLICATE
    assert hits[0].reason is not None and "lockers" in hits[0].reason.terms
    # `ideabot similar --json` and its table carry the same line.
    assert similar_to_dict(hits[0])["why"].startswith(("Shares: ", "Matches: "))
