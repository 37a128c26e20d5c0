"""LLMEngine on LangChain's fake chat model: each method's happy path, and the rules
that send a rule-breaking answer to the fallback engine."""

from __future__ import annotations

from bot.core.models import IdeaFields
from bot.core.ports.language import (
    DialogueContext,
    FieldUpdate,
    Intent,
    IntentResult,
    MemoryCandidate,
    MemoryKind,
    ProfileHint,
    Question,
)
from tests.unit.llm.conftest import RecordingFallback, fake_engine, tool_reply

DRAFT = IdeaFields(problem="Cyclists have nowhere safe to leave bikes at HQ")


def test_name_is_llm() -> None:
    engine, _, _ = fake_engine()
    assert engine.name == "llm"


def test_detect_intent() -> None:
    engine, _, fallback = fake_engine(tool_reply("IntentAnswer", intent="greeting", confidence=0.9))
    result = engine.detect_intent("hello there", DialogueContext())
    assert result == IntentResult(Intent.GREETING, 0.9, {})
    assert fallback.calls == []


def test_detect_intent_slots() -> None:
    engine, _, _ = fake_engine(
        tool_reply("IntentAnswer", intent="edit_field", field="Title", value="Bike racks"),
        tool_reply("IntentAnswer", intent="show_idea", ref="#12"),
        tool_reply("IntentAnswer", intent="submit", anonymous=True),
    )
    ctx = DialogueContext(has_draft=True, awaiting="preview")
    assert engine.detect_intent("rename it", ctx).slots == {"field": "title", "value": "Bike racks"}
    assert engine.detect_intent("show #12", ctx).slots == {"ref": "12"}
    submit = engine.detect_intent("submit it without my name", ctx)
    assert submit.intent is Intent.SUBMIT and submit.slots == {"anonymous": "1"}


def test_extract_fields() -> None:
    engine, model, _ = fake_engine(
        tool_reply(
            "IdeaFieldsAnswer",
            proposal="Install covered bike racks by the main entrance.",
            benefits="",
            tags=["Cycling"],
        )
    )
    update = engine.extract_fields("we could put racks by the entrance", DRAFT, "proposal")
    assert update == FieldUpdate(
        proposal="Install covered bike racks by the main entrance.", tags=("cycling",)
    )
    prompt = str(model.seen[0][-1].content)
    assert "Cyclists have nowhere safe" in prompt and "waiting for: proposal" in prompt


def test_next_question_phrases_the_field_the_fallback_chose() -> None:
    planned = Question(field="benefits", text="Who benefits?")
    engine, model, fallback = fake_engine(
        tool_reply("QuestionAnswer", text="Sam, who in Finance would gain most from bike racks?"),
        fallback=RecordingFallback(question=planned),
    )
    profile = ProfileHint(name="Sam", department="Finance")
    question = engine.next_question(DRAFT, ["problem"], profile)
    assert question == Question("benefits", "Sam, who in Finance would gain most from bike racks?")
    assert fallback.methods() == ["next_question"]
    assert "Write the question about: benefits" in str(model.seen[0][-1].content)


def test_next_question_none_when_nothing_is_missing_and_no_llm_call() -> None:
    engine, model, _ = fake_engine(fallback=RecordingFallback(question=None))
    assert engine.next_question(DRAFT, [], ProfileHint()) is None
    assert model.seen == []


def test_next_question_failure_returns_the_planned_question_without_asking_twice() -> None:
    engine, _, fallback = fake_engine(tool_reply("QuestionAnswer", text="   "))
    assert engine.next_question(DRAFT, [], ProfileHint()) == RecordingFallback.QUESTION
    assert fallback.methods() == ["next_question"]


def test_make_title_strips_quotes_and_full_stop() -> None:
    engine, _, _ = fake_engine(tool_reply("TitleAnswer", title='"Covered bike racks at HQ."'))
    assert engine.make_title(DRAFT) == "Covered bike racks at HQ"


def test_suggest_tags_reuses_vocabulary_spelling() -> None:
    engine, model, _ = fake_engine(tool_reply("TagsAnswer", tags=["Remote Work", "cycling"]))
    assert engine.suggest_tags(DRAFT, ["remote work", "parking"]) == ["remote work", "cycling"]
    assert "remote work, parking" in str(model.seen[0][-1].content)


