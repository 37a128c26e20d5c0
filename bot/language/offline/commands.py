"""High-precision rules for intents: commands, slot-carrying requests, idea triggers.

Command rules match the *whole* (short) message after politeness is stripped, so
"we should cancel the Friday all-hands" is never a CANCEL: only "cancel",
"cancel it please", "ok, cancel" are. Slot rules ("change the title to X",
"is there an idea about X") are anchored at the start of the message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.core.ports.language import Intent, IntentResult
from bot.language.offline.text import damerau, normalise, wordset

COMMAND_MAX_WORDS = 8
# "I'd like to post this without my name on it" is a longer way to say one command.
ANONYMOUS_MAX_WORDS = 12

# Words that commands are made of; a short message's words are corrected towards
# these ("sumbit" → "submit", "cancle" → "cancel"). Real words that happen to be one
# typo away ("cancer", "helps") are protected.
_COMMAND_WORDS = (
    "submit",
    "cancel",
    "anonymously",
    "anonymous",
    "help",
    "digest",
    "weekly",
    "remember",
    "forget",
    "thanks",
    "thank",
    "search",
    "similar",
    "never",
    "mind",
    "publish",
    "discard",
    "hello",
    "nevermind",
    "please",
    "ideas",
    "everything",
    "delete",
)
_PROTECTED = wordset(
    "cancer helps held hell hells hello heap helm mine mind kind find bind wind rind minds "
    "ever nerve seven search never thanks thank ideal deals idea ideas sealed delete think "
    "thing things thin here there hold help hope sent send said sale same some name hey "
    "them then than this that shed shelf self sell cell feel fell"
)

_LEAD = re.compile(
    r"^(?:(?:please|pls|plz|ok|okay|ok so|alright|great|cool|perfect|good|fine|nice|awesome|"
    r"looks good|look good|lgtm|all good|yes|yeah|yep|yup|sure|no|nah|now|then|just|so|and|well|"
    r"right|hmm+|hey|oh|can you|could you|would you|will you|can i|could i|i want to|i wanna|"
    r"i'd like to|id like to|i would like to|let's|lets|go ahead and|you can|you may|ready to|"
    r"time to|i'm ready to|im ready to|i'll|ill|actually|in that case|that's it|thats it|"
    r"done|ok then|right then|bot|ideabot)\s+)+"
)
_TRAIL = re.compile(
    r"(?:\s+(?:please|pls|plz|now|thanks|thank you|then|for me|asap|already|right away|"
    r"bot|ideabot|mate|thx|ty))+$"
)


def _full(*patterns: str) -> re.Pattern[str]:
    return re.compile("^(?:" + "|".join(patterns) + ")$")


_IT = r"(?: (?:it|this|that|the idea|my idea|the draft|this idea|this one|the thing|mine))?"

YES = _full(
    r"ye+s+|y|yep+|yeah+|yup+|yea|ya|yas+|sure+|ok|okay|k|kk|correct|right|exactly|absolutely|"
    r"definitely|of course|sounds good|looks good|lgtm|that'?s right|perfect|go ahead|do it|"
    r"confirm|confirmed|affirmative|indeed|alright|all good|why not|please do|sure thing|"
    r"yes please|yes please do|ok sure|sure why not|yes thanks|yes thank you|yes indeed|"
    r"yes correct|yes exactly|yes that'?s right|yes do it|go for it|ok go ahead|yes go ahead|"
    r"that works|works for me|fine by me|fine|agreed|aye|si|oui|ja"
)
NO = _full(
    r"no+|n|nope+|nah+|no thanks|nope that'?s it|no that'?s it|i'?m fine|nah i'?m fine"
    r"|no thank you|not really|not now|not yet|negative|no way|"
    r"i don'?t think so|not needed|no need|nothing|none|no more|nothing else|that'?s all|"
    r"no it'?s fine|no that'?s fine|no that'?s all|nah thanks|no not really|nope thanks|"
    r"non|nein|not at all|no i'?m good|i'?m good|all set"
)
SUBMIT = _full(
    r"(?:submit|send|post|publish|file|ship|share|lodge|enter|save)(?: it| this| that| the idea|"
    r" my idea| the draft| this idea| this one| mine)?(?: in| off| now| as is| away| for review|"
    r" to the team| already| it)*(?: with my name| under my name| named| not anonymous(?:ly)?)?",
    r"(?:i'?m |i am )?(?:done|finished|ready)(?: submit(?: it)?| send(?: it)?| post(?: it)?)",
    r"submit(?:ted)? please|go ahead and submit|ship it|send it off",
)
_ANON_WORD = re.compile(
    r"\b(?:anonymous(?:ly)?|anon|anonymously|incognito|without (?:my )?name|"
    r"no name|keep my name (?:off|out|hidden)|don'?t show my name|nameless)\b"
)
_SUBMIT_VERB = re.compile(
    r"\b(?:submit|send|post|publish|file|share|ship|make it|keep it|do it|"
    r"go|submitted|posted)\b"
)
_ANON_ALONE = _full(r"anonymous(?:ly)?|anon|anonymous please|anonymously please|incognito")
CANCEL = _full(
    rf"(?:cancel|abort|discard|scrap|drop|delete|ditch|bin|trash|stop|quit|exit|forget|"
    rf"never ?mind|nvm|throw|kill|remove|abandon)(?:{_IT})(?: it)?(?: all)?(?: away| out)?",
    r"start (?:over|again)|restart|reset|never mind(?: that)?|nevermind|scratch that|"
    r"forget (?:it|that|about it|this|everything)|don'?t (?:submit|send|post)(?: it)?|"
    r"(?:i )?changed my mind(?: (?:don'?t|do not) (?:submit|send|post)(?: it| this)?"
    r"| cancel(?: it)?)?|"
    r"(?:stop )?i (?:don'?t|do not) want to (?:submit|send|post|continue)(?: it| this| that)?"
    r"(?: anymore)?|not anymore|no cancel|cancel that|scrap it|"
    r"let'?s not|leave it|drop the idea|i give up|no forget it",
)
HELP = _full(
    r"help|help me|h|what can you do|what do you do|how does (?:this|it) work|"
    r"how do (?:i|you) (?:use this|use you|use it|submit an idea|start|add an idea|work)|commands|"
    r"menu|options|what are (?:the|your) commands|i'?m (?:lost|confused|stuck)|\?+|what now|"
    r"what do i do|usage|instructions|how to use|who are you|what are you|what is this|"
    r"how does ideabot work|what can i do|what can i do here|help pls|sos|info|about|manual|"
    r"i need help|can you help(?: me)?|how can you help(?: me)?|what should i do|"
    r"how do i (?:get started|begin)|i (?:don'?t|do not) (?:understand|get it|get how this works)"
    r"(?: how to use you| how this works)?|i'?m lost(?: what do i do here)?|what options do i have|"
    r"show me the commands|what are you for|what is this(?: thing)? for|what kind of things can i"
    r"(?: ask| do)(?: you)?|how do i use (?:you|this|ideabot)"
)
CLARIFY = _full(
    r"(?:what do you mean|what does that mean|what(?: is| are) you asking(?: me)?|what\??|huh|"
    r"sorry|pardon|come again|i don'?t (?:understand|get it) (?:the|your) question|"
    r"can you (?:explain|rephrase)(?: that| the question)?|explain|meaning|what question)"
)
GREETING = _full(
    r"(?:hi|hello|hey|hiya|heya|howdy|yo|hola|bonjour|greetings|sup|what'?s up|wassup|morning|"
    r"good (?:morning|afternoon|evening|day)|hey hey|hi hi|helo|hallo|hei|hii+|heyy+)"
    r"(?: bot| ideabot| there| all| team| everyone| again| you| friend| buddy)?"
    r"(?: how are you| how'?s it going| how are things)?"
)
THANKS = _full(
    r"(?:thanks?|thank you|thx|thnx|thanx|ty|tysm|cheers|ta|merci|much appreciated|"
    r"appreciate it|many thanks|great thanks|awesome thanks|perfect thanks|cool thanks|"
    r"ok thanks|okay thanks|nice thanks|thanks a lot|thank you so much|thanks so much)"
    r"(?: so much| a lot| very much| again| bot| ideabot| mate| a ton| heaps| for that"
    r"| for the help|"
    r" for your help)*"
)
DIGEST = _full(
    r"(?:(?:show|give|send|get|see|share)(?: me| us)? )?(?:the |a |my |this |last |our )?"
    r"(?:weekly |monthly |daily |latest |this week'?s |last week'?s )?"
    r"(?:digest|recap|roundup|round up|summary of (?:the )?(?:week|month|ideas)|idea digest|"
    r"ideas digest|weekly summary|weekly report|activity report)"
    r"(?: for| of)?(?: this| the| last)?(?: week| month| period| days)?",
    r"what happened this week|what'?s new this week|what came in this week|digest please",
)
RECALL = _full(
    r"(?:what|which things|what stuff|what info(?:rmation)?|what data|what else)(?: do| did| have)?"
    r" you (?:remember|know|recall|store|stored|keep|have|saved|hold|learned|learnt)"
    r"(?: about| on| of| from)?(?: me| about me)?(?: so far)?",
    r"(?:show|tell|list|give)(?: me)? (?:what you (?:know|remember) about me|my (?:memory|memories|"
    r"profile|data|info)|everything you (?:know|remember) about me)",
    r"my (?:memory|memories|profile)|who am i|do you (?:remember|know) me|"
    r"what do you have on me|what have you (?:got|stored|saved|learned) (?:on|about) me",
)
FORGET_ME = _full(
    r"(?:forget|delete|erase|wipe|remove|purge|clear)(?: all| everything)?(?: of)?"
    r" (?:me|about me|all about me|my data|all my data|all of my data|"
    r"everything (?:you know |you have |you've got |you remember |you've stored |you stored )?"
    r"(?:about|on|of) me|what you know about me|all (?:you know|data|info|information) (?:about"
    r"|on) me|"
    r"my (?:memory|memories|profile|info|information|personal data|account))"
    r"(?: completely| entirely| now| forever| permanently)*",
    r"right to be forgotten|gdpr (?:delete|erase|erasure)|i want to be forgotten",
)
# News about the person's ideas as a whole ("what happened to my ideas?"); one idea
# named after it ("my idea about parking", "#12") is a question about that idea.
_MY_IDEAS = (
    r"my (?:submitted |previous |past |own |latest |last |recent |old )?"
    r"(?:idea|suggestion|submission|proposal)s?"
)
MY_IDEAS_NEWS = re.compile(
    r"^(?:(?:so |and |hey |hi |ok )?)"
    r"(?:what(?: has|'?s| have)? happened (?:to|with)|(?:is there |are there )?(?:any )?"
    r"(?:news|updates?|progress|word|feedback) (?:on|about|for|regarding)|"
    r"(?:what(?:'?s| is) the )?status (?:of|on)|what'?s new (?:with|on)|"
    r"(?:did|has|have) (?:anyone|anybody|someone|somebody|a manager|the team|they) "
    r"(?:look(?:ed)? at|review(?:ed)?|read|decide(?:d)? on|check(?:ed)? out)|"
    r"how (?:are|is)(?: it going with)?|what became of|what'?s up with)"
    r" " + _MY_IDEAS + r"(?: doing| going| getting on)?"
    r"(?: so far| yet| lately| recently| now| then| please| pls)?[ ?!.]*$"
    r"|^(?:has|have|was|were|is|are|did) " + _MY_IDEAS + r" (?:been |get |got )?"
    r"(?:looked at|reviewed|decided|read|accepted|approved|declined|rejected)"
    r"(?: yet| so far)?[ ?!.]*$"
    r"|^(?:any )?news(?: for me)?[ ?!.]*$"
)
LIST_MINE = re.compile(
    r"\bmy (?:submitted |previous |past |own |latest |last |recent |old |current )?ideas\b"
    r"|\b(?:what happened to|status of|update on|updates on|news on|news about|any news (?:on"
    r"|about)"
    r"|where is|where are|what'?s happening with|how is|how are|progress on|any update on|"
    r"follow up on|what about|show|list|see) my (?:last |latest |previous |recent |old )?"
    r"(?:idea|suggestion|submission|proposal)s?\b"
    r"|^(?:show |list |see )?mine$|^my idea$|^my submissions$"
    r"|\bwhat (?:did|have) i (?:submit(?:ted)?|post(?:ed)?|suggest(?:ed)?|propose[d]?|share[d]?)\b"
    r"|\b(?:ideas|suggestions|proposals|things) i (?:have |'ve )?(?:submitted|posted|suggested|"
    r"proposed|shared|sent)\b"
)
_SHOW_REF = re.compile(
    r"(?:^|\s)#\s?(?P<ref>\d{1,7})\b|\bidea (?:number |no |nr |n )?#?(?P<ref2>\d{1,7})\b"
)
_SHOW_BARE = re.compile(
    r"^(?:show|open|view|see|display|details|tell me about|what about|info on)"
    r"(?: me)?(?: the)?(?: details (?:of|for|on))? #?(?P<ref>\d{1,7})$"
)

_SEARCH = [
    re.compile(
        r"^(?:is there|are there|was there|were there|do we have|have we got|does anyone have"
        r"|do you "
        r"have|got|any|find|find me|show me|show|list|look for|search for|search|lookup|look up|"
        r"are there any|is there any|is there already|are there already|did we get|did someone "
        r"post|have there been|has there been)(?: already)?(?: an?| any| some| other)?(?: existing|"
        r" similar| other| related| previous| earlier)? (?:ideas?|suggestions?|proposals?|"
        r"submissions?|posts?)(?: already)?(?: out there| in there| submitted| posted)? "
        r"(?:about|on|for|regarding|around|re|related to|with|concerning|like|similar to|that "
        r"mention|mentioning|involving|covering|to do with|dealing with)\s+(?P<q>.+)$",
        re.I,
    ),
    re.compile(
        r"^(?:has|did|have) (?:anyone|anybody|someone|somebody|people|others) (?:already |ever )?"
        r"(?:suggest(?:ed)?|propose[d]?|submit(?:ted)?|mention(?:ed)?|think of|thought of|had|"
        r"come up with|came up with|post(?:ed)?|raise[d]?)(?: an idea| ideas| something| anything)?"
        r"(?: about| on| for| like| regarding| around)?\s+(?P<q>.+)$",
        re.I,
    ),
    re.compile(
        r"^(?:search|look ?up|look for|query|search for|find ideas?|find similar(?: ideas)?|"
        r"find existing(?: ideas)?|find anything|find something)(?: ideas?)?(?: about| on| for|"
        r" regarding| with| like| similar to| related to)?\s*[:\-]?\s*(?P<q>.+)$",
        re.I,
    ),
    re.compile(r"^similar(?: ideas?)?(?: to)?\s*[:\-]?\s*(?P<q>.+)$", re.I),
    re.compile(
        r"^(?:ideas?|anything|something) (?:about|on|regarding|related to) (?P<q>.+)$", re.I
    ),
]

_FIELD_NAMES = {
    "title": "title",
    "name": "title",
    "headline": "title",
    "heading": "title",
    "problem": "problem",
    "issue": "problem",
    "pain point": "problem",
    "proposal": "proposal",
    "solution": "proposal",
    "idea": "proposal",
    "suggestion": "proposal",
    "benefit": "benefits",
    "benefits": "benefits",
    "impact": "benefits",
    "value": "benefits",
    "tag": "tags",
    "tags": "tags",
    "label": "tags",
    "labels": "tags",
    "keywords": "tags",
    "challenge": "challenge",
}
_FIELD = (
    r"(?P<f>title|name|headline|heading|problem|issue|pain point|proposal|solution|"
    r"suggestion|idea|benefits?|impact|value|tags?|labels?|keywords|challenge)"
)
# (pattern, field when the pattern does not name one)
_EDIT: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(
            rf"^(?:please |can you |could you |pls |i'?d like to |i want to |let'?s )*(?:change|set"
            rf"|update|"
            rf"edit|make|replace|switch|modify|fix|correct|amend|rewrite|reword)(?: the| my"
            rf"| its)? {_FIELD}"
            rf"(?: field)?(?: shorter| longer| clearer| simpler| more specific)?(?: to be| to say"
            rf"| to read| so it says| so it reads| to| as|=|:| into| with)"
            rf"\s*[:\-]?\s*(?P<v>.+)$",
            re.I,
        ),
        "title",
    ),
    (
        re.compile(
            rf"^(?:the |my )?{_FIELD} (?:is|are|should be|should say|should read|was|were|would be)"
            rf" (?:actually|really|rather|more like|instead)\s*[:,\-]?\s*(?P<v>.+)$",
            re.I,
        ),
        "title",
    ),
    (
        re.compile(
            r"^(?:please |can you |could you )?(?:rename|retitle|re-title)"
            r"(?: it| this| the idea| this idea| my idea| the draft)?(?: to| as)?"
            r"\s*[:\-]?\s*(?P<v>.+)$",
            re.I,
        ),
        "title",
    ),
    (
        re.compile(
            r"^(?:let'?s |please )?(?:call it|name it|title it)\s*[:\-]?\s*(?P<v>.+)$", re.I
        ),
        "title",
    ),
]
# Only with a draft on the table: "title: Bike racks", "the title should be X".
_EDIT_WITH_DRAFT: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"^{_FIELD}\s*[:=]\s*(?P<v>.+)$", re.I), "title"),
    (re.compile(rf"^(?:the |my )?{_FIELD} should (?:be|say|read) (?P<v>.+)$", re.I), "title"),
    (re.compile(r"^(?:add|use) (?:the )?(?:tags?|labels?)\s*[:\-]?\s*(?P<v>.+)$", re.I), "tags"),
]

_REMEMBER = re.compile(
    r"^(?:please |pls |also |and )?(?:remember|note|make a note|take note|keep in mind|fyi"
    r"|f\.y\.i\.?|"
    r"for your information|for the record|just so you know|btw|by the way|heads up|for your info|"
    r"for info|save|store|note down|bear in mind)(?: that| this| of this)?\s*[,:\-]?\s+(?P<c>.+)$",
    re.I,
)
# "edit the problem": which field, but not yet the new value.
_EDIT_NO_VALUE = re.compile(
    rf"^(?:please |can you |could you |pls |i'?d like to |i want to |let'?s )*(?:change|edit"
    rf"|update|"
    rf"fix|modify|correct|amend|rewrite|reword|redo)(?: the| my| its)? {_FIELD}(?: field)?"
    rf"(?: please| pls)?$",
    re.I,
)
_FORGET_ALL = re.compile(
    r"^my (?:profile|account|data|memories|memory|info|information|personal data|details)\b", re.I
)
_FORGET_ITEM = re.compile(
    r"^(?:please |pls |can you |could you )?(?:forget|delete|remove|erase|drop|unlearn|stop "
    r"remembering|don'?t remember)(?: about)?(?: the (?:fact|note|thing|bit|part|memory|item))?"
    r"(?: that| what i said about| about)?\s+"
    r"(?P<c>(?:i|i'm|im|i'd|i've|my|me)\b.+)$",
    re.I,
)
_FIRST_PERSON = re.compile(r"\b(?:i|i'm|im|i've|i'd|my|me|mine)\b", re.I)

STRONG_NEW_IDEA = re.compile(
    r"^(?:(?:new|another|quick|random|an|my) )?(?:idea|suggestion|proposal|thought)\s*[:\-]\s*"
    r"|^i(?:'ve| have)? (?:got |had |have )?(?:an?|another|a new|one more|a quick|a crazy|a random)"
    r" (?:\w+ )?idea\b[\s:,.!\-]*"
    r"|^here'?s (?:an?|my|another) (?:\w+ )?idea\b[\s:,.!\-]*"
    r"|^i (?:want|would like|'d like) to (?:submit|share|suggest|propose|pitch) (?:an? )?(?:new )?"
    r"idea\b[\s:,.!\-]*",
    re.I,
)
SOFT_NEW_IDEA = re.compile(
    r"^(?:(?:hey|hi|hello|so|ok|okay|um+|well|also|and|oh)\b[\s,!.]*)*"
    r"(?:i (?:really |honestly )?(?:think|believe|feel) (?:that )?we (?:should|could|need to)|we "
    r"(?:really |maybe |probably |definitely )?(?:should|could|need to|ought to|must)|what if|how "
    r"about|it would be (?:really |so )?(?:great|nice|good|awesome|cool|helpful|amazing|useful) "
    r"(?:if|to)|wouldn'?t it be (?:great|nice|cool|good) if|why don'?t we|why not|i (?:propose|"
    r"suggest)|i'?d (?:like to )?(?:propose|suggest)|my (?:idea|suggestion|proposal) is|let'?s|"
    r"could we|can we|i wish (?:we|there)|maybe we (?:should|could)|perhaps we (?:should|could))\b",
    re.I,
)


@dataclass(frozen=True)
class RuleHit:
    intent: Intent
    slots: dict[str, str] = field(default_factory=dict)
    confidence: float = 0.95


def command_form(text: str) -> str:
    """The message reduced to its command core: normalised, typos fixed, politeness off."""
    norm = normalise(text)
    tokens = norm.split()
    if len(tokens) <= COMMAND_MAX_WORDS:
        tokens = [_correct(t) for t in tokens]
    return " ".join(tokens)


def _correct(token: str) -> str:
    if len(token) < 4 or token in _PROTECTED or token in _COMMAND_WORDS:
        return token
    limit = 2 if len(token) >= 8 else 1
    best = min(_COMMAND_WORDS, key=lambda w: (damerau(token, w), w))
    return best if damerau(token, best) <= limit else token


def strip_politeness(norm: str) -> str:
    core = norm
    for _ in range(3):
        before = core
        stripped = _LEAD.sub("", core)
        core = stripped if stripped else core
        stripped = _TRAIL.sub("", core)
        core = stripped if stripped else core
        if core == before:
            break
    return core.strip()


def match_commands(norm: str) -> RuleHit | None:
    """Short whole-message commands: yes/no, submit, cancel, help, hello, thanks…"""
    if not norm or len(norm.split()) > ANONYMOUS_MAX_WORDS:
        return None
    if _is_anonymous_submit(strip_politeness(norm)):
        return RuleHit(Intent.SUBMIT_ANONYMOUS, {"anonymous": "1"})
    if len(norm.split()) > COMMAND_MAX_WORDS:
        return None
    # Plain yes/no first: "yes thanks" is a yes, and stripping would erase it.
    if YES.match(norm):
        return RuleHit(Intent.YES)
    if NO.match(norm):
        return RuleHit(Intent.NO)
    if THANKS.match(norm):
        return RuleHit(Intent.THANKS)
    core = strip_politeness(norm)
    for candidate, pattern, intent in (
        (variant, pattern, intent) for variant in (norm, core) for pattern, intent in _COMMANDS
    ):
        if pattern.match(candidate):
            return RuleHit(intent)
    return None


_COMMANDS: tuple[tuple[re.Pattern[str], Intent], ...] = (
    (SUBMIT, Intent.SUBMIT),
    (CANCEL, Intent.CANCEL),
    (CLARIFY, Intent.CLARIFY),
    (HELP, Intent.HELP),
    (DIGEST, Intent.DIGEST),
    (RECALL, Intent.RECALL_MEMORY),
    (GREETING, Intent.GREETING),
    (THANKS, Intent.THANKS),
    (YES, Intent.YES),
    (NO, Intent.NO),
)


def _is_anonymous_submit(core: str) -> bool:
    if not _ANON_WORD.search(core):
        return False
    if re.search(r"\b(?:rather|prefer|always|default|usually|never)\b", core):
        return False  # a standing preference ("I'd rather stay anonymous"), not a command
    return bool(_ANON_ALONE.match(core) or _SUBMIT_VERB.search(core))


def match_requests(body: str, norm: str, has_draft: bool) -> RuleHit | None:
    """Requests that carry a slot: show #12, search X, edit a field, remember/forget."""
    words = norm.split()
    short = len(words) <= COMMAND_MAX_WORDS
    core = strip_politeness(norm)
    if FORGET_ME.match(core):
        return RuleHit(Intent.FORGET_ME)
    if RECALL.match(core):
        return RuleHit(Intent.RECALL_MEMORY)
    text = _fix_first_word(_strip_request_lead(body))
    forget = _FORGET_ITEM.match(text)
    if forget:
        if _FORGET_ALL.match(forget.group("c")):
            return RuleHit(Intent.FORGET_ME)
        return RuleHit(Intent.FORGET_ITEM, {"content": _tidy_slot(forget.group("c"))})
    remember = _REMEMBER.match(text)
    if remember and (
        _FIRST_PERSON.search(remember.group("c"))
        or text.lower().startswith(("remember", "please remember"))
    ):
        return RuleHit(Intent.REMEMBER, {"content": _tidy_slot(remember.group("c"))})
    if short:
        bare = _SHOW_BARE.match(core)
        ref = _SHOW_REF.search(norm)
        if bare:
            return RuleHit(Intent.SHOW_IDEA, {"ref": bare.group("ref")})
        if ref and not SOFT_NEW_IDEA.match(norm):
            return RuleHit(Intent.SHOW_IDEA, {"ref": ref.group("ref") or ref.group("ref2")})
    if MY_IDEAS_NEWS.match(core):
        return RuleHit(Intent.MY_IDEAS_NEWS)
    if (
        len(words) <= 12
        and LIST_MINE.search(core)
        and not SOFT_NEW_IDEA.match(norm)
        and not re.search(r"\bmy (?:idea|suggestion|proposal) (?:is|would be)\b", norm)
    ):
        return RuleHit(Intent.LIST_MINE)
    for pattern, default_field in _EDIT + (_EDIT_WITH_DRAFT if has_draft else []):
        edit = pattern.match(text)
        if edit:
            name = edit.groupdict().get("f")
            field_name = _FIELD_NAMES[name.lower()] if name else default_field
            value = _tidy_slot(edit.group("v"))
            if value:
                return RuleHit(Intent.EDIT_FIELD, {"field": field_name, "value": value})
    bare_edit = _EDIT_NO_VALUE.match(text.rstrip(" ?!."))
    if bare_edit:
        return RuleHit(Intent.EDIT_FIELD, {"field": _FIELD_NAMES[bare_edit.group("f").lower()]})
    for pattern in _SEARCH:
        search = pattern.match(text)
        if search:
            query = _tidy_query(search.group("q"))
            if query:
                return RuleHit(Intent.SEARCH, {"query": query})
    if DIGEST.match(core):
        return RuleHit(Intent.DIGEST)
    return None


