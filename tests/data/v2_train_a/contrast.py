# ruff: noqa: E501
"""Contrast requests next to the code labels: the same material under another ask."""

from __future__ import annotations

from common import (
    CHAT_UI_TOOLS,
    CLI_AGENT,
    CLINE,
    CONTINUE,
    GIT_DIFF,
    IDE_TOOLS,
    OPENHANDS,
    OPENWEBUI,
    REACT,
    ROUTER_TRIAGE,
    RUN_TESTS,
    SEARCH_TICKETS,
    asst,
    call,
    case,
    result,
    sys,
    user,
)

CASES = [
    # --- tool_use: agent loops and actions, even for code work ---
    case(
        "con_tool_001",
        "tool_use",
        "en",
        "Cline-style XML tool protocol: 'add a component' is an agent action",
        [
            sys(CLINE),
            user(
                "<task>\nAdd a DarkModeToggle component to src/components and wire it into the header.\n</task>"
            ),
        ],
    ),
    case(
        "con_tool_002",
        "tool_use",
        "en",
        "OpenHands CodeAct loop with a failing test to fix: agent acts through tools",
        [
            sys(OPENHANDS),
            user(
                "The test tests/test_parser.py::test_quotes is failing in /workspace/csvkit-lite. Please make it pass."
            ),
        ],
    ),
    case(
        "con_tool_003",
        "tool_use",
        "en",
        "run the tests with a run_tests tool available",
        [
            sys(CONTINUE),
            user("run the unit tests for the billing module and tell me what fails"),
        ],
        [*IDE_TOOLS],
    ),
    case(
        "con_tool_004",
        "tool_use",
        "en",
        "CLI agent with many tools, history of tool calls, next step is a tool call",
        [
            sys(CLI_AGENT),
            user(
                "the build is broken on main, can you check what changed in the last commit and fix it"
            ),
            call("call_b1", "run_shell", '{"command": "git log -1 --stat"}'),
            result(
                "call_b1",
                "commit 9a1c2f3 (HEAD -> main)\n    bump eslint to v9\n package.json | 2 +-\n .eslintrc.json | 0\n",
            ),
            user("yeah that's the one. go ahead"),
        ],
        [*IDE_TOOLS],
    ),
    case(
        "con_tool_005",
        "tool_use",
        "en",
        "look up helpdesk tickets with the provided tool",
        [
            sys("You are the internal support assistant. Use the tools to answer from live data."),
            user("are there any open tickets about the CSV export crashing? I want the ids"),
        ],
        [SEARCH_TICKETS],
    ),
    case(
        "con_tool_006",
        "tool_use",
        "en",
        "show me the diff (tool), not a review",
        [
            sys(CONTINUE),
            user("show me what I've changed in src/api since the last commit"),
        ],
        [GIT_DIFF, RUN_TESTS],
    ),
    case(
        "con_tool_007",
        "tool_use",
        "pl",
        "jednorazowe polecenie do uruchomienia teraz",
        [
            user(
                "podaj mi komendę, którą teraz odpalę, żeby zobaczyć, który proces trzyma port 5432"
            ),
        ],
    ),
    case(
        "con_tool_008",
        "tool_use",
        "en",
        "ReAct protocol in the system prompt",
        [
            sys(REACT),
            user(
                "Question: what is the current EUR to PLN exchange rate, and how much is 1,499 EUR in PLN?"
            ),
        ],
    ),
    case(
        "con_tool_009",
        "tool_use",
        "de",
        "Agent soll Tests ausführen",
        [
            sys(CLI_AGENT),
            user("Führ bitte die Integrationstests aus und sag mir, welche rot sind."),
        ],
        [*IDE_TOOLS],
    ),
    # --- agentic_reasoning ---
    case(
        "con_agent_001",
        "agentic_reasoning",
        "en",
        "investigation across the system, not a single-code fix",
        [
            user(
                """Since Tuesday, p99 latency on checkout went from 400ms to 2.5s, but only for EU customers. Nothing obvious in the diff of the checkout service. We run: edge (Cloudflare) → API gateway → checkout → payments + inventory (both gRPC) → Postgres primary in Frankfurt with a read replica in Dublin. Tuesday we also rotated TLS certs and moved inventory to a new node pool. How would you go about finding the root cause? Give me a step-by-step investigation plan, what to measure at each hop, and what would confirm or rule out each hypothesis."""
            ),
        ],
    ),
    case(
        "con_agent_002",
        "agentic_reasoning",
        "en",
        "migration plan with trade-offs",
        [
            user(
                "We have a Django 2.2 monolith on Python 3.7 (~180k lines, 40% test coverage, Celery, a few C extensions). We need to get to Django 5 / Python 3.12 within two quarters without freezing features. Propose a migration plan: order of steps, how to de-risk each, what to do with the C extensions, and how to keep deploying weekly throughout."
            ),
        ],
    ),
    case(
        "con_agent_003",
        "agentic_reasoning",
        "pl",
        "decyzja architektoniczna",
        [
            user(
                "Zastanawiamy się, czy rozbić nasz monolit (sklep, ok. 8 programistów) na mikroserwisy, czy zostać przy modularnym monolicie. Ruch rośnie ~30% rocznie, największy problem to długie wdrożenia i konflikty w jednym repo. Przeanalizuj za i przeciw, zaproponuj kryteria decyzji i plan na najbliższe pół roku."
            ),
        ],
    ),
    case(
        "con_agent_004",
        "agentic_reasoning",
        "en",
        "debugging strategy for an intermittent failure, asking for the approach",
        [
            user("""We have a flaky integration test that fails ~1 in 30 runs in CI and never locally:

E   AssertionError: expected 3 messages on the topic, got 2

It involves Kafka (testcontainers), our consumer, and a Postgres outbox. I don't want a patch yet — I want a systematic strategy: what to instrument, how to reproduce reliably, and how to narrow down whether it's the test, the outbox relay or the consumer."""),
        ],
    ),
    case(
        "con_agent_005",
        "agentic_reasoning",
        "zh",
        "系统设计",
        [
            user(
                "我们要设计一个支持百万级用户的消息通知系统（站内信、短信、邮件、App 推送），需要支持定时发送、失败重试、用户免打扰时段和频率限制。请给出整体架构设计、关键组件的选型理由，以及分阶段的落地计划。"
            ),
        ],
    ),
    # --- summarize ---
    case(
        "con_sum_001",
        "summarize",
        "en",
        "diff into release notes",
        [
            user("""Turn this diff into two lines of release notes for users:

--- a/src/export.py
+++ b/src/export.py
@@ -10,6 +10,9 @@ def export(rows, fmt):
+    if fmt == "xlsx":
+        return _xlsx(rows)
@@ -40,3 +43,4 @@ def _csv(rows):
-    w = csv.writer(buf)
+    w = csv.writer(buf, delimiter=";")
+    buf.write("\\ufeff")"""),
        ],
    ),
    case(
        "con_sum_002",
        "summarize",
        "en",
        "summarize a CI log, failure is material not the ask",
        [
            user("""Summarize this CI run for the standup in 2–3 bullets (which jobs ran, what failed, how long):

lint ........ passed (41s)
unit ........ passed (3m12s) 1,204 tests
integration . FAILED (7m55s) 2 failed: test_refund_partial, test_refund_currency
e2e ......... skipped (depends on integration)
build-image . passed (2m03s)"""),
        ],
    ),
    case(
        "con_sum_003",
        "summarize",
        "de",
        "PR-Beschreibung zusammenfassen",
        [
            user(
                "Fass diese PR-Diskussion in drei Sätzen zusammen: Anna schlägt vor, den Cache von Redis auf lokalen LRU umzustellen, um Latenz zu sparen. Tom wendet ein, dass dann bei 6 Pods die Trefferquote sinkt und Invalidierung schwieriger wird. Anna misst nach: Trefferquote fällt von 92 % auf 71 %, p50 sinkt aber um 8 ms. Einigung: zweistufiger Cache (lokal 30 s + Redis), Tom baut die Invalidierung per Pub/Sub."
            ),
        ],
    ),
    case(
        "con_sum_004",
        "summarize",
        "en",
        "follow-up 'shorter please' after a code explanation",
        [
            user(
                "what does this do?\n\n```bash\nfind . -name '*.orig' -print0 | xargs -0 rm -f\n```"
            ),
            asst(
                "It searches the current directory tree for files whose names end in `.orig` (leftovers from merge tools), prints their names separated by NUL bytes so spaces and newlines in names are safe, and passes them to `rm -f`, which deletes them without prompting and without complaining about missing files."
            ),
            user("shorter please, one line"),
        ],
    ),
    case(
        "con_sum_005",
        "summarize",
        "es",
        "resumen de un hilo de incidencias",
        [
            user(
                "Resume en 3 puntos este hilo: Lucía reporta que el login con Google falla desde ayer. Marcos ve en los logs 'redirect_uri_mismatch'. Se descubre que el nuevo dominio app2.tienda.es no se añadió en la consola de Google. Marcos lo añade, Lucía confirma que funciona, y acuerdan documentar el paso en el checklist de despliegue."
            ),
        ],
    ),
    # --- triage ---
    case(
        "con_tri_001",
        "triage",
        "en",
        "router prompt with an error report to label",
        [
            sys(ROUTER_TRIAGE),
            user(
                "Since the last update the app crashes with 'NullReferenceException' whenever I open an invoice from last year."
            ),
        ],
    ),
    case(
        "con_tri_002",
        "triage",
        "en",
        "bug or feature? closed choice over code-ish text",
        [
            user("""Bug or feature request? Just the word.

"When I export to CSV the dates come out as 2026-12-05T00:00:00Z. Could you add an option to export them as 05.12.2026?\""""),
        ],
    ),
    case(
        "con_tri_003",
        "triage",
        "pl",
        "priorytet dla alertu",
        [
            user(
                "Jaki priorytet (P1–P4) dałbyś temu alertowi? Tylko priorytet.\n\n[ALERT] payments-api: error rate 38% (5xx) for 10 min, region eu-west-1"
            ),
        ],
    ),
    case(
        "con_tri_004",
        "triage",
        "en",
        "which team owns this stack trace",
        [
            sys(
                "Classify each incoming error into the owning team: web, mobile, payments, data. Answer with the team name only."
            ),
            user("""stripe.error.CardError: Your card's security code is incorrect.
  File "/srv/billing/charge.py", line 88, in charge_customer"""),
        ],
    ),
    case(
        "con_tri_005",
        "triage",
        "zh",
        "情感分类",
        [
            user(
                "判断下面这条用户评论的情感（正面/负面/中性），只回答一个词：\n“更新之后 App 启动慢了好多，而且老是闪退，太失望了。”"
            ),
        ],
    ),
    # --- simple_chat ---
    case(
        "con_chat_001",
        "simple_chat",
        "en",
        "thanks after a fix",
        [
            user("my loop prints the last item twice"),
            asst(
                "You're calling `print(item)` after the loop as well — `item` still holds the last value. Remove that line."
            ),
            user("ah of course, that worked! thanks a lot 🙏"),
        ],
    ),
    case(
        "con_chat_002",
        "simple_chat",
        "en",
        "short conceptual question mentioning code",
        [
            sys(OPENWEBUI),
            user(
                "what's the difference between a race condition and a deadlock, in one or two sentences?"
            ),
        ],
        CHAT_UI_TOOLS,
    ),
    case(
        "con_chat_003",
        "simple_chat",
        "es",
        "pregunta breve sobre lenguajes",
        [
            user("¿Para qué se usa normalmente Go? Solo una idea general."),
        ],
    ),
]
