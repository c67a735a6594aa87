# ruff: noqa: E501
"""Second batch: triage and summarize requests, many carrying code or errors as material.

Written from the SPEC §2 definitions: a request whose ask is to label, route, prioritise or
classify something is ``triage`` even when the thing being labelled is a stack trace; an
ask to condense given text is ``summarize`` even when the text is a log full of errors.
"""

from __future__ import annotations

# Things people ask to have labelled: tickets, reviews, alerts, messages. Several contain
# errors or code, because real tickets do.
TRIAGE_ITEMS: list[str] = [
    "Ticket #20931 — 'Since this morning the dashboard shows TypeError: Cannot read properties of undefined (reading 'map') and nothing loads. We are an enterprise customer and our whole sales team is blocked.'",
    "Subject: refund??\nI was charged twice for the annual plan (invoice INV-88213 and INV-88214). Please send one back.",
    "Love the new dark theme, but could you add a way to export boards as PDF? Our managers keep asking.",
    "[ALERT] disk_usage{host=db-replica-3} 91% for 10m",
    "[ALERT] api-gateway 5xx rate 38% (threshold 2%) for 5m, region eu-west-1",
    "User report: 'After updating to 4.2 the Android app crashes on launch.\nFATAL EXCEPTION: main\njava.lang.NullPointerException: Attempt to invoke virtual method on a null object reference\n    at com.shop.ui.HomeFragment.onViewCreated(HomeFragment.kt:88)'",
    "The product arrived two days late and the box was dented, but the headphones themselves sound fantastic.",
    "Worst customer service I've ever dealt with. Three weeks and no answer.",
    "hey, is there a student discount? thinking about buying the pro plan for my thesis",
    "Build #4471 failed on main: `error[E0382]: borrow of moved value: cfg` in src/loader.rs:57. Author: intern-bot. Blocking the release train.",
    "CONGRATULATIONS!!! You have been selected for a $500 gift card. Click here to claim within 24h.",
    "Can someone explain how to rotate the API key without downtime? Docs are unclear.",
    "Typo on the pricing page: 'anual' instead of 'annual'.",
    "Login page returns 502 for everyone in Asia since 03:10 UTC. Status page still green.",
    "Could we get SSO via Okta? We'd sign for 300 seats if yes.",
    "Warning in logs every minute: `DeprecationWarning: datetime.utcnow() is deprecated`. Nothing seems broken.",
    "Aplikacja wyrzuca mnie z konta co 5 minut, nie da się pracować.",
    "Die Rechnung für März fehlt in meinem Kundenkonto.",
    "Me encanta la aplicación, pero el modo oscuro no funciona en el iPad.",
    "支付页面一直转圈，付款失败了三次，急！",
    "PR title: 'chore: bump lodash from 4.17.20 to 4.17.21 (CVE-2021-23337)'",
    "Issue: `pip install ourlib` fails on Python 3.13 with `error: subprocess-exited-with-error` while building wheel. Works on 3.12.",
    "The search is slow. Like, 6-7 seconds for every query on a workspace with 40k docs.",
    "Your latest update deleted all my saved filters. I'm furious.",
    "Security: the password reset link doesn't expire after use. I could reuse it a week later.",
]

TRIAGE_ASKS: list[str] = [
    "Is this a bug, a feature request or a question?",
    "Label it: bug / feature / question / billing / spam.",
    "Which team should pick this up: frontend, backend, mobile, payments or infra?",
    "What priority would you give this? P1–P4, one line.",
    "Sentiment: positive, negative or mixed? Just the word.",
    "How urgent is this — page someone now or wait until Monday?",
    "Categorise this message for our helpdesk.",
    "Tag this issue with the right labels.",
    "Is this spam or a real request?",
    "Severity? sev1/sev2/sev3",
    "Sklasyfikuj to zgłoszenie: błąd, pytanie, reklamacja czy sugestia?",
    "Jaki priorytet nadać temu zgłoszeniu?",
    "Welcher Kategorie gehört dieses Ticket an? Nur das Wort.",
    "Wie dringend ist das? Niedrig, mittel oder hoch?",
    "Clasifica este mensaje: error, consulta o queja.",
    "¿Qué prioridad le pondrías? Responde solo P1, P2, P3 o P4.",
    "这条反馈属于哪一类：故障、建议还是咨询？",
    "判断一下优先级，只回答高、中、低。",
    "Route this to the right queue.",
    "Bug or user error? One word.",
]