def _strip_request_lead(body: str) -> str:
    text = body.strip()
    text = re.sub(
        r"^(?:(?:hey|hi|hello|ok|okay|so|um+|well|oh|also)\b[\s,!.]*)+", "", text, flags=re.I
    )
    return text.strip()


def _fix_first_word(text: str) -> str:
    """'forgt that I…' → 'forget that I…': a typo in the verb should not change the intent."""
    head, _, rest = text.partition(" ")
    fixed = _correct(head.lower())
    return f"{fixed} {rest}" if fixed != head.lower() else text


def _tidy_slot(value: str) -> str:
    value = value.strip().strip("\"'“”‘’").rstrip(" .!?").strip().strip("\"'")
    return re.sub(r"^that\s+", "", value, flags=re.I)


def _tidy_query(value: str) -> str:
    query = _tidy_slot(value)
    query = re.sub(
        r"\s+(?:already|yet|at all|out there|in here|please|pls)$", "", query, flags=re.I
    )
    query = re.sub(r"^(?:the|a|an|any|some)\s+", "", query, flags=re.I)
    return query.strip()


def strip_new_idea_marker(body: str) -> str:
    """'idea: free parking' → 'free parking'; soft triggers are kept (they are cues)."""
    text = _strip_request_lead(body)
    stripped = STRONG_NEW_IDEA.sub("", text, count=1).strip()
    return stripped


# "submit with my name", "submit it named": a one-off exception to an anonymity default.
_NAMED = re.compile(r"\b(?:with my name|named|not anonymous(?:ly)?|under my name)\b", re.I)


def with_named_slot(text: str, result: IntentResult) -> IntentResult:
    """A submit that asks for the person's name gets the slot `named` = "1"."""
    if result.intent is not Intent.SUBMIT or not _NAMED.search(text):
        return result
    return IntentResult(result.intent, result.confidence, {**result.slots, "named": "1"})
