# ruff: noqa: E501
"""`agentic_reasoning`: plans, architecture and migration decisions, trade-off analyses,
root-cause strategies and multi-step investigations."""

from __future__ import annotations

from ev2_common import CHAT_UI_TOOLS, CONTINUE, PLAIN, WEBUI, Cases, a, sys_, u

C = Cases("agentic")
T = "agentic_reasoning"

C.add(
    T,
    "en",
    "migration plan across services",
    [
        u(
            "We have 14 services on Postgres 12 (self-managed on EC2) and need to get to RDS Postgres 16 before Q3 with at most 5 minutes of downtime per service. Some use logical replication already, two use extensions (PostGIS, pg_partman). Draft a migration plan: order, method per service type, rollback, and how we verify each step."
        ),
    ],
)
C.add(
    T,
    "en",
    "architecture decision with trade-offs",
    [
        u(
            "We're building a notifications system (email, push, SMS, in-app) for ~2M users. Options on the table: (1) a queue per channel with workers, (2) a single event stream with Kafka and per-channel consumers, (3) a managed service like Knock/Courier. Team of 4, mostly Python. Walk me through the trade-offs and recommend one, including what would make you change your mind."
        ),
    ],
)
C.add(
    T,
    "en",
    "investigation strategy for an intermittent issue across the system",
    [
        u(
            "Every day around 03:00 UTC our API p99 goes from 200ms to 4s for ~20 minutes. No deploys at that time, no cron we know of, DB CPU looks normal. Infra: ALB → ECS (Fargate) → RDS, Redis, S3. How would you go about figuring out the cause? Give me an ordered investigation plan with what to look at and what each finding would rule in or out."
        ),
    ],
)
C.add(
    T,
    "en",
    "planning an agentic build: names a thing to build but asks for the plan",
    [
        u(
            "I want to build a Slack bot that answers questions from our Confluence docs. Before writing any code: break this down into phases, what decisions I need to make at each (chunking, embeddings, hosting, permissions), risks, and what a first useful milestone looks like in 2 weeks."
        ),
    ],
)
C.add(
    T,
    "en",
    "monolith split decision",
    [
        sys_(PLAIN),
        u(
            "Our Rails monolith is 400k lines, 30 devs, deploys take 50 minutes and the test suite 35. Management wants microservices. I'm not convinced. How should we decide? What would you measure first, what are the alternatives (modular monolith, packwerk, splitting CI), and what would a step-by-step path look like for each?"
        ),
    ],
)
C.add(
    T,
    "en",
    "root-cause analysis across components, no single code snippet",
    [
        u(
            """Users report that some uploaded files 'disappear' a few hours after upload. Facts: uploads go browser → presigned S3 PUT → our API gets a webhook from S3 events → DB row created. A nightly job deletes S3 objects with no DB row older than 1h. Roughly 0.5% of uploads are affected, more on mobile. Reason through the likely root causes in order of probability and how to confirm each one."""
        ),
    ],
)
C.add(
    T,
    "en",
    "capacity planning",
    [
        u(
            "We're expecting Black Friday traffic of 8x normal (normal peak: 1,200 rps on checkout, 40% cache hit rate, DB at 35% CPU on a db.r6g.2xlarge). Plan the prep: what to load test, what to scale ahead, what to degrade gracefully, a timeline for the next 3 weeks, and go/no-go criteria."
        ),
    ],
)
C.add(
    T,
    "en",
    "multi-step data migration design with constraints",
    [
        u(
            "We need to change user IDs from auto-increment ints to UUIDv7 across a Postgres DB with 60 tables referencing users, plus three downstream services and a data warehouse that store the int IDs. Zero downtime required. Design the sequence of steps, how to keep both IDs in sync during the transition, and how to cut over safely."
        ),
    ],
)
C.add(
    T,
    "en",
    "build vs buy analysis",
    [
        u(
            "Should we build our own feature-flag system or pay for LaunchDarkly? 25 engineers, ~15 flags live at any time, need per-tenant targeting and audit logs, budget is tight but not zero. Lay out the trade-offs, hidden costs on both sides, and a decision framework."
        ),
    ],
)
C.add(
    T,
    "en",
    "security incident response plan",
    [
        u(
            "We just found an AWS access key for our prod account in a public GitHub repo, committed 6 days ago by a contractor. Key has been rotated 10 minutes ago. What should we do next, in order, over the next 24 hours? Think about blast radius, what logs to pull, who to notify and what to check for persistence."
        ),
    ],
)
C.add(
    T,
    "en",
    "testing strategy design",
    [
        sys_(CONTINUE),
        u(
            "Our React Native app has zero tests and we ship weekly. Regressions in checkout cost us money twice last month. I have 3 devs and one QA for a quarter. How should we introduce testing — what kind, in what order, which flows first, and how do we measure that it's working?"
        ),
    ],
)
C.add(
    T,
    "en",
    "debugging strategy for memory growth, no code",
    [
        u(
            "A Java service's heap grows steadily from 1GB to 6GB over ~3 days and then we restart it. No OOM yet. It's a Spring Boot app with Kafka consumers, Caffeine caches and a Hibernate second-level cache. Outline a step-by-step approach to find the culprit without taking prod down."
        ),
    ],
)
C.add(
    T,
    "en",
    "evaluate choice between frameworks for a rewrite",
    [
        u(
            "We're rewriting an internal admin tool (CRUD-heavy, 60 screens, role-based access, lots of tables and filters). Candidates: Next.js + tRPC, Django admin customised, Retool, or Laravel Filament. Team knows Python and some TS. Compare them on time-to-first-version, long-term maintenance, and hiring, then pick one with a rollout plan."
        ),
    ],
)
C.add(
    T,
    "en",
    "multi-turn: after code help, user asks for the overall approach",
    [
        u("how do I read a parquet file in go"),
        a(
            "Use github.com/parquet-go/parquet-go: open the file, create a `parquet.NewGenericReader[Row](f)`, and call `Read` into a slice of rows."
        ),
        u(
            "ok. bigger picture though: we get ~500 parquet files a day from partners into S3, sometimes with schema drift, and need them queryable in our warehouse by 9am. what architecture would you go for and how would you handle the drift? think it through step by step"
        ),
    ],
)
C.add(
    T,
    "en",
    "decision on multi-region",
    [
        u(
            "Our EU customers want data residency and our US customers want lower latency. We're single-region in us-east-1. What are the options (separate stacks per region, cell architecture, global DB like Spanner/CockroachDB), what each implies for our auth, billing and analytics, and what would you do first?"
        ),
    ],
)
C.add(
    T,
    "en",
    "plan for a team process change",
    [
        u(
            "Our on-call is burning people out: 40 pages a week, half of them non-actionable. Plan a 6-week effort to fix it — how to measure, which alerts to cut or tune, runbooks, rotation changes — and how to get buy-in from the teams who own noisy services."
        ),
    ],
)
C.add(
    T,
    "en",
    "reason about why a metric changed, across the business",
    [
        sys_(WEBUI),
        u(
            "Signups went up 30% last month but paid conversions stayed flat. We changed the pricing page, launched a TikTok campaign, and removed the credit-card requirement for the trial all in the same month. How would you untangle which change did what? I want a concrete analysis plan with the data we'd need."
        ),
    ],
    CHAT_UI_TOOLS,
)
C.add(
    T,
    "en",
    "API versioning strategy",
    [
        u(
            "We have a public REST API with ~300 integrators and need to make breaking changes to the orders resource. How should we version and roll this out: URL vs header versioning, deprecation timeline, communication, telemetry to see who's still on v1, and when to actually turn v1 off?"
        ),
    ],
)
C.add(
    T,
    "en",
    "event sourcing fit assessment",
    [
        u(
            "A colleague wants to move our ledger service to event sourcing with CQRS. It's a double-entry ledger, ~200 writes/s, strict audit needs, reports rebuilt nightly. Think through whether it's worth it: what we gain, what gets harder (schema evolution, projections, GDPR deletes), and a lower-risk alternative if it's not."
        ),
    ],
)
C.add(
    T,
    "en",
    "outage postmortem reasoning: contributing factors and actions",
    [
        u(
            "Here's what happened: a config change lowered the DB connection pool from 100 to 10 in one service, it passed review because the diff was a YAML reformat, deploy went out at 17:50 on a Friday, alerts fired but were routed to a team that had been renamed. Help me reason about contributing factors (not blame) and propose action items ranked by impact vs effort."
        ),
    ],
)
C.add(
    T,
    "en",
    "choose a queue technology with reasoning",
    [
        u(
            "For background jobs in a Python/Django app (~50k jobs/day, some need scheduling and retries, a few take 20 minutes), should we go with Celery+Redis, RQ, Dramatiq, or Postgres-based (procrastinate)? We already run Postgres and Redis. Reason through it and recommend."
        ),
    ],
)
C.add(
    T,
    "en",
    "rollout plan for a risky change",
    [
        u(
            "We're switching our payment provider from Stripe to Adyen for EU customers only. Plan the rollout: feature flags, dual running, reconciliation, how to handle subscriptions mid-cycle, what to monitor, and the rollback path if authorisation rates drop."
        ),
    ],
)
C.add(
    T,
    "en",
    "figure out why builds got slow across the org",
    [
        u(
            "Across all our repos, CI times roughly doubled over the last two months. Nobody changed anything big. We use GitHub Actions with self-hosted runners on k8s, a shared npm/Docker cache, and Renovate. How would you investigate this systematically, and what are the most likely culprits?"
        ),
    ],
)
C.add(
    T,
    "pl",
    "plan migracji",
    [
        u(
            "Mamy aplikację w PHP 7.4 (Symfony 4) i musimy przejść na PHP 8.3 i Symfony 7 do końca roku. Około 150 tys. linii kodu, testy pokrywają może 30%. Zaproponuj plan krok po kroku: kolejność aktualizacji, narzędzia (Rector?), jak ograniczyć ryzyko i jak to podzielić na etapy, żeby dało się wdrażać po drodze."
        ),
    ],
)
C.add(
    T,
    "pl",
    "analiza kompromisów architektury",
    [
        u(
            "Zastanawiamy się, czy trzymać pliki użytkowników w S3 czy we własnym MinIO na naszych serwerach. Mamy ok. 40 TB, rośnie 2 TB/miesiąc, klienci z sektora publicznego wymagają danych w Polsce. Przeanalizuj za i przeciw, koszty ukryte i co byś wybrał."
        ),
    ],
)
C.add(
    T,
    "pl",
    "strategia szukania przyczyny",
    [
        u(
            "Od tygodnia co kilka godzin część użytkowników jest wylogowywana. Mamy 3 instancje za load balancerem, sesje w Redisie, JWT z odświeżaniem. Jak byś do tego podszedł? Rozpisz kolejne kroki dochodzenia do przyczyny."
        ),
    ],
)
C.add(
    T,
    "de",
    "Architekturentscheidung",
    [
        u(
            "Wir müssen entscheiden, ob unser neues Kundenportal als SPA mit separatem Backend oder serverseitig gerendert (z. B. mit Next.js oder Rails + Hotwire) gebaut wird. Team: 5 Entwickler, stark in Ruby, schwach in React. SEO ist wichtig, Barrierefreiheit Pflicht. Wäge die Optionen ab und schlag einen Weg mit Begründung vor."
        ),
    ],
)
C.add(
    T,
    "de",
    "Migrationsstrategie",
    [
        u(
            "Wir wollen von Jenkins auf GitHub Actions umziehen. 120 Pipelines, viele mit geteilten Groovy-Libraries, einige deployen auf On-Prem-Server hinter einer Firewall. Wie gehen wir das schrittweise an, ohne dass Teams blockiert werden?"
        ),
    ],
)
C.add(
    T,
    "de",
    "Ursachenanalyse planen",
    [
        u(
            "Seit der Umstellung auf Kubernetes haben wir sporadisch DNS-Timeouts zwischen Services (ca. 0,1 % der Requests). Welche Hypothesen würdest du prüfen und in welcher Reihenfolge? Bitte mit konkreten Messungen pro Schritt."
        ),
    ],
)
C.add(
    T,
    "es",
    "plan de arquitectura",
    [
        u(
            "Vamos a lanzar una app de reservas para clínicas en tres países. Necesito que pienses la arquitectura: multi-tenant o una base por cliente, cómo manejar zonas horarias y recordatorios por SMS, y qué haría falta para cumplir con protección de datos de salud. Dame un plan por fases."
        ),
    ],
)
C.add(
    T,
    "es",
    "análisis de compromisos",
    [
        u(
            "¿Nos conviene pasar de REST a GraphQL para nuestra app móvil? Tenemos 40 endpoints, tres clientes (iOS, Android, web) y el equipo de backend es pequeño. Analiza ventajas, costes y riesgos, y dime qué harías tú paso a paso."
        ),
    ],
)
C.add(
    T,
    "es",
    "investigación de un problema de rendimiento",
    [
        u(
            "La web tarda 6 segundos en cargar en móviles en Latinoamérica pero 1 segundo en España. Usamos un CDN, el backend está en Frankfurt. ¿Cómo investigarías esto paso a paso y qué soluciones evaluarías?"
        ),
    ],
)
C.add(
    T,
    "zh",
    "系统迁移方案",
    [
        u(
            "我们要把一个运行了八年的单体Java系统（Oracle数据库）迁移到云上，并逐步拆分成微服务，同时把数据库换成PostgreSQL。请给出分阶段的迁移方案，包括风险、回滚策略和每个阶段的验收标准。"
        ),
    ],
)
C.add(
    T,
    "zh",
    "技术选型权衡",
    [
        u(
            "我们的日志系统每天大概5TB，现在用ELK成本太高。候选方案有 Loki、ClickHouse 和 OpenSearch 冷热分层。请从成本、查询能力、运维难度几个角度分析一下，并给出推荐和迁移步骤。"
        ),
    ],
)
C.add(
    T,
    "zh",
    "排查思路",
    [
        u(
            "线上订单偶尔会重复扣款，一个月大概发生五六次，日志里看不出明显异常。支付流程涉及前端、订单服务、支付网关回调和消息队列。你会怎么一步步排查？"
        ),
    ],
)
C.add(
    T,
    "mixed",
    "Polish ask, English infra terms: plan",
    [
        u(
            "Potrzebuję planu: chcemy przejść z docker-compose na jednym VPS na Kubernetes (managed, np. GKE). Mamy 8 serwisów, Postgres, Redis, RabbitMQ. Co przenieść najpierw, co zostawić jako managed services, jak zrobić cutover bez przestoju?"
        ),
    ],
)
C.add(
    T,
    "en",
    "refactor plan for a given class, no code wanted yet",
    [
        u("""This class is 2,100 lines in reality; here's its outline. Don't write code — plan how to break it up: target modules, the order of extraction, how to keep behaviour identical while doing it, and what tests to add first.

```python
class OrderManager:
    def create_order(self, cart, user): ...
    def apply_coupons(self, order, codes): ...
    def calculate_tax(self, order): ...
    def reserve_stock(self, order): ...
    def charge(self, order, card): ...
    def send_confirmation(self, order): ...
    def generate_invoice_pdf(self, order): ...
    def sync_to_erp(self, order): ...
    def handle_refund(self, order, amount): ...
    def nightly_reconcile(self): ...
```"""),
    ],
)
C.add(
    T,
    "en",
    "recurring error as context for a plan to remove a class of bugs",
    [
        u("""This same kind of error has hit five different services this quarter:

```
psycopg.errors.UniqueViolation: duplicate key value violates unique constraint "payments_idempotency_key"
```
I don't want a fix for one service. I want to think through why idempotency keeps going wrong across our stack (retries in the SDK, queue redelivery, client double-submits) and a plan to make it structurally hard to get wrong."""),
    ],
)
C.add(
    T,
    "en",
    "GDPR deletion across all systems: sequencing and design",
    [
        u(
            "Legal says we must honour account deletion within 30 days across everything: Postgres, S3 uploads, Elasticsearch, the warehouse (BigQuery), Mixpanel, Zendesk and backups. Think through the design: what 'deleted' means per system, orchestration, proof of deletion, and what to do about backups we can't edit. Then sequence the work."
        ),
    ],
)
C.add(
    T,
    "en",
    "design data model + phased rollout for multi-currency",
    [
        u(
            "Our SaaS bills only in USD. We want EUR, GBP and PLN pricing next year. Think through the data model changes (prices, invoices, credits, refunds), FX handling, tax implications, reporting in a base currency, and how to roll it out in phases without breaking existing subscriptions."
        ),
    ],
)
CASES = C.items
