# ruff: noqa: E501
"""Longer conversations (4-12 messages) where the last user turn sets the task.

Real chat UIs and agents resend the whole history; the earlier turns here are of other
task types on purpose, so only the last ask tells the label.
"""

from __future__ import annotations

from .common import (
    AIDER_LIKE,
    CHAT_UI,
    CHAT_UI_TOOLS,
    CLI_AGENT,
    CODING_TOOLS,
    CREATE_INVOICE,
    CRM_LOOKUP,
    GET_WEATHER,
    KUBECTL,
    LIGHTS,
    LOOKUP_ORDER,
    METRICS,
    REFUND_ORDER,
    SET_THERMOSTAT,
    SUPPORT_BOT,
    asst,
    call,
    case,
    result,
    sys,
    user,
)

TOOL, PLAN, CHAT = "tool_use", "agentic_reasoning", "simple_chat"
TRIAGE, SUM, LARGE = "triage", "summarize", "large_context"

DEBUG_CHAT = [
    user("why does my docker build take forever?"),
    asst(
        "Usually because the build context is large or the layer cache is invalidated early. Do you `COPY . .` before installing dependencies?"
    ),
    user("yeah, COPY . . is the 3rd line"),
    asst(
        "Move the dependency manifest copy and install before it:\n\n```dockerfile\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\n```\nAnd add a `.dockerignore` with `node_modules` and `.git`."
    ),
]

PLAN_CHAT = [
    user("we're thinking about moving our monolith's background jobs from cron to a queue"),
    asst(
        "Makes sense if you need retries, visibility and horizontal scaling. What do the jobs look like — how many, how long, how critical?"
    ),
    user(
        "about 30 jobs, most under a minute, 3 of them take an hour (reports), a few must run exactly once per day"
    ),
    asst(
        "Then a queue with a scheduler in front works well: the scheduler enqueues, workers consume, and exactly-once-per-day jobs use an idempotency key like `report:2026-12-05`."
    ),
]

