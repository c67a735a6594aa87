# ruff: noqa: E501
"""More tool_use and agentic_reasoning, set against each other and against new code.

Agent loops that build features are tool_use; a script to keep is code_generate; a
strategy for finding a cause is agentic_reasoning even when code or errors are shown.
"""

from __future__ import annotations

from .common import (
    AIDER_LIKE,
    BOOK_FLIGHT,
    CHAT_UI,
    CHAT_UI_RAG,
    CHAT_UI_TOOLS,
    CLI_AGENT,
    CLINE_LIKE,
    CODING_TOOLS,
    CRM_LOOKUP,
    HTTP_REQUEST,
    INT,
    OPENHANDS_LIKE,
    SEND_EMAIL,
    SQL_QUERY,
    S,
    asst,
    call,
    case,
    result,
    sys,
    tool,
    user,
)

TOOL, PLAN, GEN = "tool_use", "agentic_reasoning", "code_generate"

RESTAURANT = tool(
    "book_table",
    "Reserve a table at a partner restaurant.",
    {"restaurant": S, "date": S, "time": S, "people": INT},
)
CART = [
    tool(
        "search_products",
        "Search the shop catalogue.",
        {"query": S, "max_price": {"type": "number"}},
        ["query"],
    ),
    tool("add_to_cart", "Add a product to the user's cart.", {"sku": S, "quantity": INT}),
]
TRANSLATE = tool(
    "translate", "Translate text with the company's glossary.", {"text": S, "target_lang": S}
)
NOTES = [
    tool("create_note", "Create a note in the user's notebook.", {"title": S, "body": S}),
    tool("search_notes", "Full-text search over the user's notes.", {"query": S}),
]
GITHUB = [
    tool("gh_list_prs", "List pull requests of a repository.", {"repo": S, "state": S}, ["repo"]),
    tool(
        "gh_comment", "Comment on an issue or pull request.", {"repo": S, "number": INT, "body": S}
    ),
    tool(
        "gh_merge_pr",
        "Merge a pull request.",
        {"repo": S, "number": INT, "method": S},
        ["repo", "number"],
    ),
]

