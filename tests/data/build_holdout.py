# ruff: noqa: E501  -- hand-written request text and generated material keep their own line lengths
"""Build tests/data/classification_holdout.jsonl — the independent, hand-written hold-out set.

Usage:  python tests/data/build_holdout.py [--check]

The short and medium requests are written by hand in holdout_cases_*.py. The long
large_context requests wrap a hand-written ask around material produced by the
deterministic generators in holdout_longgen.py (fixed seeds, so the output is
byte-for-byte reproducible). EVALUATION ONLY: never train on it or tune rules to it.
"""

from __future__ import annotations

import collections
import gzip
import json
import math
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import holdout_longgen as g  # noqa: E402
from holdout_cases_1 import SIMPLE_CHAT, SUMMARIZE, TRIAGE  # noqa: E402
from holdout_cases_2 import CODE_FIX, CODE_GENERATE, CODE_REVIEW  # noqa: E402
from holdout_cases_3 import AGENTIC_REASONING, TOOL_USE  # noqa: E402
from holdout_common import CHAT_UI_TOOLS, A, C, S, U  # noqa: E402

LABELS = [
    "triage",
    "simple_chat",
    "summarize",
    "code_generate",
    "code_review",
    "code_fix",
    "agentic_reasoning",
    "large_context",
    "tool_use",
]
OUT = HERE / "classification_holdout.jsonl"
LONG = 53_000  # characters of generated material per long request (> ~12k tokens)

REPO_MAP_SYS = """You are an expert software engineer working in the user's git repository.
Repository map (ranked by relevance):

app/auth.py: current_user, verify_signature
app/container.py: Container
app/orders/api.py: router, read_order, process_order
app/orders/service.py: OrderService.expire_stale, OrderService.process
app/billing/service.py: BillingService
app/billing/invoices.py: render_invoice, InvoiceNumberer
app/notify/email.py: send_template
tests/...: 214 files
(the map is truncated; ask for files you need)"""


