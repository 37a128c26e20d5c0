"""What every `ideabot` command shares: the consoles, `--as`, the settings and
container, progress bars, JSON output and one-line errors.

Each area's commands (bot/cli_<area>.py) import these from here and bot/cli.py
registers them, so no module imports bot/cli.py back.
"""

from __future__ import annotations

import dataclasses
import getpass
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from bot.config import Settings
from bot.container import Container
from bot.core.models import Actor, IdeaStatus
from bot.core.text import InvalidInput

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

AsUser = Annotated[
    str | None,
    typer.Option(
        "--as",
        metavar="USER",
        help="Act as this Slack user id; the policy decides as in Slack "
        "(default: you, the local admin).",
    ),
]


class Refused(Exception):
    """The permission policy said no to the acting person."""


def local_admin() -> str:
    """Whoever runs the CLI owns this install: they are its local admin."""
    try:
        return f"local:{getpass.getuser()}"
    except (OSError, KeyError):  # no login name (some containers)
        return "local:admin"


def acting(container: Container, as_user: str | None) -> Actor:
    """The person a command acts for, with the policy that knows the local admin."""
    local = local_admin()
    container.__dict__["permissions"] = dataclasses.replace(
        container.permissions, local_admin=local
    )
    user = local if as_user is None else as_user.strip()
    if not user:
        raise InvalidInput("--as needs a user id")
    return Actor(container.settings.team_id, user)


def parse_status(value: str) -> IdeaStatus:
    try:
        return IdeaStatus.parse(value)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None


def load_settings() -> Settings:
    try:
        return Settings()
    except Exception as exc:  # pydantic's ValidationError lists every bad variable
        raise InvalidInput(f"invalid settings: {exc}") from exc


@contextmanager
def open_container() -> Iterator[Container]:
    container = Container(load_settings())
    try:
        yield container
    finally:
        container.close()


def progress_bar() -> Progress:
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=False,
        disable=not err.is_terminal,
    )


def print_json(document: Any) -> None:
    sys.stdout.write(json.dumps(document, ensure_ascii=False) + "\n")


def fail(message: str, code: int) -> None:
    """Every error is one line on stderr and a non-zero exit."""
    line = " ".join(str(message).split())
    err.print(f"[red]error:[/] {line}", highlight=False, soft_wrap=True)
    sys.exit(code)
