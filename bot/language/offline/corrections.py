"""Changes of mind and corrections: what follows replaces part of the draft, and what
the person took back ("forget the bus", "scrap that") is stored nowhere."""

from __future__ import annotations

import re

from bot.core.models import IdeaFields
from bot.language.offline import lexicon
from bot.language.offline.text import capitalise, content_words, stem, strip_end_punct

_LEAD = lexicon.Regex("corrections", "lead")
# Clauses that only take something back.
_DISCARD = lexicon.Regex("corrections", "discard")
_MEANT = lexicon.Regex("corrections", "meant")
_MEANT_REVERSED = lexicon.Regex("corrections", "meant_reversed")
_MAKE_THAT = lexicon.Regex("corrections", "make_that")
_NUMBER = lexicon.Regex("corrections", "number")
_RELABEL = lexicon.Regex("corrections", "relabel")
_RELABEL_FIELD = lexicon.Table("corrections", "relabel_field")
_CLAUSES = lexicon.Regex("corrections", "clauses")
# What a message that only takes the idea back starts with ("never mind", "forget it").
_RETRACTION_HEAD = lexicon.Regex("corrections", "retraction_head")
# "make it …" after a change-of-mind lead: an addition, unless it is "make that 6:30".
_AMEND_LEAD = lexicon.Regex("corrections", "amend_lead")
_ARTICLE = lexicon.Regex("corrections", "article")
_RETRACT_PART = lexicon.Regex("corrections", "retract_part")
_MID_LEAD = lexicon.Regex("corrections", "mid_lead")
# A lead that says no ("wait no, make it …"): what follows replaces, it does not add.
_NEGATION = lexicon.Regex("corrections", "negation")
# Where one part of a field ends and the next begins ("…checked out, plus a bonus …").
_PART_BREAK = lexicon.Regex("corrections", "part_break")
_FIELDS = ("problem", "proposal", "benefits")


def relabel(body: str, draft: IdeaFields) -> tuple[str, str] | None:
    """ "the problem is actually X" on a draft that has a problem: (field, X)."""
    match = _RELABEL.match(_LEAD.sub("", body, count=1) if _LEAD.match(body) else body)
    if not match:
        return None
    name = _RELABEL_FIELD[match.group("f").lower()]
    if not getattr(draft, name):
        return None
    value = capitalise(strip_end_punct(match.group("v").strip()))
    return (name, value) if content_words(value) else None


def opens_change(sentence: str) -> bool:
    """Does a later sentence of a message open a change of mind ("Thinking about it
    more, …")? Only the unmistakable leads count there."""
    return bool(_MID_LEAD.match(sentence.strip()))


def is_retraction(body: str) -> bool:
    """A message that only takes the idea back ("actually never mind, too big")."""
    rest = _LEAD.sub("", body, count=1)
    parts = [p.strip(" .!") for p in _CLAUSES.split(rest) if p.strip(" .!")]
    return (
        bool(parts)
        and bool(_RETRACTION_HEAD.match(parts[0]))
        and all(_DISCARD.match(p) or _RETRACTION_HEAD.match(p) for p in parts)
    )


def change_of_mind(body: str, draft: IdeaFields) -> tuple[dict[str, str], str] | None:
    """({field: replacement}, the rest to read as new content) for a message that starts
    with a change of mind; None for any other message."""
    meant = _MEANT.match(body) or _MEANT_REVERSED.match(body)
    if meant:
        substituted = _substitute(draft, meant.group("old"), meant.group("new"))
        if substituted:
            return substituted, ""
    if not any(getattr(draft, f) for f in _FIELDS):
        return None
    lead = _LEAD.match(body)
    if lead and lead.group(0).strip():
        rest = body[lead.end() :]
    elif _takes_back(_CLAUSES.split(body, maxsplit=1)[0].strip(" ,.;"), draft):
        # No lead, but the message opens by taking a part back ("a box won't work
        # because …", "forget the tablets, …", "ignore what I said about the bonus").
        rest = body
    else:
        return None
    negated = bool(lead and _NEGATION.search(lead.group(0)))
    if _AMEND_LEAD.match(rest) and not negated and not _MAKE_THAT.match(rest.strip(" .!")):
        return None  # "actually make it 500 euros a quarter": an addition to the proposal
    replaced: dict[str, str] = {}
    kept: list[str] = []
    for part in _CLAUSES.split(rest):
        part = part.strip(" ,.;")
        partial = _RETRACT_PART.match(part)
        if partial and not kept:
            replaced.update(_without_part(draft, partial.group("target")))
            continue
        if not part or _DISCARD.match(part):
            continue
        if not kept and _takes_back(part, draft):
            continue  # why the old version goes ("a forklift is overkill for returns")
        make = _MAKE_THAT.match(part)
        if make and draft.proposal and _NUMBER.search(draft.proposal):
            numbers = list(_NUMBER.finditer(draft.proposal))
            last = numbers[-1]
            replaced["proposal"] = (
                draft.proposal[: last.start()] + make.group("v") + draft.proposal[last.end() :]
            )
            continue
        kept.append(part)
    return replaced, ". ".join(kept)


def _takes_back(part: str, draft: IdeaFields) -> bool:
    """Does this clause take back (part of) the draft: a retraction, or a verdict on
    something the draft says ("air conditioning is way too expensive")?"""
    if _DISCARD.match(part) or _RETRACT_PART.match(part):
        return True
    if not _DISCARD.search(part):
        return False
    said = {stem(w) for n in _FIELDS for w in content_words((getattr(draft, n) or "").lower())}
    return bool(said & {stem(w) for w in content_words(part.lower())})


def _without_part(draft: IdeaFields, target: str) -> dict[str, str]:
    """Each field without the parts that name `target` (the bonus, the Friday afternoon
    bit); a field left with nothing keeps its value for the new version to replace."""
    wanted = {stem(w) for w in content_words(target.lower())}
    out: dict[str, str] = {}
    if not wanted:
        return out
    for name in _FIELDS:
        value = getattr(draft, name) or ""
        parts = [p for p in _PART_BREAK.split(value) if p.strip(" ,.;")]
        keep = [p for p in parts if not wanted & {stem(w) for w in content_words(p.lower())}]
        if keep and len(keep) < len(parts):
            out[name] = capitalise(", ".join(p.strip(" ,.;") for p in keep))
    return out


def _substitute(draft: IdeaFields, old: str, new: str) -> dict[str, str]:
    """ "I meant X, not Y": Y becomes X wherever the draft says it."""
    old, new = old.strip(), new.strip()
    if not any(old.lower() in (getattr(draft, n) or "").lower() for n in _FIELDS):
        # "the HR portal" as said, else "HR portal" (the draft may say "our HR portal").
        old, new = _ARTICLE.sub("", old), _ARTICLE.sub("", new)
    pattern = re.compile(re.escape(old), re.IGNORECASE)
    out: dict[str, str] = {}
    for name in _FIELDS:
        value = getattr(draft, name) or ""
        if pattern.search(value):
            out[name] = pattern.sub(new, value)
    return out
