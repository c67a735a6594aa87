"""Structured signals read from a chat request, for the ``enhanced`` classifier.

Extraction only: the words and patterns are in ``lexicon``, and the numbers the model
reads are made from these signals in ``features``. Everything here is bounded: a request
of 100k tokens is read through a fixed-size view (the head of the system prompt, the
head and tail of the last user turn, short slices of earlier turns), so extracting
signals costs the same for any request size. Only the token estimate looks at every
message: the router's one estimate (``tokens.content_tokens``), a length for ASCII text
and one C-speed pass over any other.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final, NamedTuple

from ollama_agent_router.classification.base import ClassifierInput
from ollama_agent_router.classification.lexicon import (
    ASK_SET,
    CODE_LINE,
    DIFF_FAST,
    EDGE_SET,
    EDIT_AGENT,
    ERROR_FAST,
    ERROR_MAYBE,
    FENCE,
    FIX_ONLY,
    GENERIC_TOOL_NAMES,
    INTENT_NAMES,
    INTENT_SET,
    LOG_FAST,
    NO_FIX_FAST,
    OUTPUT_LINE,
    PROSE_LINE,
    REPO_WIDE_FAST,
    ROUTER_SYSTEM,
    SCOPE_WIDE_FAST,
    SLASH_CHOICE,
    TEST_FAST,
    TEST_MAYBE,
    TOOL_AGENT,
    TRACE_FAST,
    TRACE_MAYBE,
)
from ollama_agent_router.classification.text import content_text
from ollama_agent_router.tokens import content_tokens

LARGE_CONTEXT_TOKENS: Final = 12_000
LAST_TURN_HEAD: Final = 4_000
LAST_TURN_TAIL: Final = 2_000
SYSTEM_HEAD: Final = 3_000
HISTORY_SLICE: Final = 400
MAX_CODE_LINES: Final = 400
MAX_PARTS: Final = 256
"""Content parts of one message read, for the token estimate."""
# Counts only matter up to where their dense features saturate (see ``features``).
SATURATE: Final = 3
LOG_SATURATE: Final = 30


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
    output = OUTPUT_LINE.match
    if len(lines) <= 6:
        prose = [ln for ln in lines if not output(ln)] or lines
    else:
        head_tail = lines[:40] + lines[-20:]
        prose = [
            ln for ln in head_tail if len(ln) < 400 and PROSE_LINE.match(ln) and not output(ln)
        ]
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
        bool(TOOL_AGENT.search(low)),
        bool(EDIT_AGENT.search(low)),
        bool(ROUTER_SYSTEM.search(low)) and len(system) < 600,
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
    tokens = 0
    system_parts: list[str] = []
    user_indexes: list[int] = []
    tool_calls = False
    for i, message in enumerate(messages):
        role = message.get("role")
        content = message.get("content")
        # Every message counts, through the router's one estimate (content, not tool calls).
        tokens += content_tokens(content[:MAX_PARTS] if isinstance(content, list) else content)
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
        estimated_tokens=tokens,
        last_user=last_user,
        system=system,
        previous_user=previous_user,
        turns=len(user_indexes),
        last_role=str(messages[-1].get("role", "")) if messages else "",
        tool_calls_in_history=tool_calls,
        tools=tools_key(request.tools),
    )


def _code_lines(text_lines: list[str]) -> int:
    search = CODE_LINE.search
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
        if "fix" in intents and NO_FIX_FAST.search(ask):
            intents -= FIX_ONLY
        at_edge = ASK_SET.matching(edge_lines(ask))  # intents and shapes of the edges
        edge_intents = at_edge & intents & EDGE_SET
    else:  # one line: it is its own first and last line, so one pass finds everything
        at_edge = ASK_SET.matching(ask)
        intents = at_edge & INTENT_NAMES
        if "fix" in intents and NO_FIX_FAST.search(ask):
            intents -= FIX_ONLY
        edge_intents = intents & EDGE_SET
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
        repo_wide=REPO_WIDE_FAST.search(ask),
        fence=bool(FENCE.search(last_user)),
        # A diff needs two line starts; without a newline there is only one.
        diff=one_line is False and DIFF_FAST.count(last_user, 2) >= 2,
        trace=TRACE_FAST.count(low, SATURATE) if TRACE_MAYBE(low) else 0,
        error_lines=ERROR_FAST.count(last_user, SATURATE) if ERROR_MAYBE(low) else 0,
        test_failure=TEST_MAYBE(low) and TEST_FAST.search(low),
        code_ratio=_code_lines(text_lines) / min(len(text_lines), MAX_CODE_LINES),
        log_lines=LOG_FAST.count(last_user, LOG_SATURATE),
        lines=1 if one_line else last_user.count("\n") + 1,
        intents=intents,
        edge_intents=edge_intents,
        scope_wide=SCOPE_WIDE_FAST.search(ask),
        judge_question="judge_question" in at_edge,
        choice_ask="choice_ask" in at_edge or _slash_choice(ask),
        create_lead="create_lead" in at_edge,
        repair_ask="repair_ask" in at_edge,
    )


def _slash_choice(ask: str) -> bool:
    return "/" in ask and SLASH_CHOICE.search(edge_lines(ask)) is not None
