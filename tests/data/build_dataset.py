# ruff: noqa: E501
"""Build the labelled classification dataset from the hand-written fragments.

Run: ``.venv/bin/python tests/data/build_dataset.py`` → writes
``tests/data/classification.jsonl.gz`` (one request per line: ``id``, ``messages``,
``tools`` when present, ``label``). The output is deterministic (fixed seed).

Labels follow SPEC §2: the last user turn decides; >12k tokens or whole-repository asks
are ``large_context``; needed tools, tool protocols and agent loops are ``tool_use``.
"""

from __future__ import annotations

import gzip
import json
import random
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import fragments_asks as A
import fragments_code as C
import fragments_prompts as P
import fragments_tools as T
from build_fresh import build_fresh
from longtext import bulk

OUT = Path(__file__).resolve().parent / "classification.jsonl.gz"

Msg = dict[str, Any]

ASSISTANT_CODE_REPLY = [
    "Here's a version that should work:\n\n```python\ndef load(path):\n    with open(path) as f:\n        return json.load(f)\n```",
    "Try changing the import to `from app.models import User` and restart the dev server.",
    "The problem is the missing `await` before `fetchData()`. Add it and the promise resolves.",
    "You need to close the channel after the producers are done: `go func() { wg.Wait(); close(ch) }()`.",
    "Set `ALTER TABLE orders ALTER COLUMN total TYPE numeric(12,2);` and re-run the migration.",
]
ASSISTANT_CHAT_REPLY = [
    "Sure! What would you like to know?",
    "Happy to help. Could you tell me a bit more?",
    "That's a great question — here is a short overview.",
]


class Builder:
    def __init__(self, seed: int = 8) -> None:
        self.rng = random.Random(seed)
        self.rows: list[dict[str, Any]] = []
        self.counts: dict[str, int] = {}

    def add(
        self, label: str, messages: list[Msg], tools: list[dict[str, Any]] | None = None
    ) -> None:
        n = self.counts.get(label, 0) + 1
        self.counts[label] = n
        row: dict[str, Any] = {"id": f"{label}-{n:03d}", "messages": messages}
        if tools:
            row["tools"] = tools
        row["label"] = label
        self.rows.append(row)

    def pick(self, items: list[Any]) -> Any:
        return self.rng.choice(items)

    def user(self, text: str) -> Msg:
        # Some clients send content parts instead of a plain string.
        if self.rng.random() < 0.1:
            return {"role": "user", "content": [{"type": "text", "text": text}]}
        return {"role": "user", "content": text}

    def wrap(
        self, text: str, *, systems: list[str] | None = None, p_system: float = 0.35
    ) -> list[Msg]:
        msgs: list[Msg] = []
        if systems and self.rng.random() < p_system:
            msgs.append({"role": "system", "content": self.pick(systems)})
        msgs.append(self.user(text))
        return msgs

    def generic_tools(self, p: float) -> list[dict[str, Any]] | None:
        return self.pick(P.GENERIC_TOOLS) if self.rng.random() < p else None

    def join(self, ask: str, body: str) -> str:
        if not ask:
            return body
        r = self.rng.random()
        if r < 0.45:
            return f"{ask}\n\n{body}"
        if r < 0.9:
            return f"{body}\n\n{ask}"
        return f"{ask}\n```\n{body}\n```"


def build_code_fix(b: Builder) -> None:
    coding_systems = [*P.GENERIC_SYSTEMS, P.CONTINUE_LIKE, P.AIDER_LIKE]
    for i, trace in enumerate(C.TRACES):
        for k in range(2 if i % 3 == 0 else 1):
            text = b.join(b.pick(C.TRACE_ASKS), trace)
            msgs = b.wrap(text, systems=coding_systems, p_system=0.4)
            if k == 1 or b.rng.random() < 0.2:
                # An earlier generate turn; the last user turn reports the failure.
                msgs = [
                    {"role": "user", "content": b.pick(A.CODE_GENERATE)},
                    {"role": "assistant", "content": b.pick(ASSISTANT_CODE_REPLY)},
                    *msgs[-1:],
                ]
            b.add("code_fix", msgs, b.generic_tools(0.15))
    for bug in C.BEHAVIOUR_BUGS:
        text = b.join(b.pick(C.FIX_CONTEXT_ASKS), bug)
        b.add("code_fix", b.wrap(text, systems=coding_systems), b.generic_tools(0.1))
    for error in C.SHORT_ERRORS:
        ask = b.pick(["", "", "?", "hm", "why", "what now", "jak to naprawić", "was tun?", "ayuda"])
        b.add("code_fix", [b.user(f"{error} {ask}".strip())])
    # Long CI logs that end in a failure, below the large-context threshold.
    for seed in range(4):
        log = bulk("log", 100 + seed, 9000 + 4000 * seed)
        tail = C.TRACES[[0, 4, 17, 20][seed]]
        ask = ["CI failed again, log below", "", "Nightly build broke:", "Co się stało z buildem?"][
            seed
        ]
        b.add("code_fix", [b.user(f"{ask}\n{log}\n{tail}".strip())])


