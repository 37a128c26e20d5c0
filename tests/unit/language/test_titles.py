from __future__ import annotations

import pytest

from bot.core.models import IdeaFields
from bot.language.offline import OfflineEngine


@pytest.mark.parametrize(
    ("fields", "title"),
    [
        (
            IdeaFields(
                proposal="I think we should add bike racks at the north entrance, so that "
                "more people cycle"
            ),
            "Add bike racks at the north entrance",
        ),
        (IdeaFields(proposal="what if we had a 4-day week in summer"), "4-day week in summer"),
        (
            IdeaFields(proposal="maybe a shuttle bus from the station"),
            "Shuttle bus from the station",
        ),
        (
            IdeaFields(
                proposal="hey bot, idea: how about adding standing desks to the open space?"
            ),
            "Add standing desks to the open space",
        ),
        (
            IdeaFields(
                proposal="It would be great if the canteen served vegan food on Mondays "
                "because many people are vegan now"
            ),
            "Canteen should serve vegan food on Mondays",
        ),
        (
            IdeaFields(proposal="Replace paper timesheets with an app. It is 2024 after all."),
            "Replace paper timesheets with an app",
        ),
        (
            IdeaFields(problem="The problem is that the printers on floor 3 jam constantly"),
            "Printers on floor 3 jam constantly",
        ),
        (IdeaFields(proposal="free parking for cyclists"), "Free parking for cyclists"),
    ],
)
def test_titles(rules_engine: OfflineEngine, fields: IdeaFields, title: str) -> None:
    assert rules_engine.make_title(fields) == title


def test_long_proposal_is_cut_on_a_word_boundary(rules_engine: OfflineEngine) -> None:
    fields = IdeaFields(
        proposal="Replace the old paper expense forms and the monthly spreadsheet with a simple "
        "mobile app and a dashboard for the finance and the operations teams across all sites"
    )
    title = rules_engine.make_title(fields)
    assert len(title) <= 80
    assert title.startswith("Replace the old paper expense forms")
    assert title.split()[-1].lower() not in {"and", "to", "the", "a", "of", "for", "with"}
    assert not title.endswith((".", ",", "!", "?"))


def test_title_is_never_empty(rules_engine: OfflineEngine) -> None:
    assert rules_engine.make_title(IdeaFields(proposal="maybe")) != ""
    assert rules_engine.make_title(IdeaFields(benefits="Saves time")) == "Saves time"
    assert rules_engine.make_title(IdeaFields()) == "Untitled idea"
