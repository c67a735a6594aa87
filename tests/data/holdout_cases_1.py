# ruff: noqa: E501  -- hand-written request text and generated material keep their own line lengths
"""Hand-written hold-out cases: triage, simple_chat, summarize. Evaluation only."""

from holdout_common import CHAT_UI_TOOLS, UP, A, C, S, U

ROUTER_SYS = """You are a request router. Read the user's message and answer with exactly one label from:
bug_report, feature_request, billing, account_access, other.
No explanation, no punctuation."""

TRIAGE = [
    C(
        "triage",
        "ticket type under router prompt",
        [
            S(ROUTER_SYS),
            U(
                "Hi, since yesterday I can't log in anymore, it says my 2FA code is invalid even though I just generated it. Please help, I have a demo at 3pm."
            ),
        ],
    ),
    C(
        "triage",
        "sentiment of one review",
        [
            U(
                'Sentiment (positive/negative/neutral) of this review: "Battery lasts forever but the camera is honestly worse than my old phone."'
            ),
        ],
    ),
    C(
        "triage",
        "assign incident priority",
        [
            S(
                "You are the on-call assistant. For each alert, answer with a priority P1-P4 and nothing else."
            ),
            U(
                "[FIRING] checkout-api p99 latency 4.2s (threshold 800ms) for 12m, error rate 0.3%, region eu-west-1"
            ),
        ],
    ),
    C(
        "triage",
        "Polish: priority of a ticket",
        [
            U(
                'Jaki priorytet nadać temu zgłoszeniu (niski/średni/wysoki)? "Faktury PDF generują się z błędną stawką VAT dla klientów z Niemiec, od rana 40 reklamacji."'
            ),
        ],
        lang="pl",
    ),
    C(
        "triage",
        "German: spam or not",
        [
            U(
                'Ist das Spam? Nur ja oder nein.\n\n"Sehr geehrter Kunde, Ihr Paket konnte nicht zugestellt werden. Bitte bestätigen Sie Ihre Adresse unter http://dhl-paket-info.xyz innerhalb von 24 Stunden."'
            ),
        ],
        lang="de",
    ),
    C(
        "triage",
        "Spanish: sentiment label",
        [
            U(
                'Clasifica este comentario como positivo, negativo o neutro: "El pedido llegó tarde, pero el soporte me lo solucionó rápido."'
            ),
        ],
        lang="es",
    ),
    C(
        "triage",
        "Chinese: feedback category",
        [
            S("你是客服工单分类器。只输出类别：物流、质量、退款、其他。"),
            U("买的蓝牙耳机左边没声音，想退货退款"),
        ],
        lang="zh",
    ),
    C(
        "triage",
        "dispatch to team",
        [
            S(
                "Dispatcher. Teams: payments, infra, mobile, web, data. Reply with the team name only."
            ),
            U("Android app shows a blank screen after the splash on Pixel 8 since version 5.12.0"),
        ],
    ),
    C(
        "triage",
        "pick GitHub labels",
        [
            U(
                "Pick labels for this issue from [bug, enhancement, docs, question, needs-repro, good first issue]:\n\nTitle: typo in CONTRIBUTING.md\nBody: 'recieve' should be 'receive' in the second paragraph."
            ),
        ],
    ),
    C(
        "triage",
        "route to a model",
        [
            S(
                "You decide which backend model handles a request. Options: qwen2.5-coder:7b (code), llama3.1:8b (general chat), mistral-nemo (long documents). Output the model tag only."
            ),
            U("Can you help me rewrite my cover letter so it sounds less stiff?"),
        ],
    ),
    C(
        "triage",
        "follow-up: classify another ticket",
        [
            S(ROUTER_SYS),
            U("I was charged twice for March."),
            A("billing"),
            U('and this one: "would be nice to export reports as CSV"'),
        ],
    ),
    C(
        "triage",
        "intent detection",
        [
            S(
                "Detect the intent. Allowed: track_order, cancel_order, change_address, talk_to_human, other."
            ),
            U("where is my package?? ordered on monday"),
        ],
    ),
    C(
        "triage",
        "moderation flag",
        [
            U(
                "Moderation: does this comment break our 'no personal attacks' rule? yes/no.\n\n\"This PR is garbage and so is whoever wrote it.\""
            ),
        ],
    ),
    C(
        "triage",
        "conventional commit type",
        [
            U(
                'feat, fix, chore, docs or refactor? -> "bump eslint to 9.2 and regenerate lockfile"'
            ),
        ],
    ),
    C(
        "triage",
        "route an email to department",
        [
            U(
                'Which department should get this email — Sales, Support or HR?\n\n"Hello, I\'d like a quote for 250 seats of your Pro plan with annual billing."'
            ),
        ],
    ),
    C(
        "triage",
        "prioritise a short bug list",
        [
            U(
                "Order these by priority, most urgent first, just the letters:\nA) tooltip misaligned on Safari\nB) password reset emails not sent\nC) typo on pricing page\nD) data export times out for large accounts"
            ),
        ],
    ),
    C(
        "triage",
        "tag a forum question",
        [
            U(
                "Suggest up to 3 tags for this question: \"How do I make pandas read_csv treat 'N/A' and '-' as missing values?\""
            ),
        ],
    ),
    C(
        "triage",
        "classify request type, content looks like code",
        [
            S(
                "Classify the user's request into one of: chat, coding, summarization, translation. Output the class only."
            ),
            U(
                'translate this docstring to German: "Returns the number of retries left before the job is abandoned."'
            ),
        ],
    ),
    C(
        "triage",
        "Polish/English mixed: bug or feature",
        [
            U(
                'bug czy feature? "After upgrading to 3.4 the dark mode toggle is gone from settings"'
            ),
        ],
        lang="pl",
    ),
    C(
        "triage",
        "urgency of a chat message",
        [
            S("Mark each incoming customer message as URGENT or NORMAL."),
            U("our whole warehouse can't print shipping labels, trucks leave at 5"),
        ],
    ),
    C(
        "triage",
        "categorise expenses",
        [
            U(
                "Categorize: 1) Uber 23.40  2) AWS invoice 412.00  3) Lunch w/ client 58.10  — categories: travel, software, meals"
            ),
        ],
    ),
    C(
        "triage",
        "duplicate or new",
        [
            U(
                'Existing issue #412: "Crash when uploading HEIC photos".\nNew report: "app closes itself when I pick a picture from iPhone gallery".\nDuplicate of #412 or new? One word.'
            ),
        ],
    ),
    C(
        "triage",
        "German: department routing",
        [
            U(
                'Welche Abteilung ist zuständig: Vertrieb, Support oder Buchhaltung? "Die Rechnung Nr. 2024-118 enthält eine falsche Umsatzsteuer-ID."'
            ),
        ],
        lang="de",
    ),
    C(
        "triage",
        "Spanish: incident severity",
        [
            S(
                "Eres un clasificador de incidencias. Responde solo con: crítica, alta, media o baja."
            ),
            U("La web corporativa muestra el logo antiguo en la página de contacto."),
        ],
        lang="es",
    ),
    C(
        "triage",
        "Chinese: batch sentiment",
        [
            U(
                "判断下面每条评价的情感（正面/负面），只输出编号和结果：\n1. 物流很快，包装也好\n2. 用了两天就坏了\n3. 客服态度一般，但东西不错"
            ),
        ],
        lang="zh",
    ),
    C(
        "triage",
        "language identification",
        [
            U('Which language is this? ISO 639-1 code only: "Dziękuję za szybką odpowiedź"'),
        ],
    ),
    C(
        "triage",
        "log line severity bucket",
        [
            U(
                "noise or actionable? `WARN  [pool-3] HikariPool-1 - Thread starvation or clock leap detected (housekeeper delta=1m2s)`"
            ),
        ],
    ),
    C(
        "triage",
        "follow-up asking only for a priority",
        [
            U("We got a report that the nightly backup job on db-02 was skipped twice this week."),
            A(
                "That could mean the cron entry is disabled or the job exited early. Do you want me to help look into it?"
            ),
            U("not now — just tell me, P2 or P3?"),
        ],
    ),
    C(
        "triage",
        "router-style: simple vs complex",
        [
            S(
                "Reply SIMPLE if a small model can answer, COMPLEX if it needs a large model. One word."
            ),
            U("Design a sharding strategy for our 4 TB Postgres with cross-tenant reporting."),
        ],
    ),
    C(
        "triage",
        "Open WebUI with tools attached, but ask is a label",
        [
            U(
                'Is this a phishing attempt? yes/no: "Your Microsoft 365 password expires today. Keep current password: bit.ly/keep-pass-365"'
            ),
        ],
        tools=CHAT_UI_TOOLS,
    ),
]

