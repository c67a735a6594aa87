# ruff: noqa: E501
"""Near-miss pairs in multi-turn histories: the last user turn decides, earlier turns differ.

Also mixed-language asks and a few medium-length bodies (5k-15k characters) that stay
well under the large-context limit.
"""

from __future__ import annotations

from .common import (
    CALENDAR_CREATE,
    CHAT_UI,
    CHAT_UI_TOOLS,
    CLI_AGENT,
    CLINE_LIKE,
    CODING_TOOLS,
    GET_WEATHER,
    LOOKUP_ORDER,
    METRICS,
    REFUND_ORDER,
    SEARCH_TICKETS,
    SLACK_POST,
    SUPPORT_BOT,
    TRIAGE_ROUTER,
    UPDATE_TICKET,
    asst,
    call,
    case,
    parts,
    result,
    sys,
    user,
)
from .longgen import chat_export, log_lines, transcript

TOOL, PLAN, CHAT = "tool_use", "agentic_reasoning", "simple_chat"
TRIAGE, SUM, LARGE = "triage", "summarize", "large_context"

SUPPORT = [LOOKUP_ORDER, REFUND_ORDER, SEARCH_TICKETS, UPDATE_TICKET]

CASES = [
    # --- tool_use where earlier turns were something else -------------------------------
    case(
        "bnd-001",
        TOOL,
        "en",
        "history: summary of an incident; last turn asks to post it to Slack (action)",
        [
            sys("You are the on-call assistant. You can query metrics and post to Slack."),
            user(
                "summarise: search-api errors 10:02-10:35, cause was a replaced ES node not joining, fixed by config push"
            ),
            asst(
                "Search API errors from 10:02 to 10:35 were caused by a replacement Elasticsearch node that failed to join the cluster; a config push fixed it."
            ),
            user("perfect, post exactly that to #status-page-updates"),
        ],
        [METRICS, SLACK_POST],
    ),
    case(
        "bnd-002",
        TOOL,
        "en",
        "history: plan discussion; last turn asks to actually run the first step",
        [
            sys(CLI_AGENT),
            user("how should we approach upgrading our deps safely?"),
            asst(
                "1) List outdated packages. 2) Upgrade patch versions first and run tests. 3) Then minor versions one by one. 4) Majors each in their own branch."
            ),
            user("ok do step 1 now"),
        ],
        CODING_TOOLS,
    ),
    case(
        "bnd-003",
        TOOL,
        "pl",
        "history: chit-chat; last turn: Polish ask to check the weather (tool)",
        [
            user("hej, jak leci?"),
            asst("Cześć! Wszystko dobrze, w czym mogę pomóc?"),
            user("sprawdź mi pogodę w Gdańsku na jutro rano, jadę rowerem"),
        ],
        [GET_WEATHER],
    ),
    case(
        "bnd-004",
        TOOL,
        "mixed",
        "English support bot, Spanish customer, order lookup after small talk",
        [
            sys(SUPPORT_BOT),
            user("hola!"),
            asst("Hi there! 👋 How can I help you today?"),
            user("Hola, my order BN-300912 no ha llegado todavía, ¿puedes mirar dónde está?"),
        ],
        SUPPORT,
    ),
    case(
        "bnd-005",
        TOOL,
        "en",
        "agent loop, triage-like wording but the agent must act via tools",
        [
            sys(
                "You are a helpdesk agent. Use tools to search and update tickets; do not just describe what to do."
            ),
            user("Find all open tickets mentioning 'SSO' and set their priority to high."),
        ],
        SUPPORT,
    ),
    case(
        "bnd-006",
        TOOL,
        "en",
        "history: code generation; last turn: run it (CLI agent)",
        [
            sys(CLI_AGENT),
            user("write a script that counts lines of code per language in this repo"),
            asst(
                "Created `scripts/loc.py`: walks the repo, skips .git and node_modules, groups by extension and prints a table."
            ),
            user("run it"),
        ],
        CODING_TOOLS,
    ),
    case(
        "bnd-007",
        TOOL,
        "mixed",
        "English CLI agent, German ask to check logs via tools",
        [
            sys(CLI_AGENT),
            user(
                "Schau bitte in logs/worker.log nach, ob heute Nacht der Export-Job gelaufen ist."
            ),
        ],
        CODING_TOOLS,
    ),
    case(
        "bnd-008",
        TOOL,
        "en",
        "support bot after a tool error; user gives corrected data to retry",
        [
            sys(SUPPORT_BOT),
            user("refund order BN-55120 please, item arrived broken"),
            call("r1", "lookup_order", '{"order_id": "BN-55120"}'),
            result("r1", '{"error": "order not found"}'),
            asst(
                "I couldn't find an order BN-55120. Could you double-check the number? It's in your confirmation email."
            ),
            user("sorry, it's BN-55210"),
        ],
        SUPPORT,
    ),
    case(
        "bnd-009",
        TOOL,
        "zh",
        "Chinese: calendar tool, after small talk",
        [
            user("早上好"),
            asst("早上好！今天有什么可以帮你？"),
            user("帮我在下周三下午两点到三点建个会，标题“预算评审”，邀请 li.na@example.cn"),
        ],
        [CALENDAR_CREATE],
    ),
    case(
        "bnd-010",
        TOOL,
        "en",
        "Cline loop: user answers the agent's question; agent continues with tools",
        [
            sys(CLINE_LIKE),
            user("<task>\nSet up Prettier for the project.\n</task>"),
            asst(
                "<ask_followup_question>\n<question>Do you want Prettier to run on commit via a git hook, or only via an npm script?</question>\n</ask_followup_question>"
            ),
            user(
                "[ask_followup_question] Result:\n<answer>\nboth please, use husky + lint-staged\n</answer>"
            ),
        ],
    ),
    case(
        "bnd-011",
        TOOL,
        "en",
        "long tool result (~6k chars log) in history; user asks the agent to fetch more",
        [
            sys(CLI_AGENT),
            user("show me the last 60 lines of the app log"),
            call("l1", "run_shell", '{"command": "tail -n 60 /var/log/app/app.log"}'),
            result("l1", log_lines(201, 60)),
            asst(
                "Here are the last 60 lines. A few upstream timeouts to psp.example.net and one deadlock on `orders`."
            ),
            user("grep the whole file for 'deadlock' and give me the count per hour"),
        ],
        CODING_TOOLS,
    ),
    case(
        "bnd-012",
        TOOL,
        "en",
        "ReAct script: question needs a lookup even though it looks like trivia",
        [
            sys(
                "You are a research agent. Tools:\nsearch(query): web search\nlookup(term): look up a term on the current page\n\nUse the format Thought / Action / Action Input / Observation, then Final Answer."
            ),
            user("What's the current exchange rate of the Swiss franc to the Polish złoty?"),
        ],
    ),
    # --- agentic_reasoning near misses --------------------------------------------------
    case(
        "bnd-101",
        PLAN,
        "en",
        "history: code fix; last turn asks for a strategy to prevent the bug class",
        [
            user(
                "TypeError: Cannot read properties of undefined (reading 'id') in OrderRow.tsx line 18"
            ),
            asst(
                "`order.customer` can be undefined for guest orders. Use optional chaining: `order.customer?.id`."
            ),
            user(
                "That fixed it. But we keep hitting this kind of thing across the app — API fields that are sometimes missing. What's a plan to deal with this systematically? Types generated from the OpenAPI spec, runtime validation, something else? Think through the options and the rollout."
            ),
        ],
    ),
    case(
        "bnd-102",
        PLAN,
        "mixed",
        "Polish ask about an English stack: decision and plan",
        [
            user(
                "Mamy Next.js 13 z pages router i chcemy przejść na app router. Jak to rozplanować, żeby nie robić big bang? Co migrować najpierw, jak współistnieją oba routery, na co uważać z data fetchingiem i auth middleware?"
            )
        ],
    ),
    case(
        "bnd-103",
        PLAN,
        "en",
        "CLI agent present but the ask is a reasoned plan, no action",
        [
            sys(CHAT_UI),
            user(
                "We have 3 days before a compliance audit and just discovered our backups were never restore-tested. What should we do, in what order, with what we have (2 people, Postgres + S3, no DR site)? I need a realistic plan, not a checklist of everything ideal."
            ),
        ],
        CHAT_UI_TOOLS,
    ),
    case(
        "bnd-104",
        PLAN,
        "en",
        "failure log (~6k chars) as context; ask is an investigation plan, not a patch",
        [
            user(
                "Below is 60 lines of the combined log from right before checkout failed for a batch of customers. I'm not asking you to fix code — I want to understand what sequence of events across services could produce this, and what we should look at next to confirm.\n\n"
                + log_lines(202, 60, start_hour=13)
            )
        ],
    ),
    case(
        "bnd-105",
        PLAN,
        "de",
        "history: summary; last turn German decision between options",
        [
            user(
                "Fass kurz zusammen: Wir haben Jenkins, GitHub Actions für 2 Repos, und ein altes TeamCity für die Windows-Builds."
            ),
            asst(
                "Drei CI-Systeme parallel: Jenkins (Hauptsystem), GitHub Actions (2 Repos), TeamCity (Windows-Builds)."
            ),
            user(
                "Genau. Sollen wir auf ein System konsolidieren, und wenn ja auf welches? Bitte abwägen – Kosten, Windows-Support, Migrationsaufwand – und einen Stufenplan vorschlagen."
            ),
        ],
    ),
    case(
        "bnd-106",
        PLAN,
        "es",
        "Spanish: pregunta corta pero de estrategia de depuración",
        [
            user(
                "¿Cómo abordarías encontrar una fuga de memoria en una app Node que solo aparece tras 3 días en producción? Pasos concretos, en orden."
            )
        ],
    ),
    case(
        "bnd-107",
        PLAN,
        "en",
        "previous triage; last turn asks how to restructure the whole triage process",
        [
            sys(TRIAGE_ROUTER),
            user("My card was declined but the money was taken"),
            asst('{"queue": "billing", "priority": "P2", "sentiment": "negative"}'),
            user(
                "Stepping out of the router role for a second: our billing queue is 3 days behind and P2s sit for a week. How would you redesign the queues, priorities and staffing rules so urgent money issues get handled same day? Lay out a plan."
            ),
        ],
    ),
    case(
        "bnd-108",
        PLAN,
        "zh",
        "Chinese: 多步骤调查",
        [
            user(
                "我们的 App 在部分安卓机型上启动后白屏几秒，iOS 正常。可能跟 WebView 初始化、热更新包下载、还是首页接口有关。请给我一个排查计划：先验证什么，怎么采集数据，怎么逐步缩小范围。"
            )
        ],
    ),
    case(
        "bnd-109",
        PLAN,
        "en",
        "image of whiteboard, ask to turn it into a sequenced plan with risks",
        [
            parts(
                "Photo of our whiteboard from the planning session. Can you turn this into a sequenced migration plan with owners left blank, and flag the riskiest step?",
                image="https://files.example.com/wb/planning-2026-12-01.jpg",
            )
        ],
    ),
    case(
        "bnd-110",
        PLAN,
        "en",
        "after tool results, user asks for interpretation and next-steps reasoning (no more tool needed)",
        [
            sys("You are an SRE assistant with read access to Prometheus."),
            user("check p99 latency and error rate for checkout over the last 6h"),
            call(
                "m1",
                "query_metrics",
                '{"query": "histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket{service=\\"checkout\\"}[5m])) by (le))", "range": "6h"}',
            ),
            result(
                "m1",
                '{"series": [{"t": "06:00", "v": 0.21}, {"t": "08:00", "v": 0.24}, {"t": "09:30", "v": 1.9}, {"t": "10:00", "v": 2.3}, {"t": "11:00", "v": 0.26}]}',
            ),
            call(
                "m2",
                "query_metrics",
                '{"query": "sum(rate(http_requests_total{service=\\"checkout\\",code=~\\"5..\\"}[5m]))", "range": "6h"}',
            ),
            result(
                "m2",
                '{"series": [{"t": "06:00", "v": 0.1}, {"t": "09:30", "v": 0.1}, {"t": "10:00", "v": 4.2}, {"t": "11:00", "v": 0.2}]}',
            ),
            asst(
                "p99 jumped from ~0.24s to 1.9s at 09:30 and 2.3s at 10:00; 5xx rose only at 10:00 (4.2/s). Both back to normal by 11:00."
            ),
            user(
                "so latency went up half an hour before errors did. what does that ordering suggest, and how would you go about confirming the cause?"
            ),
        ],
        [METRICS],
    ),
    case(
        "bnd-111",
        PLAN,
        "mixed",
        "German-English mix: architecture trade-off",
        [
            user(
                "Kurze Architekturfrage, aber bitte gründlich: we're building a document approval workflow (multi-step, parallel approvers, SLAs, escalations). Temporal, Camunda oder selbst gebaut auf Postgres + Cron? Abwägen und Empfehlung mit Begründung."
            )
        ],
    ),
    case(
        "bnd-112",
        PLAN,
        "pl",
        "Polish: krótki, ale planistyczny",
        [
            user(
                "Jak krok po kroku przejść z jednego dużego klastra Kubernetes na trzy mniejsze (dev/stage/prod) bez przestoju? Kolejność i pułapki."
            )
        ],
    ),
    # --- simple_chat near misses --------------------------------------------------------
    case(
        "bnd-201",
        CHAT,
        "en",
        "history: long agentic plan; last turn is a quick opinion question",
        [
            user("plan our move from Heroku to Fly.io"),
            asst(
                "1) Inventory apps and add-ons... 2) Recreate Postgres with a replica... 3) DNS cutover with low TTL... 4) Decommission."
            ),
            user("out of curiosity, do you like Fly.io?"),
        ],
    ),
    case(
        "bnd-202",
        CHAT,
        "en",
        "CLI agent with tools; user asks a definition, no action needed",
        [
            sys(CLI_AGENT),
            user("quick q unrelated to the repo: what's the difference between UTF-8 and UTF-16?"),
        ],
        CODING_TOOLS,
    ),
    case(
        "bnd-203",
        CHAT,
        "mixed",
        "Polish thanks with English tech words after a tool session",
        [
            sys(CLI_AGENT),
            user("run the linter"),
            call("x1", "run_shell", '{"command": "ruff check ."}'),
            result("x1", "All checks passed!"),
            asst("Linter is clean — no findings."),
            user("super, dzięki! na dziś koniec, idę na lunch 🍕"),
        ],
        CODING_TOOLS,
    ),
    case(
        "bnd-204",
        CHAT,
        "de",
        "German: Konzeptfrage mit Wetter-Tool vorhanden, aber zeitlos",
        [user("Warum ist es im Winter kälter, obwohl die Erde der Sonne näher ist?")],
        [GET_WEATHER],
    ),
    case(
        "bnd-205",
        CHAT,
        "en",
        "after a triage answer, user just reacts",
        [
            sys(TRIAGE_ROUTER),
            user("Your app deleted all my notes!!!"),
            asst('{"queue": "technical", "priority": "P1", "sentiment": "negative"}'),
            user("haha fair, that one would definitely be P1 for me too"),
        ],
    ),
    case(
        "bnd-206",
        CHAT,
        "zh",
        "Chinese: 闲聊 after a summary",
        [
            user("总结一下：明天团建，上午爬山，下午烧烤，晚上自由活动。"),
            asst("明天团建：上午爬山、下午烧烤、晚上自由活动。"),
            user("哈哈，希望别下雨，你喜欢爬山吗？"),
        ],
    ),
    case(
        "bnd-207",
        CHAT,
        "es",
        "Spanish: pregunta de opinión tras una respuesta de código",
        [
            user("¿Cómo invierto una lista en Python?"),
            asst("`lista[::-1]` o `lista.reverse()` (in place)."),
            user("jaja vale. ¿y tú cuál usarías, la de slicing o reverse? por curiosidad"),
        ],
    ),
    # --- triage near misses -------------------------------------------------------------
    case(
        "bnd-301",
        TRIAGE,
        "en",
        "history: summary of a thread; last turn asks only for a priority label",
        [
            user(
                "summarise this: customers on the EU cluster can't upload files since 9am, 40 tickets so far, workaround is the mobile app"
            ),
            asst(
                "Since 09:00, EU-cluster customers can't upload files on web (40 tickets); the mobile app works as a workaround."
            ),
            user("P1 or P2? just the label"),
        ],
    ),
    case(
        "bnd-302",
        TRIAGE,
        "en",
        "~8k-char support export; ask for the single most common category (short label)",
        [
            user(
                "Which issue category shows up most in these chats? Reply with just the category name (billing, login, device, delivery, account).\n\n"
                + chat_export(203, 45)
            )
        ],
    ),
    case(
        "bnd-303",
        TRIAGE,
        "mixed",
        "English tickets, Polish ask for labels",
        [
            user(
                "Oznacz każde zgłoszenie jako bug / pytanie / prośba o funkcję, tylko numer i etykietę:\n\n1. The export button is greyed out for admins\n2. Can we get SAML support?\n3. Where do I change my billing email?"
            )
        ],
    ),
    case(
        "bnd-304",
        TRIAGE,
        "en",
        "CI log with a failure; asks whose area it is (team label), not a fix",
        [
            user(
                "Which team should own this failure: web, api, or infra? One word.\n\n```\nStep 7/12 : RUN npm ci\nnpm ERR! code ECONNRESET\nnpm ERR! network aborted\nnpm ERR! network This is a problem related to network connectivity.\nThe command '/bin/sh -c npm ci' returned a non-zero code: 1\n```\nThe same step fails on all branches since the runner image update."
            )
        ],
    ),
    case(
        "bnd-305",
        TRIAGE,
        "de",
        "German: E-Mails nach Abteilung routen, Liste",
        [
            sys(
                "Leite jede Nachricht an genau eine Abteilung weiter: Vertrieb, Support, Buchhaltung, Personal. Antworte im Format 'Nr: Abteilung'."
            ),
            user(
                "1) Ich möchte mich auf die ausgeschriebene Stelle als Lagerist bewerben.\n2) Unsere letzte Rechnung hat einen falschen Betrag.\n3) Das Gerät startet nach dem Update nicht mehr."
            ),
        ],
    ),
    case(
        "bnd-306",
        TRIAGE,
        "en",
        "support bot with tools present, but the ask is a classification of the complaint",
        [
            sys(
                "You are an assistant for support leads. Tools are available for lookups if needed."
            ),
            user(
                'Is this complaint about the product, the delivery, or the price? One word.\n\n"Paid 40 euros for express shipping and it still took 6 days."'
            ),
        ],
        SUPPORT,
    ),
    case(
        "bnd-307",
        TRIAGE,
        "es",
        "Spanish: etiqueta sí/no sobre un diff (¿rompe la API?)",
        [
            user(
                "¿Este cambio rompe la API pública? Responde sí o no y nada más.\n\n```diff\n-def crear_pedido(cliente_id, items):\n+def crear_pedido(cliente_id, items, moneda='EUR'):\n```"
            )
        ],
    ),
    case(
        "bnd-308",
        TRIAGE,
        "zh",
        "Chinese: 日志级别分类",
        [
            user(
                "下面每条日志应该算 告警 还是 正常？只按行号回答。\n1. disk usage 45%\n2. replication lag 120s\n3. user login ok\n4. certificate expires in 3 days"
            )
        ],
    ),
    # --- summarize near misses ----------------------------------------------------------
    case(
        "bnd-401",
        SUM,
        "en",
        "~10k-char meeting transcript, ask for 5 bullet summary (not large)",
        [
            user(
                "Summarise this meeting in 5 bullets, focus on decisions:\n\n" + transcript(204, 60)
            )
        ],
    ),
    case(
        "bnd-402",
        SUM,
        "en",
        "history: triage; last turn asks for a short summary of the same ticket",
        [
            sys("You help support leads with tickets."),
            user(
                "priority for: 'Since the update the thermostat app crashes when I open schedules; I reinstalled twice, still crashes; I have three devices; this is very frustrating, I need the heating schedule before the weekend'"
            ),
            asst("P2"),
            user("and a one-line summary of it for the handover sheet?"),
        ],
    ),
    case(
        "bnd-403",
        SUM,
        "mixed",
        "German ask, English log, summary not fix",
        [
            user(
                "Fass mir bitte diese Logzeilen in zwei Sätzen zusammen (kein Fix nötig, ist schon gelöst):\n\n"
                + log_lines(205, 25)
            )
        ],
    ),
    case(
        "bnd-404",
        SUM,
        "en",
        "image + text of a long email; ask TL;DR",
        [
            parts(
                "tl;dr of this email from the landlord please",
                "Dear tenants, as announced in the spring, the building's heating system will be replaced between 12 and 16 January. During this period, hot water will be available only between 6-9 am and 6-10 pm, and radiators will be off on 13 and 14 January. Portable heaters can be borrowed from the caretaker (limited supply, first come first served). Please make sure the technicians can access your flat on 15 January between 8 am and 4 pm; if you cannot be home, leave a key with the caretaker. We apologise for the inconvenience.",
                image="https://mail.example.com/attach/letter.jpg",
            )
        ],
    ),
    case(
        "bnd-405",
        SUM,
        "pl",
        "Polish: po review prośba o streszczenie samego PR",
        [
            user(
                "Zrób review tego PR: dodaje cache'owanie wyników wyszukiwania w Redisie z TTL 5 min, klucz = hash zapytania"
            ),
            asst(
                "Wygląda rozsądnie. Uwagi: klucz powinien uwzględniać uprawnienia użytkownika, a TTL warto skonfigurować przez env."
            ),
            user("ok, a teraz streść sam PR w jednym zdaniu do changeloga"),
        ],
    ),
    case(
        "bnd-406",
        SUM,
        "en",
        "CLI agent; file content in tool result; user asks what the file says in short",
        [
            sys(CLI_AGENT),
            user("open docs/ONCALL.md"),
            call("f1", "read_file", '{"path": "docs/ONCALL.md"}'),
            result(
                "f1",
                "# On-call\n\nRotation is weekly, Monday 10:00 to Monday 10:00. Primary acknowledges pages within 5 minutes, secondary within 15. Escalate to the incident commander for any customer-facing outage longer than 15 minutes. Hand-off happens in #oncall with a written note of open issues. Pages outside 22:00-07:00 give a day off in lieu. Runbooks live in docs/runbooks/. Never deploy on Fridays after 15:00 unless it's a fix for an active incident.",
            ),
            asst("Opened docs/ONCALL.md."),
            user("give me the 4 most important rules from it"),
        ],
        CODING_TOOLS,
    ),
    case(
        "bnd-407",
        SUM,
        "es",
        "Spanish: resumir un hilo de correo para jefe, más corto",
        [
            user(
                "Resume: Ana propone mover el lanzamiento al 15 de enero porque faltan traducciones. Luis dice que marketing ya compró anuncios para el 8. Ana sugiere lanzar el 8 solo en inglés y español y el resto el 15. Luis acepta si el equipo legal revisa los textos antes del 5."
            ),
            asst(
                "Se lanza el 8 de enero en inglés y español y el resto de idiomas el 15, siempre que legal revise los textos antes del 5."
            ),
            user("perfecto, ¿y en menos de 15 palabras?"),
        ],
    ),
    case(
        "bnd-408",
        SUM,
        "zh",
        "Chinese: 总结而非审查代码",
        [
            user(
                '不用评审，只要用两句话说明这段脚本在干什么：\n\n```bash\n#!/usr/bin/env bash\nset -euo pipefail\nfor db in $(psql -Atc "select datname from pg_database where datistemplate = false"); do\n  pg_dump -Fc "$db" > "/backups/${db}_$(date +%F).dump"\ndone\nfind /backups -name \'*.dump\' -mtime +7 -delete\n```'
            )
        ],
    ),
    # --- large_context in a multi-turn history ------------------------------------------
    case(
        "bnd-501",
        LARGE,
        "mixed",
        "Polish ask over a whole English monorepo",
        [
            user(
                "Przejdź przez cały monorepo (services/*, libs/*) i wypisz wszystkie miejsca, gdzie czytamy zmienne środowiskowe bez wartości domyślnej."
            )
        ],
    ),
    case(
        "bnd-502",
        LARGE,
        "en",
        "history: small question; last turn pastes a ~55k-char support export to triage",
        [
            user("can you help me sort support chats by topic?"),
            asst("Sure — paste them and tell me the categories you want."),
            user(
                "categories: billing, device, account, delivery, other. Count per category please.\n\n"
                + chat_export(206, 300)
            ),
        ],
    ),
]
