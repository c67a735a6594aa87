# ruff: noqa: E501
"""Seeded generators of bulk material (logs, source files, transcripts, tables).

Used only for the few large_context requests that must carry more than ~12k tokens; the
asks around the material are written by hand. Deterministic for a given seed, so the
JSONL file is byte-stable across builds.
"""

from __future__ import annotations

import random

SERVICES = [
    "api-gateway",
    "orders",
    "payments",
    "inventory",
    "auth",
    "notifier",
    "search",
    "billing-worker",
]
LEVELS = ["INFO"] * 12 + ["DEBUG"] * 5 + ["WARN"] * 2 + ["ERROR"]
LOG_EVENTS = {
    "INFO": [
        "request completed method={m} path={p} status={s} duration_ms={d}",
        "cache hit key={k} ttl_s={t}",
        "job finished name={j} items={n} duration_ms={d}",
        "connection pool stats active={a} idle={i} waiting=0",
    ],
    "DEBUG": [
        "sql query took {d}ms rows={n}",
        "retrying outbound call attempt=1 host={h}",
        "feature flag {f}=on for tenant={tn}",
    ],
    "WARN": [
        "slow query duration_ms={d} table={tb}",
        "upstream responded 429, backing off {t}s host={h}",
        "pool near capacity active={a} max=50",
    ],
    "ERROR": [
        "upstream timeout after 10000ms host={h}",
        "failed to publish event topic={tp}: broker unavailable",
        "deadlock detected on table={tb}, transaction rolled back",
    ],
}
PATHS = [
    "/v1/orders",
    "/v1/orders/{id}",
    "/v1/cart",
    "/v1/login",
    "/v1/products",
    "/v1/search",
    "/healthz",
]
HOSTS = ["psp.example.net", "inventory.internal", "smtp.relay", "es-cluster-2", "redis-main"]
TABLES = ["orders", "order_items", "payments", "stock_levels", "sessions"]


