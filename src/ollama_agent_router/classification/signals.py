"""Structured signals read from a chat request, for the ``enhanced`` classifier.

Everything here is bounded: a request of 100k tokens is read through a fixed-size view
(the head of the system prompt, the head and tail of the last user turn, short slices of
earlier turns), so extracting signals costs the same for any request size. Only the
token estimate looks at every message, and it uses lengths, not contents.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final, NamedTuple

from ollama_agent_router.classification.base import ClassifierInput
from ollama_agent_router.classification.fastre import GuardedPattern, GuardedSet
from ollama_agent_router.classification.text import content_text

LARGE_CONTEXT_TOKENS: Final = 12_000
LAST_TURN_HEAD: Final = 4_000
LAST_TURN_TAIL: Final = 2_000
SYSTEM_HEAD: Final = 3_000
HISTORY_SLICE: Final = 400

_FLAGS = re.MULTILINE  # patterns are lower-case and run on lower-cased text

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")

_TOOL_AGENT = re.compile(
    r"<execute_bash>|<execute_ipython>|execute_command|attempt_completion|str_replace_editor"
    r"|tool use is formatted|you have access to (the following|a set of) (tools|functions)"
    r"|^action input:|^observation:|available (functions|tools)\s*:|function[- ]calling"
    r"|<tool_call>|<function_calls>|use the tools|one tool per message|reply only with (a )?json"
    r"|\{\s*\"name\"\s*:\s*<?function|you can (run|call|use) (shell|tools|functions)",
    _FLAGS,
)
_EDIT_AGENT = re.compile(
    r"search/replace|<<<<<<< search|>>>>>>> replace|unified diff|fenced code block"
    r"|expert software developer|coding assistant|best practices when coding",
    _FLAGS,
)
_ROUTER_SYSTEM = re.compile(
    r"classif|categor|\blabel|\broute[rs]?\b|sentiment|priority|\bone of\b|one (label|word|token)"
    r"|only the (label|name|word)|reply with (exactly )?one|answer with (exactly )?one"
    r"|klasyfik|kategori|zuordn|ordnest|clasific|分类|类别",
    _FLAGS,
)

GENERIC_TOOL_NAMES: Final = re.compile(
    r"search|browse|fetch|url|web|image|memory|remember|interpreter|python|calculator"
    r"|wikipedia|canvas|dall|artifact|knowledge|retriev",
)

_DIFF = re.compile(r"^(diff --git |--- a/|\+\+\+ b/|@@ -\d+(,\d+)? \+\d+)", re.MULTILINE)
_FENCE = re.compile(r"^\s*```", re.MULTILINE)
_TRACE = re.compile(
    r"traceback \(most recent call last\)|^\s*file \"[^\"]+\", line \d+"
    r"|^\s+at [\w$.<>\[\]`]+ ?\(.*:\d+(:\d+)?\)\s*$|^\s+at [\w$.]+\([\w]+\.(java|kt|scala):\d+\)"
    r"|exception in thread|^\s+at .+ in .+:line \d+|^goroutine \d+ \[|^panic: "
    r"|thread '.*' panicked|^stack trace:|^#\d+ (0x[0-9a-f]+ in |\{main\})"
    r"|\.rb:\d+:in `|addresssanitizer|segmentation fault|core dumped|fatal error:"
    r"|unhandled exception|uncaught (error|exception)|require stack:",
    _FLAGS,
)
_ERROR_LINE = re.compile(
    r"\b[A-Z]\w*(Error|Exception)\b(:|\s*\()|^error(\[E\d+\])?:|\berror TS\d+:"
    r"|\.(c|cc|cpp|h|hpp|go|rs|kt|kts|swift|java|cs|ts|tsx|js|jsx|py|php|rb):\d+(:\d+)?:?\s*"
    r"(fatal )?error|^\S+\.(c|cc|cpp|h|go|rs|kt|swift|java|cs|ts|js|py|rb|php):\d+:\d+:? \S"
    r"|^e: file:|^ERROR:?\s|^ERROR \d+|^HINT:|exit status \d|non-zero (exit )?code"
    r"|command not found|npm ERR!|BUILD FAILED|FAILED$|Task :\S+ FAILED|^\s*warning: each child"
    r"|no matching function|cannot find (module|symbol)|undefined(:| (method|reference|variable))"
    r"|unresolved reference|type mismatch|is not assignable|cannot borrow|segfault",
    re.MULTILINE,
)
_TEST_FAIL = re.compile(
    r"^failed |^--- fail:|^\s*fail\s|\d+ failed|assertionerror|\bexpected:.*\n.*\breceived:"
    r"|tests? (failed|failing)|failing tests?",
    _FLAGS,
)
_CODE_LINE = re.compile(
    r"[;{}]\s*$|^\s*(def|class|function|func|fn|pub|public|private|import|from|#include"
    r"|select|insert|update|delete|return|if|for|while|const|let|var|package|use|<\?php)\b"
    r"|=>|\)\s*\{|^\s{4,}\S|^\t+\S|^[+-]\s",
    _FLAGS,
)
MAX_CODE_LINES: Final = 400
# Cheap substring checks that must all be present for the regexes above to match at all.
_TRACE_HINTS: Final = (
    "traceback", "file \"", " at ", "exception", "goroutine", "panic", "stack trace",
    "#0 ", "#1 ", ".rb:", "sanitizer", "segmentation", "core dumped", "fatal error",
    "unhandled", "uncaught", "require stack",
)  # fmt: skip
_ERROR_HINTS: Final = (
    "error", "exception", "hint:", "exit status", "non-zero", "not found", "npm err", "e: file",
    "failed", "warning", "no matching", "cannot", "undefined", "unresolved", "mismatch",
    "not assignable", "segfault", ":",
)  # fmt: skip
_TEST_HINTS: Final = ("fail", "assert", "expected")


def _maybe(text: str, hints: tuple[str, ...]) -> bool:
    return any(hint in text for hint in hints)


SHORT_HINT_TEXT: Final = 200


def _hint_search(hints: tuple[str, ...]) -> Callable[[str], bool]:
    """``_maybe`` for these hints: on a short text one compiled alternation of the escaped
    hints (one call instead of a loop), on a longer one the substring loop, which stops
    at the first hint found and does not try every hint at every position. Same answer.
    """
    search = re.compile("|".join(map(re.escape, hints))).search

    def maybe(text: str) -> bool:
        if len(text) < SHORT_HINT_TEXT:
            return search(text) is not None
        return any(hint in text for hint in hints)

    return maybe


_TRACE_MAYBE: Final = _hint_search(_TRACE_HINTS)
_ERROR_MAYBE: Final = _hint_search(_ERROR_HINTS)
_TEST_MAYBE: Final = _hint_search(_TEST_HINTS)


_LOG_LINE = re.compile(r"^\[?\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}", re.MULTILINE)

# Intent lexicons over the last user turn, in the languages users write in. They name
# kinds of asks (general signals), not phrasings of particular requests.
INTENTS: Final[dict[str, re.Pattern[str]]] = {
    "summarize": re.compile(
        r"summar|tl;?dr|\bgist\b|key (takeaways|points)|condense|recap|shorter|shorten"
        r"|\bbullet|one[- ](line|sentence|paragraph)|headline|release notes|changelog"
        r"|action items|short version|boil (it|this) down|\bbrief\b|main points|what happened"
        r"|executive|\btighter\b|what does (it|this) (actually )?say"
        r"|in (one|two|three|four|five|\d) (short )?(sentences?|lines?|bullets?|points|words)"
        r"|in plain (words|english|language)|\bbriefly\b|in a nutshell|short paragraph"
        r"|what (did|do) (they|we|you) (agree|decide)|just the outcome|what changed"
        r"|podsumu|streszcz|streść|skróć|krócej|w skrócie|zusammen|kürzer|kurzfass|knapper"
        r"|kernaussage|wichtigste|resum|más corto|más breve|puntos principales"
        r"|总结|概括|摘要|短一点|要点|提炼|重点|精简|压缩",
        _FLAGS,
    ),
    "review": re.compile(
        r"review|audit|\bis (this|it) (thread[- ])?(safe|ok|okay|idiomatic|correct|secure)"
        r"|anything wrong"
        r"|any (issues|problems|edge cases|race)|\brisks?\b|approve|\bleak|vulnerab|secur"
        r"|rate this|what'?s bad|would you (merge|approve|ship)|\bflag\b|bite us|edge cases"
        r"|(is|does) (this|it|the (code|patch|change)) .{0,30}(correct|safe|right|handle)"
        r"|does (it|this|the (patch|change)) (actually |really )?(fix|solve|work)|introduce"
        r"|(is there|are there|do you see|can you (see|spot|find)|spot) (a |an |any )?"
        r"(bugs?|issues?|problems?|leaks?|mistakes?|flaws?|errors?)|find (the )?bugs"
        r"|co byś poprawił|bezpieczn|czy (ten|to) .*ok|oceń|sicherheit|prüf|was hältst"
        r"|problema en|revisa|cambiarías|安全|有没有问题|审查|评审|隐患",
        _FLAGS,
    ),
    "fix": re.compile(
        r"\bfix(?!es\b)|broken|doesn'?t work|not working|\bfail|\berror|crash|\bwrong|\bbug"
        r"|should be \S+ but|but (it )?should be"
        r"|(returns?|prints?|shows?|gives?|outputs?|gets?|got|displays?)\b[^.\n]{0,40}\binstead of"
        r"|why (does|is|do|did)|\bhelp\b|any idea|what'?s going on|stopped working"
        r"|(won'?t|doesn'?t|does not|can'?t|cannot) (build|compile|run|start|load|connect)"
        r"|napraw|popraw(?!n)|nie działa|błąd|dlaczego|co tu jest|fehler|funktioniert nicht|warum"
        r"|woran|arregl|falla|por qué|报错|错误|解决|怎么回事|为什么|改一下",
        _FLAGS,
    ),
    "generate": re.compile(
        r"\b(write|create|implement|generate|make|add|scaffold|give me an?"
        r" (regex|script|function|query|class|component))\b|\bi need an? \w+ (that|to|which)"
        r"|napisz|stwórz|zaimplementuj|dodaj|schreib|erstell|implementier|füge|escrib|\bcrea\b"
        r"|hazme|necesito un|agrega|añade|写一个|写个|帮我写|实现|生成|创建"
        r"|\b(tests?|a script|a hook|a function|a query|a manifest) (for|that)\b",
        _FLAGS,
    ),
    "plan": re.compile(
        r"\bplan|architect|\bdesign|strateg|trade-?offs?|\bcompare|evaluat|approach|migrat"
        r"|roll ?out|investigat|root cause|hypothes|step by step|systematic|methodical"
        r"|think (it )?through|reason(ing| (about|through|it through))|\bdecid|recommend"
        r"|break (this|it|the)|how (should|would) (we|you|i)\b|should (we|i)\b"
        r"|how (should|would|do) (we|you|i) (approach|go about|tackle|structure|proceed|narrow)"
        r"|what order|in (what|which) order|\bphases?\b|milestones?|weigh|pros and cons"
        r"|before (we|anyone|changing|touching)|hypothes"
        r"|zaplan|refaktoryz|architektur|zaprojektuj|przemyśl|krok po kroku|kolejnoś|podejść|etap"
        r"|entwirf|entwickle einen plan|vorgehen|vor- und nachteile|strategisch|ursachenanalyse"
        r"|planific|estrategia|arquitectura|abordar|por fases|ventajas"
        r"|规划|架构|排查|根因|步骤|方案|拆分|思路|取舍|分几步",
        _FLAGS,
    ),
    "triage": re.compile(
        r"classif|categor|\blabel|tag (this|it)|sentiment|priorit|\b(p1|p2|p3|p4)\b|\bsev ?[1-4]"
        r"|urgen|\broute\b|which (team|queue|component|category)|\bspam\b|toxic|\bintent\b"
        r"|duplicate|one word|which of (these|the following)|or (just )?noise|needs attention"
        r"|\bseverity|\btag\b|bug or|\bowns?\b|by urgency"
        r"|triag|which (department|owner|bucket|label|category|tier)|who should (handle|own|get)"
        r"|should (this|it) go to|is (this|it) (urgent|critical|spam)|assign (it|this) to"
        r"|just the (label|language|name|word|letters)|oznacz|etykiet|przypisz|priorität|prio\b"
        r"|einstufen|einordnen|kategorisier|asigna|归类|打标签|哪个(团队|组|部门)"
        r"|positive or negative|kategori|pilność"
        r"|sklasyfikuj|priorytet|pozytywny czy|ordne .*zu|dringend|welche[rm]? (kategorie|team)"
        r"|positiv oder|clasific|etiquet|prioridad|queja o|分类|情感|判断|优先级|分给|属于哪|标签",
        _FLAGS,
    ),
    "greeting": re.compile(
        r"^\W*(hi|hello|hey|thanks|thank you|thx|cheers|good (morning|night|evening)|cześć"
        r"|dzięki|dziękuję|dzień dobry|hallo|danke|guten (morgen|tag|abend)|hola|gracias"
        r"|你好|谢谢|好的|perfect|great|cool|nice|ok great|super)\b",
        _FLAGS,
    ),
    "command": re.compile(
        r"\bcommand\b|one-?liner|\bkubectl\b|\bcurl\b|\bffmpeg\b|run it|right now|in the terminal"
        r"|komend|befehl|\bcomando|命令",
        _FLAGS,
    ),
    "fresh": re.compile(
        r"\blatest\b|\bcurrent(ly)?\b|\btoday\b|right now|yesterday|\bnews\b|price|exchange rate"
        r"|weather|look (it )?up|release date|aktualn|dziś|dzisiaj|pogoda|heute|aktuell"
        r"|nachrichten|\bhoy\b|actual|precio|今天|最新|现在|新闻",
        _FLAGS,
    ),
    "question": re.compile(
        r"^\W*(what|who|when|where|which|how|why|is|are|can|do|does|co|jak|kto|gdzie|czy|was|wer"
        r"|wie|qué|que|quién|cómo|什么|谁|怎么)\b|\?\s*$",
        _FLAGS,
    ),
}

REPO_WIDE: Final = re.compile(  # run on the lower-cased ask
    r"\b(entire|whole|complete|full) (repo|repository|codebase|code base|project|monorepo)"
    r"|\bevery (file|source file|module)\b|\ball (the )?(source )?files\b|all \d+ packages"
    r"|across the (codebase|code base|repo|repository|project)"
    r"|everywhere in the (repo|repository|codebase|project)|\bin the (whole )?repo\b.*\ball\b"
    r"|cał(e|y|ego|ym) (repozytorium|projekt|kod)|gesamte[nr]? (codebase|repository|projekt)"
    r"|komplette[nr]? (codebase|repository|projekt)|todo el (repositorio|código|proyecto)"
    r"|整个(仓库|代码库|项目)|所有(源)?文件",
)

SCOPE_WIDE: Final = re.compile(  # a quantifier of scope near a word for a code base
    r"\b(whole|entire|all|every|each|complete|full|across|throughout|cał\w*|wszystk\w*"
    r"|każd\w*|gesamt\w*|ganze\w*|komplett\w*|alle[nms]?|jede[nmrs]?|tod[oa]s?|cada)\b"
    r"\W+(\w+\W+){0,3}(repo|repository|repositories|codebase|code base|codebasis|project"
    r"|monorepo|modules?|packages?|services|microservices|source files|files|src"
    r"|repozytori\w*|projekt\w*|modu\w*|pakiet\w*|plik\w*|dateien|repositorio|proyecto"
    r"|código|archivos)\b|整个|所有|全部",
)

# A question between a few short alternatives ("bug or feature?", "P1 or P2?"): the shape
# of a labelling ask in any language.
EITHER_OR: Final = re.compile(
    r"\b(or|czy|oder|o|或者?|还是)\s+(an? |just |the )?[\w-]+( [\w-]+)?\s*[?？]"
    r"|\w+ */ *\w+ */ *\w+|\w+ \| \w+|还是",
)

# An ask that says the fix is not what it wants ("don't fix it yet", "we know the fix").
NO_FIX: Final = re.compile(
    r"(don'?t|do not|no|not asking (you )?to|without) (need (a |to )?)?(fix|patch|debug|chang)"
    r"|(know|have|found|got) the fix|already (fixed|patched|rolled back)|(fix|patch) it yet"
    r"|before (we |anyone )?(fix|patch|touch|chang)|nie naprawiaj|zanim .{0,20}popraw"
    r"|nicht (fixen|beheben|reparieren)|bevor wir .{0,20}(ändern|beheben)|sin arreglar"
    r"|antes de (tocar|arreglar|cambiar)|不要(直接)?(改|修)|先不(改|修)",
)

# The shape of the ask itself, read on its first and last lines (``edge_lines``): what
# the user wants back, whatever the material looks like.
#
# A yes/no question about the thing given ("is this thread-safe?", "does this patch
# work?", "any bug here?"): with code and no observed failure, a request for judgement.
JUDGE_QUESTION: Final = re.compile(
    r"^\W*(is|are|does|do|did|can|could|would|will|should|any|anything|am i|czy|ist|sind|siehst"
    r"|kann|könnte|würde|hat|gibt es|es|está|hay|ves|funciona|puede|podría)\b[^\n]*\?\s*$"
    r"|吗？|了吗|的吗|对吗|好吗|行吗|全吗|题吗|用吗|有没有|会不会|能不能|是否|对不对",
    re.MULTILINE,
)
# A closed set of answers offered ("a, b or c", "yes/no", "one word", "just the name"):
# a labelling ask in any language.
CHOICE_ASK: Final = re.compile(
    r"\w+, \w+,? (or|czy|albo|lub|oder|o|y) \w+|\byes ?(/|or) ?no\b|\btak ?(/|czy) ?nie\b"
    r"|\bja ?(/|oder) ?nein\b|\bs[ií] ?(/|o) ?no\b|\b(one|single|jedno|ein|una) (word|label|słowo"
    r"|wort|palabra)|\bjust (the|a) \w+\b|only (the|a|one) \w+|\bnur (die|den|das) \w+"
    r"|只要|只回答|只给|哪个|还是",
    re.MULTILINE,
)
# A request to make something new, led by its verb (imperative, or after "please",
# "now", "so", "then"); a bug or an error elsewhere in the ask is then the reason for it.
CREATE_LEAD: Final = re.compile(
    r"(^|[.!?:;—–]\s+|\b(please|pls|now|so|then|and|also|can you|could you)\s+)"
    r"(write|create|implement|add|make|generate|build|scaffold|set up|give me an?"
    r"|napisz|stwórz|dodaj|zaimplementuj|przygotuj|schreib\w*|erstell\w*|implementier\w*|füg\w*"
    r"|escrib\w*|crea|agrega|añade|implementa|genera|hazme)\b"
    r"|(^|[，。：])(写一|写个|帮我写|实现|创建|生成|加一个)",
    re.MULTILINE,
)
# A request to repair ("fix it", "how do I make it stop", "what should I change"):
# the words of a repair ask, not of failures in general.
REPAIR_ASK: Final = re.compile(
    r"\bfix (it|this|that|the|my)\b|\bfix\b\W*$|how (do|can|would|should) i (fix|solve|get around"
    r"|make it|get rid|resolve|handle)|what('?s| is) (wrong|going on|happening|the problem)"
    r"|what should i (change|do)|why (does|is|do|did|am|are|won'?t|doesn'?t|isn'?t)"
    r"|make it (stop|work)"
    r"|help( me)? (fix|with)|what now|any idea|napraw|jak (to )?(naprawić|poprawić|rozwiązać)"
    r"|wie (behebe|löse|repariere|korrigiere|fixe)|was (mache|ist) (ich|hier) falsch|warum"
    r"|c[oó]mo (lo |la )?(arreglo|soluciono|corrijo)|por qué|怎么(改|办|解决|修)|为什么|如何解决",
    re.MULTILINE,
)

# Options written with slashes ("low/medium/high", "(bug/question)"): no literal guard,
# so this runs only on an ask that has a slash.
SLASH_CHOICE: Final = re.compile(r"\(\w+ ?/ ?\w+|\w+ ?/ ?\w+ ?/ ?\w+")

ASK_SHAPES: Final[dict[str, re.Pattern[str]]] = {
    "judge_question": JUDGE_QUESTION,
    "choice_ask": CHOICE_ASK,
    "create_lead": CREATE_LEAD,
    "repair_ask": REPAIR_ASK,
}

# Lines of machine output (logs, traces, compiler and test output): material, not the ask.
_OUTPUT_LINE = re.compile(
    r"^(\[?\d{2,4}[-/:.]\d\d|at\s|file \"|traceback|#\d+ |((fatal|uncaught|unhandled) )?"
    r"[\w.$]*(error|exception|warn|warning|fatal|failed|panic)\b\S*\s*[:\[(]"
    r"|[\w./\\-]+\.\w+:\d+|[>e]\s|\d+ (passed|failed)"
    r"|\$ |> task|\* |- |npm err)"
)


# Counts only matter up to where their dense features saturate (see ``dense_features``).
SATURATE: Final = 3
LOG_SATURATE: Final = 30
_TRACE_FAST: Final = GuardedPattern(_TRACE.pattern, _TRACE.flags)
_ERROR_FAST: Final = GuardedPattern(_ERROR_LINE.pattern, _ERROR_LINE.flags)
_TEST_FAST: Final = GuardedPattern(_TEST_FAIL.pattern, _TEST_FAIL.flags)
_DIFF_FAST: Final = GuardedPattern(_DIFF.pattern, _DIFF.flags)
_LOG_FAST: Final = GuardedPattern(_LOG_LINE.pattern, _LOG_LINE.flags)
_REPO_WIDE: Final = GuardedPattern(REPO_WIDE.pattern, REPO_WIDE.flags)
_PLAIN_INTENTS: Final = frozenset({"greeting", "question"})  # one anchored branch: as fast


def _intent_search(name: str, rx: re.Pattern[str]) -> Callable[[str], bool]:
    if name in _PLAIN_INTENTS:
        return lambda text: rx.search(text) is not None
    return GuardedPattern(rx.pattern, rx.flags).search


_INTENT_SEARCH: Final = tuple((name, _intent_search(name, rx)) for name, rx in INTENTS.items())
_INTENT_RX: Final = dict(_INTENT_SEARCH)
# All intents in one pass over the ask (see ``GuardedSet``); same answers as _INTENT_SEARCH.
INTENT_SET: Final = GuardedSet(
    {name: GuardedPattern(rx.pattern, rx.flags) for name, rx in INTENTS.items()}
)
# The intents and the ask shapes, for the edge lines of the ask.
ASK_SET: Final = GuardedSet(
    {name: GuardedPattern(rx.pattern, rx.flags) for name, rx in {**INTENTS, **ASK_SHAPES}.items()}
)
_INTENT_NAMES: Final = frozenset(INTENTS)
_EDGE_INTENTS: Final = ("summarize", "review", "fix", "generate", "plan", "triage")
_EDGE_SET: Final = frozenset(_EDGE_INTENTS)
_OTHER_ASKS: Final = frozenset({"summarize", "review", "generate", "plan", "triage"})
_FIX: Final = frozenset({"fix"})
_NO_FIX: Final = GuardedPattern(NO_FIX.pattern, NO_FIX.flags)
_SCOPE_WIDE: Final = GuardedPattern(SCOPE_WIDE.pattern, SCOPE_WIDE.flags)


@dataclass(frozen=True, slots=True)
class Signals:
    """What the enhanced classifier knows about one request."""

    estimated_tokens: int
    last_user: str
    """A bounded view of the last user turn (head and tail), as written."""
    ask: str
    """The lower-cased prose lines of the last user turn (see ``ask_view``)."""
    system: str
    """The head of the system prompt(s)."""
    previous_user: str
    """A slice of the user turn before the last one."""
    turns: int
    last_role: str
    tool_names: tuple[str, ...]
    tool_words: frozenset[str]
    generic_tools_only: bool
    tool_calls_in_history: bool
    tool_agent: bool
    edit_agent: bool
    router_system: bool
    repo_wide: bool
    fence: bool
    diff: bool
    trace: int
    error_lines: int
    test_failure: bool
    code_ratio: float
    log_lines: int
    lines: int
    intents: frozenset[str]
    edge_intents: frozenset[str]
    """Intents of the first and last lines of the ask."""
    scope_wide: bool
    judge_question: bool = False
    choice_ask: bool = False
    create_lead: bool = False
    repair_ask: bool = False

    @property
    def has_tools(self) -> bool:
        return bool(self.tool_names)

    @property
    def large(self) -> bool:
        return self.estimated_tokens > LARGE_CONTEXT_TOKENS


_PROSE = re.compile(r"^[^{};=<>|\\\[\]]*$")
ASK_CHARS: Final = 1_500


def ask_view(text: str) -> str:
    """The first and last natural-language lines: where the ask usually is.

    Lines of machine output (log, trace, compiler and test lines) are left out: they are
    the material of the ask, and words like "error" in them say nothing about whether the
    user wants a fix, a label, a summary or a plan.
    """
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if len(lines) <= 1:
        return "\n".join(lines)[:ASK_CHARS]
    output = _OUTPUT_LINE.match
    if len(lines) <= 6:
        prose = [ln for ln in lines if not output(ln)] or lines
    else:
        head_tail = lines[:40] + lines[-20:]
        prose = [ln for ln in head_tail if len(ln) < 400 and _PROSE.match(ln) and not output(ln)]
        prose = prose[:3] + prose[-3:] if len(prose) > 6 else prose
    return "\n".join(prose)[:ASK_CHARS]


def edge_lines(ask: str) -> str:
    """The first and the last line of the ask view: where people put the verb of an ask."""
    first, _, rest = ask.partition("\n")
    return f"{first}\n{rest.rpartition(chr(10))[2]}" if rest else first


@lru_cache(maxsize=64)
def system_flags(system: str) -> tuple[bool, bool, bool]:
    """(tool agent, edit agent, router) for a system prompt; agents resend the same one."""
    low = system.lower()
    return (
        bool(_TOOL_AGENT.search(low)),
        bool(_EDIT_AGENT.search(low)),
        bool(_ROUTER_SYSTEM.search(low)) and len(system) < 600,
    )


def _bounded(text: str) -> str:
    if len(text) <= LAST_TURN_HEAD + LAST_TURN_TAIL:
        return text
    return text[:LAST_TURN_HEAD] + "\n…\n" + text[-LAST_TURN_TAIL:]


ToolsKey = tuple[tuple[str | None, str | None], ...]
"""(name, description head) of each attached tool: all the classifier reads of tools."""


def tools_key(tools: Sequence[Mapping[str, Any]] | None) -> ToolsKey:
    out: list[tuple[str | None, str | None]] = []
    for tool in (tools or ())[:64]:
        if not isinstance(tool, Mapping):
            continue
        fn = tool.get("function", tool)
        if not isinstance(fn, Mapping):
            continue
        name, description = fn.get("name"), fn.get("description")
        out.append(
            (
                name if isinstance(name, str) else None,
                description[:300] if isinstance(description, str) else None,
            )
        )
    return tuple(out)


@lru_cache(maxsize=256)
def _tool_info(key: ToolsKey) -> tuple[tuple[str, ...], frozenset[str], bool]:
    """(names, words, generic only) of a tool list; clients resend the same list."""
    names: list[str] = []
    words: set[str] = set()
    for name, description in key:
        if name is not None:
            names.append(name)
            words.update(w for w in re.split(r"[^a-z0-9]+", name.lower()) if len(w) > 2)
        if description is not None:
            words.update(w for w in re.findall(r"[a-z]{4,}", description.lower()))
    generic = bool(names) and all(GENERIC_TOOL_NAMES.search(n.lower()) for n in names)
    return tuple(names), frozenset(words), generic


def _cjk_tokens(sample: str, total_chars: int) -> int:
    """Extra tokens for CJK text, which runs about one token per character, not four."""
    if not sample:
        return 0
    ratio = len(_CJK.findall(sample[:2000])) / min(len(sample), 2000)
    return math.ceil(total_chars * ratio * 0.75)


class Scan(NamedTuple):
    """One cheap pass over the messages: what every later step starts from."""

    estimated_tokens: int
    last_user: str
    system: str
    previous_user: str
    turns: int
    last_role: str
    tool_calls_in_history: bool
    tools: ToolsKey

    @property
    def large(self) -> bool:
        return self.estimated_tokens > LARGE_CONTEXT_TOKENS

    def cache_key(self) -> int:
        """A hash of everything the decision depends on (tokens only through ``large``)."""
        return hash(
            (
                self.last_user,
                self.system,
                self.previous_user,
                self.turns > 1,
                self.last_role == "tool",
                self.tool_calls_in_history,
                self.tools,
                self.large,
            )
        )


def scan(request: ClassifierInput) -> Scan:
    """Read lengths, roles and the bounded views of one request; no pattern matching."""
    messages = [m for m in request.messages if isinstance(m, Mapping)]
    total_chars = 0
    system_parts: list[str] = []
    user_indexes: list[int] = []
    tool_calls = False
    for i, message in enumerate(messages):
        role = message.get("role")
        content = message.get("content")
        if isinstance(content, str):
            total_chars += len(content)
        elif isinstance(content, list):
            total_chars += sum(len(content_text([p])) for p in content[:256])
        if role == "system" and sum(map(len, system_parts)) < SYSTEM_HEAD:
            system_parts.append(content_text(content)[:SYSTEM_HEAD])
        elif role == "user":
            user_indexes.append(i)
        elif role == "tool" or (role == "assistant" and message.get("tool_calls")):
            tool_calls = True
    last_user = (
        _bounded(content_text(messages[user_indexes[-1]].get("content"))) if user_indexes else ""
    )
    previous_user = (
        content_text(messages[user_indexes[-2]].get("content"))[:HISTORY_SLICE]
        if len(user_indexes) > 1
        else ""
    )
    system = "\n".join(system_parts)[:SYSTEM_HEAD]
    return Scan(
        estimated_tokens=math.ceil(total_chars / 4) + _cjk_tokens(last_user or system, total_chars),
        last_user=last_user,
        system=system,
        previous_user=previous_user,
        turns=len(user_indexes),
        last_role=str(messages[-1].get("role", "")) if messages else "",
        tool_calls_in_history=tool_calls,
        tools=tools_key(request.tools),
    )


def _code_lines(text_lines: list[str]) -> int:
    search = _CODE_LINE.search
    return sum(1 for line in text_lines[:MAX_CODE_LINES] if search(line))


def extract(request: ClassifierInput) -> Signals:
    """Read the signals of one request; bounded work for any request size."""
    return signals_from_scan(scan(request))


def signals_from_scan(s: Scan) -> Signals:
    """The signals of a scanned request."""
    last_user = s.last_user
    names, words, generic_only = _tool_info(s.tools)
    low = last_user.lower()
    one_line = "\n" not in last_user
    # One line (most chat turns): it is the whole ask view, stripped and bounded.
    ask = low.strip()[:ASK_CHARS] if one_line and low.isprintable() else ask_view(low)
    text_lines = last_user.splitlines() or [""]
    tool_agent, edit_agent, router_system = system_flags(s.system)
    if "\n" in ask:
        intents = INTENT_SET.matching(ask)
        if "fix" in intents and _NO_FIX.search(ask):
            intents -= _FIX
        at_edge = ASK_SET.matching(edge_lines(ask))  # intents and shapes of the edges
        edge_intents = at_edge & intents & _EDGE_SET
    else:  # one line: it is its own first and last line, so one pass finds everything
        at_edge = ASK_SET.matching(ask)
        intents = at_edge & _INTENT_NAMES
        if "fix" in intents and _NO_FIX.search(ask):
            intents -= _FIX
        edge_intents = intents & _EDGE_SET
    return Signals(
        estimated_tokens=s.estimated_tokens,
        last_user=last_user,
        ask=ask,
        system=s.system,
        previous_user=s.previous_user,
        turns=s.turns,
        last_role=s.last_role,
        tool_names=names,
        tool_words=words,
        generic_tools_only=generic_only,
        tool_calls_in_history=s.tool_calls_in_history,
        tool_agent=tool_agent,
        edit_agent=edit_agent,
        router_system=router_system,
        repo_wide=_REPO_WIDE.search(ask),
        fence=bool(_FENCE.search(last_user)),
        # A diff needs two line starts; without a newline there is only one.
        diff=one_line is False and _DIFF_FAST.count(last_user, 2) >= 2,
        trace=_TRACE_FAST.count(low, SATURATE) if _TRACE_MAYBE(low) else 0,
        error_lines=_ERROR_FAST.count(last_user, SATURATE) if _ERROR_MAYBE(low) else 0,
        test_failure=_TEST_MAYBE(low) and _TEST_FAST.search(low),
        code_ratio=_code_lines(text_lines) / min(len(text_lines), MAX_CODE_LINES),
        log_lines=_LOG_FAST.count(last_user, LOG_SATURATE),
        lines=1 if one_line else last_user.count("\n") + 1,
        intents=intents,
        edge_intents=edge_intents,
        scope_wide=_SCOPE_WIDE.search(ask),
        judge_question="judge_question" in at_edge,
        choice_ask="choice_ask" in at_edge or _slash_choice(ask),
        create_lead="create_lead" in at_edge,
        repair_ask="repair_ask" in at_edge,
    )


def _slash_choice(ask: str) -> bool:
    return "/" in ask and SLASH_CHOICE.search(edge_lines(ask)) is not None


def tool_overlap(signals: Signals) -> float:
    """How much of the last user turn's vocabulary the attached tools speak about."""
    if not signals.tool_words:
        return 0.0
    words = set(re.findall(r"[a-z]{4,}", signals.ask))
    if not words:
        return 0.0
    stems = {w[:5] for w in signals.tool_words}
    return sum(1 for w in words if w[:5] in stems) / len(words)


