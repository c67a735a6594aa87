# ruff: noqa: E501  -- hand-written request text and generated material keep their own line lengths
"""Deterministic generators of long, realistic material for the large_context hold-out cases.

Every generator takes a seed and a target size in characters and returns plain text.
Evaluation only (see README_holdout.md).
"""

from __future__ import annotations

import datetime as _dt
import random

ENTITIES = [
    "invoice",
    "customer",
    "shipment",
    "product",
    "warehouse",
    "coupon",
    "refund",
    "subscription",
    "session",
    "payment",
    "report",
    "supplier",
    "basket",
    "review",
    "address",
    "tenant",
    "webhook",
    "export",
    "notification",
    "audit_entry",
]
FIELD_POOL = [
    ("id", "int"),
    ("created_at", "datetime"),
    ("updated_at", "datetime"),
    ("status", "str"),
    ("amount_cents", "int"),
    ("currency", "str"),
    ("email", "str"),
    ("name", "str"),
    ("country", "str"),
    ("external_ref", "str | None"),
    ("notes", "str"),
    ("quantity", "int"),
    ("tenant_id", "int"),
    ("is_active", "bool"),
    ("expires_at", "datetime | None"),
    ("retries", "int"),
    ("payload", "dict"),
    ("sku", "str"),
    ("weight_grams", "int"),
]


def _camel(s: str) -> str:
    return "".join(p.capitalize() for p in s.split("_"))


def _py_model(r: random.Random, ent: str) -> str:
    fields = r.sample(FIELD_POOL, r.randint(4, 8))
    if ("id", "int") not in fields:
        fields.insert(0, ("id", "int"))
    fields.sort(key=lambda f: f[1] == "dict" or "None" in f[1])  # defaulted fields last
    lines = [
        "from __future__ import annotations",
        "",
        "from dataclasses import dataclass, field",
        "from datetime import datetime",
        "",
        "",
        "@dataclass",
        f"class {_camel(ent)}:",
        f'    """A {ent.replace("_", " ")} as stored in the `{ent}s` table."""',
        "",
    ]
    for name, typ in fields:
        if typ == "dict":
            lines.append(f"    {name}: dict = field(default_factory=dict)")
        elif "None" in typ:
            lines.append(f"    {name}: {typ} = None")
        else:
            lines.append(f"    {name}: {typ}")
    lines += [
        "",
        "    def to_row(self) -> dict:",
        "        return {" + ", ".join(f'"{n}": self.{n}' for n, _ in fields) + "}",
        "",
    ]
    if any(n == "status" for n, _ in fields):
        st = r.choice(
            [
                ["pending", "active", "closed"],
                ["new", "paid", "refunded", "void"],
                ["queued", "sent", "failed"],
            ]
        )
        lines += [
            "    @property",
            "    def is_open(self) -> bool:",
            f"        return self.status in ({st[0]!r}, {st[1]!r})",
            "",
        ]
    return "\n".join(lines)


def _py_repo(r: random.Random, ent: str) -> str:
    cls = _camel(ent)
    conc = r.random() < 0.25  # some modules concatenate SQL, as real code bases do
    where = (
        (
            f'        sql = "SELECT * FROM {ent}s WHERE tenant_id = " + str(tenant_id) + " AND status = \'" + status + "\'"\n'
            f"        rows = self.db.fetch_all(sql)\n"
        )
        if conc
        else (
            f"        rows = self.db.fetch_all(\n"
            f'            "SELECT * FROM {ent}s WHERE tenant_id = %s AND status = %s ORDER BY id LIMIT %s",\n'
            f"            (tenant_id, status, limit),\n        )\n"
        )
    )
    return f'''import logging

from .models import {cls}

log = logging.getLogger(__name__)


class {cls}Repository:
    """Persistence for {ent.replace("_", " ")}s."""

    def __init__(self, db):
        self.db = db

    def get(self, {ent}_id: int) -> {cls} | None:
        row = self.db.fetch_one("SELECT * FROM {ent}s WHERE id = %s", ({ent}_id,))
        return {cls}(**row) if row else None

    def list_by_status(self, tenant_id: int, status: str, limit: int = {r.choice([50, 100, 200, 500])}) -> list[{cls}]:
{where}        log.debug("loaded %d {ent}s for tenant %s", len(rows), tenant_id)
        return [{cls}(**row) for row in rows]

    def save(self, obj: {cls}) -> None:
        row = obj.to_row()
        cols = ", ".join(row)
        marks = ", ".join(["%s"] * len(row))
        self.db.execute(
            f"INSERT INTO {ent}s ({{cols}}) VALUES ({{marks}}) ON CONFLICT (id) DO UPDATE SET updated_at = now()",
            tuple(row.values()),
        )

    def delete(self, {ent}_id: int) -> bool:
        return self.db.execute("DELETE FROM {ent}s WHERE id = %s", ({ent}_id,)) > 0
'''


