"""Every listener is registered through here, so the manifest test can list them all."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from slack_bolt import App

Listener = Callable[..., Any]


@dataclass
class Registry:
    app: App
    events: list[str] = field(default_factory=list)
    commands: list[str] = field(default_factory=list)
    message_shortcuts: list[str] = field(default_factory=list)
    global_shortcuts: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    views: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(
            len(group)
            for group in (
                self.events,
                self.commands,
                self.message_shortcuts,
                self.global_shortcuts,
                self.actions,
                self.views,
            )
        )

    @property
    def uses_interactivity(self) -> bool:
        return bool(self.message_shortcuts or self.global_shortcuts or self.actions or self.views)

    def event(self, name: str, listener: Listener) -> None:
        self.events.append(name)
        self.app.event(name)(listener)

    def command(self, name: str, listener: Listener) -> None:
        self.commands.append(name)
        self.app.command(name)(listener)

    def message_shortcut(self, callback_id: str, listener: Listener) -> None:
        self.message_shortcuts.append(callback_id)
        self.app.message_shortcut(callback_id)(listener)

    def global_shortcut(self, callback_id: str, listener: Listener) -> None:
        self.global_shortcuts.append(callback_id)
        self.app.global_shortcut(callback_id)(listener)

    def action(self, pattern: re.Pattern[str], listener: Listener) -> None:
        self.actions.append(pattern.pattern)
        self.app.action(pattern)(listener)

    def view(self, callback_id: str, listener: Listener) -> None:
        self.views.append(callback_id)
        self.app.view(callback_id)(listener)
