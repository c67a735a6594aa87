# ruff: noqa: E501
"""agentic_reasoning, part 1: plans, migrations, architecture decisions and trade-offs."""

from __future__ import annotations

from .common import AIDER_LIKE, CHAT_UI, CHAT_UI_TOOLS, CONTINUE_LIKE, asst, case, parts, sys, user

L = "agentic_reasoning"

CASES = [
    case(
        "agent-001",
        L,
        "en",
        "migration plan across services",
        [
            user(
                "We have a Django monolith (~180k LOC, Postgres, Celery) and want to pull billing out into its own service without a freeze. Give me a phased migration plan: what to extract first, how to keep data consistent during the transition, how we roll back at each phase."
            )
        ],
    ),
    case(
        "agent-002",
        L,
        "en",
        "architecture trade-off: queue choice with constraints",
        [
            sys(CHAT_UI),
            user(
                "We're choosing between Kafka, RabbitMQ and plain Postgres LISTEN/NOTIFY + a jobs table for ~2k events/s, at-least-once, 3 consumers, team of 4 with no Kafka experience. Walk through the trade-offs and recommend one, including what would make you change your mind."
            ),
        ],
        CHAT_UI_TOOLS,
    ),
    case(
        "agent-003",
        L,
        "en",
        "root cause investigation strategy across systems, no fix requested",
        [
            user(
                "Every day around 02:10 UTC our API p99 jumps from 120ms to 3s for ~15 minutes. Backups run at 01:00, log rotation at 02:00, a cron on the worker box at 02:05 rebuilds search indexes. Postgres, Redis, two API nodes behind an ALB. How would you go about figuring out which of these is causing it? I want an investigation plan, in order, with what each step would rule out."
            )
        ],
    ),
    case(
        "agent-004",
        L,
        "pl",
        "Polish: plan migracji z MySQL do Postgresa",
        [
            user(
                "Mamy aplikację w Laravelu na MySQL 5.7, około 400 GB danych, ruch 24/7. Chcemy przejść na PostgreSQL 16 z minimalnym przestojem. Rozpisz mi plan krok po kroku: replikacja, walidacja danych, przełączenie, plan wycofania. Na co szczególnie uważać przy typach i kolacjach?"
            )
        ],
    ),
    case(
        "agent-005",
        L,
        "de",
        "German: architecture decision for multi-tenancy",
        [
            user(
                "Wir bauen ein B2B-SaaS und müssen uns zwischen Schema-per-Tenant, Datenbank-per-Tenant und einer geteilten Tabelle mit tenant_id entscheiden. Ca. 300 Kunden, einige davon mit Datenresidenz-Anforderungen in der EU. Kannst du die Optionen abwägen und eine Empfehlung mit Begründung geben, inkl. Migrationspfad, falls wir später wechseln müssen?"
            )
        ],
    ),
    case(
        "agent-006",
        L,
        "es",
        "Spanish: plan de escalado",
        [
            user(
                "Nuestra app de reservas pasa de 5k a 80k usuarios diarios en enero por una campaña. Tenemos un único servidor con Node, MySQL y Redis. ¿Qué plan seguirías, por fases, para aguantar el pico sin reescribirlo todo? Prioriza por impacto y riesgo."
            )
        ],
    ),
    case(
        "agent-007",
        L,
        "zh",
        "Chinese: system design decision",
        [
            user(
                "我们要给现有的电商系统加一个秒杀功能，峰值预计每秒 5 万请求，库存只有几千件。请帮我设计整体方案：流量削峰、库存扣减、防超卖、失败补偿，分别用什么手段，各自的取舍是什么？"
            )
        ],
    ),
    case(
        "agent-008",
        L,
        "en",
        "debugging strategy for an intermittent failure, with a log excerpt as context",
        [
            user(
                "Our integration tests fail maybe 1 run in 20 on CI, never locally. Always a different test, always a timeout like this:\n\n    E   asyncio.exceptions.TimeoutError\n    tests/integration/test_orders.py:88: in test_create_order\n        resp = await client.post('/orders', json=payload)\n\nWe run pytest-xdist with 4 workers against one shared Postgres container. I don't want a patch for this one test — I want a strategy to find out what's actually going on. Where would you start and what would you instrument?"
            )
        ],
    ),
    case(
        "agent-009",
        L,
        "en",
        "Aider prompt but the ask is a design decision before any edit",
        [
            sys(AIDER_LIKE),
            user(
                "Before we change anything: I'm thinking of replacing our hand-rolled retry loops in services/ with tenacity, or writing one small internal retry helper. There are ~25 call sites with slightly different semantics (some retry on 5xx only, some on timeouts, two are non-idempotent POSTs). Think through which approach is safer and how you'd roll it out. No code yet."
            ),
        ],
    ),
    case(
        "agent-010",
        L,
        "en",
        "trade-off analysis: monorepo vs polyrepo",
        [
            user(
                "We're 6 teams, 14 repos, lots of duplicated CI config and version drift between shared libs. Someone proposed moving to a monorepo with Nx or Bazel. Lay out what we gain, what we'd pay, what the migration would look like step by step, and what signals would tell us halfway through that it's not working."
            )
        ],
    ),
    case(
        "agent-011",
        L,
        "en",
        "multi-turn: after chit-chat, last turn asks for a plan",
        [
            sys(CHAT_UI),
            user("hey"),
            asst("Hey! What can I help you with?"),
            user(
                "we have to get SOC 2 type II by next autumn and nobody here has done it. we're 20 people, AWS, GitHub, Google Workspace. can you map out what we need to do month by month?"
            ),
        ],
    ),
    case(
        "agent-012",
        L,
        "en",
        "incident follow-up plan",
        [
            user(
                "We had a 3h outage yesterday: a config push disabled TLS on the internal gateway, health checks still passed because they hit HTTP, and the rollback tool needed the gateway to work. Help me plan the follow-ups: which fixes first, what process changes, and how we'd test that the same class of failure can't happen again."
            )
        ],
    ),
    case(
        "agent-013",
        L,
        "en",
        "capacity planning reasoning with numbers",
        [
            user(
                "We ingest ~40 GB/day of logs into Elasticsearch, 30-day retention, 1 replica, and searches are getting slow. Budget is fixed. Should we move older indices to a warm tier, switch to Loki, or cut retention? Reason it through with rough storage and cost numbers and tell me what you'd do over the next quarter."
            )
        ],
    ),
    case(
        "agent-014",
        L,
        "pl",
        "Polish: strategia debugowania wycieku pamięci w usłudze",
        [
            user(
                "Usługa w Go rośnie z 200 MB do 3 GB w ciągu dwóch dni i wtedy OOM killer ją zabija. Nie mamy jeszcze żadnego profilu. Jak byś do tego podszedł krok po kroku? Co zebrać, w jakiej kolejności, jak odróżnić wyciek gorutyn od wycieku w cache?"
            )
        ],
    ),
    case(
        "agent-015",
        L,
        "de",
        "German: Vorgehen zur Ablösung eines Altsystems",
        [
            user(
                "Unser Lagerverwaltungssystem ist eine 20 Jahre alte Delphi-Anwendung mit Firebird-Datenbank. Die Fachabteilung will ein neues Web-System, darf aber keinen Tag Stillstand haben. Wie würdest du die Ablösung planen – Strangler-Ansatz, Big Bang, Parallelbetrieb? Bitte mit Phasen, Risiken und Entscheidungspunkten."
            )
        ],
    ),
    case(
        "agent-016",
        L,
        "en",
        "content-parts with an architecture diagram image, asks for evaluation and plan",
        [
            parts(
                "Here's our current architecture. We need to add real-time notifications to web and mobile. Where would they fit, what components would you add, and in what order would you build it so we can ship something useful in 2 weeks?",
                image="https://example.org/diagrams/arch-v3.png",
            )
        ],
    ),
    case(
        "agent-017",
        L,
        "en",
        "figure out why X across the system (multi-component)",
        [
            user(
                "Users in Brazil say uploads are 'stuck at 99%'. Upload goes browser → CloudFront → S3 presigned PUT, then a Lambda on the S3 event writes to DynamoDB and the UI polls an API Gateway endpoint for status. No errors in the Lambda logs. Help me figure out where in this chain it could be stalling and how to narrow it down."
            )
        ],
    ),
    case(
        "agent-018",
        L,
        "es",
        "Spanish: análisis de causa raíz con varios componentes",
        [
            user(
                "Desde que migramos a Kubernetes, algunas peticiones devuelven 502 de forma aleatoria, sobre todo justo después de un despliegue. Usamos NGINX ingress, pods con Spring Boot y readiness probe en /actuator/health. ¿Cómo investigarías la causa raíz? Dame hipótesis ordenadas y cómo confirmar o descartar cada una."
            )
        ],
    ),
    case(
        "agent-019",
        L,
        "zh",
        "Chinese: 技术选型权衡",
        [
            user(
                "我们团队要做一个内部的数据看板，候选方案有：直接用 Metabase、用 Superset 自建、或者自己用 React + ECharts 写。团队 3 个后端 1 个前端，数据在 ClickHouse。请从开发成本、权限控制、后期维护几个角度对比一下，并给出建议和落地步骤。"
            )
        ],
    ),
    case(
        "agent-020",
        L,
        "en",
        "decide sequencing of a large refactor",
        [
            user(
                "Our TypeScript codebase has `strict: false` and ~3,400 implicit any errors when we turn it on. We can't stop feature work. How would you sequence turning on strict mode — per-flag, per-folder, with a ratchet in CI? I want a plan we can run for 2 months."
            )
        ],
    ),
    case(
        "agent-021",
        L,
        "en",
        "security incident response plan",
        [
            user(
                "We just found an AWS access key for our prod deploy user in a public GitHub gist, created 6 days ago. What should we do, in order, in the next hour, the next day, and the next week? Think about what the key could have touched."
            )
        ],
    ),
    case(
        "agent-022",
        L,
        "en",
        "data pipeline redesign, several options",
        [
            user(
                "Nightly ETL: 14 Python scripts chained by cron, each reads CSVs from SFTP, transforms with pandas, writes to Postgres. When one fails the rest run on stale data and nobody notices until noon. Propose a redesign — Airflow, Dagster, Prefect or just a make-style DAG runner — and how you'd migrate the 14 jobs without breaking reports."
            )
        ],
    ),
    case(
        "agent-023",
        L,
        "pl",
        "Polish: decyzja architektoniczna – event sourcing czy CRUD",
        [
            user(
                "Projektujemy moduł rozliczeń dla sieci stacji ładowania. Szef chce event sourcingu, bo 'audyt'. Zespół zna głównie CRUD na Postgresie. Rozważ za i przeciw, zaproponuj alternatywy (np. tabela historii, CDC) i powiedz, co byś wybrał i jak wprowadzić to etapami."
            )
        ],
    ),
    case(
        "agent-024",
        L,
        "en",
        "Continue prompt but asks for an approach, not code",
        [
            sys(CONTINUE_LIKE),
            user(
                "I need offline support in our React Native app (notes + attachments, sync when back online, conflicts possible when two devices edit). Before I write anything, what's the overall approach you'd take? Sync protocol, conflict strategy, storage, and in what order to build it."
            ),
        ],
    ),
    case(
        "agent-025",
        L,
        "en",
        "performance investigation plan",
        [
            user(
                "Our Postgres CPU sits at 90% during business hours since last month's release. Nothing obvious in the diff. How do we investigate this systematically? pg_stat_statements is on. List what you'd look at first, what queries you'd run, and how to tie findings back to the release."
            )
        ],
    ),
    case(
        "agent-026",
        L,
        "de",
        "German: Schritt-für-Schritt-Analyse eines Problems über mehrere Systeme",
        [
            user(
                "Seit Montag kommen Bestellbestätigungen teilweise doppelt beim Kunden an. Kette: Shop (Shopware) → RabbitMQ → Node-Worker → SendGrid. Im Worker sehen wir keine doppelten Logs. Wie grenzen wir ein, wo die Duplikate entstehen? Bitte einen strukturierten Untersuchungsplan."
            )
        ],
    ),
    case(
        "agent-027",
        L,
        "en",
        "build vs buy decision",
        [
            user(
                "Should we build our own feature-flag service or buy LaunchDarkly / use Unleash self-hosted? 40 engineers, 3 products, need per-customer targeting, audit logs, and kill switches for mobile. Walk me through the decision — cost over 3 years, lock-in, ops burden — and what a sensible pilot would look like."
            )
        ],
    ),
    case(
        "agent-028",
        L,
        "en",
        "testing strategy planning",
        [
            user(
                "We have almost no tests on a 5-year-old Rails app and want to start upgrading from Rails 6.1 to 7.2. What testing strategy gets us the most safety for the upgrade with the least effort? Where do we add tests first, and how do we decide when we have 'enough' to start?"
            )
        ],
    ),
    case(
        "agent-029",
        L,
        "es",
        "Spanish: planificación de migración a la nube",
        [
            user(
                "Tenemos 12 máquinas virtuales en un CPD propio (VMware) con un ERP en .NET Framework, SQL Server y algunos servicios Windows. Dirección quiere 'ir a la nube' este año. ¿Qué pasos seguirías para decidir qué migrar, a qué (IaaS, PaaS, contenedores) y en qué orden?"
            )
        ],
    ),
    case(
        "agent-030",
        L,
        "en",
        "multi-step investigation with git bisect strategy question",
        [
            user(
                "Somewhere in the last ~300 commits our Android app's cold start went from 1.1s to 2.4s. We have a macrobenchmark but it takes 20 minutes per run. How do I find the culprit efficiently? Think about bisecting with noisy measurements, batching, and what to do if it's several small regressions instead of one."
            )
        ],
    ),
    case(
        "agent-031",
        L,
        "zh",
        "Chinese: 故障排查思路",
        [
            user(
                "线上的 Redis 集群偶尔出现大量超时，持续一两分钟就恢复，监控上看 CPU 和内存都不高。应用是 Java + Lettuce。你会怎么一步步排查？需要看哪些指标、抓什么数据、怎么验证猜想？"
            )
        ],
    ),
    case(
        "agent-032",
        L,
        "en",
        "API versioning strategy decision",
        [
            user(
                "Our public REST API has 200+ integrators and we need to make breaking changes to the orders resource (split address into structured fields, change money to minor units). URL versioning, header versioning, or additive-only with deprecations? Think through the consequences for integrators and for us, then give a rollout plan with timelines."
            )
        ],
    ),
    case(
        "agent-033",
        L,
        "en",
        "prior turns were code; last turn steps back to a plan",
        [
            sys(CHAT_UI),
            user("how do I read a parquet file in polars?"),
            asst("```python\nimport polars as pl\ndf = pl.read_parquet('data.parquet')\n```"),
            user(
                "ok cool. bigger question though — we have ~2 TB of parquet on S3 partitioned by day and analysts keep running pandas on their laptops. What's a sane plan to give them fast SQL over it without a big platform project? Compare a couple of options and how we'd roll it out."
            ),
        ],
    ),
    case(
        "agent-034",
        L,
        "pl",
        "Polish: plan wdrożenia obserwowalności",
        [
            user(
                "Mamy 15 mikroserwisów (Java i Python), logi lecą do plików, metryk praktycznie brak, tracingu zero. Jak zaplanować wdrożenie obserwowalności na trzy miesiące? Co najpierw, jakie narzędzia (OpenTelemetry? Grafana stack?), jak przekonać zespoły do instrumentacji?"
            )
        ],
    ),
    case(
        "agent-035",
        L,
        "en",
        "decide a caching strategy with invalidation reasoning",
        [
            user(
                "Product pages take 800 ms to render because they pull price, stock and reviews from three services. We want them under 150 ms. Think through where to cache (CDN, app, per-service), how to invalidate price changes within 5 seconds, and what happens under a stampede. Recommend a design."
            )
        ],
    ),
    case(
        "agent-036",
        L,
        "en",
        "reasoning about a failed approach and next steps",
        [
            user(
                "We tried to shard our Mongo collection by customer_id and it made things worse — two whale customers produce 60% of writes and those shards are hot. We can't easily change the app's query patterns. What are our options now? Think through hashed keys, compound keys, zone sharding, or splitting whales into their own cluster, and recommend a path."
            )
        ],
    ),
]
