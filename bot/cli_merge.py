"""`ideabot ideas merge B --into A` and `ideabot ideas unmerge B` (issue 9, item 3).

Ids are idea numbers ("12", "#12") or external ids; the policy decides for the
`--as` person as it does in Slack. Errors are one line on stderr with a non-zero
exit (2: bad input, 3: refused).
"""

from __future__ import annotations

from typing import Annotated

import typer

from bot.cli_support import AsUser, Refused, acting, open_container, out, print_json
from bot.container import Container
from bot.core.cards import status_label
from bot.core.messages import t
from bot.core.models import Actor
from bot.core.permissions import NotAllowed
from bot.core.text import InvalidInput
from bot.serialize import idea_to_dict

IdeaRef = Annotated[str, typer.Argument(metavar="ID", help="Idea number or external id")]
AsJson = Annotated[bool, typer.Option("--json", help="JSON output")]


def _idea_id(container: Container, actor: Actor, ref: str) -> int:
    idea = container.ideas.get(actor.team_id, ref)
    if idea is None:
        shown = ref if ref.startswith("#") else f"#{ref}" if ref.isdigit() else repr(ref)
        raise InvalidInput(t("merge.error.unknown", actor.locale, ref=shown))
    return idea.id


def register(ideas_app: typer.Typer) -> None:
    """Add `ideas merge` and `ideas unmerge`."""

    def ideas_merge(
        idea_ref: IdeaRef,
        into: Annotated[
            str, typer.Option("--into", metavar="ID", help="The idea to merge it into")
        ],
        as_json: AsJson = False,
        as_user: AsUser = None,
    ) -> None:
        """Merge a duplicate into another idea: its votes count there (each person once)."""
        with open_container() as container:
            actor = acting(container, as_user)
            idea_id = _idea_id(container, actor, idea_ref)
            into_id = _idea_id(container, actor, into)
            try:
                merged = container.ideas.merge(actor, idea_id, into_id)
            except NotAllowed as exc:
                raise Refused(str(exc)) from None
            policy = container.permissions
            document = {
                "idea": idea_to_dict(merged.idea, policy.can_see_author(actor, merged.idea)),
                "into": idea_to_dict(merged.into, policy.can_see_author(actor, merged.into)),
            }
        if as_json:
            print_json(document)
            return
        message = t(
            "merge.done",
            actor.locale,
            ref=merged.idea.public_ref,
            title=merged.idea.title,
            target=merged.into.public_ref,
            target_title=merged.into.title,
            votes=merged.into.votes,
        )
        out.print(message.replace("*", ""), highlight=False)

    def ideas_unmerge(idea_ref: IdeaRef, as_json: AsJson = False, as_user: AsUser = None) -> None:
        """Undo a merge: the idea gets back its status and its own votes."""
        with open_container() as container:
            actor = acting(container, as_user)
            idea_id = _idea_id(container, actor, idea_ref)
            try:
                undone = container.ideas.unmerge(actor, idea_id)
            except NotAllowed as exc:
                raise Refused(str(exc)) from None
            policy = container.permissions
            document = {
                "idea": idea_to_dict(undone.idea, policy.can_see_author(actor, undone.idea)),
                "former": idea_to_dict(undone.former, policy.can_see_author(actor, undone.former)),
            }
        if as_json:
            print_json(document)
            return
        message = t(
            "merge.undone",
            actor.locale,
            ref=undone.idea.public_ref,
            title=undone.idea.title,
            status=status_label(undone.idea.status.value, actor.locale),
            votes=undone.idea.votes,
            target=undone.former.public_ref,
            target_votes=undone.former.votes,
        )
        out.print(message.replace("*", ""), highlight=False)

    ideas_app.command("merge")(ideas_merge)
    ideas_app.command("unmerge")(ideas_unmerge)