SIMPLE_CHAT = [
    C("simple_chat", "bare greeting", [U("hi")]),
    C(
        "simple_chat",
        "greeting in chat UI with generic tools attached",
        [
            S("You are a helpful assistant. Today is Tuesday."),
            U("hey there, how's it going?"),
        ],
        tools=CHAT_UI_TOOLS,
    ),
    C(
        "simple_chat",
        "conceptual question mentioning Python",
        [U("what is Python mostly used for?")],
    ),
    C(
        "simple_chat",
        "thanks after a code fix",
        [
            U(
                "TypeError: Cannot read properties of undefined (reading 'map')\n    at TodoList (TodoList.jsx:14:22)"
            ),
            A(
                "`todos` is undefined on the first render because the fetch hasn't finished. Initialise the state with an empty array: `const [todos, setTodos] = useState([]);`"
            ),
            U("thanks, that fixed it!"),
        ],
    ),
    C(
        "simple_chat",
        "non-time-sensitive trivia with web_search attached",
        [
            U("What's the capital of Australia?"),
        ],
        tools=CHAT_UI_TOOLS,
    ),
    C(
        "simple_chat",
        "short conceptual CS question",
        [
            U("process vs thread — what's the difference, one or two sentences?"),
        ],
    ),
    C("simple_chat", "Polish greeting", [U("Cześć! Jak się dzisiaj masz?")], lang="pl"),
    C(
        "simple_chat",
        "German short concept question",
        [
            U('Was bedeutet eigentlich "idempotent"? Kurz bitte.'),
        ],
        lang="de",
    ),
    C(
        "simple_chat",
        "Spanish: what is an API",
        [U("¿Qué es una API, explicado fácil?")],
        lang="es",
    ),
    C("simple_chat", "Chinese: who are you", [U("你好，你是谁？")], lang="zh"),
    C(
        "simple_chat",
        "bare ok after an answer",
        [
            U("is it safe to delete node_modules?"),
            A(
                "Yes. It only contains installed dependencies; `npm install` will recreate it from package.json and the lockfile."
            ),
            U("ok"),
        ],
    ),
    C(
        "simple_chat",
        "why? follow-up on a conceptual remark",
        [
            U("should I store prices as float?"),
            A("Better not — use integer cents or a decimal type."),
            U("why?"),
        ],
    ),
    C("simple_chat", "joke request", [U("tell me a joke about programmers and coffee")]),
    C(
        "simple_chat",
        "opinion question mentioning languages",
        [U("Is Rust actually faster than Go or is that just hype?")],
    ),
    C(
        "simple_chat",
        "book recommendation",
        [U("any good beginner books on cooking? I burn everything lol")],
    ),
    C("simple_chat", "acronym", [U("what does LLM stand for")]),
    C(
        "simple_chat",
        "thanks after a summary",
        [
            U(
                "Summarize: The council approved the new bike lanes on Main St, construction starts in May and will take 6 weeks."
            ),
            A("Main St bike lanes approved; 6-week construction starts in May."),
            U("great, thank you!"),
        ],
    ),
    C("simple_chat", "book author trivia", [U("Who wrote The Pragmatic Programmer?")]),
    C(
        "simple_chat",
        "small talk under generic system prompt",
        [
            S("You are a helpful assistant."),
            U("how are you today? I just finished a 10k run"),
        ],
    ),
    C("simple_chat", "goodbye with emoji", [U("good night 👋 talk tomorrow")]),
    C(
        "simple_chat",
        "mixed Polish/English: which languages",
        [
            U("hej, can you speak polski? bo mój angielski is not so good"),
        ],
        lang="pl",
    ),
    C(
        "simple_chat",
        "German thanks and goodbye",
        [
            U("Kannst du mir sagen, wie man in Git den letzten Commit rückgängig macht?"),
            A(
                "Wenn er noch nicht gepusht ist: `git reset --soft HEAD~1` — die Änderungen bleiben erhalten."
            ),
            U("Super, danke! Das war's für heute."),
        ],
        lang="de",
    ),
    C(
        "simple_chat",
        "Chinese conceptual question mentioning Python",
        [U("Python 主要用来做什么？")],
        lang="zh",
    ),
    C("simple_chat", "TCP vs UDP briefly", [U("TCP vs UDP in a nutshell?")]),
    C(
        "simple_chat",
        "which model are you",
        [U("which model am I talking to right now?")],
        tools=CHAT_UI_TOOLS,
    ),
    C(
        "simple_chat",
        "Polish: Kubernetes in two sentences",
        [U("Co to jest Kubernetes? W dwóch zdaniach.")],
        lang="pl",
    ),
    C(
        "simple_chat",
        "Spanish thanks after fix",
        [
            U("me sale 'ModuleNotFoundError: No module named requests' al ejecutar mi script"),
            A("Instala el paquete en el mismo entorno: `python -m pip install requests`."),
            U("gracias, funcionó perfecto 🙌"),
        ],
        lang="es",
    ),
    C(
        "simple_chat",
        "grammar trivia",
        [U('affect or effect: "the new cache will ___ response times"?')],
    ),
    C(
        "simple_chat",
        "units trivia",
        [UP("how many bytes in a kilobyte, 1000 or 1024? I always forget")],
    ),
    C(
        "simple_chat",
        "concept question in chat UI with tools",
        [
            S("You are Open WebUI's assistant. Use tools only when needed."),
            U("what's a monad, in plain English, no code please"),
        ],
        tools=CHAT_UI_TOOLS,
    ),
]

