# ruff: noqa: E501
"""`triage`: label, route, prioritise or classify given material; short closed answers."""

from __future__ import annotations

from ev2_common import CHAT_UI_TOOLS, SEARCH_TICKETS, SUPPORT, WEBUI, Cases, a, parts, sys_, u

C = Cases("triage")
T = "triage"

ROUTER = """You are the intake router for the Helix helpdesk. For each ticket reply with exactly one label from:
billing, bug, feature_request, account_access, how_to, other
No explanation, no punctuation."""

C.add(
    T,
    "en",
    "router prompt, ticket to one label",
    [
        sys_(ROUTER),
        u(
            "Subject: charged twice??\n\nHi, I upgraded to the Team plan on Tuesday and my card statement shows two charges of $49. I only have one workspace. Please sort this out, thanks. — Marco"
        ),
    ],
)
C.add(
    T,
    "en",
    "sentiment of one short review, closed set",
    [
        u(
            'positive, negative or neutral?\n\n"the app finally stopped crashing after the update but now it takes like 20 seconds to open. progress I guess"'
        ),
    ],
)
C.add(
    T,
    "en",
    "priority for an alert with a stack trace; failure is material to rank, not to fix",
    [
        sys_(
            "You assign priorities to production alerts for the on-call rotation. Use P1 (customer-facing outage) to P4 (cosmetic). Answer with the priority and at most one short reason."
        ),
        u("""[alert] checkout-api error rate 0.4% (threshold 0.2%) for 10m
sample:
Traceback (most recent call last):
  File "/srv/checkout/handlers/coupon.py", line 88, in apply
    pct = Decimal(code.discount) / 100
decimal.InvalidOperation: [<class 'decimal.ConversionSyntax'>]
affected: requests with coupon codes from the BLACKFRIDAY campaign only"""),
    ],
)
C.add(
    T,
    "en",
    "route an error log to a team, closed choice",
    [
        u(
            'Which team should own this one — frontend, backend or infra? One word please.\n\n```\n2026-12-04T22:13:09Z nginx[311]: upstream timed out (110: Connection timed out) while reading response header from upstream, client: 10.2.4.18, server: api.internal, request: "GET /v2/reports/export HTTP/1.1", upstream: "http://10.2.9.4:8080/v2/reports/export"\n```'
        ),
    ],
)
C.add(
    T,
    "en",
    "spam yes/no",
    [
        sys_("Reply with SPAM or HAM."),
        u(
            "Congratulations!! Your mailbox has been selected for a FREE storage upgrade to 100GB. Verify your account within 24h at http://mail-upgrade-secure.co/verify or it will be suspended."
        ),
    ],
)
C.add(
    T,
    "en",
    "GitHub issue: bug or feature request",
    [
        u("""Quick one: is this issue a bug report or a feature request? I'm tagging our backlog.

> **Title:** CSV export ignores the column order I picked
> When I reorder columns in the table view and export to CSV, the file always has the default order. I'd expect the export to match what I see. Version 3.8.1, Firefox."""),
    ],
)
C.add(
    T,
    "en",
    "CVE severity for our usage, one word",
    [
        u(
            "We only use `yaml.safe_load` and never parse untrusted YAML. Given that, how would you rate this advisory for us: critical, high, medium or low? One word.\n\nCVE-2026-1184: PyYAML `FullLoader` allows arbitrary code execution via crafted `!!python/object/new` tags when loading untrusted input."
        ),
    ],
)
C.add(
    T,
    "en",
    "label utterances with intents from a fixed set",
    [
        sys_(
            "You label user utterances for training a banking chatbot. Intents: check_balance, transfer, card_lost, dispute_charge, open_account, small_talk. Return one line per utterance: <n>: <intent>."
        ),
        u(
            "1. i think someone used my visa in lisbon, i've never been there\n2. move 200 to my savings\n3. how much do I have left this month\n4. can't find my card anywhere, pretty sure I left it in a taxi\n5. good morning!\n6. I'd like to open a joint account with my partner\n7. why was I charged twice by Spotify"
        ),
    ],
)
C.add(
    T,
    "en",
    "flaky vs real regression, closed choice over CI output",
    [
        u("""CI went red on main. Don't fix anything, I just need to know: flaky or real regression?

```
=================================== FAILURES ===================================
____________________ test_websocket_reconnect_after_drop ____________________
    async def test_websocket_reconnect_after_drop(server):
>       await asyncio.wait_for(client.reconnected.wait(), timeout=2.0)
E       asyncio.exceptions.TimeoutError
tests/ws/test_reconnect.py:41: TimeoutError
------------------------------ Captured log call -------------------------------
WARNING  ws.client:client.py:118 reconnect attempt 1 failed: [Errno 111] Connection refused
INFO     ws.client:client.py:121 reconnect attempt 2 scheduled in 1.6s
```
It passed on the retry and on the 14 runs before."""),
    ],
)
C.add(
    T,
    "en",
    "conventional-commit type for a diff (label, not summary)",
    [
        u("""Which conventional commit type fits this change — feat, fix, refactor, chore or docs? Just the type.

```diff
--- a/src/billing/tax.ts
+++ b/src/billing/tax.ts
@@ -12,7 +12,7 @@ export function vatRate(country: string): number {
-  if (country === "DE") return 0.16;
+  if (country === "DE") return 0.19;
   if (country === "PL") return 0.23;
```"""),
    ],
)
C.add(
    T,
    "en",
    "moderation decision with rule number",
    [
        sys_(
            "You moderate comments on a programming forum. Rules: R1 no harassment, R2 no spam/ads, R3 no piracy links, R4 stay on topic. Output `OK` or `VIOLATION R<n>`."
        ),
        u(
            'Comment: "lol imagine still using jquery in 2026. anyway grab the full JetBrains suite cracked here -> t.me/freeidekeys"'
        ),
    ],
)
C.add(
    T,
    "en",
    "duplicate detection yes/no",
    [
        u(
            'Is ticket B a duplicate of ticket A? yes or no.\n\nA: "Login with Google loops back to the sign-in page on Safari 17"\nB: "Safari: after choosing my Google account I land on /login again, endless loop"'
        ),
    ],
)
C.add(
    T,
    "en",
    "backlog prioritisation with MoSCoW labels",
    [
        u(
            "Put each of these into Must / Should / Could / Won't for the March release. We have 2 devs for 3 weeks, SOC2 audit is in April.\n\n- audit log export\n- dark mode\n- SSO via Okta (2 enterprise deals blocked on it)\n- rewrite settings page in the new design system\n- rate limiting on the public API\n- emoji reactions in comments"
        ),
    ],
)
C.add(
    T,
    "en",
    "mark each log line actionable or noise",
    [
        u(
            "mark each line ACTIONABLE or NOISE, same order, nothing else\n\nWARN  [pool] connection returned after 31s (leak threshold 30s)\nINFO  [http] GET /healthz 200 1ms\nERROR [mailer] SMTP auth failed for no-reply@acme.io: 535 5.7.8\nDEBUG [cache] miss key=user:9921:prefs\nWARN  [jvm] GC pause 1.2s (G1 Evacuation Pause)\nINFO  [sched] job nightly-report finished in 42s"
        ),
    ],
)
C.add(
    T,
    "en",
    "lead temperature, closed set",
    [
        sys_("You qualify inbound sales leads. Reply hot, warm or cold plus one short reason."),
        u(
            'Form submission — Company: Brightline Logistics (420 employees). Role: VP Operations. Message: "We\'re replacing our routing tool before Q2, budget approved, need a demo for 5 people next week."'
        ),
    ],
)
C.add(
    T,
    "en",
    "which emails need a reply today — pick from a list",
    [
        u(
            'Which of these need a reply from me today? Give me just the numbers.\n\n1) Newsletter: "This week in Rust #612"\n2) From my manager: "Can you confirm you\'re presenting at Monday\'s all-hands?"\n3) GitHub: "[acme/api] dependabot opened 3 PRs"\n4) Client (Zoe, Fernbank): "The staging link is down, our QA starts at 2pm"\n5) HR: "Reminder: benefits enrollment closes Dec 20"'
        ),
    ],
)
C.add(
    T,
    "en",
    "python 2 or 3, closed choice about a snippet",
    [
        u(
            "Python 2 or Python 3? no explanation needed\n\n```\nimport urllib2\nprint 'fetching %s' % url\ndata = urllib2.urlopen(url).read()\n```"
        ),
    ],
)
C.add(
    T,
    "en",
    "screenshot of an error dialog: which component, one word",
    [
        u(
            parts(
                "Which component is this dialog from: installer, updater or main app? One word.",
                image="https://files.example.com/u/38812/error-dialog.png",
            )
        ),
    ],
)
C.add(
    T,
    "en",
    "tweet sentiment with irrelevant chat-UI tools attached",
    [
        sys_(WEBUI),
        u(
            'Label the sentiment (positive / negative / mixed) of this tweet: "Shoutout to @AcmeAir for losing my bag AND rebooking me on a flight that doesn\'t exist. Truly talented."'
        ),
    ],
    CHAT_UI_TOOLS,
)
C.add(
    T,
    "en",
    "security alert true/false positive",
    [
        sys_(
            "You are a SOC analyst assistant. Classify alerts as TRUE_POSITIVE, FALSE_POSITIVE or NEEDS_REVIEW."
        ),
        u(
            "Alert: Impossible travel\nUser: j.ortiz@corp.example\nSign-in 1: 08:02 UTC, Madrid, ES (device: managed laptop, compliant)\nSign-in 2: 08:09 UTC, Frankfurt, DE (ASN: corporate VPN egress, same device id)\nMFA: satisfied both times"
        ),
    ],
)
C.add(
    T,
    "en",
    "t-shirt sizing of stories",
    [
        u(
            "Size these stories S, M or L. Team knows React and Django well.\n\na) add a 'copy link' button next to each report\nb) migrate auth from session cookies to OAuth2 with refresh tokens\nc) show a toast when saving fails\nd) multi-tenant data isolation for the reports module"
        ),
    ],
)
C.add(
    T,
    "en",
    "license identification from a header",
    [
        u(
            'which license is this header? answer with the SPDX id\n\n/*\n * Licensed under the Apache License, Version 2.0 (the "License");\n * you may not use this file except in compliance with the License.\n * You may obtain a copy of the License at http://www.apache.org/licenses/LICENSE-2.0\n */'
        ),
    ],
)
C.add(
    T,
    "en",
    "churn risk high/medium/low from account notes",
    [
        u(
            "Churn risk for this account — high, medium or low?\n\nNotes from CSM: usage down 60% since October, champion (Dana) left the company in November, new contact hasn't replied to two emails, contract renews Feb 1, they opened 4 tickets about the export being slow."
        ),
    ],
)
C.add(
    T,
    "en",
    "conversation resolution status for a support transcript",
    [
        sys_(
            "Classify the resolution status of the support conversation: RESOLVED, UNRESOLVED or ESCALATED. Output the label only."
        ),
        u(
            "Customer: my seeds arrived crushed\nAgent: So sorry! I've sent a replacement, tracking NW-88213.\nCustomer: ok but I need them before the weekend\nAgent: I can't guarantee that, I've passed your case to our logistics team who will call you.\nCustomer: fine."
        ),
    ],
)
C.add(
    T,
    "en",
    "multi-turn: after a summary, last ask tags items",
    [
        u(
            "Here are this week's feedback notes from the sales team:\n- prospects keep asking for an on-prem version\n- pricing page confuses people (per seat vs per project)\n- two customers reported the PDF export cutting off tables\n- someone wants a Zapier integration\n- demo environment was down Thursday"
        ),
        a(
            "Summary: the main themes are deployment options (on-prem requests), pricing clarity, an export defect, an integration request, and demo-environment reliability."
        ),
        u("ok now tag each bullet as bug, feature, docs or ops. one per line"),
    ],
)
C.add(
    T,
    "en",
    "customer message routing under a support bot prompt with tools present",
    [
        sys_(
            SUPPORT
            + "\nBefore answering, internal step: state which queue the message belongs to: ORDERS, RETURNS, PLANT_CARE, WHOLESALE."
        ),
        u(
            'Internal step only — which queue? Message: "Hi, we run a garden centre in Ghent and would like to buy 500 lavender plugs a month, do you do trade prices?"'
        ),
    ],
    [SEARCH_TICKETS],
)
C.add(
    T,
    "en",
    "is this PR risky: low/medium/high label, not a review",
    [
        u(
            "For the release checklist I need a risk label per PR: low / medium / high. Titles only, no need to look at code:\n\n#4412 bump eslint 8.56 -> 8.57\n#4415 switch payment provider webhook signature to v2\n#4417 fix typo in onboarding email\n#4420 change default DB pool size from 10 to 50"
        ),
    ],
)
C.add(
    T,
    "en",
    "medical-style routing for a clinic chatbot",
    [
        sys_(
            "You triage messages for a clinic's patient portal. Route to one of: SELF_CARE_INFO, NURSE_CALLBACK, BOOK_GP, EMERGENCY_NOW. Output route only."
        ),
        u(
            "my dad (71) suddenly can't lift his left arm and his speech is slurred, started 10 min ago"
        ),
    ],
)
C.add(
    T,
    "en",
    "which of three runbooks applies to an incident, short",
    [
        u(
            "Which runbook applies, RB-12 (disk full), RB-19 (cert expiry) or RB-23 (DNS)? Just the id.\n\n`curl: (60) SSL certificate problem: certificate has expired` from every client hitting status.acme.io since 00:00 UTC"
        ),
    ],
)
C.add(
    T,
    "en",
    "language ID, ISO code only",
    [
        u('ISO 639-1 code only: "Dit product werkt prima, maar de levering duurde veel te lang."'),
    ],
)
C.add(
    T,
    "pl",
    "kategoria zgłoszenia, tylko nazwa",
    [
        sys_(
            "Jesteś klasyfikatorem zgłoszeń sklepu internetowego. Kategorie: płatności, dostawa, reklamacja, konto, inne. Odpowiadasz wyłącznie nazwą kategorii."
        ),
        u(
            "Dzień dobry, paczka miała być w piątek, a status od trzech dni stoi na „w sortowni”. Numer zamówienia 55-2213. Co się dzieje?"
        ),
    ],
)
C.add(
    T,
    "pl",
    "priorytet błędu z logiem, bez naprawiania",
    [
        u(
            "Nie naprawiaj, tylko oceń priorytet: krytyczny, wysoki, średni czy niski?\n\n```\nERROR 2026-12-05 07:41:12 [raporty] NullPointerException w GeneratorPDF.renderStopka(GeneratorPDF.java:212)\n```\nDotyczy tylko raportów miesięcznych z pustą stopką, ok. 3 klientów."
        ),
    ],
)
C.add(
    T,
    "pl",
    "sentyment opinii",
    [
        u(
            "Oznacz wydźwięk każdej opinii (pozytywna/negatywna/neutralna):\n1. Szybka wysyłka, polecam!\n2. Kurtka ładna, ale po dwóch praniach zamek się rozsypał.\n3. Produkt zgodny z opisem."
        ),
    ],
)
C.add(
    T,
    "de",
    "Ticket an Abteilung weiterleiten",
    [
        sys_(
            "Du ordnest eingehende E-Mails einer Abteilung zu: Vertrieb, Buchhaltung, Technik, Personal. Antworte nur mit der Abteilung."
        ),
        u(
            "Sehr geehrte Damen und Herren, die Rechnung Nr. 2026-1143 weist einen falschen Mehrwertsteuersatz aus. Bitte senden Sie uns eine korrigierte Rechnung. Mit freundlichen Grüßen, K. Albrecht"
        ),
    ],
)
C.add(
    T,
    "de",
    "positiv oder negativ, eine Antwort",
    [
        u(
            "Ist diese Bewertung positiv oder negativ? Ein Wort reicht.\n\n„Lieferung kam zwei Tage zu spät, aber der Kundenservice hat sich super gekümmert und einen Gutschein geschickt. Gerne wieder.“"
        ),
    ],
)
C.add(
    T,
    "de",
    "Bug oder gewolltes Verhalten, geschlossene Frage zu einem Issue",
    [
        u(
            'Kurze Einordnung für unser Board: Bug, Feature-Wunsch oder Support-Frage?\n\n"Seit dem Update auf 5.2 kann ich im Kalender keine Termine mehr per Drag&Drop verschieben, vorher ging das."'
        ),
    ],
)
C.add(
    T,
    "es",
    "urgente / no urgente",
    [
        u(
            'Clasifica este correo como URGENTE o NO URGENTE, sin explicación:\n\n"Hola equipo, el servidor de facturación no responde desde las 9:00 y no podemos emitir facturas a los clientes. ¿Alguien puede mirarlo ya?"'
        ),
    ],
)
C.add(
    T,
    "es",
    "reseñas de app: etiqueta por línea",
    [
        sys_(
            "Etiquetas permitidas: rendimiento, interfaz, precio, errores, otro. Una etiqueta por reseña."
        ),
        u(
            "- La app va lentísima en mi Android viejo\n- Demasiado cara para lo que ofrece\n- Se cierra sola al abrir el mapa\n- Me encanta el nuevo diseño oscuro"
        ),
    ],
)
C.add(
    T,
    "es",
    "prioridad de incidencias",
    [
        u(
            "Ordena por prioridad (alta, media, baja) estas incidencias del sprint:\n1. El botón de pagar no funciona en iOS\n2. Falta traducir un texto del pie de página\n3. Los informes tardan 40 s en cargar para clientes grandes"
        ),
    ],
)
C.add(
    T,
    "zh",
    "用户反馈分类，只回答类别",
    [
        sys_("你是工单分类助手。类别：功能建议、缺陷、咨询、投诉。只输出类别名称。"),
        u("你们的App更新以后，夜间模式下的文字几乎看不清，白色背景配浅灰色字，希望尽快处理。"),
    ],
)
C.add(
    T,
    "zh",
    "告警优先级 P0-P3",
    [
        u(
            "帮我判断这个告警的优先级（P0/P1/P2/P3），一句话理由即可：\n\n订单服务 5xx 比例在 3 分钟内从 0.1% 升到 12%，支付回调全部超时，影响所有用户下单。"
        ),
    ],
)
C.add(
    T,
    "zh",
    "是否重复问题",
    [
        u(
            "这两个问题是不是重复的？回答“是”或“否”。\nA：导出Excel时中文文件名乱码\nB：下载的xlsx文件名里的汉字变成了问号"
        ),
    ],
)
C.add(
    T,
    "mixed",
    "English log, Polish ask: route to team in one word",
    [
        u(
            "```\npanic: runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x10a3f2c]\ngoroutine 57 [running]:\ngithub.com/acme/payments/ledger.(*Writer).Flush(0x0)\n```\nDo którego zespołu to przekierować: platform czy payments? Jedno słowo."
        ),
    ],
)
CASES = C.items
