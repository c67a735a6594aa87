# ruff: noqa: E501
"""The second batch of labelled requests (added to the first by ``build_dataset.py``).

Written to broaden what the classifier learns from: new wording and domains, the five
languages, agent and chat-UI system prompts of our own, multi-turn histories where the
last turn decides, and the boundaries where error-shaped text is material for another
ask (labelling, summarising, reviewing, planning, generating) rather than a failure to
fix. Deterministic: it draws from the builder's seeded generator.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import fresh_boundaries as FB
import fresh_context_misc as M
import fresh_intent as FI
import fresh_prompts as FP
import fresh_reasoning_code as R
import fresh_triage_summarize as TS
from longtext import bulk

if TYPE_CHECKING:
    from build_dataset import Builder

Msg = dict[str, Any]

CODE_SYSTEMS = [FP.EDITOR_AGENT, FP.IDE_ASSISTANT, FP.DEV_HELPER, FP.PLAIN_HELPER]
CHAT_SYSTEMS = [FP.CHAT_UI, FP.PLAIN_HELPER]
TRACE_CONTEXT = (
    "Traceback (most recent call last):\n"
    '  File "/srv/app/sync.py", line 212, in run\n'
    "    batch = client.fetch(cursor)\n"
    '  File "/srv/app/client.py", line 64, in fetch\n'
    "    raise UpstreamTimeout(url)\n"
    "app.errors.UpstreamTimeout: https://partner.example.com/v2/items"
)


def _system(b: Builder, systems: list[str], p: float) -> list[Msg]:
    return [{"role": "system", "content": b.pick(systems)}] if b.rng.random() < p else []


def _ui_tools(b: Builder, p: float) -> list[dict[str, Any]] | None:
    return FP.GENERIC_UI_TOOLS if b.rng.random() < p else None


def _reply(text: str) -> Msg:
    return {"role": "assistant", "content": text}


def triage(b: Builder) -> None:
    for i, item in enumerate(TS.TRIAGE_ITEMS):
        router = FP.ROUTERS[i % len(FP.ROUTERS)]
        b.add("triage", [{"role": "system", "content": router}, b.user(item)])
        text = b.join(b.pick(TS.TRIAGE_ASKS), item)
        b.add("triage", [*_system(b, CHAT_SYSTEMS, 0.4), b.user(text)], _ui_tools(b, 0.25))
        ask = TS.TRIAGE_ASKS[(i * 7 + 3) % len(TS.TRIAGE_ASKS)]
        b.add("triage", [*_system(b, CODE_SYSTEMS, 0.3), b.user(f"{item}\n\n{ask}")])
    for text in TS.TRIAGE_DIRECT:
        b.add("triage", [*_system(b, CHAT_SYSTEMS, 0.3), b.user(text)], _ui_tools(b, 0.2))
    # An earlier turn was about something else; the last turn asks for a label.
    for i, item in enumerate(TS.TRIAGE_ITEMS[:6]):
        msgs = [
            b.user(b.pick(R.GENERATE)),
            _reply("Here is a first version:\n```python\ndef run():\n    ...\n```"),
            b.user(f"Unrelated: {TS.TRIAGE_ASKS[i].lower()}\n\n{item}"),
        ]
        b.add("triage", msgs)


def summarize(b: Builder) -> None:
    for i, body in enumerate(TS.SUMMARY_TEXTS):
        for k in range(3):
            ask = TS.SUMMARY_ASKS[(i * 3 + k * 7) % len(TS.SUMMARY_ASKS)]
            msgs = [*_system(b, CHAT_SYSTEMS + CODE_SYSTEMS[1:], 0.35), b.user(b.join(ask, body))]
            b.add("summarize", msgs, _ui_tools(b, 0.2))
    for text in TS.SUMMARY_DIRECT:
        b.add("summarize", [*_system(b, CHAT_SYSTEMS, 0.3), b.user(text)], _ui_tools(b, 0.15))
    for i, follow in enumerate(TS.SHORTER_FOLLOWUPS):
        body = TS.SUMMARY_TEXTS[(i * 5 + 1) % len(TS.SUMMARY_TEXTS)]
        msgs = [
            b.user(f"{TS.SUMMARY_ASKS[i]}\n\n{body}"),
            _reply(
                "Summary:\n- "
                + body[:180].replace("\n", " ")
                + "…\n- "
                + body[-120:].replace("\n", " ")
            ),
            b.user(follow),
        ]
        b.add("summarize", msgs)


def agentic(b: Builder) -> None:
    for text in R.AGENTIC:
        msgs = [*_system(b, [*CHAT_SYSTEMS, FP.DEV_HELPER], 0.35), b.user(text)]
        b.add("agentic_reasoning", msgs, _ui_tools(b, 0.15))
    for i, follow in enumerate(R.AGENTIC_AFTER_FAILURE):
        msgs = [
            b.user(f"{TRACE_CONTEXT}\n\nwhy?" if i % 2 else M.FAILURES[i]),
            _reply(
                "The call times out; wrap it in a retry with backoff and raise the timeout to 30s."
            ),
            b.user(follow),
        ]
        b.add("agentic_reasoning", msgs)
    for ask in [
        "This timeout shows up a few times a day and only for one partner. Don't fix it yet — what's a sensible plan to find out whether it's us or them?",
        "We see this in prod intermittently. What hypotheses would you rank first, and what data should we collect before changing anything?",
        "Zanim cokolwiek poprawimy: jak zaplanować diagnozę tego problemu?",
        "¿Qué estrategia seguirías para averiguar la causa raíz de esto antes de tocar el código?",
    ]:
        b.add("agentic_reasoning", [b.user(b.join(ask, TRACE_CONTEXT))])


def code_generate(b: Builder) -> None:
    for text in R.GENERATE:
        msgs = [*_system(b, CODE_SYSTEMS, 0.45), b.user(text)]
        b.add("code_generate", msgs, _ui_tools(b, 0.1))
    for text in R.GENERATE[::4]:
        b.add("code_generate", [{"role": "system", "content": FP.EDITOR_AGENT}, b.user(text)])
    for i, follow in enumerate(R.GENERATE_FOLLOWUPS):
        msgs = [
            b.user(R.GENERATE[i * 5 % len(R.GENERATE)]),
            _reply(
                "Here you go:\n```python\ndef parse(text: str) -> float:\n    return float(text.replace(',', '.'))\n```"
            ),
            b.user(follow),
        ]
        b.add("code_generate", msgs)


def code_review(b: Builder) -> None:
    for i, body in enumerate(R.REVIEW_BODIES):
        for k in range(4):
            ask = R.REVIEW_ASKS[(i * 4 + k * 5) % len(R.REVIEW_ASKS)]
            fenced = f"```\n{body}\n```" if (i + k) % 2 else body
            msgs = [*_system(b, CODE_SYSTEMS, 0.35), b.user(b.join(ask, fenced))]
            b.add("code_review", msgs, _ui_tools(b, 0.1))


def large_context(b: Builder) -> None:
    systems = [FP.EDITOR_AGENT, FP.IDE_ASSISTANT, FP.DEV_HELPER]
    for text in M.REPO_ASKS:
        b.add("large_context", [*_system(b, systems, 0.4), b.user(text)])
    kinds = ["log", "python", "typescript", "document", "transcript"]
    for i, ask in enumerate(M.LONG_ASKS):
        body = bulk(kinds[i % len(kinds)], 3000 + i, 52_000 + (i * 6151) % 40_000)
        msgs = [b.user(b.join(ask, body))]
        if i % 3 == 0:
            msgs = [b.user(body), _reply("Received. What should I do with it?"), b.user(ask)]
        b.add("large_context", msgs)


def code_fix(b: Builder) -> None:
    for i, text in enumerate(M.FAILURES):
        msgs = [*_system(b, CODE_SYSTEMS, 0.4), b.user(text)]
        if i % 3 == 2:
            msgs = [
                b.user(R.GENERATE[i % len(R.GENERATE)]),
                _reply("Sure, here is an implementation:\n```python\ndef main():\n    ...\n```"),
                b.user(text),
            ]
        b.add("code_fix", msgs, _ui_tools(b, 0.1))
    for text in M.FAILURES[::3]:
        b.add("code_fix", [{"role": "system", "content": FP.EDITOR_AGENT}, b.user(text)])


def chat(b: Builder) -> None:
    for text in M.CHAT:
        b.add("simple_chat", [*_system(b, CHAT_SYSTEMS, 0.5), b.user(text)], _ui_tools(b, 0.4))
    for thanks in [
        "perfect, thanks!",
        "dzięki, o to chodziło",
        "super, danke dir",
        "gracias, ya funciona",
    ]:
        msgs = [
            b.user(b.pick(TS.SUMMARY_DIRECT)),
            _reply("Here is the summary you asked for."),
            b.user(thanks),
        ]
        b.add("simple_chat", msgs, _ui_tools(b, 0.3))


def tool_use(b: Builder) -> None:
    tools = {
        "home": FP.HOME_TOOLS,
        "calendar": FP.CALENDAR_TOOLS,
        "db": FP.DB_TOOLS,
        "tickets": FP.TICKET_TOOLS,
    }
    for key, text in M.TOOL_REQUESTS:
        b.add("tool_use", [*_system(b, CHAT_SYSTEMS, 0.3), b.user(text)], tools[key])
    for i, task in enumerate(M.AGENT_TASKS):
        system = FP.CLI_AGENT if i % 2 == 0 else FP.SANDBOX_AGENT
        b.add("tool_use", [{"role": "system", "content": system}, b.user(task)])
    msgs: list[Msg] = [
        {"role": "system", "content": FP.SANDBOX_AGENT},
        b.user(M.AGENT_TASKS[3]),
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "c1",
                    "type": "function",
                    "function": {
                        "name": "execute_bash",
                        "arguments": json.dumps({"command": "make test"}),
                    },
                }
            ],
        },
        {
            "role": "tool",
            "tool_call_id": "c1",
            "content": "FAILED tests/test_io.py::test_read - FileNotFoundError: fixtures/a.csv",
        },
    ]
    b.add("tool_use", msgs)


def boundaries(b: Builder) -> None:
    for text in FB.TRIAGE:
        b.add("triage", [*_system(b, CHAT_SYSTEMS + CODE_SYSTEMS[1:], 0.4), b.user(text)])
    for text in FB.GENERATE:
        b.add("code_generate", [*_system(b, CODE_SYSTEMS, 0.4), b.user(text)], _ui_tools(b, 0.1))
    for ask, code in FB.REVIEW:
        fenced = f"```\n{code}\n```" if b.rng.random() < 0.6 else code
        b.add("code_review", [*_system(b, CODE_SYSTEMS, 0.35), b.user(b.join(ask, fenced))])
    for text in FB.SUMMARIZE:
        b.add("summarize", [*_system(b, CHAT_SYSTEMS, 0.3), b.user(text)], _ui_tools(b, 0.15))


def intent_batch(b: Builder) -> None:
    """Third batch: the ask decides what error-, code- and log-shaped material is for."""
    for body, asks in zip(FI.SUMMARY_BODIES, FI.SUMMARY_ASKS, strict=True):
        for ask in asks:
            msgs = [*_system(b, CHAT_SYSTEMS + CODE_SYSTEMS[1:], 0.3), b.user(b.join(ask, body))]
            b.add("summarize", msgs, _ui_tools(b, 0.15))
    for text in FI.SUMMARY_DIRECT + FI.MORE_SUMMARY:
        b.add("summarize", [*_system(b, CHAT_SYSTEMS, 0.3), b.user(text)], _ui_tools(b, 0.15))
    for first, reply, follow in FI.SUMMARY_FOLLOWUPS:
        b.add("summarize", [b.user(first), _reply(reply), b.user(follow)])
    for ask, code in FI.REVIEW_CASES + FI.MORE_REVIEW:
        fenced = f"```\n{code}\n```" if b.rng.random() < 0.5 else code
        b.add("code_review", [*_system(b, CODE_SYSTEMS, 0.35), b.user(b.join(ask, fenced))])
    for text in FI.GENERATE + FI.MORE_GENERATE:
        b.add("code_generate", [*_system(b, CODE_SYSTEMS, 0.4), b.user(text)], _ui_tools(b, 0.1))
    for i, text in enumerate(FI.TRIAGE + FI.MORE_TRIAGE):
        system = (
            [{"role": "system", "content": FP.ROUTERS[i % len(FP.ROUTERS)]}] if i % 5 == 0 else []
        )
        b.add("triage", [*(system or _system(b, CHAT_SYSTEMS, 0.3)), b.user(text)])
    for text in FI.FIX:
        b.add("code_fix", [*_system(b, CODE_SYSTEMS, 0.35), b.user(text)], _ui_tools(b, 0.1))


def build_fresh(b: Builder) -> None:
    for step in (
        triage,
        summarize,
        agentic,
        code_generate,
        code_review,
        large_context,
        code_fix,
        chat,
        tool_use,
        boundaries,
        intent_batch,
    ):
        step(b)
