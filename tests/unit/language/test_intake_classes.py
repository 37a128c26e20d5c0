"""Issue 12 failure classes at the engine level: memory from introductions, titles
from the proposal's noun phrase, the sentence-role classifier's use in field reading."""

from __future__ import annotations

from bot.core.models import IdeaFields
from bot.core.ports.language import FieldUpdate
from bot.language.offline import OfflineEngine
from bot.language.offline.memory import about_me, extract_memories
from bot.language.offline.titles import make_title


def _stored(update: FieldUpdate, *names: str) -> str:
    """What the update would store in the named fields (all three by default)."""
    return " ".join(getattr(update, n) or "" for n in names or ("problem", "proposal", "benefits"))


def test_about_me_keeps_the_statement_without_greeting_name_or_idea() -> None:
    assert about_me("hi, I'm Kim, I look after the loading bay") == "I look after the loading bay"
    assert about_me("remember that I work in customer support") == "I work in customer support"
    assert about_me("I'm Lena from the studio, and I think we should buy a plotter") == (
        "I'm Lena from the studio"
    )
    assert about_me("we should buy a plotter") is None
    assert about_me("I'm annoyed the printer is broken again") is None


def test_an_introduction_becomes_a_memory_item_in_the_persons_words() -> None:
    contents = [c.content for c in extract_memories("hello, I'm Sam, I run goods-in")]
    assert any("I run goods-in" in c for c in contents), contents


def test_titles_drop_a_pronoun_or_gerund_lead_in() -> None:
    assert make_title(IdeaFields(proposal="Replace it with a keypad lock")) == "Keypad lock"
    assert make_title(IdeaFields(proposal="Having a shared tool cabinet")) == (
        "Shared tool cabinet"
    )


def test_a_title_corrects_spelling_but_the_field_keeps_the_persons_words(
    engine: OfflineEngine,
) -> None:
    update = engine.extract_fields("anothr fridge in the kitchn", IdeaFields(), None)
    assert update.proposal == "Anothr fridge in the kitchn"
    assert make_title(IdeaFields(proposal=update.proposal)) == "Another fridge in the kitchen"


def test_an_uncued_problem_statement_is_read_as_the_problem(engine: OfflineEngine) -> None:
    update = engine.extract_fields("the vending machine eats coins", IdeaFields(), None)
    assert update.problem and not update.proposal


def test_an_answer_stays_in_the_slot_asked_whatever_its_role(engine: OfflineEngine) -> None:
    draft = IdeaFields(proposal="More standing desks")
    update = engine.extract_fields("sore backs", draft, "problem")
    assert update.problem == "Sore backs" and not update.proposal and not update.benefits


def test_a_rambling_aside_is_not_stored(engine: OfflineEngine) -> None:
    update = engine.extract_fields(
        "this might be a long one, bear with me. we should move the lockers to the entrance",
        IdeaFields(),
        None,
    )
    stored = " ".join(v for v in (update.problem, update.proposal, update.benefits) if v)
    assert "lockers" in stored and "bear with me" not in stored.lower()


# --- third pass (dev3 classes), in phrasings that are in none of the corpora ---------


def test_a_field_named_with_a_dash_or_after_a_lead_in_keeps_its_field(
    engine: OfflineEngine,
) -> None:
    for text in (
        "idea - a rota board showing who is on call this week so nobody rings the wrong person",
        "ok so, suggestion: a rota board showing who is on call this week",
        "thought: a rota board showing who is on call",
    ):
        update = engine.extract_fields(text, IdeaFields(), None)
        assert update.proposal and "rota board" in update.proposal, (text, update)
        assert not update.problem, (text, update)


def test_a_name_without_im_and_a_bare_role_are_not_idea_content(engine: OfflineEngine) -> None:
    update = engine.extract_fields(
        "Name's Ines. Pharmacist on ward 3. idea: a second fridge for insulin",
        IdeaFields(),
        None,
    )
    stored = _stored(update)
    assert "Ines" not in stored and "Pharmacist" not in stored, update
    assert update.proposal and "fridge" in update.proposal
    said = [c.content for c in extract_memories("Name's Ines. Pharmacist on ward 3.")]
    assert any("Pharmacist on ward 3" in c for c in said), said


def test_asked_for_the_problem_a_clear_benefit_is_filed_as_one(engine: OfflineEngine) -> None:
    draft = IdeaFields(proposal="Label printer at the packing bench")
    update = engine.extract_fields("packers save ten minutes a shift", draft, "problem")
    assert update.benefits and not update.problem, update
    # …while a plain answer stays with the question.
    update = engine.extract_fields("labels are handwritten", draft, "problem")
    assert update.problem and not update.benefits, update


def test_asked_what_to_do_more_of_the_problem_adds_to_the_problem(
    engine: OfflineEngine,
) -> None:
    draft = IdeaFields(problem="Handovers are messy")
    update = engine.extract_fields(
        "the night team never knows which beds are free", draft, "proposal"
    )
    assert update.problem and "beds" in update.problem and not update.proposal, update
    update = engine.extract_fields("a whiteboard by the nurses' station", draft, "proposal")
    assert update.proposal and not update.problem, update


def test_a_correction_restates_one_field_and_replaces_it(engine: OfflineEngine) -> None:
    draft = IdeaFields(
        problem="Forklifts queue at gate 2",
        proposal="Open gate 4 in the mornings",
        benefits="Drivers",
    )
    update = engine.extract_fields(
        "sorry, I meant the drivers save most, fewer idle engines", draft, "preview"
    )
    assert update.benefits and "fewer idle engines" in update.benefits.lower(), update
    assert "I meant" not in update.benefits and not update.problem, update
    update = engine.extract_fields("correction: not gate 4, I meant gate 5", draft, "preview")
    assert update.proposal == "Open gate 5 in the mornings", update


