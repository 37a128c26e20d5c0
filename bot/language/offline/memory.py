"""Memory extraction: explicit statements people make about themselves.

Only first-person statements in common phrasings are read ("I work in finance",
"call me Sam", "I'd rather stay anonymous"). Precision matters more than recall:
a wrong memory ("Works as frustrated") is worse than a missed one, so roles need a
known role noun and teams a known department or the word "team".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache

from bot.core.messages import t
from bot.core.ports.language import MemoryCandidate, MemoryKind
from bot.language.offline import lexicon
from bot.language.offline.text import base_verb, clean, split_sentences

# The captured phrase stops at punctuation or where a new clause starts.
_X = (
    r"(?P<x>[^,.;!?]+?)(?=\s*(?:[,.;!?]|$|\band (?:i|my|we|also)\b|\bbut\b|\bso\b|\bwho\b|"
    r"\bwhere\b|\bbecause\b|\bsince\b|\bwhich\b|\bthat\b|\bat the moment\b|\bright now\b))"
)
_I = r"(?:^|(?<=[\s,;:(]))i"
_IM = rf"{_I}(?:'m| am)"

DEPARTMENTS = lexicon.Words("memory", "departments")
_UNIT = r"(?:team|department|dept|squad|group|division|unit|office|org)"
ROLE_NOUNS = lexicon.Words("memory", "role_nouns")
_NOT_A_TOPIC = lexicon.Regex("memory", "not_a_topic")
_NOT_A_NAME = lexicon.Words("memory", "not_a_name")


def _t(key: str, **params: str) -> str:
    """A memory item in the language being read (the person's)."""
    return t(key, lexicon.language(), **params)


Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], MemoryCandidate | None]]


def _third_person(text: str) -> str:
    """'my team's budget' → "their team's budget": memories read as statements about them."""
    swaps = {
        "my": "their",
        "i": "they",
        "me": "them",
        "myself": "themselves",
        "mine": "theirs",
        "i'm": "they're",
        "i've": "they've",
        "i'd": "they'd",
        "i'll": "they'll",
    }
    out = []
    for token in text.split():
        core = token.rstrip(",.;:!?")
        swap = swaps.get(core.lower())
        out.append(swap + token[len(core) :] if swap else token)
    return " ".join(out)


def _phrase(match: re.Match[str]) -> str:
    return _third_person(match.group("x").strip().strip("\"'"))


def _title_dept(name: str) -> str:
    words = name.split()
    return " ".join(
        w.upper()
        if w.lower() in {"hr", "it", "qa", "r&d", "ops", "sre"}
        else (w.capitalize() if w.lower() in DEPARTMENTS else w)
        for w in words
    )


def _my_team(match: re.Match[str]) -> MemoryCandidate | None:
    """'my team is Payments': explicit, so any name goes."""
    return _team(match, explicit=True)


_PLACE_PREPOSITION = lexicon.Regex("memory", "team_is_place")


def _team(match: re.Match[str], explicit: bool = False) -> MemoryCandidate | None:
    raw = match.group("x").strip()
    unit_match = re.search(rf"\s+{_UNIT}$", raw, re.IGNORECASE)
    name = re.sub(r"^(?:the|our|a)\s+", "", raw, flags=re.IGNORECASE)
    unit = "team"
    if unit_match:
        unit = unit_match.group(0).strip().lower()
        name = name[: len(name) - len(unit_match.group(0))].strip()
    elif (
        not explicit and name.lower() not in DEPARTMENTS and not (name.isupper() and len(name) <= 4)
    ):
        return None
    if not name or len(name.split()) > 4 or _PLACE_PREPOSITION.match(name):
        return None  # "my team is in Leeds" says where, not which team
    return MemoryCandidate(
        MemoryKind.FACT,
        _t("memory_item.team", team=_title_dept(name), unit=unit),
        key="team",
        confidence=0.9,
        value=_title_dept(name),
    )


def _works_in(match: re.Match[str]) -> MemoryCandidate | None:
    """'I work in X': a department or team, a place, or (for 'on'/'for') what they do."""
    preposition = match.group("p").lower()
    raw = match.group("x").strip()
    if preposition == "in":
        team = _team(match)
        if team is not None:
            return team
        if raw[:1].isupper() and len(raw.split()) <= 3:
            return MemoryCandidate(
                MemoryKind.FACT,
                _t("memory_item.location", place=raw),
                key="location",
                confidence=0.7,
            )
        return None
    if preposition in ("on", "for", "with"):
        team = _team(match)
        if team is not None:
            return team
        if len(raw.split()) > 6:
            return None
        key = {"on": "project", "for": "employer", "with": None}[preposition]
        return MemoryCandidate(
            MemoryKind.FACT,
            t(f"memory_item.works_{preposition}", what=_phrase(match)),
            key=key,
            confidence=0.7,
        )
    return None


