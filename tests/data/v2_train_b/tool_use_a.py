# ruff: noqa: E501
"""tool_use, part 1: domain tools asked in plain words, chat UIs with a needed tool, support bots."""

from __future__ import annotations

from .common import (
    BOOK_FLIGHT,
    BOOK_ROOM,
    CALENDAR_CREATE,
    CALENDAR_LIST,
    CHAT_UI,
    CHAT_UI_TOOLS,
    CREATE_INVOICE,
    CRM_LOOKUP,
    CURRENCY,
    GET_WEATHER,
    HTTP_REQUEST,
    JIRA_CREATE,
    KUBECTL,
    LIGHTS,
    LOOKUP_ORDER,
    METRICS,
    REFUND_ORDER,
    SEARCH_TICKETS,
    SEND_EMAIL,
    SET_THERMOSTAT,
    SLACK_POST,
    SQL_QUERY,
    STOCK,
    SUPPORT_BOT,
    UPDATE_TICKET,
    WEB_SEARCH,
    asst,
    call,
    case,
    parts,
    result,
    sys,
    user,
)

L = "tool_use"

HOME = [SET_THERMOSTAT, LIGHTS, GET_WEATHER]
SUPPORT = [LOOKUP_ORDER, REFUND_ORDER, SEARCH_TICKETS, UPDATE_TICKET]
OFFICE = [CALENDAR_CREATE, CALENDAR_LIST, SEND_EMAIL, BOOK_ROOM, CRM_LOOKUP]