def _py_service(r: random.Random, ent: str) -> str:
    cls = _camel(ent)
    other = r.choice([e for e in ENTITIES if e != ent])
    retry = r.choice([3, 5, 8])
    return f'''import time
from datetime import datetime, timedelta, timezone

from ..{other}.repository import {_camel(other)}Repository
from .repository import {cls}Repository

MAX_RETRIES = {retry}
GRACE = timedelta(days={r.choice([1, 3, 7, 14, 30])})


class {cls}Service:
    def __init__(self, repo: {cls}Repository, {other}s: {_camel(other)}Repository, clock=time.time):
        self.repo = repo
        self.{other}s = {other}s
        self.clock = clock

    def expire_stale(self, tenant_id: int) -> int:
        """Close {ent.replace("_", " ")}s that have been pending longer than the grace period."""
        now = datetime.now(timezone.utc)
        closed = 0
        for item in self.repo.list_by_status(tenant_id, "pending"):
            if item.created_at + GRACE < now:
                item.status = "closed"
                self.repo.save(item)
                closed += 1
        return closed

    def process(self, {ent}_id: int) -> bool:
        item = self.repo.get({ent}_id)
        if item is None:
            raise LookupError(f"{ent} {{{ent}_id}} not found")
        for attempt in range(1, MAX_RETRIES + 1):
            try:
                self._apply(item)
                return True
            except TimeoutError:
                time.sleep(min(2 ** attempt, 30))
        return False

    def _apply(self, item) -> None:
        linked = self.{other}s.get(getattr(item, "{other}_id", 0) or 0)
        if linked is not None and getattr(linked, "is_active", True) is False:
            raise ValueError("linked {other} is inactive")
        item.status = "active"
        self.repo.save(item)
'''


def _py_api(r: random.Random, ent: str) -> str:
    cls = _camel(ent)
    auth = r.random() < 0.7
    dep = ", user=Depends(current_user)" if auth else ""
    return f'''from fastapi import APIRouter, Depends, HTTPException

from ..auth import current_user
from .service import {cls}Service

router = APIRouter(prefix="/{ent.replace("_", "-")}s", tags=["{ent}"])


def get_service() -> {cls}Service:
    from ..container import container
    return container.{ent}_service()


@router.get("/{{item_id}}")
def read_{ent}(item_id: int, svc: {cls}Service = Depends(get_service){dep}):
    item = svc.repo.get(item_id)
    if item is None:
        raise HTTPException(status_code=404, detail="{ent} not found")
    return item.to_row()


@router.post("/{{item_id}}/process")
def process_{ent}(item_id: int, svc: {cls}Service = Depends(get_service){dep}):
    ok = svc.process(item_id)
    return {{"ok": ok}}


@router.delete("/{{item_id}}")
def delete_{ent}(item_id: int, svc: {cls}Service = Depends(get_service)):
    if not svc.repo.delete(item_id):
        raise HTTPException(status_code=404)
    return {{"deleted": item_id}}
'''