def test_filler_around_an_idea_is_not_stored(engine: OfflineEngine) -> None:
    update = engine.extract_fields(
        "so basically, like, i was thinking on the train this morning, a quiet carriage "
        "policy for the staff minibus, you know?",
        IdeaFields(),
        None,
    )
    assert update.proposal, update
    for junk in ("basically", "like,", "thinking", "you know"):
        assert junk not in update.proposal.lower(), update.proposal


def test_if_we_splits_into_proposal_and_benefit(engine: OfflineEngine) -> None:
    update = engine.extract_fields(
        "if we printed the menu a week ahead the kitchen could order less food",
        IdeaFields(),
        None,
    )
    assert update.proposal and "menu a week ahead" in update.proposal, update
    assert update.benefits and "order less food" in update.benefits, update


def test_titles_name_the_thing_not_the_place_or_the_purpose() -> None:
    assert (
        make_title(IdeaFields(proposal="Every loading bay should have a spare pallet jack"))
        == "Spare pallet jack in every loading bay"
    )
    assert (
        make_title(
            IdeaFields(
                proposal="A screen showing which trucks are late so drivers know where to go"
            )
        )
        == "Screen"
    )
    assert make_title(IdeaFields(proposal="A hand-held scanner would really help")) == (
        "Hand-held scanner"
    )


def test_a_change_of_mind_takes_back_only_what_it_names(engine: OfflineEngine) -> None:
    draft = IdeaFields(
        problem="Visitors wait at the gate",
        proposal="A booking app for visitor slots, plus free parking for visitors",
        benefits="Security",
    )
    update = engine.extract_fields(
        "ignore what I said about the parking, that would never get approved", draft, "preview"
    )
    assert update.proposal == "A booking app for visitor slots", update
    stored = _stored(update, "problem", "benefits")
    assert "approved" not in stored, update


def test_a_change_of_mind_without_a_stock_lead_replaces_the_proposal(
    engine: OfflineEngine,
) -> None:
    draft = IdeaFields(problem="Lab coats go missing", proposal="Name labels in every lab coat")
    update = engine.extract_fields(
        "labels won't work because the laundry strips them, so a coat rack per bench instead",
        draft,
        "benefits",
    )
    assert update.proposal and "coat rack" in update.proposal, update
    assert "laundry" not in (update.proposal or "") + (update.benefits or ""), update


def test_chat_spellings_do_not_hide_the_cue(engine: OfflineEngine) -> None:
    update = engine.extract_fields("we shud get a second till for returns", IdeaFields(), None)
    assert update.proposal and not update.problem, update


def test_a_gesture_at_the_topic_gives_way_to_the_detail(engine: OfflineEngine) -> None:
    update = engine.extract_fields(
        "The rota thing is a nightmare. Swaps are agreed on WhatsApp and never reach the "
        "official rota",
        IdeaFields(),
        None,
    )
    assert update.problem and "WhatsApp" in update.problem and "nightmare" not in update.problem
    draft = IdeaFields(problem="The rota situation")
    update = engine.extract_fields(
        "swaps agreed on WhatsApp never reach the official rota", draft, "proposal"
    )
    assert update.problem and "situation" not in update.problem, update


def test_a_story_around_the_idea_is_not_stored(engine: OfflineEngine) -> None:
    update = engine.extract_fields(
        "Bit of context first. Yesterday I walked to the other building three times for "
        "signatures. Contracts need a wet signature from a director. Why don't we accept "
        "e-signed contracts from directors?",
        IdeaFields(),
        None,
    )
    stored = _stored(update)
    assert "Yesterday" not in stored and "context" not in stored, update
    assert update.problem and "wet signature" in update.problem, update


def test_labelled_parts_of_one_message_go_to_their_fields(engine: OfflineEngine) -> None:
    update = engine.extract_fields(
        "Issue - the kiln logs are on paper; fix - log temperatures on a tablet; "
        "result - no lost batches",
        IdeaFields(),
        None,
    )
    assert update.problem and "paper" in update.problem, update
    assert update.proposal and "tablet" in update.proposal, update
    assert update.benefits and "lost batches" in update.benefits, update


def test_status_questions_with_typos_or_going_anywhere_name_the_idea() -> None:
    from bot.language.offline.meta import status_query

    assert status_query("whats the staus of my forklift trainning idea") == "forklift training"
    assert status_query("is the night bus idea going anywhere? 🙏") == "night bus"
    assert status_query("what became of my rota app suggestion") == "rota app"
    # An idea that happens to say "going" is not a status question.
    assert status_query("we should get a van going between the two sites") is None


def test_programme_questions_on_scope_and_anonymity_are_not_ideas() -> None:
    from bot.language.offline.meta import programme_topic

    assert programme_topic("am I allowed to suggest things for other departments?") == "scope"
    assert programme_topic("can I post an idea anonymously?") == "anonymous"
    assert programme_topic("can we get a microwave for other teams?") is None


def test_asked_to_remember_something_of_theirs_it_is_kept_in_their_words() -> None:
    contents = [c.content for c in extract_memories("could you remember my line manager is Ravi")]
    assert any("my line manager is Ravi" in c for c in contents), contents
    assert extract_memories("my line manager is Ravi") == [], "not asked, not introduced"
