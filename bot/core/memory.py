"""Per-person memory: items with source, confidence and validity, recalled by relevance.

A contradicted item is superseded (kept with `valid_to`), never silently overwritten.
Vectors carry the person's internal row id, not their name or Slack id, so the index
holds nothing that identifies anyone.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from bot.core.events import AuthorForgotten, EventBus
from bot.core.locales import supported
from bot.core.messages import raw, t
from bot.core.models import Actor, MemoryRecord
from bot.core.ports.language import MemoryCandidate, MemoryKind
from bot.core.ports.search import Embedder, VectorIndex
from bot.core.ports.storage import Store, UnitOfWork

log = logging.getLogger(__name__)
# Cosine a described item must reach to be forgotten when no word is shared with it
# (all-MiniLM-L6-v2: "I like cycling" / "Interested in cycling" 0.70; unrelated facts
# 0.16–0.30). Below it the person gets the list with a button per item: deleting the
# wrong memory is worse than asking.
FORGET_MIN_SCORE = 0.35

MEMORY = "memory"


class MemoryService:
    def __init__(
        self, store: Store, embedder: Embedder, index: VectorIndex, events: EventBus | None = None
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.index = index
        self.events = events or EventBus()

    def remember(
        self, actor: Actor, candidates: Sequence[MemoryCandidate], source: str
    ) -> list[MemoryRecord]:
        added: list[MemoryRecord] = []
        with self.store.unit_of_work() as uow:
            profile = uow.people.profile(actor.team_id, actor.user_id, actor.name)
            current = uow.people.memories(actor.team_id, actor.user_id)
            for candidate in candidates:
                content = candidate.content.strip()
                if not content:
                    continue
                same = next(
                    (c for c in current if c.content.casefold() == content.casefold()), None
                )
                if same is not None:
                    uow.people.touch_memory(same.id, min(1.0, same.confidence + 0.1))
                    continue
                record = uow.people.add_memory(
                    actor.team_id,
                    actor.user_id,
                    candidate.kind.value,
                    candidate.key,
                    content,
                    source,
                    candidate.confidence,
                )
                if candidate.key:
                    for old in current:
                        if old.key == candidate.key:
                            uow.people.supersede(old.id, record.id, record.valid_from)
                    current = [c for c in current if c.key != candidate.key]
                    self._apply_to_profile(uow, actor, candidate)
                current.append(record)
                added.append(record)
            uow.commit()
        self._index(profile.ref, actor.team_id, added)
        return added

    def _apply_to_profile(self, uow: UnitOfWork, actor: Actor, candidate: MemoryCandidate) -> None:
        if candidate.value is None:
            return
        if candidate.key == "name":
            uow.people.update_profile(
                actor.team_id, actor.user_id, preferences={"called": candidate.value}
            )
        elif candidate.key == "anonymity":
            uow.people.update_profile(
                actor.team_id,
                actor.user_id,
                preferences={"anonymous_default": candidate.value == "anonymous"},
            )
        elif candidate.key in ("team", "department"):
            uow.people.update_profile(actor.team_id, actor.user_id, department=candidate.value)

    def remember_interests(self, actor: Actor, tags: Sequence[str], source: str) -> None:
        candidates = [
            MemoryCandidate(
                MemoryKind.INTEREST,
                t("memory_item.interest", actor.locale, topic=tag),
                key=None,
                confidence=0.6,
            )
            for tag in tags
            if tag.strip()
        ]
        if candidates:
            self.remember(actor, candidates, source)

    def _index(self, user_ref: int, team_id: str, records: Sequence[MemoryRecord]) -> None:
        if not records:
            return
        try:
            vectors = self.embedder.embed([r.content for r in records])
            self.index.upsert(
                MEMORY,
                [str(r.id) for r in records],
                vectors,
                [{"team_id": team_id, "user_ref": user_ref} for _ in records],
            )
        except Exception as exc:  # recall falls back to recency without vectors
            log.warning("could not index %d memory items: %s", len(records), exc)

    def items(self, actor: Actor) -> list[MemoryRecord]:
        with self.store.unit_of_work() as uow:
            return uow.people.memories(actor.team_id, actor.user_id)

    def history(self, actor: Actor) -> list[MemoryRecord]:
        with self.store.unit_of_work() as uow:
            return uow.people.memories(actor.team_id, actor.user_id, include_past=True)

    def recall(
        self, actor: Actor, text: str, k: int = 3, min_score: float | None = None
    ) -> list[MemoryRecord]:
        items = self.items(actor)
        if not items or not text.strip():
            return items[-k:]
        with self.store.unit_of_work() as uow:
            profile = uow.people.find_profile(actor.team_id, actor.user_id)
        if profile is None:
            return []
        try:
            vector = self.embedder.embed([text])[0]
            hits = self.index.query(
                MEMORY, vector, k, {"team_id": actor.team_id, "user_ref": profile.ref}
            )
        except Exception as exc:
            log.warning("memory recall without vectors: %s", exc)
            return items[-k:]
        by_id = {str(i.id): i for i in items}
        close = [h for h in hits if min_score is None or h.score >= min_score]
        return [by_id[h.id] for h in close if h.id in by_id]

    def interests(self, actor: Actor) -> list[str]:
        out: list[str] = []
        for item in self.items(actor):
            if item.kind == MemoryKind.INTEREST.value:
                text = interest_name(item.content)
                if text.lower() not in (o.lower() for o in out):
                    out.append(text)
        return out

    def delete(self, actor: Actor, item_id: int) -> bool:
        with self.store.unit_of_work() as uow:
            gone = uow.people.delete_memory(actor.team_id, actor.user_id, item_id)
            uow.commit()
        if gone:
            self._drop_vectors(actor.team_id, [item_id])
            self.store.compact()
        return gone

    def find(self, actor: Actor, description: str) -> MemoryRecord | None:
        """The remembered item that `description` ("that I like cycling") points at."""
        items = self.items(actor)
        if not items:
            return None
        words = {w for w in _words(description) if len(w) > 2}
        best = max(items, key=lambda i: len(words & _words(i.content)))
        if words & _words(best.content):
            return best
        # Without a shared word, only a close neighbour: "forget that I'm allergic to
        # peanuts", never said, must not delete "Works on the night shift".
        recalled = self.recall(actor, description, k=1, min_score=FORGET_MIN_SCORE)
        return recalled[0] if recalled else None

    def forget_me(self, actor: Actor) -> bool:
        with self.store.unit_of_work() as uow:
            authored = uow.ideas.list_ideas(actor.team_id, author_key=actor.user_id)
            result = uow.people.forget_user(actor.team_id, actor.user_id)
            # Their cards in channels still say "by <name>": owed a refresh, durably.
            forgotten = AuthorForgotten(actor.team_id, actor.user_id, tuple(i.id for i in authored))
            if result is not None:
                self.events.record(uow.outbox, forgotten)
            uow.commit()
        if result is None:
            return False
        self.events.publish(forgotten)
        memory_ids, user_ref = result
        self._drop_vectors(actor.team_id, memory_ids)
        try:
            self.index.delete(MEMORY, actor.team_id, where={"user_ref": user_ref})
        except Exception as exc:
            log.warning("could not delete memory vectors: %s", exc)
        self.store.compact()
        return True

    def _drop_vectors(self, team_id: str, ids: Sequence[int]) -> None:
        if not ids:
            return
        try:
            self.index.delete(MEMORY, team_id, ids=[str(i) for i in ids])
        except Exception as exc:
            log.warning("could not delete %d memory vectors: %s", len(ids), exc)


def _words(text: str) -> set[str]:
    return {w.strip(".,!?;:'\"()").lower() for w in text.split() if w.strip(".,!?;:'\"()")}


def interest_name(content: str) -> str:
    """'Interested in cycling' → 'cycling' (the catalogue's wording, any locale)."""
    # An item keeps the language it was learnt in, so every language's wording counts.
    for locale in supported():
        prefix = str(raw("memory_item.interest", locale)).split("{topic}")[0]
        if prefix and content.startswith(prefix):
            return content[len(prefix) :]
    return content