def _role(match: re.Match[str]) -> MemoryCandidate | None:
    role = match.group("x").strip()
    head = re.split(r"\s+(?:in|at|on|for|of|with|from)\s+", role, maxsplit=1)[0].split()
    if not head or head[-1].lower() not in ROLE_NOUNS or len(role.split()) > 7:
        return None
    return _role_candidate(match, " ".join(head))


def _role_candidate(match: re.Match[str], role: str | None = None) -> MemoryCandidate | None:
    role = _third_person(role) if role else _phrase(match)
    if not role or len(role.split()) > 7:
        return None
    article = (match.groupdict().get("a") or "").strip()
    text = f"{article} {role}".strip()
    return MemoryCandidate(
        MemoryKind.FACT, _t("memory_item.role", role=text), key="role", confidence=0.85
    )


def _location(match: re.Match[str]) -> MemoryCandidate | None:
    place = _phrase(match)
    if not place or len(place.split()) > 5:
        return None
    return MemoryCandidate(
        MemoryKind.FACT, _t("memory_item.location", place=place), key="location", confidence=0.85
    )


def _works_from(match: re.Match[str]) -> MemoryCandidate | None:
    place = _phrase(match)
    if not place or len(place.split()) > 5:
        return None
    return MemoryCandidate(
        MemoryKind.FACT, _t("memory_item.works_from", place=place), key="location", confidence=0.85
    )


def _name(match: re.Match[str]) -> MemoryCandidate | None:
    name = match.group("x").strip()
    if name.split()[0].lower() in _NOT_A_NAME:
        return None
    name = " ".join(w[:1].upper() + w[1:] for w in name.split())
    return MemoryCandidate(
        MemoryKind.FACT, _t("memory_item.name", name=name), key="name", confidence=0.95, value=name
    )


def _interest(match: re.Match[str]) -> MemoryCandidate | None:
    topic = match.group("x").strip()
    if _NOT_A_TOPIC.match(topic) or len(topic.split()) > 6:
        return None
    return MemoryCandidate(
        MemoryKind.INTEREST, _t("memory_item.interest", topic=_phrase(match)), confidence=0.85
    )


def _anonymous(_: re.Match[str]) -> MemoryCandidate:
    return MemoryCandidate(
        MemoryKind.PREFERENCE,
        _t("memory_item.anonymous"),
        key="anonymity",
        confidence=0.9,
        value="anonymous",
    )


def _named(_: re.Match[str]) -> MemoryCandidate:
    return MemoryCandidate(
        MemoryKind.PREFERENCE,
        _t("memory_item.named"),
        key="anonymity",
        confidence=0.85,
        value="named",
    )


def _no_notify(match: re.Match[str]) -> MemoryCandidate:
    detail = _third_person((match.group("x") or "").strip())
    return MemoryCandidate(
        MemoryKind.PREFERENCE,
        _t("memory_item.no_notifications", detail=detail).strip(),
        key="notifications",
        confidence=0.9,
    )


def _prefers(template: str) -> Callable[[re.Match[str]], MemoryCandidate | None]:
    def build(match: re.Match[str]) -> MemoryCandidate | None:
        what = _phrase(match)
        if not what or len(what.split()) > 10:
            return None
        return MemoryCandidate(MemoryKind.PREFERENCE, _t(template, what=what), confidence=0.8)

    return build


def _goal(match: re.Match[str]) -> MemoryCandidate | None:
    goal = _phrase(match)
    goal = re.sub(r"^to\s+", "", goal, flags=re.IGNORECASE)
    if not goal or len(goal.split()) > 12:
        return None
    first = goal.split()[0].lower()
    verb_first = bool(base_verb(first)) or first in _GOAL_VERBS
    key = "memory_item.goal" if verb_first else "memory_item.goal_noun"
    return MemoryCandidate(MemoryKind.GOAL, _t(key, goal=goal), confidence=0.8)


