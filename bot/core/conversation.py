"""The conversation: routes a person's message or button to the use case that handles it.

Transport-neutral: Slack and the shell both call `start` and `handle` with plain
`Incoming` messages and render the `Reply` objects they get back. The use cases live
in their own modules (intake, submission, voting, search, reading, remembering,
forgetting, digests); this module only decides which one a message is for.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.core import choices
from bot.core.asking import AskIdeaStatus, Asking, AskProgramme
from bot.core.background import Background
from bot.core.deps import CoreDeps
from bot.core.digests import Digests, ReadDigest
from bot.core.events import EventBus
from bot.core.forgetting import ForgetDescribed, ForgetItem, Forgetting
from bot.core.ideas import IdeaService
from bot.core.intake import Intake
from bot.core.memory import MemoryService
from bot.core.messages import locale_scope, t
from bot.core.models import Actor
from bot.core.news import AskNews, IdeasNews
from bot.core.permissions import Permissions
from bot.core.ports.language import SHAPING_FIELDS, DialogueContext, Intent, LanguageEngine
from bot.core.ports.news import NewsStore
from bot.core.ports.storage import Store
from bot.core.reading import Reading, ShowIdea, help_reply, unknown_reply
from bot.core.remembering import Remembering, Said
from bot.core.replies import Action, Reply, ReplyKind
from bot.core.reply_language import ReplyLanguage, stamp
from bot.core.search import SearchIdeas, Searching, SimilarTo
from bot.core.session import Sessions, Turn
from bot.core.submission import AcceptTerms, Submission, SubmitDraft, wants_anonymity
from bot.core.text import MAX_TEXT_CHARS, InvalidInput, clean
from bot.core.voting import Support, Unvote, Upvote, Voting

# Messages mined for memory after the reply (see remembering.MemoryLearner).
LEARNABLE = frozenset({Intent.NEW_IDEA, Intent.ANSWER, Intent.UNKNOWN, Intent.GREETING})
Route = Callable[[Turn, str], list[Reply]]


@dataclass(frozen=True)
class Incoming:
    actor: Actor
    text: str | None = None
    action: Action | None = None
    value: str = ""


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
        events: EventBus | None = None,
        terms: str | None = None,
        news: NewsStore | None = None,
        languages: ReplyLanguage | None = None,
    ) -> None:
        self.ideas, self.memory, self.background = ideas, memory, background
        self.languages = languages
        self.events = events or EventBus()
        self.sessions = Sessions(store, clock)
        deps = CoreDeps(
            ideas, memory, engine, permissions, self.events, self.sessions, background, terms
        )
        self.deps = deps
        # Without a status history to read (news=None) "what happened to my ideas?"
        # lists them, and the greeting compares statuses.
        self.news = IdeasNews(news, ideas, self.sessions) if news is not None else None
        self.reading = Reading(deps, self.news)
        self.searching = Searching(deps)
        self.intake = Intake(deps, self.searching)
        self.submission = Submission(deps)
        self.voting = Voting(deps)
        self.remembering = Remembering(memory, engine)
        self.forgetting = Forgetting(memory, permissions, self.remembering, background)
        self.digests = Digests(permissions)
        self.asking = Asking(deps)
        self._actions = self._action_routes()

    @property
    def engine(self) -> LanguageEngine:
        return self.deps.engine

    # -- entry points ----------------------------------------------------------

    def start(self, actor: Actor) -> list[Reply]:
        """Open a session: greet, bring news about my ideas, offer a pending draft."""
        with self.sessions.lock(actor), locale_scope():
            turn = self.sessions.load(actor)
            if self.languages is not None:
                self.languages.settle(turn, None, self.sessions.is_new(turn))
            replies = self.reading.opening(turn)
            self.sessions.save(turn, None, replies)
            return stamp(replies, turn.locale)

    def handle(self, incoming: Incoming) -> list[Reply]:
        with self.sessions.lock(incoming.actor), locale_scope():
            turn = self.sessions.load(incoming.actor)
            # The reply language, and a request to change it ("parle-moi en français").
            if self.languages is not None:
                said = incoming.text if incoming.action is None else None
                fresh = self.sessions.is_new(turn)
                if switched := self.languages.settle(turn, said, fresh):
                    self.sessions.save(turn, clean(incoming.text), switched)
                    return stamp(switched, turn.locale)
            loc = turn.locale
            text = clean(incoming.text)
            action, value = incoming.action, incoming.value
            picked = choices.pick(turn, text) if action is None and text else None
            if isinstance(picked, choices.Picked):
                action, value = picked.action, picked.value
            replies: list[Reply] = []
            if self.sessions.is_new(turn) and action is None:
                replies.extend(self.reading.opening(turn, quiet=True))
            try:
                if isinstance(picked, choices.AskAgain):
                    replies.extend(picked.replies)
                elif action is not None:
                    replies.extend(self._actions[action](turn, value))
                elif not text:
                    replies.append(Reply(t("empty", loc)))
                elif len(text) > MAX_TEXT_CHARS:
                    too_long = t("too_long", loc, length=len(text), limit=MAX_TEXT_CHARS)
                    replies.append(Reply(too_long, kind=ReplyKind.ERROR))
                else:
                    replies.extend(self._on_text(turn, text))
            except InvalidInput as exc:
                message = str(exc)[:1].upper() + str(exc)[1:] + "."
                replies.append(Reply(message, kind=ReplyKind.ERROR))
            replies = choices.show_draft(turn, replies)
            said = text or (f"[{action.value}] {value}".strip() if action else "")
            self.sessions.save(turn, said, replies)
            if text and turn.learn_from_text and not turn.forgotten:
                self.events.publish(Said(turn.actor, text))
            return stamp(replies, turn.locale)

    # -- buttons and numbered choices ---------------------------------------------

    def _action_routes(self) -> dict[Action, Route]:
        intake, voting, forgetting = self.intake, self.voting, self.forgetting
        return {
            Action.SUBMIT: lambda tr, v: self._submit(tr, wants_anonymity(tr, v == "named")),
            Action.SUBMIT_ANONYMOUS: lambda tr, _: self._submit(tr, True),
            Action.ACCEPT_TERMS: lambda tr, v: (
                self._preview_first(tr)
                or self.submission.accept_terms(AcceptTerms(tr, v == "anonymous"))
            ),
            Action.EDIT: lambda tr, _: intake.ask_edit(tr),
            Action.CANCEL: lambda tr, _: intake.cancel(tr),
            Action.SUPPORT: lambda tr, v: voting.support(Support(tr, v)),
            Action.DIFFERENT: intake.different,
            Action.RESUME_DRAFT: lambda tr, _: intake.resume(tr),
            Action.DISCARD_DRAFT: lambda tr, _: intake.discard(tr),
            Action.FORGET_MEMORY: lambda tr, v: forgetting.forget_item(ForgetItem(tr.actor, v)),
            Action.FORGET_ME: lambda tr, v: (
                forgetting.keep(tr) if v == "keep" else forgetting.confirm_forget_me(tr)
            ),
            Action.CONFIRM_FORGET_ME: lambda tr, _: forgetting.forget_me(tr),
            Action.SHOW_IDEA: lambda tr, v: self.reading.show(ShowIdea(tr.actor, v)),
            Action.UPVOTE: lambda tr, v: voting.upvote(Upvote(tr, v)),
            Action.UNVOTE: lambda tr, v: voting.unvote(Unvote(tr, v)),
            Action.SIMILAR: lambda tr, v: self.searching.similar_to(SimilarTo(tr.actor, v)),
            Action.HELP: lambda tr, _: help_reply(tr.locale),
            Action.NEW_IDEA: lambda tr, _: [Reply(t("greeting.prompt", tr.locale))],
            Action.LIST_MINE: lambda tr, _: self.reading.list_mine(tr),
            Action.CHOOSE_CHALLENGE: intake.choose_challenge,
        }

    def _submit(self, turn: Turn, anonymous: bool) -> list[Reply]:
        return self._preview_first(turn) or self.submission.submit(SubmitDraft(turn, anonymous))

    def _preview_first(self, turn: Turn) -> list[Reply]:
        """Nothing is submitted that the person has not seen as a preview and confirmed."""
        if not choices.needs_preview(turn):
            return []
        return choices.preview_first(turn, self.intake.preview(turn))

    # -- free text ------------------------------------------------------------------

    def _on_text(self, turn: Turn, text: str) -> list[Reply]:
        context = DialogueContext(
            has_draft=turn.draft is not None,
            awaiting=turn.awaiting,
            draft=turn.fields if turn.draft is not None else None,
            locale=turn.locale,
        )
        result = self.engine.detect_intent(text, context)
        turn.learn_from_text = result.intent in LEARNABLE
        intent, slots, awaiting = result.intent, result.slots, turn.awaiting
        if intent is Intent.YES:
            return self._yes(turn)
        if intent is Intent.NO:
            return self._no(turn)
        if awaiting == "confirm_forget_me" and intent is not Intent.FORGET_ME:
            turn.awaiting = None
        actor, intake = turn.actor, self.intake
        content = slots.get("content") or text
        routes: dict[Intent, Callable[[], list[Reply]]] = {
            Intent.GREETING: lambda: self._greet(turn),
            Intent.CLARIFY: lambda: intake.clarify(turn) or help_reply(turn.locale),
            Intent.HELP: lambda: help_reply(turn.locale),
            Intent.THANKS: lambda: [Reply(t("thanks", turn.locale))],
            Intent.SUBMIT: lambda: self._submit(
                turn,
                slots.get("anonymous") == "1" or wants_anonymity(turn, slots.get("named") == "1"),
            ),
            Intent.SUBMIT_ANONYMOUS: lambda: self._submit(turn, True),
            Intent.CANCEL: lambda: intake.cancel(turn),
            Intent.LIST_MINE: lambda: self.reading.list_mine(turn),
            Intent.MY_IDEAS_NEWS: lambda: (
                self.news.ask(AskNews(turn)) if self.news else self.reading.list_mine(turn)
            ),
            Intent.SHOW_IDEA: lambda: self.reading.show(ShowIdea(actor, slots.get("ref", ""))),
            Intent.SEARCH: lambda: self.searching.search(
                SearchIdeas(actor, slots.get("query") or text)
            ),
            Intent.RECALL_MEMORY: lambda: self.remembering.recall(actor),
            Intent.REMEMBER: lambda: self._remember(turn, content, text),
            Intent.FORGET_ITEM: lambda: self.forgetting.forget_described(
                ForgetDescribed(actor, content)
            ),
            Intent.FORGET_ME: lambda: self.forgetting.confirm_forget_me(turn),
            Intent.DIGEST: lambda: self.digests.read(ReadDigest(actor)),
            Intent.EDIT_FIELD: lambda: intake.edit(
                turn, slots.get("field", ""), slots.get("value", ""), text
            ),
            Intent.IDEA_STATUS: lambda: self.asking.idea_status(
                AskIdeaStatus(actor, slots.get("query", ""))
            ),
            Intent.PROGRAMME: lambda: self.asking.programme(
                AskProgramme(actor, slots.get("topic", ""))
            ),
        }
        if intent in routes:
            return routes[intent]()
        if intent in (Intent.NEW_IDEA, Intent.ANSWER):
            new_idea = intent is Intent.NEW_IDEA
            return intake.shape(turn, text, new_idea=new_idea, content=slots.get("content"))
        # UNKNOWN: while shaping, anything is an answer; otherwise offer next steps.
        if turn.draft is not None and awaiting in (*SHAPING_FIELDS, "title", "edit", "preview"):
            return intake.shape(turn, text, new_idea=False, content=None)
        return [unknown_reply(turn.locale)]

    def _greet(self, turn: Turn) -> list[Reply]:
        if turn.draft is not None and turn.awaiting in (*SHAPING_FIELDS, "preview", "edit"):
            loc = turn.locale
            hello = (
                t("greeting.hello", loc, name=turn.name)
                if turn.name
                else t("greeting.hello_anonymous", loc)
            )
            return [Reply(hello), *(self.intake.clarify(turn) or help_reply(loc))]
        return self.reading.greet(turn)

    def _remember(self, turn: Turn, content: str, said: str = "") -> list[Reply]:
        replies = self.remembering.remember(turn, content, said)
        # What was just stored may change the profile (a name, an anonymity default).
        turn.profile = self.sessions.load(turn.actor).profile
        return replies

    def _yes(self, turn: Turn) -> list[Reply]:
        awaiting = turn.awaiting
        if awaiting == "resume":
            return self.intake.resume(turn)
        if awaiting == "preview":
            return self._submit(turn, wants_anonymity(turn, named=False))
        if awaiting == "confirm_forget_me":
            return self.forgetting.forget_me(turn)
        if turn.draft is not None and awaiting in SHAPING_FIELDS:
            # "yes" tells nothing about the field asked for: move on, as for "no".
            return self.intake.next_step(turn, [])
        return [Reply(t("greeting.prompt", turn.locale))]

    def _no(self, turn: Turn) -> list[Reply]:
        awaiting = turn.awaiting
        if awaiting == "resume":
            return self.intake.discard(turn)
        if awaiting == "confirm_forget_me":
            return self.forgetting.keep(turn)
        if awaiting == "preview":
            return self.intake.ask_edit(turn)
        if turn.draft is not None and awaiting in SHAPING_FIELDS:
            # "no idea" / "not sure" to a question: skip it and move on.
            return self.intake.next_step(turn, [])
        return [unknown_reply(turn.locale)]
