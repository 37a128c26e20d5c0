from __future__ import annotations

import re

import pytest

from bot.core.models import IdeaFields
from bot.language.offline import OfflineEngine
from bot.language.offline.text import STOPWORDS

EMPTY = IdeaFields()


def test_trigger_filler_is_stripped_from_the_proposal(rules_engine: OfflineEngine) -> None:
    update = rules_engine.extract_fields(
        "Hey bot, I think we should add bike racks at the north entrance", EMPTY, None
    )
    assert update.proposal == "Add bike racks at the north entrance"
    assert update.problem is None and update.benefits is None


@pytest.mark.parametrize(
    ("text", "proposal"),
    [
        ("idea: free parking for cyclists", "Free parking for cyclists"),
        ("free parking for cyclists", "Free parking for cyclists"),
        ("what if we added a nap room", "Add a nap room"),
        ("how about adding showers for people who cycle", "Add showers for people who cycle"),
        (
            "it would be great if the canteen served vegan food",
            "The canteen should serve vegan food",
        ),
        ("My idea is to replace paper forms with an app", "Replace paper forms with an app"),
        ("why don't we get a shuttle bus from the station", "Get a shuttle bus from the station"),
    ],
)
def test_terse_and_triggered_proposals(
    rules_engine: OfflineEngine, text: str, proposal: str
) -> None:
    assert rules_engine.extract_fields(text, EMPTY, None).proposal == proposal


def test_one_message_fills_all_three_fields(rules_engine: OfflineEngine) -> None:
    update = rules_engine.extract_fields(
        "The problem is that parking is always full. We should add bike racks at the north "
        "entrance, so that more people cycle to work. This would save money too.",
        EMPTY,
        None,
    )
    assert update.problem == "Parking is always full"
    assert update.proposal == "Add bike racks at the north entrance"
    assert update.benefits == "More people cycle to work. This would save money too"


def test_clauses_in_one_sentence_are_split(rules_engine: OfflineEngine) -> None:
    update = rules_engine.extract_fields(
        "Right now we waste 2 hours every week in status meetings, we should replace them with "
        "a shared doc which would free up time for real work",
        EMPTY,
        None,
    )
    assert update.problem == "Right now we waste 2 hours every week in status meetings"
    assert update.proposal == "Replace them with a shared doc"
    assert update.benefits == "This would free up time for real work"


RAMBLE = (
    "so um yeah hi. i have an idea. the coffee machine on floor 2 is broken half the time and "
    "people queue for ages on the 4th floor. maybe we could get a second machine. everyone "
    "would be happier and we'd stop losing like 15 mins a day"
)


def test_rambling_all_in_one_message(rules_engine: OfflineEngine) -> None:
    update = rules_engine.extract_fields(RAMBLE, EMPTY, None)
    assert update.problem is not None and "coffee machine on floor 2 is broken" in update.problem
    assert update.proposal == "Get a second machine"
    assert update.benefits is not None and "15 mins a day" in update.benefits


def _content(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOPWORDS}


@pytest.mark.parametrize(
    "text",
    [
        RAMBLE,
        "Currently expense claims take 3 weeks. I propose a mobile app to photograph receipts. "
        "Finance would save about 20 hours a month and people get paid faster.",
        "The lifts are slow in the morning; stagger start times by 15 minutes; fewer queues.",
        "Onboarding is chaotic. New joiners don't know who to ask. A buddy for the first month.",
    ],
)
def test_no_meaningful_words_are_lost(rules_engine: OfflineEngine, text: str) -> None:
    update = rules_engine.extract_fields(text, EMPTY, None)
    stored = " ".join(v for v in (update.problem, update.proposal, update.benefits) if v)
    meta = {"um", "yeah", "hi", "propose"}
    assert _content(text) - meta <= _content(stored)


def test_awaited_field_takes_the_whole_answer(rules_engine: OfflineEngine) -> None:
    draft = IdeaFields(proposal="Add bike racks at the north entrance")
    update = rules_engine.extract_fields(
        "the sales team, maybe 2 hours a week each", draft, "benefits"
    )
    assert update.benefits == "The sales team, maybe 2 hours a week each"
    assert update.proposal is None