ARTICLE_HEATPUMPS = """Heat pumps outsold gas boilers across most of northern Europe last year, according to figures released on Thursday by the European Heat Pump Association. Sales rose 38% in Poland and 51% in Germany, driven by subsidies, high gas prices after 2022 and a wave of new-build housing where gas connections are no longer installed by default.

The association warned, however, that growth slowed sharply in the final quarter as several governments trimmed or paused their grant schemes. Installers in Italy and France reported order books shrinking by a third compared to the spring. Manufacturers that had expanded factories in anticipation of continued growth are now sitting on inventory; two of them announced short-time working for staff.

Consumer groups say the biggest barrier remains up-front cost. A typical air-to-water unit for a detached house costs between 9,000 and 15,000 euros installed, roughly three times the price of a condensing gas boiler. Running costs are lower when electricity prices are moderate, but the payback period varies from five to more than fifteen years depending on insulation and tariffs.

The EU is expected to publish a heat pump action plan next spring. Industry representatives want standardised installer training, cheaper night-time electricity tariffs and a commitment that subsidies will not change more than once per year, so that households can plan purchases."""

TRANSCRIPT_SPRINT = """[10:02] Marta: ok let's start, Tom is joining late. First thing: the release.
[10:02] Kofi: 2.8 is feature-complete, QA found two blockers yesterday, both in the invoice export.
[10:03] Marta: are they fixed?
[10:03] Kofi: one is, the other one — rounding on multi-currency invoices — Lena is on it, she thinks tomorrow.
[10:04] Lena: yeah tomorrow noon, worst case Friday morning.
[10:04] Marta: then we move the release from Thursday to Monday. Nobody ships on a Friday.
[10:05] Kofi: fine with me. I'll tell support.
[10:06] Marta: second: the on-call rota. We have three people for a weekly rotation, that's too thin.
[10:07] Tom: (joins) sorry, train. I can take on-call from next month, I finished the shadowing.
[10:07] Marta: great, that makes four. Kofi, can you update PagerDuty?
[10:08] Kofi: will do today.
[10:09] Lena: last thing, the staging database is almost out of disk, 91%.
[10:09] Tom: I'll bump the volume to 500 gigs after this call, it's a two-minute change.
[10:10] Marta: ok. Recap later in Slack. Thanks all."""

