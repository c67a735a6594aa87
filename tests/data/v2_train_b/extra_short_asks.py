# ruff: noqa: E501
"""More simple_chat, triage and summarize, mostly over technical material.

Code, diffs and logs appear here as things to label or condense, or only as the topic of
small talk; the ask decides, not the material.
"""

from __future__ import annotations

from .common import (
    CHAT_UI,
    CHAT_UI_TOOLS,
    CLI_AGENT,
    CODING_TOOLS,
    CONTINUE_LIKE,
    LOOKUP_ORDER,
    SUPPORT_BOT,
    asst,
    case,
    parts,
    sys,
    user,
)

CHAT, TRIAGE, SUM = "simple_chat", "triage", "summarize"

CASES = [
    # simple_chat ---------------------------------------------------------------------
    case(
        "xsa-001",
        CHAT,
        "en",
        "support bot with tools, plain greeting",
        [sys(SUPPORT_BOT), user("hello!")],
        [LOOKUP_ORDER],
    ),
    case(
        "xsa-002",
        CHAT,
        "en",
        "Continue IDE prompt; conceptual question, no code wanted",
        [
            sys(CONTINUE_LIKE),
            user("what's the difference between useMemo and useCallback, in a sentence each?"),
        ],
    ),
    case(
        "xsa-004",
        CHAT,
        "de",
        "German: Meinung zu Programmiersprachen mit Chat-UI-Tools",
        [sys(CHAT_UI), user("Mal ehrlich: Ist Java wirklich so geschwätzig, wie alle sagen?")],
        CHAT_UI_TOOLS,
    ),
    case(
        "xsa-005",
        CHAT,
        "pl",
        "Polish: krótkie pytanie pojęciowe o bazach",
        [user("Czym się różni klucz główny od klucza obcego? Krótko.")],
    ),
    case(
        "xsa-006",
        CHAT,
        "es",
        "Spanish: charla tras terminar una tarea con el agente",
        [sys(CLI_AGENT), user("listo, ya está todo subido. ¡Gracias por la paciencia hoy!")],
        CODING_TOOLS,
    ),
    case(
        "xsa-007",
        CHAT,
        "zh",
        "Chinese: 简单概念",
        [user("什么是 Docker 镜像？和容器有什么区别？简单讲")],
    ),
    case(
        "xsa-008",
        CHAT,
        "en",
        "one-word acknowledgement after a long answer",
        [
            user("explain CAP theorem briefly"),
            asst(
                "In a distributed system with network partitions, you must choose between consistency and availability; without partitions you can have both."
            ),
            user("got it 👍"),
        ],
    ),
    case(
        "xsa-009",
        CHAT,
        "en",
        "question about the assistant's model and limits",
        [sys(CHAT_UI), user("which model are you, and do you remember our chat from yesterday?")],
        CHAT_UI_TOOLS,
    ),
    case(
        "xsa-010",
        CHAT,
        "en",
        "light trivia about programming history",
        [user("why is it called 'bug'? is the moth story true?")],
    ),
    case(
        "xsa-011",
        CHAT,
        "mixed",
        "Polish/English mix small talk",
        [
            user(
                "haha ten deploy w piątek to był big mistake, ale przynajmniej mamy fun story na retro 😅"
            )
        ],
    ),
    case(
        "xsa-012",
        CHAT,
        "en",
        "image of a sunset, small talk",
        [
            parts(
                "view from the office today, not bad right?",
                image="https://example.com/p/sunset.jpg",
            )
        ],
    ),
    case(
        "xsa-013",
        CHAT,
        "de",
        "German: kurze Sachfrage, zeitlos",
        [user("Wofür steht eigentlich die Abkürzung 'SQL'?")],
    ),
    case(
        "xsa-014",
        CHAT,
        "es",
        "Spanish: recomendación ligera",
        [user("¿Me recomiendas algún podcast de tecnología en español?")],
    ),
    # triage --------------------------------------------------------------------------
    case(
        "xsa-101",
        TRIAGE,
        "en",
        "is this SQL read-only? yes/no",
        [
            user(
                "Yes or no: is this query safe to run on the read replica (read-only)?\n\n```sql\nWITH stale AS (\n  SELECT id FROM sessions WHERE last_seen < now() - interval '30 days'\n)\nDELETE FROM sessions WHERE id IN (SELECT id FROM stale);\n```"
            )
        ],
    ),
    case(
        "xsa-102",
        TRIAGE,
        "en",
        "label a stack trace by component (not fix)",
        [
            user(
                "Which component does this crash come from: UI, networking, storage, or auth? Just the component.\n\n```\nFatal Exception: java.io.IOException: No space left on device\n    at java.io.FileOutputStream.writeBytes(Native Method)\n    at com.example.notes.cache.DiskCache.put(DiskCache.kt:77)\n    at com.example.notes.sync.SyncWorker.doWork(SyncWorker.kt:52)\n```"
            )
        ],
    ),
    case(
        "xsa-103",
        TRIAGE,
        "pl",
        "Polish: etykieta dla alertu",
        [
            user(
                "Ten alert to szum czy coś do zrobienia? Odpowiedz jednym słowem.\n\n[FIRING] HighMemoryUsage pod=search-7c9f container=indexer usage=91% for=3m (limit 4Gi)\nTen pod robi codziennie o tej porze reindeksację i zawsze wtedy dobija do 90%."
            )
        ],
    ),
    case(
        "xsa-104",
        TRIAGE,
        "de",
        "German: Kategorie für Kundenfeedback mit Stack-Trace",
        [
            sys(
                "Ordne jedes Feedback einer Kategorie zu: Absturz, Performance, Bedienung, Wunsch. Nur die Kategorie."
            ),
            user(
                "Die App stürzt ab, sobald ich ein Foto anhängen will. Fehlermeldung: 'java.lang.OutOfMemoryError: Failed to allocate a 48000012 byte allocation'"
            ),
        ],
    ),
    case(
        "xsa-105",
        TRIAGE,
        "es",
        "Spanish: prioridad para un correo de cliente",
        [
            sys("Asigna prioridad alta, media o baja a cada correo de clientes. Solo la palabra."),
            user(
                "Buenos días, desde esta mañana ninguno de nuestros 200 empleados puede fichar en la aplicación. Es urgente."
            ),
        ],
    ),
    case(
        "xsa-106",
        TRIAGE,
        "zh",
        "Chinese: 是否需要人工介入",
        [
            sys("判断用户消息是否需要转人工客服，只回答 是 或 否。"),
            user("我要投诉！你们的机器人根本听不懂我说什么，我要找真人！"),
        ],
    ),
    case(
        "xsa-107",
        TRIAGE,
        "en",
        "tag PR by risk level from file list (short label)",
        [
            user(
                "Risk level for this PR — low, medium or high? one word.\n\nFiles changed:\n- README.md\n- docs/setup.md\n- .github/ISSUE_TEMPLATE/bug.md"
            )
        ],
    ),
    case(
        "xsa-108",
        TRIAGE,
        "en",
        "is this review comment blocking or a nit? (label)",
        [
            user(
                "Classify each review comment as blocking or nit:\n\n1. 'This query runs inside the loop, that's an N+1 on the orders page.'\n2. 'Maybe rename tmp to buffer?'\n3. 'The API key is logged at INFO level here.'\n4. 'Trailing whitespace on line 40.'"
            )
        ],
    ),
    case(
        "xsa-109",
        TRIAGE,
        "mixed",
        "English email, German instruction: spam or not",
        [
            user(
                'Spam oder nicht? Nur ein Wort.\n\n"Dear customer, your mailbox storage is 99% full. Verify your account within 12 hours at mail-verify-support.co to avoid suspension."'
            )
        ],
    ),
    case(
        "xsa-110",
        TRIAGE,
        "en",
        "router prompt in a customer chat UI: pick the department",
        [
            sys(
                "You are the first-line router for Brightnest support. Reply only with one of: ORDERS, DEVICES, ACCOUNT, HUMAN."
            ),
            user(
                "my camera keeps saying 'offline' even though the wifi works fine for everything else"
            ),
        ],
    ),
    case(
        "xsa-111",
        TRIAGE,
        "en",
        "label severity of a compiler warning list (no fix)",
        [
            user(
                "For each warning: ignore or must-fix-before-release? Short answer per line.\n\nwarning: variable 'tmp' set but not used [-Wunused-but-set-variable]\nwarning: format '%d' expects argument of type 'int', but argument 2 has type 'size_t' [-Wformat=]\nwarning: 'strcpy' is deprecated: This function or variable may be unsafe. [-Wdeprecated-declarations]"
            )
        ],
    ),
    case(
        "xsa-112",
        TRIAGE,
        "pl",
        "Polish: czy zgłoszenie dotyczy RODO",
        [
            user(
                'Czy to zgłoszenie to wniosek RODO (dostęp/usunięcie danych)? tak/nie\n\n"Proszę o usunięcie mojego konta i wszystkich danych, które o mnie przechowujecie."'
            )
        ],
    ),
    # summarize -----------------------------------------------------------------------
    case(
        "xsa-201",
        SUM,
        "en",
        "summarize a long git diff stat + messages into a weekly digest",
        [
            user(
                "Weekly digest please — summarise what landed this week in 3-4 bullets:\n\n* 4f1a2b3 Add bulk export for invoices (+612 −40)\n* 9c8d7e6 Replace moment.js with date-fns (+230 −1180)\n* 1a2b3c4 Fix timezone in reminders (+12 −5)\n* 5d6e7f8 Add rate limiting to public API (+340 −22)\n* 0f9e8d7 Upgrade Node 18 → 20 in Docker images (+8 −8)\n* 3c4b5a6 Remove unused feature flags (+0 −410)"
            )
        ],
    ),
    case(
        "xsa-202",
        SUM,
        "de",
        "German: Zusammenfassung eines Stacktraces für das Ticket",
        [
            user(
                'Schreib für das Ticket eine einzeilige Zusammenfassung dieses Fehlers (keine Lösung, das macht das Team):\n\n```\nException in thread "main" java.lang.IllegalStateException: Connection pool shut down\n\tat org.apache.http.impl.conn.PoolingHttpClientConnectionManager.requestConnection(PoolingHttpClientConnectionManager.java:269)\n\tat com.firma.export.PartnerClient.send(PartnerClient.java:88)\n\tat com.firma.export.NightlyExport.run(NightlyExport.java:41)\n```'
            )
        ],
    ),
    case(
        "xsa-203",
        SUM,
        "en",
        "condense a code review thread into outcomes",
        [
            user(
                "Summarise this review thread: what was decided and what's left?\n\nAlice: Why are we catching Exception here? Could hide bugs.\nBob: The SDK throws a bare Exception on timeouts, nothing more specific.\nAlice: Then catch it, check the message, and re-raise otherwise?\nBob: Message parsing is brittle. What about wrapping the SDK call in our own timeout?\nCarol: +1 to our own timeout. Also we need a test for the timeout path.\nBob: OK, will switch to asyncio.wait_for and add the test. Leaving the broad except for now with a TODO.\nAlice: Fine by me if there's a ticket for removing it."
            )
        ],
    ),
    case(
        "xsa-204",
        SUM,
        "es",
        "Spanish: resumen en viñetas de notas técnicas",
        [
            user(
                "Pásame esto a 3 viñetas:\n\nEl equipo de datos ha terminado la migración del almacén a BigQuery. Las consultas del panel de ventas ahora tardan de media 4 segundos frente a 40 antes. Quedan pendientes dos informes de finanzas que usan funciones específicas de Redshift; se reescribirán antes de fin de mes. El coste mensual estimado baja un 25%. El antiguo clúster se apagará el 31 de enero."
            )
        ],
    ),
    case(
        "xsa-205",
        SUM,
        "zh",
        "Chinese: 把日志总结成一句话",
        [
            user(
                "用一句话总结这段部署日志发生了什么：\n\n[10:00:01] 开始部署 user-service v2.8.0\n[10:00:35] 镜像拉取完成\n[10:01:10] 3/3 实例健康检查通过\n[10:01:12] 流量切换完成\n[10:01:13] 部署成功，耗时 72 秒"
            )
        ],
    ),
    case(
        "xsa-206",
        SUM,
        "en",
        "follow-up 'even shorter' on a code explanation summary",
        [
            user(
                "summarise what this SQL does:\n\n```sql\nSELECT c.country, date_trunc('week', o.created_at) AS wk, count(*) AS orders, sum(o.total) AS revenue\nFROM orders o JOIN customers c ON c.id = o.customer_id\nWHERE o.status = 'paid' AND o.created_at >= now() - interval '90 days'\nGROUP BY 1, 2 ORDER BY 2, 1;\n```"
            ),
            asst(
                "It reports, per customer country and per week over the last 90 days, the number of paid orders and their total revenue, ordered by week then country."
            ),
            user("even shorter — like a column header for the dashboard"),
        ],
    ),
    case(
        "xsa-207",
        SUM,
        "pl",
        "Polish: streść zmiany w konfiguracji k8s",
        [
            user(
                "Streść jednym akapitem, co zmienia ten diff w manifeście (bez oceniania):\n\n```diff\n spec:\n-  replicas: 2\n+  replicas: 4\n   template:\n     spec:\n       containers:\n       - name: api\n-        image: registry.example.com/api:1.14.2\n+        image: registry.example.com/api:1.15.0\n         resources:\n           limits:\n-            memory: 512Mi\n+            memory: 1Gi\n+        readinessProbe:\n+          httpGet: { path: /ready, port: 8080 }\n```"
            )
        ],
    ),
    case(
        "xsa-208",
        SUM,
        "en",
        "CLI agent prompt but the ask is to summarise pasted notes (no tool needed)",
        [
            sys(CLI_AGENT),
            user(
                "not a code task: tl;dr these notes from the architecture sync so I can paste them in the PR description\n\n- agreed to keep Postgres, no Mongo\n- new 'ledger' table, append-only, one row per money movement\n- balances computed by a materialized view, refreshed every minute\n- old 'balance' column kept read-only for 2 releases then dropped\n- Jakub owns the migration, Ewa the reporting changes"
            ),
        ],
        CODING_TOOLS,
    ),
    case(
        "xsa-209",
        SUM,
        "en",
        "summarise a product changelog page for a customer email",
        [
            user(
                "Turn this into a 3-sentence 'what's new' paragraph for customers:\n\nv5.2 — Added Microsoft Teams notifications. Reports can now be scheduled daily. Improved load time of the projects page by ~50%. Fixed: CSV export ignored the date filter. Fixed: dark mode contrast on charts. Deprecated: the legacy v1 API will be removed on 30 June."
            )
        ],
    ),
    case(
        "xsa-210",
        SUM,
        "de",
        "German: kürzer bitte, nach Zusammenfassung",
        [
            user(
                "Zusammenfassen: Die Lieferung der Serverhardware verzögert sich um drei Wochen, weil ein Bauteil fehlt. Dadurch verschiebt sich die Inbetriebnahme des neuen Rechenzentrums vom 1. auf den 22. Februar. Der Umzug der Kundensysteme startet entsprechend später; die Kunden werden nächste Woche informiert."
            ),
            asst(
                "Hardware kommt drei Wochen später (fehlendes Bauteil), daher startet das neue Rechenzentrum am 22. statt 1. Februar und der Kundenumzug entsprechend später; Kunden werden nächste Woche informiert."
            ),
            user("Kürzer bitte, ein Satz mit max. 12 Wörtern."),
        ],
    ),
]
