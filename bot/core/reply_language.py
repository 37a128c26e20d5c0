"""Which language to answer a person in, message by message.

In order: the language the person asked for ("parle-moi en français", "answer in
English": a remembered preference), else the language a message is clearly written
in (an offline model, `LanguageIdentifier`; it then stays for the conversation, so
a following "ok" or "oui" keeps it), else the person's own locale (Slack profile,
`ideabot chat --locale`), else IDEABOT_LOCALE. Only languages with a catalogue count.

The request to switch is recognised from data: language names come from CLDR
(Babel) in every supported language, and the request words per language are in
REQUEST_WORDS, so a third language adds a line there and a catalogue folder.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from bot.core.locales import fold, language_name, language_names, speakable, supported
from bot.core.memory import MemoryService
from bot.core.messages import t, use_locale
from bot.core.models import Actor
from bot.core.ports.language import MemoryCandidate, MemoryKind
from bot.core.ports.language_id import LanguageIdentifier
from bot.core.ports.storage import Store
from bot.core.replies import Reply
from bot.core.session import Turn

# Profile preference: the locale the person asked to be answered in.
PREFERENCE = "reply_locale"
# Conversation state: the language of the last message that clearly had one.
STATE = "reply_locale"
# Words that make a short message naming a language a request to speak it (folded:
# lower case, no accents). "please" words alone with a name also count ("English
# please", "en français stp").
REQUEST_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("speak", "talk", "answer", "reply", "respond", "write", "switch", "use", "language"),
    "fr": (
        "parle",
        "parlez",
        "parler",
        "reponds",
        "repondez",
        "repondre",
        "ecris",
        "ecrivez",
        "ecrire",
        "passe",
        "passez",
        "passer",
        "utilise",
        "utilisez",
        "langue",
    ),
}
PLEASE_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("please", "pls", "in"),
    "fr": ("stp", "svp", "s'il", "te", "vous", "plait", "en", "merci"),
}
# A request is short; a longer message that names a language is about something else.
MAX_REQUEST_WORDS = 8


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    names = "|".join(sorted((re.escape(n) for n in language_names()), key=len, reverse=True))
    verbs = "|".join(w for words in REQUEST_WORDS.values() for w in words)
    please = "|".join(re.escape(w) for words in PLEASE_WORDS.values() for w in words)
    name = re.compile(rf"(?<![\w-])({names})(?![\w-])")
    verb = re.compile(rf"(?<![\w-])({verbs})(?![\w])")
    bare = re.compile(rf"^(?:(?:{please})\s+)*({names})(?:\s+(?:{please}))*[\s.!?]*$")
    return name, verb, bare


def requested_language(text: str) -> str | None:
    """The language code a message asks to be answered in ("fr" for "parle-moi en
    français"), or None when it is not such a request."""
    folded = fold(text).replace("’", "'").strip()
    if not folded or len(folded.split()) > MAX_REQUEST_WORDS:
        return None
    name, verb, bare = _patterns()
    found = bare.match(folded)
    if found is None and verb.search(folded):
        found = name.search(folded)
    return language_names().get(found.group(1)) if found else None


class ReplyLanguage:
    def __init__(
        self,
        store: Store,
        memory: MemoryService,
        identifier: LanguageIdentifier | None,
        default_locale: str = "en",
    ) -> None:
        self.store, self.memory, self.identifier = store, memory, identifier
        self.default_locale = speakable(default_locale) or "en"

    def standing(self, actor: Actor) -> Actor:
        """The actor with the language they asked for, else their own (for surfaces
        that show no message: App Home, modals, notices)."""
        with self.store.unit_of_work() as uow:
            profile = uow.people.find_profile(actor.team_id, actor.user_id)
        asked = speakable(str(profile.preferences.get(PREFERENCE) or "")) if profile else None
        locale = asked or speakable(actor.locale) or self.default_locale
        return replace(actor, locale=locale)

    def settle(self, turn: Turn, text: str | None, fresh: bool) -> list[Reply]:
        """Set the turn's reply language; answer a request to change it (the only
        case with replies: the message needs nothing else)."""
        own = speakable(turn.actor.locale) or self.default_locale
        asked = speakable(str(turn.profile.preferences.get(PREFERENCE) or ""))
        if fresh:
            turn.state.pop(STATE, None)
        wanted = requested_language(text) if text else None
        if wanted is not None:
            return self._switch(turn, wanted, asked or own)
        detected = self._detect(text) if text else None
        if detected is not None:
            turn.state[STATE] = detected
        kept = speakable(str(turn.state.get(STATE) or ""))
        self._speak(turn, asked or detected or kept or own)
        self._keep_on_profile(turn, asked or own)
        return []

    def _detect(self, text: str) -> str | None:
        if self.identifier is None or len(supported()) < 2:
            return None
        return speakable(self.identifier.identify(text, supported()))

    def _switch(self, turn: Turn, wanted: str, current: str) -> list[Reply]:
        if speakable(wanted) is None:
            self._speak(turn, current)
            available = ", ".join(language_name(code, current) for code in supported())
            name = language_name(wanted, current)
            return [Reply(t("language.unsupported", current, language=name, available=available))]
        turn.state.pop(STATE, None)
        turn.profile.preferences[PREFERENCE] = wanted
        self._speak(turn, wanted)
        with self.store.unit_of_work() as uow:
            uow.people.update_profile(
                turn.actor.team_id,
                turn.actor.user_id,
                preferences={PREFERENCE: wanted},
                locale=wanted,
            )
            uow.commit()
        name = language_name(wanted, wanted)
        item = MemoryCandidate(
            MemoryKind.PREFERENCE,
            t("memory_item.language", wanted, language=name),
            key="language",
            confidence=0.95,
            value=wanted,
        )
        self.memory.remember(turn.actor, [item], source="conversation")
        return [Reply(t("language.switched", wanted, language=name))]

    @staticmethod
    def _speak(turn: Turn, locale: str) -> None:
        turn.actor = replace(turn.actor, locale=locale)
        use_locale(locale)

    def _keep_on_profile(self, turn: Turn, locale: str) -> None:
        # Notices and digests reach people outside a conversation: they read the
        # profile's locale, kept here as the person's standing language.
        if turn.profile.locale == locale:
            return
        with self.store.unit_of_work() as uow:
            uow.people.update_profile(turn.actor.team_id, turn.actor.user_id, locale=locale)
            uow.commit()
        turn.profile.locale = locale


def stamp(replies: list[Reply], locale: str) -> list[Reply]:
    """The replies marked with the language they are written in (for the transport)."""
    return [replace(r, locale=locale) for r in replies]
