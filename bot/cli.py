"""The `ideabot` command (Typer). Every subcommand reads the same settings."""

from __future__ import annotations

import csv
import json
import logging
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import click
import typer
from rich.table import Table

from bot import cli_challenges, cli_digest, cli_merge, cli_pipeline, cli_recognition
from bot.cli_support import (
    AsUser,
    Refused,
    acting,
    err,
    fail,
    load_settings,
    local_admin,
    open_container,
    out,
    parse_status,
    print_json,
    progress_bar,
)
from bot.container import Container
from bot.core.importing import read_file, read_text
from bot.core.messages import t
from bot.core.models import Actor, Idea
from bot.core.text import InvalidInput
from bot.errors import USER_ERRORS
from bot.serialize import EXPORT_COLUMNS, export_row, idea_to_dict, similar_to_dict

app = typer.Typer(
    name="ideabot",
    help="Employee innovation in Slack: shape ideas, find duplicates, remember people.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
ideas_app = typer.Typer(help="Read ideas.", no_args_is_help=True)
db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)
app.add_typer(ideas_app, name="ideas")
app.add_typer(db_app, name="db")

DEMO_FILE = Path(__file__).parent / "demo" / "ideas.jsonl"


@app.command()
def chat(
    user: Annotated[str | None, typer.Option("--user", help="Act as this user id")] = None,
    name: Annotated[str | None, typer.Option("--name", help="Your display name")] = None,
    locale: Annotated[
        str | None,
        typer.Option("--locale", help="Language of the replies (default IDEABOT_LOCALE)"),
    ] = None,
) -> None:
    """Talk to ideabot in the terminal (scriptable: reads stdin when it is not a TTY)."""
    from bot.shell.app import Shell

    with open_container() as container:
        user_id = user or local_admin()
        # Without --user you are the machine's login; show that name, not the id.
        name = name or (None if user else user_id.removeprefix("local:"))
        container.__dict__["permissions"] = container.permissions.__class__(
            admins=container.permissions.admins,
            managers=container.permissions.managers,
            local_admin=None if user else user_id,
        )
        repaired = container.ensure_index()
        if container.index_notice:
            err.print(container.index_notice, highlight=False)
        elif repaired and err.is_terminal:
            err.print(f"[dim]indexed {repaired} ideas[/]")
        actor = Actor(
            container.settings.team_id, user_id, name, locale or container.settings.locale
        )
        team_id = actor.team_id

        def warm_up() -> None:
            # Off the first prompt: the intent exemplars and the tag list.
            warm = getattr(container.engine, "warm_up", None)
            if callable(warm):
                warm()
            container.ideas.tag_vocabulary(team_id)

        container.background.submit(warm_up)
        container.outbox.kick()  # side effects owed by an earlier run, if this process has them
        code = Shell(container.conversation, actor, digests=container.digests).run()
    raise typer.Exit(code)


@app.command()
def serve(
    socket: Annotated[
        bool, typer.Option("--socket", help="Socket Mode (needs SLACK_APP_TOKEN)")
    ] = False,
    http: Annotated[bool, typer.Option("--http", help="HTTP mode (Slack Events API)")] = False,
    port: Annotated[int, typer.Option("--port", help="HTTP port")] = 3000,
    host: Annotated[str, typer.Option("--host", help="HTTP bind address")] = "0.0.0.0",
) -> None:
    """Run the Slack app (Socket Mode by default when SLACK_APP_TOKEN is set)."""
    from bot.slack.server import serve as run_server

    if socket and http:
        raise InvalidInput("choose one of --socket or --http")
    settings = load_settings()
    mode = (
        "socket"
        if socket
        else "http"
        if http
        else ("socket" if settings.slack_app_token else "http")
    )
    run_server(settings, mode=mode, host=host, port=port)


@app.command("import")
def import_ideas(
    file: Annotated[Path | None, typer.Argument(help="JSON Lines or .csv file")] = None,
    demo: Annotated[bool, typer.Option("--demo", help="Import the bundled demo ideas.")] = False,
    as_user: AsUser = None,
) -> None:
    """Import ideas (re-importing the same `id` updates the idea, never duplicates it;
    an exported "#12" is idea #12 of this workspace; absent columns are left alone)."""
    if demo:
        file = DEMO_FILE
    if file is None:
        raise InvalidInput("give a FILE to import (JSON Lines or .csv), or --demo")
    with open_container() as container:
        actor = acting(container, as_user)
        if not container.permissions.can_import(actor):
            raise Refused(f"{actor.user_id} may not import ideas: only admins can")
        parsed = list(read_file(file, actor.team_id))
        container.ensure_index()
        with progress_bar() as progress:
            read_task = progress.add_task("Importing", total=len(parsed))
            index_task = progress.add_task("Indexing", total=len(parsed))
            report = container.ideas.import_lines(
                parsed,
                on_line=lambda n: progress.advance(read_task, n),
                on_indexed=lambda n: progress.advance(index_task, n),
            )
    for error in report.errors:
        err.print(f"[yellow]skipped[/] {file}: {error}", highlight=False)
    out.print(
        f"Imported {report.created + report.updated} ideas from {file.name}: "
        f"{report.created} new, {report.updated} updated, {report.skipped} skipped, "
        f"{report.indexed} indexed.",
        highlight=False,
    )
    if report.skipped and not (report.created or report.updated):
        raise Refused(f"nothing imported from {file.name}: every line had an error")