def test_awaited_problem_is_not_stolen_by_numbers(rules_engine: OfflineEngine) -> None:
    draft = IdeaFields(proposal="Buy new printers")
    update = rules_engine.extract_fields(
        "printers keep jamming and it takes 20 minutes to fix", draft, "problem"
    )
    assert update.problem == "Printers keep jamming and it takes 20 minutes to fix"
    assert update.benefits is None


def test_a_strong_cue_beats_the_awaited_field(rules_engine: OfflineEngine) -> None:
    draft = IdeaFields(proposal="Add bike racks")
    update = rules_engine.extract_fields(
        "It would save 10 minutes a day. The problem is that the racks by the gym are always full",
        draft,
        "benefits",
    )
    assert update.benefits == "It would save 10 minutes a day"
    assert update.problem == "The racks by the gym are always full"


def test_vague_awaited_field_is_replaced(rules_engine: OfflineEngine) -> None:
    draft = IdeaFields(proposal="bike racks")
    update = rules_engine.extract_fields(
        "add 20 bike racks by the north entrance", draft, "proposal"
    )
    assert update.proposal == "Add 20 bike racks by the north entrance"


def test_change_of_mind_replaces_the_proposal(rules_engine: OfflineEngine) -> None:
    draft = IdeaFields(proposal="Add bike racks at the north entrance")
    update = rules_engine.extract_fields(
        "actually, instead of bike racks let's do a shuttle bus from the station", draft, None
    )
    assert update.proposal == "Do a shuttle bus from the station"


def test_explicit_correction_replaces_the_problem(rules_engine: OfflineEngine) -> None:
    draft = IdeaFields(problem="Parking is full", proposal="Add bike racks")
    update = rules_engine.extract_fields(
        "The problem is actually that nobody knows where the racks are", draft, None
    )
    assert update.problem == "Nobody knows where the racks are"


def test_elaboration_is_appended_not_overwritten(rules_engine: OfflineEngine) -> None:
    draft = IdeaFields(proposal="Add bike racks at the north entrance")
    update = rules_engine.extract_fields("Also lockers and showers for cyclists.", draft, None)
    assert update.proposal == (
        "Add bike racks at the north entrance. Lockers and showers for cyclists"
    )


def test_weak_guess_never_clobbers_a_filled_field(rules_engine: OfflineEngine) -> None:
    draft = IdeaFields(problem="Parking is full by 9am", proposal="Add bike racks at the entrance")
    update = rules_engine.extract_fields("near the main gate", draft, None)
    assert update.problem is None
    assert update.proposal is not None
    assert update.proposal.startswith("Add bike racks at the entrance")


def test_repeating_what_is_already_there_changes_nothing(rules_engine: OfflineEngine) -> None:
    draft = IdeaFields(proposal="Add bike racks at the north entrance")
    update = rules_engine.extract_fields("add bike racks at the north entrance", draft, None)
    assert update.is_empty()


def test_typos_do_not_break_extraction(rules_engine: OfflineEngine) -> None:
    update = rules_engine.extract_fields(
        "teh problem is the printrs jam evry day. we shoud buy 2 new ones", EMPTY, None
    )
    assert update.problem is not None and "jam" in update.problem
    assert update.proposal is not None and "buy 2 new ones" in update.proposal.lower()


def test_title_and_tags_when_asked(rules_engine: OfflineEngine) -> None:
    assert rules_engine.extract_fields("Bike racks for all!", EMPTY, "title").title == (
        "Bike racks for all"
    )
    assert rules_engine.extract_fields("cycling, facilities and wellbeing", EMPTY, "tags").tags == (
        "cycling",
        "facilities",
        "wellbeing",
    )


def test_greetings_alone_fill_nothing(rules_engine: OfflineEngine) -> None:
    assert rules_engine.extract_fields("hi there! thanks", EMPTY, None).is_empty()
