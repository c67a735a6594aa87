# ruff: noqa: E501
"""summarize, part 2: diffs, docs, tickets, papers, transcripts; near misses with review and fix."""

from __future__ import annotations

from .common import (
    CHAT_UI,
    CHAT_UI_TOOLS,
    CLI_AGENT,
    CODING_TOOLS,
    asst,
    call,
    case,
    parts,
    result,
    sys,
    user,
)

L = "summarize"

INTERVIEW = """Interviewer: Thanks for joining. Can you tell us about how your team handles deployments today?
Participant: Sure. We deploy twice a week, Tuesdays and Thursdays. Someone from ops has to be online because the script needs manual approval for the database step. If they're sick, we skip the release.
Interviewer: How long does a deployment take?
Participant: About 40 minutes when nothing goes wrong. When something goes wrong, it can be the whole afternoon, because rollback is manual too.
Interviewer: What's the most frustrating part?
Participant: Honestly, waiting. Developers finish a feature Monday and it sits until Tuesday evening. And nobody trusts the staging environment, because the data is months old.
Interviewer: Have you tried anything to improve it?
Participant: We tried feature flags last year but nobody cleaned them up, so now there are 200 flags and people are scared to touch them.
Interviewer: If you could change one thing?
Participant: Automatic database migrations with a safe rollback. That would remove the need for ops on every release."""

