"""Terms of the programme (IDEABOT_TERMS): shown before a person's first submission;
nobody submits before accepting them, and the acceptance is recorded with its date.

Unset terms mean no terms step at all (the short notice in the preview remains).
"""

from __future__ import annotations

from pathlib import Path

from bot.core.messages import t
from bot.core.models import Profile
from bot.core.replies import Action, Choice, Reply, ReplyKind

MAX_TERMS_CHARS = 2500  # one Slack section; longer terms belong in a linked document


def load_terms(value: str | None) -> str | None:
    """The setting is the text itself, or the path of a file holding it."""
    if not value or not value.strip():
        return None
    text = value.strip()
    if "\n" not in text and len(text) < 1024:
        path = Path(text).expanduser()
        if path.is_file():
            text = path.read_text(encoding="utf-8").strip()
    return text[:MAX_TERMS_CHARS] or None


def must_accept(terms: str | None, profile: Profile) -> bool:
    return terms is not None and profile.terms_accepted_at is None


def terms_reply(terms: str, locale: str, anonymous: bool) -> Reply:
    """The terms, with "I accept" carrying on with the submission that was asked for."""
    return Reply(
        t("terms.ask", locale, terms=terms),
        kind=ReplyKind.QUESTION,
        choices=(
            Choice(
                t("terms.accept", locale),
                Action.ACCEPT_TERMS,
                "anonymous" if anonymous else "named",
                style="primary",
            ),
            Choice(t("choice.cancel", locale), Action.CANCEL),
        ),
    )
