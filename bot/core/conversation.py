"""The conversation: a person talks, the bot shapes an idea, shows what exists, submits.

Transport-neutral: Slack and the shell both call `start` and `handle` with plain
`Incoming` messages and render the `Reply` objects they get back. State lives in SQL
(conversation state, the active draft), so a restart loses nothing.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.core.background import Background
from bot.core.cards import (
    compose_description,
    idea_card,
    preview_card,
    similar_card,
    status_line,
)
from bot.core.ideas import IdeaService
from bot.core.memory import MemoryService, interest_name
from bot.core.messages import t
from bot.core.models import (
    Actor,
    DraftRecord,
    Idea,
    IdeaFields,
    LinkKind,
    NewIdea,
    Profile,
    SimilarIdea,
)
from bot.core.permissions import Permissions
from bot.core.replies import Action, Choice, Reply, ReplyKind
from bot.core.text import MAX_TEXT_CHARS, InvalidInput, clean
from bot.language.port import (
    SHAPING_FIELDS,
    DialogueContext,
    FieldUpdate,
    Intent,
    IntentResult,
    LanguageEngine,
    ProfileHint,
)
from storage.uow import Store

log = logging.getLogger(__name__)

MAX_QUESTIONS = 3
SIMILAR_SHOWN = 3
# Words of idea text before similar ideas are worth looking up.
MIN_WORDS_FOR_SIMILAR = 4
# "submit with my name", "submit it named": a one-off exception to an anonymity default.
_NAMED = re.compile(r"\b(?:with my name|named|not anonymous(?:ly)?|under my name)\b", re.I)
LEARNABLE = frozenset({Intent.NEW_IDEA, Intent.ANSWER, Intent.UNKNOWN, Intent.GREETING})
# How much a shared interest tag lifts a similar idea (cosine units): a tie-breaker.
INTEREST_BOOST = 0.03
# A gap after which a Slack DM opens with a greeting again.
SESSION_GAP = timedelta(hours=6)


@dataclass(frozen=True)
class Incoming:
    actor: Actor
    text: str | None = None
    action: Action | None = None
    value: str = ""


@dataclass
class Turn:
    """Everything one message handler needs, loaded once."""

    actor: Actor
    profile: Profile
    conversation_id: int
    state: dict[str, Any]
    draft: DraftRecord | None
    fields: IdeaFields = field(default_factory=IdeaFields)
    notes: dict[str, Any] = field(default_factory=dict)
    forgotten: bool = False
    # Only free text is mined for memory: never "forget that I …" (it would re-create
    # what was just deleted) nor "remember that …" (already stored, synchronously).
    learn_from_text: bool = False
    draft_changed: bool = False

    @property
    def awaiting(self) -> str | None:
        value = self.state.get("awaiting")
        return str(value) if value else None

    @awaiting.setter
    def awaiting(self, value: str | None) -> None:
        self.state["awaiting"] = value

    @property
    def name(self) -> str | None:
        called = self.profile.preferences.get("called")
        return str(called) if called else self.profile.name


class ConversationService:
    def __init__(
        self,
        store: Store,
        ideas: IdeaService,
        memory: MemoryService,
        engine: Callable[[], LanguageEngine],
        background: Background,
        permissions: Permissions,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.store = store
        self.ideas = ideas
        self.memory = memory
        self._engine = engine
        self.background = background
        self.permissions = permissions
        self.clock = clock
        self._locks: dict[tuple[str, str], threading.Lock] = {}
        self._locks_guard = threading.Lock()

    @property
    def engine(self) -> LanguageEngine:
        return self._engine()

    # -- entry points ----------------------------------------------------------

    def start(self, actor: Actor) -> list[Reply]:
        """Open a session: greet, bring news about my ideas, offer a pending draft."""
        with self._lock(actor):
            turn = self._load(actor)
            replies = self._opening(turn, explicit=False)
            self._save(turn, None, replies)
            return replies

    def handle(self, incoming: Incoming) -> list[Reply]:
        with self._lock(incoming.actor):
            turn = self._load(incoming.actor)
            text = clean(incoming.text)
            action, value = incoming.action, incoming.value
            if action is None and text:
                action, value = self._choice_from_text(turn, text) or (None, "")
            replies: list[Reply] = []
            if self._session_is_new(turn) and action is None:
                replies.extend(self._opening(turn, explicit=False, quiet=True))
            try:
                if action is not None:
                    replies.extend(self._on_action(turn, action, value))
                elif not text:
                    replies.append(Reply(t("empty")))
                elif len(text) > MAX_TEXT_CHARS:
                    replies.append(
                        Reply(
                            t("too_long", length=f"{len(text):,}", limit=f"{MAX_TEXT_CHARS:,}"),
                            kind=ReplyKind.ERROR,
                        )
                    )
                else:
                    replies.extend(self._on_text(turn, text))
            except InvalidInput as exc:
                replies.append(
                    Reply(str(exc)[:1].upper() + str(exc)[1:] + ".", kind=ReplyKind.ERROR)
                )
            self._save(
                turn, text or (f"[{action.value}] {value}".strip() if action else ""), replies
            )
            if text and turn.learn_from_text and not turn.forgotten:
                self._learn_later(incoming.actor, text)
            return replies

    # -- loading and saving -------------------------------------------------------

    def _lock(self, actor: Actor) -> threading.Lock:
        key = (actor.team_id, actor.user_id)
        with self._locks_guard:
            return self._locks.setdefault(key, threading.Lock())

    def _load(self, actor: Actor) -> Turn:
        with self.store.unit_of_work() as uow:
            profile = uow.people.profile(actor.team_id, actor.user_id, actor.name)
            if actor.name and not profile.name:
                profile = uow.people.update_profile(actor.team_id, actor.user_id, name=actor.name)
            conversation = uow.people.conversation(actor.team_id, actor.user_id)
            draft = uow.people.active_draft(actor.team_id, actor.user_id)
            uow.commit()
        turn = Turn(actor, profile, conversation.id, dict(conversation.state), draft)
        if draft is not None:
            turn.fields = draft.fields
            turn.notes = dict(draft.notes)
        return turn

    def _save(self, turn: Turn, user_text: str | None, replies: list[Reply]) -> None:
        if turn.forgotten:
            return
        turn.state["choices"] = [
            [c.label, c.action.value, c.value] for r in replies for c in r.choices
        ]
        turn.state["last_seen"] = self.clock().isoformat()
        with self.store.unit_of_work() as uow:
            if turn.draft_changed and turn.draft is not None and turn.draft.status == "active":
                turn.draft = uow.people.save_draft(
                    turn.actor.team_id, turn.actor.user_id, turn.draft, turn.fields, turn.notes
                )
            uow.people.save_conversation(turn.conversation_id, turn.state)
            # A turn is never longer than a message may be: one refused as too long is
            # kept only up to the limit, not whole (issue 7: 10 MB DMs were stored).
            if user_text:
                uow.people.add_turn(turn.conversation_id, "user", user_text[:MAX_TEXT_CHARS])
            for reply in replies:
                uow.people.add_turn(turn.conversation_id, "bot", reply.text[:MAX_TEXT_CHARS])
            uow.people.update_profile(
                turn.actor.team_id, turn.actor.user_id, last_seen_at=self.clock()
            )
            uow.commit()

    def _session_is_new(self, turn: Turn) -> bool:
        last = turn.state.get("last_seen")
        if not last:
            return True
        try:
            seen = datetime.fromisoformat(str(last))
        except ValueError:
            return True
        return self.clock() - seen > SESSION_GAP

    def _learn_later(self, actor: Actor, text: str) -> None:
        """Memory writes happen after the reply, off the response path."""
        engine = self.engine

        def learn() -> None:
            candidates = engine.extract_memories(text)
            if candidates:
                self.memory.remember(actor, candidates, source="said")

        self.background.submit(learn)

    # -- choices -----------------------------------------------------------------

    def _choice_from_text(self, turn: Turn, text: str) -> tuple[Action, str] | None:
        """A number typed in reply to numbered choices picks that choice."""
        choices = turn.state.get("choices") or []
        stripped = text.strip().rstrip(".)")
        if stripped.isdigit() and choices:
            index = int(stripped) - 1
            if 0 <= index < len(choices):
                _, action, value = choices[index]
                return Action(action), str(value)
        return None

    # -- opening ------------------------------------------------------------------

    def _opening(self, turn: Turn, explicit: bool, quiet: bool = False) -> list[Reply]:
        lines: list[str] = []
        actor = turn.actor
        my_ideas = self.ideas.list_ideas(actor.team_id, author_key=actor.user_id, limit=5)
        known = (
            bool(my_ideas) or bool(turn.state.get("last_seen")) or bool(self.memory.items(actor))
        )
        name = turn.name
        if known:
            lines.append(t("greeting.back", name=name) if name else t("greeting.back_anonymous"))
        else:
            lines.append(t("greeting.new", name=name) if name else t("greeting.new_anonymous"))
        lines.extend(self._news(turn, my_ideas))
        challenge_line = self._challenge_suggestion(actor)
        if challenge_line:
            lines.append(challenge_line)
        choices: tuple[Choice, ...] = ()
        if turn.draft is not None and turn.fields.filled():
            lines.append(t("greeting.resume", title=turn.fields.title or t("idea_title.untitled")))
            turn.awaiting = "resume"
            choices = (
                Choice(t("choice.continue"), Action.RESUME_DRAFT, style="primary"),
                Choice(t("choice.discard"), Action.DISCARD_DRAFT),
            )
        elif not quiet:
            lines.append(t("greeting.prompt"))
        return [Reply("\n".join(lines), choices=choices)]

    def _news(self, turn: Turn, my_ideas: list[Idea]) -> list[str]:
        seen: dict[str, str] = dict(turn.state.get("seen_status") or {})
        lines: list[str] = []
        for idea in my_ideas:
            before = seen.get(str(idea.id))
            if before is not None and before != idea.status.value:
                lines.append(status_line(idea, "greeting.status_news"))
            seen[str(idea.id)] = idea.status.value
        turn.state["seen_status"] = seen
        if not lines and my_ideas:
            lines.append(status_line(my_ideas[0], "greeting.last_idea"))
        return lines

    def _challenge_suggestion(self, actor: Actor) -> str | None:
        challenges = self.ideas.open_challenges(actor.team_id)
        if not challenges:
            return None
        interests = self.memory.interests(actor)
        if not interests:
            return None
        ranked = self.ideas.rank_by_interest(
            [c.title + " " + (c.question or "") for c in challenges], interests
        )
        best_index, interest, score = ranked
        if score < 0.25:
            return None
        return t("greeting.challenge_match", interest=interest, title=challenges[best_index].title)

    # -- actions (buttons, numbered choices) ----------------------------------------

    def _on_action(self, turn: Turn, action: Action, value: str) -> list[Reply]:
        handlers: dict[Action, Callable[[Turn, str], list[Reply]]] = {
            Action.SUBMIT: lambda tr, v: self._submit(tr, anonymous=self._wants_anonymity(tr, v)),
            Action.SUBMIT_ANONYMOUS: lambda tr, _: self._submit(tr, anonymous=True),
            Action.EDIT: lambda tr, _: self._ask_edit(tr),
            Action.CANCEL: lambda tr, _: self._cancel(tr),
            Action.SUPPORT: self._support,
            Action.DIFFERENT: self._different,
            Action.RESUME_DRAFT: lambda tr, _: self._resume(tr),
            Action.DISCARD_DRAFT: lambda tr, _: self._discard(tr),
            Action.FORGET_MEMORY: self._forget_item_by_id,
            Action.FORGET_ME: lambda tr, _: self._confirm_forget_me(tr),
            Action.CONFIRM_FORGET_ME: lambda tr, _: self._forget_me(tr),
            Action.SHOW_IDEA: lambda tr, v: self._show(tr, v),
            Action.UPVOTE: self._upvote,
            Action.SIMILAR: self._similar_to,
            Action.HELP: lambda tr, _: self._help(),
            Action.NEW_IDEA: lambda tr, _: [Reply(t("greeting.prompt"))],
            Action.LIST_MINE: lambda tr, _: self._list_mine(tr),
        }
        if action is Action.FORGET_ME and value == "keep":
            turn.awaiting = None
            return [Reply(t("memory.forget_me_kept"))]
        return handlers[action](turn, value)

    # -- text ---------------------------------------------------------------------

    def _on_text(self, turn: Turn, text: str) -> list[Reply]:
        context = DialogueContext(
            has_draft=turn.draft is not None,
            awaiting=turn.awaiting,
            draft=turn.fields if turn.draft is not None else None,
        )
        result = self.engine.detect_intent(text, context)
        turn.learn_from_text = result.intent in LEARNABLE
        return self._dispatch(turn, text, result)

    def _dispatch(self, turn: Turn, text: str, result: IntentResult) -> list[Reply]:
        intent, slots = result.intent, result.slots
        awaiting = turn.awaiting
        if intent is Intent.YES:
            return self._yes(turn, text)
        if intent is Intent.NO:
            return self._no(turn, text)
        if awaiting == "confirm_forget_me" and intent is not Intent.FORGET_ME:
            turn.awaiting = None
        simple: dict[Intent, Callable[[], list[Reply]]] = {
            Intent.GREETING: lambda: self._greet(turn),
            Intent.CLARIFY: lambda: self._clarify(turn),
            Intent.HELP: self._help,
            Intent.THANKS: lambda: [Reply(t("thanks"))],
            Intent.SUBMIT: lambda: self._submit(
                turn,
                anonymous=slots.get("anonymous") == "1"
                or self._wants_anonymity(turn, "named" if _NAMED.search(text) else ""),
            ),
            Intent.SUBMIT_ANONYMOUS: lambda: self._submit(turn, anonymous=True),
            Intent.CANCEL: lambda: self._cancel(turn),
            Intent.LIST_MINE: lambda: self._list_mine(turn),
            Intent.SHOW_IDEA: lambda: self._show(turn, slots.get("ref", "")),
            Intent.SEARCH: lambda: self._search(turn, slots.get("query") or text),
            Intent.RECALL_MEMORY: lambda: self._recall(turn),
            Intent.REMEMBER: lambda: self._remember(turn, slots.get("content") or text),
            Intent.FORGET_ITEM: lambda: self._forget_item(turn, slots.get("content") or text),
            Intent.FORGET_ME: lambda: self._confirm_forget_me(turn),
            Intent.DIGEST: lambda: self._digest(turn),
            Intent.EDIT_FIELD: lambda: self._edit(
                turn, slots.get("field", ""), slots.get("value", ""), text
            ),
        }
        if intent in simple:
            return simple[intent]()
        if intent in (Intent.NEW_IDEA, Intent.ANSWER):
            return self._shape(
                turn, text, new_idea=intent is Intent.NEW_IDEA, content=slots.get("content")
            )
        # UNKNOWN: while shaping, anything is an answer; otherwise offer next steps.
        if turn.draft is not None and awaiting in (*SHAPING_FIELDS, "title", "edit", "preview"):
            return self._shape(turn, text, new_idea=False, content=None)
        return [self._unknown()]

    def _greet(self, turn: Turn) -> list[Reply]:
        if turn.draft is not None and turn.awaiting in (*SHAPING_FIELDS, "preview", "edit"):
            hello = (
                t("greeting.hello", name=turn.name) if turn.name else t("greeting.hello_anonymous")
            )
            return [Reply(hello), *self._clarify(turn)]
        hello = t("greeting.hello", name=turn.name) if turn.name else t("greeting.hello_anonymous")
        return [Reply(hello + " " + t("greeting.prompt"))]

    def _clarify(self, turn: Turn) -> list[Reply]:
        """Say the pending question again, with an example of an answer."""
        awaiting = turn.awaiting
        if turn.draft is not None and awaiting in SHAPING_FIELDS:
            question = str(turn.state.get("question") or "")
            example = t(f"clarify.{awaiting}")
            return [Reply((question + "\n" if question else "") + example, kind=ReplyKind.QUESTION)]
        if turn.draft is not None and awaiting in ("preview", "edit"):
            return [Reply(t("clarify.preview")), self._preview(turn)]
        return self._help()

    def _unknown(self) -> Reply:
        return Reply(
            t("unknown"),
            choices=(
                Choice(t("choice.new_idea"), Action.NEW_IDEA),
                Choice(t("choice.my_ideas"), Action.LIST_MINE),
                Choice(t("choice.help"), Action.HELP),
            ),
        )

    def _help(self) -> list[Reply]:
        return [
            Reply(
                t("help.text"),
                choices=(
                    Choice(t("choice.new_idea"), Action.NEW_IDEA),
                    Choice(t("choice.my_ideas"), Action.LIST_MINE),
                ),
            )
        ]

    def _yes(self, turn: Turn, text: str) -> list[Reply]:
        awaiting = turn.awaiting
        if awaiting == "resume":
            return self._resume(turn)
        if awaiting == "preview":
            return self._submit(turn, anonymous=self._wants_anonymity(turn, ""))
        if awaiting == "confirm_forget_me":
            return self._forget_me(turn)
        if turn.draft is not None and awaiting in SHAPING_FIELDS:
            # "yes" tells nothing about the field asked for: move on, as for "no".
            return self._next_step(turn, [])
        return [Reply(t("greeting.prompt"))]

    def _no(self, turn: Turn, text: str) -> list[Reply]:
        awaiting = turn.awaiting
        if awaiting == "resume":
            return self._discard(turn)
        if awaiting == "confirm_forget_me":
            turn.awaiting = None
            return [Reply(t("memory.forget_me_kept"))]
        if awaiting == "preview":
            return self._ask_edit(turn)
        if turn.draft is not None and awaiting in SHAPING_FIELDS:
            # "no idea" / "not sure" to a question: skip it and move on.
            return self._next_step(turn, [])
        return [self._unknown()]

    # -- shaping a draft -------------------------------------------------------------

    def _shape(self, turn: Turn, text: str, new_idea: bool, content: str | None) -> list[Reply]:
        replies: list[Reply] = []
        if turn.draft is not None and new_idea and turn.awaiting == "resume":
            self._close_draft(turn, "set_aside")
            replies.append(
                Reply(t("cancel.set_aside", title=turn.fields.title or t("idea_title.untitled")))
            )
            turn.draft, turn.fields, turn.notes = None, IdeaFields(), {}
        if turn.draft is None:
            turn.draft = self._new_draft(turn)
        awaiting = turn.awaiting if turn.awaiting in (*SHAPING_FIELDS, "title") else None
        source = content if (content and new_idea and not turn.fields.filled()) else text
        update = self.engine.extract_fields(source, turn.fields, awaiting)
        if update.is_empty():
            if awaiting is None and not turn.fields.filled():
                # "I have an idea": nothing to shape yet, so no draft content either.
                return [*replies, Reply(t("greeting.go_ahead"))]
            target = awaiting or ("proposal" if not turn.fields.proposal else None)
            if target:
                update = _single_field(target, source)
        self._apply(turn, update)
        turn.notes.setdefault("texts", []).append(text)
        replies.extend(self._maybe_similar(turn))
        return replies + self._next_step(turn, [])

    def _new_draft(self, turn: Turn) -> DraftRecord:
        with self.store.unit_of_work() as uow:
            draft = uow.people.save_draft(
                turn.actor.team_id, turn.actor.user_id, None, IdeaFields(), {}
            )
            uow.commit()
        turn.fields, turn.notes = IdeaFields(), {}
        turn.state["asked"] = []
        return draft

    def _apply(self, turn: Turn, update: FieldUpdate) -> None:
        fields = turn.fields
        for name in ("problem", "proposal", "benefits", "challenge"):
            value = getattr(update, name)
            if value:
                setattr(fields, name, value)
        if update.tags:
            fields.tags = list(update.tags)
        if update.title:
            fields.title = update.title
            turn.notes["title_locked"] = True
        if not turn.notes.get("title_locked") and (fields.proposal or fields.problem):
            fields.title = self.engine.make_title(fields)
        turn.draft_changed = True

    def _maybe_similar(self, turn: Turn) -> list[Reply]:
        if turn.notes.get("similar_shown"):
            return []
        query = " ".join(
            p for p in (turn.fields.title, turn.fields.problem, turn.fields.proposal) if p
        )
        if len(query.split()) < MIN_WORDS_FOR_SIMILAR:
            return []
        turn.notes["similar_shown"] = True
        turn.draft_changed = True
        hits = self._personal(
            turn, self.ideas.similar(turn.actor.team_id, query, k=SIMILAR_SHOWN, for_people=True)
        )
        if not hits:
            return []
        turn.notes["similar_ids"] = [h.idea.id for h in hits]
        choices = [
            Choice(t("choice.support", ref=h.idea.public_ref), Action.SUPPORT, str(h.idea.id))
            for h in hits
        ]
        choices.append(Choice(t("choice.different"), Action.DIFFERENT, "all"))
        one = len(hits) == 1
        intro = t("similar.intro_one") if one else t("similar.intro_many")
        hint = t("similar.support_hint_one") if one else t("similar.support_hint_many")
        return [
            Reply(
                intro + " " + hint,
                kind=ReplyKind.SIMILAR,
                cards=tuple(similar_card(h) for h in hits),
                choices=tuple(choices),
            )
        ]

    def _personal(self, turn: Turn, hits: list[SimilarIdea]) -> list[SimilarIdea]:
        """Among comparably close ideas, those on the person's interests come first.

        The boost is small (a tie-breaker, not a re-ranking by taste): a clearly closer
        idea always stays ahead. Scores shown are the unmodified similarities.
        """
        interests = {i.lower() for i in self.memory.interests(turn.actor)}
        if not interests or len(hits) < 2:
            return hits

        def rank(hit: SimilarIdea) -> float:
            overlap = len(interests & {tag.lower() for tag in hit.idea.tags})
            return hit.score + INTEREST_BOOST * min(overlap, 2)

        return sorted(hits, key=rank, reverse=True)

    def _relevant_interests(self, turn: Turn) -> list[str]:
        """Interests recalled by relevance to this draft (vector search on memory)."""
        text = " ".join(p for p in (turn.fields.proposal, turn.fields.problem) if p)
        recalled = [m for m in self.memory.recall(turn.actor, text, k=5) if m.kind == "interest"]
        names = [interest_name(m.content) for m in recalled]
        return names[:3] or self.memory.interests(turn.actor)[:3]

    def _next_step(self, turn: Turn, replies: list[Reply]) -> list[Reply]:
        asked: list[str] = list(turn.state.get("asked") or [])
        if turn.awaiting in SHAPING_FIELDS and turn.awaiting not in asked:
            asked.append(str(turn.awaiting))
        question = None
        if len(asked) < MAX_QUESTIONS and turn.awaiting not in ("preview", "edit"):
            hint = ProfileHint(
                name=turn.name,
                department=turn.profile.department,
                interests=tuple(self._relevant_interests(turn)),
            )
            question = self.engine.next_question(turn.fields, asked, hint)
        if question is not None and question.field not in asked:
            asked.append(question.field)
            turn.state["asked"] = asked
            turn.state["question"] = question.text
            turn.awaiting = question.field
            return [
                *replies,
                Reply(
                    question.text,
                    kind=ReplyKind.QUESTION,
                    choices=(
                        Choice(t("choice.submit"), Action.SUBMIT, style="primary"),
                        Choice(t("choice.cancel"), Action.CANCEL),
                    ),
                ),
            ]
        turn.state["asked"] = asked
        return [*replies, self._preview(turn)]

    def _preview(self, turn: Turn) -> Reply:
        turn.awaiting = "preview"
        fields = turn.fields
        if not fields.tags:
            fields.tags = self.engine.suggest_tags(
                fields, self.ideas.tag_vocabulary(turn.actor.team_id)
            )
            turn.draft_changed = True
        if not fields.title:
            fields.title = self.engine.make_title(fields)
        lines = [t("preview.intro")]
        if turn.profile.preferences.get("anonymous_default"):
            lines.append(t("preview.anonymous_default"))
        if not turn.profile.preferences.get("terms_seen"):
            lines.append(t("preview.terms"))
        submit = (
            Choice(t("choice.submit"), Action.SUBMIT, style="primary"),
            Choice(t("choice.submit_anonymously"), Action.SUBMIT_ANONYMOUS),
        )
        if turn.profile.preferences.get("anonymous_default"):
            submit = (
                Choice(t("choice.submit_anonymously"), Action.SUBMIT_ANONYMOUS, style="primary"),
                Choice(t("choice.submit_named"), Action.SUBMIT, "named"),
            )
        return Reply(
            "\n".join(lines),
            kind=ReplyKind.PREVIEW,
            cards=(preview_card(fields, turn.name),),
            choices=(
                *submit,
                Choice(t("choice.edit"), Action.EDIT),
                Choice(t("choice.cancel"), Action.CANCEL, style="danger"),
            ),
        )

    def _ask_edit(self, turn: Turn) -> list[Reply]:
        if turn.draft is None:
            return [Reply(t("preview.no_draft_to_edit"))]
        turn.awaiting = "edit"
        return [Reply(t("preview.edit_prompt"))]

    def _edit(self, turn: Turn, field_name: str, value: str, text: str) -> list[Reply]:
        if turn.draft is None:
            return [Reply(t("preview.no_draft_to_edit"))]
        value = clean(value)
        if field_name == "tags":
            tags = [v.strip().lower() for v in value.replace(";", ",").split(",") if v.strip()]
            self._apply(turn, FieldUpdate(tags=tuple(tags[:5])))
        elif field_name in ("title", "problem", "proposal", "benefits", "challenge") and value:
            self._apply(turn, _single_field(field_name, value))
        else:
            self._apply(turn, self.engine.extract_fields(text, turn.fields, None))
            field_name = "idea"
        turn.awaiting = "preview"
        label = t("field." + field_name) if field_name != "idea" else "idea"
        return [Reply(t("preview.edited", field=label)), self._preview(turn)]

    def _resume(self, turn: Turn) -> list[Reply]:
        if turn.draft is None:
            return [Reply(t("greeting.prompt"))]
        turn.awaiting = None
        return self._next_step(turn, [])

    def _discard(self, turn: Turn) -> list[Reply]:
        if turn.draft is None:
            return [Reply(t("cancel.nothing"))]
        title = turn.fields.title or t("idea_title.untitled")
        self._close_draft(turn, "cancelled")
        return [Reply(t("resume.discarded", title=title))]

    def _cancel(self, turn: Turn) -> list[Reply]:
        if turn.draft is None:
            turn.awaiting = None
            return [Reply(t("cancel.nothing"))]
        self._close_draft(turn, "cancelled")
        return [Reply(t("cancel.done"))]

    def _close_draft(self, turn: Turn, status: str, idea_id: int | None = None) -> None:
        if turn.draft is None:
            return
        with self.store.unit_of_work() as uow:
            if turn.draft_changed:
                uow.people.save_draft(
                    turn.actor.team_id, turn.actor.user_id, turn.draft, turn.fields, turn.notes
                )
            uow.people.close_draft(turn.draft.id, status, idea_id)
            uow.commit()
        turn.draft, turn.draft_changed = None, False
        turn.awaiting = None
        turn.state["asked"] = []

    # -- submitting and supporting ---------------------------------------------------

    def _submit(self, turn: Turn, anonymous: bool) -> list[Reply]:
        if turn.draft is None:
            return self._already_submitted(turn) or [Reply(t("preview.needs_content"))]
        fields = turn.fields
        if not (fields.proposal or fields.problem) and fields.benefits:
            # Only an outcome was given ("a 4-day week would make us happier"): that is
            # the idea as the person put it.
            fields.proposal, fields.benefits = fields.benefits, None
        if not (fields.proposal or fields.problem):
            return [Reply(t("preview.needs_content"))]
        if not fields.title:
            fields.title = self.engine.make_title(fields)
        if not fields.tags:
            fields.tags = self.engine.suggest_tags(
                fields, self.ideas.tag_vocabulary(turn.actor.team_id)
            )
        new = NewIdea(
            team_id=turn.actor.team_id,
            title=fields.title,
            description=compose_description(fields),
            problem=fields.problem,
            proposal=fields.proposal,
            benefits=fields.benefits,
            tags=list(fields.tags),
            author_id=turn.actor.user_id,
            author_name=turn.name,
            anonymous=anonymous,
            challenge=fields.challenge,
        )
        idea = self.ideas.create_from_draft(new, turn.draft.id, fields, turn.notes, turn.actor)
        if idea is None:
            turn.draft = None
            return self._already_submitted(turn) or [Reply(t("preview.needs_content"))]
        related = [int(i) for i in turn.notes.get("related", [])]
        for other in related:
            self.ideas.link(turn.actor, idea.id, other, LinkKind.RELATED, None)
        turn.draft, turn.draft_changed = None, False
        turn.awaiting = None
        turn.state["asked"] = []
        turn.state["last_submitted"] = idea.id
        turn.state.setdefault("seen_status", {})[str(idea.id)] = idea.status.value
        with self.store.unit_of_work() as uow:
            uow.people.update_profile(
                turn.actor.team_id, turn.actor.user_id, preferences={"terms_seen": True}
            )
            uow.commit()
        actor, tags = turn.actor, list(idea.tags)
        self.background.submit(lambda: self.memory.remember_interests(actor, tags, "submitted"))
        key = "submitted.anonymous" if anonymous else "submitted.named"
        return [
            Reply(
                t(key, ref=idea.public_ref, title=idea.title),
                kind=ReplyKind.SUBMITTED,
                cards=(idea_card(idea, viewer=turn.actor.user_id),),
                idea_id=idea.id,
            )
        ]

    def _wants_anonymity(self, turn: Turn, value: str) -> bool:
        """A plain "submit" follows the person's standing preference; "named" overrides."""
        return value != "named" and bool(turn.profile.preferences.get("anonymous_default"))

    def _already_submitted(self, turn: Turn) -> list[Reply] | None:
        last = turn.state.get("last_submitted")
        if not last:
            return None
        idea = self.ideas.get(turn.actor.team_id, int(str(last)))
        if idea is None:
            return None
        return [
            Reply(t("submitted.already", ref=idea.public_ref, title=idea.title), idea_id=idea.id)
        ]

    def _support(self, turn: Turn, value: str) -> list[Reply]:
        idea = self.ideas.get(turn.actor.team_id, value)
        if idea is None:
            return [Reply(t("show.none", ref=f"#{value}"))]
        already = self.ideas.has_vote(turn.actor, idea.id)
        votes = self.ideas.set_vote(turn.actor, idea.id, True)
        actor, tags = turn.actor, list(idea.tags)
        self.background.submit(lambda: self.memory.remember_interests(actor, tags, "supported"))
        if turn.draft is not None:
            self._close_draft(turn, "merged", idea.id)
            return [
                Reply(
                    t("similar.support_done", title=idea.title, ref=idea.public_ref, votes=votes),
                    idea_id=idea.id,
                )
            ]
        key = "similar.already_supported" if already else "similar.support_done_no_draft"
        return [Reply(t(key, title=idea.title, ref=idea.public_ref, votes=votes), idea_id=idea.id)]

    def _different(self, turn: Turn, value: str) -> list[Reply]:
        shown = [int(i) for i in turn.notes.get("similar_ids", [])]
        if value in ("", "all"):
            chosen = shown
        else:
            # A button's value is input like any other (issue 7): only an idea of this
            # workspace may be linked, and a refusal changes nothing.
            idea = self.ideas.get(turn.actor.team_id, value)
            if idea is None:
                return [Reply(t("show.none", ref=f"#{value}"))]
            chosen = [idea.id]
        related = set(turn.notes.get("related", []))
        related.update(chosen)
        turn.notes["related"] = sorted(related)
        turn.draft_changed = True
        replies = [Reply(t("similar.different_ack"))]
        if turn.draft is None:
            return replies
        if turn.awaiting in SHAPING_FIELDS:
            asked = [a for a in turn.state.get("asked") or [] if a != turn.awaiting]
            turn.state["asked"] = asked
            turn.awaiting = None
        return self._next_step(turn, replies)

    def _upvote(self, turn: Turn, value: str) -> list[Reply]:
        idea = self.ideas.get(turn.actor.team_id, value)
        if idea is None:
            return [Reply(t("show.none", ref=f"#{value}"))]
        on, votes = self.ideas.toggle_vote(turn.actor, idea.id)
        key = "similar.support_done_no_draft" if on else "vote.removed"
        return [Reply(t(key, title=idea.title, ref=idea.public_ref, votes=votes), idea_id=idea.id)]

    # -- reading ---------------------------------------------------------------------

    def _list_mine(self, turn: Turn) -> list[Reply]:
        ideas = self.ideas.list_ideas(turn.actor.team_id, author_key=turn.actor.user_id, limit=10)
        if not ideas:
            return [Reply(t("mine.none"))]
        seen = dict(turn.state.get("seen_status") or {})
        for idea in ideas:
            seen[str(idea.id)] = idea.status.value
        turn.state["seen_status"] = seen
        return [
            Reply(
                t("mine.intro"),
                kind=ReplyKind.IDEAS,
                cards=tuple(idea_card(i, viewer=turn.actor.user_id) for i in ideas),
            )
        ]

    def _show(self, turn: Turn, ref: str) -> list[Reply]:
        idea = self.ideas.get(turn.actor.team_id, ref) if ref else None
        if idea is None:
            return [Reply(t("show.none", ref=ref or "?"))]
        return [
            Reply(
                "",
                kind=ReplyKind.IDEAS,
                cards=(idea_card(idea, viewer=turn.actor.user_id),),
                choices=(
                    Choice(t("choice.upvote"), Action.UPVOTE, str(idea.id)),
                    Choice(t("choice.similar"), Action.SIMILAR, str(idea.id)),
                ),
                idea_id=idea.id,
            )
        ]

    def _search(self, turn: Turn, query: str) -> list[Reply]:
        hits = self._personal(
            turn, self.ideas.similar(turn.actor.team_id, query, k=5, for_people=True)
        )
        if not hits:
            return [Reply(t("similar.none"))]
        return [
            Reply(
                t("similar.results", query=query),
                kind=ReplyKind.SIMILAR,
                cards=tuple(similar_card(h) for h in hits),
                choices=tuple(
                    Choice(
                        t("choice.upvote") + f" {h.idea.public_ref}", Action.UPVOTE, str(h.idea.id)
                    )
                    for h in hits[:3]
                ),
            )
        ]

    def _similar_to(self, turn: Turn, value: str) -> list[Reply]:
        idea = self.ideas.get(turn.actor.team_id, value)
        if idea is None:
            return [Reply(t("show.none", ref=f"#{value}"))]
        hits = self.ideas.similar_to_idea(idea, k=5)
        if not hits:
            return [Reply(t("similar.none"))]
        return [
            Reply(
                t("similar.results", query=idea.title),
                kind=ReplyKind.SIMILAR,
                cards=tuple(similar_card(h) for h in hits),
            )
        ]

    def _digest(self, turn: Turn) -> list[Reply]:
        if not self.permissions.can_read_digest(turn.actor):
            return [Reply(t("digest.not_allowed"))]
        return [Reply(t("digest.pointer"))]

    # -- memory --------------------------------------------------------------------

    def _recall(self, turn: Turn) -> list[Reply]:
        from bot.core.replies import MemoryLine

        items = self.memory.items(turn.actor)
        if not items:
            return [Reply(t("memory.none"))]
        lines = tuple(MemoryLine(i.id, i.kind, i.content) for i in items)
        choices = [
            Choice(
                t("choice.forget_item", content=_short(i.content)), Action.FORGET_MEMORY, str(i.id)
            )
            for i in items[:10]
        ]
        choices.append(Choice(t("choice.forget_me"), Action.FORGET_ME, style="danger"))
        return [
            Reply(
                t("memory.intro") + "\n" + t("memory.hint"),
                kind=ReplyKind.MEMORY,
                memories=lines,
                choices=tuple(choices),
            )
        ]

    def _remember(self, turn: Turn, content: str) -> list[Reply]:
        candidates = self.engine.extract_memories(content)
        if not candidates:
            return [Reply(t("memory.noted_nothing"))]
        added = self.memory.remember(turn.actor, candidates, source="said")
        shown = added or []
        items = (
            "; ".join(c.content for c in candidates)
            if not shown
            else "; ".join(r.content for r in shown)
        )
        reloaded = self._load(turn.actor).profile
        turn.profile = reloaded
        return [Reply(t("memory.noted", items=items))]

    def _forget_item(self, turn: Turn, description: str) -> list[Reply]:
        item = self.memory.find(turn.actor, description)
        if item is None:
            return [Reply(t("memory.forget_not_found")), *self._recall(turn)]
        self.memory.delete(turn.actor, item.id)
        return [Reply(t("memory.forgot_item", content=item.content))]

    def _forget_item_by_id(self, turn: Turn, value: str) -> list[Reply]:
        items = {str(i.id): i for i in self.memory.items(turn.actor)}
        item = items.get(value)
        if item is None or not self.memory.delete(turn.actor, item.id):
            return [Reply(t("memory.forget_not_found"))]
        return [Reply(t("memory.forgot_item", content=item.content))]

    def _confirm_forget_me(self, turn: Turn) -> list[Reply]:
        turn.awaiting = "confirm_forget_me"
        return [
            Reply(
                t("memory.forget_me_confirm"),
                choices=(
                    Choice(t("choice.confirm_forget_me"), Action.CONFIRM_FORGET_ME, style="danger"),
                    Choice(t("choice.keep"), Action.FORGET_ME, "keep"),
                ),
            )
        ]

    def _forget_me(self, turn: Turn) -> list[Reply]:
        # Pending memory writes for this person must land before the delete, or they
        # would re-create what was just forgotten.
        self.background.drain()
        done = self.memory.forget_me(turn.actor)
        turn.forgotten = True
        return [Reply(t("memory.forget_me_done") if done else t("memory.forget_me_nothing"))]


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _single_field(name: str, value: str) -> FieldUpdate:
    values: dict[str, Any] = {name: value}
    return FieldUpdate(**values)