# Self-contained triage asks (the item is inline).
TRIAGE_DIRECT: list[str] = [
    "Classify the sentiment of each line as pos/neg/neutral:\n1. Fast shipping, great seller\n2. It broke after a week\n3. It's a phone case.",
    "Which of these commit messages are features and which are fixes?\n- add csv export\n- handle empty cart\n- support arm64 builds\n- stop double-charging on retry",
    "Is 'we've been unable to log in since the update, error 0x80070005' a P1 or a P2 for a company of 50 people?",
    "What language is this: 'Dziękuję bardzo za szybką odpowiedź'? Just the language name.",
    "Tag this Stack Overflow question with 3 tags: 'How do I stop pandas from converting my int column to float when there are NaNs?'",
    "Spam or not spam: 'Hi, I'm a recruiter at a real company, are you open to a backend role in Berlin?'",
    "Decide the intent of this chatbot message: 'I want to change my delivery address for order 5521'. Options: track_order, change_address, cancel_order, other.",
    "Rate the toxicity of this comment from 0 to 3: 'this PR is garbage, did you even run it?'",
    "Which component does this crash belong to — renderer, network or storage?\n\nThread 7 Crashed: com.app.sqlite\n0 libsqlite3.dylib sqlite3_step + 88\n1 App StorageManager.save(_:) + 412",
    "Is this log line an error that needs attention or just noise? `WARN  [pool-3] HikariPool-1 - Thread starvation or clock leap detected (housekeeper delta=1m2s)`",
    "Priorytet P1 czy P3? 'Na produkcji nie da się złożyć zamówienia, koszyk zwraca 500.'",
    "Ordne diese Fehlermeldung einer Komponente zu (Auth, Storage, Netzwerk): 'ECONNRESET while uploading chunk 14/20'",
    "¿Es esto una queja o una sugerencia? 'Estaría bien que la app recordara mi última búsqueda.'",
    "给这些评论打情感标签（正面/负面）：\n1. 物流很快\n2. 质量太差了，退货\n3. 还行吧",
    "classify: 'Can I pay by bank transfer instead of card?' → billing/technical/sales?",
    "Is this PR a breaking change, a feature or a chore? Title: 'Remove deprecated /v1/search endpoint'",
    "Mark each of these as duplicate or new:\nA) 'Export to CSV hangs'\nB) 'CSV export never finishes on big tables'\nC) 'Add XLSX export'",
    "Customer wrote: 'cancel my subscription NOW or I'm calling my bank'. Churn risk high/medium/low?",
    "Which on-call team owns this? `OOMKilled: container payments-worker exceeded memory limit 512Mi`",
    "For our intent router: is 'write me a haiku about autumn' creative_writing, coding, or factual_qa?",
    "Label this email for the inbox: newsletter, personal, work, or receipt.\n\n'Your order #7781 has shipped — tracking attached.'",
    "Sort these support requests by urgency, most urgent first (just the letters): A) typo in footer, B) data loss after sync, C) feature idea for tags, D) cannot reset password",
    "Czy ten komentarz jest pozytywny czy negatywny? 'No w końcu działa jak należy, brawo.'",
    "Ist diese Bewertung positiv oder negativ? 'Hat nach zwei Tagen den Geist aufgegeben.'",
    "Etiqueta este ticket con una sola categoría: 'No puedo descargar la factura de febrero.'",
    "这个报错应该分给前端还是后端？`Uncaught (in promise) Error: Request failed with status code 500`",
]