_GOAL_VERBS = lexicon.Words("memory", "goal_verbs")


def _rule(pattern: str, build: Callable[[re.Match[str]], MemoryCandidate | None]) -> Rule:
    return re.compile(pattern, re.IGNORECASE), build


_ANON = r"anonym(?:ous(?:ly)?|ity)"
RULES: list[Rule] = [
    # Preferences first: "I'd rather stay anonymous" must not read as anything else.
    _rule(
        rf"{_I}(?:'d| would)? (?:rather|prefer(?: to)?|like to|want to) (?:stay|remain|be"
        rf"|keep it|"
        rf"keep my ideas|post|submit(?: my ideas)?|go) {_ANON}",
        _anonymous,
    ),
    _rule(
        rf"\b(?:keep me|always submit(?: my ideas)?"
        rf"|always post(?: my ideas)?) {_ANON}",
        _anonymous,
    ),
    _rule(
        rf"{_I} prefer {_ANON}|\b(?:don'?t|do not|never) (?:show|use|display|share) my name\b",
        _anonymous,
    ),
    _rule(
        rf"{_I} (?:don'?t|do not) (?:mind|care if) (?:my name|people know|being named)|"
        rf"{_I}(?:'m| am) happy to be named|{_I} (?:don'?t|do not) need to be {_ANON}",
        _named,
    ),
    _rule(
        r"\b(?:please )?(?:don'?t|do not|never|stop) (?:notify|ping|message|dm|bother|email) me"
        r"(?P<x>[^.!?;]*)",
        _no_notify,
    ),
    _rule(rf"\bplease always {_X}", _prefers("memory_item.always")),
    _rule(rf"\bplease never {_X}", _prefers("memory_item.never")),
    _rule(rf"{_I}(?:'d| would)? prefer(?: to)? {_X}", _prefers("memory_item.prefers")),
    # Who they are.
    _rule(r"\b(?:call me|my name is|my name's) (?P<x>[A-Za-z][\w'\-]*(?: [A-Z][\w'\-]*)?)", _name),
    _rule(
        rf"\bmy (?:role|job|job title|title|position) is (?P<a>(?:an?|the) )?{_X}", _role_candidate
    ),
    _rule(rf"{_I} work as (?P<a>(?:an?|the) )?{_X}", _role_candidate),
    _rule(
        rf"{_IM} (?P<a>an?|the) (?:(?:senior|junior|lead|principal|staff|chief|head) )?{_X}", _role
    ),
    _rule(rf"\bmy (?:team|department|dept) is (?:the )?{_X}", _my_team),
    _rule(rf"{_IM} an? [^,.;!?]*? (?:in|on|of) (?P<x>(?:the )?[\w&\- ]+? {_UNIT})\b", _team),
    _rule(rf"{_IM} (?:in|on|part of|with|from) {_X}", _team),
    _rule(rf"{_I} (?:currently |now )?work (?P<p>in|on|for|with) {_X}", _works_in),
    _rule(rf"{_IM} (?:based|located|stationed|sitting) (?:in|at|out of) {_X}", _location),
    _rule(rf"{_I} (?:live|sit) in {_X}", _location),
    # "I'm a data analyst in finance, based in Lyon": the same sentence, still about them.
    _rule(rf"{_IM}\b[^.!?]*?,\s*(?:and )?(?:based|located) (?:in|at|out of) {_X}", _location),
    _rule(rf"{_I} (?:usually |mostly |mainly )?work (?:from|out of|at) {_X}", _works_from),
    # What they care about.
    _rule(
        rf"{_IM} (?:really |very |quite |super |also |especially |particularly )?"
        rf"(?:interested in|passionate about|into|keen on|curious about|"
        rf"a (?:big |huge )?fan of) {_X}",
        _interest,
    ),
    _rule(
        rf"{_I} (?:really |also |genuinely )?(?:care (?:a lot |deeply )?about|love|enjoy) {_X}",
        _interest,
    ),
    # What they are working towards.
    _rule(
        rf"\bmy (?:main |personal |big |own )?(?:goal|objective|aim|ambition|target)"
        rf"(?: for (?:this|the|next) (?:quarter|year|month|half))? is {_X}",
        _goal,
    ),
    _rule(
        rf"{_I}(?:'m | am | |'d | would )(?:want|trying|aiming|hoping|plan|planning|like) to "
        rf"(?P<x>[^,.;!?]+? (?:this|next) (?:quarter|year|month|half|sprint))\b",
        _goal,
    ),
]