def long_cases() -> list[dict]:
    crash = [
        "WARN  [orders] db pool stats: active=20 idle=0 waiting=37",
        "WARN  [orders] request queue depth 512 exceeds soft limit 256",
        "ERROR [orders] GET /v1/orders/88412 500 30001ms: pool timeout after 30000ms",
        "ERROR [orders] GET /v1/orders/10277 500 30002ms: pool timeout after 30000ms",
        "WARN  [orders] heap usage 94% (3.76 GiB / 4.00 GiB)",
        "ERROR [orders] java.lang.OutOfMemoryError: Java heap space",
        "ERROR [orders] \tat com.acme.orders.export.CsvExporter.writeAll(CsvExporter.java:141)",
        "ERROR [orders] \tat com.acme.orders.export.ExportJob.run(ExportJob.java:58)",
        "INFO  [orders] shutting down (signal=SIGKILL received from kubelet, reason=OOMKilled)",
        "INFO  [api-gateway] upstream orders marked unhealthy (3 consecutive failures)",
    ]
    checkout_down = [
        "ERROR [billing] payments-provider TLS handshake failed: x509: certificate has expired or is not yet valid",
        "ERROR [api-gateway] POST /v1/checkout 502 12ms upstream=billing",
        "ERROR [billing] circuit breaker payments-provider OPEN (failures=50 in 60s)",
        "ERROR [api-gateway] POST /v1/checkout 502 9ms upstream=billing",
        "WARN  [notifier] 212 order confirmation emails deferred",
        "INFO  [billing] config reload: trust bundle updated (ca-bundle 2024-05-02)",
        "INFO  [billing] circuit breaker payments-provider HALF_OPEN",
        "INFO  [billing] circuit breaker payments-provider CLOSED",
    ]
    ci_failure = """    def test_applies_coupon_once(client, cart_with_items):
        client.post("/cart/coupon", json={"code": "SPRING10"})
        client.post("/cart/coupon", json={"code": "SPRING10"})
        total = client.get("/cart").json()["total_cents"]
>       assert total == 9000
E       assert 8100 == 9000

tests/checkout/test_checkout_4.py:88: AssertionError"""
    py1 = g.python_repo(101, LONG)
    return [
        C(
            "large_context",
            "security review over a pasted repo (>12k tokens)",
            [
                S("You are a meticulous application security reviewer."),
                U(
                    "Here is our order service. Do a security review — anything exploitable, and how bad?\n\n"
                    + py1
                ),
            ],
        ),
        C(
            "large_context",
            "explain a flow across many pasted files",
            [
                U(
                    g.ts_repo(102, LONG)
                    + "\n\nWalk me through how the access token gets refreshed across these files, and what happens if two requests get a 401 at the same time."
                ),
            ],
        ),
        C(
            "large_context",
            "long log, asks about a crash",
            [
                U(
                    "The orders service died a bit after 3am last night. Full log below. What happened?\n\n"
                    + g.app_log(103, LONG, "2024-05-14T02:58:00", crash, 0.85)
                ),
            ],
        ),
        C(
            "large_context",
            "long meeting transcript to summarize",
            [
                U(
                    g.transcript(104, LONG, "en", "14:00")
                    + "\n\nSummarize this all-hands: decisions, owners, open questions."
                ),
            ],
        ),
        C(
            "large_context",
            "long CI log with a buried failure",
            [
                U(
                    "CI is red on main, here's the whole job log. what broke?\n\n"
                    + g.ci_log(105, LONG, ci_failure)
                ),
            ],
        ),
        C(
            "large_context",
            "multi-turn: huge paste earlier, short fix ask last",
            [
                U(
                    "I'm going to paste our service, just read it for now.\n\n"
                    + g.python_repo(106, LONG, style="xml")
                ),
                A(
                    "Got it — I've read the files: models, repositories, services and FastAPI routers per entity, plus tests. What would you like to do?"
                ),
                U("some of the dataclasses put a defaulted field before required ones? fix those"),
            ],
        ),
        C(
            "large_context",
            "Polish: long transcript to summarize",
            [
                U(
                    "Streść to spotkanie: najważniejsze decyzje i kto co ma zrobić.\n\n"
                    + g.transcript(107, LONG, "pl", "10:00")
                ),
            ],
            lang="pl",
        ),
        C(
            "large_context",
            "German: long log, what happened",
            [
                U(
                    "Was ist hier passiert? Der Checkout war gestern zwischen 14:00 und 14:20 nicht erreichbar. Hier das Log:\n\n"
                    + g.app_log(108, LONG, "2024-05-02T13:41:00", checkout_down, 0.5)
                ),
            ],
            lang="de",
        ),
        C(
            "large_context",
            "Chinese: explain architecture of pasted repo",
            [
                U(
                    "解释一下这个项目的整体架构，以及各模块之间的依赖关系：\n\n"
                    + g.python_repo(109, LONG, style="header", pkg="svc")
                ),
            ],
            lang="zh",
        ),
        C(
            "large_context",
            "Spanish: top problems across a long ticket export",
            [
                U(
                    "Te paso la exportación de tickets de abril y mayo. ¿Cuáles son los problemas más frecuentes? Dame un top 5 con ejemplos.\n\n"
                    + g.tickets_es(110, LONG)
                ),
            ],
            lang="es",
        ),
        C(
            "large_context",
            "review a huge mechanical PR diff",
            [
                U(
                    "Review this PR please. It's ~180 files, mostly mechanical (structured logging + timeouts). Find the hunks that are NOT mechanical or that change behaviour.\n\n"
                    + g.big_diff(111, LONG)
                ),
            ],
        ),
        C(
            "large_context",
            "scraper detection over a long access log",
            [
                U(
                    g.access_log(112, LONG)
                    + "\n\nwhich IPs look like scrapers here, and what nginx limit_req rules would you add?"
                ),
            ],
        ),
        C(
            "large_context",
            "javax to jakarta migration over many files",
            [
                S("You are a Java migration assistant. Output unified diffs."),
                U(
                    "Migrate these files from javax.* to jakarta.* for Jakarta EE 10:\n\n"
                    + g.java_repo(113, LONG)
                ),
            ],
        ),
        C(
            "large_context",
            "chat UI with attached document and generic tools",
            [
                S(
                    "You are a helpful assistant.\n\nUse the following context from the user's uploaded file 'gateway-2024-05-20.log':\n<context>\n"
                    + g.app_log(114, LONG, "2024-05-20T08:00:00")
                    + "\n</context>"
                ),
                U("anything unusual in this log?"),
            ],
            tools=CHAT_UI_TOOLS,
        ),
    ]