# Texts to condense: logs, threads, transcripts, changelogs, articles, diffs, emails.
SUMMARY_TEXTS: list[str] = [
    """2025-02-11 08:00:02 INFO  scheduler  starting nightly sync (tenants=142)
2025-02-11 08:00:09 WARN  sync       tenant=acme rate limited by upstream, retrying in 30s
2025-02-11 08:00:41 INFO  sync       tenant=acme ok (1203 records)
2025-02-11 08:03:15 ERROR sync       tenant=globex ConnectionResetError: [Errno 104] Connection reset by peer
2025-02-11 08:03:16 INFO  sync       tenant=globex retry 1/3
2025-02-11 08:03:50 INFO  sync       tenant=globex ok (88 records)
2025-02-11 08:17:22 ERROR sync       tenant=initech TimeoutError: upstream did not answer in 60s
2025-02-11 08:17:22 ERROR sync       tenant=initech giving up after 3 retries
2025-02-11 08:41:07 INFO  scheduler  nightly sync finished: 140 ok, 1 failed, 1 skipped (disabled)""",
    """#incident-2291 (Slack export)
09:02 Priya: checkout latency p95 at 4s, normal is 600ms
09:04 Tom: DB CPU 95%, looks like a seq scan on order_items
09:06 Priya: deploy at 08:50 added the 'gift options' query
09:09 Tom: rolling back
09:15 Tom: rollback done, p95 back to 700ms
09:20 Lena: I'll add the missing index and re-deploy tomorrow with a load test
09:22 Priya: comms sent to support, closing the incident""",
    """Transcript, product sync, 14 min
Maya: The beta feedback is mostly about onboarding being too long — seven screens.
Jorge: We can cut it to three if we move the integrations step after signup.
Maya: Sales wants the integrations step early, it's what converts.
Jorge: Then make it skippable and remind on day two.
Ana: Analytics shows 41% drop at screen five, which is the permissions screen.
Maya: OK, decision: three screens, integrations skippable, permissions asked in context. Jorge writes the spec by Friday, Ana sets up the funnel dashboard.""",
    """v3.4.0 (2025-01-20)
* feat(api): cursor pagination for /events (#812)
* feat(cli): `export --since` flag (#820)
* fix(auth): refresh tokens no longer expire early in UTC+13 (#815)
* fix(ui): table header overlapped filters on small screens (#817)
* perf: 30% less memory when importing CSVs over 1 GB (#809)
* chore(deps): bump axios to 1.7.4
* BREAKING: removed the `legacy_ids` query parameter""",
    """Hi all,
Quick update on the office move. The new lease is signed; we move on April 28. IT will pack desktops on the 25th, so please back up anything local before then. Parking at the new site is limited to 20 spots; requests go to Hannah by April 10, priority to people with long commutes. The kitchen will be ready a week later, so lunch is on the company for the first week. Questions to me or Hannah.
— Robert""",
    """Researchers at a Danish university tested whether four-day work weeks change output in software teams. Over 18 months, 12 teams switched to 32 hours while 12 comparable teams stayed at 37. Shipped story points per team were statistically unchanged; reported burnout fell by a third; two of the four-day teams asked to return to five days because of customer-support coverage problems. The authors caution that teams volunteered for the trial and that story points are a weak proxy for output.""",
    """diff --git a/app/billing/invoice.py b/app/billing/invoice.py
@@ -40,7 +40,12 @@ def render(invoice):
-    total = sum(line.amount for line in invoice.lines)
+    subtotal = sum(line.amount for line in invoice.lines)
+    tax = round_half_even(subtotal * invoice.tax_rate)
+    total = subtotal + tax
+    if invoice.currency == "JPY":
+        total = total.quantize(Decimal("1"))
     return template.render(invoice=invoice, total=total)
diff --git a/app/billing/pdf.py b/app/billing/pdf.py
@@ -12,3 +12,4 @@
+    add_line("Tax", invoice.tax)""",
    """Warsztaty zespołu, notatki. Ustaliliśmy, że od kwietnia przechodzimy na dwutygodniowe sprinty. Przegląd kodu ma trwać maksymalnie jeden dzień roboczy. Kasia odpowiada za nowy proces wdrożeń, Piotr za dokumentację API. Problemem pozostaje brak środowiska testowego dla klientów – decyzja odłożona do przyszłego miesiąca.""",
    """Protokoll der Teamsitzung vom 3. Juni: Das Release 5.1 verschiebt sich um eine Woche, weil die Zahlungsanbindung noch nicht zertifiziert ist. Das Support-Team meldet viele Anfragen zur neuen Preisstruktur. Beschlossen wurde, eine FAQ-Seite zu erstellen und die Preise im Onboarding deutlicher anzuzeigen. Nächster Termin: 10. Juni.""",
    """Hilo del foro: varios usuarios reportan que la sincronización con Google Calendar duplica eventos desde la versión 2.3. Un moderador confirma el problema y explica que ocurre cuando el evento tiene recordatorios personalizados. Se ha publicado una solución temporal (desactivar los recordatorios) y el equipo promete un parche para la próxima semana.""",
    """用户访谈记录：受访者是一家连锁餐厅的运营经理。她表示目前排班主要靠 Excel，每周要花六个小时。最大的痛点是员工临时请假后很难找到替班的人。她愿意为能自动排班、支持手机端换班的工具付费，但预算每月不超过五百元。她还提到数据必须能导出给财务。""",
    """FAILED tests/test_orders.py::test_refund_partial - AssertionError: assert 50.0 == 49.99
FAILED tests/test_orders.py::test_refund_currency - KeyError: 'JPY'
FAILED tests/test_users.py::test_signup_email_case - AssertionError: duplicate user created
PASSED 412 tests, 3 failed, 7 skipped in 83.21s
WARN coverage dropped from 87.2% to 85.9%""",
    """Email from legal: We reviewed the vendor contract. Main points: the vendor may use our anonymised data for product improvement unless we opt out in writing; liability is capped at 12 months of fees; termination needs 90 days' notice; data must be stored in the EU, which matches our policy. We recommend sending the opt-out letter before signing and negotiating the cap to 24 months.""",
]

