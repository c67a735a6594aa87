"""The coding-agent workload of ``bench/pressure.py``: concurrent Claude Code-shaped sessions.

Each session is one agent working on one project through the OpenAI chat face, as a
plain client sends it (``model: "auto"``, no ``router`` object): a long system prompt
(a base part every session shares, then the session's own project notes: ``CLAUDE.md``,
the environment, ``git status``), a dozen tool definitions, ``max_tokens`` 32000, and a
message history that grows turn after turn. A turn is the assistant's answer to the
history so far; most answers are tool calls, whose result comes back as a ``tool``
message followed by a short ``<system-reminder>`` user message, and now and then the
assistant answers in text and the user gives the next instruction.

Everything is drawn from the seed, before the run: every text, every size, the pause
before each turn (the tool running, the user thinking) and each answer's length, which
reaches the simulator as a completion plan keyed on the turn's last user message (each
is unique). The history holds the drawn assistant messages, not what the simulator
answered, so every setup sends exactly the same turns, whatever it answered, and a
failed turn does not change what follows. Sizes are counted as the router and the
simulator count them, four characters a token.
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from ollama_agent_router.simulator.plan import last_user_text, plan_key

CHARS_PER_TOKEN: Final = 4
#: The true task type of every turn (for *perfect labels* and the fit of the answer).
LABEL: Final = "agentic_reasoning"
#: What Claude Code asks on every turn.
MAX_TOKENS: Final = 32000
#: The part of the system prompt every session shares, and each session's own part.
SHARED_SYSTEM_TOKENS: Final = 16_000
PROJECT_TOKENS: Final = (3_000, 8_000)
#: The first instruction, later instructions, and the reminders after tool results.
TASK_TOKENS: Final = (120, 400)
INSTRUCTION_TOKENS: Final = (40, 250)
REMINDER_TOKENS: Final = (30, 120)
#: Share of answers that call a tool (the last turn of a session always answers in text).
TOOL_SHARE: Final = 0.85
#: Answer lengths: lognormal means (tokens), sigma 0.6.
TOOL_ANSWER_MEAN: Final = 160
TEXT_ANSWER_MEAN: Final = 400
ANSWER_SIGMA: Final = 0.6
#: Tools the assistant calls: weight and the mean size of their result (tokens).
TOOL_CALLS: Final[dict[str, tuple[float, int]]] = {
    "Read": (0.35, 1500),
    "Bash": (0.22, 400),
    "Edit": (0.18, 150),
    "Grep": (0.12, 300),
    "Glob": (0.06, 120),
    "Write": (0.04, 40),
    "TodoWrite": (0.03, 40),
}
RESULT_SIGMA: Final = 0.7
RESULT_MAX_TOKENS: Final = 8000
#: Pauses before a turn (seconds): the tool running, the user reading and typing, and
#: the gap between two sessions' starts (exponential).
TOOL_PAUSE_MEAN_S: Final = 1.0
USER_PAUSE_MEAN_S: Final = 5.0
PAUSE_SIGMA: Final = 0.8
PAUSE_MAX_S: Final = 20.0
START_GAP_MEAN_S: Final = 2.0

TOOL_DEFINITIONS: Final[dict[str, tuple[int, dict[str, str]]]] = {
    # name: (description tokens, parameters: name -> JSON type)
    "Task": (700, {"description": "string", "prompt": "string", "subagent_type": "string"}),
    "Bash": (550, {"command": "string", "timeout": "number", "description": "string"}),
    "Glob": (120, {"pattern": "string", "path": "string"}),
    "Grep": (350, {"pattern": "string", "path": "string", "glob": "string"}),
    "LS": (80, {"path": "string"}),
    "Read": (250, {"file_path": "string", "offset": "number", "limit": "number"}),
    "Edit": (300, {"file_path": "string", "old_string": "string", "new_string": "string"}),
    "MultiEdit": (350, {"file_path": "string", "edits": "array"}),
    "Write": (150, {"file_path": "string", "content": "string"}),
    "WebFetch": (200, {"url": "string", "prompt": "string"}),
    "TodoWrite": (450, {"todos": "array"}),
    "WebSearch": (120, {"query": "string"}),
}

_WORD_TEXT: Final = (
    "the a an to of and or in on for with when before after always never must should "
    "file files code change changes test tests user request tool tools command output "
    "repository branch commit diff function class module import error errors fix bug "
    "read write edit search pattern path directory project task tasks plan step steps "
    "answer concise clear explain run check verify lint type build format style rule "
    "rules context message messages memory session agent model result results value "
    "values config option options default line lines block comment docs example "
    "examples instead only each every first then next last keep avoid prefer use using"
)
_WORDS: Final = tuple(_WORD_TEXT.split())
_IDENT_TEXT: Final = (
    "router model queue slot load state config client server request reply cache "
    "index table count limit total name path item entry value result error event"
)
_IDENTS: Final = tuple(_IDENT_TEXT.split())
_STATEMENTS: Final = (
    "def {a}_{b}({c}, {d}):",
    "    return {a}.{b}({c})",
    "    if {a} is None:",
    "        {a} = {b}[{n}]",
    "    for {a} in {b}_{c}:",
    "        yield {a}, {b}",
    "import {a}.{b}",
    "class {A}{B}:",
    "    {a}_{b}: int = {n}",
    "    # {a} the {b} before the {c}",
    '    raise {A}Error(f"{a} {{{b}}}")',
    "",
)


def tokens(text: str) -> int:
    """Four characters a token, as the router and the simulator count."""
    return -(-len(text) // CHARS_PER_TOKEN)


def prose(rng: random.Random, count: int) -> str:
    """``count`` tokens of instruction-like text (exactly ``count`` × 4 characters)."""
    chars = count * CHARS_PER_TOKEN
    parts: list[str] = []
    size = 0
    while size < chars:
        words = rng.choices(_WORDS, k=rng.randint(6, 18))
        line = " ".join(words).capitalize() + "."
        if rng.random() < 0.15:
            line = f"\n## {rng.choice(_WORDS).capitalize()} {rng.choice(_WORDS)}\n{line}"
        parts.append(line)
        size += len(line) + 1
    return "\n".join(parts)[:chars]


def code(rng: random.Random, count: int, *, numbered: bool = True) -> str:
    """``count`` tokens of source text, ``cat -n`` style when ``numbered``."""
    chars = count * CHARS_PER_TOKEN
    lines: list[str] = []
    size = 0
    number = rng.randint(1, 400)
    while size < chars:
        a, b, c, d = rng.choices(_IDENTS, k=4)
        line = rng.choice(_STATEMENTS).format(
            a=a, b=b, c=c, d=d, A=a.capitalize(), B=b.capitalize(), n=rng.randint(0, 99)
        )
        if numbered:
            line = f"{number:>6}\t{line}"
        lines.append(line)
        size += len(line) + 1
        number += 1
    return "\n".join(lines)[:chars]


def _lognormal(rng: random.Random, mean: float, sigma: float, cap: float) -> float:
    return min(cap, rng.lognormvariate(math.log(mean) - sigma**2 / 2, sigma))


def tool_definitions(seed: int) -> list[dict[str, Any]]:
    """The tools every turn sends (the same for all sessions of a run)."""
    rng = random.Random(f"{seed}:agents:tools")
    out = []
    for name, (size, params) in TOOL_DEFINITIONS.items():
        properties = {
            param: {"type": kind, "description": prose(rng, 12)} for param, kind in params.items()
        }
        out.append(
            {
                "type": "function",
                "function": {
                    "name": name,
                    "description": prose(rng, size),
                    "parameters": {
                        "type": "object",
                        "properties": properties,
                        "required": list(params)[:1],
                    },
                },
            }
        )
    return out


def shared_system(seed: int) -> str:
    rng = random.Random(f"{seed}:agents:system")
    head = (
        "You are an interactive CLI tool that helps users with software engineering "
        "tasks. Use the instructions below and the tools available to you to assist "
        "the user.\n"
    )
    return head + prose(rng, SHARED_SYSTEM_TOKENS - tokens(head))


def project_notes(rng: random.Random, session: int) -> str:
    """The session's own end of the system prompt: project notes, env, git status."""
    size = rng.randint(*PROJECT_TOKENS)
    env = (
        f"\n<env>\nWorking directory: /home/dev/project-{session}\nIs directory a git "
        f"repo: Yes\nPlatform: linux\n</env>\ngitStatus: branch feature/{session}-"
        f"{rng.randrange(16**6):06x}\n"
    )
    notes = "\n# Project instructions (CLAUDE.md)\n"
    return notes + prose(rng, size - tokens(notes) - tokens(env)) + env


