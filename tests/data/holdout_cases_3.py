# ruff: noqa: E501  -- hand-written request text and generated material keep their own line lengths
"""Hand-written hold-out cases: agentic_reasoning, tool_use. Evaluation only."""

from holdout_common import (
    CHAT_UI_TOOLS,
    CODING_AGENT_TOOLS,
    CONVERT_CURRENCY,
    CREATE_EVENT,
    GET_WEATHER,
    GITHUB_PR,
    JIRA_CREATE,
    KUBECTL,
    LIGHTS,
    REMINDER,
    RUN_SHELL,
    SEND_EMAIL,
    SET_THERMOSTAT,
    SQL_QUERY,
    STOCK_QUOTE,
    WEB_SEARCH,
    A,
    C,
    S,
    U,
)

PLANNER_SYS = "You are a senior staff engineer. Think through trade-offs, state assumptions, and propose a phased plan with risks and checkpoints."

AGENTIC_REASONING = [
    C(
        "agentic_reasoning",
        "latency investigation strategy",
        [
            U(
                "After we moved our API from VMs to Kubernetes last week the p99 went from ~200ms to ~2s. No errors, CPU looks fine, same DB. How would you go about finding out what's going on? What would you check first and why?"
            ),
        ],
    ),
    C(
        "agentic_reasoning",
        "monolith split plan",
        [
            S(PLANNER_SYS),
            U(
                "We have a 6-year-old Django monolith (orders, catalog, payments, notifications) and a team of 6. Management wants 'microservices'. Should we, and if so in what order would you carve things out? We deploy twice a week today."
            ),
        ],
    ),
    C(
        "agentic_reasoning",
        "message broker architecture decision",
        [
            U(
                "For order events (about 300/s peak, need replay for 7 days, 4 consumer teams) we're torn between Kafka, RabbitMQ and SQS/SNS. We're on AWS, small platform team. Which would you pick and what would make you change your mind?"
            ),
        ],
    ),
    C(
        "agentic_reasoning",
        "database major upgrade plan",
        [
            U(
                "Need to go from Postgres 11 to 16 on a 1.2 TB primary with two replicas, max 5 minutes downtime allowed. Logical replication vs pg_upgrade --link vs something else? Lay out the steps and the rollback plan."
            ),
        ],
    ),
    C(
        "agentic_reasoning",
        "follow-up: step back from a fix to a root-cause strategy",
        [
            U(
                "test_order_events_are_published fails sometimes on CI with `AssertionError: expected 1 message, got 0`"
            ),
            A(
                "The consumer probably reads before the message is committed. Try polling the queue for up to 2 seconds instead of asserting immediately."
            ),
            U(
                "tried that, still fails about 1 in 30 runs, never locally. It touches the queue and the database. Let's step back: I don't want another guess, I want a strategy to narrow down the real cause systematically."
            ),
        ],
    ),
    C(
        "agentic_reasoning",
        "memory growth investigation",
        [
            U(
                "Our Java service's RSS grows from 1.5 GB to 3.8 GB over about four days and then the container gets OOM-killed. Heap usage after GC looks flat in Grafana. What are the likely suspects and how would you investigate each, in what order?"
            ),
        ],
    ),
    C(
        "agentic_reasoning",
        "multi-tenant isolation design",
        [
            U(
                "We're building B2B SaaS, expecting 50-2000 tenants, a few large ones with compliance requirements. Schema-per-tenant, row-level security, or database-per-tenant? Think about migrations, noisy neighbours, backups and cost."
            ),
        ],
    ),
    C(
        "agentic_reasoning",
        "CI migration plan across many repos",
        [
            U(
                "We have 40 repos on a self-hosted Jenkins with lots of shared Groovy libraries. Plan the move to GitHub Actions: sequencing, what to standardise first, how to run both in parallel, and how we know we're done."
            ),
        ],
    ),
    C(
        "agentic_reasoning",
        "Polish: database migration planning",
        [
            U(
                "Jak zaplanować migrację z MySQL 5.7 do PostgreSQL dla systemu księgowego, który nie może stać dłużej niż godzinę? Mamy procedury składowane i sporo raportów w SQL. Proszę o etapy i ryzyka."
            ),
        ],
        lang="pl",
    ),
    C(
        "agentic_reasoning",
        "German: frontend rewrite strategy",
        [
            U(
                "Wir überlegen, unser Frontend von AngularJS 1.x auf React umzustellen. 300 Views, 4 Entwickler, laufender Betrieb. Big Bang oder schrittweise (Strangler)? Wie würdet ihr vorgehen und woran merken wir, dass es scheitert?"
            ),
        ],
        lang="de",
    ),
    C(
        "agentic_reasoning",
        "Spanish: architecture for booking app",
        [
            U(
                "Vamos a construir una app de reservas para 200 clínicas. Necesito una propuesta de arquitectura: cómo evitar dobles reservas, notificaciones por SMS, integración con calendarios externos y qué partes haríais síncronas o asíncronas."
            ),
        ],
        lang="es",
    ),
    C(
        "agentic_reasoning",
        "Chinese: intermittent timeout investigation",
        [
            U(
                "线上服务每天会有几次偶发超时，持续几秒就恢复，日志里没有明显报错。请给一个系统的排查思路：先看什么、怎么缩小范围、需要补哪些监控。"
            ),
        ],
        lang="zh",
    ),
    C(
        "agentic_reasoning",
        "planner agent: break goal into steps",
        [
            S(
                "You are a planning agent. Given a goal, produce an ordered plan of concrete steps with owners, dependencies and exit criteria. Do not write code."
            ),
            U(
                "Goal: make our mobile app usable offline for field technicians (read work orders, fill forms, sync later) by Q3."
            ),
        ],
    ),
    C(
        "agentic_reasoning",
        "rare duplicate orders, hypotheses and narrowing",
        [
            U("""About once a week a customer gets charged twice for one order. We can't reproduce it. What we know:
- happens only with card payments, never PayPal
- both charges are ~1-3 seconds apart
- our checkout endpoint sits behind an ALB with a 60s idle timeout, and the mobile app retries on timeout
- payment provider calls are not using idempotency keys yet
What are the likely causes and how would you confirm which one it is before changing anything?"""),
        ],
    ),
    C(
        "agentic_reasoning",
        "caching strategy design",
        [
            U(
                "Product catalog: 2M SKUs, prices change a few thousand times an hour, pages must never show a stale price for more than 30 seconds. Where would you cache (CDN, app, Redis) and how do you invalidate? Walk me through the design."
            ),
        ],
    ),
    C(
        "agentic_reasoning",
        "global rate limiting design",
        [
            U(
                "We run the API in three regions. Customers have per-minute quotas that must hold globally, roughly. How would you design rate limiting so that it's accurate enough without adding a cross-region round trip to every request?"
            ),
        ],
    ),
    C(
        "agentic_reasoning",
        "build vs buy for search",
        [
            U(
                "Our site search is LIKE queries on Postgres and users hate it. Options: Postgres full-text, self-hosted OpenSearch, or Algolia. 400k documents, 3 languages, 2 backend devs. Help me decide, including what it costs us to operate each."
            ),
        ],
    ),
    C(
        "agentic_reasoning",
        "incremental decomposition plan for a god class",
        [
            U(
                "There's a 2,400-line OrderManager class that everyone is afraid to touch; no tests. I don't want code yet — give me a plan to break it apart safely over a few sprints, what to do first, how to add safety nets."
            ),
        ],
    ),
    C(
        "agentic_reasoning",
        "disaster recovery planning",
        [
            U(
                "We need a DR plan for our SaaS: RPO 15 min, RTO 2h, single AWS region today, Postgres + S3 + Redis. What architecture changes are needed, what do we test and how often?"
            ),
        ],
    ),
    C(
        "agentic_reasoning",
        "follow-up: next phase and risks",
        [
            U("We want to move our on-prem VMware estate (~120 VMs) to Azure. Where to start?"),
            A(
                "Start with discovery and dependency mapping, then group workloads into waves: low-risk stateless apps first, databases and tightly coupled systems later. Set up the landing zone (networking, identity, policies) before wave 1."
            ),
            U(
                "ok. what would wave 2 and 3 look like and what are the main risks we should plan for?"
            ),
        ],
    ),
    C(
        "agentic_reasoning",
        "mixed Polish/English rollout plan",
        [
            U(
                "potrzebuję planu how to roll out feature flags w całej firmie — 9 zespołów, każdy robi to inaczej, część ma flagi w env vars. Co najpierw, jak przekonać zespoły, jak sprzątać stare flagi?"
            ),
        ],
        lang="pl",
    ),
    C(
        "agentic_reasoning",
        "event sourcing evaluation",
        [
            U(
                "Would event sourcing be a good fit for a ledger service in a small fintech (double-entry, audits, ~50k transactions/day)? Think through projections, schema evolution and what it does to the team's day-to-day."
            ),
        ],
    ),
    C(
        "agentic_reasoning",
        "capacity planning for local LLM gateway",
        [
            U(
                "We want to serve 3 local models (an 8B chat, a 7B coder, a 32B reasoning model) to ~60 developers via one gateway. We have 2 servers with 2x RTX 4090 each. How should we place models, queue requests and decide when a second GPU box is needed?"
            ),
        ],
    ),
    C(
        "agentic_reasoning",
        "multi-step investigation of slower ETL",
        [
            U("""Let's figure this out step by step. Our nightly ETL went from 40 min to ~2h over the last month. Things that changed in that period:
1. upgraded Spark 3.3 -> 3.5
2. source table grew ~20%
3. moved the warehouse to a different instance type (more memory, fewer cores)
4. a new join with the marketing attribution table
How do we isolate which one(s) matter, cheaply?"""),
        ],
    ),
    C(
        "agentic_reasoning",
        "incident response plan after leaked key",
        [
            U(
                "A developer pushed an AWS access key to a public GitHub repo 3 hours ago. It's already been revoked. What should our response look like now — what to check, in which order, and who needs to be told?"
            ),
        ],
    ),
    C(
        "agentic_reasoning",
        "offline sync conflict design",
        [
            U(
                "Designing sync for a notes app that works offline on phone and laptop. Last-write-wins, operational transforms or CRDTs? What would you choose for a 3-person team and why?"
            ),
        ],
    ),
    C(
        "agentic_reasoning",
        "German: sporadic 502 root-cause strategy",
        [
            U(
                "Hinter unserem Load Balancer bekommen wir sporadisch 502er, vielleicht 0,1 % der Requests, vor allem nach Deployments, aber nicht nur. Wie würdet ihr systematisch die Ursache eingrenzen? Welche Hypothesen, welche Daten?"
            ),
        ],
        lang="de",
    ),
    C(
        "agentic_reasoning",
        "Spanish: migration to cloud plan",
        [
            U(
                "Tenemos un ERP on-premise con Oracle y 15 integraciones por FTP. Queremos pasar a la nube en 12 meses. ¿Qué fases propones, qué migrarías primero y cuáles son los mayores riesgos?"
            ),
        ],
        lang="es",
    ),
    C(
        "agentic_reasoning",
        "Chinese: flash-sale system architecture",
        [
            U(
                "我们要做一个秒杀活动，预计峰值10万QPS，库存只有1000件。请设计整体架构：如何防止超卖、如何削峰、数据库怎么扛住，说明各方案的取舍。"
            ),
        ],
        lang="zh",
    ),
    C(
        "agentic_reasoning",
        "monorepo vs polyrepo decision",
        [
            U(
                "12 teams, ~70 services in separate repos, shared libraries versioned by hand and always out of sync. Would a monorepo actually help us? What would the migration and tooling look like, and what would we lose?"
            ),
        ],
    ),
]