CASES = [
    case(
        "tool-001",
        L,
        "en",
        "home tools present; complaint implies setting the thermostat",
        [
            sys("You control the user's smart home. Call tools to change devices."),
            user("ugh it's like a fridge in the office right now"),
        ],
        HOME,
    ),
    case(
        "tool-002",
        L,
        "en",
        "lights tool, plain request to act",
        [
            sys("You control the user's smart home. Call tools to change devices."),
            user("can you make the living room a bit dimmer, like 30%? movie time"),
        ],
        HOME,
    ),
    case(
        "tool-003",
        L,
        "pl",
        "thermostat tool, Polish plain ask",
        [
            sys("Sterujesz inteligentnym domem użytkownika. Do zmian używaj narzędzi."),
            user("W sypialni jest za gorąco, ustaw proszę 19 stopni."),
        ],
        HOME,
    ),
    case(
        "tool-004",
        L,
        "de",
        "weather tool needed for a current-conditions question",
        [user("Brauche ich heute in Hamburg einen Regenschirm?")],
        [GET_WEATHER],
    ),
    case(
        "tool-005",
        L,
        "en",
        "support bot must look up the order by number",
        [
            sys(SUPPORT_BOT),
            user("Hi, my order BN-448213 still says 'processing' after 9 days. Where is it??"),
        ],
        SUPPORT,
    ),
    case(
        "tool-006",
        L,
        "en",
        "support bot, refund request after lookup in history; next step is the refund call",
        [
            sys(SUPPORT_BOT),
            user("I got a cracked hub in order BN-771002, I want my money back."),
            call("c1", "lookup_order", '{"order_id": "BN-771002"}'),
            result(
                "c1",
                '{"order_id":"BN-771002","items":[{"sku":"HUB-2","price":89.0}],"status":"delivered","delivered_at":"2026-11-28"}',
            ),
            asst(
                "I'm sorry about the cracked hub! I can see order BN-771002 with one HUB-2 (89.00 EUR), delivered on 28 Nov. Would you like a full refund to your original payment method?"
            ),
            user("yes please, full refund"),
        ],
        SUPPORT,
    ),
    case(
        "tool-007",
        L,
        "es",
        "support bot in Spanish, order lookup by email",
        [
            sys(SUPPORT_BOT),
            user(
                "Hola, hice un pedido la semana pasada con maria.lopez@correo.es y no me ha llegado nada. ¿Me podéis decir en qué estado está?"
            ),
        ],
        SUPPORT,
    ),
    case(
        "tool-008",
        L,
        "en",
        "calendar tools; schedule a meeting",
        [
            sys(
                "You are an executive assistant with access to the user's calendar and email. Today is Thursday 2026-12-03, timezone Europe/Berlin."
            ),
            user(
                "Put a 45 min sync with Priya and Tom next Tuesday after lunch, call it 'Q1 roadmap'"
            ),
        ],
        OFFICE,
    ),
    case(
        "tool-009",
        L,
        "en",
        "calendar list tool for 'what do I have tomorrow'",
        [
            sys(
                "You are an executive assistant with access to the user's calendar and email. Today is Thursday 2026-12-03, timezone Europe/Berlin."
            ),
            user("what's on my plate tomorrow morning?"),
        ],
        OFFICE,
    ),
    case(
        "tool-010",
        L,
        "de",
        "send email tool, German dictation of a message to send",
        [
            sys("Du bist ein Büroassistent mit Zugriff auf Kalender und E-Mail."),
            user(
                "Schick bitte an lena.vogt@firma.de eine kurze Mail: Das Angebot kommt erst Montag, weil die Preise vom Lieferanten noch fehlen. Betreff: Angebot verzögert sich"
            ),
        ],
        OFFICE,
    ),
    case(
        "tool-011",
        L,
        "en",
        "invoice tool; create an invoice from plain words",
        [
            sys(
                "You are the bookkeeping assistant for a small design studio. Use the tools to manage invoices."
            ),
            user(
                "Bill Acme Corp (cust_0192) for 12 hours of logo work at 85 EUR/h plus 40 EUR stock photo licence, due in 14 days."
            ),
        ],
        [CREATE_INVOICE, CRM_LOOKUP],
    ),
    case(
        "tool-012",
        L,
        "pl",
        "invoice tool, Polish",
        [
            sys("Jesteś asystentem księgowym. Faktury wystawiasz narzędziem create_invoice."),
            user(
                "Wystaw fakturę dla klienta cust_5521: 3 licencje roczne po 1200 zł, waluta PLN, termin 30 dni."
            ),
        ],
        [CREATE_INVOICE],
    ),
    case(
        "tool-013",
        L,
        "en",
        "web_search available and the question is time-sensitive",
        [sys(CHAT_UI), user("who won the F1 race last weekend?")],
        CHAT_UI_TOOLS,
    ),
    case(
        "tool-014",
        L,
        "en",
        "web_search for today's price",
        [
            sys(CHAT_UI),
            user("What's the current price of Bitcoin in euros? need it for a spreadsheet"),
        ],
        CHAT_UI_TOOLS,
    ),
    case(
        "tool-015",
        L,
        "zh",
        "web_search for current news, Chinese",
        [sys(CHAT_UI), user("帮我查一下今天上海到北京的高铁有没有停运的消息")],
        CHAT_UI_TOOLS,
    ),
    case(
        "tool-016",
        L,
        "es",
        "web_search for this week's event",
        [user("¿Qué conciertos hay este fin de semana en Valencia? Busca en internet, por favor.")],
        [WEB_SEARCH],
    ),
    case(
        "tool-017",
        L,
        "en",
        "image_generation tool explicitly wanted",
        [
            sys(CHAT_UI),
            user(
                "make me a picture of a corgi astronaut floating above Mars, watercolor style, square"
            ),
        ],
        CHAT_UI_TOOLS,
    ),
    case(
        "tool-018",
        L,
        "en",
        "code_interpreter asked to actually compute over given numbers",
        [
            sys(CHAT_UI),
            user(
                "Run this in the python tool and tell me the result, don't guess:\n\nimport statistics\nx=[12.1, 14.9, 13.3, 17.2, 11.8, 15.5, 16.0]\nprint(statistics.stdev(x), statistics.median(x))"
            ),
        ],
        CHAT_UI_TOOLS,
    ),
    case(
        "tool-019",
        L,
        "en",
        "flight search tool, travel ask",
        [
            sys("You are a travel booking assistant. Use the tools; never invent prices."),
            user("Find me flights WAW to LIS on 14 Feb for two people, cheapest first"),
        ],
        [BOOK_FLIGHT, CURRENCY],
    ),
    case(
        "tool-020",
        L,
        "pl",
        "currency conversion at today's rate",
        [user("Ile to jest 2350 USD w złotówkach po dzisiejszym kursie?")],
        [CURRENCY],
    ),
    case(
        "tool-021",
        L,
        "en",
        "stock quote tool",
        [
            sys("You are a finance assistant. Use tools for live data."),
            user("how's NVDA doing right now?"),
        ],
        [STOCK, WEB_SEARCH],
    ),
    case(
        "tool-022",
        L,
        "en",
        "warehouse SQL tool; user wants a number from the data",
        [
            sys(
                "You are a data assistant. You can query the analytics warehouse (tables: orders, customers, refunds) with run_sql."
            ),
            user(
                "How many orders did we get from Germany in November, and what was the refund rate?"
            ),
        ],
        [SQL_QUERY],
    ),
    case(
        "tool-023",
        L,
        "de",
        "SQL tool, German ask for data",
        [
            sys(
                "Du bist ein Datenassistent. Tabellen: sessions(user_id, started_at, device), users(id, country, plan)."
            ),
            user("Wie viele aktive Pro-Nutzer hatten wir letzte Woche auf Android?"),
        ],
        [SQL_QUERY],
    ),
    case(
        "tool-024",
        L,
        "en",
        "metrics tool; check current p99 latency",
        [
            sys("You are an SRE assistant with read access to Prometheus and the cluster."),
            user("Is checkout-api p99 latency still elevated? Check the last 30 minutes."),
        ],
        [METRICS, KUBECTL],
    ),
    case(
        "tool-025",
        L,
        "en",
        "kubectl tool; act on the cluster",
        [
            sys("You are an SRE assistant with read access to Prometheus and the cluster."),
            user("which pods in the payments namespace are restarting?"),
        ],
        [METRICS, KUBECTL],
    ),
    case(
        "tool-026",
        L,
        "en",
        "http_request tool; call an endpoint and report",
        [
            sys("You are an API testing assistant. Use http_request to call services."),
            user("Hit GET https://staging.api.example.dev/v2/health and tell me what it returns"),
        ],
        [HTTP_REQUEST],
    ),
    case(
        "tool-027",
        L,
        "en",
        "jira tool; file an issue from a description",
        [
            sys("You help the team manage work in Jira (project key WEB)."),
            user(
                "Open a bug in WEB: 'Password reset email not sent for SSO users', put the repro steps from my last message in the description"
            ),
        ],
        [JIRA_CREATE, SLACK_POST],
    ),
    case(
        "tool-028",
        L,
        "en",
        "slack tool; post an announcement",
        [
            sys("You help the team manage work in Jira (project key WEB) and Slack."),
            user("tell #releases that 4.12.0 is out and the migration guide is on the wiki"),
        ],
        [JIRA_CREATE, SLACK_POST],
    ),
    case(
        "tool-029",
        L,
        "zh",
        "ticket tools; update ticket priority and assignee",
        [
            sys("你是客服工单助手，可以使用工具查询和修改工单。"),
            user("把工单 T-20931 改成高优先级，分配给王磊"),
        ],
        [SEARCH_TICKETS, UPDATE_TICKET],
    ),
    case(
        "tool-030",
        L,
        "en",
        "ticket search tool",
        [
            sys("You are a helpdesk copilot."),
            user(
                "are there other open tickets about the Android app crashing on login? same as this one"
            ),
        ],
        [SEARCH_TICKETS, UPDATE_TICKET],
    ),
    case(
        "tool-031",
        L,
        "es",
        "meeting room tool",
        [
            sys("Eres el asistente de la oficina. Puedes reservar salas."),
            user("Resérvame la sala Atlántico mañana a las 10 durante una hora"),
        ],
        [BOOK_ROOM, CALENDAR_LIST],
    ),
    case(
        "tool-032",
        L,
        "en",
        "CRM lookup in plain words",
        [
            sys("You are a sales assistant connected to the CRM."),
            user("who's our contact at Northwind again? I need their phone"),
        ],
        [CRM_LOOKUP, SEND_EMAIL],
    ),
    case(
        "tool-033",
        L,
        "en",
        "after a tool result the user asks for another action",
        [
            sys("You are an executive assistant with access to the user's calendar and email."),
            user("what's tomorrow look like"),
            call(
                "c1",
                "list_events",
                '{"start": "2026-12-04T00:00:00+01:00", "end": "2026-12-04T23:59:59+01:00"}',
            ),
            result(
                "c1",
                '[{"title":"1:1 Marta","start":"09:30","end":"10:00"},{"title":"Vendor call","start":"14:00","end":"15:00"}]',
            ),
            asst(
                "Tomorrow you have a 1:1 with Marta at 09:30–10:00 and a vendor call at 14:00–15:00."
            ),
            user("move the vendor call to friday same time and let them know"),
        ],
        OFFICE,
    ),
    case(
        "tool-034",
        L,
        "de",
        "smart home, implied action via image and text parts",
        [
            sys("Du steuerst das Smart Home des Nutzers."),
            parts(
                "Hier ist es viel zu dunkel zum Lesen, mach mal das Licht im Arbeitszimmer an.",
                image="https://example.net/cam/office_snapshot.jpg",
            ),
        ],
        HOME,
    ),
    case(
        "tool-035",
        L,
        "en",
        "content parts, weather needed for planning a hike today",
        [
            parts(
                "Thinking of hiking up Snowdon this afternoon.",
                "Is the weather going to cooperate?",
            )
        ],
        [GET_WEATHER, WEB_SEARCH],
    ),
    case(
        "tool-036",
        L,
        "en",
        "ReAct-style prompt with tools listed in text; math question needs calculator tool",
        [
            sys(
                "Answer the question using the tools.\n\nTools:\ncalculator: evaluates arithmetic expressions\nwikipedia: looks up an article summary\n\nFormat:\nThought: ...\nAction: <tool name>\nAction Input: <input>\nObservation: ...\nFinal Answer: ..."
            ),
            user(
                "Question: What is the population of the capital of Australia divided by the number of Australian states?"
            ),
        ],
    ),
    case(
        "tool-037",
        L,
        "en",
        "JSON function-calling protocol described in system prompt",
        [
            sys(
                'You can call functions. To call one, reply ONLY with JSON: {"name": "<function>", "arguments": {...}}.\nAvailable functions:\n- get_exchange_rate(base: str, quote: str)\n- get_time(timezone: str)\nIf no function is needed, answer normally.'
            ),
            user("what time is it in Tokyo right now?"),
        ],
    ),
    case(
        "tool-038",
        L,
        "pl",
        "support bot in Polish, status of complaint ticket",
        [
            sys(SUPPORT_BOT),
            user(
                "Dzień dobry, składałam reklamację na termostat tydzień temu, numer zgłoszenia T-88120. Czy coś się ruszyło?"
            ),
        ],
        SUPPORT,
    ),
]
