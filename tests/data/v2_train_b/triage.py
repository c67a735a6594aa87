# ruff: noqa: E501
"""triage: label, route, prioritise, classify; errors and logs as things to label, not to fix."""

from __future__ import annotations

from .common import CHAT_UI, CHAT_UI_TOOLS, TRIAGE_ROUTER, asst, case, parts, sys, user

L = "triage"

INTENT_ROUTER = "Classify the user's message into exactly one intent: order_status, return_request, product_question, complaint, billing, other. Reply with the intent name only."
SENTIMENT = "You are a sentiment classifier. Output one of: positive, negative, neutral, mixed."
BUG_ROUTER = "You route incoming bug reports to a team: frontend, backend, mobile, infra, data. Answer with the team name and a priority P0-P3, e.g. 'backend P2'."

CASES = [
    case(
        "tri-001",
        L,
        "en",
        "router system prompt, support message to route",
        [
            sys(TRIAGE_ROUTER),
            user("I was charged twice for my December subscription, please sort this out."),
        ],
    ),
    case(
        "tri-002",
        L,
        "en",
        "router prompt, abusive content message",
        [
            sys(TRIAGE_ROUTER),
            user(
                "User @kx_99 keeps posting links to a phishing site in the community forum, third time today."
            ),
        ],
    ),
    case(
        "tri-003",
        L,
        "pl",
        "router prompt, Polish message",
        [
            sys(TRIAGE_ROUTER),
            user(
                "Nie mogę się zalogować od wczoraj, resetowałem hasło dwa razy i dalej 'nieprawidłowe dane'."
            ),
        ],
    ),
    case(
        "tri-004",
        L,
        "en",
        "intent classification, one word expected",
        [sys(INTENT_ROUTER), user("hey, the jacket I got is too small, how do I send it back?")],
    ),
    case(
        "tri-005",
        L,
        "de",
        "intent classification, German",
        [
            sys(INTENT_ROUTER),
            user(
                "Wann kommt meine Bestellung? Die Sendungsverfolgung zeigt seit Tagen nichts Neues."
            ),
        ],
    ),
    case(
        "tri-006",
        L,
        "es",
        "intent classification, Spanish",
        [sys(INTENT_ROUTER), user("¿Esta cafetera sirve para cápsulas de otras marcas?")],
    ),
    case(
        "tri-007",
        L,
        "en",
        "sentiment of a review",
        [
            sys(SENTIMENT),
            user("Battery life is great, but the app is buggy and support took a week to answer."),
        ],
    ),
    case(
        "tri-008",
        L,
        "zh",
        "sentiment, Chinese review",
        [sys(SENTIMENT), user("物流很快，包装也很好，就是颜色和图片有点差别，总体还行。")],
    ),
    case(
        "tri-009",
        L,
        "en",
        "bug report with stack trace: route to team, not fix",
        [
            sys(BUG_ROUTER),
            user(
                "Android app crashes when opening a shared playlist link.\n\njava.lang.NullPointerException: Attempt to invoke virtual method 'java.lang.String android.net.Uri.getHost()' on a null object reference\n    at com.example.music.deeplink.DeepLinkRouter.route(DeepLinkRouter.kt:44)\n    at com.example.music.MainActivity.onNewIntent(MainActivity.kt:131)\n\nHappens on every device we tried, ~2k crash reports since this morning's release."
            ),
        ],
    ),
    case(
        "tri-010",
        L,
        "en",
        "alert text to prioritise P1..P4",
        [
            user(
                "Priority for this alert? Just P1-P4 and one reason.\n\n[FIRING] DiskSpaceLow host=db-replica-3 mount=/var/lib/postgresql free=7.8% threshold=10% for=15m"
            )
        ],
    ),
    case(
        "tri-011",
        L,
        "en",
        "either/or label over an error: bug or user error",
        [
            user(
                "Customer says: 'I entered my card and got \"Your card's security code is incorrect\" but I'm sure it's right.' Bug on our side or user error? one word"
            )
        ],
    ),
    case(
        "tri-012",
        L,
        "pl",
        "Polish: priorytet zgłoszenia",
        [
            user(
                'Jaki priorytet nadać temu zgłoszeniu (niski/średni/wysoki/krytyczny)? Odpowiedz jednym słowem.\n\n"Od 8:00 żaden kurier nie może zeskanować paczek w magazynie w Poznaniu, aplikacja skanera pokazuje błąd 500."'
            )
        ],
    ),
    case(
        "tri-013",
        L,
        "de",
        "German: Ticket einer Abteilung zuordnen",
        [
            user(
                'Welcher Abteilung ordne ich das zu – IT, HR, Buchhaltung oder Facility? "Die Heizung im 3. OG ist seit gestern aus und es sind 16 Grad im Büro."'
            )
        ],
    ),
    case(
        "tri-014",
        L,
        "en",
        "spam yes/no",
        [
            sys("Answer 'spam' or 'ham' only."),
            user(
                "Congratulations!!! You have been selected for a FREE iPhone 17. Click here to claim within 24h: bit.ly/xx"
            ),
        ],
    ),
    case(
        "tri-015",
        L,
        "en",
        "label a batch of tickets with categories, short output",
        [
            user(
                "Tag each of these as billing / bug / feature_request / question. Format: number: tag\n\n1. Can you add an export to Excel?\n2. The invoice PDF shows the wrong VAT number\n3. How do I invite a teammate?\n4. Clicking 'Save' on the settings page does nothing in Firefox\n5. Please support Apple Pay"
            )
        ],
    ),
    case(
        "tri-016",
        L,
        "es",
        "Spanish: clasificar correos por urgencia",
        [
            user(
                "Clasifica estos correos como urgente, normal o puede esperar. Solo la etiqueta para cada uno:\n\nA) El servidor de producción no responde desde hace 10 minutos.\nB) ¿Podemos mover la reunión del jueves al viernes?\nC) Recordatorio: la encuesta de satisfacción cierra el mes que viene."
            )
        ],
    ),
    case(
        "tri-017",
        L,
        "zh",
        "Chinese: 工单分类",
        [
            user(
                "把这条工单归类：账号、支付、物流、商品质量、其他。只回答类别。\n\n“收到的耳机左边没有声音，换了手机也一样。”"
            )
        ],
    ),
    case(
        "tri-018",
        L,
        "en",
        "CI failure log: label as flaky or real regression (closed choice)",
        [
            user(
                "Flaky or real? Just answer one.\n\n```\n=== RUN   TestCacheEviction\n    cache_test.go:87: expected 3 evictions, got 2\n--- FAIL: TestCacheEviction (0.41s)\n```\nThis test passed on the same commit in the previous 14 runs and the failure only appears on the arm64 runner."
            )
        ],
    ),
    case(
        "tri-019",
        L,
        "en",
        "severity of a security report",
        [
            user(
                "Triage this report from our bug bounty inbox — severity (critical/high/medium/low/informative) and whether it's in scope (*.shop.example.com only):\n\n\"Reflected XSS on https://blog.example.com/search?q=<script>alert(1)</script>. Also the 'X-Powered-By' header reveals PHP 8.1.\""
            )
        ],
    ),
    case(
        "tri-020",
        L,
        "en",
        "route a message to the right on-call team",
        [
            sys(
                "You are the incident router. Teams: payments, identity, search, platform, mobile. Reply with the team only."
            ),
            user(
                "Login via Google started returning 'invalid_grant' for everyone about 5 minutes ago."
            ),
        ],
    ),
    case(
        "tri-021",
        L,
        "de",
        "German: Sentiment eines Tweets",
        [sys(SENTIMENT), user("Na toll, schon wieder Verspätung bei der Bahn. Danke für nichts.")],
    ),
    case(
        "tri-022",
        L,
        "en",
        "language detection as label",
        [
            user(
                'Which language is this? Just the language name: "Dziękuję bardzo za szybką odpowiedź, wszystko działa."'
            )
        ],
    ),
    case(
        "tri-023",
        L,
        "en",
        "extract a single category from an email",
        [
            sys(
                "Extract the request type from the email. One of: cancellation, upgrade, downgrade, pause, other."
            ),
            user(
                "Hi team, we're cutting costs next year so we'd like to move from the Business plan to Starter from January. Thanks, Karen"
            ),
        ],
    ),
    case(
        "tri-024",
        L,
        "en",
        "decide whether a PR needs security review (yes/no)",
        [
            user(
                "Does this PR need a security review per our policy (anything touching auth, crypto, or PII)? yes/no + which rule.\n\nTitle: Store user birthdate for age verification\nFiles: migrations/0042_add_birthdate.py, accounts/models.py, accounts/forms.py"
            )
        ],
    ),
    case(
        "tri-025",
        L,
        "pl",
        "Polish: sentyment opinii",
        [
            sys(SENTIMENT),
            user("Kurier się spóźnił dwa dni, ale sam produkt rewelacyjny, jestem zadowolona."),
        ],
    ),
    case(
        "tri-026",
        L,
        "es",
        "Spanish: prioridad de incidente con log",
        [
            user(
                "¿Qué prioridad le darías (P1–P4)? Solo la prioridad.\n\n2026-12-03 09:14:02 ERROR [billing-worker] Failed to generate invoice for tenant=acme: TimeoutError: Connection to smtp.relay timed out\n2026-12-03 09:14:07 INFO  [billing-worker] Retry 1/5 scheduled"
            )
        ],
    ),
    case(
        "tri-027",
        L,
        "en",
        "is this a duplicate of ticket X (yes/no)",
        [
            user(
                "Is the new ticket a duplicate of the old one? yes or no.\n\nOld (#8812): 'Export to CSV cuts off rows after 10,000'\nNew (#9120): 'CSV download only has 10k lines but my report has 14k'"
            )
        ],
    ),
    case(
        "tri-028",
        L,
        "en",
        "router-style system prompt with JSON output for a crash report",
        [
            sys(TRIAGE_ROUTER),
            user(
                "Your iOS app crashes every time I try to upload a photo larger than 10MB. iPhone 15, iOS 18.2. Super annoying."
            ),
        ],
    ),
    case(
        "tri-029",
        L,
        "zh",
        "Chinese: 判断优先级",
        [
            user(
                "这个告警要不要半夜叫醒人？只回答 要 或 不要。\n\n[WARN] api-gateway 5xx 比例 0.8%，阈值 1%，持续 10 分钟"
            )
        ],
    ),
    case(
        "tri-030",
        L,
        "en",
        "classify log lines by level of concern",
        [
            user(
                "For each line say ignore / watch / act:\n\nWARN  JVM heap usage 71%\nERROR Could not connect to replica db-2, failing over to db-1\nINFO  Scheduled job cleanup_tmp finished in 1.2s\nERROR Payment provider returned 503 for 12% of requests in last 5m"
            )
        ],
    ),
    case(
        "tri-031",
        L,
        "de",
        "German: Bug oder Feature-Wunsch",
        [
            user(
                'Ist das ein Bug oder ein Feature-Wunsch? Nur eins von beiden.\n\n"Beim Export nach PDF werden die Kommentare nicht mitgedruckt. Wäre super, wenn das ginge."'
            )
        ],
    ),
    case(
        "tri-032",
        L,
        "en",
        "content moderation label",
        [
            sys(
                "Moderation: label the comment as allowed, needs_review, or remove. Output the label only."
            ),
            user("this product is garbage and whoever designed it should be fired"),
        ],
    ),
    case(
        "tri-033",
        L,
        "en",
        "extract the product area from a feedback form",
        [
            user(
                "Which product area does this feedback belong to: onboarding, dashboard, reports, integrations, mobile? One word.\n\n\"Connecting our HubSpot account keeps failing with 'token expired' even right after I log in.\""
            )
        ],
    ),
    case(
        "tri-034",
        L,
        "es",
        "Spanish: detección de intención de cancelación",
        [
            sys("Responde solo 'sí' o 'no': ¿el cliente quiere darse de baja?"),
            user(
                "Mira, el servicio está bien pero con la subida de precio me lo estoy pensando seriamente..."
            ),
        ],
    ),
    case(
        "tri-035",
        L,
        "pl",
        "Polish: przypisanie zespołu z logiem",
        [
            sys(BUG_ROUTER),
            user(
                'Po wdrożeniu 3.4 raporty dzienne w hurtowni są puste.\n\n[airflow] Task daily_sales_agg failed: psycopg2.errors.UndefinedColumn: column "net_amount" does not exist'
            ),
        ],
    ),
    case(
        "tri-036",
        L,
        "en",
        "ranking several incoming issues by urgency (short list)",
        [
            user(
                "Rank these by urgency, most urgent first, just the letters:\nA) typo on pricing page\nB) password reset emails not sending\nC) dark mode colours slightly off\nD) checkout 500s for PayPal users"
            )
        ],
    ),
    case(
        "tri-037",
        L,
        "en",
        "classify commit messages into conventional-commit types",
        [
            user(
                "Give each commit a conventional-commit type (feat, fix, chore, docs, refactor, test). One per line.\n\n- bump eslint to 9.3\n- handle empty cart in checkout total\n- add dark mode toggle\n- move date helpers to utils/\n- README: new setup steps"
            )
        ],
    ),
    case(
        "tri-038",
        L,
        "zh",
        "Chinese: 情感分类 with system router",
        [
            sys("对用户评论进行情感分类，只输出：正面、负面、中性。"),
            user("客服态度特别好，问题当天就解决了！"),
        ],
    ),
    case(
        "tri-039",
        L,
        "en",
        "gmail-like auto-label from email content",
        [
            sys("Assign exactly one label: Finance, Travel, Newsletters, Work, Personal."),
            user(
                "Subject: Your boarding pass for LH1357 FRA → MAD\n\nDear passenger, please find your boarding pass attached. Gate closes 20 minutes before departure."
            ),
        ],
    ),
    case(
        "tri-040",
        L,
        "en",
        "ask whether this error belongs to us or a vendor",
        [
            user(
                "Ours or the vendor's problem? Answer 'ours' or 'vendor'.\n\nstripe.error.APIConnectionError: Could not connect to Stripe (https://api.stripe.com). Please check your internet connection and try again. If this problem persists, let us know at support@stripe.com.\n\nStatus page shows all green and other outbound calls from the same host also fail."
            )
        ],
    ),
    case(
        "tri-041",
        L,
        "de",
        "German: Router-Systemprompt mit JSON",
        [
            sys(TRIAGE_ROUTER),
            user(
                "Ich möchte gerne ein Angebot für 50 Lizenzen für unser Team, mit Rabatt wenn möglich."
            ),
        ],
    ),
    case(
        "tri-042",
        L,
        "en",
        "multi-turn: earlier summary, last turn asks for a label only",
        [
            user(
                "summarise this thread: customer says the smart plug disconnects from Wi-Fi every night, tried resetting router, firmware 2.1.4"
            ),
            asst(
                "Customer's smart plug (firmware 2.1.4) drops off Wi-Fi nightly; router reset didn't help."
            ),
            user("ok and which queue: hardware, firmware, or network? one word"),
        ],
    ),
    case(
        "tri-043",
        L,
        "es",
        "Spanish: etiqueta de tipo de documento",
        [
            user(
                '¿Qué tipo de documento es: factura, contrato, nómina o presupuesto? Solo la palabra.\n\n"Por la presente, ambas partes acuerdan la prestación de servicios de mantenimiento durante un periodo de doce meses..."'
            )
        ],
    ),
    case(
        "tri-044",
        L,
        "en",
        "content-parts ticket with screenshot, route to team",
        [
            sys(BUG_ROUTER),
            parts(
                "Checkout button overlaps the footer on small screens, see screenshot. Happens on the web shop, Chrome mobile emulator too.",
                image="https://cdn.example.com/tickets/5512/shot.png",
            ),
        ],
    ),
    case(
        "tri-045",
        L,
        "en",
        "is this message urgent, yes/no, with chat UI tools attached",
        [
            sys(CHAT_UI),
            user(
                'Quick one: is this urgent or can it wait until Monday? Answer in one word.\n\n"Hey, whenever you get a chance could you look at the Q4 numbers draft? No rush."'
            ),
        ],
        CHAT_UI_TOOLS,
    ),
    case(
        "tri-046",
        L,
        "pl",
        "Polish: klasyfikacja typu zmiany w PR",
        [
            user(
                "Czy ten PR to breaking change? tak/nie.\n\nZmiana: parametr `timeout` w `Client.__init__` zmienia domyślną wartość z 30 na 10 sekund i zmienia typ z int na float."
            )
        ],
    ),
    case(
        "tri-047",
        L,
        "en",
        "pick the label for a failed test without fixing",
        [
            user(
                "Classify this failure as one of: infra, test_bug, product_bug. Label only.\n\nFAILED tests/e2e/test_signup.py::test_signup_flow - playwright._impl._errors.TimeoutError: Timeout 30000ms exceeded. waiting for locator(\"#submit\")\n\nThe runner log shows 'Chromium download failed, retrying from mirror' just before."
            )
        ],
    ),
    case(
        "tri-048",
        L,
        "de",
        "German: Dringlichkeit von Kundenanfragen",
        [
            user(
                "Sortiere nach Dringlichkeit (hoch/mittel/niedrig), nur Nummer und Stufe:\n1. Rechnung falsch adressiert\n2. Komplettausfall der Kasse in Filiale Köln\n3. Frage zu Öffnungszeiten an Feiertagen"
            )
        ],
    ),
    case(
        "tri-049",
        L,
        "en",
        "NER-ish extraction as a short label: which country",
        [
            user(
                "Which country is this address in? Country name only: 'ul. Piotrkowska 104, 90-926 Łódź'"
            )
        ],
    ),
    case(
        "tri-050",
        L,
        "zh",
        "Chinese: 判断是否为广告",
        [
            sys("判断下面的消息是否为广告，只回答 是 或 否。"),
            user("限时特惠！全场五折，点击链接立即抢购 >>> t.cn/abc123"),
        ],
    ),
    case(
        "tri-051",
        L,
        "en",
        "route a Slack question to the right channel",
        [
            user(
                'Which channel should this go to: #help-infra, #help-frontend, #help-data, #help-security? Just the channel.\n\n"Our dbt run failed overnight, looks like a permissions thing on the analytics schema"'
            )
        ],
    ),
    case(
        "tri-052",
        L,
        "es",
        "Spanish: clasificación de gravedad de un error de compilación (etiqueta)",
        [
            user(
                "Solo dime si esto bloquea la release o no (bloquea / no bloquea):\n\nwarning: unused variable: `retries`\n --> src/client.rs:42:9\n  |\n42 |     let retries = 3;\n  |         ^^^^^^^ help: if this is intentional, prefix it with an underscore: `_retries`"
            )
        ],
    ),
]