CLINE_SYS = """You are Cline, a highly skilled software engineer with extensive knowledge in many programming languages.

TOOL USE
You have access to a set of tools that are executed upon the user's approval. You can use one tool per message. Tool use is formatted using XML-style tags:

<read_file>
<path>src/main.js</path>
</read_file>

<write_to_file>
<path>path/to/file</path>
<content>...</content>
</write_to_file>

<execute_command>
<command>npm run test</command>
<requires_approval>false</requires_approval>
</execute_command>

<attempt_completion>
<result>...</result>
</attempt_completion>

Always wait for the result of a tool before continuing. Current working directory: /home/dev/shop-frontend"""

FUNCTION_PROTOCOL_SYS = """You can call these functions. To call one, reply ONLY with a JSON object {"function": <name>, "arguments": {...}} and nothing else.
- get_weather(city: string, days: int)
- get_time(timezone: string)
- search_docs(query: string)
If no function is needed, answer normally."""

TOOL_USE = [
    C(
        "tool_use",
        "plain words need the thermostat tool",
        [
            U("it's freezing in here"),
        ],
        tools=[SET_THERMOSTAT, LIGHTS],
    ),
    C(
        "tool_use",
        "time-sensitive question with web_search",
        [
            U("who won the F1 race yesterday?"),
        ],
        tools=CHAT_UI_TOOLS,
    ),
    C(
        "tool_use",
        "one-off shell command to run now",
        [
            U(
                "give me a command to list the 10 biggest files under /var right now, disk is almost full"
            ),
        ],
    ),
    C(
        "tool_use",
        "Cline-style agent: add a component",
        [
            S(CLINE_SYS),
            U(
                "<task>\nadd a dark mode toggle component to the header and persist the choice in localStorage\n</task>\n<environment_details>\n# Current Working Directory (/home/dev/shop-frontend) Files\npackage.json\nsrc/App.tsx\nsrc/components/Header.tsx\nsrc/styles/theme.css\n</environment_details>"
            ),
        ],
    ),
    C(
        "tool_use",
        "function protocol in system prompt",
        [
            S(FUNCTION_PROTOCOL_SYS),
            U("czy jutro w Krakowie będzie padać?"),
        ],
        lang="pl",
    ),
    C(
        "tool_use",
        "schema-bound JSON extraction",
        [
            U("""Extract this invoice into JSON matching the schema, output JSON only.
Schema: {"vendor": string, "invoice_no": string, "date": "YYYY-MM-DD", "total": number, "currency": string}

INVOICE  #INV-20931
Northwind Office Supplies Ltd.
Date: 3 March 2024
Paper A4 x 10 ... 42.50
Toner HP 26A x 2 ... 118.00
TOTAL DUE: GBP 160.50"""),
        ],
    ),
    C(
        "tool_use",
        "calendar tool request",
        [
            S(
                "You are a personal assistant with access to the user's calendar and email. Current time: 2024-05-13T16:20:00+02:00."
            ),
            U("put 30 min with Anna tomorrow at 10 to go over the budget"),
        ],
        tools=[CREATE_EVENT, SEND_EMAIL],
    ),
    C(
        "tool_use",
        "send email via tool",
        [
            U("email tom@acme.example that I'll be 15 minutes late to the 2pm, sorry"),
        ],
        tools=[SEND_EMAIL, CREATE_EVENT],
    ),
    C(
        "tool_use",
        "file a Jira bug via tool",
        [
            U(
                "file a bug in project WEB: checkout button does nothing on Safari 17 when the cart has a gift card"
            ),
        ],
        tools=[JIRA_CREATE],
    ),
    C(
        "tool_use",
        "question answerable only via SQL tool",
        [
            S("You are the analytics assistant. Tables: signups(id, created_at, plan, country)."),
            U("how many signups did we get last week, by plan?"),
        ],
        tools=[SQL_QUERY],
    ),
    C(
        "tool_use",
        "stock price with quote tool",
        [U("how's NVDA doing today?")],
        tools=[STOCK_QUOTE, WEB_SEARCH],
    ),
    C(
        "tool_use",
        "currency conversion at today's rate",
        [
            U("how much is 250 EUR in PLN right now?"),
        ],
        tools=[CONVERT_CURRENCY],
    ),
    C(
        "tool_use",
        "kubectl action",
        [
            S(
                "You are an SRE assistant operating the prod cluster. Confirm destructive actions only if they delete data."
            ),
            U("restart the payments deployment in namespace prod, it's stuck"),
        ],
        tools=[KUBECTL],
    ),
    C(
        "tool_use",
        "lights off via tool",
        [U("kitchen lights off pls")],
        tools=[LIGHTS, SET_THERMOSTAT],
    ),
    C(
        "tool_use",
        "Polish: cold bedroom with thermostat",
        [
            U("Zimno mi w sypialni, możesz coś z tym zrobić?"),
        ],
        tools=[SET_THERMOSTAT, LIGHTS],
        lang="pl",
    ),
    C(
        "tool_use",
        "German: weather tool",
        [
            U("Wie wird das Wetter morgen in Hamburg? Brauche ich einen Schirm?"),
        ],
        tools=[GET_WEATHER],
        lang="de",
    ),
    C(
        "tool_use",
        "Spanish: reminder tool",
        [
            S("Hoy es 2024-06-10. Zona horaria Europe/Madrid."),
            U("Recuérdame llamar a mamá mañana a las 6 de la tarde"),
        ],
        tools=[REMINDER],
        lang="es",
    ),
    C(
        "tool_use",
        "Chinese: today's exchange rate",
        [
            U("帮我查一下今天人民币兑美元的汇率"),
        ],
        tools=[CONVERT_CURRENCY, WEB_SEARCH],
        lang="zh",
    ),
    C(
        "tool_use",
        "Cline loop: tool result comes back as user turn",
        [
            S(CLINE_SYS),
            U("<task>\nthe product list page shows prices without currency, fix it\n</task>"),
            A("<read_file>\n<path>src/components/ProductList.tsx</path>\n</read_file>"),
            U(
                "[read_file for 'src/components/ProductList.tsx'] Result:\nimport { Product } from '../types';\nexport function ProductList({ items }: { items: Product[] }) {\n  return <ul>{items.map(p => <li key={p.id}>{p.name} — {p.price}</li>)}</ul>;\n}"
            ),
        ],
    ),
    C(
        "tool_use",
        "OpenAI tool_calls history, then 'same for staging'",
        [
            S("You operate deployments through tools."),
            U("what image is the api deployment running in prod?"),
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "id": "call_1",
                        "type": "function",
                        "function": {
                            "name": "kubectl",
                            "arguments": '{"args": ["-n", "prod", "get", "deploy", "api", "-o", "jsonpath={.spec.template.spec.containers[0].image}"]}',
                        },
                    }
                ],
            },
            {"role": "tool", "tool_call_id": "call_1", "content": "ghcr.io/acme/api:1.14.2"},
            A("Prod is running ghcr.io/acme/api:1.14.2."),
            U("and staging?"),
        ],
        tools=[KUBECTL],
    ),
    C(
        "tool_use",
        "one-liner to run now: kill port",
        [
            U("one-liner to kill whatever is listening on port 3000, need it now, macOS"),
        ],
    ),
    C(
        "tool_use",
        "curl API call to run now",
        [
            U(
                "give me the curl to create an issue titled 'Flaky login test' in github repo acme/web using my token in $GH_TOKEN — I'll paste it into the terminal"
            ),
        ],
    ),
    C(
        "tool_use",
        "follow-up: one-off ffmpeg command to run now",
        [
            U("why are .mov files from my mac so huge?"),
            A(
                "Screen recordings are saved with a high bitrate (often ProRes or high-bitrate H.264) to keep quality; re-encoding to H.264/H.265 at a sensible CRF shrinks them a lot."
            ),
            U(
                "ok just give me the ffmpeg command to run now: demo.mov -> 720p mp4 small enough for Slack"
            ),
        ],
    ),
    C(
        "tool_use",
        "latest version needs web search",
        [
            U("what's the latest stable release of Node.js?"),
        ],
        tools=CHAT_UI_TOOLS,
    ),
    C(
        "tool_use",
        "weekend weather with web_search in chat UI",
        [
            S(
                "You are a helpful assistant. Tools are available; use them when the answer depends on current information."
            ),
            U("is it going to rain in Lisbon this weekend?"),
        ],
        tools=CHAT_UI_TOOLS,
    ),
    C(
        "tool_use",
        "mixed German/English agent with tools",
        [
            S(
                "You are an autonomous coding agent working in /workspace. Use the provided tools to inspect and modify files and run commands; do not ask the user to do it."
            ),
            U("Lies bitte die README und update the install section for the new uv-based setup"),
        ],
        tools=CODING_AGENT_TOOLS,
        lang="de",
    ),
    C(
        "tool_use",
        "Polish: one-off disk usage command",
        [
            U(
                "podaj komendę, którą teraz odpalę, żeby zobaczyć co zajmuje najwięcej miejsca w /home"
            ),
        ],
        lang="pl",
    ),
    C(
        "tool_use",
        "Spanish: JSON function protocol",
        [
            S(FUNCTION_PROTOCOL_SYS),
            U("¿qué hora es ahora mismo en Tokio?"),
        ],
        lang="es",
    ),
    C(
        "tool_use",
        "Chinese: agent runs tests via tool",
        [
            S("You are a coding agent. Use run_shell to execute commands in the repository."),
            U("运行一下单元测试，告诉我哪些失败了"),
        ],
        tools=CODING_AGENT_TOOLS,
        lang="zh",
    ),
    C(
        "tool_use",
        "check PR CI status via tool",
        [
            U("check PR #512 in acme/api — did CI pass and who approved it?"),
        ],
        tools=[GITHUB_PR, RUN_SHELL],
    ),
]
