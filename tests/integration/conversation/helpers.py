from __future__ import annotations

import json
from pathlib import Path

from bot.container import Container
from bot.core.choices import key_for
from bot.core.conversation import Incoming
from bot.core.importing import read_file
from bot.core.models import Actor
from bot.core.replies import Action, Reply

DEMO = Path(__file__).resolve().parents[3] / "bot" / "demo" / "ideas.jsonl"


def load_demo(container: Container, team_id: str, limit: int | None = None) -> None:
    lines = list(read_file(DEMO, team_id))
    container.ideas.import_lines(lines[:limit] if limit else lines)


class Chat:
    """Drives the conversation core as a transport would, one message at a time."""

    def __init__(self, container: Container, actor: Actor) -> None:
        self.container = container
        self.actor = actor
        self.turns: list[list[Reply]] = []

    def start(self) -> list[Reply]:
        replies = self.container.conversation.start(self.actor)
        self.turns.append(replies)
        return replies

    def say(self, text: str) -> list[Reply]:
        if text.startswith("{choice:") and text.endswith("}"):
            text = self.word_of(text[len("{choice:") : -1])
        replies = self.container.conversation.handle(Incoming(self.actor, text=text))
        self.turns.append(replies)
        return replies

    def click(self, action: Action, value: str = "") -> list[Reply]:
        """A button, as Slack sends it."""
        incoming = Incoming(self.actor, action=action, value=value)
        replies = self.container.conversation.handle(incoming)
        self.turns.append(replies)
        return replies

    def word_of(self, label: str) -> str:
        """The word the last screen showed for the choice labelled `label`."""
        choices = [c for r in self.turns[-1] for c in r.choices]
        return key_for(next(c for c in choices if c.label == label), self.actor.locale)

    def all_text(self) -> str:
        return "\n".join(r.text for turn in self.turns for r in turn)

    def finish(self) -> None:
        self.container.background.drain()

    def my_ideas(self) -> list[dict[str, object]]:
        from bot.serialize import idea_to_dict

        ideas = self.container.ideas.list_ideas(self.actor.team_id, author_key=self.actor.user_id)
        return [json.loads(json.dumps(idea_to_dict(i))) for i in ideas]
