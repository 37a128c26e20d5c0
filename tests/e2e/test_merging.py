"""Merging duplicates through the real HTTP server and the fake Slack, the way people
do it: "Merge into…" on a card (or Merge in its Similar view) opens a modal, its
submission merges, Unmerge on the merged card undoes it. Both cards follow (the
merged one links to where it lives, the other's count is the union of voters), the
merged idea's author and voters are told in DMs, an anonymous author is named in no
call made to Slack, and someone who may not merge changes nothing, however they
forge the click or the submission."""

from __future__ import annotations

import json
from typing import Any

from tests.e2e.harness import IDEAS_CHANNEL, Bot
from tests.e2e.test_interactions import _card, _form, _submit, _upvote_button
from tests.fakes.slack_api import TEAM_ID, dm_channel_id
from tests.fakes.slack_requests import button, select_value, text_value

MANAGER = "U0MGR"
EMPLOYEE = "U0EMPLOYEE"
MERGE_OPEN = "idea_merge_open"
UNMERGE = "idea_unmerge"
MODAL = "idea_merge_modal"


def _vote(bot: Bot, card: dict[str, Any], *users: str) -> None:
    upvote = _upvote_button(card)
    for user in users:
        request = bot.slack.block_actions(
            button(upvote["action_id"], upvote["value"]),
            user_id=user,
            channel_id=IDEAS_CHANNEL,
            message=card,
        )
        assert bot.send(request).status_code == 200
    bot.settle()


def _shown(bot: Bot, card: dict[str, Any]) -> dict[str, Any]:
    shown = bot.fake.message(IDEAS_CHANNEL, card["ts"])
    assert shown is not None
    return shown


def _count_on_card(bot: Bot, card: dict[str, Any]) -> str:
    return str(_upvote_button(_shown(bot, card))["text"]["text"])


def _dms(bot: Bot, user: str) -> list[str]:
    return [
        c.args.get("text", "")
        for c in bot.fake.calls_to("chat.postMessage")
        if c.args.get("channel") == dm_channel_id(user)
    ]


def _ephemerals(bot: Bot) -> list[str]:
    return [json.dumps(c.args) for c in bot.fake.calls_to("response_url")]


def _two_ideas(bot: Bot, a: str, b: str, anonymous_b: bool = False) -> tuple[Any, Any, int, int]:
    _submit(bot, "U0ALICE", _form(a, f"{a}: covered bike parking by the entrance"))
    _submit(
        bot,
        "U0SECRET" if anonymous_b else "U0BOB",
        _form(b, f"{b}: a shelter for the bikes at the front entrance", anonymous=anonymous_b),
    )
    card_a, card_b = _card(bot, a), _card(bot, b)
    return (
        card_a,
        card_b,
        int(_upvote_button(card_a)["value"]),
        int(_upvote_button(card_b)["value"]),
    )


def _click(bot: Bot, user: str, card: dict[str, Any], action: dict[str, Any]) -> None:
    request = bot.slack.block_actions(
        action, user_id=user, channel_id=IDEAS_CHANNEL, message=_shown(bot, card)
    )
    assert bot.send(request).status_code == 200
    bot.settle()


def _overflow(action_id: str, value: str) -> dict[str, Any]:
    """An overflow menu's chosen option (the value arrives in selected_option)."""
    return {
        "action_id": action_id,
        "block_id": "card_menu",
        "type": "overflow",
        "selected_option": {"text": {"type": "plain_text", "text": "Merge into…"}, "value": value},
        "action_ts": "1700000000.000100",
    }


def _opened_modal(bot: Bot) -> dict[str, Any]:
    """The merge modal the last views.open opened, as it is now (after its update)."""
    opened = bot.fake.calls_to("views.open")
    assert opened, "no modal was opened"
    # Views keep the order they were opened in (an update keeps its place).
    view_id = [v["id"] for v in bot.fake.views.values() if v["callback_id"] == MODAL][-1]
    view: dict[str, Any] = bot.fake.views[view_id]
    return view


