"""Intent detection: rules first, then the nearest labelled exemplar, then context.

1. Rules (commands.py) are exact and cheap; most command messages stop there.
2. Otherwise the message is embedded and compared with labelled exemplars
   (data/<language>/intent_exemplars.yaml). A command intent is only taken from an exemplar
   when the message is short and very close to it: a long message that merely
   resembles "help" is someone describing something.
3. Otherwise context decides: content while a question is pending is an ANSWER;
   a descriptive message with no draft is a NEW_IDEA; the rest is UNKNOWN.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources

import numpy as np
import numpy.typing as npt
import yaml

from bot.core.models import IdeaFields
from bot.core.ports.language import (
    EDITABLE_FIELDS,
    SHAPING_FIELDS,
    DialogueContext,
    Intent,
    IntentResult,
)
from bot.language.offline import commands, corrections, cues, lexicon, meta
from bot.language.offline.memory import extract_memories
from bot.language.offline.roles import RoleClassifier
from bot.language.offline.roles import has_data as has_roles
from bot.language.offline.text import clean, content_words, stem, words

Embed = Callable[[Sequence[str]], npt.NDArray[np.float32]]

# Cosine thresholds for all-MiniLM-L6-v2 (see tests/unit/language for the checks):
# measured with 5-fold held-out exemplars, a held-out paraphrase of a command scores
# 0.55–0.8 against its own intent; wrong neighbours rarely exceed 0.6 with a margin.
COMMAND_SIMILARITY = 0.6
COMMAND_SIMILARITY_LONG = 0.8
COMMAND_MARGIN = 0.04
CONTENT_SIMILARITY = 0.45
DRAFT_RELATED = 0.3
DESCRIPTIVE_WORDS = 5
# Exemplar labels that mean "this message is content", decided by context.
_CONTENT_LABELS = lexicon.Words("intents", "content_labels")
# How much of a short fragment's sentence-role probability must be about an idea
# (problem, proposal or benefit) for it to start one.
_FRAGMENT_SURE = 0.55
# Intents whose slots an exemplar match cannot fill: only the rules may return them.
_NEEDS_RULE = lexicon.Words("intents", "needs_rule")

_CHANGE_VERBS = lexicon.Regex("intents", "change_verbs")
_SEARCH_WORDS = lexicon.Regex("intents", "search_words")
_QUESTION_TO_BOT = lexicon.Regex("intents", "question_to_bot")
# How many words a bare topic ("solar panels on the roof", "salle calme") needs to start
# an idea, and how long a message about oneself may be; per language (French says more).
_TOPIC_WORDS = lexicon.Number("intents", "topic_min_words")
# The thresholds above, per language: data/<code>/intents.yaml may raise them where the
# sentence model reads the language less well than English.
_COMMAND_SIMILARITY = lexicon.Number("intents", "command_similarity")
_COMMAND_SIMILARITY_LONG = lexicon.Number("intents", "command_similarity_long")
_SELF_STATEMENT_WORDS = lexicon.Number("intents", "self_statement_max_words")


@dataclass(frozen=True)
class _Exemplars:
    labels: tuple[Intent, ...]
    texts: tuple[str, ...]
    matrix: npt.NDArray[np.float32]


def load_exemplars(code: str = lexicon.DEFAULT) -> dict[Intent, list[str]]:
    path = resources.files("bot.language").joinpath(f"data/{code}/intent_exemplars.yaml")
    if not path.is_file():
        path = resources.files("bot.language").joinpath(
            f"data/{lexicon.DEFAULT}/intent_exemplars.yaml"
        )
    raw = path.read_text(encoding="utf-8")
    data = yaml.safe_load(raw) or {}
    return {Intent(str(key)): [str(x) for x in values] for key, values in data.items()}


class IntentDetector:
    def __init__(
        self,
        embed: Embed | None,
        exemplars: dict[Intent, list[str]] | None = None,
        roles: RoleClassifier | None = None,
    ):
        self._embed = embed
        self._roles = roles
        self._source = exemplars
        # One exemplar matrix per language read so far.
        self._exemplars: dict[str, _Exemplars] = {}
        self._lock = threading.Lock()

    # -- public ---------------------------------------------------------------------

    def detect(self, text: str, context: DialogueContext) -> IntentResult:
        body = clean(text)
        norm = commands.command_form(text)
        awaiting_answer = context.has_draft and context.awaiting in SHAPING_FIELDS
        if not norm:
            # Only emoji in answer to a question: tone, not content; move on.
            if awaiting_answer and body:
                return IntentResult(Intent.NO, 0.9)
            return IntentResult(Intent.UNKNOWN, 1.0)
        hit = commands.match_commands(norm)
        if hit is None:
            early = _meta(body, awaiting_answer, context.has_draft)
            if early is not None:
                return early
            hit = commands.match_requests(body, norm, context.has_draft)
        if hit is None and lexicon.language() != lexicon.DEFAULT:
            # "submit", "my ideas": people writing another language often type the
            # English commands too; these rules are anchored on the whole message.
            with lexicon.speaking(lexicon.DEFAULT):
                hit = commands.match_commands(norm) or commands.match_requests(
                    body, norm, context.has_draft
                )
        if hit is not None:
            return IntentResult(hit.intent, hit.confidence, dict(hit.slots))
        if commands.STRONG_NEW_IDEA.match(body):
            return self._new_idea(body, 0.95)
        awaiting_field = context.has_draft and context.awaiting in EDITABLE_FIELDS
        if commands.SOFT_NEW_IDEA.match(body) and len(words(body)) >= 4:
            if awaiting_field or (context.has_draft and self._relates(body, context.draft)):
                return IntentResult(Intent.ANSWER, 0.85)
            return self._new_idea(body, 0.9)
        if not (awaiting_field or context.has_draft) and _is_self_statement(body):
            return IntentResult(Intent.REMEMBER, 0.8, {"content": body})

        nearest = self._nearest(body)
        n_words = len(words(body))
        if nearest is not None:
            label, similarity, margin = nearest
            if label not in _CONTENT_LABELS and label is not Intent.UNKNOWN:
                threshold = (
                    _COMMAND_SIMILARITY.now
                    if n_words <= commands.COMMAND_MAX_WORDS
                    else _COMMAND_SIMILARITY_LONG.now
                )
                if similarity >= threshold and margin >= COMMAND_MARGIN:
                    result = self._from_exemplar(label, similarity, body)
                    if result is not None:
                        return result
        return self._by_context(body, n_words, context, nearest)

    def warm_up(self) -> None:
        self._ensure_exemplars()

    # -- exemplars --------------------------------------------------------------------

    def _ensure_exemplars(self) -> _Exemplars | None:
        if self._embed is None:
            return None
        code = lexicon.language()
        ready = self._exemplars.get(code)
        if ready is not None:
            return ready
        with self._lock:
            if code not in self._exemplars:
                source = self._source if self._source is not None else load_exemplars(code)
                labels: list[Intent] = []
                texts: list[str] = []
                for intent, examples in sorted(source.items()):
                    for example in examples:
                        labels.append(intent)
                        texts.append(clean(example) or example)
                matrix = np.asarray(self._embed(texts), dtype=np.float32)
                self._exemplars[code] = _Exemplars(tuple(labels), tuple(texts), matrix)
        return self._exemplars[code]

    def _nearest(self, body: str) -> tuple[Intent, float, float] | None:
        """(best intent, its top cosine, lead over the runner-up intent's score)."""
        exemplars = self._ensure_exemplars()
        if exemplars is None or not body or self._embed is None:
            return None
        vector = np.asarray(self._embed([body]), dtype=np.float32)[0]
        sims = exemplars.matrix @ vector
        # Score each intent by its best exemplar plus a little of its second best, so
        # one lucky neighbour does not outvote a consistent cluster.
        best: dict[Intent, list[float]] = {}
        for label, sim in zip(exemplars.labels, sims.tolist(), strict=True):
            best.setdefault(label, []).append(sim)
        scored = []
        for label, values in best.items():
            top = sorted(values, reverse=True)[:2]
            second = top[1] if len(top) > 1 else top[0]
            scored.append((top[0] * 0.8 + second * 0.2, top[0], label.value, label))
        scored.sort(reverse=True)
        score, top_sim, _, label = scored[0]
        runner_up = scored[1][0] if len(scored) > 1 else 0.0
        return label, float(top_sim), float(score - runner_up)

    def _from_exemplar(self, label: Intent, similarity: float, body: str) -> IntentResult | None:
        if label in _NEEDS_RULE:
            return None
        slots: dict[str, str] = {}
        if label is Intent.SEARCH:
            # A bare topic ("standing desks for everyone") resembles "search bike racks";
            # only a question or a search word makes it a search.
            if not (body.rstrip().endswith("?") or _SEARCH_WORDS.search(body)):
                return None
            query = _loose_query(body)
            if not query:
                return None
            slots["query"] = query
        elif label in (Intent.REMEMBER, Intent.FORGET_ITEM):
            slots["content"] = body
        elif label is Intent.SUBMIT_ANONYMOUS:
            slots["anonymous"] = "1"
        return IntentResult(label, round(similarity, 3), slots)

    # -- context ----------------------------------------------------------------------

    def _by_context(
        self,
        body: str,
        n_words: int,
        context: DialogueContext,
        nearest: tuple[Intent, float, float] | None,
    ) -> IntentResult:
        has_content = bool(content_words(body)) or bool(re.search(r"\d", body))
        if context.has_draft and context.awaiting in EDITABLE_FIELDS and has_content:
            return IntentResult(Intent.ANSWER, 0.7)
        label, similarity, _ = nearest if nearest is not None else (None, 0.0, 0.0)
        looks_like_content = label in _CONTENT_LABELS and similarity >= CONTENT_SIMILARITY
        if label is Intent.UNKNOWN and similarity >= _COMMAND_SIMILARITY.now:
            return IntentResult(Intent.UNKNOWN, round(similarity, 3))
        chit_chat = label is Intent.UNKNOWN and similarity >= 0.5
        descriptive = (
            has_content
            and not chit_chat
            and (
                (n_words >= DESCRIPTIVE_WORDS and (_describes_change(body) or looks_like_content))
                or (n_words >= 2 and looks_like_content and similarity >= 0.55)
                # A terse topic ("solar panels on the warehouse roof") is how many ideas start.
                or (n_words >= _TOPIC_WORDS.now and len(content_words(body)) >= 2)
                # A complaint is how many others start ("there is never any parking").
                or (n_words >= 4 and max(cues.scores(body).values()) >= cues.STRONG)
                or (n_words >= 2 and cues.scores(body)["problem"] >= cues.STRONG)
                # "quiet room", "faster vpn": a fragment whose role is an idea's.
                or (n_words >= 2 and len(content_words(body)) >= 2 and self._idea_role(body))
            )
        )
        if _QUESTION_TO_BOT.match(body) and not _has_cue(body):
            descriptive = False
        if not descriptive:
            return IntentResult(Intent.UNKNOWN, 0.5)
        if context.has_draft and self._relates(body, context.draft):
            return IntentResult(Intent.ANSWER, 0.6)
        return self._new_idea(body, 0.6 if nearest is None else max(0.6, round(similarity, 3)))

    def _idea_role(self, body: str) -> bool:
        if self._roles is None or not has_roles(lexicon.language()) or body.rstrip().endswith("?"):
            return False
        probs = self._roles.probabilities([body])[0]
        # Any part of an idea ("quiet room" is read as half proposal, half non-answer by
        # the classifier): what is not talk about the conversation.
        about_idea = sum(probs.get(r, 0.0) for r in ("proposal", "problem", "benefit"))
        return about_idea >= _FRAGMENT_SURE

    def _new_idea(self, body: str, confidence: float) -> IntentResult:
        content = commands.strip_new_idea_marker(body)
        slots = {"content": content} if content else {}
        return IntentResult(Intent.NEW_IDEA, confidence, slots)

    def _relates(self, body: str, draft: IdeaFields | None) -> bool:
        """Does this message continue the draft (rather than start another idea)?"""
        if draft is None:
            return True
        draft_text = " ".join(
            v for v in (draft.title, draft.problem, draft.proposal, draft.benefits) if v
        )
        if not draft_text:
            return True
        mine = {stem(w) for w in content_words(body)}
        theirs = {stem(w) for w in content_words(draft_text)}
        if mine & theirs:
            return True
        if self._embed is None:
            # Without the model, assume a message during a draft is about the draft.
            return True
        vectors = np.asarray(self._embed([body, draft_text]), dtype=np.float32)
        return float(vectors[0] @ vectors[1]) >= DRAFT_RELATED


def _meta(body: str, awaiting_answer: bool, has_draft: bool) -> IntentResult | None:
    """Messages about the conversation, read before any request or idea rule: a
    non-answer to the question asked, a question about the programme, a question about
    where one of my ideas stands."""
    if awaiting_answer:
        if meta.is_non_answer(body):
            # "no idea", "skip", a bare "3": the field stays empty, the bot moves on.
            return IntentResult(Intent.NO, 0.9)
        rest = meta.strip_non_answer(body)
        if rest != body and content_words(rest):
            return IntentResult(Intent.ANSWER, 0.8, {"content": rest})
    if has_draft and corrections.is_retraction(body):
        return IntentResult(Intent.CANCEL, 0.85)  # "actually never mind, too big"
    topic = meta.programme_topic(body)
    if topic is not None:
        return IntentResult(Intent.PROGRAMME, 0.9, {"topic": topic})
    query = meta.status_query(body)
    if query:  # with no words naming the idea, "my idea" is about all of them
        return IntentResult(Intent.IDEA_STATUS, 0.9, {"query": query})
    return None


def _describes_change(body: str) -> bool:
    return bool(_CHANGE_VERBS.search(body)) or _has_cue(body)


def _has_cue(body: str) -> bool:
    return any(score > 0 for score in cues.scores(body).values())


def _is_self_statement(body: str) -> bool:
    """A short message that only tells the bot about the person ("I'm based in Lyon")."""
    if len(words(body)) > _SELF_STATEMENT_WORDS.now or _has_idea_cue(body):
        return False
    return bool(extract_memories(body))


def _has_idea_cue(body: str) -> bool:
    found = cues.scores(body)
    return found["proposal"] >= cues.STRONG or found["problem"] >= cues.STRONG


_QUERY_LEAD = lexicon.Regex("intents", "query_lead")
_QUERY_NOISE = lexicon.Regex("intents", "query_noise")


def _loose_query(body: str) -> str:
    """The topic of a search phrased in an unusual way ("what ideas exist about childcare")."""
    query = _QUERY_LEAD.sub("", body.strip().rstrip("?!. "))
    query = _QUERY_NOISE.sub(" ", query)
    query = re.sub(r"\s+", " ", query).strip(" ,:-")
    return query if content_words(query) else ""