# --- rules as data ----------------------------------------------------------------------
# A language other than English lists its rules in data/<code>/memory.yaml as
# [pattern, builder] pairs; the builders below are shared by every language, and what
# differs (units, articles, role nouns) is data too.


def _article_off(text: str) -> str:
    return lexicon.Regex("memory", "phrase_article").sub("", text.strip(), count=1).strip()


def _role_phrase(match: re.Match[str]) -> MemoryCandidate | None:
    role = _article_off(match.group("x"))
    if not role or len(role.split()) > 8:
        return None
    return MemoryCandidate(MemoryKind.FACT, _t("memory_item.role", role=role), key="role")


def _manages(match: re.Match[str]) -> MemoryCandidate | None:
    what = match.group("x").strip()
    if not what or len(what.split()) > 8:
        return None
    role = str(lexicon.raw("memory", "manages")).replace("{x}", what)
    return MemoryCandidate(MemoryKind.FACT, _t("memory_item.role", role=role), key="role")


def _team_phrase(match: re.Match[str]) -> MemoryCandidate | None:
    """'service paie', 'équipe commerciale de Lyon', 'support client': a team, its unit
    named by its first word when that is one."""
    phrase = _article_off(match.group("x"))
    if not phrase or len(phrase.split()) > 6:
        return None
    first, _, rest = phrase.partition(" ")
    units = lexicon.Table("memory", "units")
    if first in units and rest:
        unit, team = str(units[first]), rest
    else:
        unit, team = str(lexicon.raw("memory", "default_unit")), phrase
    return MemoryCandidate(
        MemoryKind.FACT,
        _t("memory_item.team", team=team, unit=unit),
        key="team",
        confidence=0.85,
        value=team,
    )


def _about(template: str, key: str | None) -> Callable[[re.Match[str]], MemoryCandidate | None]:
    def build(match: re.Match[str]) -> MemoryCandidate | None:
        what = _article_off(match.group("x")) if key is None else match.group("x").strip()
        if not what or len(what.split()) > 6 or _NOT_A_TOPIC.match(what):
            return None
        kind = MemoryKind.INTEREST if key is None else MemoryKind.FACT
        return MemoryCandidate(kind, _t(template, topic=what, what=what), key=key)

    return build


_BUILDERS: dict[str, Callable[[re.Match[str]], MemoryCandidate | None]] = {
    "name": lambda m: _name(m),
    "role": _role_phrase,
    "manages": _manages,
    "team": _team_phrase,
    "location": lambda m: _location(m),
    "works_from": lambda m: _works_from(m),
    "works_on": _about("memory_item.works_on", "project"),
    "works_for": _about("memory_item.works_for", "employer"),
    "interest": _about("memory_item.interest", None),
    "goal": lambda m: _goal(m),
    "anonymous": lambda m: _anonymous(m),
    "named": lambda m: _named(m),
}


@lru_cache(maxsize=16)
def _data_rules(code: str) -> tuple[Rule, ...] | None:
    """The language's own rules, or None when it has none (English: RULES above)."""
    entries = lexicon.file_entry(code, "memory", "rules")
    if entries is None:
        return None
    words = {
        "{role_noun}": "(?:" + "|".join(sorted(lexicon.raw("memory", "role_nouns", code))) + ")",
        "{place}": "(?:" + "|".join(sorted(lexicon.raw("memory", "places", code))) + ")",
        "{phrase_end}": str(lexicon.raw("memory", "phrase_end", code)),
    }
    rules: list[Rule] = []
    for pattern, builder in entries:
        for placeholder, value in words.items():
            pattern = pattern.replace(placeholder, value)
        rules.append((lexicon.compile_for(code, pattern), _BUILDERS[builder]))
    return tuple(rules)


_SELF_LEAD = lexicon.Regex("memory", "self_lead")
_SELF_START = lexicon.Regex("memory", "self_start")
_NAME_ONLY = lexicon.Regex("memory", "name_only")
_SELF_CLAUSE_BREAK = lexicon.Regex("memory", "self_clause_break")
_NAME_INTRO = lexicon.Regex("memory", "name_intro")
_SELF_MAX_WORDS = 20
_REMEMBER_ASKED = lexicon.Regex("memory", "remember_asked")
_MY_THING = lexicon.Regex("memory", "my_thing")
# Words of the statement's frame ("my role is", "I work in"), not of what it says.
_SELF_WORDS = lexicon.Words("memory", "self_words")