def _submit_merge(
    bot: Bot, user: str, view: dict[str, Any], chosen: int | None = None, typed: str | None = None
) -> Any:
    values: dict[str, Any] = {"number": {"value": text_value(typed)}}
    if any(b.get("block_id") == "target" for b in view["blocks"]) or chosen is not None:
        values["target"] = {"value": select_value(str(chosen) if chosen else None)}
    request = bot.slack.view_submission(
        MODAL,
        values,
        user_id=user,
        view_id=view["id"],
        private_metadata=view["private_metadata"],
    )
    response = bot.send(request)
    assert response.status_code == 200
    bot.settle()
    return response


def _state(bot: Bot, *ids: int) -> list[tuple[str, int, int | None, list[str]]]:
    """What a merge changes: each idea's status, count, link and own voters."""
    state = []
    for idea_id in ids:
        idea = bot.container.ideas.get(TEAM_ID, idea_id)
        assert idea is not None
        with bot.container.store.unit_of_work() as uow:
            voters = uow.ideas.voter_keys(TEAM_ID, idea_id)
        state.append((idea.status.value, idea.votes, idea.merged_into, voters))
    return state


def _merge(bot: Bot, card_b: dict[str, Any], b_id: int, a_id: int) -> None:
    """The manager merges B into A: "Merge into…", then the number typed."""
    _click(bot, MANAGER, card_b, button(MERGE_OPEN, str(b_id)))
    assert _submit_merge(bot, MANAGER, _opened_modal(bot), typed=f"#{a_id}").text == ""


