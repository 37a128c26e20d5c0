"""Words the Slack surfaces add around the core's replies (buttons, modals, Home).

They live in the message catalogue (`bot/core/catalogue/<locale>/slack.yaml`) like every
user-facing string, and are looked up when a surface is rendered, in the viewer's
locale: `text("thinking", actor.locale)`. The upper-case names (`strings.THINKING`) are
looked up at each access too, in the default locale, for call sites without a viewer.
"""

from __future__ import annotations

from bot.core.messages import t


def text(name: str, locale: str | None = None, **params: object) -> str:
    """The catalogue message `slack.<name>`, in `locale` (English when missing)."""
    return t(f"slack.{name}", locale, **params)


def __getattr__(name: str) -> str:
    # Module attribute access (PEP 562): nothing is frozen at import.
    if not name.isupper():
        raise AttributeError(name)
    try:
        return t(f"slack.{name.lower()}")
    except KeyError:
        raise AttributeError(name) from None
