"""`ideabot leaderboard`: recognition from the command line (issue 9)."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from bot.cli_support import AsUser, acting, open_container, out, print_json
from bot.core.recognition import LeaderboardResult, ShowLeaderboard


def leaderboard_to_dict(result: LeaderboardResult) -> dict[str, Any]:
    return {
        "period": {
            "days": result.days,
            "since": result.since.isoformat() if result.since else None,
        },
        "leaderboard": [
            {"rank": e.rank, "user": e.user_id, "name": e.name, "points": e.points}
            for e in result.entries
        ],
        # The asker's own totals; private points (from anonymous ideas) are theirs alone.
        "you": {"points": result.own_public, "private_points": result.own_private},
    }


def register(app: typer.Typer) -> None:
    @app.command()
    def leaderboard(
        days: Annotated[
            int | None,
            typer.Option("--days", help="Only points earned in the last N days"),
        ] = None,
        limit: Annotated[int, typer.Option("--limit", help="How many people (1-100)")] = 10,
        as_json: Annotated[bool, typer.Option("--json", help="JSON output")] = False,
        as_user: AsUser = None,
    ) -> None:
        """Who earned the most points (ties: the user id that sorts first)."""
        with open_container() as container:
            actor = acting(container, as_user)
            result = container.leaderboards.show(ShowLeaderboard(actor, days, limit))
        if as_json:
            print_json(leaderboard_to_dict(result))
            return
        table = Table(show_header=True, header_style="bold")
        for column in ("rank", "person", "points"):
            table.add_column(column)
        for entry in result.entries:
            table.add_row(str(entry.rank), entry.name or entry.user_id, str(entry.points))
        out.print(table)
        period = f"last {days} days" if days else "all time"
        out.print(f"{len(result.entries)} people, {period}", highlight=False)
