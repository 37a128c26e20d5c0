"""The offline engine reads French with French data (issue 14): commands, meta, fields,
titles and memory, accents typed or not. English data and behaviour are unchanged."""

from __future__ import annotations

import pytest

from bot.core.models import IdeaFields
from bot.core.ports.language import DialogueContext, Intent, ProfileHint
from bot.language.offline import lexicon
from bot.language.offline.engine import OfflineEngine, data_language

FR = DialogueContext(locale="fr")


@pytest.fixture(scope="module")
def engine() -> OfflineEngine:
    return OfflineEngine(None)  # rules only: no model download, fast


def test_the_data_language_follows_the_locale() -> None:
    assert data_language("fr") == data_language("fr_CA") == data_language("fr-BE") == "fr"
    assert data_language("de") == data_language(None) == "en"
    assert lexicon.accent_blind("fr") and not lexicon.accent_blind("en")


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("soumettre", Intent.SUBMIT),
        ("ok envoie-la", Intent.SUBMIT),
        ("soumetre", Intent.SUBMIT),
        ("submit", Intent.SUBMIT),  # the English command word works for a French speaker
        ("soumettre anonymement", Intent.SUBMIT_ANONYMOUS),
        ("envoie-la sans mon nom", Intent.SUBMIT_ANONYMOUS),
        ("annuler", Intent.CANCEL),
        ("laisse tomber", Intent.CANCEL),
        ("oublie-moi", Intent.FORGET_ME),
        ("qu'est-ce que tu sais de moi ?", Intent.RECALL_MEMORY),
        ("qu'est ce que tu sais de moi", Intent.RECALL_MEMORY),
        ("merci beaucoup", Intent.THANKS),
        ("oui", Intent.YES),
        ("qui lit les idées ?", Intent.PROGRAMME),
        ("comment marchent les defis ?", Intent.PROGRAMME),
    ],
)
def test_french_commands(engine: OfflineEngine, text: str, intent: Intent) -> None:
    assert engine.detect_intent(text, FR).intent is intent


def test_remember_status_and_non_answers(engine: OfflineEngine) -> None:
    remember = engine.detect_intent("souviens-toi que je travaille au support client", FR)
    assert remember.intent is Intent.REMEMBER
    assert remember.slots["content"] == "je travaille au support client"
    status = engine.detect_intent("des nouvelles de l'histoire des bureaux debout ?", FR)
    assert status.intent is Intent.IDEA_STATUS and status.slots["query"] == "bureaux debout"
    asked = DialogueContext(locale="fr", has_draft=True, awaiting="problem")
    for text in ("aucune idée", "aucune idee", "jsp", "je sais pas", "3", "passe"):
        assert engine.detect_intent(text, asked).intent is Intent.NO, text


def test_french_fields_titles_and_questions(engine: OfflineEngine) -> None:
    fields = engine.extract_fields(
        "Les poubelles de la cour débordent chaque week-end parce que le ramassage n'a lieu "
        "que le lundi. On devrait ajouter un deuxième ramassage le vendredi. Une cour plus "
        "propre et moins de plaintes des voisins.",
        IdeaFields(),
        None,
        "fr",
    )
    assert fields.problem is not None and "débordent" in fields.problem
    assert fields.proposal == "Ajouter un deuxième ramassage le vendredi"
    assert fields.benefits is not None and "voisins" in fields.benefits
    relabelled = engine.extract_fields(
        "le problème c'est plutôt la queue le midi",
        IdeaFields(proposal="Un micro-ondes", problem="Un seul micro-ondes"),
        "benefits",
        "fr",
    )
    assert relabelled.problem == "La queue le midi" and relabelled.benefits is None
    title = engine.make_title(IdeaFields(proposal="des poubelles de tri a chaque etage"), "fr")
    assert title == "Poubelles de tri a chaque étage"
    question = engine.next_question(
        IdeaFields(proposal="Installer des fontaines à eau"), [], ProfileHint(locale="fr")
    )
    assert question is not None and question.field == "problem"


def test_french_memories_keep_the_persons_words(engine: OfflineEngine) -> None:
    said = engine.extract_memories(
        "Bonjour, je m'appelle Inès et je travaille à la logistique", "fr"
    )
    assert [m.key for m in said] == ["name", "team"]
    assert said[0].value == "Inès" and said[1].value == "logistique"
    role = engine.extract_memories("je suis chef de ligne sur la ligne B depuis 12 ans", "fr")
    assert len(role) == 1 and "chef de ligne sur la ligne B" in role[0].content
    assert engine.extract_memories("je suis vraiment content de ce café", "fr") == []


def test_english_is_read_with_english_data(engine: OfflineEngine) -> None:
    assert engine.detect_intent("soumettre", DialogueContext()).intent is not Intent.SUBMIT
    assert engine.detect_intent("submit", DialogueContext()).intent is Intent.SUBMIT
    fields = engine.extract_fields("we should add bike racks", IdeaFields(), None)
    assert fields.proposal == "Add bike racks"


@pytest.mark.parametrize(
    "opening",
    [
        "je pense qu'on devrait",
        "je pense qu on devrait",  # typed without the apostrophe
        "je pense qu’on devrait",  # typographic apostrophe
        "je crois qu'on devrait",
    ],
)
def test_an_opinion_opening_leaves_the_proposal_whole(engine: OfflineEngine, opening: str) -> None:
    fields = engine.extract_fields(
        f"{opening} mettre des bornes de recharge sur le parking", IdeaFields(), None, "fr"
    )
    assert fields.proposal == "Mettre des bornes de recharge sur le parking"
