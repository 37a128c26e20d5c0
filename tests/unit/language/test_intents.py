from __future__ import annotations

import threading

import pytest

from bot.core.models import IdeaFields
from bot.core.ports.language import DialogueContext, Intent
from bot.language.offline import OfflineEngine

NO_DRAFT = DialogueContext()
BIKE = IdeaFields(proposal="Add bike racks at the north entrance")
AT_PREVIEW = DialogueContext(has_draft=True, awaiting="preview", draft=BIKE)
ASKED_BENEFITS = DialogueContext(has_draft=True, awaiting="benefits", draft=BIKE)
ASKED_PROBLEM = DialogueContext(has_draft=True, awaiting="problem", draft=BIKE)

COMMANDS = [
    ("submit", Intent.SUBMIT),
    ("Submit!", Intent.SUBMIT),
    ("yes, submit it", Intent.SUBMIT),
    ("ok go ahead and submit", Intent.SUBMIT),
    ("send it in please", Intent.SUBMIT),
    ("sumbit", Intent.SUBMIT),
    ("<@U123ABC> submit", Intent.SUBMIT),
    ("Submit anonymously", Intent.SUBMIT_ANONYMOUS),
    ("post it anonymously", Intent.SUBMIT_ANONYMOUS),
    ("submit it anonymously please 🙏", Intent.SUBMIT_ANONYMOUS),
    ("submit anonymusly", Intent.SUBMIT_ANONYMOUS),
    ("I'd like to post this without my name on it", Intent.SUBMIT_ANONYMOUS),
    ("cancel", Intent.CANCEL),
    ("cancle", Intent.CANCEL),
    ("never mind", Intent.CANCEL),
    ("Scrap that.", Intent.CANCEL),
    ("nah, forget it", Intent.CANCEL),
    ("I changed my mind, don't submit", Intent.CANCEL),
    ("help", Intent.HELP),
    ("HELP!!", Intent.HELP),
    ("what can you do?", Intent.HELP),
    ("how do I submit an idea?", Intent.HELP),
    ("yes", Intent.YES),
    ("yep", Intent.YES),
    ("Sure!", Intent.YES),
    ("ok", Intent.YES),
    ("👍", Intent.YES),
    ("no", Intent.NO),
    ("nope", Intent.NO),
    ("no thanks", Intent.NO),
    ("hi", Intent.GREETING),
    ("Hello there!", Intent.GREETING),
    ("good morning", Intent.GREETING),
    ("thanks", Intent.THANKS),
    ("thx!!", Intent.THANKS),
    ("thank you so much", Intent.THANKS),
    ("weekly digest", Intent.DIGEST),
    ("digest", Intent.DIGEST),
    ("show me the weekly digest", Intent.DIGEST),
    ("what do you remember about me", Intent.RECALL_MEMORY),
    ("What do you know about me?", Intent.RECALL_MEMORY),
    ("forget me", Intent.FORGET_ME),
    ("delete everything you know about me", Intent.FORGET_ME),
    ("please delete all my data", Intent.FORGET_ME),
    ("my ideas", Intent.LIST_MINE),
    ("what happened to my idea?", Intent.MY_IDEAS_NEWS),
    ("what happened to my ideas", Intent.MY_IDEAS_NEWS),
    ("status of my ideas", Intent.MY_IDEAS_NEWS),
    ("any news on my ideas", Intent.MY_IDEAS_NEWS),
    ("did anyone look at my ideas?", Intent.MY_IDEAS_NEWS),
    ("show me my ideas", Intent.LIST_MINE),
    ("what did I submit so far", Intent.LIST_MINE),
]


@pytest.mark.parametrize(("text", "expected"), COMMANDS)
def test_commands(engine: OfflineEngine, text: str, expected: Intent) -> None:
    assert engine.detect_intent(text, AT_PREVIEW).intent is expected


@pytest.mark.parametrize(("text", "expected"), COMMANDS)
def test_commands_work_without_the_embedding_model(
    rules_engine: OfflineEngine, text: str, expected: Intent
) -> None:
    assert rules_engine.detect_intent(text, AT_PREVIEW).intent is expected


def test_submit_anonymously_sets_the_anonymous_slot(engine: OfflineEngine) -> None:
    result = engine.detect_intent("submit anonymously", AT_PREVIEW)
    assert result.slots.get("anonymous") == "1"


