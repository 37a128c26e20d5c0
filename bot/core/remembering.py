"""Memory, as the conversation uses it: recall, "remember that …", and learning.

Learning from what a person says (or supports, or submits) happens after the reply,
off the response path: the conversation publishes an event and `MemoryLearner`,
subscribed once by the container, does the work on the background pool.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.core.background import Background
from bot.core.events import EventBus
from bot.core.memory import MemoryService
from bot.core.messages import t
from bot.core.models import Actor
from bot.core.ports.language import LanguageEngine
from bot.core.replies import Action, Choice, MemoryLine, Reply, ReplyKind
from bot.core.session import Turn

# Items offered with a "forget" button, at most.
FORGET_BUTTONS = 10


@dataclass(frozen=True)
class Said:
    """A person said something worth mining for memory (published after the reply)."""

    actor: Actor
    text: str


@dataclass(frozen=True)
class InterestShown:
    """A person showed interest in topics: they submitted or supported an idea on them."""

    actor: Actor
    tags: tuple[str, ...]
    source: str  # "submitted" | "supported"


class MemoryLearner:
    """Subscriber: turns `Said` and `InterestShown` into memory items, in the background."""

    def __init__(
        self,
        memory: MemoryService,
        engine: Callable[[], LanguageEngine],
        background: Background,
    ) -> None:
        self.memory = memory
        self.engine = engine
        self.background = background

    def subscribe(self, events: EventBus) -> None:
        events.subscribe(Said, self.on_said)
        events.subscribe(InterestShown, self.on_interest)

    def on_said(self, event: Said) -> None:
        engine = self.engine()

        def learn() -> None:
            candidates = engine.extract_memories(event.text, event.actor.locale)
            if candidates:
                self.memory.remember(event.actor, candidates, source="said")

        self.background.submit(learn)

    def on_interest(self, event: InterestShown) -> None:
        tags = list(event.tags)
        self.background.submit(
            lambda: self.memory.remember_interests(event.actor, tags, event.source)
        )


class Remembering:
    def __init__(self, memory: MemoryService, engine: Callable[[], LanguageEngine]) -> None:
        self.memory = memory
        self.engine = engine

    def recall(self, actor: Actor) -> list[Reply]:
        """What I remember about you, each item with a button to forget it."""
        loc = actor.locale
        items = self.memory.items(actor)
        if not items:
            return [Reply(t("memory.none", loc))]
        lines = tuple(MemoryLine(i.id, i.kind, i.content) for i in items)
        choices = [
            Choice(
                t("choice.forget_item", loc, content=_short(i.content)),
                Action.FORGET_MEMORY,
                str(i.id),
            )
            for i in items[:FORGET_BUTTONS]
        ]
        choices.append(Choice(t("choice.forget_me", loc), Action.FORGET_ME, style="danger"))
        return [
            Reply(
                t("memory.intro", loc) + "\n" + t("memory.hint", loc),
                kind=ReplyKind.MEMORY,
                memories=lines,
                choices=tuple(choices),
            )
        ]

    def remember(self, turn: Turn, content: str, said: str = "") -> list[Reply]:
        """ "Remember that …": stored at once (not learned later), and said back. `said`
        is the whole message: with its "remember that" the engine may keep a statement
        in the person's words that it would not read from the bare content."""
        loc = turn.locale
        engine = self.engine()
        candidates = engine.extract_memories(content, loc)
        if not candidates and said and said != content:
            candidates = engine.extract_memories(said, loc)
        if not candidates:
            return [Reply(t("memory.noted_nothing", loc))]
        added = self.memory.remember(turn.actor, candidates, source="said")
        stored = added or candidates
        items = "; ".join(c.content for c in stored)
        return [Reply(t("memory.noted", loc, items=items))]


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
