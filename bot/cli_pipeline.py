"""`ideabot ideas status` and `ideabot ideas stale`: the pipeline from the terminal
(DESIGN.md §5: --json, --as USER, one-line errors and a non-zero exit).

The commands use bot/cli.py's helpers (settings, `--as`, one-line errors), handed
over by `register` rather than imported: bot/cli.py imports this module, and an
import back would be a cycle."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from bot.cli_support import AsUser, Refused, acting, open_container, out, print_json
from bot.core.models import StatusEntry
from bot.core.permissions import Refusal
from bot.core.pipeline import ChangeStatus, ListStale, ReadHistory, parse_settable
from bot.core.text import InvalidInput
from bot.serialize import idea_to_dict


def history_to_dict(entry: StatusEntry) -> dict[str, Any]:
    return {
        "from": entry.from_status.value if entry.from_status else None,
        "to": entry.to_status.value,
        "reason": entry.reason,
        "by": entry.changed_by,
        "at": entry.changed_at.isoformat(),
    }


def history_of(container: Any, actor: Any, idea_id: int) -> list[dict[str, Any]]:
    """An idea's history for `ideas show --json`."""
    entries = container.ideas.pipeline.history(ReadHistory(actor, idea_id))
    return [history_to_dict(e) for e in entries]


def register(ideas_app: typer.Typer) -> None:
    """Add `ideas status` and `ideas stale`."""

    def ideas_status(
        idea_ref: Annotated[str, typer.Argument(metavar="ID", help="Idea number or external id")],
        status: Annotated[
            str,
            typer.Argument(
                metavar="STATUS",
                help="new, under_review, accepted, in_progress, implemented or declined",
            ),
        ],
        reason: Annotated[
            str | None,
            typer.Option(
                "--reason", help="Why (required to decline); the author and voters read it"
            ),
        ] = None,
        as_json: Annotated[bool, typer.Option("--json", help="JSON output")] = False,
        as_user: AsUser = None,
    ) -> None:
        """Move an idea through the pipeline (managers and admins). The author and everyone
        who voted are told, with the reason."""
        chosen = parse_settable(status)
        with open_container() as container:
            actor = acting(container, as_user)
            idea = container.ideas.get(actor.team_id, idea_ref)
            if idea is None:
                raise InvalidInput(f"there is no idea {idea_ref!r}")
            result = container.ideas.pipeline.change_status(
                ChangeStatus(actor, idea.id, chosen, reason)
            )
            if isinstance(result, Refusal):
                raise Refused(f"{actor.user_id}: {result.message(actor.locale)}")
            show_author = container.permissions.can_see_author(actor, result)
            data = idea_to_dict(result, show_author)
            # The notices wait in the outbox: `serve` delivers them.
            data["history"] = history_of(container, actor, result.id)
        if as_json:
            print_json(data)
            return
        line = f"#{result.id} {result.title}: now {result.status.value}"
        if result.status_reason:
            line += f" ({result.status_reason})"
        out.print(line, highlight=False)

    def ideas_stale(
        days: Annotated[
            int | None,
            typer.Option(
                "--days", min=0, help="Waiting longer than this (default: the review delay)"
            ),
        ] = None,
        as_json: Annotated[bool, typer.Option("--json", help="JSON output")] = False,
        as_user: AsUser = None,
    ) -> None:
        """Ideas waiting in new or under review too long, oldest first (managers and admins)."""
        with open_container() as container:
            actor = acting(container, as_user)
            delay = container.settings.review_delay_days if days is None else days
            waiting = container.ideas.pipeline.stale(ListStale(actor, delay))
            if isinstance(waiting, Refusal):
                raise Refused(f"{actor.user_id}: {waiting.message(actor.locale)}")
            shown = {
                w.idea.id: container.permissions.can_see_author(actor, w.idea) for w in waiting
            }
        if as_json:
            print_json(
                [
                    {
                        **idea_to_dict(w.idea, shown[w.idea.id]),
                        "waiting_since": w.waiting_since.isoformat(),
                        "days_waiting": w.days_waiting,
                    }
                    for w in waiting
                ]
            )
            return
        if not waiting:
            out.print(
                f"No idea has waited in new or under review longer than {delay} days.",
                highlight=False,
            )
            return
        table = Table(show_header=True, header_style="bold")
        for column in ("id", "title", "status", "votes", "waiting since", "days"):
            table.add_column(column)
        for w in waiting:
            table.add_row(
                f"#{w.idea.id}",
                w.idea.title,
                w.idea.status.value,
                str(w.idea.votes),
                w.waiting_since.date().isoformat(),
                str(w.days_waiting),
            )
        out.print(table)
        out.print(f"{len(waiting)} ideas waiting longer than {delay} days")

    ideas_app.command("status")(ideas_status)
    ideas_app.command("stale")(ideas_stale)
