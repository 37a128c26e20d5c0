"""Reading idea files (JSON Lines or CSV) into `NewIdea`s, line by line.

A bad line is reported with its number and skipped; the rest still import.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.core.models import IdeaStatus, NewIdea
from bot.core.text import InvalidInput, clean, require_text, title_from


@dataclass(frozen=True)
class ParsedLine:
    line: int
    idea: NewIdea | None
    error: str | None


def read_file(path: Path, team_id: str) -> Iterator[ParsedLine]:
    if not path.is_file():
        raise InvalidInput(f"no such file: {path}")
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig", errors="replace")
    if path.suffix.lower() == ".csv":
        yield from _read_csv(text, team_id)
    else:
        yield from _read_jsonl(text, team_id)


def _read_jsonl(text: str, team_id: str) -> Iterator[ParsedLine]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ParsedLine(number, None, f"not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(record, dict):
            yield ParsedLine(number, None, "expected a JSON object")
            continue
        yield _to_idea(number, record, team_id)


def _read_csv(text: str, team_id: str) -> Iterator[ParsedLine]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames:
        return
    for record in reader:
        number = reader.line_num
        if None in record:
            yield ParsedLine(number, None, "more values than columns")
            continue
        values: dict[str, Any] = {k.strip(): v for k, v in record.items() if k}
        if isinstance(values.get("tags"), str):
            values["tags"] = _split_tags(values["tags"])
        yield _to_idea(number, values, team_id)


def _split_tags(value: str) -> list[str]:
    value = value.strip()
    if value.startswith("["):
        try:
            parsed = json.loads(value)
            if isinstance(parsed, list):
                return [str(v) for v in parsed]
        except json.JSONDecodeError:
            pass
    separator = ";" if ";" in value else ("|" if "|" in value else ",")
    return [part.strip() for part in value.split(separator) if part.strip()]


def _optional(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str | int | float):
        raise InvalidInput(f"'{key}' must be text")
    text = clean(str(value))
    return text or None


def _first(record: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        value = _optional(record, key)
        if value:
            return value
    return None


def _to_idea(number: int, record: dict[str, Any], team_id: str) -> ParsedLine:
    try:
        return ParsedLine(number, _build(record, team_id), None)
    except InvalidInput as exc:
        return ParsedLine(number, None, str(exc))


def _build(record: dict[str, Any], team_id: str) -> NewIdea:
    external_id = _optional(record, "id")
    raw_id = record.get("id")
    numeric_id = isinstance(raw_id, int) and not isinstance(raw_id, bool)
    # The contract's names first; common synonyms from other tools' exports after.
    title = _first(record, "title", "name", "subject")
    description = _first(record, "description", "text", "body", "content", "summary")
    problem, proposal, benefits = (
        _optional(record, k) for k in ("problem", "proposal", "benefits")
    )
    if not description:
        parts = [p for p in (problem, proposal, benefits) if p]
        description = "\n\n".join(parts) if parts else title
    description = require_text(description, "idea (title and description)")
    if not title:
        title = title_from(description)
    return NewIdea(
        team_id=team_id,
        external_id=external_id,
        external_id_numeric=numeric_id,
        title=title,
        description=description,
        problem=problem,
        proposal=proposal,
        benefits=benefits,
        tags=_tags(record.get("tags")),
        author_name=_optional(record, "author"),
        department=_optional(record, "department"),
        created_at=_timestamp(record.get("created_at")),
        status=_status(record.get("status")),
        votes=_votes(record.get("votes")),
        challenge=_optional(record, "challenge"),
        anonymous=_flag(record.get("anonymous")) or False,
    )


def _tags(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return _split_tags(value)
    if isinstance(value, list):
        return [clean(str(v)) for v in value if clean(str(v))]
    raise InvalidInput("'tags' must be a list of strings")


def _timestamp(value: Any) -> datetime | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise InvalidInput("'created_at' must be an ISO 8601 date")
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(f"'created_at' is not an ISO 8601 date: {value!r}") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _status(value: Any) -> IdeaStatus:
    if value in (None, ""):
        return IdeaStatus.NEW
    try:
        return IdeaStatus.parse(str(value))
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None


def _votes(value: Any) -> int:
    if value in (None, ""):
        return 0
    try:
        votes = int(float(value))
    except (TypeError, ValueError):
        raise InvalidInput(f"'votes' must be a whole number, not {value!r}") from None
    if votes < 0:
        raise InvalidInput("'votes' cannot be negative")
    return votes


def _flag(value: Any) -> bool | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"1", "true", "yes", "y"}
