"""Closing the loop: who hears about a status change, and what they read.

The author hears unless they said to stop (a remembered preference), and everyone
who voted hears, each in their own words: the author reads "your idea", a voter
reads "an idea you voted for" — never who wrote it, so an anonymous author stays
anonymous. Whoever made the change is not told what they just did.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.cards import status_label
from bot.core.events import StatusChanged
from bot.core.messages import t
from bot.core.models import Actor, Idea
from bot.core.ports.storage import Store

# Profile preference: False once the author asked to stop hearing about their ideas.
PREFERENCE = "status_notices"


@dataclass(frozen=True)
class Notice:
    user_id: str
    text: str
    # The author's notice offers a way to stop them (and back again).
    to_author: bool


@dataclass(frozen=True)
class SetStatusNotices:
    actor: Actor
    on: bool


class Notices:
    def __init__(self, store: Store, default_locale: str = "en") -> None:
        self.store = store
        self.default_locale = default_locale

    def for_change(self, event: StatusChanged) -> tuple[Idea | None, list[Notice]]:
        """The idea as it stands and one notice per person to tell."""
        acting = event.actor.user_id if event.actor is not None else None
        with self.store.unit_of_work() as uow:
            idea = uow.ideas.get(event.team_id, event.idea_id)
            if idea is None:
                return None, []
            notices: list[Notice] = []
            author = idea.author_id
            if author and author != acting:
                profile = uow.people.find_profile(event.team_id, author)
                wants = profile is None or profile.preferences.get(PREFERENCE) is not False
                if wants:
                    locale = (profile.locale if profile else None) or self.default_locale
                    notices.append(Notice(author, self._text(idea, event, "author", locale), True))
            for voter in uow.statuses.voters(event.team_id, event.idea_id):
                if voter in (author, acting):
                    continue
                profile = uow.people.find_profile(event.team_id, voter)
                locale = (profile.locale if profile else None) or self.default_locale
                notices.append(Notice(voter, self._text(idea, event, "voter", locale), False))
        return idea, notices

    @staticmethod
    def _text(idea: Idea, event: StatusChanged, audience: str, locale: str) -> str:
        text = t(
            f"pipeline.notice.{audience}",
            locale,
            title=idea.title,
            ref=idea.public_ref,
            status=status_label(event.status.value, locale),
        )
        if event.reason:
            text += "\n" + t("pipeline.notice.reason", locale, reason=event.reason)
        return text

    def wants_notices(self, actor: Actor) -> bool:
        with self.store.unit_of_work() as uow:
            profile = uow.people.find_profile(actor.team_id, actor.user_id)
        return profile is None or profile.preferences.get(PREFERENCE) is not False

    def set_preference(self, command: SetStatusNotices) -> str:
        """Remember the choice; returns what to tell them."""
        actor = command.actor
        with self.store.unit_of_work() as uow:
            uow.people.update_profile(
                actor.team_id, actor.user_id, preferences={PREFERENCE: command.on}
            )
            uow.commit()
        return t(
            "pipeline.notices.resumed" if command.on else "pipeline.notices.stopped", actor.locale
        )
