"""Stable choices: what typed text picks from the menu just shown (issue 12).

Every choice answers to a fixed word (its key: "submit", "edit", "support #12"),
the same on every screen, so nothing shifts under the person. Numbers used to be
positions in the last turn's list, so `4` meant Submit on one screen and "Mine is
different" on the next (and, invisibly, in Slack too); a bare number is never a
choice now: while a question is open it is an answer, otherwise the bot asks again
and does nothing. Only the menu just shown is live (`Turn.state["choices"]`, saved by
`Sessions.save`); a choice about one idea that only makes sense on its screen
("support #12" closes the draft) asks again when typed later, while harmless ones
("upvote #12", "show #12") work from anywhere.

The gate before submission lives here too: nothing is submitted unless the draft as it
stands was shown (the preview, or the draft card every question offering Submit
carries) and then confirmed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from bot.core.cards import preview_card
from bot.core.locales import fold
from bot.core.messages import DEFAULT_LOCALE, raw, t
from bot.core.models import IdeaFields
from bot.core.ports.language import SHAPING_FIELDS
from bot.core.replies import Action, Choice, Reply, ReplyKind
from bot.core.session import Turn

# Choices whose value names an idea, a challenge or a memory item ("{ref}" in the key).
ID_KEYED = frozenset(
    {
        Action.SUPPORT,
        Action.SHOW_IDEA,
        Action.UPVOTE,
        Action.UNVOTE,
        Action.SIMILAR,
        Action.FORGET_MEMORY,
        Action.CHOOSE_CHALLENGE,
    }
)
# Of those, the ones that change nothing but a vote or only read: valid on any screen.
ANYWHERE = frozenset({Action.SHOW_IDEA, Action.UPVOTE, Action.UNVOTE, Action.SIMILAR})
# Choices about an idea whose vote "remove my vote" (said without a number) may mean.
ABOUT_AN_IDEA = frozenset(
    {Action.UPVOTE, Action.UNVOTE, Action.SUPPORT, Action.SHOW_IDEA, Action.SIMILAR}
)
SUBMITTING = frozenset({Action.SUBMIT, Action.SUBMIT_ANONYMOUS})
# While one of these is awaited, typed text (a bare "3" too) is an answer, not a pick.
ANSWERING = frozenset({*SHAPING_FIELDS, "title", "edit"})

_NUMBER = re.compile(r"\d{1,6}")
# "on #12", "for idea 12"; in French (accents folded) "sur #12", "pour l'idee 12", "de 12".
_REF_TAIL = re.compile(
    r"(?:(?:on|for|from|of|to|sur|pour|de|a)\s+)?(?:(?:idea|l'idee|idee)\s+)?(\d{1,18})"
)


@dataclass(frozen=True)
class Picked:
    action: Action
    value: str = ""


@dataclass(frozen=True)
class AskAgain:
    """The text looked like a choice that is not open: say so, change nothing."""

    replies: list[Reply]


def key_for(choice: Choice, locale: str | None = None) -> str:
    """The word a choice answers to, the same on every screen it appears on."""
    action, value = choice.action, choice.value
    name = action.value
    if action is Action.SUBMIT and value == "named":
        name = "submit_named"
    elif action is Action.FORGET_ME and value == "keep":
        name = "forget_me_keep"
    return t(f"choices.key.{name}", locale, ref=f"#{value}" if value else "")


def normalise(text: str) -> str:
    """Typed text as keys are compared: case, accents ("differente" for "différente"),
    brackets, "#" and spacing do not count."""
    said = fold(text.strip()).replace("#", " ")
    said = re.sub(r"[\s,;:]+", " ", said)
    return said.strip(" []()<>.!?\"'`*_")


def menu(turn: Turn) -> list[Choice]:
    """The choices of the menu just shown (the last turn's replies)."""
    shown = []
    for row in turn.state.get("choices") or []:
        try:
            label, action, value = row
            shown.append(Choice(str(label), Action(action), str(value)))
        except (TypeError, ValueError):
            continue  # a state saved by an older version: ignored, not fatal
    return shown


def _languages(locale: str | None) -> list[str | None]:
    """The person's language, then English: an English word ("submit") still works in
    a French conversation, as people mix them, but never before the shown word."""
    return [locale] if locale == DEFAULT_LOCALE else [locale, DEFAULT_LOCALE]


def pick(turn: Turn, text: str) -> Picked | AskAgain | None:
    """What typed text picks: a choice, a reason to ask again, or None (free text)."""
    said, loc = normalise(text), turn.locale
    if not said:
        return None
    shown = menu(turn)
    for choice in shown:
        if said in (normalise(key_for(choice, loc)), normalise(choice.label)):
            return Picked(choice.action, choice.value)
    for choice in shown:
        if said == normalise(key_for(choice, DEFAULT_LOCALE)):
            return Picked(choice.action, choice.value)
    unvote = _unvote(turn, said, shown)
    if unvote is not None:
        return unvote
    if _NUMBER.fullmatch(said):
        return _bare_number(turn, said, shown)
    return _keyed_elsewhere(turn, said, shown)


def _bare_number(turn: Turn, said: str, shown: list[Choice]) -> AskAgain | None:
    if turn.awaiting in ANSWERING or not shown:
        # An answer to the question asked ("how many desks?" "3"), or nothing to pick
        # from: the number is text like any other.
        return None
    loc = turn.locale
    return AskAgain([Reply(t("choices.number_stale", loc, number=said), choices=tuple(shown))])


def _keyed_elsewhere(turn: Turn, said: str, shown: list[Choice]) -> Picked | AskAgain | None:
    """ "upvote #12" from any screen; "support #12" only from the screen that offered it."""
    loc = turn.locale
    heads = [
        (action, normalise(t(f"choices.key.{action.value}", lang, ref="")))
        for lang in _languages(loc)
        for action in ID_KEYED
    ]
    for action, head in heads:
        match = re.fullmatch(re.escape(head) + r" (\d{1,18})", said)
        if match is None:
            continue
        if action in ANYWHERE:
            return Picked(action, match[1])
        if shown:
            return AskAgain([Reply(t("choices.stale", loc, said=said), choices=tuple(shown))])
        return AskAgain([Reply(t("choices.stale_none", loc, said=said))])
    return None


def _unvote(turn: Turn, said: str, shown: list[Choice]) -> Picked | AskAgain | None:
    """ "remove my vote" (on #12): the idea named, else the one just shown or voted for."""
    phrases: list[str] = []
    for lang in _languages(turn.locale):
        said_so = raw("choices.unvote_phrases", lang)
        phrases += [str(p) for p in (said_so if isinstance(said_so, list) else [said_so])]
    for phrase in phrases:
        head = normalise(str(phrase))
        if said != head and not said.startswith(head + " "):
            continue
        rest = said[len(head) :].strip()
        if rest:
            match = _REF_TAIL.fullmatch(rest)
            if match is None:
                continue  # "remove my vote and …": not only this; the engine reads it
            return Picked(Action.UNVOTE, match[1])
        ideas = list(dict.fromkeys(c.value for c in shown if c.action in ABOUT_AN_IDEA))
        if len(ideas) == 1:
            return Picked(Action.UNVOTE, ideas[0])
        last = turn.state.get("last_voted")
        if last and not ideas:
            return Picked(Action.UNVOTE, str(last))
        return AskAgain([Reply(t("choices.unvote_which", turn.locale))])
    return None


def fingerprint(fields: IdeaFields) -> list[str | None]:
    """What a person must have seen before it is submitted: the idea's own words."""
    return [fields.title, fields.problem, fields.proposal, fields.benefits]


def _has_content(fields: IdeaFields) -> bool:
    return bool(fields.proposal or fields.problem or fields.benefits)


def needs_preview(turn: Turn) -> bool:
    """Whether a submission must show the preview first: the draft as it stands now was
    not shown (a button from an older screen, a draft kept from before this check…)."""
    # An empty draft has nothing to preview: the submission says what it needs.
    if turn.draft is None or not _has_content(turn.fields):
        return False
    return turn.state.get("previewed") != fingerprint(turn.fields)


def preview_first(turn: Turn, preview: Reply) -> list[Reply]:
    return [Reply(t("choices.preview_first", turn.locale), kind=ReplyKind.MESSAGE), preview]


def show_draft(turn: Turn, replies: list[Reply]) -> list[Reply]:
    """A question that offers Submit shows the draft as it stands, so "submit" there
    confirms what the person has seen; what was shown is noted for `needs_preview`."""
    if turn.draft is not None and _has_content(turn.fields):
        card = preview_card(turn.fields, turn.name)
        replies = [
            replace(r, cards=(card,))
            if r.kind is ReplyKind.QUESTION
            and not r.cards
            and any(c.action in SUBMITTING for c in r.choices)
            else r
            for r in replies
        ]
    if any(card.is_preview for r in replies for card in r.cards) and turn.draft is not None:
        turn.state["previewed"] = fingerprint(turn.fields)
    return replies
