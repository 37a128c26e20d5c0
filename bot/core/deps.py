"""What the conversation's use cases share: the ports and services, wired once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.core.background import Background
from bot.core.events import EventBus
from bot.core.ideas import IdeaService
from bot.core.memory import MemoryService
from bot.core.permissions import Permissions
from bot.core.ports.language import LanguageEngine
from bot.core.session import Sessions


@dataclass
class CoreDeps:
    ideas: IdeaService
    memory: MemoryService
    # A getter: the engine is built on first use, after the first prompt is shown.
    engine_factory: Callable[[], LanguageEngine]
    permissions: Permissions
    events: EventBus
    sessions: Sessions
    background: Background
    # IDEABOT_TERMS, loaded (None: no terms step).
    terms: str | None = None

    @property
    def engine(self) -> LanguageEngine:
        return self.engine_factory()