CASES = [
    # tool_use --------------------------------------------------------------------------
    case(
        "his-001",
        TOOL,
        "en",
        "long docker chat, then a request to run the build in the agent",
        [
            sys(CLI_AGENT),
            *DEBUG_CHAT,
            user("ok I changed the Dockerfile. build it now and tell me how long it takes"),
        ],
        CODING_TOOLS,
    ),
    case(
        "his-002",
        TOOL,
        "en",
        "smart home: chat about the day, then an implied action",
        [
            sys("You control the user's smart home. Call tools to change devices."),
            user("long day today"),
            asst("Sorry to hear that — anything I can do to make the evening easier?"),
            user("honestly just want to collapse on the couch"),
            asst("Sounds well deserved."),
            user("it's freezing in here though and way too bright"),
        ],
        [SET_THERMOSTAT, LIGHTS, GET_WEATHER],
    ),
    case(
        "his-003",
        TOOL,
        "en",
        "support: earlier lookup and explanation; last turn confirms partial refund",
        [
            sys(SUPPORT_BOT),
            user("one of the two bulbs in order BN-60021 is dead"),
            call("o1", "lookup_order", '{"order_id": "BN-60021"}'),
            result(
                "o1",
                '{"order_id": "BN-60021", "items": [{"sku": "BULB-C", "qty": 2, "price": 19.5}], "status": "delivered"}',
            ),
            asst(
                "I see order BN-60021 with 2× BULB-C at 19.50 EUR each. I can refund the dead bulb (19.50 EUR) or send a replacement. Which do you prefer?"
            ),
            user("what's faster?"),
            asst(
                "The refund — it's issued right away and shows up within 5 business days. A replacement ships in 2–3 days."
            ),
            user("refund then"),
        ],
        [LOOKUP_ORDER, REFUND_ORDER],
    ),
    case(
        "his-004",
        TOOL,
        "de",
        "German: Rechnungsgespräch, dann Rechnung anlegen",
        [
            sys("Du bist der Buchhaltungsassistent eines kleinen Ingenieurbüros."),
            user("Was war noch mal der Stundensatz, den wir mit Krause & Söhne vereinbart haben?"),
            asst(
                "Laut deiner Notiz vom Oktober: 95 € netto pro Stunde, Reisezeit zum halben Satz."
            ),
            user(
                "Danke. Dann leg bitte die Rechnung an: 22 Stunden Planung, 4 Stunden Reisezeit, Kunde ist cust_krause, Zahlungsziel 14 Tage."
            ),
        ],
        [CREATE_INVOICE, CRM_LOOKUP],
    ),
    case(
        "his-005",
        TOOL,
        "en",
        "SRE chat: after discussing a hypothesis, ask to check the pods",
        [
            sys("You are an ops copilot with kubectl and Prometheus access."),
            user("latency on the recommender is weird today"),
            asst("Weird how — higher overall, or spiky?"),
            user("spiky, every ~10 minutes"),
            asst(
                "Periodic spikes often come from GC, cron-like jobs, or pods being OOM-killed and restarting. Restarts would be the quickest to rule out."
            ),
            user("ok check restarts and memory for the recommender pods in the last 2 hours"),
        ],
        [KUBECTL, METRICS],
    ),
    case(
        "his-006",
        TOOL,
        "pl",
        "Polish: rozmowa o pogodzie ogólnie, potem konkretne sprawdzenie",
        [
            user("czemu w górach pogoda zmienia się tak szybko?"),
            asst(
                "Bo góry wymuszają unoszenie powietrza: ochładza się ono, para wodna się skrapla i szybko tworzą się chmury i burze, zwłaszcza po południu."
            ),
            user("aha, no to sprawdź, jak ma być jutro w Zakopanem, bo idziemy na Giewont"),
        ],
        [GET_WEATHER],
    ),
    # agentic_reasoning -----------------------------------------------------------------
    case(
        "his-101",
        PLAN,
        "en",
        "queue discussion in history; last turn asks for the full migration plan",
        [
            *PLAN_CHAT,
            user(
                "right. so give me the actual migration plan from cron to that setup — order of jobs, running both in parallel, how we know it's safe to delete the crontab"
            ),
        ],
    ),
    case(
        "his-102",
        PLAN,
        "en",
        "docker chat in history; last turn steps up to a CI caching strategy across repos",
        [
            *DEBUG_CHAT,
            user(
                "that helped locally. but we have 40 repos with slow CI builds on ephemeral runners where no cache survives. what's the overall strategy — registry cache, BuildKit cache mounts, a shared base image? think it through and tell me what to roll out first"
            ),
        ],
    ),
    case(
        "his-103",
        PLAN,
        "de",
        "German: nach Smalltalk eine Architekturentscheidung",
        [
            user("Moin!"),
            asst("Moin! Was steht an?"),
            user(
                "Wir müssen entscheiden, ob wir unsere Suche von Postgres-Volltext auf OpenSearch umstellen."
            ),
            asst(
                "Was ist der Auslöser – Relevanz, Geschwindigkeit, Features wie Facetten oder Tippfehlertoleranz?"
            ),
            user(
                "Alles ein bisschen. 2 Mio. Produkte, 15 Sprachen, und Marketing will Synonyme pflegen können. Wäg das bitte ab und schlag einen Weg vor, inklusive Übergangsphase."
            ),
        ],
    ),
    case(
        "his-104",
        PLAN,
        "en",
        "Aider session with edits in history; last turn asks for a plan of the next refactor",
        [
            sys(AIDER_LIKE),
            user("rename `calc` to `calculate_total` in billing/totals.py"),
            asst(
                "billing/totals.py\n```python\n<<<<<<< SEARCH\ndef calc(items):\n=======\ndef calculate_total(items):\n>>>>>>> REPLACE\n```"
            ),
            user(
                "thanks. now, bigger picture: billing/ has grown to 30 modules with circular imports between totals, taxes and discounts. How would you untangle it? Give me the sequence of steps and what each step buys us, don't edit anything yet."
            ),
        ],
    ),
    case(
        "his-105",
        PLAN,
        "es",
        "Spanish: tras resumir un informe, pedir un plan de acción",
        [
            user(
                "Resume este informe: las encuestas muestran que el 38% de los usuarios abandona el registro en el paso del teléfono; el tiempo medio de registro es de 4 minutos; en móvil la tasa de abandono duplica la de escritorio."
            ),
            asst(
                "El 38% abandona en el paso del teléfono, el registro dura 4 minutos de media y en móvil se abandona el doble que en escritorio."
            ),
            user(
                "Vale. ¿Qué plan seguirías para reducir el abandono? Prioriza experimentos, dime qué medir y en qué orden lanzarlos."
            ),
        ],
    ),
    case(
        "his-106",
        PLAN,
        "zh",
        "Chinese: 多轮后提出故障排查策略",
        [
            user("我们的定时任务最近经常重复执行"),
            asst("是所有任务都重复，还是个别任务？部署了几个实例？"),
            user("个别任务，部署了 3 个实例，用的是 Spring 的 @Scheduled"),
            asst("多实例下 @Scheduled 默认每个实例都会执行，需要分布式锁，比如 ShedLock。"),
            user(
                "可是我们已经用了 ShedLock，还是偶尔重复。请帮我系统地分析可能的原因，并给出一步步的排查方案。"
            ),
        ],
    ),
    case(
        "his-107",
        PLAN,
        "en",
        "tool history, then the user wants an interpretation and capacity plan",
        [
            sys("You are an SRE assistant with read access to Prometheus."),
            user("what's the peak CPU on the db primary this month?"),
            call(
                "m1",
                "query_metrics",
                '{"query": "max_over_time(node_cpu_utilisation{instance=\\"db-primary\\"}[30d])", "range": "30d"}',
            ),
            result("m1", '{"value": 0.87, "at": "2026-11-28T19:04:00Z"}'),
            asst("Peak was 87% on 28 Nov at 19:04 UTC (Black Friday evening)."),
            user(
                "ok, so next Black Friday we expect 1.6x traffic. think through our options — vertical scaling, read replicas, caching, query work — and give me a plan with a timeline so we're safe"
            ),
        ],
        [METRICS],
    ),
    case(
        "his-108",
        PLAN,
        "pl",
        "Polish: po ogólnej rozmowie prośba o plan wdrożenia",
        [
            user("co to jest feature flag?"),
            asst(
                "Przełącznik w konfiguracji, który włącza lub wyłącza funkcję bez nowego wdrożenia."
            ),
            user(
                "a jak byśmy mieli to wprowadzić u nas? 8 zespołów, mobilki i web, zero doświadczenia z flagami. Rozpisz plan: narzędzie, zasady nazewnictwa, sprzątanie starych flag, pierwsze pilotaże."
            ),
        ],
    ),
    # simple_chat -----------------------------------------------------------------------
    case(
        "his-201",
        CHAT,
        "en",
        "after a long plan discussion the user signs off",
        [
            *PLAN_CHAT,
            user("this is really helpful, I'll take it to the team tomorrow. have a good evening!"),
        ],
    ),
    case(
        "his-202",
        CHAT,
        "en",
        "after a docker fix, a general curiosity question",
        [*DEBUG_CHAT, user("out of curiosity, why is it called a 'layer' anyway?")],
    ),
    case(
        "his-203",
        CHAT,
        "es",
        "Spanish: tras una sesión de herramientas, charla",
        [
            sys(SUPPORT_BOT),
            user("¿dónde está mi pedido BN-81110?"),
            call("o1", "lookup_order", '{"order_id": "BN-81110"}'),
            result("o1", '{"status": "delivered", "delivered_at": "2026-12-04T11:20:00Z"}'),
            asst("Tu pedido BN-81110 se entregó ayer a las 12:20."),
            user("ah sí, lo tenía mi vecina 😂 ¡gracias!"),
        ],
        [LOOKUP_ORDER],
    ),
    case(
        "his-204",
        CHAT,
        "zh",
        "Chinese: 讨论技术后闲聊",
        [
            user("Redis 和 Memcached 选哪个？"),
            asst(
                "需要持久化、数据结构或发布订阅就选 Redis；只做简单缓存、追求极简可以用 Memcached。"
            ),
            user("明白了。话说你周末一般干嘛？😄"),
        ],
    ),
    case(
        "his-205",
        CHAT,
        "de",
        "German: nach Code-Hilfe ein kurzer Dank mit Witz",
        [
            user("Wie drehe ich in Python einen String um?"),
            asst("`s[::-1]`"),
            user(
                "Ha, so einfach. Und ich hab dafür eine Schleife mit 12 Zeilen geschrieben 🙈 Danke!"
            ),
        ],
    ),
    case(
        "his-206",
        CHAT,
        "en",
        "chat UI with tools: after a web-searched answer, an opinion question",
        [
            sys(CHAT_UI),
            user("when is the next total solar eclipse visible in Europe?"),
            asst(
                "The next one is on 2 August 2027, with totality over southern Spain (around Cádiz and Málaga) and Gibraltar."
            ),
            user("nice. would you travel for it if you could?"),
        ],
        CHAT_UI_TOOLS,
    ),
    # triage ----------------------------------------------------------------------------
    case(
        "his-301",
        TRIAGE,
        "en",
        "history of routing answers; last message to route",
        [
            sys(
                "Route each message to one queue: billing, tech, sales, other. Reply with the queue only."
            ),
            user("I'd like a quote for 30 seats"),
            asst("sales"),
            user("My invoice shows the wrong company name"),
            asst("billing"),
            user("The sync with Google Calendar stopped working yesterday"),
        ],
    ),
    case(
        "his-302",
        TRIAGE,
        "en",
        "after a long debugging chat, the user asks only for a severity label for the ticket",
        [
            *DEBUG_CHAT,
            user(
                "ok for the ticket I'm filing about the slow builds: severity low, medium or high? one word"
            ),
        ],
    ),
    case(
        "his-303",
        TRIAGE,
        "pl",
        "Polish: po streszczeniu pytanie o etykietę",
        [
            user(
                "Streść: klient od 3 dni nie może wygenerować faktury korygującej, system wyświetla 'brak uprawnień', choć jest administratorem."
            ),
            asst(
                "Administrator od 3 dni nie może wystawić faktury korygującej — system zgłasza brak uprawnień."
            ),
            user(
                "Dobra, i jaka kategoria: uprawnienia, fakturowanie czy błąd systemu? Jedno słowo."
            ),
        ],
    ),
    case(
        "his-304",
        TRIAGE,
        "de",
        "German: Sentiment-Klassifikation in einer Serie",
        [
            sys("Gib für jede Bewertung nur das Sentiment aus: positiv, negativ oder neutral."),
            user("Schnelle Lieferung, alles bestens."),
            asst("positiv"),
            user("Ware beschädigt angekommen, Kundenservice nicht erreichbar."),
            asst("negativ"),
            user("Produkt entspricht der Beschreibung."),
        ],
    ),
    case(
        "his-305",
        TRIAGE,
        "zh",
        "Chinese: 连续分类",
        [
            sys("将每条用户反馈分类为：功能建议、缺陷、咨询。只输出类别。"),
            user("能不能加一个导出 PDF 的功能？"),
            asst("功能建议"),
            user("点击保存按钮没有任何反应"),
        ],
    ),
    # summarize -------------------------------------------------------------------------
    case(
        "his-401",
        SUM,
        "en",
        "after a long planning conversation, user asks to summarise the conversation",
        [
            *PLAN_CHAT,
            user("and the reports?"),
            asst(
                "Give the hour-long report jobs their own queue and worker pool so they can't starve the short jobs, and set a visibility timeout longer than their runtime."
            ),
            user(
                "great, can you summarise what we've decided in this chat as 4 bullets for my notes?"
            ),
        ],
    ),
    case(
        "his-402",
        SUM,
        "en",
        "docker debugging history, then: summarise the fix for the team wiki",
        [
            *DEBUG_CHAT,
            user(
                "worked, build went from 9 min to 50 s. summarise the problem and the fix in 2 sentences for our wiki"
            ),
        ],
    ),
    case(
        "his-403",
        SUM,
        "es",
        "Spanish: resumen de la conversación de soporte",
        [
            sys("Eres un asistente interno para agentes de soporte."),
            user("Cliente: la app no sincroniza las notas entre el móvil y el portátil."),
            asst("Pregúntale si ambos dispositivos usan la misma cuenta y la versión de la app."),
            user("Misma cuenta, el móvil tiene la 3.2 y el portátil la 2.9."),
            asst("La 2.9 usa el protocolo antiguo; que actualice el portátil a la 3.2."),
            user("Actualizó y ya funciona. Hazme un resumen del caso en dos líneas para cerrarlo."),
        ],
    ),
    case(
        "his-404",
        SUM,
        "de",
        "German: Zusammenfassung eines Chats mit mehreren Themen",
        [
            user("Was ist der Unterschied zwischen Brutto- und Nettogehalt?"),
            asst(
                "Brutto ist das vereinbarte Gehalt vor Abzügen; netto bleibt nach Steuern und Sozialabgaben übrig."
            ),
            user("Und was ist die Steuerklasse 1?"),
            asst(
                "Die Steuerklasse für Ledige ohne Kinder; sie bestimmt, wie viel Lohnsteuer monatlich einbehalten wird."
            ),
            user(
                "Fass mir das, was du erklärt hast, bitte in drei einfachen Sätzen zusammen, für meine Tochter, die gerade ihren ersten Job anfängt."
            ),
        ],
    ),
    # large_context ---------------------------------------------------------------------
    case(
        "his-501",
        LARGE,
        "en",
        "after small questions about a module, the user asks to apply a change across the whole codebase",
        [
            sys(CLI_AGENT),
            user("what does retry.py do?"),
            asst(
                "It wraps outbound HTTP calls with up to 3 retries on 5xx and timeouts, with jittered backoff."
            ),
            user("and is it used everywhere?"),
            asst(
                "I only looked at retry.py so far; I'd need to search the codebase to answer that."
            ),
            user(
                "then go through the whole codebase and switch every outbound HTTP call to use it"
            ),
        ],
        CODING_TOOLS,
    ),
    case(
        "his-502",
        LARGE,
        "de",
        "German: nach Detailfragen ein Auftrag über das ganze Repository",
        [
            user("Was macht die Funktion normalize_phone?"),
            asst(
                "Sie entfernt Leerzeichen und Bindestriche und ergänzt bei deutschen Nummern +49."
            ),
            user(
                "Prüf bitte im ganzen Repository, wo Telefonnummern ohne diese Funktion verarbeitet werden, und liste alle Stellen auf."
            ),
        ],
    ),
]