@dataclass(frozen=True, slots=True)
class Turn:
    """One request of a session: the whole history up to and including the new
    messages, the answer's length, and the pause before it is sent."""

    session: int
    index: int
    messages: list[dict[str, Any]]
    completion_tokens: int
    pause_s: float
    #: The tool the drawn answer calls (None: it answers in text).
    tool: str | None

    @property
    def id(self) -> str:
        return f"s{self.session}-t{self.index}"

    @property
    def key(self) -> str:
        """Its completion-plan key, as the simulator computes it."""
        return plan_key(last_user_text(self.messages))

    def prompt_tokens(self, tools: Sequence[dict[str, Any]]) -> int:
        """The prompt as the router sizes it: message texts, tool calls and tools."""
        chars = len(json.dumps(list(tools)))
        for message in self.messages:
            chars += len(message.get("content") or "")
            if message.get("tool_calls"):
                chars += len(json.dumps(message["tool_calls"]))
        return -(-chars // CHARS_PER_TOKEN)


@dataclass(frozen=True, slots=True)
class Session:
    index: int
    turns: tuple[Turn, ...]


def _answer(
    rng: random.Random, session: int, turn: int, size: int, tool: str | None
) -> dict[str, Any]:
    """The assistant message the history records for a drawn answer of ``size`` tokens."""
    if tool is None:
        return {"role": "assistant", "content": prose(rng, size)}
    path = f"src/{rng.choice(_IDENTS)}/{rng.choice(_IDENTS)}.py"
    text_size = max(1, size // 3)
    rest = max(1, size - text_size)
    arguments: dict[str, Any]
    if tool == "Read":
        arguments = {"file_path": path}
    elif tool == "Bash":
        arguments = {"command": f"pytest -q tests/{rng.choice(_IDENTS)}", "description": "Run"}
    elif tool == "Edit":
        half = max(1, rest // 2)
        arguments = {
            "file_path": path,
            "old_string": code(rng, half, numbered=False),
            "new_string": code(rng, half, numbered=False),
        }
    elif tool == "Write":
        arguments = {"file_path": path, "content": code(rng, rest, numbered=False)}
    elif tool == "TodoWrite":
        arguments = {"todos": [{"content": prose(rng, 12), "status": "in_progress"}]}
    else:  # Grep, Glob
        arguments = {"pattern": f"{rng.choice(_IDENTS)}_{rng.choice(_IDENTS)}", "path": "src"}
    call = {
        "id": f"call_{session}_{turn}",
        "type": "function",
        "function": {"name": tool, "arguments": json.dumps(arguments)},
    }
    return {"role": "assistant", "content": prose(rng, text_size), "tool_calls": [call]}


def _result(rng: random.Random, tool: str) -> str:
    mean = TOOL_CALLS[tool][1]
    size = max(5, round(_lognormal(rng, mean, RESULT_SIGMA, RESULT_MAX_TOKENS)))
    if tool == "Read":
        return code(rng, size)
    if tool == "Edit":
        head = "The file has been updated. Here's the result of running `cat -n` on a snippet:\n"
        return head + code(rng, max(1, size - tokens(head)))
    if tool in ("Write", "TodoWrite"):
        return "Done: the change was saved. " + prose(rng, max(1, size - 7))
    return prose(rng, size)


def _reminder(rng: random.Random, session: int, turn: int) -> str:
    body = prose(rng, rng.randint(*REMINDER_TOKENS))
    return (
        f"<system-reminder>\nSession {session}, step {turn}: the todo list has changed. "
        f"{body}\n</system-reminder>"
    )


def build_session(
    seed: int, session: int, turns: int, system: str, *, pauses: bool = True, start_s: float = 0
) -> Session:
    """One session's ``turns`` turns, all drawn from ``seed`` and ``session``."""
    if turns < 1:
        raise ValueError("a session has at least one turn")
    rng = random.Random(f"{seed}:agents:session:{session}")
    history: list[dict[str, Any]] = [
        {"role": "system", "content": system + project_notes(rng, session)},
        {"role": "user", "content": prose(rng, rng.randint(*TASK_TOKENS))},
    ]
    out: list[Turn] = []
    pause = start_s
    for index in range(turns):
        last = index == turns - 1
        tool = None
        if not last and rng.random() < TOOL_SHARE:
            tool = rng.choices(list(TOOL_CALLS), weights=[w for w, _ in TOOL_CALLS.values()])[0]
        mean = TEXT_ANSWER_MEAN if tool is None else TOOL_ANSWER_MEAN
        size = max(1, round(_lognormal(rng, mean, ANSWER_SIGMA, MAX_TOKENS)))
        out.append(Turn(session, index, list(history), size, pause if pauses else 0.0, tool))
        history.append(_answer(rng, session, index, size, tool))
        if tool is not None:
            call_id = history[-1]["tool_calls"][0]["id"]
            history.append({"role": "tool", "tool_call_id": call_id, "content": _result(rng, tool)})
            history.append({"role": "user", "content": _reminder(rng, session, index + 1)})
            pause = _lognormal(rng, TOOL_PAUSE_MEAN_S, PAUSE_SIGMA, PAUSE_MAX_S)
        else:
            history.append(
                {"role": "user", "content": prose(rng, rng.randint(*INSTRUCTION_TOKENS))}
            )
            pause = _lognormal(rng, USER_PAUSE_MEAN_S, PAUSE_SIGMA, PAUSE_MAX_S)
    return Session(session, tuple(out))


def build(sessions: int, turns: int, seed: int, *, pauses: bool = True) -> list[Session]:
    """The run: ``sessions`` sessions of ``turns`` turns; their starts spread by seeded
    exponential gaps (none without ``pauses``)."""
    if sessions < 1:
        raise ValueError("at least one session")
    system = shared_system(seed)
    gaps = random.Random(f"{seed}:agents:starts")
    out = []
    start = 0.0
    for index in range(sessions):
        out.append(build_session(seed, index, turns, system, pauses=pauses, start_s=start))
        start += gaps.expovariate(1 / START_GAP_MEAN_S)
    keys = [turn.key for session in out for turn in session.turns]
    if len(set(keys)) != len(keys):
        raise ValueError("two turns share a last user message: plan keys collide")
    return out


def plan_of(sessions: Sequence[Session]) -> dict[str, int]:
    """What the bench registers with the simulator: ``POST /_sim/plan``."""
    return {turn.key: turn.completion_tokens for s in sessions for turn in s.turns}
