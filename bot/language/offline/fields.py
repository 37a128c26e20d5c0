"""Reading one message into idea fields (problem / proposal / benefits, title, tags).

The message is split into sentences and clauses; each clause goes to the field its
cue phrases point at. A clause without a cue continues the previous one (or answers
the question the bot just asked). Nothing meaningful is dropped: every clause lands
in some field. The result is merged with the draft without clobbering what the
person already said, unless they are answering that very question or correcting
themselves.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from bot.core.models import IdeaFields
from bot.core.ports.language import SHAPING_FIELDS, FieldUpdate
from bot.language.offline import corrections, cues, lexicon
from bot.language.offline.memory import about_me, introduces, is_name_only
from bot.language.offline.spelling import correct
from bot.language.offline.text import (
    capitalise,
    clean,
    content_words,
    proposal_phrase,
    split_sentences,
    stem,
    strip_end_punct,
    strip_filler,
    to_imperative,
    words,
)

# Clause boundaries: a connector that usually switches from one part of an idea to
# another ("…, so that…", "…, which would…", "…, we should…"). The connector stays
# with the clause it introduces, because it is the cue.
_CLAUSE_BREAK = lexicon.Regex("fields", "clause_break")
# Sentences that carry no content: greetings, "I have an idea", thanks.
_META_WORDS = lexicon.Words("fields", "meta_words")
_INSTEAD_OF = lexicon.Regex("fields", "instead_of")
_TRAILING_INSTEAD = lexicon.Regex("fields", "trailing_instead")
_LABEL = lexicon.Regex("fields", "label")
_LABEL_FIELD = lexicon.Table("fields", "label_field")
_CALL_IT = lexicon.Regex("fields", "call_it")
_PROBLEM_LEAD = lexicon.Regex("fields", "problem_lead")
_BENEFIT_LEAD = lexicon.Regex("fields", "benefit_lead")
_WHICH = lexicon.Regex("fields", "which")
_AMEND = lexicon.Regex("fields", "amend")
# Cue weight a clause needs to count as another field than the one just asked for.
_OVERRIDE = 3.0
# A field named by the person ("idea: …", "problem - …") is theirs to choose.
_LABELLED = 10.0
_REASON = lexicon.Regex("fields", "reason")
_LABEL_DASH = lexicon.Regex("fields", "label_dash")
_REFERS_BACK = lexicon.Regex("fields", "refers_back")
_IF_WE = lexicon.Regex("fields", "if_we")
_VAGUE_VALUE = lexicon.Regex("fields", "vague_value")
_ANECDOTE = lexicon.Regex("fields", "anecdote")
_PARENTHETICAL = lexicon.Regex("fields", "parenthetical")
_SUBJECT = lexicon.Regex("fields", "if_subject")
_AND_THIS = lexicon.Regex("fields", "and_this")
_CONNECTOR = lexicon.Regex("fields", "connector")
_VAGUE_WORDS = 4
# On a tie, the proposal wins: it is the heart of an idea.
_PREFERENCE = ("proposal", "problem", "benefits")


@dataclass
class _Clause:
    text: str
    field: str | None
    strong: bool
    correction: bool
    opens_sentence: bool = False
    score: float = 0.0


# Sentence roles by the embedding classifier (roles.RoleClassifier.probabilities).
Roles = Callable[[Sequence[str]], list[dict[str, float]]]
_ROLE_FIELD = {"problem": "problem", "proposal": "proposal", "benefit": "benefits"}
# How sure the classifier must be to file an uncued clause, or to drop an aside.
_ROLE_SURE = 0.55
# …and how sure to overrule a clear cue phrase for another field.
_ROLE_SURER = 0.8
_ASIDE_SURE = 0.6
_ASIDE_SURER = 0.75  # for an aside that a cue phrase half-matched ("this might be long")
_ASIDE = lexicon.Regex("fields", "aside")
_TONE = lexicon.Regex("titles", "tone")
_EDGE_TONE = lexicon.Regex("fields", "edge_tone")
_INTERJECTION = lexicon.Regex("fields", "interjection")


def _keep_break(match: re.Match[str]) -> str:
    """An interjection at a clause break ("a joke lol, half of them") leaves the break."""
    return ", " if "," in match.group(0) else " "


def extract(
    text: str, draft: IdeaFields, awaiting: str | None, roles: Roles | None = None
) -> FieldUpdate:
    body = _LABEL_DASH.sub(r"\1\2: ", clean(text))
    if not body:
        return FieldUpdate()
    if awaiting == "title":
        return FieldUpdate(title=_clean_title(body))
    if awaiting == "tags":
        return FieldUpdate(tags=parse_tags(body))
    label = _LABEL.match(body)
    call_it = _CALL_IT.match(body)
    if call_it:
        return FieldUpdate(title=_clean_title(call_it.group("rest")))
    if label and _LABEL_FIELD[label.group("label").lower()] in ("title", "tags"):
        name = _LABEL_FIELD[label.group("label").lower()]
        rest = label.group("rest")
        return (
            FieldUpdate(title=_clean_title(rest))
            if name == "title"
            else FieldUpdate(tags=parse_tags(rest))
        )

    relabelled = corrections.relabel(body, draft)
    if relabelled is not None:
        # "the problem is actually X": X replaces the problem, whatever was asked.
        return single(relabelled[0], relabelled[1])
    change = corrections.change_of_mind(body, draft)
    if change is not None:
        replaced, rest = change
        # A new version replaces; beside an amended value ("make that 6:30") the rest
        # is an ordinary answer to the question asked.
        update = (
            _read(rest, draft, awaiting if replaced else None, correction=not replaced, roles=roles)
            if rest
            else FieldUpdate()
        )
        values = {n: getattr(update, n) for n in SHAPING_FIELDS if getattr(update, n)}
        values.update({n: v for n, v in replaced.items() if n not in values})
        return FieldUpdate(**values)
    sentences = split_sentences(body)
    turn = next((i for i, s in enumerate(sentences) if i and corrections.opens_change(s)), None)
    if turn is not None:
        # "Researchers save days. Thinking about it more, barcodes would be better":
        # the answer first, then the change of mind applied to the draft it leaves.
        first = _read(". ".join(sentences[:turn]), draft, awaiting, roles=roles)
        answered = {n: getattr(first, n) for n in SHAPING_FIELDS if getattr(first, n)}
        then = extract(". ".join(sentences[turn:]), replace(draft, **answered), None, roles)
        answered.update({n: getattr(then, n) for n in SHAPING_FIELDS if getattr(then, n)})
        return FieldUpdate(**answered)
    return _read(body, draft, awaiting, roles=roles)


def single(name: str, value: str) -> FieldUpdate:
    values: dict[str, str] = {name: value}
    return FieldUpdate(**values)  # type: ignore[arg-type]


def _read(
    body: str,
    draft: IdeaFields,
    awaiting: str | None,
    correction: bool = False,
    roles: Roles | None = None,
) -> FieldUpdate:
    has_proposal = bool((draft.proposal or "").strip())
    clauses = _without_asides(_read_clauses(body), roles, awaiting, has_proposal)
    if not clauses:
        return FieldUpdate()
    if correction:
        for clause in clauses:
            clause.correction = True
    _assign(clauses, awaiting, has_proposal=bool((draft.proposal or "").strip()) and not correction)
    if correction:
        # A correction restates one thing ("sorry, I meant the customers benefit most,
        # fewer broken promises"): what follows without a cue of its own belongs to it,
        # rather than replacing another field.
        for previous, clause in itertools.pairwise(clauses):
            weak = clause.score < cues.STRONG
            if previous.field is not None and (
                weak or (not clause.opens_sentence and clause.score < _OVERRIDE)
            ):
                clause.field = previous.field
        # Only what the new version restates is replaced; the reasons given beside it
        # ("nobody remembers to fill those in") add to their fields.
        for clause in clauses:
            clause.correction = clause.field == clauses[0].field
    return _merge(clauses, draft, awaiting)


def _read_clauses(body: str) -> list[_Clause]:
    clauses: list[_Clause] = []
    sentences = split_sentences(_PARENTHETICAL.sub(" ", body)) or split_sentences(body)
    told = [s for s in sentences if not _ANECDOTE.match(s.strip())]
    # A story around the idea ("Last Tuesday I had a patient waiting till 5", "bit of
    # context first", "my mum did exactly this") is not part of it, unless it is all
    # the message says.
    for sentence in told or sentences:
        correction = bool(cues.CORRECTION.search(sentence))
        sentence = _INSTEAD_OF.sub("", sentence)
        sentence = _TRAILING_INSTEAD.sub("", sentence)
        for index, part in enumerate(_CLAUSE_BREAK.split(sentence)):
            part = part.strip(" ,")
            if _REFERS_BACK.match(part) and clauses:
                # "…, can we do that?": the clause before is what they propose.
                clauses[-1].field, clauses[-1].strong = "proposal", True
                clauses[-1].score = max(clauses[-1].score, _OVERRIDE)
                continue
            if not part or _is_meta(part):
                continue
            label = _LABEL.match(part)
            if label:
                name = _LABEL_FIELD[label.group("label").lower()]
                if name in SHAPING_FIELDS:
                    clauses.append(_Clause(label.group("rest"), name, True, True, score=_LABELLED))
                    continue
            conditional = _IF_WE.match(part)
            if conditional:
                # "if we published a FAQ, customers could help themselves": what they
                # would do, then what it would bring.
                proposal = to_imperative(_SUBJECT.sub("", conditional.group("proposal")))
                clauses.append(
                    _Clause(proposal, "proposal", True, correction, index == 0, _OVERRIDE)
                )
                benefit = conditional.group("benefit")
                clauses.append(_Clause(benefit, "benefits", True, correction, False, _OVERRIDE))
                continue
            score = cues.scores(part)
            best = max(_PREFERENCE, key=lambda f: (score[f], -_PREFERENCE.index(f)))
            field = best if score[best] >= 1.0 else None
            strong = score[best] >= cues.STRONG
            if index > 0 and _REASON.match(part) and score["benefits"] < cues.STRONG:
                # "…, because X": the reason for a proposal is the problem it solves.
                field, strong = "problem", True
            if _AMEND.match(part):
                # "make it 500 euros a quarter": an amendment to the proposal, kept
                # with it rather than replacing it.
                field, strong, correction = "proposal", True, False
                score[best] = max(score[best], _OVERRIDE)
            clauses.append(
                _Clause(part, field, strong, correction, index == 0, score[best] if field else 0.0)
            )
    return clauses


def _without_asides(
    clauses: list[_Clause], roles: Roles | None, awaiting: str | None, has_proposal: bool = True
) -> list[_Clause]:
    """Drops what is not about the idea (a self-introduction, "bear with me", "by the way
    the coffee is awful") and, on a message that answers no question, files clauses
    with no clear cue by their sentence role ("calls drop when working from home" is
    a problem). An answer to a question stays with the question (the rules decide).
    A message that is only an aside ("I was thinking about this on the way in tbh")
    fills no field: the person is asked for the idea rather than given a draft whose
    proposal is the aside (the message is still in the conversation's history)."""
    if not clauses:
        return clauses
    probs = (
        roles([correct(_TONE.sub(" ", c.text).strip()) or c.text for c in clauses])
        if roles is not None
        else [{} for _ in clauses]
    )
    introduced = introduces(" ".join(c.text for c in clauses))
    kept: list[_Clause] = []
    for clause, p in zip(clauses, probs, strict=True):
        weak = clause.score < cues.STRONG and not clause.correction
        if (
            weak
            and introduced
            and (about_me(clause.text, introduced) is not None or is_name_only(clause.text))
        ):
            continue  # who they are goes to memory, not into the idea
        if _ASIDE.match(clause.text) and not clause.correction:
            continue
        role = max(p, key=lambda r: p[r]) if p else ""
        aside = role == "meta" and p[role] >= (_ASIDE_SURE if weak else _ASIDE_SURER)
        if aside and clause.score < _OVERRIDE and not clause.correction:
            continue
        field = _ROLE_FIELD.get(role)
        if (
            awaiting not in SHAPING_FIELDS
            and field is not None
            and p[role] >= _ROLE_SURE
            and clause.score < _OVERRIDE
            and field != clause.field
            and not (clause.field is not None and clause.strong and p[role] < _ROLE_SURER)
            # A benefit needs something to benefit from: the opening of an idea is not one.
            and not (field == "benefits" and not has_proposal and len(clauses) == 1)
        ):
            clause.field, clause.strong, clause.score = field, True, _OVERRIDE - 0.5
        elif awaiting == "problem" and field == "benefits" and _clearly_benefit(clause, p[role]):
            # Asked for the problem, the person told who gains ("customers wait less"):
            # a benefit is not a situation, so it is filed as one and the problem asked
            # again, rather than stored as the problem.
            clause.field, clause.strong, clause.score = field, True, _OVERRIDE
        elif awaiting == "proposal" and role == "problem" and _clearly_problem(clause, p):
            # Asked what to do, the person said more about what is wrong ("half my week
            # is in calls that could be an email"): it adds to the problem, and what to
            # do is asked again.
            clause.field, clause.strong, clause.score = "problem", True, _OVERRIDE
        kept.append(clause)
    return kept


def _clearly_benefit(clause: _Clause, sureness: float) -> bool:
    cued = clause.field == "benefits" and clause.score >= _BENEFIT_CUE
    return sureness >= _BENEFIT_SURE or (cued and sureness >= _ROLE_SURE)


def _clearly_problem(clause: _Clause, p: dict[str, float]) -> bool:
    proposal_cued = clause.field == "proposal" and clause.score >= cues.STRONG
    if proposal_cued:
        return False
    problem_cued = clause.field == "problem" and clause.score >= cues.STRONG
    if problem_cued and p["problem"] >= p["proposal"]:
        return True  # a cue phrase and the classifier agree
    return p["problem"] >= _PROBLEM_SURE and p["proposal"] < _PROPOSAL_UNSURE


# How sure the classifier must be that an answer to "what should we do?" is a problem,
# and how unsure that it is a proposal.
_PROBLEM_SURE = 0.45
_PROPOSAL_UNSURE = 0.2


# How sure the classifier must be that an answer to "what's the problem?" is a benefit
# (alone, or with a benefit cue phrase of at least this weight).
_BENEFIT_SURE = 0.7
_BENEFIT_CUE = 1.5


# A short self-introduction belongs to memory, not to the idea; a longer sentence that
# starts that way may carry the idea too, and nothing a person says is dropped.
_ABOUT_ME_MAX_WORDS = 8
_ABOUT_ME = lexicon.Regex("fields", "about_me")
_META_SENTENCE = lexicon.Regex("fields", "meta_sentence")


def is_meta_sentence(part: str) -> bool:
    """A sentence about the conversation or the person, not the idea."""
    return _is_meta(part)


def _is_meta(part: str) -> bool:
    if _META_SENTENCE.match(part.strip()):
        return True
    short = len(part.split()) <= _ABOUT_ME_MAX_WORDS
    if short and _ABOUT_ME.match(part.strip()) and max(cues.scores(part).values()) < 1.0:
        return True  # "Hi, I work in customer support": who they are, not the idea
    tokens = words(strip_filler(part))
    return not tokens or all(t in _META_WORDS for t in tokens)


def _assign(clauses: list[_Clause], awaiting: str | None, has_proposal: bool = False) -> None:
    asked = awaiting if awaiting in SHAPING_FIELDS else None
    first_proposal = next(
        (i for i, c in enumerate(clauses) if c.field == "proposal" and c.strong), None
    )
    if asked != "benefits" and not has_proposal and not any(c.field == "proposal" for c in clauses):
        # Benefits need something to benefit from: a faint "benefit" (a number, a
        # unit) with no proposal around is the situation, or the idea itself.
        for clause in clauses:
            if clause.field == "benefits" and not clause.strong:
                clause.field = "problem" if cues.scores(clause.text)["problem"] > 0 else None
    if asked is None and first_proposal:
        # Statements before the proposal, with no cue of their own, set the scene:
        # "Customer emails sit unanswered over the weekend. We should …".
        for clause in clauses[:first_proposal]:
            if clause.field is None or (clause.field != "problem" and not clause.strong):
                clause.field, clause.strong = "problem", True
    for clause in clauses:
        if asked is not None and clause.field != asked and clause.score < _OVERRIDE:
            # An answer to a question belongs to that question unless it is clearly
            # about something else ("IT could prepare laptops" is not a benefit).
            clause.strong = False
    if asked is not None and not any(c.strong and c.field != asked for c in clauses):
        # Nothing clearly about another field: the whole message answers the question.
        for clause in clauses:
            clause.field = asked
        return
    previous: str | None = None
    for clause in clauses:
        if asked is not None and not clause.strong:
            clause.field = previous or asked
        elif clause.field is None or (
            not clause.strong and previous is not None and not clause.opens_sentence
        ):
            # A clause with no cue (or a faint one, mid-sentence) continues the previous
            # one; the first one defaults to the proposal, the heart of an idea.
            clause.field = previous or clause.field or "proposal"
        previous = clause.field


def _merge(clauses: list[_Clause], draft: IdeaFields, awaiting: str | None) -> FieldUpdate:
    values: dict[str, str | None] = {}
    for name in SHAPING_FIELDS:
        mine = [c for c in clauses if c.field == name]
        rest = " ".join(c.text for c in mine[1:])
        if len(mine) > 1 and _VAGUE_VALUE.match(mine[0].text.strip()) and not is_vague(rest):
            # "Shift handovers aren't great. Stuff gets lost between shifts.": the
            # opening gesture is said again, concretely, by what follows.
            mine = mine[1:]
        if not mine:
            continue
        new = _join([_tidy(name, c.text) for c in mine])
        if not new:
            continue
        old = (getattr(draft, name) or "").strip()
        corrected = any(c.correction for c in mine)
        gesture = bool(_VAGUE_VALUE.match(old))  # "parking is a nightmare", then the detail
        if not old or corrected or gesture or (awaiting == name and is_vague(old)):
            values[name] = new
        elif _adds_nothing(old, new):
            continue
        elif awaiting == name and _extends(old, new):
            values[name] = new
        else:
            values[name] = _join([old, new])
    return FieldUpdate(
        problem=values.get("problem"),
        proposal=values.get("proposal"),
        benefits=values.get("benefits"),
    )


def _tidy(name: str, text: str) -> str:
    """Shape a clause for storage: meta lead-ins off, first letter up, nothing lost."""
    text = text.strip(" ,;")
    if name == "proposal":
        text = _CONNECTOR.sub("", text) or text
        text = proposal_phrase(text) or text
        text = text.rstrip(" ?") or text  # "why don't we …?" asks for the proposal
    elif name == "problem":
        text = _PROBLEM_LEAD.sub("", _REASON.sub("", _CONNECTOR.sub("", text))) or text
    elif name == "benefits":
        text = text[4:] if _AND_THIS.match(text) else text
        text = _BENEFIT_LEAD.sub("", text) or text
        text = _CONNECTOR.sub("", text) or text
        text = _WHICH.sub("this", text)
    # "Whole company tbh": tone words are not the person's content. Emoji are kept: they
    # are the person's own expression (titles leave them out).
    text = _INTERJECTION.sub(_keep_break, text).replace(" ,", ",").strip(" ,;") or text
    text = _EDGE_TONE.sub("", text.strip(" ,;")).strip(" ,;") or text
    text = _EDGE_TONE.sub("", text).strip(" ,;") or text  # "so basically, like, …"
    return capitalise(text.strip(" ,;"))


def _join(parts: list[str]) -> str:
    out = ""
    for part in parts:
        # One convention for stored fields: sentences joined by ". ", no final period.
        part = part.strip().rstrip(".").strip()
        if not part:
            continue
        if not out:
            out = part
        else:
            out = out if out[-1] in ".!?" else out + "."
            out = f"{out} {part}"
    return out


def _stems(text: str) -> set[str]:
    return {stem(w) for w in content_words(text)}


def _adds_nothing(old: str, new: str) -> bool:
    fresh = _stems(new)
    return bool(fresh) and fresh <= _stems(old)


def _extends(old: str, new: str) -> bool:
    """The answer restates the old value and adds to it: keep the fuller version."""
    before = _stems(old)
    return bool(before) and before <= _stems(new)


def is_vague(value: str | None) -> bool:
    text = (value or "").strip()
    return len(words(text)) < _VAGUE_WORDS or bool(_VAGUE_VALUE.match(text))


def parse_tags(text: str) -> tuple[str, ...]:
    parts = re.split(r"[,;/]|\band\b|\s+#", text.lower())
    tags: list[str] = []
    for part in parts:
        tag = re.sub(r"[^\w\- ]|_", "", part).strip().replace(" ", "-")
        if tag and tag not in tags:
            tags.append(tag)
    return tuple(tags[:5])


def _clean_title(text: str) -> str:
    return capitalise(strip_end_punct(text.strip().strip("\"'")))