@cache
def _role_start(code: str) -> re.Pattern[str]:
    """A statement that opens with the person's role, the "I'm" left out, as people do
    right after their name ("Name's Olu. Lab tech in microbiology")."""
    nouns = "|".join(sorted(lexicon.raw("memory", "role_nouns", code), key=len, reverse=True))
    pattern = str(lexicon.raw("memory", "role_start", code)).replace("{role_noun}", nouns)
    return lexicon.compile_for(code, pattern)


def is_name_only(text: str) -> bool:
    """A bare name ("Name's Olu", "Tomasz here"), after any greeting."""
    rest = _SELF_LEAD.sub("", text.strip(), count=1).strip(" .!")
    return bool(rest) and _NAME_ONLY.match(rest) is not None


def introduces(text: str) -> bool:
    """Does the person introduce themselves or ask to be remembered (a greeting, "remember
    that", their name)? Only then is a statement about them kept in their own words:
    "I'm the only one who uses the printer" in an idea is not about who they are."""
    for sentence in split_sentences(clean(text)) or [text]:
        stripped = sentence.strip()
        lead = _SELF_LEAD.match(stripped)
        if lead and lead.group(0).strip():
            return True
        parts = [p.strip(" .!") for p in _SELF_CLAUSE_BREAK.split(stripped)]
        if any(_NAME_ONLY.match(p) for p in parts if p) or _NAME_INTRO.match(stripped):
            return True
    return False


def about_me(sentence: str, introduced: bool = True) -> str | None:
    """What a person says about themselves in one sentence, without greeting, "remember
    that", a bare name or the idea that may follow ("hi, I'm Dana, I run the night
    shift" → "I run the night shift"); None when the sentence is not about them."""
    from bot.language.offline import cues

    lead = _SELF_LEAD.match(sentence.strip())
    rest = sentence.strip()[lead.end() :].strip() if lead else sentence.strip()
    asked = bool(lead and _REMEMBER_ASKED.search(lead.group(0)))
    about_them = _SELF_START.match(rest) or _role_start(lexicon.language()).match(rest)
    # "can you remember my manager is Helen Park": asked to remember, they are told
    # what they said, whatever its shape.
    if not introduced or not (about_them or (asked and _MY_THING.match(rest))):
        return None
    kept: list[str] = []
    for part in _SELF_CLAUSE_BREAK.split(rest):
        part = part.strip(" .!")
        score = cues.scores(part)
        if max(score["proposal"], score["problem"]) >= cues.STRONG:
            break  # the idea starts here ("…, and I think we should …")
        if part and not _NAME_ONLY.match(part):
            kept.append(part)
    said = ", ".join(kept).strip()
    if not said or len(said.split()) > _SELF_MAX_WORDS:
        return None
    return said


def extract_memories(text: str) -> list[MemoryCandidate]:
    body = clean(text)
    found: list[MemoryCandidate] = []
    seen_keys: set[str] = set()
    rules = _data_rules(lexicon.language()) or RULES
    introduced = introduces(body)
    for sentence in split_sentences(body) or [body]:
        before = [c for c in found if c.key != "name"]
        said = about_me(sentence, introduced)
        for pattern, build in rules:
            for match in pattern.finditer(sentence):
                candidate = build(match)
                if candidate is None:
                    continue
                # One statement per slot per message: the first (most specific) wins.
                if candidate.key and candidate.key in seen_keys:
                    continue
                if any(c.content == candidate.content for c in found):
                    continue
                if candidate.key:
                    seen_keys.add(candidate.key)
                found.append(candidate)
        specific = [c for c in found if c.key != "name" and c not in before]
        if said and not _covers(specific, said):
            # No narrower rule read all of it ("I run the night shift in the
            # warehouse", "I work in customer support"): keep their own words.
            found.append(
                MemoryCandidate(MemoryKind.FACT, t("memory_item.said", text=said), confidence=0.7)
            )
    return found


def _covers(candidates: list[MemoryCandidate], said: str) -> bool:
    """Do the items narrower rules read keep every content word of the statement?"""
    from bot.language.offline.text import content_words

    wanted = set(content_words(said.lower())) - set(_SELF_WORDS)
    read = {w for c in candidates for w in content_words(c.content.lower())}
    return bool(candidates) and wanted <= read
