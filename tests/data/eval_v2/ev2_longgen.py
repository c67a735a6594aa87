# ruff: noqa: E501
"""Seeded bulk material for the `large_context` requests: fake source trees, logs,
transcripts and exports. Deterministic for a given seed, so the JSONL is stable."""

from __future__ import annotations

import random

NOUNS = [
    "order",
    "invoice",
    "customer",
    "shipment",
    "payment",
    "account",
    "report",
    "session",
    "coupon",
    "product",
    "warehouse",
    "refund",
    "ticket",
    "user",
    "subscription",
    "audit",
]
VERBS = [
    "load",
    "save",
    "validate",
    "sync",
    "render",
    "compute",
    "export",
    "notify",
    "archive",
    "resolve",
    "merge",
    "fetch",
    "apply",
    "schedule",
    "prune",
    "reconcile",
]
PEOPLE = ["Ana", "Ben", "Chloe", "Dmitri", "Elif", "Farid", "Greta", "Hiro", "Ines", "Jonas"]
SENTENCES = [
    "I think we should look at the numbers from last quarter before deciding.",
    "The customer said the export was slow again, especially for large accounts.",
    "We could move that to the next sprint if design isn't ready.",
    "Let's not promise a date until the load test is done.",
    "Support volume went down after the onboarding change, about twelve percent.",
    "The vendor hasn't answered about the API limits yet.",
    "I'm worried about the migration window, two hours is tight.",
    "Marketing wants the feature for the spring campaign.",
    "We should write that down as an action item.",
    "Does anyone own the alerting for the batch jobs?",
    "The contract renewal depends on the SSO work, that's what they told us.",
    "I can pair with someone on that tomorrow afternoon.",
    "The new dashboard is mostly done, filters still missing.",
    "Legal asked us to keep the audit logs for seven years.",
    "We had three incidents this month, two were the same root cause.",
]


def _name(rng: random.Random) -> str:
    return f"{rng.choice(VERBS)}_{rng.choice(NOUNS)}"


def python_module(rng: random.Random, path: str, funcs: int) -> str:
    lines = [
        f"# {path}",
        '"""' + f"{rng.choice(NOUNS).title()} services." + '"""',
        "",
        "from __future__ import annotations",
        "",
        "import logging",
        "from dataclasses import dataclass",
        "",
        "log = logging.getLogger(__name__)",
        "",
    ]
    for _ in range(funcs):
        noun = rng.choice(NOUNS)
        fname = _name(rng)
        lines += [
            "",
            "@dataclass",
            f"class {noun.title()}Record{rng.randint(1, 99)}:",
            "    id: int",
            f"    {noun}_ref: str",
            f"    amount_cents: int = {rng.randint(0, 5000)}",
            "",
            "",
            f"def {fname}(repo, record, *, dry_run: bool = False):",
            f'    """{fname.replace("_", " ").capitalize()} for one record."""',
            f"    if record.amount_cents < {rng.randint(0, 100)}:",
            f'        log.warning("{noun} %s below minimum", record.id)',
            "        return None",
            f"    existing = repo.get_{noun}(record.{noun}_ref)",
            "    if existing is None and not dry_run:",
            f"        existing = repo.create_{noun}(record)",
            f"    total = sum(x.amount_cents for x in repo.list_{rng.choice(NOUNS)}s(existing.id))",
            f"    if total > {rng.randint(1000, 90000)}:",
            f'        repo.flag(existing.id, reason="{rng.choice(VERBS)} limit")',
            "    return existing",
        ]
    return "\n".join(lines) + "\n"


def ts_module(rng: random.Random, path: str, funcs: int) -> str:
    lines = [
        f"// {path}",
        "import { api } from '../lib/api';",
        "import type { Theme } from '../theme';",
        "",
    ]
    for _ in range(funcs):
        noun = rng.choice(NOUNS)
        comp = noun.title() + rng.choice(["Card", "List", "Panel", "Row", "Badge"])
        lines += [
            f"export function {comp}({{ id, theme }}: {{ id: string; theme: Theme }}) {{",
            f"  const [data, setData] = useState<{noun.title()} | null>(null);",
            f"  useEffect(() => {{ api.get(`/{noun}s/${{id}}`).then(setData); }}, [id]);",
            "  if (!data) return <Spinner />;",
            "  return (",
            f"    <div style={{{{ background: '#ffffff', color: '#{rng.randint(0, 0xFFFFFF):06x}' }}}}>",
            f"      <h3>{{data.{rng.choice(['name', 'title', 'label'])}}}</h3>",
            "      <span>{formatAmount(data.amount_cents)}</span>",
            "    </div>",
            "  );",
            "}",
            "",
        ]
    return "\n".join(lines)