CASES = [
    # tool_use ------------------------------------------------------------------------
    case(
        "xtp-001",
        TOOL,
        "en",
        "restaurant booking tool; plain ask",
        [
            sys("You are a concierge assistant for a hotel. Use tools to make bookings."),
            user("table for 4 at Osteria Nonna tomorrow at 8pm please"),
        ],
        [RESTAURANT],
    ),
    case(
        "xtp-002",
        TOOL,
        "de",
        "shop tools; German ask to find and add a product",
        [
            sys("Du bist der Einkaufsassistent eines Elektronikshops."),
            user(
                "Such mir ein USB-C-Ladegerät mit mindestens 65 W unter 40 Euro und leg es in den Warenkorb."
            ),
        ],
        CART,
    ),
    case(
        "xtp-003",
        TOOL,
        "en",
        "translate tool with glossary, then email tool",
        [
            sys(
                "You help the sales team. Always use the translate tool for customer-facing translations (it applies our glossary)."
            ),
            user(
                "translate my last paragraph to French with our glossary and email it to claire.martin@client.fr, subject 'Proposition révisée'"
            ),
        ],
        [TRANSLATE, SEND_EMAIL],
    ),
    case(
        "xtp-004",
        TOOL,
        "es",
        "notes tools; Spanish ask to save a note",
        [
            sys("Eres un asistente de notas personales."),
            user(
                "Apúntame: llamar al fontanero el lunes, pedir presupuesto del baño y preguntar por la garantía."
            ),
        ],
        NOTES,
    ),
    case(
        "xtp-005",
        TOOL,
        "en",
        "github tools; merge a PR after checks",
        [
            sys("You manage the team's GitHub repositories via tools."),
            user("merge #482 in acme/web with squash if CI is green"),
        ],
        GITHUB,
    ),
    case(
        "xtp-006",
        TOOL,
        "en",
        "github tools; list open PRs waiting for review",
        [
            sys("You manage the team's GitHub repositories via tools."),
            user("what PRs are open on acme/api right now?"),
        ],
        GITHUB,
    ),
    case(
        "xtp-007",
        TOOL,
        "zh",
        "github tools; Chinese ask to comment on PR",
        [
            sys("你通过工具管理团队的 GitHub 仓库。"),
            user("在 acme/app 的 #77 下面留言：麻烦补充一下单元测试，谢谢"),
        ],
        GITHUB,
    ),
    case(
        "xtp-008",
        TOOL,
        "en",
        "OpenHands: implement a feature in the sandbox (agent loop, not code_generate)",
        [
            sys(OPENHANDS_LIKE),
            user(
                "Implement pagination for the /api/articles endpoint in the Flask app (page & per_page query params, default 20, max 100) and make sure the existing tests still pass."
            ),
        ],
    ),
    case(
        "xtp-009",
        TOOL,
        "en",
        "Cline: create a new component file through the tool protocol",
        [
            sys(CLINE_LIKE),
            user(
                "<task>\nCreate a reusable <Modal> component with a close button and focus trap, and use it in SettingsPage instead of the inline dialog.\n</task>\n<environment_details>\n# Current Working Directory (/home/dev/project) Files\nsrc/pages/SettingsPage.tsx\nsrc/components/Button.tsx\n</environment_details>"
            ),
        ],
    ),
    case(
        "xtp-010",
        TOOL,
        "pl",
        "OpenHands: Polish task to reproduce and report",
        [
            sys(OPENHANDS_LIKE),
            user(
                "Sklonuj repo z /workspace/upstream, zbuduj projekt według README i sprawdź, czy przykład z sekcji Quickstart działa. Zgłoś, co nie działa."
            ),
        ],
    ),
    case(
        "xtp-011",
        TOOL,
        "en",
        "CLI agent: 'check if the migration ran on staging' = act with tools",
        [
            sys(CLI_AGENT),
            user("did the 0042 migration actually run on staging? check the alembic version table"),
        ],
        [*CODING_TOOLS, SQL_QUERY],
    ),
    case(
        "xtp-012",
        TOOL,
        "en",
        "RAG chat UI with web_search; the context is outdated and user asks for today's figure",
        [
            sys(CHAT_UI_RAG.format(ctx="ECB main refinancing rate: 4.50% (as of September 2023).")),
            user("that context is old — what's the ECB rate today? look it up"),
        ],
        CHAT_UI_TOOLS,
    ),
    case(
        "xtp-013",
        TOOL,
        "en",
        "CRM + email; find contact then send",
        [
            sys("You are a sales assistant connected to the CRM and email."),
            user("email the CFO at Brightwave that the contract is ready for signature"),
        ],
        [CRM_LOOKUP, SEND_EMAIL],
    ),
    case(
        "xtp-014",
        TOOL,
        "de",
        "one-off command to run now, German, no tools",
        [
            user(
                "Welcher Befehl zeigt mir jetzt sofort, welche Docker-Container gerade am meisten CPU ziehen?"
            )
        ],
    ),
    case(
        "xtp-015",
        TOOL,
        "en",
        "http tool; call the partner API with given payload",
        [
            sys("You are an integration assistant. Use http_request to talk to services."),
            user(
                "create a test customer on the sandbox: POST https://sandbox.partner.example/v1/customers with name 'Test GmbH' and country DE, bearer token is in the env"
            ),
        ],
        [HTTP_REQUEST],
    ),
    case(
        "xtp-016",
        TOOL,
        "en",
        "travel tool after the user changes a detail",
        [
            sys("You are a travel booking assistant. Use the tools; never invent prices."),
            user("flights from Berlin to Oslo on March 3"),
            call(
                "f1",
                "search_flights",
                '{"origin": "BER", "destination": "OSL", "date": "2027-03-03", "passengers": 1}',
            ),
            result(
                "f1",
                '[{"flight": "DY1107", "dep": "07:10", "price_eur": 89}, {"flight": "SK2676", "dep": "17:45", "price_eur": 134}]',
            ),
            asst(
                "Two options on 3 March: DY1107 at 07:10 for 89 EUR, or SK2676 at 17:45 for 134 EUR."
            ),
            user("hmm, what about the day after, same route?"),
        ],
        [BOOK_FLIGHT],
    ),
    case(
        "xtp-017",
        TOOL,
        "mixed",
        "Chinese-English mix: run the tests via the agent",
        [sys(CLI_AGENT), user("帮我 run 一下 integration tests，看看 payment 那部分是不是还 fail")],
        CODING_TOOLS,
    ),
    case(
        "xtp-018",
        TOOL,
        "en",
        "LangChain-like tool history with a tool result; user asks a follow-up that needs another query",
        [
            sys(
                "You are a data assistant. You can query the analytics warehouse (tables: orders, customers, refunds) with run_sql."
            ),
            user("revenue last month?"),
            call(
                "q1",
                "run_sql",
                "{\"sql\": \"SELECT SUM(total_eur) FROM orders WHERE created_at >= date_trunc('month', now()) - interval '1 month' AND created_at < date_trunc('month', now())\"}",
            ),
            result("q1", '[{"sum": 1284390.55}]'),
            asst("Revenue last month was 1,284,390.55 EUR."),
            user("and split by country?"),
        ],
        [SQL_QUERY],
    ),
    # agentic_reasoning ---------------------------------------------------------------
    case(
        "xtp-101",
        PLAN,
        "en",
        "code shown, but the ask is a strategy for a cross-system discrepancy",
        [
            user(
                "We compute the order total in two places — the frontend (below) and the billing service (Java, BigDecimal, HALF_EVEN). Customers sometimes see a total 1 cent different from the invoice.\n\n```ts\nconst total = items.reduce((s, i) => s + i.price * i.qty * (1 + i.vatRate), 0);\nreturn Math.round(total * 100) / 100;\n```\n\nBefore anyone touches code: how should we decide where the single source of truth for money math lives, and how do we migrate both sides without a period where they disagree more?"
            )
        ],
    ),
    case(
        "xtp-102",
        PLAN,
        "en",
        "Aider prompt; question about how to restructure before edits",
        [
            sys(AIDER_LIKE),
            user(
                "The payment providers are a big if/elif chain in payments/service.py (Stripe, Adyen, PayU, bank transfer). We'll add two more next quarter. Strategy pattern, plugins via entry points, or just a dict of handlers? Weigh them for our case and propose a step-by-step refactor order. Don't edit yet."
            ),
        ],
    ),
    case(
        "xtp-103",
        PLAN,
        "pl",
        "Polish: plan dochodzenia z błędem w tle",
        [
            user(
                "Od tygodnia co kilka godzin dostajemy `ConnectionResetError: [Errno 104] Connection reset by peer` przy wywołaniach do zewnętrznego API kurierów. Nie chcę na razie łatki z retry — chcę zrozumieć przyczynę. Mamy NAT gateway w AWS, keep-alive w requests.Session, ruch około 5 req/s. Jak to zbadać krok po kroku?"
            )
        ],
    ),
    case(
        "xtp-104",
        PLAN,
        "en",
        "decide a data retention design with legal constraints",
        [
            user(
                "GDPR audit found we keep user event logs forever. Legal says 13 months max for analytics, 6 years for invoices, and deletion requests within 30 days. Events are in BigQuery, Kafka (7-day retention), S3 archives and a few Postgres tables. Design the retention and deletion approach across all of them and the order we should roll it out."
            )
        ],
    ),
    case(
        "xtp-105",
        PLAN,
        "de",
        "German: Fehlersuche-Strategie, Code nur Kontext",
        [
            user(
                "In unserer Java-Anwendung werden manche Uhrzeiten in Berichten um genau eine Stunde verschoben, aber nur für Daten aus März und Oktober. Wir nutzen java.util.Date an manchen Stellen, LocalDateTime an anderen, die DB ist MySQL mit DATETIME-Spalten. Wie gehen wir systematisch vor, um alle betroffenen Stellen zu finden und zu entscheiden, wie wir das Zeitmodell vereinheitlichen?"
            )
        ],
    ),
    case(
        "xtp-106",
        PLAN,
        "en",
        "root-cause analysis of a recurring data mismatch; no patch wanted",
        [
            user(
                "Inventory in our ERP and in Shopify drift apart by a few units each week. Sync runs every 15 minutes via a webhook + a nightly full reconcile. Returns are processed in the ERP only. Think through all the ways the counts could diverge and how we'd detect which one is happening."
            )
        ],
    ),
    case(
        "xtp-107",
        PLAN,
        "es",
        "Spanish: estrategia de pruebas para una migración de base de datos",
        [
            user(
                "Vamos a migrar de Oracle a PostgreSQL una aplicación con 600 procedimientos almacenados en PL/SQL. ¿Cómo planificarías la validación para asegurarnos de que los resultados son idénticos? Piensa en muestreo de datos, pruebas en paralelo y criterios para dar el visto bueno."
            )
        ],
    ),
    case(
        "xtp-108",
        PLAN,
        "zh",
        "Chinese: 成本和方案权衡",
        [
            user(
                "GPU 推理服务现在每月花费 4 万美元，利用率只有 35%。可选方案：换成更小的模型、做请求合批、用 spot 实例、或者迁到自建机房。请分析每种方案的收益、风险和实施难度，给出一个分阶段的优化计划。"
            )
        ],
    ),
    case(
        "xtp-109",
        PLAN,
        "en",
        "multi-turn: after a generated function, ask how to roll it out across teams",
        [
            user("write a python decorator that logs function duration"),
            asst(
                "```python\nimport functools, logging, time\n\ndef timed(fn):\n    @functools.wraps(fn)\n    def wrapper(*a, **kw):\n        t = time.perf_counter()\n        try:\n            return fn(*a, **kw)\n        finally:\n            logging.getLogger(fn.__module__).info('%s took %.1f ms', fn.__qualname__, (time.perf_counter() - t) * 1000)\n    return wrapper\n```"
            ),
            user(
                "nice. we actually want proper latency metrics across 12 services owned by 5 teams, not just logs. how would you approach that — where to instrument, which metrics, how to get teams to adopt it without a mandate?"
            ),
        ],
    ),
    case(
        "xtp-110",
        PLAN,
        "en",
        "chat UI with tools, asks to reason through a hiring/team design question",
        [
            sys(CHAT_UI),
            user(
                "I'm about to split my 14-person engineering team into squads. Options: by product area, by platform (web/mobile/backend), or by customer journey. Think it through for a B2B SaaS with one big enterprise customer driving 40% of revenue and recommend a structure and transition plan."
            ),
        ],
        CHAT_UI_TOOLS,
    ),
    case(
        "xtp-111",
        PLAN,
        "en",
        "postmortem: reason about contributing factors and actions from a timeline",
        [
            user(
                "Timeline: 09:12 cert renewal job fails silently (exit 0). 14 days later 03:00 cert expires. 03:05 mobile apps fail TLS pinning. 03:40 first support ticket. 06:10 on-call paged by a human. 06:55 cert manually renewed. 07:30 apps recover.\n\nHelp me work through the contributing factors (not just 'the job failed') and which actions would have cut the impact most, ranked."
            )
        ],
    ),
    case(
        "xtp-112",
        PLAN,
        "mixed",
        "English stack, Spanish reasoning ask",
        [
            user(
                "Tenemos un pipeline de Airflow con 120 DAGs y el scheduler se queda colgado cada pocos días. Usamos CeleryExecutor, Redis y Postgres como metadata DB. ¿Qué hipótesis tendrías y en qué orden las comprobarías? No busco un parche rápido sino entender la causa."
            )
        ],
    ),
    # code_generate contrasts ---------------------------------------------------------
    case(
        "xtp-201",
        GEN,
        "en",
        "script to keep (vs tool_use one-off command)",
        [
            user(
                "write a small bash script for our repo (scripts/free-port.sh) that kills whatever listens on a given port, with a confirmation prompt"
            )
        ],
    ),
    case(
        "xtp-202",
        GEN,
        "pl",
        "Polish: napisz workflow CI (config-as-code), nie uruchamiaj",
        [
            user(
                "Napisz workflow GitHub Actions, który na każdym PR uruchamia pytest z pokryciem i komentuje wynik pokrycia w PR."
            )
        ],
    ),
    case(
        "xtp-203",
        GEN,
        "en",
        "Continue-like IDE prompt (no tools): add a feature to given code",
        [
            sys(
                "You are a coding assistant in the editor. Reply with code blocks only when code is needed."
            ),
            user(
                "add retry with exponential backoff (max 5 tries) to this:\n\n```go\nfunc fetch(url string) ([]byte, error) {\n\tresp, err := http.Get(url)\n\tif err != nil {\n\t\treturn nil, err\n\t}\n\tdefer resp.Body.Close()\n\treturn io.ReadAll(resp.Body)\n}\n```"
            ),
        ],
    ),
]