@app.command()
def similar(
    text: Annotated[
        str | None, typer.Argument(help="An idea to compare with existing ones")
    ] = None,
    from_file: Annotated[
        Path | None, typer.Option("--from-file", help='JSON Lines of {"id": ..., "text": ...}')
    ] = None,
    k: Annotated[int, typer.Option("--k", min=1, max=100, help="How many results")] = 5,
    status: Annotated[
        list[str] | None, typer.Option("--status", help="Only these statuses")
    ] = None,
    challenge: Annotated[
        str | None, typer.Option("--challenge", help="Only this challenge")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON output")] = False,
    as_user: AsUser = None,
) -> None:
    """Find existing ideas similar to TEXT (or to each line of --from-file).

    Results name no author, so every viewer (--as) sees the same list."""
    from bot.core.ideas import SearchFilters

    if (text is None) == (from_file is None):
        raise InvalidInput("give either TEXT or --from-file FILE")
    filters = SearchFilters(
        statuses=tuple(parse_status(s).value for s in status or ()), challenge=challenge
    )
    with open_container() as container:
        team_id = acting(container, as_user).team_id
        container.ensure_index()
        if container.index_notice:
            err.print(container.index_notice, highlight=False)
        if text is not None:
            hits = container.ideas.similar(team_id, text, k=k, filters=filters)
            if as_json:
                print_json({"text": text, "results": [similar_to_dict(h) for h in hits]})
                return
            _print_hits(hits)
            return
        assert from_file is not None
        lines = read_text(from_file).splitlines()
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                query = json.loads(line)
                query_text = str(query["text"])
                query_id = query.get("id")
            except (json.JSONDecodeError, KeyError, TypeError):
                err.print(
                    f'skipped line {number}: expected {{"id": ..., "text": ...}}', highlight=False
                )
                continue
            exclude = []
            if query_id is not None:
                # An idea is trivially its own duplicate: leave itself out of its results.
                same = container.ideas.get(team_id, str(query_id))
                if same is not None and same.external_id == str(query_id):
                    exclude.append(same.id)
            try:
                hits = container.ideas.similar(
                    team_id, query_text, k=k, filters=filters, exclude=exclude
                )
            except InvalidInput as exc:
                err.print(f"skipped line {number}: {exc}", highlight=False)
                hits = []
            document = {"id": query_id, "results": [similar_to_dict(h) for h in hits]}
            if as_json:
                print_json(document)
            else:
                out.print(f"[bold]{query_id}[/]: {query_text}", highlight=False)
                _print_hits(hits)


def _print_hits(hits: list[Any]) -> None:
    if not hits:
        out.print("No similar ideas.")
        return
    table = Table(show_header=True, header_style="bold")
    for column in ("id", "title", "status", "votes", "score", "kind", "why"):
        table.add_column(column)
    for hit in hits:
        row = similar_to_dict(hit)
        table.add_row(
            f"#{hit.idea.id}" + (f" ({hit.idea.external_id})" if hit.idea.external_id else ""),
            hit.idea.title,
            row["status"],
            str(row["votes"]),
            f"{hit.score:.2f}",
            row["kind"],
            row["why"] or "",
        )
    out.print(table)


@ideas_app.command("list")
def ideas_list(
    status: Annotated[str | None, typer.Option("--status", help="new, under_review, …")] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON output")] = False,
    as_user: AsUser = None,
) -> None:
    """List ideas, newest first."""
    parsed = parse_status(status) if status else None
    with open_container() as container:
        actor = acting(container, as_user)
        # A merged idea lives on in the one it was merged into: listed only when asked.
        ideas = container.ideas.list_ideas(
            actor.team_id, status=parsed, limit=limit, hide_merged=True
        )
        shown = {i.id: container.permissions.can_see_author(actor, i) for i in ideas}
    if as_json:
        print_json([idea_to_dict(i, shown[i.id]) for i in ideas])
        return
    table = Table(show_header=True, header_style="bold")
    for column in ("id", "title", "status", "votes", "author", "created"):
        table.add_column(column)
    for idea in ideas:
        table.add_row(
            f"#{idea.id}",
            idea.title,
            idea.status.value,
            str(idea.votes),
            _author_cell(idea, shown[idea.id]),
            idea.created_at.date().isoformat(),
        )
    out.print(table)
    out.print(f"{len(ideas)} ideas")


def _author_cell(idea: Idea, show_author: bool) -> str:
    if not idea.anonymous:
        return idea.author_name or "—"
    if show_author and idea.author_name:
        return f"{idea.author_name} (anonymous)"
    return "anonymous"


@ideas_app.command("show")
def ideas_show(
    idea_ref: Annotated[str, typer.Argument(metavar="ID", help="Idea number or external id")],
    as_json: Annotated[bool, typer.Option("--json", help="JSON output")] = False,
    as_user: AsUser = None,
) -> None:
    """Show one idea."""
    with open_container() as container:
        actor = acting(container, as_user)
        idea = container.ideas.get(actor.team_id, idea_ref)
        if idea is None:
            raise InvalidInput(f"there is no idea {idea_ref!r}")
        show_author = container.permissions.can_see_author(actor, idea)
        history = cli_pipeline.history_of(container, actor, idea.id)
    data = idea_to_dict(idea, show_author)
    if as_json:
        data["history"] = history
        print_json(data)
        return
    out.print(f"[bold]#{idea.id} {idea.title}[/]", highlight=False)
    for key in (
        "status",
        "merged_into",
        "status_reason",
        "votes",
        "author",
        "challenge",
        "tags",
        "created_at",
        "problem",
        "proposal",
        "benefits",
        "description",
    ):
        value = data[key]
        if value not in (None, [], ""):
            out.print(
                f"[dim]{key}:[/] {', '.join(value) if isinstance(value, list) else value}",
                highlight=False,
            )


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", help="csv or jsonl")] = "jsonl",
    out_file: Annotated[Path | None, typer.Option("--out", help="File (default: stdout)")] = None,
    as_user: AsUser = None,
) -> None:
    """Export every idea in the import format (admins only). Importing the file again
    changes nothing; ideas shaped in conversation get the id "#<number>"."""
    if fmt not in ("csv", "jsonl"):
        raise InvalidInput(f"unknown format {fmt!r}: use csv or jsonl")
    with open_container() as container:
        actor = acting(container, as_user)
        policy = container.permissions
        if not policy.can_export(actor):
            raise Refused(f"{actor.user_id} may not export ideas: only admins can")
        rows = [
            export_row(i, policy.can_see_author(actor, i))
            for i in reversed(container.ideas.list_ideas(actor.team_id))
        ]
    handle = _open_for_writing(out_file) if out_file else sys.stdout
    try:
        if fmt == "jsonl":
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            writer = csv.DictWriter(handle, fieldnames=EXPORT_COLUMNS)
            writer.writeheader()
            for row in rows:
                writer.writerow({**row, "tags": ";".join(row["tags"])})
    finally:
        if out_file:
            handle.close()
    if out_file:
        err.print(f"Exported {len(rows)} ideas to {out_file}", highlight=False)


