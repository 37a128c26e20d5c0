"""The `ideabot` command with every area's commands: each `bot/cli_<area>.py` imports
its helpers from bot/cli.py and is registered here (one line each), so bot/cli.py never
imports back the modules that import it."""

from __future__ import annotations

from bot.cli import app, main
from bot.cli_digest import register as register_digest

register_digest(app)

__all__ = ["app", "main"]
