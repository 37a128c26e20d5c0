"""Every Web API method the bot called must be covered by a bot scope in the manifest."""

from __future__ import annotations

from collections.abc import Iterable

from bot.slack.manifest import bot_scopes
from tests.fakes.slack_api import Call, scopes_for_method

# Not Web API methods: posts to an interaction's response_url, file upload URLs.
NOT_METHODS = {"response_url", "upload"}


def missing_scopes(calls: Iterable[Call]) -> list[str]:
    granted = set(bot_scopes())
    problems = []
    for method in sorted({c.method for c in calls} - NOT_METHODS):
        needed = scopes_for_method(method)
        if needed and not needed & granted:
            problems.append(f"{method} needs one of {sorted(needed)}")
    return problems