SUMMARY_ASKS: list[str] = [
    "Summarize this.",
    "Give me the short version.",
    "What happened here? A few bullets, no fixes needed, I just need to brief my manager.",
    "Boil this down to 3 sentences.",
    "Can you write a TL;DR for the team channel?",
    "Turn this into release notes for customers.",
    "Key points only, please.",
    "Write a one-paragraph recap I can paste into the weekly report.",
    "What were the decisions and who owns what?",
    "Summarise for someone who missed it.",
    "Streść to w trzech punktach.",
    "O co w tym chodzi w skrócie?",
    "Fass das in zwei Sätzen zusammen.",
    "Was sind die Kernaussagen?",
    "Hazme un resumen de esto en tres líneas.",
    "¿Cuáles son los puntos principales?",
    "用三句话概括这段内容。",
    "帮我提炼一下重点。",
    "Condense to under 50 words.",
    "Give me the gist for the status update.",
]

SHORTER_FOLLOWUPS: list[str] = [
    "still too long — half of that",
    "ok now in one tweet",
    "can you make it tighter? 2 bullets",
    "Jeszcze krócej, jedno zdanie.",
    "Noch knapper bitte.",
    "Más breve, por favor.",
    "再精简一点，一句话。",
    "shorter, and drop the numbers",
]

