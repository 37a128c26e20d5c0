"""Who holds which role in a workspace, as the transport knows it.

The policy (bot/core/permissions.py) stays the one place that decides; a directory
only answers "which roles does this person hold?" from what the core cannot see
itself (Slack user groups, workspace admin flags).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol


class Role(StrEnum):
    ADMIN = "admin"
    MANAGER = "manager"


class RoleDirectory(Protocol):
    def roles(self, team_id: str, user_id: str) -> frozenset[Role]:
        """The roles `user_id` holds beyond the configured id lists; never raises
        (an unreachable directory grants nothing)."""
        ...