EMAIL_THREAD = """From: Priya Natarajan
To: facilities@company.example
Subject: Re: Re: Office move — parking

Hi all, following up on the parking question. The new building has 40 spaces for 120 staff. Management proposes a booking app with a weekly limit of 2 days per person, except for people with accessibility needs who get a permanent spot. The app trial starts 3 June.

> From: Daniel Ortiz
> Do we know if there's bike storage? Several of us cycle.

Yes — covered bike storage for 30 bikes plus showers on floor 1.

> From: Facilities
> Reminder: the move is on the weekend of 25-26 May. Please pack your desk by Friday 24 May 3pm, crates are delivered Wednesday.

Priya"""

CHANGELOG = """## 4.2.0
- Added: export dashboards as PNG and PDF
- Added: SAML single sign-on for Enterprise plans (Okta, Azure AD tested)
- Changed: default session timeout from 8h to 12h
- Changed: the "Reports" menu is now under "Analytics"
- Fixed: CSV export ignored the selected date range
- Fixed: charts flickered when resizing the window on Firefox
- Fixed: email digests were sent twice for users in two teams
- Deprecated: API v1 endpoints /api/v1/reports/*, removed in 5.0
- Security: upgraded the PDF renderer to patch CVE-2024-28219"""

DIFF_RELEASE = """diff --git a/src/cli/args.rs b/src/cli/args.rs
index 3f2a1c0..8b41d7e 100644
--- a/src/cli/args.rs
+++ b/src/cli/args.rs
@@ -22,6 +22,10 @@ pub struct Args {
     #[arg(long, default_value_t = 4)]
     pub jobs: usize,
+    /// Write results as JSON lines instead of a table
+    #[arg(long)]
+    pub json: bool,
+
     #[arg(long)]
     pub verbose: bool,
 }
diff --git a/src/output.rs b/src/output.rs
index 91c0e55..d2f3a18 100644
--- a/src/output.rs
+++ b/src/output.rs
@@ -40,7 +40,14 @@ pub fn print_results(results: &[FileResult], args: &Args) {
-    for r in results {
-        println!("{:<60} {:>8}", r.path.display(), r.lines);
-    }
+    if args.json {
+        for r in results {
+            println!("{}", serde_json::to_string(r).unwrap());
+        }
+    } else {
+        for r in results {
+            println!("{:<60} {:>8}", r.path.display(), human(r.lines));
+        }
+    }
 }
diff --git a/src/walk.rs b/src/walk.rs
index 07aa9e1..5c0b3f2 100644
--- a/src/walk.rs
+++ b/src/walk.rs
@@ -11,7 +11,7 @@ pub fn walk(root: &Path) -> impl Iterator<Item = PathBuf> {
     WalkBuilder::new(root)
-        .hidden(false)
+        .hidden(true)
         .git_ignore(true)
         .build()"""