def build_code_review(b: Builder) -> None:
    systems = [*P.GENERIC_SYSTEMS, P.CONTINUE_LIKE]
    bodies = C.SNIPPETS + C.DIFFS
    for i in range(52):
        body = bodies[i % len(bodies)]
        text = b.join(b.pick(A.CODE_REVIEW_ASKS), body)
        msgs = b.wrap(text, systems=systems)
        if b.rng.random() < 0.12:
            msgs = [
                {"role": "user", "content": b.pick(A.CHAT)},
                {"role": "assistant", "content": b.pick(ASSISTANT_CHAT_REPLY)},
                *msgs,
            ]
        b.add("code_review", msgs, b.generic_tools(0.15))


def build_summarize(b: Builder) -> None:
    for i in range(34):
        body = A.TEXTS[i % len(A.TEXTS)]
        text = b.join(b.pick(A.SUMMARIZE_ASKS), body)
        b.add("summarize", b.wrap(text, systems=P.GENERIC_SYSTEMS), b.generic_tools(0.15))
    for i, template in enumerate(A.SUMMARIZE_FULL * 2):
        b.add("summarize", [b.user(template.format(diff=C.DIFFS[(i * 2 + 1) % len(C.DIFFS)]))])
    for i, follow in enumerate(A.SHORTER_FOLLOWUPS):
        body = A.TEXTS[(i * 5 + 2) % len(A.TEXTS)]
        msgs = [
            b.user(f"{b.pick(A.SUMMARIZE_ASKS)}\n\n{body}"),
            {"role": "assistant", "content": "Here is a summary: " + body[:260] + "…"},
            b.user(follow),
        ]
        b.add("summarize", msgs)
    for ask in ["Can you summarize our conversation so far?", "Podsumuj naszą rozmowę w punktach."]:
        msgs = [
            b.user(b.pick(A.AGENTIC)),
            {
                "role": "assistant",
                "content": "First, measure where the time goes. Then split the work into phases: inventory, pilot, rollout. "
                * 3,
            },
            b.user("ok and what about the database part?"),
            {
                "role": "assistant",
                "content": "For the database, start with read replicas, then move writes table by table behind a feature flag. "
                * 3,
            },
            b.user(ask),
        ]
        b.add("summarize", msgs)


def build_code_generate(b: Builder) -> None:
    systems = [*P.GENERIC_SYSTEMS, P.CONTINUE_LIKE, P.AIDER_LIKE]
    for ask in A.CODE_GENERATE:
        msgs = b.wrap(ask, systems=systems, p_system=0.4)
        if b.rng.random() < 0.12:
            msgs = [
                {"role": "user", "content": b.pick(A.CHAT)},
                {"role": "assistant", "content": b.pick(ASSISTANT_CHAT_REPLY)},
                *msgs[-1:],
            ]
        b.add("code_generate", msgs, b.generic_tools(0.15))
    # A follow-up that adds a feature to code written earlier in the conversation.
    for follow in [
        "now add a unit test for it",
        "Add type hints and a docstring to it, and make it async.",
        "Dodaj jeszcze obsługę błędów i logowanie.",
        "Jetzt bitte noch eine Version, die auch Unterordner durchsucht.",
        "Ahora añade un parámetro opcional para el separador.",
    ]:
        msgs = [
            b.user(b.pick(A.CODE_GENERATE)),
            {"role": "assistant", "content": b.pick(ASSISTANT_CODE_REPLY)},
            b.user(follow),
        ]
        b.add("code_generate", msgs)


def build_agentic(b: Builder) -> None:
    for ask in A.AGENTIC:
        b.add("agentic_reasoning", b.wrap(ask, systems=P.GENERIC_SYSTEMS), b.generic_tools(0.12))
    for ask in [
        "We fixed that one, but now it fails differently on every third deploy. Before changing more code, how do we approach finding the real cause?",
        "ok, given all that, what's the migration plan? Phases and rollback points please.",
        "Dobra, to jaką architekturę byś wybrał i w jakiej kolejności to wdrażać?",
        "Given the constraints above, which option would you pick and why? Think it through.",
        "Bevor wir weitermachen: welche Hypothesen sollten wir in welcher Reihenfolge prüfen?",
    ]:
        msgs = [
            b.user(b.pick(C.TRACES) + "\n\nwhat is this"),
            {"role": "assistant", "content": b.pick(ASSISTANT_CODE_REPLY)},
            b.user(ask),
        ]
        b.add("agentic_reasoning", msgs)