def test_manager_merges_through_the_modal_and_unmerges_on_the_card(bot: Bot) -> None:
    card_a, card_b, a_id, b_id = _two_ideas(
        bot, "Bike parking", "Bicycle shelter", anonymous_b=True
    )
    _vote(bot, card_a, "U0V1", "U0V2")
    _vote(bot, card_b, "U0V2", "U0V3")

    # "Merge into…" on B's card (the pipeline renders it as a button): the modal
    # offers B's similar ideas, A among them, never B itself.
    _click(bot, MANAGER, card_b, button(MERGE_OPEN, str(b_id)))
    view = _opened_modal(bot)
    options = next(b for b in view["blocks"] if b.get("block_id") == "target")["element"]["options"]
    offered = [int(o["value"]) for o in options]
    assert a_id in offered and b_id not in offered
    assert _submit_merge(bot, MANAGER, view, chosen=a_id).text == ""  # closes: merged

    assert "(3)" in _count_on_card(bot, card_a)
    merged_card = json.dumps(_shown(bot, card_b)["blocks"])
    # "Merged into #A", linked to A's card in the channel.
    permalink = bot.fake.calls_to("chat.getPermalink")[-1]
    assert permalink.args["message_ts"] == card_a["ts"]
    assert f"/archives/{IDEAS_CHANNEL}/p{card_a['ts'].replace('.', '')}|#{a_id}>" in merged_card
    assert "Merged into" in merged_card
    for person in ("U0SECRET", "U0V2", "U0V3"):
        assert any(f"#{a_id}" in text and "merged" in text for text in _dms(bot, person)), person
    assert not _dms(bot, "U0V1")  # voted only for A: nothing changed for them
    # The manager is told it is done, and gets no voter's notice.
    assert [t for t in _dms(bot, MANAGER) if "now has 3 votes" in t]
    assert not [t for t in _dms(bot, MANAGER) if "you voted for" in t]

    # App Home's top ideas no longer list B as an idea of its own.
    assert bot.send(bot.slack.home_opened("U0V1")).status_code == 200
    bot.settle()
    home = json.dumps(bot.fake.last("views.publish").args["view"])
    assert "Bike parking" in home and "Bicycle shelter" not in home

    unmerge = next(
        e
        for b in _shown(bot, card_b)["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == UNMERGE
    )
    _click(bot, MANAGER, card_b, button(UNMERGE, unmerge["value"]))

    assert "(2)" in _count_on_card(bot, card_a)
    assert "(2)" in _count_on_card(bot, card_b)
    back = json.dumps(_shown(bot, card_b)["blocks"])
    assert "Merged into" not in back and UNMERGE not in back
    assert any("its own idea again" in text for text in _dms(bot, "U0V3"))
    assert any("its own idea again" in e for e in _ephemerals(bot))  # the manager's answer

    # Nothing the bot shows anyone names the anonymous author (looking them up and
    # opening their own DM are not showing).
    for call in bot.fake.calls:
        if call.method.startswith(("chat.", "views.")) or call.method == "response_url":
            assert "U0SECRET" not in json.dumps(call.args), call.method


def test_an_employee_forging_the_merge_controls_changes_nothing(bot: Bot) -> None:
    card_a, card_b, a_id, b_id = _two_ideas(bot, "Standing desks", "Desks to stand at")
    _vote(bot, card_a, "U0V1", "U0V2")
    _vote(bot, card_b, "U0V2", "U0V3")
    before = _state(bot, a_id, b_id)
    cards_before = [_shown(bot, card_a)["blocks"], _shown(bot, card_b)["blocks"]]
    answered = len(_ephemerals(bot))

    # The card's "Merge into…" (a button, or an overflow option): a polite no, only
    # to them, and no modal.
    _click(bot, EMPLOYEE, card_b, button(MERGE_OPEN, str(b_id)))
    _click(bot, EMPLOYEE, card_b, _overflow(MERGE_OPEN, f"{MERGE_OPEN}:{b_id}"))
    refusals = _ephemerals(bot)[answered:]
    assert len(refusals) == 2 and all("can merge ideas" in r for r in refusals)
    assert all('"response_type": "ephemeral"' in r for r in refusals)
    assert not bot.fake.calls_to("views.open")

    # A submission of the modal they never got.
    forged = _submit_merge(
        bot,
        EMPLOYEE,
        {"id": "V0FORGED1", "blocks": [], "private_metadata": json.dumps({"idea": str(b_id)})},
        chosen=a_id,
    )
    answer = forged.json()
    assert answer["response_action"] == "update"
    assert "can merge ideas" in json.dumps(answer["view"])
    assert _state(bot, a_id, b_id) == before

    # The Unmerge button of a merged card is on everyone's screen.
    _merge(bot, card_b, b_id, a_id)
    merged = _state(bot, a_id, b_id)
    assert merged != before
    merged_card = _shown(bot, card_b)["blocks"]
    updates, answered = len(bot.fake.calls_to("chat.update")), len(_ephemerals(bot))
    _click(bot, EMPLOYEE, card_b, button(UNMERGE, str(b_id)))
    assert "can merge ideas" in _ephemerals(bot)[answered]
    assert _state(bot, a_id, b_id) == merged
    assert len(bot.fake.calls_to("chat.update")) == updates  # no card changed
    assert _shown(bot, card_b)["blocks"] == merged_card
    assert cards_before[0] != merged_card


def _errors(response: Any) -> dict[str, str]:
    answer = response.json()
    assert answer["response_action"] == "errors"
    errors: dict[str, str] = answer["errors"]
    return errors


def test_the_merge_modal_says_what_is_wrong_under_the_field(bot: Bot) -> None:
    _, card_b, a_id, b_id = _two_ideas(bot, "Quiet room", "Silent room for calls")
    _submit(bot, "U0CAROL", _form("Phone booths", "Phone booths: small rooms for calls"))
    card_c = _card(bot, "Phone booths")
    c_id = int(_upvote_button(card_c)["value"])
    _merge(bot, card_c, c_id, a_id)  # C lives in A now
    before = _state(bot, a_id, b_id, c_id)
    _click(bot, MANAGER, card_b, button(MERGE_OPEN, str(b_id)))
    view = _opened_modal(bot)

    cases = {
        "nothing chosen": ({}, "Choose an idea above or type its number"),
        "itself": ({"typed": str(b_id)}, "cannot be merged into itself"),
        "unknown": ({"typed": "#987654"}, "There is no idea #987654"),
        "not a number": ({"typed": "soon"}, "is not an idea number"),
        "a merged idea": ({"typed": f"#{c_id}"}, f"merge into #{a_id} instead"),
        "two answers": ({"chosen": a_id, "typed": str(c_id)}, "Choose one idea"),
    }
    for case, (fields, message) in cases.items():
        errors = _errors(_submit_merge(bot, MANAGER, view, **fields))
        assert any(message in e for e in errors.values()), (case, errors)
        assert set(errors) <= {"target", "number"}, case
    assert _state(bot, a_id, b_id, c_id) == before  # nothing merged
    assert not [t for t in _dms(bot, MANAGER) if "is merged into" in t and f"#{b_id}" in t]

    # A merged idea's own "Merge into…" says where it already lives.
    _click(bot, MANAGER, card_c, button(MERGE_OPEN, str(c_id)))
    assert any(f"already merged into #{a_id}" in e for e in _ephemerals(bot))


def test_similar_view_has_merge_buttons_for_managers_only(bot: Bot) -> None:
    _, card_b, a_id, b_id = _two_ideas(bot, "Car sharing", "Sharing cars to the office")
    similar = next(
        e
        for b in card_b["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"].endswith("similar")
    )
    for user in (EMPLOYEE, MANAGER):
        _click(bot, user, card_b, button(similar["action_id"], similar["value"]))
    employee_view, manager_view = (c.args for c in bot.fake.calls_to("response_url")[-2:])
    assert MERGE_OPEN not in json.dumps(employee_view)
    merge_buttons = [
        e
        for b in manager_view["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == MERGE_OPEN
    ]
    to_a = next(e for e in merge_buttons if e["value"] == f"{b_id}:{a_id}")
    assert to_a["text"]["text"] == f"Merge #{b_id} into #{a_id}"

    # Merge opens the modal with A already chosen; submitting it as is merges.
    _click(bot, MANAGER, card_b, button(MERGE_OPEN, to_a["value"]))
    view = _opened_modal(bot)
    target = next(b for b in view["blocks"] if b.get("block_id") == "target")
    assert target["element"]["initial_option"]["value"] == str(a_id)
    _submit_merge(bot, MANAGER, view, chosen=a_id)
    assert _state(bot, b_id)[0][:3] == ("merged", 0, a_id)


def test_merge_from_an_overflow_option_opens_the_modal(bot: Bot) -> None:
    _, card_b, _, b_id = _two_ideas(bot, "Team lunches", "Lunch with the team monthly")
    _click(bot, MANAGER, card_b, _overflow(MERGE_OPEN, f"{MERGE_OPEN}:{b_id}"))
    view = _opened_modal(bot)
    assert json.loads(view["private_metadata"]) == {"idea": str(b_id)}


def test_malformed_merge_values_are_refused_before_anything_runs(bot: Bot) -> None:
    _, card_b, _, b_id = _two_ideas(bot, "Bike repair day", "A day to repair bikes at work")
    for action_id, value in [
        (MERGE_OPEN, "abc"),
        (MERGE_OPEN, f"{b_id}:1:2"),
        (MERGE_OPEN, "-1"),
        (MERGE_OPEN, "9" * 26),
        (MERGE_OPEN, f"other_action:{b_id}"),
        (UNMERGE, f"{b_id}:1"),
        (UNMERGE, ""),
    ]:
        request = bot.slack.block_actions(
            button(action_id, value),
            user_id=MANAGER,
            channel_id=IDEAS_CHANNEL,
            message=_shown(bot, card_b),
        )
        assert bot.send(request).status_code == 400, (action_id, value)
    for metadata in ("", json.dumps({"idea": "x"}), json.dumps({"idea": 5}), "[1]"):
        request = bot.slack.view_submission(MODAL, {}, user_id=MANAGER, private_metadata=metadata)
        assert bot.send(request).status_code == 400, metadata
    bot.settle()
    assert not bot.fake.calls_to("views.open")
    assert _state(bot, b_id)[0][0] != "merged"


def test_without_the_similar_search_the_modal_still_takes_a_number(
    bot: Bot, monkeypatch: Any
) -> None:
    _, card_b, a_id, b_id = _two_ideas(bot, "Fruit basket", "Fresh fruit on every floor")

    def index_down(*_: Any, **__: Any) -> Any:
        raise ConnectionError("index down")

    monkeypatch.setattr(bot.container.ideas, "similar_to_idea", index_down)
    _click(bot, MANAGER, card_b, button(MERGE_OPEN, str(b_id)))
    view = _opened_modal(bot)
    assert "No similar ideas found" in json.dumps(view["blocks"])
    assert "Looking for similar ideas" not in json.dumps(view["blocks"])
    _submit_merge(bot, MANAGER, view, typed=str(a_id))
    assert _state(bot, b_id)[0][2] == a_id