def _py_test(r: random.Random, ent: str) -> str:
    cls = _camel(ent)
    return f"""from datetime import datetime, timedelta, timezone
from unittest.mock import MagicMock

from app.{ent}.service import {cls}Service


def make_item(**kw):
    item = MagicMock()
    item.created_at = kw.get("created_at", datetime.now(timezone.utc) - timedelta(days=40))
    item.status = kw.get("status", "pending")
    return item


def test_expire_stale_closes_old_items():
    repo = MagicMock()
    repo.list_by_status.return_value = [make_item(), make_item(created_at=datetime.now(timezone.utc))]
    svc = {cls}Service(repo, MagicMock())
    assert svc.expire_stale(tenant_id=1) == 1


def test_process_missing_raises():
    repo = MagicMock()
    repo.get.return_value = None
    svc = {cls}Service(repo, MagicMock())
    try:
        svc.process({r.randint(1, 9999)})
    except LookupError:
        pass
    else:
        raise AssertionError("expected LookupError")
"""


def python_repo(seed: int, target_chars: int, style: str = "fence", pkg: str = "app") -> str:
    """Concatenated source files of an invented Python web service."""
    r = random.Random(seed)
    parts: list[str] = []
    header_readme = (
        f"# {pkg}\n\nInternal service for order management. Run `make dev` to start the API on :8000.\n"
        "Modules follow models -> repository -> service -> api. Tests live in tests/.\n"
    )
    parts.append(_wrap("README.md", header_readme, style, "markdown"))
    parts.append(
        _wrap(
            f"{pkg}/auth.py",
            """import hmac
import os

from fastapi import Header, HTTPException

API_KEYS = set(os.environ.get("API_KEYS", "").split(","))


def current_user(x_api_key: str = Header(default="")):
    if x_api_key in API_KEYS:
        return {"key": x_api_key}
    raise HTTPException(status_code=401)


def verify_signature(body: bytes, signature: str, secret: str) -> bool:
    expected = hmac.new(secret.encode(), body, "sha256").hexdigest()
    return expected == signature
""",
            style,
            "python",
        )
    )
    ents = ENTITIES[:]
    r.shuffle(ents)
    i = 0
    makers = [
        ("models.py", _py_model),
        ("repository.py", _py_repo),
        ("service.py", _py_service),
        ("api.py", _py_api),
    ]
    while sum(len(p) for p in parts) < target_chars:
        ent = ents[i % len(ents)] + ("" if i < len(ents) else f"_v{i // len(ents) + 1}")
        for fname, mk in makers:
            parts.append(_wrap(f"{pkg}/{ent}/{fname}", mk(r, ent), style, "python"))
        if r.random() < 0.6:
            parts.append(_wrap(f"tests/test_{ent}.py", _py_test(r, ent), style, "python"))
        i += 1
    return "\n".join(parts)


def _wrap(path: str, body: str, style: str, lang: str) -> str:
    if style == "fence":
        return f"{path}\n```{lang}\n{body.rstrip()}\n```\n"
    if style == "header":
        return f"==> {path} <==\n{body.rstrip()}\n"
    if style == "xml":
        return f'<file path="{path}">\n{body.rstrip()}\n</file>\n'
    raise ValueError(style)