def go_module(rng: random.Random, path: str, funcs: int) -> str:
    pkg = path.split("/")[-2]
    lines = [f"// {path}", f"package {pkg}", "", 'import (\n\t"context"\n\t"fmt"\n\t"time"\n)', ""]
    for _ in range(funcs):
        noun = rng.choice(NOUNS)
        verb = rng.choice(VERBS).title()
        lines += [
            f"func (s *Service) {verb}{noun.title()}(ctx context.Context, id string) error {{",
            f"\tctx, cancel := context.WithTimeout(ctx, {rng.randint(1, 30)}*time.Second)",
            "\tdefer cancel()",
            f'\tmsg, err := s.queue.Receive(ctx, "{noun}-events")',
            "\tif err != nil {",
            f'\t\treturn fmt.Errorf("{verb.lower()} {noun}: %w", err)',
            "\t}",
            f"\tif err := s.store.Upsert{noun.title()}(ctx, msg.Payload); err != nil {{",
            "\t\treturn err",
            "\t}",
            "\treturn s.queue.Ack(ctx, msg)" if rng.random() > 0.08 else "\treturn nil",
            "}",
            "",
        ]
    return "\n".join(lines)


def java_module(rng: random.Random, path: str, funcs: int) -> str:
    cls = path.rsplit("/", 1)[-1].removesuffix(".java")
    lines = [
        f"// {path}",
        "package com.acme.core;",
        "",
        "import java.util.*;",
        "",
        f"public class {cls} {{",
    ]
    for _ in range(funcs):
        noun = rng.choice(NOUNS)
        lines += [
            f"    public Optional<{noun.title()}> {rng.choice(VERBS)}{noun.title()}(long id) {{",
            "        var row = repository.findById(id).orElse(null);",
            "        if (row == null) return Optional.empty();",
            f'        eventBus.publish(new {noun.title()}Event(row.getId(), "{rng.choice(VERBS)}"));',
            "        return Optional.of(row);",
            "    }",
            "",
        ]
    lines.append("}")
    return "\n".join(lines) + "\n"


def source_tree(seed: int, kind: str, target_chars: int) -> str:
    """Concatenated files with path headers, the way tools paste a repository."""
    rng = random.Random(seed)
    maker = {"py": python_module, "ts": ts_module, "go": go_module, "java": java_module}[kind]
    ext = {"py": "py", "ts": "tsx", "go": "go", "java": "java"}[kind]
    chunks: list[str] = []
    size = 0
    while size < target_chars:
        folder = rng.choice(["core", "billing", "api", "jobs", "shipping", "accounts"])
        name = rng.choice(NOUNS).title() + rng.choice(["Service", "Handler", "Store", "Util"])
        path = f"src/{folder}/{name if kind == 'java' else name.lower()}.{ext}"
        text = f"===== {path} =====\n" + maker(rng, path, rng.randint(3, 7))
        chunks.append(text)
        size += len(text)
    return "\n".join(chunks)


def app_log(seed: int, target_chars: int, fail_at: float = 0.8) -> str:
    rng = random.Random(seed)
    out: list[str] = []
    size = 0
    t = 0
    failed = False
    while size < target_chars:
        t += rng.randint(1, 40)
        ts = f"2026-12-04T{(t // 3600) % 24:02d}:{(t // 60) % 60:02d}:{t % 60:02d}.{rng.randint(0, 999):03d}Z"
        noun = rng.choice(NOUNS)
        if not failed and size > target_chars * fail_at:
            line = (
                f"{ts} ERROR [batch-runner] job reconcile_{noun}s failed after 3 retries: "
                "psycopg.OperationalError: could not serialize access due to concurrent update"
            )
            failed = True
        else:
            level = rng.choices(["INFO", "DEBUG", "WARN"], [70, 25, 5])[0]
            line = (
                f"{ts} {level} [{rng.choice(['api', 'worker', 'scheduler', 'batch-runner'])}] "
                f"{rng.choice(VERBS)} {noun} id={rng.randint(1000, 99999)} took {rng.randint(1, 900)}ms"
            )
        out.append(line)
        size += len(line) + 1
    return "\n".join(out)


def transcript(
    seed: int,
    target_chars: int,
    people: list[str] | None = None,
    sentences: list[str] | None = None,
) -> str:
    rng = random.Random(seed)
    who = people or PEOPLE[:5]
    pool = sentences or SENTENCES
    out: list[str] = []
    size = 0
    minute = 0
    while size < target_chars:
        minute += rng.randint(0, 2)
        line = f"[{minute // 60:02d}:{minute % 60:02d}] {rng.choice(who)}: " + " ".join(
            rng.sample(pool, rng.randint(1, 3))
        )
        out.append(line)
        size += len(line) + 1
    return "\n".join(out)


def ticket_export(seed: int, target_chars: int) -> str:
    rng = random.Random(seed)
    subjects = [
        "Can't log in",
        "Charged twice",
        "Export is slow",
        "Feature idea: dark mode",
        "Invoice has wrong VAT",
        "App crashes on start",
        "How do I add a user?",
        "Cancel my subscription",
        "SSO setup question",
        "Data missing after import",
    ]
    out = ["id,created_at,customer,subject,body"]
    size = len(out[0])
    n = 0
    while size < target_chars:
        n += 1
        subj = rng.choice(subjects)
        body = " ".join(rng.sample(SENTENCES, 2)).replace(",", ";")
        line = f"T-{10000 + n},2026-11-{rng.randint(1, 30):02d},cust{rng.randint(1, 900)},{subj},{body}"
        out.append(line)
        size += len(line) + 1
    return "\n".join(out)
