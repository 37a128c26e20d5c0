"""Reading idea files (JSON Lines or CSV) into `NewIdea`s, line by line.

A bad line is reported with its number and skipped; the rest still import.
"""

from __future__ import annotations

import codecs
import csv
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


# Each field of an idea and the column names that give it: the contract's name first,
# common synonyms from other tools' exports after.
FIELD_COLUMNS: dict[str, tuple[str, ...]] = {
    "title": ("title", "name", "subject"),
    "description": ("description", "text", "body", "content", "summary"),
    "problem": ("problem",),
    "proposal": ("proposal",),
    "benefits": ("benefits",),
    "tags": ("tags",),
    "author": ("author",),
    "department": ("department",),
    "anonymous": ("anonymous",),
    "created_at": ("created_at",),
    "status": ("status",),
    "status_reason": ("status_reason",),
    "votes": ("votes",),
    "challenge": ("challenge",),
}
TEXT_FIELDS = ("title", "description", "problem", "proposal", "benefits")
KNOWN_COLUMNS = {"id", *(c for names in FIELD_COLUMNS.values() for c in names)}
MAX_VOTES = 1_000_000_000  # fits every database's integer column
CSV_DELIMITERS = (",", ";", "\t", "|")


def read_text(path: Path) -> str:
    """The file as text: UTF-8 (with or without a BOM) or UTF-16 with a BOM.
    Anything else is refused with a message, never decoded into garbage."""
    if not path.is_file():
        raise InvalidInput(f"no such file: {path}")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror or exc}") from None
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8-sig"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"{path} is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}):"
            " save it as UTF-8"
        ) from None
    if "\x00" in text:
        raise InvalidInput(f"{path} looks like a binary file, not JSON Lines or CSV")
    return text


def read_file(path: Path, team_id: str) -> Iterator[ParsedLine]:
    text = read_text(path)
    if path.suffix.lower() in (".csv", ".tsv"):
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
        except RecursionError:
            yield ParsedLine(number, None, "not valid JSON (nested too deeply)")
            continue
        if not isinstance(record, dict):
            yield ParsedLine(number, None, "expected a JSON object")
            continue
        yield _to_idea(number, record, team_id, typed_ids=True)


class _Lines:
    """Physical lines handed to csv one at a time, so each record's line span is known."""

    def __init__(self, lines: list[str], position: int) -> None:
        self.lines = lines
        self.position = position

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.position >= len(self.lines):
            raise StopIteration
        self.position += 1
        return self.lines[self.position - 1]


def _dialect(header: str) -> str:
    """The delimiter that splits the header into the most known column names
    (Excel writes ';' in many locales, and some tools write tabs)."""

    def known(delimiter: str) -> int:
        names = next(csv.reader([header], delimiter=delimiter), [])
        return sum(name.strip().lower() in KNOWN_COLUMNS for name in names)

    best = max(CSV_DELIMITERS, key=known)
    if known(best) > 0:
        return best
    try:
        return csv.Sniffer().sniff(header, delimiters="".join(CSV_DELIMITERS)).delimiter
    except csv.Error:
        return ","


def _read_csv(text: str, team_id: str) -> Iterator[ParsedLine]:
    lines = text.splitlines(keepends=True)
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return
    delimiter = _dialect(lines[first])
    header = [
        name.strip().lower() for name in next(csv.reader([lines[first]], delimiter=delimiter))
    ]
    if not any(name in FIELD_COLUMNS[field] for field in TEXT_FIELDS for name in header):
        raise InvalidInput(
            f"no title or description column in the CSV header (found: {', '.join(header)})"
        )
    position = first + 1
    while position < len(lines):
        start = position
        source = _Lines(lines, start)
        try:
            values = next(csv.reader(source, delimiter=delimiter, strict=True))
        except StopIteration:
            return
        except csv.Error as exc:
            # Resume on the next physical line: the rows a stray quote would have
            # swallowed are read on their own.
            yield ParsedLine(start + 1, None, f"broken quoting ({exc}); fix the quotes")
            position = start + 1
            continue
        position = source.position
        if not any(v.strip() for v in values):
            continue
        if position - start > 1 and len(values) != len(header):
            yield ParsedLine(start + 1, None, "unclosed quote: this row runs into the next lines")
            position = start + 1
            continue
        if len(values) > len(header):
            yield ParsedLine(start + 1, None, "more values than columns")
            continue
        # A short row leaves its missing trailing columns absent, not empty.
        record: dict[str, Any] = {k: v for k, v in zip(header, values, strict=False) if k}
        if isinstance(record.get("tags"), str):
            record["tags"] = _split_tags(record["tags"])
        yield _to_idea(start + 1, record, team_id, typed_ids=False)


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


def _to_idea(number: int, record: dict[str, Any], team_id: str, typed_ids: bool) -> ParsedLine:
    try:
        return ParsedLine(number, _build(record, team_id, typed_ids), None)
    except InvalidInput as exc:
        return ParsedLine(number, None, str(exc))


def _given(record: dict[str, Any], typed_ids: bool) -> frozenset[str]:
    """The fields this line speaks about: the others keep their stored values."""
    given = {f for f, names in FIELD_COLUMNS.items() if any(n in record for n in names)}
    if typed_ids:  # only JSON says whether an id was a number or text
        given.add("external_id_numeric")
    anonymous = _flag(record.get("anonymous"))
    if anonymous and not _optional(record, "author"):
        # An export withholds an anonymous idea's author: that is not "no author".
        given.discard("author")
    return frozenset(given)


def _build(record: dict[str, Any], team_id: str, typed_ids: bool = True) -> NewIdea:
    external_id = _optional(record, "id")
    raw_id = record.get("id")
    numeric_id = isinstance(raw_id, int) and not isinstance(raw_id, bool)
    title = _first(record, *FIELD_COLUMNS["title"])
    description = _first(record, *FIELD_COLUMNS["description"])
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
        status_reason=_optional(record, "status_reason"),
        votes=_votes(record.get("votes")),
        challenge=_optional(record, "challenge"),
        anonymous=_flag(record.get("anonymous")) or False,
        given=_given(record, typed_ids),
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
    except (TypeError, ValueError, OverflowError):
        raise InvalidInput(f"'votes' must be a whole number, not {value!r}") from None
    if votes < 0:
        raise InvalidInput("'votes' cannot be negative")
    if votes > MAX_VOTES:
        raise InvalidInput(f"'votes' is implausibly large ({votes})")
    return votes


def _flag(value: Any) -> bool | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"1", "true", "yes", "y"}