def log_lines(seed: int, count: int, start_hour: int = 0) -> str:
    """Application log lines from several services over a day."""
    rng = random.Random(seed)
    out = []
    sec = start_hour * 3600
    for _ in range(count):
        sec += rng.randint(0, 7)
        hh, mm, ss = (sec // 3600) % 24, (sec // 60) % 60, sec % 60
        level = rng.choice(LEVELS)
        tmpl = rng.choice(LOG_EVENTS[level])
        msg = tmpl.format(
            m=rng.choice(["GET", "POST", "PUT"]),
            p=rng.choice(PATHS).replace("{id}", str(rng.randint(1000, 99999))),
            s=rng.choice([200, 200, 200, 201, 204, 400, 404, 500]),
            d=rng.randint(2, 2400),
            k=f"prod:{rng.randint(1, 9999)}",
            t=rng.randint(1, 600),
            j=rng.choice(["reindex", "cleanup_tmp", "send_digest", "sync_crm"]),
            n=rng.randint(0, 5000),
            a=rng.randint(1, 50),
            i=rng.randint(0, 20),
            h=rng.choice(HOSTS),
            f=rng.choice(["new_checkout", "dark_mode", "sepa"]),
            tn=f"t{rng.randint(1, 300)}",
            tb=rng.choice(TABLES),
            tp=rng.choice(["order.created", "payment.settled"]),
        )
        out.append(
            f"2026-12-02T{hh:02d}:{mm:02d}:{ss:02d}.{rng.randint(0, 999):03d}Z {level:<5} [{rng.choice(SERVICES)}] {msg}"
        )
    return "\n".join(out)


NOUNS = [
    "order",
    "invoice",
    "customer",
    "shipment",
    "coupon",
    "refund",
    "address",
    "cart",
    "product",
    "warehouse",
]
VERBS = [
    "load",
    "save",
    "validate",
    "compute",
    "sync",
    "render",
    "apply",
    "export",
    "merge",
    "archive",
]


def python_module(rng: random.Random, name: str) -> str:
    """A plausible Python service module with a few classes and functions."""
    noun = rng.choice(NOUNS)
    lines = [
        f'"""{name}: {noun} handling for the shop backend."""',
        "",
        "from __future__ import annotations",
        "",
        "import logging",
        "from dataclasses import dataclass",
        "",
        "log = logging.getLogger(__name__)",
        "",
    ]
    for _ in range(rng.randint(2, 4)):
        cls = noun.capitalize() + rng.choice(["Record", "Service", "Repository", "Policy", "View"])
        lines += [
            "",
            "@dataclass",
            f"class {cls}:",
            "    id: int",
            f"    {noun}_ref: str",
            "    amount_cents: int = 0",
            "",
        ]
        for _ in range(rng.randint(2, 4)):
            verb = rng.choice(VERBS)
            arg = rng.choice(NOUNS)
            lines += [
                f"    def {verb}_{arg}(self, {arg}_id: int, *, dry_run: bool = False) -> dict[str, object]:",
                f'        """{verb.capitalize()} the {arg} linked to this {noun}."""',
                f"        if {arg}_id <= 0:",
                f'            raise ValueError("{arg}_id must be positive")',
                f"        total = self.amount_cents * {rng.randint(1, 9)} // {rng.randint(1, 9)}",
                f'        log.debug("{verb} %s for %s", {arg}_id, self.{noun}_ref)',
                f'        return {{"{arg}": {arg}_id, "total": total, "dry_run": dry_run}}',
                "",
            ]
    for _ in range(rng.randint(1, 3)):
        verb, arg = rng.choice(VERBS), rng.choice(NOUNS)
        lines += [
            "",
            f"def {verb}_all_{arg}s(items: list[dict[str, int]]) -> int:",
            f'    """{verb.capitalize()} every {arg} in the batch and count successes."""',
            "    ok = 0",
            "    for item in items:",
            f'        if item.get("{arg}_id", 0) > 0:',
            "            ok += 1",
            "    return ok",
            "",
        ]
    return "\n".join(lines)


def ts_module(rng: random.Random, name: str) -> str:
    """A plausible TypeScript React/service file."""
    noun = rng.choice(NOUNS)
    cap = noun.capitalize()
    lines = [
        f"// {name}",
        "import { useEffect, useState } from 'react';",
        "import { api } from '../lib/api';",
        "",
        f"export interface {cap} {{",
        "  id: string;",
        "  createdAt: string;",
        "  status: 'draft' | 'active' | 'archived';",
        "  totalCents: number;",
        "}",
        "",
    ]
    for _ in range(rng.randint(2, 4)):
        verb = rng.choice(VERBS)
        lines += [
            f"export async function {verb}{cap}(id: string): Promise<{cap}> {{",
            f"  const res = await api.get(`/{noun}s/${{id}}/{verb}`);",
            "  if (!res.ok) {",
            f"    throw new Error(`{verb} {noun} failed: ${{res.status}}`);",
            "  }",
            f"  return (await res.json()) as {cap};",
            "}",
            "",
        ]
    lines += [
        f"export function {cap}List({{ ids }}: {{ ids: string[] }}) {{",
        f"  const [items, setItems] = useState<{cap}[]>([]);",
        "  useEffect(() => {",
        f"    Promise.all(ids.map((id) => load{cap}(id))).then(setItems);",
        "  }, [ids]);",
        "  return (",
        "    <ul>",
        "      {items.map((it) => (",
        "        <li key={it.id}>{it.status} — {(it.totalCents / 100).toFixed(2)}</li>",
        "      ))}",
        "    </ul>",
        "  );",
        "}",
        "",
    ]
    return "\n".join(lines)


def go_module(rng: random.Random, name: str) -> str:
    noun = rng.choice(NOUNS)
    cap = noun.capitalize()
    lines = [
        f"// {name}",
        f"package {noun}",
        "",
        "import (",
        '\t"context"',
        '\t"database/sql"',
        '\t"fmt"',
        ")",
        "",
        f"type {cap} struct {{",
        "\tID     int64",
        "\tRef    string",
        "\tAmount int64",
        "}",
        "",
        "type Store struct{ db *sql.DB }",
        "",
    ]
    for _ in range(rng.randint(2, 4)):
        verb = rng.choice(VERBS).capitalize()
        lines += [
            f"func (s *Store) {verb}{cap}(ctx context.Context, id int64) (*{cap}, error) {{",
            f'\trow := s.db.QueryRowContext(ctx, "SELECT id, ref, amount FROM {noun}s WHERE id = $1", id)',
            f"\tvar out {cap}",
            "\tif err := row.Scan(&out.ID, &out.Ref, &out.Amount); err != nil {",
            f'\t\treturn nil, fmt.Errorf("{verb.lower()} {noun} %d: %w", id, err)',
            "\t}",
            "\treturn &out, nil",
            "}",
            "",
        ]
    return "\n".join(lines)


def repo_dump(seed: int, files: int, kind: str = "python") -> str:
    """Several files concatenated the way people paste a repository (path header + fenced body)."""
    rng = random.Random(seed)
    chunks = []
    for n in range(files):
        noun = rng.choice(NOUNS)
        if kind == "python":
            path = f"src/shop/{noun}s/{rng.choice(VERBS)}_{n}.py"
            body, lang = python_module(rng, path), "python"
        elif kind == "ts":
            path = f"web/src/features/{noun}s/{rng.choice(VERBS).capitalize()}{n}.tsx"
            body, lang = ts_module(rng, path), "tsx"
        else:
            path = f"internal/{noun}/{rng.choice(VERBS)}_{n}.go"
            body, lang = go_module(rng, path), "go"
        chunks.append(f"### {path}\n```{lang}\n{body}\n```")
    return "\n\n".join(chunks)


SPEAKERS = ["Alex", "Bea", "Chen", "Dorota", "Emil", "Farah"]
TOPICS = [
    "the migration of the billing database",
    "hiring for the platform team",
    "the Q1 roadmap",
    "customer churn in the SMB segment",
    "the incident on Tuesday",
    "the new pricing page",
    "vendor contract renewals",
    "on-call load",
    "the mobile release",
    "test flakiness",
]
SENTENCES = [
    "I think we should revisit {t} before we commit to anything.",
    "From my side, {t} is mostly on track, but there's a dependency on legal.",
    "Can we get numbers on {t} by next week?",
    "Honestly {t} has been dragging and people are frustrated.",
    "We agreed last time that {t} would have an owner, and I'm not sure it does.",
    "My concern with {t} is the cost, not the timeline.",
    "If we push {t} to February, what do we lose?",
    "I'll take the action item on {t}.",
    "Let's park {t} and come back to it after the offsite.",
    "The data on {t} looks better than we expected, actually.",
]


def transcript(seed: int, turns: int) -> str:
    """A long meeting transcript with timestamps and recurring topics."""
    rng = random.Random(seed)
    out = []
    sec = 0
    for _ in range(turns):
        sec += rng.randint(5, 40)
        who = rng.choice(SPEAKERS)
        said = " ".join(
            rng.choice(SENTENCES).format(t=rng.choice(TOPICS)) for _ in range(rng.randint(1, 3))
        )
        out.append(f"[{sec // 3600:02d}:{(sec // 60) % 60:02d}:{sec % 60:02d}] {who}: {said}")
    return "\n".join(out)


def csv_rows(seed: int, rows: int) -> str:
    """An orders export as CSV."""
    rng = random.Random(seed)
    out = ["order_id,created_at,country,channel,items,total_eur,status,refund_eur"]
    for n in range(rows):
        status = rng.choice(["paid"] * 8 + ["refunded", "cancelled"])
        total = round(rng.uniform(5, 400), 2)
        refund = total if status == "refunded" else 0
        out.append(
            f"{100000 + n},2026-11-{rng.randint(1, 30):02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d},{rng.choice(['DE', 'PL', 'ES', 'FR', 'NL', 'IT'])},{rng.choice(['web', 'ios', 'android', 'marketplace'])},{rng.randint(1, 9)},{total},{status},{refund}"
        )
    return "\n".join(out)


def chat_export(seed: int, messages: int) -> str:
    """A support chat export with many customers (for large triage/summary asks)."""
    rng = random.Random(seed)
    issues = [
        "my invoice shows the wrong VAT number",
        "the app logs me out every few minutes",
        "I want to cancel my subscription",
        "the thermostat is offline since the update",
        "can I get a discount for a yearly plan",
        "delivery is late by a week",
        "I was charged twice",
        "how do I add a second user",
        "the camera stream freezes at night",
        "the password reset email never arrives",
    ]
    out = []
    for n in range(messages):
        out.append(
            f"--- conversation {n + 1} (customer #{rng.randint(10000, 99999)}, {rng.choice(['en', 'de', 'pl', 'es'])}) ---"
        )
        out.append(
            f"customer: Hi, {rng.choice(issues)}. {rng.choice(['Please help.', 'This is the second time.', 'Thanks in advance.', 'Really annoying.'])}"
        )
        out.append(
            f"agent: {rng.choice(['Sorry to hear that!', 'Thanks for reaching out.', 'Let me check.'])} {rng.choice(['I have escalated this.', 'Could you send a screenshot?', 'This should be fixed now.', 'I have issued a refund.'])}"
        )
        if rng.random() < 0.5:
            out.append(
                f"customer: {rng.choice(['ok thanks', 'still not working', 'great, solved', 'when will it be fixed?'])}"
            )
    return "\n".join(out)