def ts_repo(seed: int, target_chars: int) -> str:
    """Concatenated TypeScript files of an invented React + API client front-end."""
    r = random.Random(seed)
    parts = [
        _wrap(
            "src/api/http.ts",
            """import { getAccessToken, refreshAccessToken } from "../auth/tokens";

export async function http<T>(path: string, init: RequestInit = {}): Promise<T> {
  let res = await fetch(`/api${path}`, withAuth(init, getAccessToken()));
  if (res.status === 401) {
    const token = await refreshAccessToken();
    res = await fetch(`/api${path}`, withAuth(init, token));
  }
  if (!res.ok) throw new Error(`${res.status} ${res.statusText}`);
  return res.json() as Promise<T>;
}

function withAuth(init: RequestInit, token: string | null): RequestInit {
  const headers = new Headers(init.headers);
  if (token) headers.set("Authorization", `Bearer ${token}`);
  return { ...init, headers };
}""",
            "fence",
            "ts",
        ),
        _wrap(
            "src/auth/tokens.ts",
            """let accessToken: string | null = sessionStorage.getItem("at");
let inflight: Promise<string> | null = null;

export const getAccessToken = () => accessToken;

export function refreshAccessToken(): Promise<string> {
  if (!inflight) {
    inflight = fetch("/auth/refresh", { method: "POST", credentials: "include" })
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error("refresh failed"))))
      .then((b: { access_token: string }) => {
        accessToken = b.access_token;
        sessionStorage.setItem("at", accessToken);
        return accessToken;
      })
      .finally(() => { inflight = null; });
  }
  return inflight;
}""",
            "fence",
            "ts",
        ),
    ]
    ents = ENTITIES[:]
    r.shuffle(ents)
    i = 0
    while sum(len(p) for p in parts) < target_chars:
        e = ents[i % len(ents)] + ("" if i < len(ents) else str(i // len(ents)))
        C = _camel(e)
        fields = r.sample(FIELD_POOL, 5)
        tsf = "\n".join(
            f"  {n}: {'number' if t == 'int' else 'boolean' if t == 'bool' else 'string'};"
            for n, t in fields
        )
        parts.append(
            _wrap(
                f"src/api/{e}.ts",
                f"""import {{ http }} from "./http";

export interface {C} {{
  id: number;
{tsf}
}}

export const list{C}s = (page = 1) => http<{C}[]>(`/{e}s?page=${{page}}&size={r.choice([20, 25, 50])}`);
export const get{C} = (id: number) => http<{C}>(`/{e}s/${{id}}`);
export const update{C} = (id: number, patch: Partial<{C}>) =>
  http<{C}>(`/{e}s/${{id}}`, {{ method: "PATCH", body: JSON.stringify(patch), headers: {{ "Content-Type": "application/json" }} }});""",
                "fence",
                "ts",
            )
        )
        parts.append(
            _wrap(
                f"src/pages/{C}Page.tsx",
                f"""import {{ useEffect, useState }} from "react";
import {{ {C}, list{C}s }} from "../api/{e}";
import {{ Table }} from "../components/Table";

export default function {C}Page() {{
  const [rows, setRows] = useState<{C}[]>([]);
  const [page, setPage] = useState(1);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {{
    let cancelled = false;
    list{C}s(page)
      .then((r) => {{ if (!cancelled) setRows(r); }})
      .catch((e) => setError(String(e)));
    return () => {{ cancelled = true; }};
  }}, [page]);

  if (error) return <p className="error">Could not load {e.replace("_", " ")}s: {{error}}</p>;
  return (
    <section>
      <h1>{C.replace("_", " ")}s</h1>
      <Table rows={{rows}} columns={{{[n for n, _ in fields[:3]]!r}}} />
      <button disabled={{page === 1}} onClick={{() => setPage(page - 1)}}>Prev</button>
      <button onClick={{() => setPage(page + 1)}}>Next</button>
    </section>
  );
}}""",
                "fence",
                "tsx",
            )
        )
        i += 1
    return "\n".join(parts)


def java_repo(seed: int, target_chars: int) -> str:
    r = random.Random(seed)
    parts = []
    ents = ENTITIES[:]
    r.shuffle(ents)
    i = 0
    while sum(len(p) for p in parts) < target_chars:
        e = ents[i % len(ents)] + ("" if i < len(ents) else str(i // len(ents)))
        C = _camel(e)
        parts.append(
            _wrap(
                f"src/main/java/com/acme/{e}/{C}.java",
                f'''package com.acme.{e};

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.Table;
import javax.validation.constraints.NotNull;
import java.time.Instant;

@Entity
@Table(name = "{e}s")
public class {C} {{
    @Id @GeneratedValue
    private Long id;

    @NotNull
    @Column(nullable = false)
    private String status = "NEW";

    private Instant createdAt = Instant.now();
    private long amountCents;

    public Long getId() {{ return id; }}
    public String getStatus() {{ return status; }}
    public void setStatus(String status) {{ this.status = status; }}
    public Instant getCreatedAt() {{ return createdAt; }}
    public long getAmountCents() {{ return amountCents; }}
    public void setAmountCents(long amountCents) {{ this.amountCents = amountCents; }}
}}''',
                "header",
                "java",
            )
        )
        parts.append(
            _wrap(
                f"src/main/java/com/acme/{e}/{C}Resource.java",
                f"""package com.acme.{e};

import javax.inject.Inject;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.*;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import java.util.List;

@Path("/{e}s")
@Produces(MediaType.APPLICATION_JSON)
public class {C}Resource {{
    @Inject {C}Repository repository;

    @GET
    public List<{C}> list(@QueryParam("status") @DefaultValue("NEW") String status) {{
        return repository.findByStatus(status, {r.choice([50, 100, 200])});
    }}

    @GET @Path("{{id}}")
    public Response get(@PathParam("id") long id, @Context HttpServletRequest req) {{
        return repository.findById(id)
            .map(x -> Response.ok(x).build())
            .orElse(Response.status(Response.Status.NOT_FOUND).build());
    }}

    @POST @Consumes(MediaType.APPLICATION_JSON)
    public Response create({C} body) {{
        repository.persist(body);
        return Response.status(Response.Status.CREATED).entity(body).build();
    }}
}}""",
                "header",
                "java",
            )
        )
        i += 1
    return "\n".join(parts)


SERVICES = ["api-gateway", "orders", "billing", "inventory", "notifier", "auth"]
LOG_MSGS = [
    ("INFO", "GET /v1/orders/{n} 200 {ms}ms"),
    ("INFO", "POST /v1/checkout 201 {ms}ms"),
    ("INFO", "GET /healthz 200 1ms"),
    ("DEBUG", "cache hit key=product:{n}"),
    ("DEBUG", "cache miss key=price:{n}, loading from db"),
    ("INFO", "consumer group orders-v2 committed offset {n} partition {p}"),
    ("WARN", "slow query {ms}ms: SELECT * FROM order_items WHERE order_id = $1"),
    ("INFO", "scheduled job expire_sessions finished, {p} rows"),
    ("WARN", "retrying call to payments-provider (attempt {p}/5)"),
    ("INFO", "db pool stats: active={p} idle={q} waiting=0"),
    ("ERROR", "webhook delivery to https://hooks.partner{p}.example/orders failed: 503"),
    ("INFO", "user {n} logged in via sso"),
    ("DEBUG", "feature flag new-checkout=on for tenant {p}"),
    ("INFO", "GC pause {q}ms (young)"),
]


def app_log(
    seed: int,
    target_chars: int,
    start: str,
    incident: list[str] | None = None,
    incident_at: float = 0.8,
) -> str:
    """A long multi-service application log; `incident` lines are inserted at `incident_at`."""
    r = random.Random(seed)
    t = _dt.datetime.fromisoformat(start)
    lines: list[str] = []
    size = 0
    inserted = incident is None
    while size < target_chars:
        t += _dt.timedelta(milliseconds=r.randint(5, 900))
        lvl, msg = r.choice(LOG_MSGS)
        svc = r.choice(SERVICES)
        line = f"{t.isoformat(timespec='milliseconds')}Z {lvl:<5} [{svc}] " + msg.format(
            n=r.randint(1000, 99999), ms=r.randint(2, 480), p=r.randint(1, 12), q=r.randint(0, 40)
        )
        lines.append(line)
        size += len(line) + 1
        if not inserted and size > target_chars * incident_at:
            for extra in incident:
                t += _dt.timedelta(milliseconds=r.randint(1, 400))
                lines.append(f"{t.isoformat(timespec='milliseconds')}Z {extra}")
            inserted = True
    return "\n".join(lines)


def ci_log(seed: int, target_chars: int, failure: str) -> str:
    r = random.Random(seed)
    mods = ["api", "billing", "catalog", "checkout", "search", "users", "reports", "jobs", "auth"]
    out = [
        "##[group]Run pytest -n 4 -v",
        "============================= test session starts ==============================",
        "platform linux -- Python 3.12.3, pytest-8.2.0, pluggy-1.5.0",
        "plugins: xdist-3.6.1, cov-5.0.0",
        "4 workers [2143 items]",
    ]
    n = 0
    while sum(len(x) for x in out) < target_chars:
        m = r.choice(mods)
        name = r.choice(
            [
                "returns",
                "rejects",
                "handles",
                "creates",
                "updates",
                "lists",
                "paginates",
                "validates",
            ]
        )
        obj = r.choice(
            [
                "empty_cart",
                "expired_token",
                "large_payload",
                "unicode_names",
                "duplicate_sku",
                "missing_tenant",
                "zero_amount",
                "future_dates",
                "deleted_user",
                "bulk_import",
            ]
        )
        pct = min(99, n // 22)
        out.append(
            f"[gw{r.randint(0, 3)}] [{pct:>3}%] PASSED tests/{m}/test_{m}_{r.randint(1, 9)}.py::test_{name}_{obj}"
        )
        n += 1
        if n == 1400:
            out.append(
                "[gw2] [ 63%] FAILED tests/checkout/test_checkout_4.py::test_applies_coupon_once"
            )
    out += [
        "",
        "=================================== FAILURES ===================================",
        "________________________ test_applies_coupon_once ________________________",
        failure,
        "=========================== short test summary info ============================",
        "FAILED tests/checkout/test_checkout_4.py::test_applies_coupon_once",
        f"================= 1 failed, {n} passed, 12 skipped in 412.88s (0:06:52) =================",
        "##[error]Process completed with exit code 1.",
    ]
    return "\n".join(out)


EN_SPEAKERS = ["Alex", "Priya", "Jonas", "Maria", "Tom", "Keiko"]
EN_LINES = [
    "I think the main risk is still the {t}, we haven't load-tested it since the last change.",
    "Can we timebox that? We spent twenty minutes on {t} last week too.",
    "From the customer side, the complaints are mostly about {t}; support logged {n} tickets this week.",
    "I'll take the action item on {t}, should have something by {d}.",
    "Quick update on {t}: it's about {n} percent done, blocked on a review.",
    "Do we have numbers for that, or is it a gut feeling?",
    "Let's not reopen the {t} decision, we agreed on it in the planning.",
    "Honestly I'd rather ship it behind a flag and see what happens.",
    "The vendor came back and said {t} will be in their next release, no date.",
    "Okay, so to be clear, {t} moves to next sprint and we keep the scope for the rest.",
    "Sorry, I was on mute. Yes, I agree with that.",
    "Finance wants a forecast for {t} by {d}, can someone own that?",
    "We had {n} incidents related to {t} this quarter, that's more than the whole last year.",
    "I can pair with whoever picks up {t}, I know that code.",
    "Can you share the dashboard link in the chat?",
    "The design for {t} is in Figma, comments welcome until {d}.",
]
EN_TOPICS = [
    "search indexing",
    "the billing migration",
    "onboarding emails",
    "the mobile release",
    "SSO for enterprise",
    "the data retention policy",
    "dashboard performance",
    "the on-call rota",
    "the pricing page",
    "EU data residency",
    "flaky end-to-end tests",
    "the partner API",
]
DAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "end of the month"]

PL_SPEAKERS = ["Kasia", "Marek", "Agnieszka", "Piotr", "Ola", "Bartek"]
PL_LINES = [
    "Moim zdaniem największe ryzyko to nadal temat „{t}”, nie testowaliśmy tego pod obciążeniem.",
    "Możemy to ograniczyć czasowo? Tydzień temu też spędziliśmy pół godziny na temacie „{t}”.",
    "Klienci skarżą się głównie na „{t}”, wsparcie ma w tym tygodniu {n} zgłoszeń.",
    "Biorę na siebie „{t}”, powinnam mieć coś do {d}.",
    "Krótko o „{t}”: jesteśmy na około {n} procentach, czekamy na review.",
    "Czy mamy na to liczby, czy to tylko przeczucie?",
    "Nie otwierajmy znowu tematu „{t}”, ustaliliśmy to na planowaniu.",
    "Wolałbym wypuścić to za flagą i zobaczyć, co się stanie.",
    "Dostawca odpisał, że „{t}” będzie w następnej wersji, bez daty.",
    "Dobra, czyli „{t}” przechodzi na następny sprint, reszta zakresu bez zmian.",
    "Przepraszam, miałem wyciszony mikrofon. Tak, zgadzam się.",
    "Finanse chcą prognozę kosztów dla „{t}” do {d}, kto się tym zajmie?",
    "W tym kwartale mieliśmy {n} incydentów związanych z tematem „{t}”.",
    "Mogę popracować w parze z osobą, która weźmie „{t}”.",
]
PL_TOPICS = [
    "migracja płatności",
    "aplikacja mobilna",
    "wyszukiwarka",
    "raporty miesięczne",
    "logowanie SSO",
    "integracja z KSeF",
    "powiadomienia e-mail",
    "panel klienta",
    "dyżury",
]
DAYS_PL = ["poniedziałku", "środy", "piątku", "końca miesiąca"]

DE_SPEAKERS = ["Jana", "Lukas", "Sabine", "Mehmet", "Florian"]
DE_LINES = [
    "Das größte Risiko sehe ich weiterhin beim Thema „{t}“, das haben wir nie unter Last getestet.",
    "Können wir das zeitlich begrenzen? Letzte Woche ging schon eine halbe Stunde für „{t}“ drauf.",
    "Die Kunden beschweren sich vor allem über „{t}“, der Support hat diese Woche {n} Tickets.",
    "Ich übernehme „{t}“, bis {d} sollte ich etwas haben.",
    "Kurzes Update zu „{t}“: etwa {n} Prozent fertig, wartet auf Review.",
    "Haben wir dafür Zahlen oder ist das ein Bauchgefühl?",
    "Lasst uns die Entscheidung zu „{t}“ nicht wieder aufmachen.",
    "Ich würde es lieber hinter einem Feature-Flag ausrollen.",
    "Also: „{t}“ rutscht in den nächsten Sprint, der Rest bleibt.",
    "Sorry, war stumm geschaltet. Ja, sehe ich genauso.",
]
DE_TOPICS = [
    "Abrechnungsmigration",
    "Suche",
    "Kundenportal",
    "SAP-Schnittstelle",
    "Rufbereitschaft",
    "Mobile-Release",
    "Datenaufbewahrung",
]
DAYS_DE = ["Montag", "Mittwoch", "Freitag", "Monatsende"]


def transcript(seed: int, target_chars: int, lang: str = "en", start: str = "09:00") -> str:
    r = random.Random(seed)
    speakers, pool, topics, days = {
        "en": (EN_SPEAKERS, EN_LINES, EN_TOPICS, DAYS_EN),
        "pl": (PL_SPEAKERS, PL_LINES, PL_TOPICS, DAYS_PL),
        "de": (DE_SPEAKERS, DE_LINES, DE_TOPICS, DAYS_DE),
    }[lang]
    h, m = map(int, start.split(":"))
    t = h * 3600 + m * 60
    out, size = [], 0
    while size < target_chars:
        t += r.randint(4, 40)
        sents = " ".join(
            r.choice(pool).format(t=r.choice(topics), n=r.randint(2, 90), d=r.choice(days))
            for _ in range(r.randint(1, 3))
        )
        line = f"[{t // 3600:02d}:{t % 3600 // 60:02d}:{t % 60:02d}] {r.choice(speakers)}: {sents}"
        out.append(line)
        size += len(line) + 1
    return "\n".join(out)


ES_PROBLEMS = [
    "no puedo iniciar sesión después de cambiar la contraseña",
    "la factura de este mes tiene un importe duplicado",
    "la app se cierra al subir una foto desde la galería",
    "no me llega el correo de verificación",
    "el pedido aparece como entregado pero no lo he recibido",
    "el cupón de descuento dice que está caducado y no lo está",
    "la exportación a Excel sale con los acentos rotos",
    "cobro doble en la tarjeta tras un error en el pago",
    "no puedo cambiar la dirección de envío",
]
ES_EXTRA = [
    "Lo he intentado desde el móvil y el ordenador.",
    "Es urgente, tengo que presentar esto hoy.",
    "Ya escribí la semana pasada y nadie respondió.",
    "Adjunto captura de pantalla.",
    "Uso la versión 5.3 en Android.",
    "Me pasa desde la última actualización.",
    "Gracias de antemano.",
    "Por favor, llamadme al móvil.",
]


def tickets_es(seed: int, target_chars: int) -> str:
    r = random.Random(seed)
    out, i = [], 4100
    d = _dt.date(2024, 4, 1)
    while sum(len(x) for x in out) < target_chars:
        i += 1
        d += _dt.timedelta(days=r.random() < 0.3)
        problem = r.choices(ES_PROBLEMS, weights=[9, 3, 6, 5, 2, 2, 4, 3, 1])[0]
        out.append(
            f"Ticket #{i} | {d.isoformat()} | canal: {r.choice(['email', 'chat', 'teléfono', 'app'])} | "
            f"estado: {r.choice(['abierto', 'cerrado', 'pendiente'])}\n"
            f"Asunto: {problem.capitalize()}\n"
            f"Descripción: Hola, {problem}. {' '.join(r.sample(ES_EXTRA, 2))}\n"
        )
    return "\n".join(out)


def access_log(seed: int, target_chars: int) -> str:
    r = random.Random(seed)
    normal = [
        f"{r.randint(11, 223)}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"
        for _ in range(300)
    ]
    scrapers = ["185.220.101.47", "45.155.205.12", "103.77.192.9"]
    uas = [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/124.0 Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 Version/17.4 Safari/605.1.15",
    ]
    paths = [
        "/",
        "/products",
        "/products/{n}",
        "/cart",
        "/search?q=shoes",
        "/static/app.{n}.js",
        "/api/prices/{n}",
    ]
    t = _dt.datetime(2024, 5, 17, 6, 0, 0)
    out = []
    while sum(len(x) + 1 for x in out) < target_chars:
        t += _dt.timedelta(milliseconds=r.randint(10, 700))
        if r.random() < 0.22:
            ip, ua, p = (
                r.choice(scrapers),
                "python-requests/2.31.0",
                f"/products/{r.randint(10000, 99999)}",
            )
        else:
            ip, ua, p = (
                r.choice(normal),
                r.choice(uas),
                r.choice(paths).format(n=r.randint(100, 9999)),
            )
        st = r.choice([200] * 12 + [304, 404, 302])
        out.append(
            f'{ip} - - [{t.strftime("%d/%b/%Y:%H:%M:%S")} +0000] "GET {p} HTTP/1.1" {st} '
            f'{r.randint(200, 48000)} "-" "{ua}"'
        )
    return "\n".join(out)


def big_diff(seed: int, target_chars: int) -> str:
    """A large PR diff: many files changing a logging call style and adding a timeout argument."""
    r = random.Random(seed)
    out = []
    ents = ENTITIES[:]
    i = 0
    while sum(len(x) for x in out) < target_chars:
        e = ents[i % len(ents)] + ("" if i < len(ents) else str(i // len(ents)))
        ln = r.randint(10, 200)
        risky = r.random() < 0.1
        out.append(f"""diff --git a/app/{e}/service.py b/app/{e}/service.py
index {r.getrandbits(28):07x}..{r.getrandbits(28):07x} 100644
--- a/app/{e}/service.py
+++ b/app/{e}/service.py
@@ -{ln},12 +{ln},14 @@ class {_camel(e)}Service:
     def process(self, {e}_id: int) -> bool:
         item = self.repo.get({e}_id)
-        log.info("processing %s", {e}_id)
+        log.info("processing {e}", extra={{"{e}_id": {e}_id, "tenant": item.tenant_id}})
         for attempt in range(1, MAX_RETRIES + 1):
             try:
-                self._apply(item)
+                self._apply(item, timeout={r.choice([5, 10, 30])})
                 return True
-            except TimeoutError:
+            except {"Exception" if risky else "TimeoutError"}:
                 time.sleep(min(2 ** attempt, 30))
+        log.warning("giving up on {e}", extra={{"{e}_id": {e}_id}})
         return False
""")
        i += 1
    return "\n".join(out)