def short_whole_repo_cases() -> list[dict]:
    return [
        C(
            "large_context",
            "whole codebase: find SQL concatenation",
            [
                U(
                    "Go through the entire codebase and list every place we build SQL by string concatenation."
                ),
            ],
        ),
        C(
            "large_context",
            "refactor across all modules of the repo",
            [
                U(
                    "Refactor all modules in this repo to use structlog instead of the stdlib logging module, keep the log levels."
                ),
            ],
        ),
        C(
            "large_context",
            "explain the whole repo under repo-map prompt",
            [
                S(REPO_MAP_SYS),
                U("I'm new on the team. Explain how this whole repository fits together."),
            ],
        ),
        C(
            "large_context",
            "Polish: dead code across the repo",
            [
                U("Przejrzyj całe repozytorium i znajdź martwy kod, którego nikt nie wywołuje."),
            ],
            lang="pl",
        ),
        C(
            "large_context",
            "German: whole codebase Python 2 leftovers",
            [
                U(
                    "Analysiere die gesamte Codebasis: wo verwenden wir noch Python-2-Syntax oder six?"
                ),
            ],
            lang="de",
        ),
        C(
            "large_context",
            "Spanish: dependencies across the repository",
            [
                U(
                    "Revisa todo el repositorio y dime qué dependencias están desactualizadas o no se usan en ningún sitio."
                ),
            ],
            lang="es",
        ),
        C(
            "large_context",
            "Chinese: untested modules across codebase",
            [
                U("通读整个代码库，找出所有没有单元测试覆盖的模块。"),
            ],
            lang="zh",
        ),
        C(
            "large_context",
            "monorepo-wide dependency audit",
            [
                U(
                    "audit all 140 services in our monorepo for log4j 1.x and list which ones still pull it in"
                ),
            ],
        ),
        C(
            "large_context",
            "docstrings for every function in the project",
            [
                U("generate docstrings for every public function in the project, all packages"),
            ],
        ),
        C(
            "large_context",
            "codebase-wide rename",
            [
                S(REPO_MAP_SYS),
                U(
                    "Across the whole codebase, rename customer_id to account_id — models, SQL, API schemas, tests, fixtures, everything."
                ),
            ],
        ),
        C(
            "large_context",
            "mixed Polish/English codebase overview",
            [
                U(
                    "zrób mi overview całego codebase'u: entry points, main modules, how data flows between them"
                ),
            ],
            lang="pl",
        ),
        C(
            "large_context",
            "Continue @codebase question",
            [
                S(
                    "You are a coding assistant inside VS Code. The user may reference @codebase to query the whole indexed workspace."
                ),
                U("@codebase where is rate limiting implemented and is it applied to every route?"),
            ],
        ),
        C(
            "large_context",
            "follow-up widens a file review to the whole repo",
            [
                U(
                    "# TODO: remove after migration\ndef legacy_price(p):\n    return p * 1.23  # FIXME hardcoded VAT\n\nare these TODOs still relevant?"
                ),
                A(
                    "The FIXME is real: VAT is hardcoded at 23%, which is wrong for non-PL customers. The TODO depends on whether the pricing migration finished — check if anything still calls legacy_price."
                ),
                U(
                    "ok, now do the same for the whole repo: every TODO and FIXME, grouped by module and how urgent they look"
                ),
            ],
        ),
        C(
            "large_context",
            "error handling consistency file by file",
            [
                U(
                    "How consistent is error handling across this codebase? Go through it file by file."
                ),
            ],
        ),
        C(
            "large_context",
            "German: tests for the complete project",
            [
                U("Schreib Unit-Tests für das komplette Projekt, für jede Datei im Repository."),
            ],
            lang="de",
        ),
        C(
            "large_context",
            "Spanish: port the entire project from Flask",
            [
                S(REPO_MAP_SYS),
                U(
                    "Quiero pasar todo el proyecto de Flask a FastAPI: todos los blueprints, todo el código del repositorio."
                ),
            ],
            lang="es",
        ),
    ]


def all_cases() -> list[dict]:
    by_label = {
        "triage": TRIAGE,
        "simple_chat": SIMPLE_CHAT,
        "summarize": SUMMARIZE,
        "code_generate": CODE_GENERATE,
        "code_review": CODE_REVIEW,
        "code_fix": CODE_FIX,
        "agentic_reasoning": AGENTIC_REASONING,
        "large_context": long_cases() + short_whole_repo_cases(),
        "tool_use": TOOL_USE,
    }
    rows = []
    for label in LABELS:
        for n, case in enumerate(by_label[label], 1):
            assert case["label"] == label, (label, case["note"])
            row = {"id": f"h-{label}-{n}", "messages": case["messages"]}
            if "tools" in case:
                row["tools"] = case["tools"]
            row["label"] = label
            row["note"] = case["note"]
            rows.append((row, case["lang"]))
    return rows


def text_len(row: dict) -> int:
    total = 0
    for m in row["messages"]:
        c = m.get("content")
        if isinstance(c, str):
            total += len(c) + 1
        elif isinstance(c, list):
            total += sum(len(p.get("text", "")) for p in c) + 1
    return total


def main() -> None:
    rows = all_cases()
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r, _ in rows).encode("utf-8")
    if len(data) > 1_000_000:
        target = OUT.with_suffix(".jsonl.gz")
        target.write_bytes(gzip.compress(data, mtime=0))
    else:
        target = OUT
        target.write_bytes(data)
    print(f"wrote {target.name}: {len(rows)} requests, {len(data)} bytes")
    by_label = collections.Counter(r["label"] for r, _ in rows)
    by_lang = collections.Counter(lang for _, lang in rows)
    lang_label = collections.Counter((r["label"], lang) for r, lang in rows if lang != "en")
    multi = sum(
        1
        for r, _ in rows
        if sum(m["role"] == "user" for m in r["messages"]) > 1
        or any(m["role"] in ("assistant", "tool") for m in r["messages"])
    )
    tools = sum(1 for r, _ in rows if r.get("tools"))
    sysp = sum(1 for r, _ in rows if r["messages"][0]["role"] == "system")
    big = [r["id"] for r, _ in rows if math.ceil(text_len(r) / 4) > 12000]
    print("per label:", dict(by_label))
    print("per language:", dict(by_lang))
    print(
        "non-English per label:",
        {lab: sum(v for (ll, _), v in lang_label.items() if ll == lab) for lab in LABELS},
    )
    print(
        f"multi-turn: {multi}  with tools: {tools}  with system prompt: {sysp}  > 12k tokens: {len(big)}"
    )


if __name__ == "__main__":
    main()