@pytest.mark.parametrize(
    ("text", "ref"),
    [
        ("#12", "12"),
        ("idea 12", "12"),
        ("show me idea 12", "12"),
        ("tell me about #7", "7"),
        ("Idea #45?", "45"),
        ("open 3", "3"),
    ],
)
def test_show_idea_reads_the_reference(engine: OfflineEngine, text: str, ref: str) -> None:
    result = engine.detect_intent(text, NO_DRAFT)
    assert result.intent is Intent.SHOW_IDEA
    assert result.slots["ref"] == ref


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("is there an idea about parking?", "parking"),
        ("search bike racks", "bike racks"),
        ("similar: four day week", "four day week"),
        ("find ideas on remote work", "remote work"),
        ("has anyone suggested a nap room?", "nap room"),
        ("Are there any ideas about the canteen?", "canteen"),
        ("anything about onboarding?", "onboarding"),
    ],
)
def test_search_reads_the_query(engine: OfflineEngine, text: str, query: str) -> None:
    result = engine.detect_intent(text, NO_DRAFT)
    assert result.intent is Intent.SEARCH
    assert result.slots["query"] == query


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("change the title to Bike racks for everyone", "title", "Bike racks for everyone"),
        ("rename it to Quiet room", "title", "Quiet room"),
        (
            "the problem is actually that parking is full by 9am",
            "problem",
            "parking is full by 9am",
        ),
        ("set tags to cycling, facilities", "tags", "cycling, facilities"),
        ("update the benefits to: saves 2 hours a week", "benefits", "saves 2 hours a week"),
        (
            "change the proposal to a shuttle bus from the station",
            "proposal",
            "a shuttle bus from the station",
        ),
        ("call it Vegan Mondays", "title", "Vegan Mondays"),
    ],
)
def test_edit_field_reads_field_and_value(
    engine: OfflineEngine, text: str, field: str, value: str
) -> None:
    result = engine.detect_intent(text, AT_PREVIEW)
    assert result.intent is Intent.EDIT_FIELD
    assert result.slots == {"field": field, "value": value}


def test_edit_without_value_still_names_the_field(engine: OfflineEngine) -> None:
    result = engine.detect_intent("can you change the title?", AT_PREVIEW)
    assert result.intent is Intent.EDIT_FIELD
    assert result.slots["field"] == "title"


@pytest.mark.parametrize(
    ("text", "intent", "content"),
    [
        ("remember that I work in finance", Intent.REMEMBER, "I work in finance"),
        ("note that I'm based in Lyon", Intent.REMEMBER, "I'm based in Lyon"),
        ("FYI I work in the marketing team", Intent.REMEMBER, "I work in the marketing team"),
        ("forget that I like cycling", Intent.FORGET_ITEM, "I like cycling"),
        ("please forget that I'm a manager", Intent.FORGET_ITEM, "I'm a manager"),
        ("forgt that I live in London", Intent.FORGET_ITEM, "I live in London"),
    ],
)
def test_memory_requests_carry_the_content(
    engine: OfflineEngine, text: str, intent: Intent, content: str
) -> None:
    result = engine.detect_intent(text, NO_DRAFT)
    assert result.intent is intent
    assert result.slots["content"] == content


@pytest.mark.parametrize(
    ("text", "content"),
    [
        # A field label stays (normalised to a colon): it tells the reader the field.
        ("idea: free parking for cyclists", "idea: free parking for cyclists"),
        ("Idea - a quiet room on every floor", "Idea: a quiet room on every floor"),
        (
            "I have an idea: let's rotate the on-call schedule weekly",
            "let's rotate the on-call schedule weekly",
        ),
        (
            "we should add bike racks at the north entrance",
            "we should add bike racks at the north entrance",
        ),
        ("what if we had a nap room", "what if we had a nap room"),
        ("how about a shuttle bus from the station", "how about a shuttle bus from the station"),
        (
            "It would be great if the canteen served vegan food",
            "It would be great if the canteen served vegan food",
        ),
        (
            "I think we should cancel the Friday all-hands, it wastes 2 hours",
            "I think we should cancel the Friday all-hands, it wastes 2 hours",
        ),
        ("why don't we digitise the expense forms", "why don't we digitise the expense forms"),
    ],
)
def test_idea_triggers(engine: OfflineEngine, text: str, content: str) -> None:
    result = engine.detect_intent(text, NO_DRAFT)
    assert result.intent is Intent.NEW_IDEA
    assert result.slots["content"] == content


def test_announcing_an_idea_is_a_new_idea_without_content(engine: OfflineEngine) -> None:
    result = engine.detect_intent("I have an idea", NO_DRAFT)
    assert result.intent is Intent.NEW_IDEA
    assert "content" not in result.slots


