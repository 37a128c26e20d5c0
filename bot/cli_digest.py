"""`ideabot digest`: the period's digest as JSON (stdout) or markdown with its chart
(files in --out), for admins and managers (DESIGN.md §5)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from bot.cli_support import AsUser, Refused, acting, open_container, out, print_json
from bot.core.digest_text import markdown
from bot.core.digests import Digest, ReadDigest, parse_end
from bot.core.permissions import Refusal
from bot.core.text import InvalidInput


def register(app: typer.Typer) -> None:
    app.command("digest")(digest)


def digest(
    days: Annotated[int, typer.Option("--days", help="Length of the period in days")] = 7,
    end: Annotated[
        str | None,
        typer.Option("--end", metavar="YYYY-MM-DD", help="Last day of the period (default: now)"),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="markdown or json")] = "markdown",
    out_dir: Annotated[
        Path | None,
        typer.Option("--out", metavar="DIR", help="Folder for the files (default: here)"),
    ] = None,
    as_user: AsUser = None,
) -> None:
    """The digest of a period: new ideas and contributors against the period before,
    departments, top ideas, themes, duplicates, decisions, late reviews, challenges,
    leaderboard (admins and managers)."""
    if fmt not in ("markdown", "json"):
        raise InvalidInput(f"unknown format {fmt!r}: use markdown or json")
    last_day = parse_end(end)
    with open_container() as container:
        actor = acting(container, as_user)
        result = container.digests.build(ReadDigest(actor, days=days, end=last_day))
        if isinstance(result, Refusal):
            raise Refused(f"{actor.user_id} may not read digests: {result.message(actor.locale)}")
        written = _write(result, fmt, out_dir)
    for path in written:
        out.print(str(path), highlight=False)


def _write(result: Digest, fmt: str, out_dir: Path | None) -> list[Path]:
    data = result.to_dict()
    if fmt == "json" and out_dir is None:
        print_json(data)
        return []
    folder = out_dir or Path.cwd()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InvalidInput(f"cannot create {folder}: {exc.strerror or exc}") from None
    stem = f"digest-{data['period']['start'][:10]}-to-{data['period']['end'][:10]}"
    if fmt == "json":
        path = folder / f"{stem}.json"
        _save(path, json.dumps(data, ensure_ascii=False, indent=2).encode())
        return [path]
    from bot.reports.chart import digest_png

    chart = folder / f"{stem}.png"
    page = folder / f"{stem}.md"
    _save(chart, digest_png(data))
    _save(page, markdown(data, chart=chart.name).encode())
    return [page, chart]


def _save(path: Path, content: bytes) -> None:
    try:
        path.write_bytes(content)
    except OSError as exc:
        raise InvalidInput(f"cannot write {path}: {exc.strerror or exc}") from None
