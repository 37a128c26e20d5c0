"""Cue phrases that say which part of an idea a clause is about.

Each cue carries a weight: 2 or more is a "strong" cue (the clause is clearly about
that field, even when the bot asked for another one); below 2 is a hint used only
when nothing stronger is around. Weights were tuned on the unit-test conversations.
"""

from __future__ import annotations

import re

Cue = tuple[re.Pattern[str], float]

STRONG = 2.0


def _cues(*pairs: tuple[str, float]) -> list[Cue]:
    return [(re.compile(pattern, re.IGNORECASE), weight) for pattern, weight in pairs]


_NUMBER_UNIT = (
    r"\b\d+(?:[.,]\d+)?\s*(?:k\b|%|percent|hours?|hrs?|h\b|minutes?|mins?|days?|weeks?|"
    r"euros?|eur\b|dollars?|usd|pounds?|gbp|people|employees|staff|users|customers|"
    r"tonnes?|tons?|kg|sheets?|pages?)|[€$£]\s?\d"
)

PROBLEM: list[Cue] = _cues(
    (
        r"\b(?:the|my|our|one|main|big|real)?\s*(?:problem|issue|pain point|challenge|trouble)"
        r"\s+(?:is|here is|we have is|right now is)\b",
        4.0,
    ),
    (r"^\s*(?:problem|issue|pain point)s?\s*:", 10.0),
    (r"\b(?:currently|right now|at the moment|nowadays|these days|at present)\b", 2.0),
    (
        r"\b(?:it'?s|it is|it'?s so|it'?s really) (?:annoying|frustrating|painful|a pain|"
        r"ridiculous|silly|hard|difficult|impossible)\b",
        3.0,
    ),
    (r"\b(?:annoying|frustrat\w*|painful|a nightmare|a mess|a hassle)\b", 2.0),
    (r"\bwe (?:waste|lose|spend)\b|\bwasting\b|\bwasted\b|\b(?:it|this|that) wastes\b", 2.5),
    (r"\btakes? (?:too|so|way too|forever|ages)\b|\btoo long\b|\btakes forever\b", 2.5),
    (
        r"\b(?:takes?|took|spends?|lose|loses) (?:us |me |them |people |everyone |staff )?"
        r"(?:about |around |up to |over |roughly |almost )?\d",
        2.0,
    ),
    (
        r"\bthere (?:is|are|'s) no\b|\bthere (?:isn'?t|aren'?t)\b|\bwe (?:don'?t|do not) have\b"
        r"|\bno (?:way|place|one|easy way)\b|\bnobody\b|\bnowhere\b|\black of\b|\bnot enough\b"
        r"|\bthere (?:is|are|'s) never\b|\bnever (?:any|enough)\b"
        r"|\b(?:keeps?|kept) (?:asking|complaining|waiting|forgetting|calling|emailing)\b",
        2.0,
    ),
    (
        r"\b(?:people|everyone|we|staff|employees|colleagues|i) (?:struggle|complain|keep|can'?t|"
        r"cannot|have to|are forced)\b|\bstruggl\w*\b|\bcomplain\w*\b",
        2.0,
    ),
    (r"\bevery (?:single )?(?:day|week|month|morning|time|monday|friday)\b", 1.0),
    (
        r"\b(?:keeps?|kept) (?:breaking|crashing|failing|jamming|getting)\b|\bbroken\b"
        r"|\bdoesn'?t work\b|\bnever works\b|\bis always (?:full|late|broken|down|empty)\b",
        2.0,
    ),
    (r"\b(?:hard|difficult|impossible) to\b|\bunable to\b|\bcan'?t\b|\bcannot\b", 1.5),
    (r"\btoo (?:many|much|slow|expensive|noisy|hot|cold|crowded|few)\b", 2.0),
    (r"\b(?:because|since)\b", 1.0),
    (
        r"\b(?:is|are|gets?|goes|was|were)\s+(?:always |often |usually |still |really |so |too |"
        r"very |already |never )?(?:cold|hot|freezing|dark|dirty|closed|unreliable|empty|full|"
        r"broken|down|late|slow|wrong|out of date|out of stock|unusable|useless|overloaded)\b"
        r"|\bby the time\b",
        1.5,
    ),
    (r"\b(?:disconnect\w*|crash\w*|freez\w*|drops? out|times? out|goes down|went down)\b", 1.5),
    (r"\b(?:stays?|are left|is left|left) (?:on|open|running|unlocked)\b", 2.0),
    (r"\bwait(?:s|ing)? (?:\d|for|hours|days|weeks|ages|too long)", 1.5),
    (
        r"\b(?:slow|expensive|manual(?:ly)?|confusing|outdated|delays?|late|stuck|jams?|jamming|"
        r"queues?|crowded|full|noisy|messy|inefficient|bottleneck|errors?|mistakes?|unsafe|"
        r"dangerous|tedious|duplicat\w+|lost|forget|forgotten|missing|boring)\b",
        1.0,
    ),
)