@pytest.mark.parametrize(
    "text",
    [
        "we should cancel the Friday all-hands, it wastes 2 hours",
        "The help desk takes 3 days to answer, we need a chat channel for quick questions",
        "Cancel the paper newsletter and send it by email instead",
        "people keep asking for help with expenses, a short FAQ would save everyone time",
    ],
)
def test_ideas_that_mention_command_words_stay_ideas(engine: OfflineEngine, text: str) -> None:
    for ctx in (NO_DRAFT, AT_PREVIEW):
        intent = engine.detect_intent(text, ctx).intent
        assert intent in (Intent.NEW_IDEA, Intent.ANSWER), (text, ctx.awaiting, intent)


@pytest.mark.parametrize(
    "text",
    [
        "The printers on floor 3 jam constantly and nobody fixes them",
        "Meetings on Friday afternoon are a waste, nobody is focused by then",
        "solar panels on the warehouse roof",
        "free parking for cyclists",
    ],
)
def test_descriptive_message_without_draft_is_a_new_idea(engine: OfflineEngine, text: str) -> None:
    assert engine.detect_intent(text, NO_DRAFT).intent is Intent.NEW_IDEA


@pytest.mark.parametrize(
    ("text", "ctx"),
    [
        ("mostly the sales team, they'd save 2 hours a week", ASKED_BENEFITS),
        ("everyone who cycles", ASKED_BENEFITS),
        ("parking is full by 9", ASKED_PROBLEM),
        ("we should also put a pump next to them", ASKED_BENEFITS),
    ],
)
def test_content_while_a_question_is_pending_is_an_answer(
    engine: OfflineEngine, text: str, ctx: DialogueContext
) -> None:
    assert engine.detect_intent(text, ctx).intent is Intent.ANSWER


def test_commands_still_win_while_a_question_is_pending(engine: OfflineEngine) -> None:
    assert engine.detect_intent("cancel", ASKED_BENEFITS).intent is Intent.CANCEL
    assert engine.detect_intent("submit", ASKED_BENEFITS).intent is Intent.SUBMIT


def test_a_different_idea_during_a_draft_is_a_new_idea(engine: OfflineEngine) -> None:
    text = "what if the canteen served vegan food on Mondays"
    assert engine.detect_intent(text, AT_PREVIEW).intent is Intent.NEW_IDEA
    assert engine.detect_intent("idea: a nap room", ASKED_BENEFITS).intent is Intent.NEW_IDEA


@pytest.mark.parametrize(
    "text", ["what's the weather like today?", "lol", "who won the game last night", "", "   "]
)
def test_chit_chat_is_unknown(engine: OfflineEngine, text: str) -> None:
    assert engine.detect_intent(text, NO_DRAFT).intent is Intent.UNKNOWN


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("wat do u know abt me", Intent.RECALL_MEMORY),
        ("what ideas exist about childcare", Intent.SEARCH),
        ("explain how this works please", Intent.HELP),
        ("any news on my suggestion?", Intent.MY_IDEAS_NEWS),
        ("whats up with my ideas lately", Intent.MY_IDEAS_NEWS),
        ("any feedback on the stuff I submitted?", Intent.MY_IDEAS_NEWS),
    ],
)
def test_unusual_phrasings_via_nearest_exemplar(
    engine: OfflineEngine, text: str, expected: Intent
) -> None:
    assert engine.detect_intent(text, NO_DRAFT).intent is expected


def test_a_bare_self_statement_is_remembered(engine: OfflineEngine) -> None:
    result = engine.detect_intent("I'm based in Lyon", NO_DRAFT)
    assert result.intent is Intent.REMEMBER


def test_name_and_determinism_across_threads(engine: OfflineEngine) -> None:
    assert engine.name == "offline"
    texts = [t for t, _ in COMMANDS] + ["free parking for cyclists", "what's the weather like?"]
    expected = [engine.detect_intent(t, AT_PREVIEW) for t in texts]
    results: list[list[object]] = []

    def run() -> None:
        results.append([engine.detect_intent(t, AT_PREVIEW) for t in texts])

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(r == expected for r in results)


def test_lazy_exemplars_on_first_use_from_several_threads(embedder) -> None:
    fresh = OfflineEngine(embedder.embed)
    out: list[Intent] = []

    def run() -> None:
        out.append(fresh.detect_intent("wat do u know abt me", NO_DRAFT).intent)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert out == [Intent.RECALL_MEMORY] * 4
