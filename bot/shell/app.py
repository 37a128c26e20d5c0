"""`ideabot chat`: the terminal transport (Hubot's shell adapter, Errbot's text backend).

Reads stdin line by line when it is not a terminal, so a conversation can be scripted;
at the end of input it finishes background work (memory writes, indexing) and exits 0.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import TextIO

from rich.console import Console

from bot.core.conversation import ConversationService, Incoming
from bot.core.models import Actor
from bot.shell.render import render_turn

QUIT_WORDS = {"quit", "exit", "/quit", "/exit", ":q"}


class Shell:
    def __init__(
        self,
        conversation: ConversationService,
        actor: Actor,
        console: Console | None = None,
        stdin: TextIO | None = None,
    ) -> None:
        self.conversation = conversation
        self.actor = actor
        self.console = console or Console(highlight=False, soft_wrap=True)
        self.stdin = stdin or sys.stdin
        self.interactive = self.stdin.isatty() and self.console.is_terminal

    def show(self, text: str) -> None:
        if self.interactive:
            self.console.print(text, highlight=False)
        else:
            self.console.print(text, markup=False, highlight=False)

    def run(self) -> int:
        rich = self.interactive
        locale = self.actor.locale
        self.show(render_turn(self.conversation.start(self.actor), rich, locale))
        for line in self._lines():
            text = line.rstrip("\r\n")
            if text.strip().lower() in QUIT_WORDS:
                break
            if not self.interactive:
                self.show(f"\n> {text}")
            replies = self.conversation.handle(Incoming(self.actor, text=text))
            self.show(render_turn(replies, rich, locale))
        self.conversation.background.drain()
        return 0

    def _lines(self) -> Iterator[str]:
        if not self.interactive:
            yield from self.stdin
            return
        while True:
            try:
                yield self.console.input("[bold cyan]you>[/] ")
            except EOFError:
                self.console.print()
                return