CASES = [
    case(
        "sum-101",
        L,
        "en",
        "user research interview to key findings",
        [
            user(
                f"Extract the key points from this interview — pain points and wishes, bulleted.\n\n{INTERVIEW}"
            )
        ],
    ),
    case(
        "sum-102",
        L,
        "es",
        "Spanish: resumen de entrevista",
        [user(f"Resume esta entrevista en español en 4 puntos clave:\n\n{INTERVIEW}")],
    ),
    case(
        "sum-103",
        L,
        "en",
        "diff into a one-paragraph description for a PR (summary, not review)",
        [
            user(
                "Write a short PR description summarising what this diff does. Don't review it.\n\n```diff\n--- a/src/cache.ts\n+++ b/src/cache.ts\n@@ -1,12 +1,20 @@\n-const store = new Map<string, any>();\n+const store = new Map<string, { value: unknown; expires: number }>();\n \n-export function get(key: string) {\n-  return store.get(key);\n+export function get<T>(key: string): T | undefined {\n+  const hit = store.get(key);\n+  if (!hit) return undefined;\n+  if (hit.expires < Date.now()) {\n+    store.delete(key);\n+    return undefined;\n+  }\n+  return hit.value as T;\n }\n \n-export function set(key: string, value: any) {\n-  store.set(key, value);\n+export function set(key: string, value: unknown, ttlMs = 60_000) {\n+  store.set(key, { value, expires: Date.now() + ttlMs });\n }\n```"
            )
        ],
    ),
    case(
        "sum-104",
        L,
        "de",
        "German: Changelog aus Commit-Liste",
        [
            user(
                "Mach aus diesen Commits einen kurzen Changelog-Eintrag für Version 2.7 (gruppiert nach Neu / Verbessert / Behoben):\n\n- feat: CSV-Import unterstützt jetzt Semikolon als Trenner\n- fix: Datumsfilter ignorierte Zeitzone\n- perf: Dashboard lädt 40% schneller durch Caching\n- fix: Absturz beim Löschen leerer Projekte\n- feat: Dunkles Design\n- chore: Abhängigkeiten aktualisiert"
            )
        ],
    ),
    case(
        "sum-105",
        L,
        "en",
        "summarise a stack trace for a non-technical PM (not fix)",
        [
            user(
                'My PM asked what went wrong. Explain this in 2 plain sentences, no fix needed, we\'re already on it:\n\n```\nTraceback (most recent call last):\n  File "/app/jobs/sync_crm.py", line 58, in run\n    contacts = client.list_contacts(since=last_sync)\n  File "/app/vendor/crm_client.py", line 112, in list_contacts\n    resp.raise_for_status()\nrequests.exceptions.HTTPError: 429 Client Error: Too Many Requests for url: https://api.crm.example/v3/contacts?since=2026-12-01\n```'
            )
        ],
    ),
    case(
        "sum-106",
        L,
        "en",
        "abstract of a paper into a lay summary",
        [
            user(
                "Explain this abstract in simple terms, 3 sentences:\n\nWe present a retrieval-augmented approach to code completion that conditions a 1.3B-parameter decoder on repository-level context retrieved via a learned sparse index. On a benchmark of 12k completion tasks drawn from 400 open-source repositories, our method improves exact-match accuracy by 9.4 points over an in-file baseline and matches a 7B model without retrieval, at one fifth of the inference cost. Ablations show that retrieving from files imported by the current file accounts for most of the gain, while retrieving by lexical similarity alone yields little improvement."
            )
        ],
    ),
    case(
        "sum-107",
        L,
        "pl",
        "Polish: streszczenie dokumentacji API",
        [
            user(
                "Streść ten fragment dokumentacji w punktach — co muszę wiedzieć jako integrator:\n\nUwierzytelnianie odbywa się za pomocą tokenów OAuth 2.0 (client credentials). Tokeny są ważne 60 minut. Limit zapytań wynosi 600 na minutę na klienta; po przekroczeniu API zwraca 429 z nagłówkiem Retry-After. Wszystkie kwoty podawane są w groszach jako liczby całkowite. Paginacja jest kursorowa — parametr `cursor` z poprzedniej odpowiedzi. Webhooki są podpisywane HMAC-SHA256 nagłówkiem X-Signature; należy odrzucać żądania starsze niż 5 minut."
            )
        ],
    ),
    case(
        "sum-108",
        L,
        "zh",
        "Chinese: 总结代码变更",
        [
            user(
                "用一段话总结一下这次提交改了什么（不用评价好坏）：\n\n```diff\n- def calc_discount(price, level):\n-     if level == 'vip':\n-         return price * 0.9\n-     return price\n+ DISCOUNTS = {'vip': 0.9, 'svip': 0.8, 'staff': 0.7}\n+\n+ def calc_discount(price, level):\n+     return round(price * DISCOUNTS.get(level, 1.0), 2)\n```"
            )
        ],
    ),
    case(
        "sum-109",
        L,
        "en",
        "CLI agent, but the ask is to summarise tool output already in history",
        [
            sys(CLI_AGENT),
            user("show me the git log for the last week"),
            call("g1", "git", '{"args": ["log", "--since=1.week", "--oneline"]}'),
            result(
                "g1",
                "a91f2c3 Add invoice PDF redesign\n77b01de Fix VAT rounding for credit notes\n3c5d8aa Bump stripe to 9.2\nf02e991 Add SEPA export behind flag\n8e1a4b0 Remove legacy PDF renderer\n1b2c3d4 Tests for SEPA export\n9f8e7d6 Docs: release process",
            ),
            asst("Here are the 7 commits from the last week (listed above)."),
            user("summarise that for the weekly update, two sentences"),
        ],
        CODING_TOOLS,
    ),
    case(
        "sum-110",
        L,
        "en",
        "summarise a long Slack incident channel (medium length)",
        [
            user(
                "Summarise what happened in #inc-2291 for people who weren't there:\n\n[10:02] pagerduty: ALERT search-api error rate > 5%\n[10:03] kim: ack, looking\n[10:06] kim: errors are all 'connection refused' to es-cluster-2\n[10:07] raul: es-cluster-2 had a node replaced by the ASG at 09:58\n[10:10] kim: new node didn't join the cluster, discovery config points to old IPs\n[10:14] raul: pushing config fix via ansible\n[10:21] kim: node joined, shards relocating\n[10:35] kim: error rate back under 0.1%\n[10:36] raul: follow-up: switch discovery to EC2 tags so replacements join automatically\n[10:40] mia: customer support got ~60 tickets about search, will send a status update"
            )
        ],
    ),
    case(
        "sum-111",
        L,
        "de",
        "German: Zusammenfassung eines Vertragsabschnitts",
        [
            user(
                "Was steht hier drin? Bitte in einfachen Worten zusammenfassen:\n\n§ 7 Kündigung. (1) Der Vertrag kann von beiden Parteien mit einer Frist von drei Monaten zum Ende eines Vertragsjahres gekündigt werden. (2) Das Recht zur außerordentlichen Kündigung aus wichtigem Grund bleibt unberührt. Ein wichtiger Grund liegt insbesondere vor, wenn eine Partei mit der Zahlung von mehr als zwei Monatsvergütungen in Verzug ist. (3) Die Kündigung bedarf der Textform."
            )
        ],
    ),
    case(
        "sum-112",
        L,
        "en",
        "summarise test output as status, not fix",
        [
            user(
                "Just give me a one-line status I can paste into the release checklist:\n\n============ 1204 passed, 17 skipped, 2 xfailed, 4 warnings in 312.55s ============"
            )
        ],
    ),
    case(
        "sum-113",
        L,
        "es",
        "Spanish: más corto, follow-up",
        [
            user(
                "Resume: La reunión trimestral con el cliente fue positiva. Están contentos con la estabilidad, pero piden informes mensuales en lugar de trimestrales y una integración con su SAP antes de junio. También mencionaron que el precio de la renovación les parece alto y quieren una propuesta con descuento por volumen."
            ),
            asst(
                "El cliente valora la estabilidad, pide informes mensuales e integración con SAP antes de junio, y quiere una propuesta de renovación con descuento por volumen porque el precio le parece alto."
            ),
            user("más corto todavía, tipo titular"),
        ],
    ),
    case(
        "sum-114",
        L,
        "en",
        "chat UI, user pastes a blog post and asks for key takeaways",
        [
            sys(CHAT_UI),
            user(
                "key takeaways?\n\nWhy we moved off microservices. Three years ago we split our monolith into 22 services. It felt right: teams could deploy independently. In practice, 80% of features touched 3+ services, so deploys needed coordination anyway. Local development required running 14 containers. Debugging a request meant correlating logs across 6 services. Last year we merged them back into a modular monolith with strict module boundaries enforced by import linting. Deploy frequency went up 2x, onboarding time dropped from 3 weeks to 1, and our cloud bill fell 35%. We kept two services separate: payments (compliance scope) and the video transcoder (different scaling profile). The lesson: service boundaries should follow scaling and compliance needs, not org charts."
            ),
        ],
        CHAT_UI_TOOLS,
    ),
    case(
        "sum-115",
        L,
        "en",
        "summarise a ticket history for escalation",
        [
            user(
                "Escalating to tier 2 — condense this ticket history into a short handover note:\n\nDec 1: Customer reports invoices missing for Oct and Nov in portal.\nDec 1: Agent checks — invoices exist in billing system, not synced to portal.\nDec 2: Agent triggers manual resync, no change.\nDec 2: Customer says they need invoices for an audit on Dec 10.\nDec 3: Agent finds sync job logs 'customer not found' for this account ID; account was merged with a subsidiary account on Sep 28.\nDec 3: Customer escalates, asks for PDFs by email meanwhile. Agent emailed PDFs manually."
            )
        ],
    ),
    case(
        "sum-116",
        L,
        "zh",
        "Chinese: 精简成一句话（后续追问）",
        [
            user(
                "总结一下：本次版本更新修复了支付页面偶发白屏的问题，优化了商品详情页的加载速度（平均提升 35%），新增了订单导出功能，并调整了会员积分规则，积分有效期由两年改为一年。"
            ),
            asst(
                "本次更新：修复支付页白屏，详情页加载提速约 35%，新增订单导出，会员积分有效期改为一年。"
            ),
            user("再精简一点，一句话十个字以内"),
        ],
    ),
    case(
        "sum-117",
        L,
        "en",
        "summarise a README for a quick intro",
        [
            user(
                "What's this project about? Summarise the README in 3 bullets:\n\n# tidewatch\n\ntidewatch is a small daemon that watches Kubernetes events and posts the interesting ones to Slack or Matrix. It filters out the noise (scheduled, pulled, created) by default and groups repeated events within a time window. Configuration is a single YAML file with routes per namespace. It runs as a single pod with a read-only service account and keeps no state. Install with Helm: `helm install tidewatch oci://ghcr.io/example/charts/tidewatch`. Licensed MIT."
            )
        ],
    ),
    case(
        "sum-118",
        L,
        "pl",
        "Polish: podsumuj wątek z code review (nie oceniaj kodu)",
        [
            user(
                "Podsumuj, na czym stanęła dyskusja w tym review, nie oceniaj samego kodu:\n\nKasia: Czemu tu jest `time.sleep(2)` w teście?\nMarek: Bo kolejka potrzebuje chwili na przetworzenie wiadomości.\nKasia: Wolałabym polling z timeoutem, sleep będzie flaky na CI.\nMarek: OK, ale mamy już helper `wait_for` w conftest?\nTomek: Mamy, w tests/utils.py, z domyślnym timeoutem 5 s.\nMarek: Przerobię na wait_for i dam znać.\nKasia: Super, wtedy approve."
            )
        ],
    ),
    case(
        "sum-119",
        L,
        "en",
        "content parts, transcript text part, ask for action items only",
        [
            parts(
                "Pull out just the action items, with owners, from this call transcript.",
                "Sam: OK so for the launch, I'll finalise the pricing page by Wednesday.\nNina: I need the final screenshots from design for the app store listing.\nOmar: I'll get those to you Thursday morning.\nNina: Great. And someone should brief support on the new plans.\nSam: I can do that Friday.\nOmar: Also we should double-check the tax settings for Canada.\nNina: I'll take that one.",
            )
        ],
    ),
    case(
        "sum-120",
        L,
        "en",
        "summarise changes between two config versions in words",
        [
            user(
                "In plain English, summarise what changed between these two versions of our nginx config (no need to judge it):\n\nOLD:\nserver {\n  listen 80;\n  server_name shop.example.com;\n  location / { proxy_pass http://app:8000; }\n}\n\nNEW:\nserver {\n  listen 80;\n  server_name shop.example.com;\n  return 301 https://$host$request_uri;\n}\nserver {\n  listen 443 ssl http2;\n  server_name shop.example.com;\n  ssl_certificate /etc/ssl/shop.pem;\n  ssl_certificate_key /etc/ssl/shop.key;\n  location / { proxy_pass http://app:8000; proxy_set_header X-Forwarded-Proto https; }\n  location /static/ { root /srv; expires 7d; }\n}"
            )
        ],
    ),
    case(
        "sum-121",
        L,
        "de",
        "German: Podcast-Notizen zusammenfassen",
        [
            user(
                "Ich hab mir Notizen zu einem Podcast gemacht, kannst du die zu einer kurzen Zusammenfassung machen?\n\n- Gast: Gründerin eines Fahrrad-Startups aus Leipzig\n- Anfang: Lastenräder für Pflegedienste, weil Parkplatzsuche so viel Zeit kostet\n- Probleme: Lieferketten 2022, Akkus aus Asien, 9 Monate Wartezeit\n- Lösung: Rahmen jetzt in Polen, Akkus aus Tschechien\n- Heute 40 Mitarbeitende, 3.000 Räder/Jahr\n- Tipp an Gründer: früh mit Kunden bauen, nicht im Labor\n- Nächster Schritt: Leasing-Modell für Kommunen"
            )
        ],
    ),
    case(
        "sum-122",
        L,
        "en",
        "summarise a product spec into a one-pager outline",
        [
            user(
                "Condense this spec into a short outline (headings + one line each) for the kickoff:\n\nGoal: let users schedule reports to be emailed weekly or monthly. Users pick a saved report, a frequency, a time and recipients (max 20, must be in the same org). Emails contain a PDF and a link. Failed sends are retried 3 times, then the owner is notified in-app. Admins can see and disable all schedules in the org. Out of scope: Slack delivery, custom email templates. Metrics: number of active schedules, send success rate. Launch behind the 'scheduled_reports' flag to 10% of orgs first."
            )
        ],
    ),
    case(
        "sum-123",
        L,
        "es",
        "Spanish: resumir log de despliegue",
        [
            user(
                "Dime en dos frases qué pasó en este despliegue (no hace falta arreglar nada, ya se resolvió):\n\n[12:00:01] Starting deploy of web v3.14.0 to prod (12 instances)\n[12:00:40] Batch 1/3 healthy\n[12:01:22] Batch 2/3: instance i-0a3 failed health check (HTTP 503)\n[12:01:25] Auto-rollback triggered for batch 2\n[12:02:10] Rollback complete; 12/12 instances on v3.13.2\n[12:02:11] Deploy FAILED"
            )
        ],
    ),
    case(
        "sum-124",
        L,
        "en",
        "summarise a customer's long rambling email into the actual ask",
        [
            sys("You help account managers process their inbox."),
            user(
                "What does this customer actually want? Summarise in 1-2 sentences.\n\nHi Jess, hope you had a good holiday! Ours was chaotic, kids were sick the whole week, anyway. So we've been using the platform for about a year now and overall the team likes it, especially the new dashboards, although Mark still complains about the colours haha. The thing is, our finance team is asking whether we can get the invoices split by department, because right now it's one big invoice and they spend a day every month splitting it in Excel. Also if possible they'd like PO numbers on each invoice. Not urgent urgent, but before the new fiscal year in April would be amazing. Let me know! Cheers, Priya"
            ),
        ],
    ),
    case(
        "sum-125",
        L,
        "zh",
        "Chinese: 论文段落摘要",
        [
            user(
                "请用三句话概括这段内容：\n\n近年来，城市共享单车的数量快速增长，在缓解“最后一公里”出行难题的同时，也带来了乱停乱放、资源浪费等问题。本研究基于某市 2023 年全年的骑行订单数据，分析了不同时段和区域的供需差异，发现早晚高峰期间地铁站周边供不应求，而居民区夜间车辆大量闲置。基于此，本文提出了一种结合需求预测的动态调度方法，模拟结果显示可将车辆利用率提高约 22%。"
            )
        ],
    ),
    case(
        "sum-126",
        L,
        "en",
        "summarise a diff into release notes, Kotlin code",
        [
            user(
                'release notes (user-facing, 2-3 bullets) for this change please:\n\n```diff\n-    fun formatPrice(amount: Long): String = "$" + (amount / 100.0).toString()\n+    fun formatPrice(amount: Long, locale: Locale = Locale.getDefault()): String =\n+        NumberFormat.getCurrencyInstance(locale).format(amount / 100.0)\n@@\n-    val MAX_CART_ITEMS = 50\n+    val MAX_CART_ITEMS = 200\n@@\n+    fun clearCart() { items.clear(); notifyChanged() }\n```'
            )
        ],
    ),
]
