"""`ideabot challenge create|list|close|extend`: challenges from scripts (DESIGN §5).

Acts for `--as USER` (default: the local admin); the policy decides as in Slack.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

import typer

from bot.cli_support import Refused, acting, open_container, out, print_json
from bot.core.challenges import CloseChallenge, CreateChallenge, ExtendChallenge
from bot.core.messages import t
from bot.core.permissions import Refusal
from bot.core.ports.challenges import Challenge
from bot.core.text import InvalidInput

challenge_app = typer.Typer(help="Challenges: time-boxed calls for ideas.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(challenge_app, name="challenge")


def _deadline(value: str) -> datetime:
    """ISO 8601; without a zone it is UTC (a script's clock may be anywhere)."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(t("challenge.error.deadline_format", value=value)) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _to_dict(challenge: Challenge) -> dict[str, Any]:
    return {
        "id": challenge.id,
        "title": challenge.title,
        "question": challenge.question,
        "deadline": challenge.deadline.isoformat(),
        "channel": challenge.channel_id,
        "status": challenge.status,
        "tags": list(challenge.tags),
        "criteria": challenge.criteria,
        "review_at": challenge.review_at.isoformat() if challenge.review_at else None,
        "created_by": challenge.created_by,
        "created_at": challenge.created_at.isoformat(),
        "closed_at": challenge.closed_at.isoformat() if challenge.closed_at else None,
    }


def _done(result: Challenge | Refusal, key: str, as_json: bool) -> None:
    if isinstance(result, Refusal):
        raise Refused(result.message())
    if as_json:
        print_json(_to_dict(result))
        return
    out.print(
        t(key, title=result.title, id=result.id, deadline=result.deadline.isoformat()),
        markup=False,
    )


AsJson = Annotated[bool, typer.Option("--json", help="One JSON object")]


@challenge_app.command("create")
def create(
    title: Annotated[str, typer.Option("--title", help="The challenge's title")],
    question: Annotated[str, typer.Option("--question", help="The question to answer")],
    deadline: Annotated[str, typer.Option("--deadline", help="ISO 8601 (UTC if no zone)")],
    channel: Annotated[str, typer.Option("--channel", help="Slack channel id to post in")],
    tags: Annotated[str, typer.Option("--tags", help="Comma-separated tags")] = "",
    criteria: Annotated[str | None, typer.Option("--criteria", help="Evaluation criteria")] = None,
    review: Annotated[
        str | None, typer.Option("--review", help="Review by (ISO 8601; default deadline+14d)")
    ] = None,
    as_json: AsJson = False,
    as_user: Annotated[str | None, typer.Option("--as", metavar="USER")] = None,
) -> None:
    """Launch a challenge: posted to its channel by `serve`, closed at the deadline."""
    with open_container() as container:
        actor = acting(container, as_user)
        result = container.challenges.create(
            CreateChallenge(
                actor=actor,
                title=title,
                question=question,
                deadline=_deadline(deadline),
                channel_id=channel,
                tags=tags.split(","),
                criteria=criteria,
                review_at=_deadline(review) if review else None,
            )
        )
        _done(result, "challenge.created", as_json)


@challenge_app.command("list")
def list_challenges(
    all_: Annotated[bool, typer.Option("--all", help="Closed ones too")] = False,
    as_json: AsJson = False,
) -> None:
    """Open challenges with their deadlines."""
    with open_container() as container:
        found = container.challenges.listing(container.settings.team_id, only_open=not all_)
        if as_json:
            print_json([_to_dict(c) for c in found])
            return
        if not found:
            out.print(t("challenge.none_open"), markup=False)
            return
        for c in found:
            out.print(f"#{c.id}  {c.status:<6}  {c.deadline.isoformat()}  {c.title}", markup=False)


def _ref(value: str) -> int:
    text = value.strip().lstrip("#")
    if not text.isdigit():
        raise InvalidInput(t("challenge.error.unknown", ref=value))
    return int(text)


@challenge_app.command("close")
def close(
    challenge_id: Annotated[str, typer.Argument(metavar="ID")],
    as_json: AsJson = False,
    as_user: Annotated[str | None, typer.Option("--as", metavar="USER")] = None,
) -> None:
    """Close a challenge now: no more ideas; the summary is posted."""
    with open_container() as container:
        actor = acting(container, as_user)
        result = container.challenges.close(CloseChallenge(actor, _ref(challenge_id)))
        _done(result, "challenge.closed", as_json)


@challenge_app.command("extend")
def extend(
    challenge_id: Annotated[str, typer.Argument(metavar="ID")],
    deadline: Annotated[str, typer.Option("--deadline", help="The new deadline (ISO 8601)")],
    as_json: AsJson = False,
    as_user: Annotated[str | None, typer.Option("--as", metavar="USER")] = None,
) -> None:
    """Move a challenge's deadline later; the post shows it."""
    with open_container() as container:
        actor = acting(container, as_user)
        result = container.challenges.extend(
            ExtendChallenge(actor, _ref(challenge_id), _deadline(deadline))
        )
        _done(result, "challenge.extended", as_json)
