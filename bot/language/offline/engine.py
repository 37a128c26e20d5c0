"""OfflineEngine: the default LanguageEngine, deterministic and network-free."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from bot.core.models import IdeaFields
from bot.core.ports.language import (
    DialogueContext,
    FieldUpdate,
    IntentResult,
    MemoryCandidate,
    ProfileHint,
    Question,
)
from bot.language.offline import commands, lexicon, memory, questions, tags, themes, titles
from bot.language.offline import fields as field_reader
from bot.language.offline.intents import IntentDetector
from bot.language.offline.roles import RoleClassifier
from bot.language.offline.roles import has_data as has_roles
from bot.language.offline.vectors import cache_for, model_key

Embed = Callable[[Sequence[str]], npt.NDArray[np.float32]]


@lru_cache(maxsize=64)
def data_language(locale: str | None) -> str:
    """The data the engine reads a person's text with: "fr" for "fr", "fr_CA", "fr-BE";
    English for a language that has no data folder."""
    code = (locale or lexicon.DEFAULT).replace("-", "_").split("_")[0].lower()
    return code if code in lexicon.available() else lexicon.DEFAULT


class OfflineEngine:
    """Rules, cue phrases and (optionally) the local embedding model.

    `embed` is injected (the app passes `LocalEmbedder().embed`); without it the
    engine runs on rules alone. Every method is a pure function of its inputs
    and the read-only exemplar data, so concurrent calls are safe; the two lazily
    filled caches (exemplar vectors, tag/word vectors) are guarded by locks.
    """

    def __init__(self, embed: Embed | None = None) -> None:
        self._embed = embed
        self._vectors = cache_for(embed) if embed is not None else None
        # Sentence roles share the vector cache with intents: a one-sentence message
        # is embedded once for both.
        self._roles = (
            RoleClassifier(self._cached_vectors, model_key(embed)) if embed is not None else None
        )
        self._intents = IntentDetector(
            self._cached_vectors if embed is not None else None, roles=self._roles
        )

    @property
    def name(self) -> str:
        return "offline"

    def warm_up(self) -> None:
        """Embed the intent exemplars now rather than on the first message."""
        self._intents.warm_up()
        if self._roles is not None:
            self._roles.warm_up()

    # Each call reads with the data of the person's language (data/<code>/); a locale
    # with no data of its own ("de" today) is read as English.

    def detect_intent(self, text: str, context: DialogueContext) -> IntentResult:
        with lexicon.speaking(data_language(context.locale)):
            return commands.with_named_slot(text, self._intents.detect(text, context))

    def extract_fields(
        self, text: str, draft: IdeaFields, awaiting: str | None, locale: str = "en"
    ) -> FieldUpdate:
        code = data_language(locale)
        with lexicon.speaking(code):
            # Sentence roles only for a language with its own labelled sentences.
            classifier = self._roles if has_roles(code) else None
            roles = classifier.probabilities if classifier is not None else None
            return field_reader.extract(text, draft, awaiting, roles)

    def next_question(
        self, draft: IdeaFields, asked: Sequence[str], profile: ProfileHint
    ) -> Question | None:
        with lexicon.speaking(data_language(profile.locale)):
            return questions.next_question(draft, asked, profile)

    def make_title(self, fields: IdeaFields, locale: str = "en") -> str:
        with lexicon.speaking(data_language(locale)):
            return titles.make_title(fields)

    def suggest_tags(
        self, fields: IdeaFields, vocabulary: Sequence[str], locale: str = "en"
    ) -> list[str]:
        lookup = self._cached_vectors if self._embed is not None else None
        with lexicon.speaking(data_language(locale)):
            return tags.suggest(fields, vocabulary, lookup)

    def extract_memories(self, text: str, locale: str = "en") -> list[MemoryCandidate]:
        with lexicon.speaking(data_language(locale)):
            return memory.extract_memories(text)

    def name_theme(self, texts: Sequence[str]) -> str:
        return themes.name_theme(texts)

    def _cached_vectors(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """Vectors for short strings (tags, keywords, exemplars), embedded once per model."""
        assert self._vectors is not None
        return self._vectors(texts)