# Complete summarize requests written as users write them.
SUMMARY_DIRECT: list[str] = [
    "Here's the diff of this sprint's merge into main. Write user-facing release notes (no internal refactors):\n\n- Added: bulk edit for tags\n- Refactor: moved services to /core\n- Fixed: export ignoring timezone\n- Added: keyboard shortcut Ctrl+K for search\n- Chore: bumped eslint",
    "Please summarize the following error log for the incident report — I don't need a fix, we already rolled back, just what happened and when:\n\n14:01:12 ERROR payment-svc: java.net.SocketTimeoutException: Read timed out\n14:01:13 ERROR payment-svc: circuit breaker OPEN for provider=stripe\n14:06:40 INFO  payment-svc: circuit breaker HALF_OPEN\n14:06:41 INFO  payment-svc: circuit breaker CLOSED\n14:07:00 INFO  payment-svc: backlog drained (312 payments)",
    "My colleague sent me this wall of text about the new on-call policy, what does it actually say?\n\nStarting next month, primary on-call shifts are one week long, Monday 10:00 to Monday 10:00. Secondary is the previous week's primary. Pages must be acknowledged within 15 minutes; if not, they escalate to secondary and then to the engineering manager. Compensation is a flat 300 EUR per week plus time off in lieu for any night pages. Swaps are allowed if recorded in the rota two days ahead.",
    'Summarize what this stack trace tells us in plain English for a non-technical PM (we know the fix already):\n\nTraceback (most recent call last):\n  File "worker.py", line 77, in process\n    invoice = fetch_invoice(order.id)\n  File "billing.py", line 31, in fetch_invoice\n    raise InvoiceNotFound(order_id)\nbilling.errors.InvoiceNotFound: 88121',
    "tl;dr of this RFC thread please: Alice proposes gRPC for internal calls; Ben worries about browser clients; Chen suggests gRPC-web plus a REST gateway; Alice agrees to a pilot on the search service; Ben wants latency numbers before any wider rollout; decision: pilot for six weeks, review in the architecture guild.",
    "Summarize the changes in this PR description for the changelog in one line: 'This PR replaces our hand-rolled retry loop in the HTTP client with tenacity, adds jitter, caps retries at 5, and logs each retry at debug level. No behaviour change for callers except fewer thundering herds.'",
    "Podsumuj te logi z CI dla zespołu — nie naprawiaj niczego, chcę tylko wiedzieć, które joby padły:\n\njob lint: passed (41s)\njob unit: FAILED (3 tests)\njob e2e: FAILED (timeout after 30m)\njob build-image: passed\njob deploy-staging: skipped",
    "Kannst du mir die Kernaussagen dieses Artikels zusammenfassen? 'Die Bahn will bis 2030 rund 40 Milliarden Euro in das Schienennetz investieren. Schwerpunkt sind 40 hochbelastete Korridore, die jeweils für mehrere Monate komplett gesperrt und generalsaniert werden. Kritiker bemängeln fehlende Ersatzverkehre und Planungsunsicherheit für Pendler.'",
    "Resume esta conversación de soporte en dos frases para el CRM:\nCliente: no me llega el código de verificación.\nAgente: ¿revisó la carpeta de spam?\nCliente: sí, nada.\nAgente: he reenviado el código por SMS.\nCliente: ahora sí, gracias.",
    "把下面这段会议纪要压缩成三条要点：本周完成了支付模块的联调，发现两个接口超时问题，已经由后端修复。测试环境下周一开放给产品验收。上线时间暂定月底，前提是性能测试通过。",
    "what's the gist of this commit log?\n\na1b2c3 fix flaky test in scheduler\nd4e5f6 add retry to webhook sender\n0718aa bump node to 20\n9c8d7e remove unused feature flag 'new_nav'\n5f4e3d docs: explain env vars",
    "I pasted our post-mortem draft below. Can you give me an executive summary, 5 lines max?\n\nOn 2 March a certificate for api.example.com expired at 00:00 UTC. The auto-renewal job had been failing silently since January because its service account lost permissions during an IAM cleanup. Mobile clients could not connect for 3h 20m. Detection came from customer tweets, not monitoring. We renewed manually at 03:20. Actions: alert on certificate expiry at 14 days, alert on renewal job failures, audit IAM cleanups.",
    "Make a short summary of this user feedback batch: 'search is great', 'export is slow', 'export to excel takes forever', 'love the new editor', 'please add dark mode', 'exports time out on big projects'",
    "Condense these meeting notes into action items with owners: Sam to update the pricing page by Tue; Dana investigates the SSO complaint; Lee prepares the Q2 roadmap draft; everyone reviews the hiring plan before Friday.",
    "Can you summarize what changed between these two config versions? Old: replicas=2, memory=512Mi, log_level=info. New: replicas=4, memory=1Gi, log_level=debug, added readinessProbe on /healthz.",
    "Write a short summary of the following build output for the release ticket, nothing more:\n\n> Task :app:compileReleaseKotlin\nw: Parameter 'ctx' is never used\n> Task :app:lintRelease\nLint found 2 errors, 14 warnings\n> Task :app:assembleRelease\nBUILD SUCCESSFUL in 3m 12s",
]
