"""Roles as Slack knows them: members of the user groups named in IDEABOT_ADMINS /
IDEABOT_MANAGERS (`@innovation-team`), and, if allowed, workspace admins and owners.

Answers are cached per workspace for a while (a group's members, a person's admin
flag): a permission check must not cost two API calls per click, and a person
added to a group is a manager within minutes. A Slack error grants nothing and is
retried on the next check after a short pause.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.config import Settings
from bot.core.ports.roles import Role
from bot.slack.clients import ClientPool

log = logging.getLogger(__name__)

ROLE_TTL_S = 300.0
# After a failed lookup: try again soon, but not on every click.
FAILURE_TTL_S = 30.0


def group_handles(entries: Iterable[str]) -> frozenset[str]:
    """The user-group handles among configured entries (`@team`), without the @."""
    return frozenset(e[1:].casefold() for e in entries if e.startswith("@") and len(e) > 1)


class _Cache:
    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self._values: dict[object, tuple[float, object]] = {}
        self._lock = threading.Lock()

    def get(self, key: object) -> object | None:
        with self._lock:
            found = self._values.get(key)
        if found is None or found[0] < self.clock():
            return None
        return found[1]

    def put(self, key: object, value: object, ttl: float) -> None:
        with self._lock:
            self._values[key] = (self.clock() + ttl, value)


class SlackRoleDirectory:
    def __init__(
        self,
        clients: ClientPool,
        admin_entries: Iterable[str],
        manager_entries: Iterable[str],
        workspace_admins_are_admins: bool = False,
        ttl: float = ROLE_TTL_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.clients = clients
        self.admin_groups = group_handles(admin_entries)
        self.manager_groups = group_handles(manager_entries)
        self.workspace_admins_are_admins = workspace_admins_are_admins
        self.ttl = ttl
        self._cache = _Cache(clock)

    def roles(self, team_id: str, user_id: str) -> frozenset[Role]:
        if not (self.admin_groups or self.manager_groups or self.workspace_admins_are_admins):
            return frozenset()
        client = self.clients.for_team(team_id)
        if client is None:
            return frozenset()
        found: set[Role] = set()
        if self.admin_groups and user_id in self._members(client, team_id, self.admin_groups):
            found.add(Role.ADMIN)
        if self.workspace_admins_are_admins and self._workspace_admin(client, team_id, user_id):
            found.add(Role.ADMIN)
        if self.manager_groups and user_id in self._members(client, team_id, self.manager_groups):
            found.add(Role.MANAGER)
        return frozenset(found)

    def _members(self, client: WebClient, team_id: str, handles: frozenset[str]) -> frozenset[str]:
        members: set[str] = set()
        groups = self._groups(client, team_id)
        for handle in sorted(handles):
            group_id = groups.get(handle)
            if group_id is None:
                continue
            members |= self._group_members(client, team_id, group_id)
        return frozenset(members)

    def _groups(self, client: WebClient, team_id: str) -> dict[str, str]:
        """handle → user-group id, for the workspace."""
        key = ("groups", team_id)
        cached = self._cache.get(key)
        if isinstance(cached, dict):
            return cached
        try:
            response = client.usergroups_list()
        except SlackApiError as exc:
            log.warning("usergroups.list failed: %s", exc.response.get("error"))
            self._cache.put(key, {}, FAILURE_TTL_S)
            return {}
        groups = {
            str(g["handle"]).casefold(): str(g["id"])
            for g in response.get("usergroups") or []
            if isinstance(g, dict) and g.get("handle") and g.get("id")
        }
        unknown = (self.admin_groups | self.manager_groups) - groups.keys()
        if unknown:
            log.warning("no Slack user group with handle(s): %s", ", ".join(sorted(unknown)))
        self._cache.put(key, groups, self.ttl)
        return groups

    def _group_members(self, client: WebClient, team_id: str, group_id: str) -> frozenset[str]:
        key = ("members", team_id, group_id)
        cached = self._cache.get(key)
        if isinstance(cached, frozenset):
            return cached
        try:
            response = client.usergroups_users_list(usergroup=group_id)
        except SlackApiError as exc:
            log.warning("usergroups.users.list failed: %s", exc.response.get("error"))
            self._cache.put(key, frozenset(), FAILURE_TTL_S)
            return frozenset()
        members = frozenset(str(u) for u in response.get("users") or [] if isinstance(u, str))
        self._cache.put(key, members, self.ttl)
        return members

    def _workspace_admin(self, client: WebClient, team_id: str, user_id: str) -> bool:
        key = ("admin", team_id, user_id)
        cached = self._cache.get(key)
        if isinstance(cached, bool):
            return cached
        try:
            user = client.users_info(user=user_id)["user"]
        except SlackApiError as exc:
            log.warning("users.info failed for %s: %s", user_id, exc.response.get("error"))
            self._cache.put(key, False, FAILURE_TTL_S)
            return False
        is_admin = bool(user.get("is_admin") or user.get("is_owner"))
        self._cache.put(key, is_admin, self.ttl)
        return is_admin


def slack_roles(settings: Settings, clients: ClientPool) -> SlackRoleDirectory:
    return SlackRoleDirectory(
        clients,
        settings.admins,
        settings.managers,
        workspace_admins_are_admins=settings.slack_admins_are_admins,
    )