ARTYKUL_PL = """Ministerstwo Cyfryzacji ogłosiło w poniedziałek, że od przyszłego roku wszystkie urzędy gmin będą musiały przyjmować wnioski w formie elektronicznej przez jedną wspólną platformę. Obecnie każda gmina korzysta z własnego systemu, a część z nich wciąż wymaga papierowych formularzy.

Według resortu zmiana ma skrócić czas obsługi spraw o około 30 procent i obniżyć koszty utrzymania systemów lokalnych. Samorządy zwracają jednak uwagę, że brakuje pieniędzy na szkolenia urzędników oraz na sprzęt w mniejszych gminach. Związek Gmin Wiejskich zaproponował dwuletni okres przejściowy.

Ministerstwo zapowiada, że pierwsze szkolenia ruszą jesienią, a gminy poniżej 10 tysięcy mieszkańców otrzymają dofinansowanie na zakup komputerów."""

EMAIL_DE = """Hallo Team,

kurze Info zum Stand der Umstellung auf das neue Ticketsystem: Die Migration der Altdaten ist zu 80 % abgeschlossen. Offene Tickets aus dem alten System werden am Freitag automatisch übernommen, geschlossene Tickets bleiben bis Jahresende nur lesend im alten System verfügbar. Ab Montag bitte keine neuen Tickets mehr im alten System anlegen.

Schulungen: Dienstag 10 Uhr (Support), Mittwoch 14 Uhr (Vertrieb), jeweils 45 Minuten per Teams. Wer nicht kann, bekommt eine Aufzeichnung.

Bekannte Probleme: Anhänge über 20 MB werden noch nicht übernommen; wir arbeiten daran. Die E-Mail-Benachrichtigungen sind standardmäßig aus und müssen in den Profileinstellungen aktiviert werden.

Viele Grüße
Sabine"""

ACTA_ES = """Acta de la reunión del comité de vecinos — 14 de marzo
Asistentes: 18 propietarios, el administrador y la presidenta.
1. Ascensor: se aprueba por mayoría (15 a favor, 3 en contra) sustituir el ascensor del portal B. Presupuesto elegido: 38.400 €, a pagar en 12 cuotas mensuales desde mayo.
2. Limpieza: la empresa actual sube la tarifa un 9 %. Se acuerda pedir dos presupuestos más antes de abril.
3. Terraza comunitaria: varios vecinos se quejan del ruido después de las 23 h. Se colocará un cartel y, si sigue, se cerrará con llave a partir de las 22 h.
4. Ruegos y preguntas: se pide instalar un cargador para coches eléctricos en el garaje; el administrador consultará la normativa y costes para la próxima reunión."""

NEWS_ZH = """国家统计局今天公布的数据显示，今年一季度全国规模以上工业增加值同比增长6.1%，比上年同期加快1.6个百分点。其中，高技术制造业增长7.5%，新能源汽车、太阳能电池等产品产量保持两位数增长。

同期，社会消费品零售总额同比增长4.7%，服务零售额增速快于商品零售。但统计局也指出，外部环境复杂性上升，部分行业需求仍然不足，房地产开发投资同比下降9.5%。

专家认为，二季度政策将继续侧重扩大内需，并加快地方政府专项债券的发行和使用。"""

SLACK_INCIDENT = """#inc-2291-login-errors
09:12 @oncall-bot: Alert: auth-service 5xx rate 14%
09:14 Ravi: looking. Spike started 09:05, same time as the deploy of auth-service v3.41
09:16 Ravi: errors are "redis: connection pool exhausted"
09:18 Mei: v3.41 changed the session cache TTL logic, might hold connections longer
09:21 Ravi: rolling back to v3.40
09:29 Ravi: rollback done, 5xx back to 0.2%
09:31 Mei: I'll reproduce in staging and add a pool-size metric before we redeploy
09:40 Ana (support): ~300 users reported failed logins between 09:05 and 09:29, no data loss
09:45 Ravi: marking mitigated, postmortem Thursday"""

REVIEWS = """1. "Works fine but the app asks me to log in again every single day."
2. "Shipping took 3 weeks, product itself is ok."
3. "Love the design. Logging in every morning is annoying though."
4. "Customer support never answered my email about the refund."
5. "Great value. Wish delivery was faster."
6. "Keeps logging me out!!! otherwise 5 stars"
7. "Refund took over a month and two reminders."
8. "Solid build quality, battery is meh." """