DENSE_NAMES: Final[tuple[str, ...]] = (
    "bias_short",
    "len_log",
    "lines_log",
    "turns_gt1",
    "last_role_tool",
    "has_tools",
    "generic_tools_only",
    "domain_tools",
    "tool_overlap",
    "tool_calls_in_history",
    "tool_agent",
    "edit_agent",
    "router_system",
    "has_system",
    "repo_wide",
    "large",
    "fence",
    "diff",
    "trace",
    "error_lines",
    "test_failure",
    "failure_any",
    "code_ratio",
    "log_lines",
    "cjk",
    *(f"intent_{name}" for name in INTENTS),
    "fresh_with_search_tool",
    "greeting_short",
    *(f"edge_{name}" for name in ("summarize", "review", "fix", "generate", "plan", "triage")),
    "failure_other_ask",
    "failure_fix_ask",
    "fix_with_other_ask",
    "other_ask_no_fix",
    "scope_wide",
    "either_or",
    "judge_question",
    "judge_code",
    "choice_ask",
    "choice_over_failure",
    "create_lead",
    "create_over_failure_words",
    "repair_ask",
    "failure_without_repair_ask",
)


def dense_features(signals: Signals) -> list[float]:
    """The signals as numbers, in ``DENSE_NAMES`` order, each roughly in 0..1."""
    length = len(signals.last_user)
    intents = signals.intents
    edge = signals.edge_intents
    failure = bool(signals.trace or signals.error_lines or signals.test_failure)
    search_tool = any("search" in n.lower() for n in signals.tool_names)
    return [
        1.0 if length < 60 else 0.0,
        min(math.log1p(length) / 9.0, 1.5),
        min(math.log1p(signals.lines) / 5.0, 1.5),
        1.0 if signals.turns > 1 else 0.0,
        1.0 if signals.last_role == "tool" else 0.0,
        1.0 if signals.has_tools else 0.0,
        1.0 if signals.generic_tools_only else 0.0,
        1.0 if signals.has_tools and not signals.generic_tools_only else 0.0,
        tool_overlap(signals),
        1.0 if signals.tool_calls_in_history else 0.0,
        1.0 if signals.tool_agent else 0.0,
        1.0 if signals.edit_agent else 0.0,
        1.0 if signals.router_system else 0.0,
        1.0 if signals.system else 0.0,
        1.0 if signals.repo_wide else 0.0,
        1.0 if signals.large else 0.0,
        1.0 if signals.fence else 0.0,
        1.0 if signals.diff else 0.0,
        min(signals.trace / 2.0, 1.5),
        min(signals.error_lines / 2.0, 1.5),
        1.0 if signals.test_failure else 0.0,
        1.0 if signals.trace or signals.error_lines or signals.test_failure else 0.0,
        signals.code_ratio,
        min(signals.log_lines / 20.0, 1.5),
        1.0 if _CJK.search(signals.last_user[:500]) else 0.0,
        *(1.0 if name in intents else 0.0 for name in INTENTS),
        1.0 if search_tool and "fresh" in intents else 0.0,
        1.0 if "greeting" in intents and length < 80 else 0.0,
        *(1.0 if name in edge else 0.0 for name in _EDGE_INTENTS),
        1.0 if failure and edge & _OTHER_ASKS and "fix" not in edge else 0.0,
        1.0 if failure and ("fix" in edge or not edge) else 0.0,
        1.0 if "fix" in intents and intents & _OTHER_ASKS else 0.0,
        1.0 if "fix" not in intents and edge & _OTHER_ASKS else 0.0,
        1.0 if signals.scope_wide else 0.0,
        1.0 if length < 600 and EITHER_OR.search(signals.ask) else 0.0,
        *_ask_shape(signals, failure),
    ]


def _ask_shape(s: Signals, failure: bool) -> tuple[float, ...]:
    """What the last turn asks for, set against the material it carries."""
    code = s.fence or s.diff or s.code_ratio > 0.2
    judge_code = s.judge_question and code and not s.trace and not s.repair_ask
    return (
        1.0 if s.judge_question else 0.0,
        1.0 if judge_code else 0.0,
        1.0 if s.choice_ask else 0.0,
        1.0 if s.choice_ask and (failure or "fix" in s.intents) and not s.repair_ask else 0.0,
        1.0 if s.create_lead else 0.0,
        1.0 if s.create_lead and "fix" in s.intents and not s.repair_ask else 0.0,
        1.0 if s.repair_ask else 0.0,
        1.0 if failure and not s.repair_ask and s.edge_intents - _FIX else 0.0,
    )
