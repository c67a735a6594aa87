"""The words and patterns the ``enhanced`` classifier reads requests with.

Kept apart from the code that applies them (``signals``) so a lexicon can be extended
or reviewed without touching extraction, and so nothing here depends on a request. All
patterns are lower-case and run on lower-cased text unless their comment says otherwise
(the diff, fence, error, log and code-line patterns read the text as written). The ``*_FAST`` and
``*_SET`` objects are the same patterns behind literal guards (``fastre``): same
answers, fewer branches tried.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from ollama_agent_router.classification.fastre import GuardedPattern, GuardedSet

_FLAGS = re.MULTILINE  # patterns are lower-case and run on lower-cased text

CJK: Final = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")

TOOL_AGENT: Final = re.compile(
    r"<execute_bash>|<execute_ipython>|execute_command|attempt_completion|str_replace_editor"
    r"|tool use is formatted|you have access to (the following|a set of) (tools|functions)"
    r"|^action input:|^observation:|available (functions|tools)\s*:|function[- ]calling"
    r"|<tool_call>|<function_calls>|use the tools|one tool per message|reply only with (a )?json"
    r"|\{\s*\"name\"\s*:\s*<?function|you can (run|call|use) (shell|tools|functions)",
    _FLAGS,
)
EDIT_AGENT: Final = re.compile(
    r"search/replace|<<<<<<< search|>>>>>>> replace|unified diff|fenced code block"
    r"|expert software developer|coding assistant|best practices when coding",
    _FLAGS,
)
ROUTER_SYSTEM: Final = re.compile(
    r"classif|categor|\blabel|\broute[rs]?\b|sentiment|priority|\bone of\b|one (label|word|token)"
    r"|only the (label|name|word)|reply with (exactly )?one|answer with (exactly )?one"
    r"|klasyfik|kategori|zuordn|ordnest|clasific|分类|类别",
    _FLAGS,
)

GENERIC_TOOL_NAMES: Final = re.compile(
    r"search|browse|fetch|url|web|image|memory|remember|interpreter|python|calculator"
    r"|wikipedia|canvas|dall|artifact|knowledge|retriev",
)

DIFF: Final = re.compile(r"^(diff --git |--- a/|\+\+\+ b/|@@ -\d+(,\d+)? \+\d+)", re.MULTILINE)
FENCE: Final = re.compile(r"^\s*```", re.MULTILINE)

TRACE: Final = re.compile(
    r"traceback \(most recent call last\)|^\s*file \"[^\"]+\", line \d+"
    r"|^\s+at [\w$.<>\[\]`]+ ?\(.*:\d+(:\d+)?\)\s*$|^\s+at [\w$.]+\([\w]+\.(java|kt|scala):\d+\)"
    r"|exception in thread|^\s+at .+ in .+:line \d+|^goroutine \d+ \[|^panic: "
    r"|thread '.*' panicked|^stack trace:|^#\d+ (0x[0-9a-f]+ in |\{main\})"
    r"|\.rb:\d+:in `|addresssanitizer|segmentation fault|core dumped|fatal error:"
    r"|unhandled exception|uncaught (error|exception)|require stack:",
    _FLAGS,
)
ERROR_LINE: Final = re.compile(
    r"\b[A-Z]\w*(Error|Exception)\b(:|\s*\()|^error(\[E\d+\])?:|\berror TS\d+:"
    r"|\.(c|cc|cpp|h|hpp|go|rs|kt|kts|swift|java|cs|ts|tsx|js|jsx|py|php|rb):\d+(:\d+)?:?\s*"
    r"(fatal )?error|^\S+\.(c|cc|cpp|h|go|rs|kt|swift|java|cs|ts|js|py|rb|php):\d+:\d+:? \S"
    r"|^e: file:|^ERROR:?\s|^ERROR \d+|^HINT:|exit status \d|non-zero (exit )?code"
    r"|command not found|npm ERR!|BUILD FAILED|FAILED$|Task :\S+ FAILED|^\s*warning: each child"
    r"|no matching function|cannot find (module|symbol)|undefined(:| (method|reference|variable))"
    r"|unresolved reference|type mismatch|is not assignable|cannot borrow|segfault",
    re.MULTILINE,
)
TEST_FAIL: Final = re.compile(
    r"^failed |^--- fail:|^\s*fail\s|\d+ failed|assertionerror|\bexpected:.*\n.*\breceived:"
    r"|tests? (failed|failing)|failing tests?",
    _FLAGS,
)
CODE_LINE: Final = re.compile(
    r"[;{}]\s*$|^\s*(def|class|function|func|fn|pub|public|private|import|from|#include"
    r"|select|insert|update|delete|return|if|for|while|const|let|var|package|use|<\?php)\b"
    r"|=>|\)\s*\{|^\s{4,}\S|^\t+\S|^[+-]\s",
    _FLAGS,
)
# Cheap substring checks, one of which must be present for the regex to match at all.
TRACE_HINTS: Final = (
    "traceback", "file \"", " at ", "exception", "goroutine", "panic", "stack trace",
    "#0 ", "#1 ", ".rb:", "sanitizer", "segmentation", "core dumped", "fatal error",
    "unhandled", "uncaught", "require stack",
)  # fmt: skip
ERROR_HINTS: Final = (
    "error", "exception", "hint:", "exit status", "non-zero", "not found", "npm err", "e: file",
    "failed", "warning", "no matching", "cannot", "undefined", "unresolved", "mismatch",
    "not assignable", "segfault", ":",
)  # fmt: skip
TEST_HINTS: Final = ("fail", "assert", "expected")


SHORT_HINT_TEXT: Final = 200


def hint_search(hints: tuple[str, ...]) -> Callable[[str], bool]:
    """Whether any of these hints occurs in a text: on a short text one compiled
    alternation of the escaped hints (one call instead of a loop), on a longer one the
    substring loop, which stops at the first hint found and does not try every hint at
    every position. Same answer.
    """
    search = re.compile("|".join(map(re.escape, hints))).search

    def maybe(text: str) -> bool:
        if len(text) < SHORT_HINT_TEXT:
            return search(text) is not None
        return any(hint in text for hint in hints)

    return maybe


TRACE_MAYBE: Final = hint_search(TRACE_HINTS)
ERROR_MAYBE: Final = hint_search(ERROR_HINTS)
TEST_MAYBE: Final = hint_search(TEST_HINTS)


LOG_LINE: Final = re.compile(r"^\[?\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}", re.MULTILINE)

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
_EITHER_WORD: Final = re.compile(
    r"\b(or|czy|oder|o|或者?|还是)\s+(an? |just |the )?[\w-]+( [\w-]+)?\s*[?？]"
)
_EITHER_SLASH: Final = re.compile(r"\w++ *+/ *+\w++ *+/ *+\w")  # possessive: no backtracking
_EITHER_PIPE: Final = re.compile(r"\w+ \| \w")


def either_or(text: str) -> bool:
    """``EITHER_OR.search(text)``, each branch run only when its literal is in the text
    (a "?", a "/", " | "): the same answer, several times faster on long asks
    (``tests/classification/test_features.py`` checks both on the data and fuzz)."""
    return bool(
        (("?" in text or "？" in text) and _EITHER_WORD.search(text))
        or ("/" in text and _EITHER_SLASH.search(text))
        or (" | " in text and _EITHER_PIPE.search(text))
        or "还是" in text
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
OUTPUT_LINE: Final = re.compile(
    r"^(\[?\d{2,4}[-/:.]\d\d|at\s|file \"|traceback|#\d+ |((fatal|uncaught|unhandled) )?"
    r"[\w.$]*(error|exception|warn|warning|fatal|failed|panic)\b\S*\s*[:\[(]"
    r"|[\w./\\-]+\.\w+:\d+|[>e]\s|\d+ (passed|failed)"
    r"|\$ |> task|\* |- |npm err)"
)


# The patterns above behind literal guards (``fastre``): same answers, fewer branches.
TRACE_FAST: Final = GuardedPattern(TRACE.pattern, TRACE.flags)
ERROR_FAST: Final = GuardedPattern(ERROR_LINE.pattern, ERROR_LINE.flags)
TEST_FAST: Final = GuardedPattern(TEST_FAIL.pattern, TEST_FAIL.flags)
DIFF_FAST: Final = GuardedPattern(DIFF.pattern, DIFF.flags)
LOG_FAST: Final = GuardedPattern(LOG_LINE.pattern, LOG_LINE.flags)
REPO_WIDE_FAST: Final = GuardedPattern(REPO_WIDE.pattern, REPO_WIDE.flags)
NO_FIX_FAST: Final = GuardedPattern(NO_FIX.pattern, NO_FIX.flags)
SCOPE_WIDE_FAST: Final = GuardedPattern(SCOPE_WIDE.pattern, SCOPE_WIDE.flags)
# All intents in one pass over the ask (see ``GuardedSet``).
INTENT_SET: Final = GuardedSet(
    {name: GuardedPattern(rx.pattern, rx.flags) for name, rx in INTENTS.items()}
)
# The intents and the ask shapes, for the edge lines of the ask.
ASK_SET: Final = GuardedSet(
    {name: GuardedPattern(rx.pattern, rx.flags) for name, rx in {**INTENTS, **ASK_SHAPES}.items()}
)

INTENT_NAMES: Final = frozenset(INTENTS)
# The intents that name what an ask wants back, when read on its first and last lines.
EDGE_INTENTS: Final = ("summarize", "review", "fix", "generate", "plan", "triage")
EDGE_SET: Final = frozenset(EDGE_INTENTS)
OTHER_ASKS: Final = frozenset({"summarize", "review", "generate", "plan", "triage"})
"""The edge intents other than a fix: an ask for something besides a repair."""
FIX_ONLY: Final = frozenset({"fix"})

# A line with none of the characters of code or markup: prose, where an ask is written.
PROSE_LINE: Final = re.compile(r"^[^{};=<>|\\\[\]]*$")