SUMMARIZE = [
    C(
        "summarize",
        "news article to 3 bullets",
        [
            U("Summarize this in 3 bullet points:\n\n" + ARTICLE_HEATPUMPS),
        ],
    ),
    C(
        "summarize",
        "decisions and action items from a transcript",
        [
            U(TRANSCRIPT_SPRINT + "\n\nWhat did we decide and who does what?"),
        ],
    ),
    C("summarize", "tl;dr of an email thread", [U(EMAIL_THREAD + "\n\ntl;dr?")]),
    C(
        "summarize",
        "follow-up: shorter please",
        [
            U("Summarize:\n\n" + ARTICLE_HEATPUMPS),
            A(
                "Heat pump sales beat gas boilers in much of northern Europe last year (+38% Poland, +51% Germany) thanks to subsidies and high gas prices, but growth slowed in Q4 as grant schemes were cut, leaving manufacturers with excess stock. Up-front cost (9-15k EUR) is the main barrier, with payback of 5-15+ years. The EU plans an action plan next spring; industry wants installer training, cheaper night tariffs and stable subsidies."
            ),
            U("shorter please"),
        ],
    ),
    C(
        "summarize",
        "changelog for non-technical readers",
        [
            S("You write customer-facing newsletters."),
            U(
                "Condense this changelog into 2-3 sentences our customers will understand:\n\n"
                + CHANGELOG
            ),
        ],
    ),
    C(
        "summarize",
        "diff condensed into release notes",
        [
            U(
                "Turn this diff into short release notes for the README changelog section:\n\n"
                + DIFF_RELEASE
            ),
        ],
    ),
    C(
        "summarize",
        "Polish article, 3 sentences",
        [
            U("Streść ten artykuł w trzech zdaniach:\n\n" + ARTYKUL_PL),
        ],
        lang="pl",
    ),
    C(
        "summarize",
        "German email, short",
        [U(EMAIL_DE + "\n\nFass das bitte kurz zusammen.")],
        lang="de",
    ),
    C(
        "summarize",
        "Spanish minutes, key points",
        [U("Resume los puntos clave de esta acta:\n\n" + ACTA_ES)],
        lang="es",
    ),
    C(
        "summarize",
        "Chinese news in three sentences",
        [U("请用三句话总结下面的新闻：\n\n" + NEWS_ZH)],
        lang="zh",
    ),
    C(
        "summarize",
        "incident channel into a short recap",
        [
            U(
                "Write a 3-line recap of this incident channel for people who weren't there:\n\n"
                + SLACK_INCIDENT
            ),
        ],
    ),
    C(
        "summarize",
        "paper abstract in plain words",
        [
            U(
                "Explain in one plain paragraph what they found:\n\nAbstract: We study the effect of retrieval-augmented generation on factual accuracy in long-form question answering across 4 model sizes (1B-70B). Using a benchmark of 2,400 questions with human-verified answers, we find that retrieval improves accuracy by 11-19 points for models under 13B but only 3 points for the 70B model, whose parametric knowledge already covers most questions. Retrieval noise (irrelevant passages) reduces accuracy for all sizes, most strongly for the smallest model (-8 points with 50% noise). We conclude that retrieval quality matters more than quantity for small models."
            ),
        ],
    ),
    C(
        "summarize",
        "what a successful CI run did",
        [
            U("""Just tell me briefly what this pipeline run did:

Running with gitlab-runner 16.9.1
Preparing environment... Using docker image node:20-alpine
$ npm ci
added 812 packages in 21s
$ npm run lint
> eslint . --max-warnings 0
$ npm test -- --coverage
Test Suites: 64 passed, 64 total
Tests:       511 passed, 511 total
Coverage: statements 87.2% | branches 79.5% | functions 85.0% | lines 87.9%
$ npm run build
vite v5.2.8 building for production...
✓ 1432 modules transformed.
dist/assets/index-4f1c2a.js   412.77 kB │ gzip: 128.40 kB
✓ built in 9.81s
Uploading artifacts... dist/: found 23 matching files
Job succeeded"""),
        ],
    ),
    C(
        "summarize",
        "main complaints from reviews",
        [
            U(
                "What are the main recurring complaints in these reviews? Keep it short.\n\n"
                + REVIEWS
            ),
        ],
    ),
    C(
        "summarize",
        "README TL;DR",
        [
            U("""TL;DR of what this project does?

# tidepool
tidepool is a small daemon that watches one or more directories and mirrors them into an S3-compatible bucket. Unlike a cron'd `aws s3 sync`, it reacts to filesystem events (inotify on Linux, FSEvents on macOS), batches changes for a configurable quiet period (default 2s) and uploads only changed byte ranges for large files using multipart uploads.

## Features
- resumable uploads; restarts pick up where they left off
- client-side encryption with age keys (optional)
- bandwidth limits per bucket and time-of-day schedules
- Prometheus metrics on :9464
- works with AWS S3, MinIO, Backblaze B2 and Cloudflare R2

## Non-goals
tidepool is one-way. It never downloads or deletes remote objects unless `--prune` is passed. It is not a backup tool: there is no versioning beyond what your bucket provides."""),
        ],
    ),
    C(
        "summarize",
        "podcast transcript takeaways",
        [
            U("""key takeaways from this bit of the podcast?

HOST: So you went from zero to 40 employees in eighteen months. What would you do differently?
GUEST: Honestly, hire slower in the first six months. We hired eight engineers before we knew what the product was, and we had to let three go when we pivoted. That's the worst thing you can do to people.
HOST: And the pivot itself?
GUEST: The pivot was right, but we waited too long. The data was telling us in month four that nobody used the dashboard, they only used the alerts. We kept polishing the dashboard until month nine.
HOST: What about fundraising?
GUEST: Raise when you don't need to. We raised our seed with twelve months of runway left, which meant we could say no to two bad term sheets. Founders who raise with three months left take whatever they're offered.
HOST: Last one — culture?
GUEST: Write things down. We have a decision log, every decision with who made it and why. New hires read it in their first week. It saves hours of 'why is it like this' conversations."""),
        ],
    ),
    C(
        "summarize",
        "terms paragraph in plain words",
        [
            U(
                'what am I agreeing to here, in plain words?\n\n"7.3 The Customer grants the Provider a non-exclusive, worldwide, royalty-free licence to use, reproduce and process Customer Content solely to the extent necessary to provide the Services, including for backup and disaster-recovery purposes. Aggregated and anonymised usage statistics that do not identify the Customer or any natural person may be retained by the Provider after termination and used to improve the Services. Upon written request made within 30 days after termination, the Provider will return or delete Customer Content, save for copies retained as required by applicable law."'
            ),
        ],
    ),
    C(
        "summarize",
        "ticket history for standup",
        [
            U("""Summarize where this ticket stands, 2 sentences for standup:

OPS-1187 Migrate nightly reports from cron box to Airflow
- 03 Apr (Jonas): created, 14 report jobs identified
- 05 Apr (Jonas): 9 of 14 ported as DAGs, running in parallel with cron for comparison
- 09 Apr (Ewa): outputs of 8 DAGs match cron byte-for-byte; sales_by_region differs in rounding
- 10 Apr (Jonas): rounding difference traced to pandas version, pinned, now matches
- 12 Apr (Ewa): remaining 5 jobs need access to the legacy FTP, waiting on network team (NET-402)
- 15 Apr (Jonas): NET-402 approved, firewall change scheduled for Thursday"""),
        ],
    ),
    C(
        "summarize",
        "follow-up: as a single tweet",
        [
            U("Give me a short summary:\n\n" + SLACK_INCIDENT),
            A(
                "A deploy of auth-service v3.41 at 09:05 exhausted the Redis connection pool, causing 14% login errors for ~300 users. It was rolled back by 09:29 with no data loss; a staging repro, a pool metric and a postmortem on Thursday are planned."
            ),
            U("now as a single tweet for the status page"),
        ],
    ),
    C(
        "summarize",
        "PR description into changelog paragraph",
        [
            U("""One-paragraph summary of this PR for the changelog:

Title: Retry webhooks with exponential backoff
Commits:
- add RetryPolicy with base delay and max attempts
- persist failed webhook deliveries in delivery_attempts table
- worker picks due retries every 30s
- expose retry count and last error in admin UI
- docs: describe retry schedule (1m, 5m, 30m, 2h, 12h)
- stop retrying on 410 Gone"""),
        ],
    ),
    C(
        "summarize",
        "git log of the week",
        [
            U("""summarize what changed this week, grouped by area:

a41c2e1 (Mon) search: add fuzzy matching for product names
9be0d17 (Mon) ci: cache pip downloads
2f55a90 (Tue) checkout: show estimated delivery date
81d3c4b (Tue) search: fix ranking of exact SKU matches
c0ffe12 (Wed) deps: bump django 4.2.11 -> 4.2.13
77aa019 (Wed) checkout: support Blik payments
e3b9d20 (Thu) admin: bulk edit product tags
5d1e8f3 (Fri) ci: run e2e tests nightly instead of on every push"""),
        ],
    ),
    C(
        "summarize",
        "Polish user, English article, summary in Polish",
        [
            U("Podsumuj ten artykuł po polsku, max 4 zdania:\n\n" + ARTICLE_HEATPUMPS),
        ],
        lang="pl",
    ),
    C(
        "summarize",
        "German minutes as bullet points",
        [
            U("""Stichpunkte bitte, das Wichtigste:

Protokoll Elternabend Klasse 4b, 12.09.
Frau Keller stellt den Stundenplan vor; Sport ist jetzt dienstags und freitags. Die Klassenfahrt nach Rügen findet vom 3. bis 7. Juni statt, Kosten ca. 260 Euro, Anzahlung 80 Euro bis 15. Oktober. Als Elternvertreter wurden Herr Yilmaz und Frau Brandt gewählt. Es wird darum gebeten, Handys künftig im Spind zu lassen; bei Verstoß wird das Gerät bis Schulschluss eingesammelt. Der Förderverein sucht noch Helfer für das Herbstfest am 28.09."""),
        ],
        lang="de",
    ),
    C(
        "summarize",
        "Spanish email thread, short summary",
        [
            U("""¿de qué va esto? resumen corto porfa

De: Lucía
Para: equipo-marketing
Asunto: RE: RE: campaña de verano

Confirmo que el presupuesto final es 18.000 € (no 25.000 como se habló). Recortamos los anuncios en TV y mantenemos redes sociales y el email. El lanzamiento pasa del 1 al 15 de junio porque las fotos del catálogo no estarán antes.

> De: Marcos
> ¿Seguimos con la agencia de siempre para los vídeos?

Sí, pero solo dos vídeos en lugar de cuatro."""),
        ],
        lang="es",
    ),
    C(
        "summarize",
        "Chinese meeting notes, extract key points",
        [
            U("""提取要点：

产品周会纪要（5月8日）
1. 新版App计划5月20日上线，iOS审核预计需要3天，因此15日前必须提交。
2. 支付模块的退款流程仍有问题，由王磊负责，本周五前修复。
3. 用户调研显示，40%的用户希望增加夜间模式，列入下个版本。
4. 市场部希望在上线当天做直播活动，预算待财务确认。"""),
        ],
        lang="zh",
    ),
    C(
        "summarize",
        "executive summary under summarizer system prompt",
        [
            S("You summarize documents for busy executives: at most 5 bullets, numbers first."),
            U("""Q3 vendor review — cloud spend
Total cloud spend was $412k in Q3, up 22% from Q2. Of the increase, 60% came from the new analytics cluster launched in July, which runs 24/7 although usage logs show it is idle 70% of nights and weekends. Storage grew 15% due to log retention being raised from 30 to 90 days for the audit. Reserved-instance coverage fell from 68% to 51% because new workloads were launched on on-demand instances. Engineering estimates that scheduling the analytics cluster and buying 1-year reservations could cut Q4 spend by $70-90k. Finance asks for a decision on reservations by 15 October."""),
        ],
    ),
    C(
        "summarize",
        "pasted article in chat UI that attaches tools",
        [
            U("""can you sum this up for me?

The digital affairs ministry announced on Monday that from next year every municipal office will have to accept applications electronically through a single national platform. Today each municipality runs its own system and some still insist on paper forms.

The ministry expects processing times to drop by about 30 percent and the cost of maintaining local systems to fall. Municipalities point out that there is no money to train clerks or to buy equipment in smaller towns, and their association has asked for a two-year transition period. Training is due to start in the autumn, and towns with fewer than 10,000 residents will get funding for new computers."""),
        ],
        tools=CHAT_UI_TOOLS,
    ),
    C(
        "summarize",
        "history text",
        [
            U("""Summarize this for a 12-year-old:

The Hanseatic League was a commercial and defensive confederation of merchant guilds and market towns in Central and Northern Europe. Growing from a few North German towns in the late 12th century, it came to dominate Baltic maritime trade for three centuries. Its members included cities such as Lübeck, Hamburg, Danzig (Gdańsk), Riga and Bergen, and it maintained trading posts, called Kontore, in London, Bruges, Bergen and Novgorod. The League had no permanent army or government; decisions were made at irregular assemblies called Diets. Its decline in the 16th century came from the rise of territorial states, new trade routes to the Atlantic, and competition from Dutch and English merchants."""),
        ],
    ),
    C(
        "summarize",
        "gist of an RFC section",
        [
            U("""what's the gist?

RFC 9110, 9.2.2 Idempotent Methods: A request method is considered "idempotent" if the intended effect on the server of multiple identical requests with that method is the same as the effect for a single such request. Of the request methods defined by this specification, PUT, DELETE, and safe request methods are idempotent. Like the definition of safe, the idempotent property only applies to what has been requested by the user; a server is free to log each request separately, retain a revision control history, or implement other non-idempotent side effects for each idempotent request. Idempotent methods are distinguished because the request can be repeated automatically if a communication failure occurs before the client is able to read the server's response."""),
        ],
    ),
    C(
        "summarize",
        "follow-up: bullet points instead",
        [
            U("Summarize this email:\n\n" + EMAIL_THREAD),
            A(
                "The office moves on 25-26 May (pack by Fri 24 May, 3pm). The new building has 40 parking spaces for 120 staff, so a booking app with a 2-days-per-week limit starts on 3 June, with permanent spots for accessibility needs. There is covered storage for 30 bikes and showers."
            ),
            U("ok, and as bullet points?"),
        ],
    ),
]
