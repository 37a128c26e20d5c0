"""Intake: the draft state machine that shapes a message into a well-formed idea.

Asks at most a few focused questions (never one already answered), shows similar
ideas once the draft says enough, and ends on a preview with Submit / Edit / Cancel.
"""

from __future__ import annotations

from typing import Any

from bot.core import challenge_intake
from bot.core.cards import preview_card, similar_card
from bot.core.deps import CoreDeps
from bot.core.memory import interest_name
from bot.core.messages import t
from bot.core.models import IdeaFields
from bot.core.ports.language import SHAPING_FIELDS, FieldUpdate, ProfileHint
from bot.core.replies import Action, Choice, Reply, ReplyKind
from bot.core.search import Searching
from bot.core.session import Turn
from bot.core.text import clean

MAX_QUESTIONS = 3
EDITABLE = ("title", "problem", "proposal", "benefits", "challenge")


class Intake:
    def __init__(self, deps: CoreDeps, searching: Searching) -> None:
        self.deps = deps
        self.searching = searching

    # -- shaping -----------------------------------------------------------------

    def shape(self, turn: Turn, text: str, new_idea: bool, content: str | None) -> list[Reply]:
        replies: list[Reply] = []
        if turn.draft is not None and new_idea and turn.awaiting == "resume":
            title = turn.fields.title or t("idea_title.untitled", turn.locale)
            self.deps.sessions.close_draft(turn, "set_aside")
            replies.append(Reply(t("cancel.set_aside", turn.locale, title=title)))
            turn.draft, turn.fields, turn.notes = None, IdeaFields(), {}
        if turn.draft is None:
            self.deps.sessions.new_draft(turn)
        awaiting = turn.awaiting if turn.awaiting in (*SHAPING_FIELDS, "title") else None
        # The content slot is the message without its lead-in ("idea: …", "no idea tbh, …");
        # a new idea's lead-in is kept once the draft has content (it may be a cue).
        source = content if (content and (not new_idea or not turn.fields.filled())) else text
        update = self.deps.engine.extract_fields(source, turn.fields, awaiting, turn.locale)
        if update.is_empty():
            if awaiting is None and not turn.fields.filled():
                # "I have an idea": nothing to shape yet, so no draft content either.
                return [*replies, Reply(t("greeting.go_ahead", turn.locale))]
            target = awaiting or ("proposal" if not turn.fields.proposal else None)
            if target:
                update = single_field(target, source)
        self.apply(turn, update)
        if awaiting in SHAPING_FIELDS and not getattr(turn.fields, awaiting):
            # The answer changed another field ("scrap that, docking stations"): the
            # question asked is still open, so it is asked again rather than used up.
            turn.state["asked"] = [a for a in turn.state.get("asked") or [] if a != awaiting]
            turn.awaiting = None
        turn.notes.setdefault("texts", []).append(text)
        replies.extend(self._similar(turn))
        replies.extend(challenge_intake.offer_for_draft(self.deps, turn))
        return replies + self.next_step(turn, [])

    def apply(self, turn: Turn, update: FieldUpdate) -> None:
        fields = turn.fields
        for name in ("problem", "proposal", "benefits", "challenge"):
            value = getattr(update, name)
            if value:
                old = getattr(fields, name)
                if old and old != value and old not in value:
                    # A replaced version is kept in the draft's notes, never shown.
                    turn.notes.setdefault("history", []).append({"field": name, "value": old})
                setattr(fields, name, value)
        if update.tags:
            fields.tags = list(update.tags)
        if update.title:
            fields.title = update.title
            turn.notes["title_locked"] = True
        if not turn.notes.get("title_locked") and (fields.proposal or fields.problem):
            fields.title = self.deps.engine.make_title(fields, turn.locale)
        turn.draft_changed = True

    def _similar(self, turn: Turn) -> list[Reply]:
        if turn.notes.get("similar_shown"):
            return []
        hits = self.searching.for_draft(turn.actor, turn.fields)
        if hits is None:
            return []
        turn.notes["similar_shown"] = True
        turn.draft_changed = True
        if not hits:
            return []
        loc = turn.locale
        turn.notes["similar_ids"] = [h.idea.id for h in hits]
        choices = [
            Choice(t("choice.support", loc, ref=h.idea.public_ref), Action.SUPPORT, str(h.idea.id))
            for h in hits
        ]
        choices.append(Choice(t("choice.different", loc), Action.DIFFERENT, "all"))
        one = len(hits) == 1
        intro = t("similar.intro_one", loc) if one else t("similar.intro_many", loc)
        hint = t("similar.support_hint_one", loc) if one else t("similar.support_hint_many", loc)
        return [
            Reply(
                intro + " " + hint,
                kind=ReplyKind.SIMILAR,
                cards=tuple(similar_card(h) for h in hits),
                choices=tuple(choices),
            )
        ]

    def _relevant_interests(self, turn: Turn) -> list[str]:
        """Interests recalled by relevance to this draft (vector search on memory)."""
        memory = self.deps.memory
        text = " ".join(p for p in (turn.fields.proposal, turn.fields.problem) if p)
        recalled = [m for m in memory.recall(turn.actor, text, k=5) if m.kind == "interest"]
        names = [interest_name(m.content) for m in recalled]
        return names[:3] or memory.interests(turn.actor)[:3]

    def next_step(self, turn: Turn, replies: list[Reply]) -> list[Reply]:
        """The next question, or the preview when nothing worth asking is left."""
        asked: list[str] = list(turn.state.get("asked") or [])
        if turn.awaiting in SHAPING_FIELDS and turn.awaiting not in asked:
            asked.append(str(turn.awaiting))
        question = None
        if len(asked) < MAX_QUESTIONS and turn.awaiting not in ("preview", "edit"):
            hint = ProfileHint(
                name=turn.name,
                department=turn.profile.department,
                interests=tuple(self._relevant_interests(turn)),
                locale=turn.locale,
            )
            question = self.deps.engine.next_question(turn.fields, asked, hint)
        if question is not None and question.field not in asked:
            asked.append(question.field)
            turn.state["asked"] = asked
            turn.state["question"] = question.text
            turn.awaiting = question.field
            loc = turn.locale
            return [
                *replies,
                Reply(
                    question.text,
                    kind=ReplyKind.QUESTION,
                    choices=(
                        Choice(t("choice.submit", loc), Action.SUBMIT, style="primary"),
                        Choice(t("choice.cancel", loc), Action.CANCEL),
                    ),
                ),
            ]
        turn.state["asked"] = asked
        return [*replies, self.preview(turn)]

    def preview(self, turn: Turn) -> Reply:
        turn.awaiting = "preview"
        fields, loc, prefs = turn.fields, turn.locale, turn.profile.preferences
        if not fields.tags:
            vocabulary = self.deps.ideas.tag_vocabulary(turn.actor.team_id)
            fields.tags = self.deps.engine.suggest_tags(fields, vocabulary, loc)
            turn.draft_changed = True
        if not fields.title:
            fields.title = self.deps.engine.make_title(fields, turn.locale)
        lines = [t("preview.intro", loc)]
        if prefs.get("anonymous_default"):
            lines.append(t("preview.anonymous_default", loc))
        if not prefs.get("terms_seen"):
            lines.append(t("preview.terms", loc))
        submit = (
            Choice(t("choice.submit", loc), Action.SUBMIT, style="primary"),
            Choice(t("choice.submit_anonymously", loc), Action.SUBMIT_ANONYMOUS),
        )
        if prefs.get("anonymous_default"):
            submit = (
                Choice(
                    t("choice.submit_anonymously", loc), Action.SUBMIT_ANONYMOUS, style="primary"
                ),
                Choice(t("choice.submit_named", loc), Action.SUBMIT, "named"),
            )
        return Reply(
            "\n".join(lines),
            kind=ReplyKind.PREVIEW,
            cards=(preview_card(fields, turn.name),),
            choices=(
                *submit,
                *challenge_intake.preview_choices(self.deps, turn),
                Choice(t("choice.edit", loc), Action.EDIT),
                Choice(t("choice.cancel", loc), Action.CANCEL, style="danger"),
            ),
        )

    def choose_challenge(self, turn: Turn, value: str) -> list[Reply]:
        said = challenge_intake.choose(self.deps, turn, value)
        if said is None:
            return [Reply(t("greeting.prompt", turn.locale))]
        return [said, self.preview(turn)]

    # -- editing, resuming, leaving ---------------------------------------------------

    def ask_edit(self, turn: Turn) -> list[Reply]:
        if turn.draft is None:
            return [Reply(t("preview.no_draft_to_edit", turn.locale))]
        turn.awaiting = "edit"
        return [Reply(t("preview.edit_prompt", turn.locale))]

    def edit(self, turn: Turn, field_name: str, value: str, text: str) -> list[Reply]:
        loc = turn.locale
        if turn.draft is None:
            return [Reply(t("preview.no_draft_to_edit", loc))]
        value = clean(value)
        if field_name == "tags":
            tags = [v.strip().lower() for v in value.replace(";", ",").split(",") if v.strip()]
            self.apply(turn, FieldUpdate(tags=tuple(tags[:5])))
        elif field_name in EDITABLE and value:
            self.apply(turn, single_field(field_name, value))
        else:
            self.apply(turn, self.deps.engine.extract_fields(text, turn.fields, None, turn.locale))
            field_name = "idea"
        turn.awaiting = "preview"
        label = t("field." + field_name, loc) if field_name != "idea" else "idea"
        return [Reply(t("preview.edited", loc, field=label)), self.preview(turn)]

    def clarify(self, turn: Turn) -> list[Reply] | None:
        """Say the pending question again, with an example of an answer (None: no
        question is pending)."""
        awaiting, loc = turn.awaiting, turn.locale
        if turn.draft is not None and awaiting in SHAPING_FIELDS:
            question = str(turn.state.get("question") or "")
            example = t(f"clarify.{awaiting}", loc)
            return [Reply((question + "\n" if question else "") + example, kind=ReplyKind.QUESTION)]
        if turn.draft is not None and awaiting in ("preview", "edit"):
            return [Reply(t("clarify.preview", loc)), self.preview(turn)]
        return None

    def resume(self, turn: Turn) -> list[Reply]:
        if turn.draft is None:
            return [Reply(t("greeting.prompt", turn.locale))]
        turn.awaiting = None
        return self.next_step(turn, [])

    def discard(self, turn: Turn) -> list[Reply]:
        if turn.draft is None:
            return [Reply(t("cancel.nothing", turn.locale))]
        title = turn.fields.title or t("idea_title.untitled", turn.locale)
        self.deps.sessions.close_draft(turn, "cancelled")
        return [Reply(t("resume.discarded", turn.locale, title=title))]

    def cancel(self, turn: Turn) -> list[Reply]:
        if turn.draft is None:
            turn.awaiting = None
            return [Reply(t("cancel.nothing", turn.locale))]
        self.deps.sessions.close_draft(turn, "cancelled")
        return [Reply(t("cancel.done", turn.locale))]

    def different(self, turn: Turn, value: str) -> list[Reply]:
        """ "Mine is different" from the ideas shown: they become related, shaping goes on."""
        shown = [int(i) for i in turn.notes.get("similar_ids", [])]
        if value in ("", "all"):
            chosen = shown
        else:
            # A button's value is input like any other (issue 7): only an idea of this
            # workspace may be linked, and a refusal changes nothing.
            idea = self.deps.ideas.get(turn.actor.team_id, value)
            if idea is None:
                return [Reply(t("show.none", turn.locale, ref=f"#{value}"))]
            chosen = [idea.id]
        related = set(turn.notes.get("related", []))
        related.update(chosen)
        turn.notes["related"] = sorted(related)
        turn.draft_changed = True
        replies = [Reply(t("similar.different_ack", turn.locale))]
        if turn.draft is None:
            return replies
        if turn.awaiting in SHAPING_FIELDS:
            asked = [a for a in turn.state.get("asked") or [] if a != turn.awaiting]
            turn.state["asked"] = asked
            turn.awaiting = None
        return self.next_step(turn, replies)


def single_field(name: str, value: str) -> FieldUpdate:
    values: dict[str, Any] = {name: value}
    return FieldUpdate(**values)