def test_extract_memories() -> None:
    engine, _, _ = fake_engine(
        tool_reply(
            "MemoriesAnswer",
            items=[
                {
                    "kind": "fact",
                    "content": "Works in the finance team",
                    "key": "team",
                    "value": "Finance",
                },
                {
                    "kind": "preference",
                    "content": "Prefers to submit ideas anonymously",
                    "key": "anonymity",
                    "value": "Anonymous",
                    "confidence": 0.9,
                },
            ],
        ),
        tool_reply("MemoriesAnswer", items=[]),
    )
    assert engine.extract_memories("I work in finance; keep my ideas anonymous") == [
        MemoryCandidate(MemoryKind.FACT, "Works in the finance team", "team", 0.8, "Finance"),
        MemoryCandidate(
            MemoryKind.PREFERENCE,
            "Prefers to submit ideas anonymously",
            "anonymity",
            0.9,
            "anonymous",
        ),
    ]
    assert engine.extract_memories("ok") == []


def test_name_theme() -> None:
    engine, _, _ = fake_engine(tool_reply("ThemeAnswer", name="Cycling to work", idea_ids=[1, 2]))
    assert engine.name_theme(["Bike racks", "Showers for cyclists"]) == "Cycling to work"


# -- rule-breaking answers go to the fallback, for that call only ----------------------


def _falls_back(reply: object, call: str) -> RecordingFallback:
    engine, _, fallback = fake_engine(reply)  # type: ignore[arg-type]
    calls = {
        "intent": lambda: engine.detect_intent("hi", DialogueContext()),
        "fields": lambda: engine.extract_fields("hi", DRAFT, None),
        "title": lambda: engine.make_title(DRAFT),
        "tags": lambda: engine.suggest_tags(DRAFT, []),
        "memories": lambda: engine.extract_memories("hi"),
        "theme": lambda: engine.name_theme(["Bike racks", "Showers"]),
    }
    expected = {
        "intent": RecordingFallback.INTENT,
        "fields": RecordingFallback.FIELDS,
        "title": RecordingFallback.TITLE,
        "tags": RecordingFallback.TAGS,
        "memories": RecordingFallback.MEMORIES,
        "theme": RecordingFallback.THEME,
    }
    assert calls[call]() == expected[call]
    return fallback


def test_title_over_80_chars_falls_back() -> None:
    _falls_back(tool_reply("TitleAnswer", title="x" * 81), "title")


def test_multiline_title_falls_back() -> None:
    _falls_back(tool_reply("TitleAnswer", title="Bike racks\nand more"), "title")


def test_intent_outside_the_enum_falls_back() -> None:
    _falls_back(tool_reply("IntentAnswer", intent="launch_rockets"), "intent")


def test_edit_of_a_field_that_cannot_be_edited_falls_back() -> None:
    reply = tool_reply("IntentAnswer", intent="edit_field", field="author", value="me")
    _falls_back(reply, "intent")


def test_more_than_three_tags_falls_back() -> None:
    _falls_back(tool_reply("TagsAnswer", tags=["a", "b", "c", "d"]), "tags")


def test_no_tags_falls_back() -> None:
    _falls_back(tool_reply("TagsAnswer", tags=[]), "tags")


def test_tag_with_odd_characters_falls_back() -> None:
    _falls_back(tool_reply("TagsAnswer", tags=["<!channel>"]), "tags")


def test_memory_kind_outside_the_enum_falls_back() -> None:
    _falls_back(
        tool_reply("MemoriesAnswer", items=[{"kind": "password", "content": "hunter2"}]), "memories"
    )


def test_anonymity_value_outside_the_contract_falls_back() -> None:
    item = {"kind": "preference", "content": "Likes privacy", "key": "anonymity", "value": "yes"}
    _falls_back(tool_reply("MemoriesAnswer", items=[item]), "memories")


def test_extracted_title_over_80_chars_falls_back() -> None:
    _falls_back(tool_reply("IdeaFieldsAnswer", title="y" * 90), "fields")


def test_theme_citing_unknown_ids_falls_back() -> None:
    _falls_back(tool_reply("ThemeAnswer", name="Cycling", idea_ids=[7]), "theme")


def test_theme_with_invented_number_falls_back() -> None:
    _falls_back(tool_reply("ThemeAnswer", name="Top 5 cycling ideas", idea_ids=[1]), "theme")


def test_prose_instead_of_a_function_call_falls_back() -> None:
    _falls_back("Sure! Your title is Bike racks", "title")


def test_wrong_function_name_falls_back() -> None:
    _falls_back(tool_reply("SomethingElse", title="Bike racks"), "title")


def test_model_exception_falls_back() -> None:
    # GenericFakeChatModel raises StopIteration-derived errors when out of messages.
    engine, _, fallback = fake_engine()
    assert engine.make_title(DRAFT) == RecordingFallback.TITLE
    assert fallback.methods() == ["make_title"]