def _open_for_writing(path: Path) -> Any:
    try:
        return path.open("w", encoding="utf-8", newline="")
    except OSError as exc:
        raise InvalidInput(f"cannot write {path}: {exc.strerror or exc}") from None


@app.command()
def reindex(
    missing: Annotated[bool, typer.Option("--missing", help="Only ideas not yet indexed")] = False,
) -> None:
    """Rebuild the vector index from the database (the source of truth)."""
    with open_container() as container:
        keeper = container.index_keeper
        if missing and keeper.outdated_count():
            # Topping up an index of the previous version would mix two layouts.
            err.print(t("search.index_upgrade_needed"), highlight=False)
            missing = False
        if missing:
            keeper.repair()
        total = keeper.pending_count() if missing else _count_all(container)
        with progress_bar() as progress:
            task = progress.add_task("Indexing", total=total)
            advance = lambda n: progress.advance(task, n)  # noqa: E731
            done = keeper.index_pending(advance) if missing else keeper.rebuild(advance)
    out.print(f"Indexed {done} ideas ({'missing only' if missing else 'full rebuild'}).")


def _count_all(container: Container) -> int:
    with container.store.unit_of_work() as uow:
        return uow.ideas.count(team_id=None)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply database migrations."""
    from storage.db import create_db_engine, current_revision, upgrade

    settings = load_settings()
    engine = create_db_engine(settings.resolved_database_url)
    try:
        upgrade(engine)
        out.print(f"Database at revision {current_revision(engine)}.")
    finally:
        engine.dispose()


# Each area's commands live in their own module (bot/cli_<area>.py);
# registered after the core commands so `ideabot --help` lists those first.
cli_challenges.register(app)
cli_digest.register(app)
cli_recognition.register(app)
cli_pipeline.register(ideas_app)
cli_merge.register(ideas_app)


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="ideabot: %(message)s", stream=sys.stderr)
    for noisy in ("chromadb", "httpx", "onnxruntime"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    try:
        # Not standalone: Typer's own error boxes span many lines; ours are one.
        code = app(standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as exc:
        # Asking for nothing is asking for help, not an error.
        sys.stdout.write(exc.ctx.get_help() + "\n" if exc.ctx else "")
        sys.exit(0)
    except click.ClickException as exc:
        fail(exc.format_message(), exc.exit_code)
    except click.exceptions.Abort:
        sys.exit(130)
    except Refused as exc:
        fail(str(exc), 3)
    except USER_ERRORS as exc:
        fail(str(exc), 2)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # a bug: still one line, the traceback only on request
        if os.environ.get("IDEABOT_DEBUG"):
            raise
        fail(f"unexpected {type(exc).__name__}: {exc} (IDEABOT_DEBUG=1 shows the traceback)", 1)
    sys.exit(code if isinstance(code, int) else 0)
