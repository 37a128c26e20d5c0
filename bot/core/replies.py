"""Transport-neutral replies: Slack renders them as Block Kit, the shell as text."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Action(StrEnum):
    SUBMIT = "submit"
    SUBMIT_ANONYMOUS = "submit_anonymous"
    EDIT = "edit"
    CANCEL = "cancel"
    SUPPORT = "support"  # value: idea id — vote for an existing idea instead
    DIFFERENT = "different"  # value: idea id — "mine is different"
    RESUME_DRAFT = "resume_draft"
    DISCARD_DRAFT = "discard_draft"
    FORGET_MEMORY = "forget_memory"  # value: memory item id
    FORGET_ME = "forget_me"
    CONFIRM_FORGET_ME = "confirm_forget_me"
    SHOW_IDEA = "show_idea"  # value: idea id
    UPVOTE = "upvote"  # value: idea id (never removes a vote: UNVOTE does)
    UNVOTE = "unvote"  # value: idea id — "Remove my vote"
    SIMILAR = "similar"  # value: idea id
    HELP = "help"
    NEW_IDEA = "new_idea"
    LIST_MINE = "list_mine"
    ACCEPT_TERMS = "accept_terms"  # value: "anonymous" | "named" — then submit
    CHOOSE_CHALLENGE = "choose_challenge"  # value: challenge id — bind the draft to it


@dataclass(frozen=True)
class Choice:
    label: str
    action: Action
    value: str = ""
    style: str | None = None  # "primary" | "danger" | None


@dataclass(frozen=True)
class IdeaCard:
    """An idea as shown to people: a preview of a draft, a search hit, one of mine."""

    title: str
    idea_id: int | None = None
    problem: str | None = None
    proposal: str | None = None
    benefits: str | None = None
    description: str | None = None
    tags: tuple[str, ...] = ()
    status: str | None = None
    status_reason: str | None = None
    votes: int | None = None
    author: str | None = None  # None when anonymous or not shown
    challenge: str | None = None
    similarity: str | None = None  # "duplicate" | "related" for search hits
    score: float | None = None
    is_preview: bool = False
    merged_into: int | None = None  # while merged: the idea it lives on in
    merged_into_title: str | None = None
    match_reason: str | None = None  # for search hits: why it matched, one line


class ReplyKind(StrEnum):
    MESSAGE = "message"
    QUESTION = "question"
    SIMILAR = "similar"
    PREVIEW = "preview"
    SUBMITTED = "submitted"
    IDEAS = "ideas"
    MEMORY = "memory"
    ERROR = "error"
    REFUSED = "refused"  # the policy said no; the text says who may
    DIGEST = "digest"  # the transport builds and delivers the digest (bot/core/digests)


@dataclass(frozen=True)
class MemoryLine:
    item_id: int
    kind: str
    content: str


@dataclass(frozen=True)
class Reply:
    text: str
    kind: ReplyKind = ReplyKind.MESSAGE
    cards: tuple[IdeaCard, ...] = ()
    choices: tuple[Choice, ...] = ()
    memories: tuple[MemoryLine, ...] = ()
    idea_id: int | None = None  # the idea this reply is about (e.g. just submitted)
    # The language the text is in (bot/core/reply_language.py): the transport writes
    # its own words around it (buttons, card labels) in the same one.
    locale: str | None = field(default=None, compare=False)
