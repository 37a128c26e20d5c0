"""The role directory the policy asks, filled in by whichever transport runs.

The composition root builds the policy before any transport exists; Slack attaches
its directory (user groups, workspace admins) when its app is built. Until then,
and in the CLI and the shell, only the configured id lists grant roles.
"""

from __future__ import annotations

import threading

from bot.core.ports.roles import Role, RoleDirectory


class AttachableDirectory:
    def __init__(self) -> None:
        self._sources: list[RoleDirectory] = []
        self._lock = threading.Lock()

    def attach(self, directory: RoleDirectory) -> None:
        with self._lock:
            self._sources.append(directory)

    def roles(self, team_id: str, user_id: str) -> frozenset[Role]:
        with self._lock:
            sources = list(self._sources)
        found: set[Role] = set()
        for source in sources:
            found |= source.roles(team_id, user_id)
        return frozenset(found)
