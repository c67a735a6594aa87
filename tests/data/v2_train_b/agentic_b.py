# ruff: noqa: E501
"""agentic_reasoning, part 2: investigations, decisions with failure material, near misses."""

from __future__ import annotations

from .common import AIDER_LIKE, CHAT_UI, CHAT_UI_TOOLS, asst, case, parts, sys, user

L = "agentic_reasoning"

CASES = [
    case(
        "agent-101",
        L,
        "en",
        "failure shown only as context for a cross-service root-cause investigation",
        [
            user(
                "This shows up in the checkout service maybe 50 times a day:\n\n```\n2026-12-02T14:03:11Z ERROR payment_client: upstream timeout after 10000ms order=8812231 psp=adyen\n2026-12-02T14:03:11Z WARN  saga: compensating reservation=r-9912 reason=payment_timeout\n```\n\nBut Adyen's dashboard shows those payments as *authorised*. So customers get charged and their order gets cancelled. I don't want a code patch yet — help me reason about where the inconsistency comes from across checkout, the saga and the PSP webhook handler, and what we should check first."
            )
        ],
    ),
    case(
        "agent-102",
        L,
        "en",
        "decide between fixing forward or rolling back, with consequences",
        [
            user(
                "We deployed a schema migration that renamed `users.fullname` to `users.display_name` and the old mobile app versions (30% of users) now break on the profile screen. Rollback of the migration would lose ~2h of writes to that column. Think through the options (rollback, compatibility view, dual column, API shim) and tell me which one and in what order of steps."
            )
        ],
    ),
    case(
        "agent-103",
        L,
        "en",
        "plan for adding a feature across several repos (no code)",
        [
            user(
                "We need to add 'organisation-level SSO enforcement' — admins toggle it and then members can only log in via SAML. It touches auth-service, the web admin, the mobile apps and the billing plans. Break it down into workstreams, dependencies, and an order that lets us ship behind a flag. Call out anything risky."
            )
        ],
    ),
    case(
        "agent-104",
        L,
        "de",
        "German: Ursachenanalyse über Build-System und CI",
        [
            user(
                "Unsere Gradle-Builds auf CI dauern seit zwei Wochen 25 statt 9 Minuten. Lokal keine Änderung. Wir nutzen den Build Cache (remote), Docker-Runner auf Kubernetes, Kotlin 2.0. Wie gehen wir das systematisch an? Welche Hypothesen prüfst du in welcher Reihenfolge und womit?"
            )
        ],
    ),
    case(
        "agent-105",
        L,
        "en",
        "trade-off: rewrite in Rust or optimise Python",
        [
            user(
                "Our Python image-processing service handles 300 req/s and we need 2,000 on the same hardware. Options on the table: rewrite hot paths in Rust with PyO3, move to a Go service, or optimise what we have (Pillow-SIMD, libvips, batching). How would you decide? What would you measure first and what would the plan look like for each outcome?"
            )
        ],
    ),
    case(
        "agent-106",
        L,
        "zh",
        "Chinese: 数据迁移方案",
        [
            user(
                "我们要把用户行为日志从 MySQL 分表（按月分，共 48 张表，约 60 亿行）迁到 ClickHouse，迁移期间新数据还在不停写入。请给出完整的迁移方案：双写还是 CDC、历史数据怎么回灌、怎么校验一致性、切读的时机和回滚方案。"
            )
        ],
    ),
    case(
        "agent-107",
        L,
        "es",
        "Spanish: decidir estrategia de autenticación entre apps",
        [
            user(
                "Tenemos tres aplicaciones (web en Vue, app móvil en Flutter y un panel interno en Django) y cada una tiene su propio login. Queremos un inicio de sesión único. ¿Keycloak, Auth0 o montarlo con OAuth2 propio? Analiza pros, contras, coste y cómo migrarías a los usuarios existentes sin obligarles a resetear la contraseña."
            )
        ],
    ),
    case(
        "agent-108",
        L,
        "en",
        "chat UI with generic tools; a planning question that needs no tool",
        [
            sys(CHAT_UI),
            user(
                "I'm a solo dev launching a small SaaS in January. What's a sensible launch plan for the 6 weeks before and after — infra hardening, monitoring, support, pricing experiments? Prioritise, I can't do it all."
            ),
        ],
        CHAT_UI_TOOLS,
    ),
    case(
        "agent-109",
        L,
        "pl",
        "Polish: analiza przyczyn – raporty finansowe się nie zgadzają",
        [
            user(
                "Raport przychodów w Power BI pokazuje za listopad o 3,8% mniej niż księgowość. Dane idą: sklep → eksport CSV co godzinę → skrypt w Pythonie → hurtownia w BigQuery → Power BI. Strefy czasowe, zwroty i waluty są obsługiwane w różnych miejscach. Jak zorganizować dochodzenie, żeby znaleźć, gdzie ginie ta różnica?"
            )
        ],
    ),
    case(
        "agent-110",
        L,
        "en",
        "Aider prompt; user asks how to structure a large change before edits",
        [
            sys(AIDER_LIKE),
            user(
                "I want to split app/models.py (2,900 lines, 40 models) into a package. Circular imports are going to bite. What's the order of operations you'd follow so every intermediate commit still imports and the tests pass? Just the plan for now."
            ),
        ],
    ),
    case(
        "agent-111",
        L,
        "en",
        "evaluate several hypotheses for an observed production behaviour",
        [
            user(
                "Since enabling HTTP/2 on our load balancer, a subset of corporate customers report that file downloads hang at random points. Others are fine. Their networks have TLS-inspecting proxies. Lay out the plausible explanations, how likely each is, and an experiment for each that would confirm or kill it."
            )
        ],
    ),
    case(
        "agent-112",
        L,
        "en",
        "plan for a team process change",
        [
            user(
                "Our on-call is burning people out: ~40 pages a week, most are noise, and the same 3 seniors end up fixing everything. Design a plan to get to <10 actionable pages a week in a quarter — alert review, ownership, runbooks, rotation changes. Include how we'd measure progress."
            )
        ],
    ),
    case(
        "agent-113",
        L,
        "de",
        "German: Entscheidungsvorlage Cloud-Anbieter",
        [
            user(
                "Erstelle mir bitte eine durchdachte Entscheidungsvorlage: Wir müssen zwischen AWS, Azure und einem deutschen Anbieter (IONOS oder STACKIT) wählen. Randbedingungen: Behördenkunden, DSGVO, kleines Ops-Team, Kubernetes-Workloads, Postgres. Kriterien gewichten, Optionen bewerten, Empfehlung und nächste Schritte."
            )
        ],
    ),
    case(
        "agent-114",
        L,
        "en",
        "design a rollout and verification plan for a risky config change",
        [
            user(
                "We need to change the default isolation level of our main Postgres from READ COMMITTED to REPEATABLE READ because of a reporting anomaly. 120 services use this DB. How would you roll this out safely? What could break, how would we detect it, and what's the staged plan?"
            )
        ],
    ),
    case(
        "agent-115",
        L,
        "en",
        "multi-turn: previous was a summary; last asks for a strategy from it",
        [
            user(
                "summarise the attached postmortem in 5 bullets\n\nPostmortem: On Nov 21 the recommendations cache expired simultaneously for all keys at 09:00 after a deploy reset TTL jitter. Origin DB load went 8x, API latency rose to 12s, and autoscaling added pods that made the DB worse. Mitigated by disabling recommendations at 09:40. Root cause: TTL jitter config lost in Helm values refactor."
            ),
            asst(
                "- Nov 21, 09:00: all recommendation cache keys expired at once\n- Cause: TTL jitter config lost in a Helm values refactor\n- DB load 8x, API latency up to 12s\n- Autoscaling added pods and made DB load worse\n- Mitigated at 09:40 by disabling recommendations"
            ),
            user(
                "Thanks. Now think about how we prevent the whole class of this — config silently dropped in refactors, and autoscaling amplifying DB overload. What should our plan be across tooling, review and architecture?"
            ),
        ],
    ),
    case(
        "agent-116",
        L,
        "es",
        "Spanish: estrategia de depuración para un bug que solo ocurre en producción",
        [
            user(
                "Tenemos un bug que solo ocurre en producción: algunos pedidos se guardan con el total a cero. No lo podemos reproducir en staging. Stack: PHP 8.2, Symfony, MariaDB, varias instancias detrás de HAProxy. ¿Qué estrategia seguirías para acotarlo sin afectar a los clientes? Piensa en logging, feature flags, comparación de datos, etc."
            )
        ],
    ),
    case(
        "agent-117",
        L,
        "en",
        "large decision: which parts to keep when rewriting a mobile app",
        [
            user(
                "We have a native iOS app (Swift, UIKit) and a native Android app (Java). Leadership wants to move to one codebase. React Native, Flutter, or Kotlin Multiplatform for shared logic with native UI? Consider our 2 iOS + 2 Android devs, heavy use of Bluetooth LE, and a 12-month horizon. Think it through and propose a migration path."
            )
        ],
    ),
    case(
        "agent-118",
        L,
        "zh",
        "Chinese: 方案评估与分步计划",
        [
            user(
                "老板想把客服系统接入大模型，自动回答 70% 的常见问题。我们有 5 年的工单数据、一个知识库、一个 Zendesk。请帮我想清楚：技术路线（RAG、微调还是两者结合）、风险（答错、隐私）、先做什么试点、怎么评估效果，给出一个三个月的推进计划。"
            )
        ],
    ),
    case(
        "agent-119",
        L,
        "en",
        "chain of reasoning with CI log as material, asks why across pipeline stages",
        [
            user(
                "Our release pipeline has 5 stages (build → unit → image → integration → deploy). Since last week, integration passes but deploy fails with `ImagePullBackOff` about a third of the time, and re-running deploy alone works. The image tag is computed in stage 3 from the git sha + build number. I think the problem is in how stages hand things off, not in any one script. Help me reason through where the race or mismatch could be and how to prove it."
            )
        ],
    ),
    case(
        "agent-120",
        L,
        "pl",
        "Polish: wybór strategii testów wydajnościowych",
        [
            user(
                "Przed Black Friday chcemy sprawdzić, czy sklep wytrzyma 10x ruchu. Nigdy nie robiliśmy testów obciążeniowych. Jak to zaplanować? Jakie scenariusze, jakie narzędzie (k6, Gatling, Locust), gdzie testować żeby nie położyć produkcji, i co zrobić z wynikami?"
            )
        ],
    ),
    case(
        "agent-121",
        L,
        "en",
        "data model decision with evolving requirements",
        [
            user(
                "We store product attributes in an EAV table and queries are awful. Options: JSONB column with GIN index, a wide table per category, or a separate search engine. Categories have 10–200 attributes, admins add new ones weekly, and we need faceted filters. Reason through each and recommend, including how to migrate 4M products."
            )
        ],
    ),
    case(
        "agent-122",
        L,
        "en",
        "prioritisation across a backlog with dependencies (planning, not triage labels)",
        [
            user(
                "Here's what's on our platform team's plate for Q1: upgrade k8s 1.27→1.30, move secrets to Vault, cut AWS bill 20%, replace Jenkins with GitHub Actions, add SLOs for the top 5 services. Two engineers. Figure out a sequence that respects dependencies and risk, and explain why that order."
            )
        ],
    ),
    case(
        "agent-123",
        L,
        "de",
        "German: Strategie zum Finden eines sporadischen Datenverlusts",
        [
            user(
                "In unserer Offline-fähigen Außendienst-App gehen gelegentlich Formulare verloren – der Nutzer sagt, er habe gespeichert, auf dem Server kommt nichts an. Android, SQLite lokal, Sync per REST. Wie würdest du vorgehen, um herauszufinden, in welchem Schritt die Daten verschwinden? Bitte Hypothesen und konkrete Messpunkte."
            )
        ],
    ),
    case(
        "agent-124",
        L,
        "en",
        "image part: screenshot of dashboards; ask for interpretation and next investigation steps",
        [
            parts(
                "These are our Grafana panels from the incident window (CPU, GC pauses, request rate, DB connections). GC pauses spike first, then connections max out. What story do these tell you, and what would you investigate next to confirm it?",
                image="https://grafana.example.internal/render/d/abc123/incident.png",
            )
        ],
    ),
    case(
        "agent-125",
        L,
        "en",
        "designing an experiment to decide a technical question",
        [
            user(
                "Half the team thinks switching our Node services from Express to Fastify will cut latency noticeably; the other half thinks the DB dominates and it won't matter. How would you set up a fair experiment to settle it, what would you measure, and what result would justify the migration effort?"
            )
        ],
    ),
    case(
        "agent-126",
        L,
        "en",
        "short but clearly a plan: multi-step migration with constraints",
        [
            user(
                "Plan the move of our 3 Jenkins pipelines to GitLab CI with zero missed releases. Steps, order, and rollback."
            )
        ],
    ),
    case(
        "agent-127",
        L,
        "es",
        "Spanish: decisión de arquitectura para un sistema de notificaciones",
        [
            user(
                "Necesito diseñar el sistema de notificaciones de una fintech: email, SMS, push y webhooks, con reintentos, preferencias del usuario y trazabilidad para auditoría. ¿Cómo lo estructurarías? Dame los componentes, cómo se comunican y qué decisiones clave hay que tomar antes de empezar."
            )
        ],
    ),
    case(
        "agent-128",
        L,
        "en",
        "after a code answer, user asks to think about the rollout of it across the fleet",
        [
            user("write a bash snippet that rotates /var/log/app/*.log when over 500MB"),
            asst(
                '```bash\nfor f in /var/log/app/*.log; do\n  [ $(stat -c%s "$f") -gt 524288000 ] && mv "$f" "$f.$(date +%s)" && : > "$f"\ndone\n```'
            ),
            user(
                "Thanks. Now, we have ~300 VMs across 4 environments, some with logrotate already configured differently, some with apps that keep the file handle open. How should we roll log rotation out across the fleet without losing logs or breaking the apps that hold handles? Think through the plan."
            ),
        ],
    ),
    case(
        "agent-129",
        L,
        "zh",
        "Chinese: 架构演进路线",
        [
            user(
                "我们是一个 10 人的创业团队，现在是一个 Spring Boot 单体，用户量刚过 50 万。有人提议拆成微服务。请帮我分析一下现在拆的利弊，如果要拆应该按什么边界拆、分几步走，如果不拆有哪些替代手段可以缓解现在的问题。"
            )
        ],
    ),
    case(
        "agent-130",
        L,
        "en",
        "investigation across DNS/TLS/CDN for an odd symptom",
        [
            user(
                "Some customers get a certificate error on app.example.com but only on mobile data, never Wi-Fi, and only in two countries. We use Cloudflare in front of an AWS ALB, certs from ACM and Cloudflare origin certs. What could explain it and how do we narrow it down without access to the customers' phones?"
            )
        ],
    ),
    case(
        "agent-131",
        L,
        "pl",
        "Polish: decyzja – czy przepisywać moduł",
        [
            user(
                "Moduł naliczania prowizji to 6 tys. linii PHP bez testów, autor dawno odszedł. Co kwartał zmieniają się zasady i każda zmiana trwa tydzień i coś psuje. Przepisać od zera, refaktoryzować stopniowo, czy wyciągnąć reguły do silnika reguł? Przeanalizuj opcje i zaproponuj plan."
            )
        ],
    ),
    case(
        "agent-132",
        L,
        "en",
        "threat model as multi-step reasoning",
        [
            user(
                "We're adding a feature where customers can upload CSVs that our workers parse and import into their account. Walk me through a threat model for this flow — what can go wrong at each step, how bad it is, and which mitigations we should build first given a 3-week deadline."
            )
        ],
    ),
    case(
        "agent-133",
        L,
        "de",
        "German: Plan für ein Upgrade mit vielen Abhängigkeiten",
        [
            user(
                "Wir müssen eine Angular-14-Anwendung auf Angular 19 bringen. Dazu hängen Angular Material, NgRx, ein eigenes Komponenten-Repo und zwei Drittanbieter-Bibliotheken, die seit 2022 kein Update mehr hatten. Wie planst du das Upgrade in Etappen, und was machen wir mit den toten Bibliotheken?"
            )
        ],
    ),
    case(
        "agent-134",
        L,
        "en",
        "decide the order to chase multiple reported problems",
        [
            user(
                "After the datacenter move we have: (1) nightly batch 2x slower, (2) occasional NFS stale file handle errors, (3) clock drift warnings on 3 hosts, (4) LDAP logins slow in the morning. They might be related. How would you reason about which are connected and what order to investigate them in?"
            )
        ],
    ),
    case(
        "agent-135",
        L,
        "en",
        "migration of auth tokens strategy",
        [
            user(
                "We're moving from opaque session IDs in Redis to JWTs so the mobile apps can talk to edge functions directly. What's the migration strategy so no one gets logged out, how do we handle revocation, and what's the plan if we need to back out halfway?"
            )
        ],
    ),
    case(
        "agent-136",
        L,
        "es",
        "Spanish: plan de reducción de costes cloud",
        [
            user(
                "La factura de GCP ha subido un 70% en seis meses y nadie sabe bien por qué. ¿Cómo organizarías la investigación y el plan de reducción? Qué mirar primero, quién debería participar, qué quick wins suelen existir y cómo evitar que vuelva a pasar."
            )
        ],
    ),
]
