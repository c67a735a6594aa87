# ruff: noqa: E501
"""`tool_use`: the next output is a tool call or schema-bound JSON — provided tools the
ask needs, a function-calling protocol, an agent loop, a command to run now."""

from __future__ import annotations

from ev2_common import (
    BOOK_MEETING,
    CALC,
    CHAT_UI_TOOLS,
    CLI_AGENT,
    CLINE,
    CODING_TOOLS,
    CREATE_INVOICE,
    CREATE_ISSUE,
    FLIGHTS,
    GET_WEATHER,
    JSON_FN,
    K8S_PODS,
    LOOKUP_ORDER,
    OPENHANDS,
    QUERY_DB,
    REACT,
    REFUND_ORDER,
    RUN_SHELL,
    SEARCH_TICKETS,
    SEND_EMAIL,
    SET_THERMOSTAT,
    STOCK,
    SUPPORT,
    TRANSLATE,
    WEB_SEARCH,
    WEBUI,
    Cases,
    a,
    call,
    result,
    sys_,
    u,
)

C = Cases("tool")
T = "tool_use"

C.add(
    T,
    "en",
    "plain words, thermostat tool needed",
    [
        sys_(
            "You are the home assistant for the Novak household. Use the tools to control devices."
        ),
        u("it's freezing in the office room"),
    ],
    [SET_THERMOSTAT, GET_WEATHER],
)
C.add(
    T,
    "en",
    "weather question with get_weather tool",
    [
        u("do I need an umbrella in Rotterdam tomorrow?"),
    ],
    [GET_WEATHER],
)
C.add(
    T,
    "en",
    "time-sensitive question with web_search available",
    [
        sys_(WEBUI),
        u("what's the latest stable version of Kubernetes as of today, and when was it released?"),
    ],
    CHAT_UI_TOOLS,
)
C.add(
    T,
    "en",
    "support bot: look up an order",
    [
        sys_(SUPPORT),
        u("Hi! Where is my order? It's NW-90412, ordered last Monday."),
    ],
    [LOOKUP_ORDER, REFUND_ORDER],
)
C.add(
    T,
    "en",
    "support bot: refund after lookup result in history",
    [
        sys_(SUPPORT),
        u("My watering can arrived cracked, order NW-88120. Can I get my money back?"),
        call("call_1", "lookup_order", {"order_id": "NW-88120"}),
        result(
            "call_1",
            '{"order_id":"NW-88120","items":[{"sku":"WC-10","name":"Zinc watering can 10L","price":34.9}],"status":"delivered","delivered_at":"2026-12-02"}',
        ),
        a(
            "I'm sorry about that! I found your order: the zinc watering can (34.90 EUR), delivered on 2 December. Would you like a full refund?"
        ),
        u("yes please, full refund"),
    ],
    [LOOKUP_ORDER, REFUND_ORDER],
)
C.add(
    T,
    "en",
    "run the tests in a CLI agent",
    [
        sys_(CLI_AGENT),
        u("run the tests for the billing package and tell me what fails"),
    ],
    CODING_TOOLS,
)
C.add(
    T,
    "en",
    "Cline agent loop: add a component (acting through tools)",
    [
        sys_(CLINE),
        u(
            "<task>\nAdd a `DateRangePicker` component under src/components/ that matches the style of the existing `DatePicker`, and use it on the Reports page.\n</task>\n<environment_details>\n# VSCode Visible Files\nsrc/pages/Reports.tsx\n# Current Working Directory (/home/dev/project) Files\npackage.json\nsrc/\ntsconfig.json\n</environment_details>"
        ),
    ],
)
C.add(
    T,
    "en",
    "OpenHands agent: investigate and act",
    [
        sys_(OPENHANDS),
        u("The repo in /workspace has a failing `make lint`. Get it passing."),
    ],
)
C.add(
    T,
    "en",
    "book a meeting with calendar tool",
    [
        u(
            "Set up a 30 min sync with anna@fernbank.io and tom@fernbank.io next Tuesday at 15:00 CET, call it 'Q1 rollout check-in'."
        ),
    ],
    [BOOK_MEETING, SEND_EMAIL],
)
C.add(
    T,
    "en",
    "create invoice via tool",
    [
        sys_(
            "You are the back-office assistant of a small design studio. Use tools for anything that changes data."
        ),
        u(
            "invoice Brightline (customer id C-2231) 4,800 EUR for the November retainer, due end of the month"
        ),
    ],
    [CREATE_INVOICE, SEND_EMAIL],
)
C.add(
    T,
    "en",
    "search tickets in helpdesk",
    [
        u("Are there any open tickets about the CSV import dropping rows? Find them for me."),
    ],
    [SEARCH_TICKETS, CREATE_ISSUE],
)
C.add(
    T,
    "en",
    "ReAct prompt with tools described in the system prompt",
    [
        sys_(
            REACT.format(
                tools="search: look up facts on the web\ncalculator: evaluate math expressions",
                names="search, calculator",
            )
        ),
        u(
            "Question: What is the population of the capital of Australia divided by the population of Iceland?"
        ),
    ],
)
C.add(
    T,
    "en",
    "JSON function-calling protocol in the system prompt",
    [
        sys_(
            JSON_FN.format(
                functions="- set_reminder(text: string, at: ISO datetime)\n- list_reminders()\n- delete_reminder(id: string)"
            )
        ),
        u("remind me to call the plumber tomorrow at 9"),
    ],
)
C.add(
    T,
    "en",
    "shell command to run now (one-off)",
    [
        sys_(CLI_AGENT),
        u("how much disk is the docker build cache using right now? check it"),
    ],
    CODING_TOOLS,
)
C.add(
    T,
    "en",
    "query the warehouse via tool",
    [
        sys_(
            "You are the analytics assistant. Answer data questions by querying the warehouse with query_db. Tables: orders(id, customer_id, total, created_at, country), customers(id, segment)."
        ),
        u("how many orders did we get from Poland last week?"),
    ],
    [QUERY_DB],
)
C.add(
    T,
    "en",
    "kubernetes status via tool",
    [
        u("are all the pods in the payments namespace healthy?"),
    ],
    [K8S_PODS, RUN_SHELL],
)
C.add(
    T,
    "en",
    "stock price, time-sensitive, tool given",
    [
        u("what's NVDA trading at right now"),
    ],
    [STOCK, WEB_SEARCH],
)
C.add(
    T,
    "en",
    "flight search",
    [
        sys_(
            "You are a travel assistant for Acme employees. Use search_flights for availability; never invent flights."
        ),
        u("I need to get from Warsaw to Lisbon on the 14th of January, morning if possible"),
    ],
    [FLIGHTS, BOOK_MEETING],
)
C.add(
    T,
    "en",
    "history with tool result; next step is another tool call",
    [
        sys_(CLI_AGENT),
        u("why is test_export failing?"),
        call("c1", "run_tests", {"selector": "tests/test_export.py"}),
        result(
            "c1",
            "FAILED tests/test_export.py::test_csv_headers - AssertionError: ['id','name'] != ['id','name','email']\n1 failed, 4 passed in 0.81s",
        ),
        a("The CSV export is missing the `email` column. Let me look at the exporter."),
        u("go ahead, open the exporter and fix it, then rerun the tests"),
    ],
    CODING_TOOLS,
)
C.add(
    T,
    "en",
    "send an email with the tool",
    [
        u(
            "email marta@acme.io that the release is moved to Thursday because of the importer bug, keep it short and friendly"
        ),
    ],
    [SEND_EMAIL, BOOK_MEETING],
)
C.add(
    T,
    "en",
    "call the API: create an issue in the tracker",
    [
        sys_("You are a GitHub assistant with access to the tracker."),
        u(
            "file a bug: the date picker shows Sunday as first day for en-GB users, label it i18n and bug"
        ),
    ],
    [CREATE_ISSUE, SEARCH_TICKETS],
)
C.add(
    T,
    "en",
    "calculator tool for arithmetic in a script agent",
    [
        sys_("Use the calculator tool for any arithmetic; do not compute in your head."),
        u("what's 17.5% VAT on 12,480.75 plus a 2.9% card fee on the gross?"),
    ],
    [CALC],
)
C.add(
    T,
    "en",
    "search the web for today's news, chat UI tools present",
    [
        sys_(WEBUI),
        u(
            "search the web for today's news about the EU AI Act implementation and give me the headlines"
        ),
    ],
    CHAT_UI_TOOLS,
)
C.add(
    T,
    "en",
    "image generation requested with the tool",
    [
        sys_(WEBUI),
        u(
            "generate an image of a cozy cabin in the snow at night, warm light in the windows, for my newsletter header"
        ),
    ],
    CHAT_UI_TOOLS,
)
C.add(
    T,
    "en",
    "run code in the interpreter tool on attached data",
    [
        sys_(WEBUI),
        u(
            "run this and tell me the result: compute the 95th percentile of [120, 98, 143, 110, 301, 99, 87, 150, 132, 115]"
        ),
    ],
    CHAT_UI_TOOLS,
)
C.add(
    T,
    "en",
    "Cline: continue after tool result in the protocol",
    [
        sys_(CLINE),
        u("<task>Rename the `getUsr` helper to `getUser` everywhere.</task>"),
        a("<search_files>\n<path>src</path>\n<regex>getUsr</regex>\n</search_files>"),
        u(
            "[search_files for 'getUsr'] Result:\nsrc/api/users.ts:4: export function getUsr(id: string)\nsrc/pages/Profile.tsx:12: const u = await getUsr(params.id)\nsrc/pages/Admin.tsx:40: getUsr(row.id).then(setUser)"
        ),
    ],
)
C.add(
    T,
    "en",
    "OpenHands: add a feature inside the agent loop",
    [
        sys_(OPENHANDS),
        u(
            'Add a /healthz endpoint to the Flask app in /workspace/app.py that returns {"status": "ok"} and add a test for it. Run the tests when done.'
        ),
    ],
)
C.add(
    T,
    "en",
    "translate with the glossary tool",
    [
        sys_("Always use translate_text so the company glossary is applied."),
        u("translate our tagline 'Grow something wonderful' into German and Polish"),
    ],
    [TRANSLATE],
)
C.add(
    T,
    "en",
    "deploy command to run now",
    [
        sys_(CLI_AGENT),
        u("roll back the staging deployment of the api to the previous revision"),
    ],
    [RUN_SHELL, K8S_PODS],
)
C.add(
    T,
    "pl",
    "pogoda z narzędziem",
    [
        u("Jaka będzie pogoda w Krakowie w weekend? Planuję wycieczkę w góry."),
    ],
    [GET_WEATHER, WEB_SEARCH],
)
C.add(
    T,
    "pl",
    "sprawdź zamówienie",
    [
        sys_(SUPPORT),
        u("Dzień dobry, chciałabym sprawdzić status zamówienia NW-77310."),
    ],
    [LOOKUP_ORDER],
)
C.add(
    T,
    "pl",
    "uruchom testy w agencie",
    [
        sys_(CLI_AGENT),
        u("odpal testy integracyjne i powiedz mi, które padają"),
    ],
    CODING_TOOLS,
)
C.add(
    T,
    "de",
    "Termin buchen",
    [
        u(
            "Buch mir bitte für Donnerstag 10 Uhr einen einstündigen Termin mit lena.weber@firma.de zum Thema Budgetplanung."
        ),
    ],
    [BOOK_MEETING, SEND_EMAIL],
)
C.add(
    T,
    "de",
    "aktuelle Info mit Websuche",
    [
        sys_(WEBUI),
        u("Wie steht es gerade beim Spiel Dortmund gegen Bayern?"),
    ],
    CHAT_UI_TOOLS,
)
C.add(
    T,
    "de",
    "Heizung, indirekt formuliert",
    [
        sys_("Du steuerst das Smart Home der Familie Berger über die verfügbaren Funktionen."),
        u("Im Kinderzimmer ist es viel zu warm, die Kleine kann nicht schlafen."),
    ],
    [SET_THERMOSTAT],
)
C.add(
    T,
    "es",
    "consulta de pedido",
    [
        u(
            "¿Me buscas el pedido del cliente con email lucia.g@correo.es? Quiere saber si ya salió."
        ),
    ],
    [LOOKUP_ORDER, SEND_EMAIL],
)
C.add(
    T,
    "es",
    "ejecutar comando ahora",
    [
        sys_(OPENHANDS),
        u("Instala las dependencias del proyecto y ejecuta las migraciones de la base de datos."),
    ],
)
C.add(
    T,
    "es",
    "buscar vuelos",
    [
        u("Busca vuelos de Madrid a Ciudad de México para el 3 de febrero."),
    ],
    [FLIGHTS],
)
C.add(
    T,
    "zh",
    "查询天气",
    [
        u("明天上海会下雨吗？要不要带伞？"),
    ],
    [GET_WEATHER],
)
C.add(
    T,
    "zh",
    "创建工单",
    [
        sys_("你是研发团队的助手，可以通过工具在缺陷跟踪系统中创建和查询问题。"),
        u("帮我提一个缺陷：iOS 端登录后偶尔白屏，优先级高，标签加上 ios 和 login。"),
    ],
    [CREATE_ISSUE, SEARCH_TICKETS],
)
C.add(
    T,
    "zh",
    "实时信息需要搜索",
    [
        sys_(WEBUI),
        u("今天人民币兑美元的汇率是多少？"),
    ],
    CHAT_UI_TOOLS,
)
C.add(
    T,
    "mixed",
    "Polish ask, English tool protocol",
    [
        sys_(
            JSON_FN.format(
                functions="- create_task(title: string, due: YYYY-MM-DD, assignee: string)\n- list_tasks(assignee: string)"
            )
        ),
        u("dodaj zadanie 'przegląd umowy z Fernbank' dla Kasi na piątek 12 grudnia"),
    ],
)
CASES = C.items