def build_triage(b: Builder) -> None:
    for i, item in enumerate(A.TRIAGE_ITEMS + A.TRIAGE_ITEMS[:10]):
        system = P.ROUTER_SYSTEMS[i % len(P.ROUTER_SYSTEMS)]
        b.add("triage", [{"role": "system", "content": system}, b.user(item)])
    for ask in A.TRIAGE_DIRECT:
        b.add("triage", b.wrap(ask, systems=P.GENERIC_SYSTEMS, p_system=0.2))


def build_chat(b: Builder) -> None:
    for ask in A.CHAT:
        b.add("simple_chat", b.wrap(ask, systems=P.GENERIC_SYSTEMS), b.generic_tools(0.3))
    for thanks in A.THANKS:
        msgs = [
            b.user(b.join(b.pick(C.TRACE_ASKS), b.pick(C.TRACES))),
            {"role": "assistant", "content": b.pick(ASSISTANT_CODE_REPLY)},
            b.user(thanks),
        ]
        b.add("simple_chat", msgs, b.generic_tools(0.3))
    for hello in ["hi", "Hey there!", "Dzień dobry!", "what can you do?", "Guten Abend"]:
        b.add("simple_chat", [b.user(hello)], b.pick(list(P.DOMAIN_TOOLS.values())))


def build_tool_use(b: Builder) -> None:
    for key, text in T.DOMAIN_REQUESTS:
        b.add(
            "tool_use", b.wrap(text, systems=P.GENERIC_SYSTEMS, p_system=0.3), P.DOMAIN_TOOLS[key]
        )
    for text in T.SEARCH_NEEDED:
        b.add("tool_use", [b.user(text)], b.pick(P.GENERIC_TOOLS))
    for i, task in enumerate(T.AGENT_TASKS):
        system = P.CLINE_LIKE if i % 2 == 0 else P.OPENHANDS_LIKE
        b.add(
            "tool_use",
            [
                {"role": "system", "content": system},
                b.user(f"<task>\n{task}\n</task>" if i % 4 == 0 else task),
            ],
        )
    for i, (tool, arg, result) in enumerate(T.TOOL_RESULTS):
        task = T.AGENT_TASKS[i * 3 % len(T.AGENT_TASKS)]
        tools = P.DOMAIN_TOOLS["files"] + P.DOMAIN_TOOLS["shell"]
        msgs: list[Msg] = [
            {
                "role": "system",
                "content": "You are a coding agent. Use the tools to complete the task.",
            },
            b.user(task),
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "id": f"call_{i}",
                        "type": "function",
                        "function": {"name": tool, "arguments": json.dumps({"path": arg})},
                    }
                ],
            },
            {"role": "tool", "tool_call_id": f"call_{i}", "content": result},
        ]
        b.add("tool_use", msgs, tools)
    for text in T.JSON_CALL_REQUESTS:
        b.add("tool_use", [{"role": "system", "content": P.JSON_CALL_LIKE}, b.user(text)])
    for text in T.REACT_REQUESTS:
        b.add("tool_use", [{"role": "system", "content": P.REACT_LIKE}, b.user(text)])
    for text in T.SCHEMA_JSON_REQUESTS:
        b.add("tool_use", [b.user(text)])
    for text in A.COMMAND_NOW:
        b.add("tool_use", b.wrap(text, systems=P.GENERIC_SYSTEMS, p_system=0.2))


def build_large_context(b: Builder) -> None:
    for ask in A.REPO_ASKS:
        b.add(
            "large_context",
            b.wrap(ask, systems=[P.CONTINUE_LIKE, *P.GENERIC_SYSTEMS], p_system=0.3),
        )
    kinds = ["log", "python", "typescript", "document", "transcript"]
    for i in range(28):
        kind = kinds[i % len(kinds)]
        body = bulk(kind, 1000 + i, 50_000 + (i * 7919) % 60_000)
        ask = A.LONG_ASKS[i % len(A.LONG_ASKS)]
        if i % 4 == 3:
            # The bulk sits in an earlier turn; the last turn is short.
            msgs = [
                b.user(f"Here is the material:\n{body}"),
                {"role": "assistant", "content": "Got it. What would you like me to do with it?"},
                b.user(ask),
            ]
        else:
            msgs = [b.user(b.join(ask, body))]
        if i % 5 == 1:
            msgs.insert(0, {"role": "system", "content": P.CONTINUE_LIKE})
        b.add("large_context", msgs)


def build() -> list[dict[str, Any]]:
    b = Builder()
    for step in (
        build_code_fix,
        build_code_review,
        build_summarize,
        build_code_generate,
        build_agentic,
        build_triage,
        build_chat,
        build_tool_use,
        build_large_context,
        build_fresh,
    ):
        step(b)
    return b.rows


def main() -> None:
    rows = build()
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["label"]] = counts.get(row["label"], 0) + 1
    print(f"{len(rows)} requests → {OUT.name} ({OUT.stat().st_size // 1024} KiB)")
    for label, n in sorted(counts.items()):
        print(f"  {label:18} {n}")


if __name__ == "__main__":
    main()