PROPOSAL: list[Cue] = _cues(
    (r"^\s*(?:proposal|solution|suggestion|idea|my idea|new idea)s?\s*:", 10.0),
    (r"\b(?:my|the|our) (?:idea|proposal|suggestion|solution) (?:is|would be)\b", 4.0),
    (r"\bi (?:really |strongly )?think we (?:should|could|need)\b", 4.0),
    (
        r"\bwe (?:really |maybe |probably |definitely )?(?:should|could|need to|ought to|must|"
        r"might want to)\b",
        3.0,
    ),
    (
        r"\bi (?:propose|suggest)\b|\bi'?d (?:propose|suggest|like to propose"
        r"|like to suggest)\b",
        3.0,
    ),
    (r"\bwhat if\b|\bwhat about\b|\bhow about\b|\bwhy (?:don'?t|not)\b|\blet'?s\b|\blet us\b", 3.0),
    # A sentence that starts with a verb of change is an instruction: a proposal.
    (
        # (Words that are also common nouns — open, change, cut, pay, start, share,
        # switch, move, limit — are left out: "open plan is too noisy" is a problem.)
        r"^(?:please\s+|maybe\s+|just\s+)?(?:add|adopt|automate|ban|build|buy|create|digiti[sz]e|"
        r"ditch|enable|expand|extend|fix|hire|improve|install|introduce|invest|launch|"
        r"merge|offer|organi[sz]e|provide|publish|reduce|remove|rent|repair|replace|require|"
        r"reserve|schedule|simplify|streamline|subsidi[sz]e|upgrade|use|"
        r"standardi[sz]e|centrali[sz]e|consolidate|swap|rotate|translate|redesign|rethink|"
        r"encourage|allow|give)\b(?!\s+to\b)",
        3.0,
    ),
    (r"\b(?:could|can|shall) we\b", 2.5),
    (
        r"\b(?:it|that) (?:would|'d) be (?:really |so )?(?:great|nice|good|awesome|cool|helpful|"
        r"useful|ideal) (?:if|to)\b|\bwouldn'?t it be\b|\bi wish (?:we|there)\b",
        3.0,
    ),
    (r"\bintroduce\b|\breplac\w* .+ with\b|\bswitch (?:to|from)\b|\bmove (?:to|from)\b", 2.0),
    (r"\binstead of\b|\brather than\b", 2.0),
    (
        r"\b(?:set up|install|create|add|build|launch|offer|provide|organi[sz]e|automate|start|"
        r"hire|buy|introduce|allow|replace|run|host|give)\b",
        1.0,
    ),
    # A bare noun phrase ("free parking for cyclists") is usually a proposal.
    (
        r"^(?:free|more|extra|a|an|some|better|new|dedicated|shared|weekly|monthly|daily|"
        r"regular|optional|flexible|quiet|standing|healthy|healthier)\b",
        1.0,
    ),
)

BENEFITS: list[Cue] = _cues(
    (r"^\s*(?:benefits?|impact|value|outcome)s?\s*:", 10.0),
    (r"\b(?:this|that|it) (?:would|will|could|'d|'ll|should|might)\b", 2.5),
    (r"\bwhich (?:would|will|could|means|might)\b|\b(?:this|that|which) means\b", 3.0),
    (
        r"\bso that\b|\bin order to\b|\bso (?:we|people|everyone|they|staff|employees|nobody|"
        r"no one|customers|colleagues|new|the)\b",
        3.0,
    ),
    (r"\bbenefit\w*\b|\bwin-win\b|\bpay (?:for )?itself\b", 3.0),
    (
        r"\bwould (?:help|save|make|reduce|cut|improve|boost|increase|free|mean|allow|let|give|"
        r"lower|encourage|attract|speed)\b",
        3.0,
    ),
    (r"\b(?:saves?|saving|save)\b", 2.0),
    (_NUMBER_UNIT, 1.5),
    (
        r"\bfor (?:the )?\w+ team\b|\bfor (?:everyone|all staff|new (?:hires|joiners|starters)|"
        r"customers|cyclists|parents|remote workers)\b",
        0.5,
    ),
    (
        r"\b(?:fewer|less time|more time|faster|cheaper|happier|healthier|greener|safer|easier|"
        r"productivity|morale|engagement|retention|satisfaction|wellbeing|well-being)\b",
        1.5,
    ),
    (
        r"\b(?:everyone|people|customers|staff|employees|colleagues|we|they) (?:would|will|could) "
        r"(?:love|appreciate|benefit|be happier|save|enjoy|get)\b",
        3.0,
    ),
    (
        r"\b(?:would|will) (?:get back|gain|be paid|be able to|have more|spend less|no longer)\b",
        2.5,
    ),
    (
        r"\b\d+\s+\w+ (?:would|will|could) (?:use|love|like|enjoy|appreciate|benefit|save|get)\b",
        3.0,
    ),
    (r"\b(?:reduce|improve|increase|boost|lower|cut)\w*\b", 1.0),
)

FIELD_CUES: dict[str, list[Cue]] = {
    "problem": PROBLEM,
    "proposal": PROPOSAL,
    "benefits": BENEFITS,
}

# Markers of a change of mind: what follows replaces, not extends, the draft.
CORRECTION = re.compile(
    r"^\s*(?:actually|instead|on second thought|on second thoughts|scratch that|no wait|wait|"
    r"correction|change of plan|let me rephrase|i meant|sorry,? i meant|rather|hmm,? no|"
    r"no,? (?:let'?s|we should|make it|change))\b"
    r"|\binstead of\b|\brather than\b|\binstead\s*[.!]?$|\bis actually\b|\bare actually\b",
    re.IGNORECASE,
)


def scores(clause: str) -> dict[str, float]:
    """Sum of cue weights per field for one clause."""
    result: dict[str, float] = {}
    for name, cues in FIELD_CUES.items():
        total = 0.0
        for pattern, weight in cues:
            if pattern.search(clause):
                total += weight
        result[name] = total
    return result
