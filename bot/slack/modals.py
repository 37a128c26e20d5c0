"""The idea modal (/idea, "Save as idea", Home) and its validation."""

from __future__ import annotations

import json

from slack_sdk.models.blocks import (
    Block,
    CheckboxesElement,
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    PlainTextObject,
)
from slack_sdk.models.views import View

from bot.core.text import MAX_TITLE_CHARS
from bot.slack import strings
from bot.slack.blocks import escape, truncate
from bot.slack.parse import IdeaForm

CALLBACK_ID = "idea_modal"
# Slack's plain_text_input holds at most 3000 characters.
DESCRIPTION_LIMIT = 3000
METADATA_LIMIT = 3000


def idea_modal(
    title: str = "", description: str = "", source: str | None = None, saved: bool = False
) -> View:
    blocks: list[Block] = [
        InputBlock(
            block_id="title",
            label=strings.FIELD_TITLE,
            element=PlainTextInputElement(
                action_id="value",
                initial_value=truncate(title, MAX_TITLE_CHARS) or None,
                max_length=MAX_TITLE_CHARS,
            ),
        ),
        InputBlock(
            block_id="description",
            label=strings.FIELD_DESCRIPTION,
            element=PlainTextInputElement(
                action_id="value",
                multiline=True,
                initial_value=truncate(description, DESCRIPTION_LIMIT) or None,
                max_length=DESCRIPTION_LIMIT,
            ),
        ),
        InputBlock(
            block_id="anonymous",
            label=strings.FIELD_ANONYMOUS,
            optional=True,
            element=CheckboxesElement(
                action_id="value",
                options=[
                    Option(
                        value="anonymous",
                        text=PlainTextObject(text=strings.FIELD_ANONYMOUS),
                        description=PlainTextObject(text=strings.FIELD_ANONYMOUS_HINT),
                    )
                ],
            ),
        ),
    ]
    metadata = ""
    if source:
        line = strings.SOURCE_LINE.format(link=source)
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=escape(line))]))
        metadata = json.dumps({"source": line})[:METADATA_LIMIT]
    return View(
        type="modal",
        callback_id=CALLBACK_ID,
        title=strings.MODAL_TITLE_SAVE if saved else strings.MODAL_TITLE_NEW,
        submit=strings.MODAL_SUBMIT,
        close=strings.MODAL_CLOSE,
        private_metadata=metadata,
        blocks=blocks,
    )


def form_errors(form: IdeaForm) -> dict[str, str]:
    """Slack shows these under the fields (response_action: errors); empty when valid."""
    errors: dict[str, str] = {}
    title, description = form.title.strip(), form.description.strip()
    if not title:
        errors["title"] = strings.ERROR_EMPTY_TITLE
    elif len(title) > MAX_TITLE_CHARS:
        errors["title"] = strings.ERROR_TOO_LONG.format(length=len(title), limit=MAX_TITLE_CHARS)
    if not description:
        errors["description"] = strings.ERROR_EMPTY_DESCRIPTION
    elif len(description) > DESCRIPTION_LIMIT:
        errors["description"] = strings.ERROR_TOO_LONG.format(
            length=len(description), limit=DESCRIPTION_LIMIT
        )
    return errors
