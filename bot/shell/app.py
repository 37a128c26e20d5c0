"""`ideabot chat`: the terminal transport (Hubot's shell adapter, Errbot's text backend).

Reads stdin line by line when it is not a terminal, so a conversation can be scripted;
at the end of input it finishes background work (memory writes, indexing) and exits 0.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator, Sequence
from typing import TextIO

from rich.console import Console

from bot.core.conversation import ConversationService, Incoming
from bot.core.digests import Digests, ReadDigest
from bot.core.messages import t
from bot.core.models import Actor
from bot.core.permissions import Refusal
from bot.core.replies import Reply, ReplyKind
from bot.shell.render import render_digest, render_turn

log = logging.getLogger(__name__)

QUIT_WORDS = {"quit", "exit", "/quit", "/exit", ":q"}


class Shell:
    def __init__(
        self,
        conversation: ConversationService,
        actor: Actor,
        console: Console | None = None,
        stdin: TextIO | None = None,
        digests: Digests | None = None,
    ) -> None:
        self.conversation = conversation
        self.digests = digests
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
        opening = self.conversation.start(self.actor)
        self.show(render_turn(opening, rich, _spoken(opening, self.actor.locale)))
        for line in self._lines():
            text = line.rstrip("\r\n")
            if text.strip().lower() in QUIT_WORDS:
                break
            if not self.interactive:
                self.show(f"\n> {text}")
            replies = self.conversation.handle(Incoming(self.actor, text=text))
            locale = _spoken(replies, self.actor.locale)
            self.show(render_turn(self._digests_here(replies), rich, locale))
            if any(r.kind is ReplyKind.DIGEST for r in replies):
                self.show(self._digest(rich))
        self.conversation.background.drain()
        return 0

    def _digests_here(self, replies: Sequence[Reply]) -> list[Reply]:
        """A DIGEST reply says the digest is on its way to a DM; here it follows below."""
        working = t("digests.working_cli", _spoken(replies, self.actor.locale), days=7)
        return [Reply(working, kind=r.kind) if r.kind is ReplyKind.DIGEST else r for r in replies]

    def _digest(self, rich: bool) -> str:
        locale = self.actor.locale
        if self.digests is None:
            return t("digests.failed", locale)
        try:
            result = self.digests.build(ReadDigest(self.actor, days=7))
        except Exception:
            log.exception("digest in the shell failed")
            return t("digests.failed", locale)
        if isinstance(result, Refusal):
            return result.message(locale)
        return render_digest(result.to_dict(), rich, locale)

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


def _spoken(replies: Sequence[Reply], default: str) -> str:
    """The language the core answered in (the person's, or their message's)."""
    return next((r.locale for r in replies if r.locale), default)
