"""Vector channels: the several vectors an idea is indexed with, as configuration.

An idea is indexed once per channel. A channel names which part of the idea it
embeds (`source`), with which embedding model (`model`, a key of the embedder
registry the container builds), and its weight in the combined score. Each channel
has its own Chroma collection per (kind, channel, model id, team), so adding a
channel — say a multilingual model for French and cross-lingual search — is one
more entry in `retrieval/data/calibration.json` (and an embedder registered under
its `model` key), never a change to the search code.

Sources:
- `title`: the title alone (one vector).
- `text`: title and description. A text longer than the model's window (256 word
  pieces) also gets one vector per further window ("chunks"); the idea's score on
  the channel is its best window's.

The text channel of the default model keeps the collection kind `ideas` (one
vector per idea with the idea id, windows beyond the first as `<id>#<n>`), which
the digest's theme finder reads as the idea's vector.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

SOURCES = ("title", "text")
# What of the query a channel embeds: all of it, or its title (its first line when
# it has several; a one-line query is its own title).
QUERY_PARTS = ("whole", "title")
DEFAULT_MODEL = "default"
# Words per window: all-MiniLM-L6-v2 reads 256 word pieces, about 180 English words;
# windows of 150 words with 30 words of overlap stay inside it with room for long
# words, and a sentence cut at one window's end is whole in the next.
WINDOW_WORDS = 150
WINDOW_OVERLAP = 30
FIRST_WINDOW_WORDS = 180
# Enough for any real idea; a pasted book does not fill the index with windows.
MAX_WINDOWS = 12
# Layout version of what one channel stores; bump when windows or ids change.
LAYOUT = "mv1"


@dataclass(frozen=True)
class Channel:
    name: str
    source: str
    weight: float
    model: str = DEFAULT_MODEL
    query: str = "whole"

    def __post_init__(self) -> None:
        if self.query not in QUERY_PARTS:
            raise ValueError(f"channel {self.name!r}: query must be one of {QUERY_PARTS}")
        if self.source not in SOURCES:
            raise ValueError(f"channel {self.name!r}: source must be one of {SOURCES}")
        if self.weight < 0:
            raise ValueError(f"channel {self.name!r}: weight must not be negative")
        if not re.fullmatch(r"[a-z][a-z0-9_]*", self.name):
            raise ValueError(f"channel name {self.name!r}: lower-case letters, digits, _")

    @property
    def chunked(self) -> bool:
        return self.source == "text"

    def kind(self, base: str) -> str:
        """The collection kind: `ideas` for the default text channel (read by the
        theme finder), `ideas.<channel>` for every other."""
        if self.source == "text" and self.model == DEFAULT_MODEL and self.name == "text":
            return base
        return f"{base}.{self.name}"


# A model with no calibration (e.g. an API model) is searched on its full text alone:
# the fall-back thresholds are cosines of one vector, and a title channel's weight is
# only known once measured on its dev split (bench/eval_similar.py).
DEFAULT_CHANNELS = (Channel("text", "text", 1.0),)


def parse_channels(raw: Sequence[Mapping[str, Any]] | None) -> tuple[Channel, ...]:
    if not raw:
        return DEFAULT_CHANNELS
    channels = tuple(
        Channel(
            name=str(r["name"]),
            source=str(r["source"]),
            weight=float(r["weight"]),
            model=str(r.get("model", DEFAULT_MODEL)),
            query=str(r.get("query", "whole")),
        )
        for r in raw
    )
    names = [c.name for c in channels]
    if len(set(names)) != len(names):
        raise ValueError(f"channel names must be unique: {names}")
    if sum(c.weight for c in channels) <= 0:
        raise ValueError("at least one channel needs a positive weight")
    return channels


def signature(channels: Sequence[Channel], model_ids: Mapping[str, str]) -> str:
    """What an index was built with: stored on each SQL row as its index marker, so a
    row indexed by another layout (or by the single-vector version, whose marker was
    the bare model id) is seen as not indexed and rebuilt."""
    base = model_ids[DEFAULT_MODEL]
    layout = [[c.name, c.source, model_ids[c.model]] for c in channels]
    digest = hashlib.sha1(json.dumps([LAYOUT, layout]).encode()).hexdigest()[:10]
    return f"{base}+{LAYOUT}-{digest}"


def windows(text: str) -> list[str]:
    """The text's windows: the whole text first (the model reads its first 256 word
    pieces), then overlapping windows over what lies beyond the first window."""
    words = text.split()
    out = [text]
    if len(words) <= FIRST_WINDOW_WORDS:
        return out
    step = WINDOW_WORDS - WINDOW_OVERLAP
    start = FIRST_WINDOW_WORDS - WINDOW_OVERLAP
    while start < len(words) and len(out) < MAX_WINDOWS:
        out.append(" ".join(words[start : start + WINDOW_WORDS]))
        start += step
    return out


def query_part(part: str, query: str) -> str:
    if part == "title":
        lines = [line for line in query.splitlines() if line.strip()]
        return lines[0] if lines else query
    return query


def source_text(source: str, title: str, description: str | None) -> str:
    if source == "title":
        return title
    return "\n".join(p for p in (title, description) if p)
