# ruff: noqa: E501
"""summarize, part 1: articles, threads, meetings, emails; follow-ups like 'shorter please'."""

from __future__ import annotations

from .common import CHAT_UI, CHAT_UI_RAG, CHAT_UI_TOOLS, asst, case, parts, sys, user

L = "summarize"

STANDUP = """[09:30] Anna: Yesterday I finished the invoice PDF redesign, it's on staging. Today I'm pairing with Jonas on the tax rounding thing. No blockers.
[09:31] Jonas: Yesterday mostly reviews. The tax rounding bug is worse than we thought, it affects credit notes too. Need a decision from finance on whether we round per line or per invoice. That's a blocker.
[09:32] Mehmet: I was out sick Tuesday. Yesterday I got the SEPA export passing in CI. Today the bank's test environment is down so I'll write docs instead.
[09:33] Lea: Release 5.8 is planned for Thursday. We still need QA sign-off on the PDF redesign. Mehmet, can the SEPA work go in 5.8 or 5.9?
[09:34] Mehmet: 5.9, I don't want to ship without the bank test.
[09:34] Lea: OK. Jonas, I'll ping Carla in finance today about rounding.
[09:35] Anna: Reminder that the staging DB gets reset Friday night."""

ARTICLE = """The city council approved on Tuesday a plan to convert three central streets into pedestrian zones by the summer of 2027. The plan, debated for almost two years, will close Market Street, Bridge Lane and part of Castle Road to private cars, while keeping access for deliveries between 6 and 10 a.m., residents' vehicles with permits, and emergency services.

Supporters argue the change will reduce air pollution in the old town, where nitrogen dioxide levels have exceeded EU limits on 41 days this year, and boost local shops by increasing foot traffic. A pilot last summer, in which Bridge Lane was closed on weekends, saw a 14% increase in card spending at nearby businesses according to the council's own figures.

Opponents, including the local chamber of commerce, warned that shops relying on customers from surrounding villages could lose business, and that the two new park-and-ride sites will not be ready until late 2027. Several residents also raised concerns about increased traffic on the ring road during construction.

The council will spend 18.5 million on repaving, lighting, benches and trees, with 40% coming from a national urban-renewal grant. A public consultation on the detailed design opens in February. Councillor Maria Okafor, who led the project, said the council would publish monthly air-quality and footfall data so residents can judge the results for themselves."""

CASES = [
    case(
        "sum-001",
        L,
        "en",
        "standup transcript to short notes",
        [
            user(
                f"Turn this standup into meeting notes: decisions, blockers, action items.\n\n{STANDUP}"
            )
        ],
    ),
    case(
        "sum-002",
        L,
        "en",
        "follow-up 'shorter please' after a summary",
        [
            user(f"TL;DR this:\n\n{ARTICLE}"),
            asst(
                "The council approved turning Market Street, Bridge Lane and part of Castle Road into pedestrian zones by summer 2027 (18.5M, 40% grant-funded). Supporters cite pollution and a pilot that raised nearby spending 14%; shops and residents worry about lost customers, late park-and-ride sites and ring-road traffic. Design consultation opens in February."
            ),
            user("shorter please, one sentence"),
        ],
    ),
    case(
        "sum-003",
        L,
        "de",
        "German: Artikel in drei Stichpunkten",
        [
            user(
                f"Fass mir den Artikel bitte in drei Stichpunkten auf Deutsch zusammen:\n\n{ARTICLE}"
            )
        ],
    ),
    case(
        "sum-004",
        L,
        "en",
        "RAG chat UI: summarise the retrieved context",
        [
            sys(
                CHAT_UI_RAG.format(
                    ctx="Refund policy v4 (2026). Customers may return unused items within 30 days for a full refund. Opened electronics may be returned within 14 days with a 10% restocking fee unless defective. Defective items are replaced or refunded within 24 months under the statutory warranty. Refunds are issued to the original payment method within 5 business days of receiving the item. Gift cards and custom-engraved items are non-refundable. Shipping costs are refunded only if the item was defective or we sent the wrong item."
                )
            ),
            user("give me the gist of the refund policy in a few bullets"),
        ],
    ),
    case(
        "sum-005",
        L,
        "en",
        "email thread to key points",
        [
            user(
                "Can you boil this email thread down to what was agreed and what's still open?\n\n---\nFrom: Dana\nWe need the vendor contract signed by the 15th or we lose the price. Legal still has concerns about the liability cap.\n---\nFrom: Raj (Legal)\nThe cap at 1x annual fees is too low for a vendor with access to customer data. We want 3x or a carve-out for data breaches.\n---\nFrom: Dana\nVendor says 3x is a no-go, but they might accept a data-breach carve-out up to 2M.\n---\nFrom: Raj (Legal)\n2M carve-out works for us if their cyber insurance certificate confirms coverage. Can someone get the certificate?\n---\nFrom: Dana\nI'll ask them today. Tom, can you get finance approval for the PO in the meantime?\n---\nFrom: Tom\nPO approval needs the final amount — is it still 84k/yr?"
            )
        ],
    ),
    case(
        "sum-006",
        L,
        "pl",
        "Polish: streszczenie notatki ze spotkania",
        [
            user(
                "Streść w 4 punktach:\n\nNa spotkaniu zarządu omówiono wyniki za III kwartał. Przychody wzrosły o 12% r/r, głównie dzięki nowym klientom z branży logistycznej, ale marża spadła o 2 p.p. z powodu wyższych kosztów chmury. Zarząd zdecydował o wstrzymaniu rekrutacji w dziale sprzedaży do końca roku i o przeglądzie umów z dostawcami chmury. Dyrektor techniczny przedstawił plan migracji części usług na tańsze instancje spot, co ma obniżyć koszty o ok. 18%. Kolejne spotkanie zaplanowano na 12 stycznia; do tego czasu dział finansów przygotuje prognozę na 2027 rok w dwóch wariantach."
            )
        ],
    ),
    case(
        "sum-007",
        L,
        "es",
        "Spanish: resumir un hilo de Slack",
        [
            user(
                "Resúmeme este hilo en dos frases:\n\nLucía: ¿Alguien sabe por qué el dashboard de ventas tarda tanto hoy?\nPablo: Creo que es la consulta nueva de cohortes, la subió Marta ayer.\nMarta: Sí, es mía, pero solo debería ejecutarse de noche. Reviso la programación.\nMarta: Listo, estaba en modo 'cada 5 minutos' por error. Ya está en diario a las 3:00.\nLucía: ¡Gracias! Ya va rápido otra vez."
            )
        ],
    ),
    case(
        "sum-008",
        L,
        "zh",
        "Chinese: 总结会议纪要",
        [
            user(
                "帮我把下面的会议记录总结成三条要点：\n\n产品评审会（12月2日）\n1. 新版首页改版方案通过，但“猜你喜欢”模块推迟到下个版本。\n2. 设计组需要在周五前提交移动端适配稿，前端下周一开始开发。\n3. 数据组反馈埋点方案还缺少曝光事件，需要产品补充需求文档。\n4. 上线时间暂定 12 月 20 日，如果测试资源不足则顺延一周。\n5. 运营提出希望首页 banner 支持定时上下线，记录为需求，待排期。"
            )
        ],
    ),
    case(
        "sum-009",
        L,
        "en",
        "changelog from a diff (release notes)",
        [
            user(
                "Write short release notes from this diff for our users (not developers):\n\n```diff\ndiff --git a/app/export.py b/app/export.py\n@@ -12,7 +12,9 @@ def export_csv(rows, path):\n-    with open(path, 'w') as f:\n+    with open(path, 'w', encoding='utf-8-sig', newline='') as f:\n         writer = csv.writer(f)\n+        writer.writerow(HEADER)\n         for row in rows:\n             writer.writerow(row)\ndiff --git a/app/settings.py b/app/settings.py\n@@ -40,3 +40,4 @@\n SESSION_TIMEOUT_MIN = 30\n+MAX_EXPORT_ROWS = 100_000\ndiff --git a/templates/reports.html b/templates/reports.html\n@@ -88,6 +88,7 @@\n   <button id=\"export\">Export CSV</button>\n+  <button id=\"export-xlsx\">Export Excel</button>\n```"
            )
        ],
    ),
    case(
        "sum-010",
        L,
        "en",
        "summarise a CI log instead of fixing it",
        [
            user(
                "Don't fix anything, just give me a 3-line summary of what happened in this CI run so I can paste it in the channel:\n\n```\n[build] npm ci ... ok (41s)\n[build] tsc --noEmit ... ok (22s)\n[test] vitest run ... 418 passed, 3 skipped (1m12s)\n[e2e] playwright test ... 61 passed, 2 failed (4m03s)\n  ✘ checkout.spec.ts:44 › guest checkout with PayPal (timeout 30000ms)\n  ✘ checkout.spec.ts:71 › guest checkout with voucher (timeout 30000ms)\n[deploy-preview] skipped (previous step failed)\n```"
            )
        ],
    ),
    case(
        "sum-011",
        L,
        "en",
        "summarise a code file: what it does, not review",
        [
            user(
                'Give me a quick summary of what this module does, 3 bullets, I\'m new to the repo:\n\n```go\npackage ratelimit\n\nimport (\n\t"sync"\n\t"time"\n)\n\ntype Bucket struct {\n\tmu       sync.Mutex\n\ttokens   float64\n\tcapacity float64\n\trate     float64\n\tlast     time.Time\n}\n\nfunc New(capacity, perSecond float64) *Bucket {\n\treturn &Bucket{tokens: capacity, capacity: capacity, rate: perSecond, last: time.Now()}\n}\n\nfunc (b *Bucket) Allow() bool {\n\tb.mu.Lock()\n\tdefer b.mu.Unlock()\n\tnow := time.Now()\n\tb.tokens += now.Sub(b.last).Seconds() * b.rate\n\tif b.tokens > b.capacity {\n\t\tb.tokens = b.capacity\n\t}\n\tb.last = now\n\tif b.tokens < 1 {\n\t\treturn false\n\t}\n\tb.tokens--\n\treturn true\n}\n```'
            )
        ],
    ),
    case(
        "sum-012",
        L,
        "de",
        "German: Kundenbewertungen zusammenfassen",
        [
            user(
                "Was sagen die Kunden im Großen und Ganzen? Kurz zusammenfassen:\n\n★★★★★ Saugt super, auch Tierhaare kein Problem.\n★★☆☆☆ Akku hält nur 20 Minuten, für unsere Wohnung zu wenig.\n★★★★☆ Gute Saugleistung, aber ziemlich laut.\n★★★☆☆ Der Behälter ist zu klein, muss ständig leeren.\n★★★★★ Leicht und handlich, perfekt für die Treppe.\n★★☆☆☆ Nach 3 Monaten ging die Bürste kaputt, Ersatz schwer zu bekommen."
            )
        ],
    ),
    case(
        "sum-013",
        L,
        "en",
        "chat UI with tools: summarise the pasted text (tools idle)",
        [
            sys(CHAT_UI),
            user(
                "tl;dr pls\n\nOur Q3 engineering survey got 142 responses (71% of eng). Satisfaction with tooling went up from 3.1 to 3.6/5 after the CI migration. The biggest complaints are slow code review turnaround (median 26h), unclear ownership of shared libraries, and too many meetings on Tuesdays and Wednesdays. 64% of respondents want a no-meeting day. Satisfaction with onboarding docs dropped from 3.4 to 2.9, mostly from people who joined this year. Remote employees rated 'feeling informed' 0.7 points lower than office-based ones."
            ),
        ],
        CHAT_UI_TOOLS,
    ),
    case(
        "sum-014",
        L,
        "en",
        "follow-up: 'in 3 bullets' after a longer summary",
        [
            user(f"summarize:\n\n{STANDUP}"),
            asst(
                "Anna finished the invoice PDF redesign (on staging) and pairs with Jonas on tax rounding today. Jonas found the rounding bug also hits credit notes and is blocked on a finance decision (per line vs per invoice); Lea will ask Carla. Mehmet got SEPA export passing in CI but the bank test env is down; SEPA moves to 5.9. Release 5.8 is Thursday pending QA sign-off on the PDF redesign. Staging DB resets Friday night."
            ),
            user("now in 3 bullets max"),
        ],
    ),
    case(
        "sum-015",
        L,
        "pl",
        "Polish follow-up: krócej",
        [
            user(
                "Streść ten regulamin promocji:\n\nPromocja trwa od 1 do 31 grudnia 2026 r. Uczestnikiem może być każda pełnoletnia osoba, która dokona zakupu o wartości min. 200 zł w sklepie internetowym. Za każde wydane 200 zł uczestnik otrzymuje jeden kupon o wartości 20 zł do wykorzystania w styczniu 2027 r. Kupony nie łączą się z innymi promocjami i nie podlegają wymianie na gotówkę. Zwrot towaru skutkuje anulowaniem przyznanych kuponów."
            ),
            asst(
                "Promocja grudniowa 2026: za każde 200 zł zakupów online (osoby pełnoletnie) kupon 20 zł do wykorzystania w styczniu 2027. Kupony nie łączą się z innymi promocjami, nie wymienia się ich na gotówkę, a zwrot towaru je anuluje."
            ),
            user("a jeszcze krócej, jedno zdanie?"),
        ],
    ),
    case(
        "sum-016",
        L,
        "en",
        "summarise an incident timeline for execs",
        [
            user(
                "Summarise this incident timeline for the exec update — 4 sentences, no jargon:\n\n14:02 Deploy of api v7.3.0 starts\n14:09 Error rate on /checkout rises to 18%\n14:11 On-call paged\n14:19 Identified: new DB index migration locking orders table\n14:24 Migration killed, deploy rolled back\n14:31 Error rate back to baseline\n15:10 ~1,900 failed checkouts identified, customer comms drafted\n16:00 Affected customers emailed a 10% voucher"
            )
        ],
    ),
    case(
        "sum-017",
        L,
        "es",
        "Spanish: resumen de un artículo técnico",
        [
            user(
                "Hazme un resumen breve de este texto para el boletín interno:\n\nWebAssembly (Wasm) nació como un formato binario para ejecutar código de alto rendimiento en el navegador, pero en los últimos años se ha extendido al servidor. Gracias a WASI, los módulos Wasm pueden acceder de forma controlada al sistema de archivos, a la red y a otros recursos, lo que los convierte en una alternativa ligera a los contenedores para ciertas cargas. Sus ventajas son el arranque en milisegundos, el aislamiento fuerte y la portabilidad entre arquitecturas. Sin embargo, el ecosistema todavía es joven: faltan bibliotecas, la depuración es más difícil y el soporte de hilos sigue siendo limitado."
            )
        ],
    ),
    case(
        "sum-018",
        L,
        "zh",
        "Chinese: 总结用户反馈",
        [
            user(
                "用两三句话概括一下这些用户反馈的主要问题：\n\n- 登录总是要输验证码，太麻烦\n- 新版本的搜索变慢了\n- 夜间模式下有些文字看不清\n- 搜索结果经常不准确\n- 验证码短信有时候收不到"
            )
        ],
    ),
    case(
        "sum-019",
        L,
        "en",
        "image + text: summarise the slide text the user pasted",
        [
            parts(
                "Slides from the all-hands are attached, and here's the speaker text. Can you give me the key points?\n\nSpeaker notes: We closed the year at 41M ARR, up 38%. Net revenue retention 118%. We're opening an office in Lisbon in Q2. Two product bets for next year: the AI assistant for support teams and the self-serve analytics tier. Hiring will be slower — 25 roles vs 60 this year — focused on engineering and support. Bonus pool funded at 100%.",
                image="https://example.com/allhands/slide-07.png",
            )
        ],
    ),
    case(
        "sum-020",
        L,
        "en",
        "summarise a GitHub issue thread into a status",
        [
            user(
                "What's the current state of this issue? Summarise the discussion in a short paragraph.\n\n#4412 'Memory grows unbounded when using streaming responses'\n- reporter: RSS goes from 200MB to 2GB over a day with streaming enabled, fine without.\n- maintainer A: can't repro on 2.3, which version?\n- reporter: 2.4.1, Python 3.12, uvicorn.\n- user B: same here, heap dump shows thousands of pending asyncio tasks.\n- maintainer A: looks like cancelled streams don't clean up the reader task. PR #4430 opened.\n- user C: tested #4430, memory is flat now.\n- maintainer B: #4430 needs a test, then we'll release 2.4.2."
            )
        ],
    ),
    case(
        "sum-021",
        L,
        "de",
        "German: Protokoll kürzer",
        [
            user(
                "Kannst du das Protokoll auf das Wesentliche kürzen? Max 5 Zeilen.\n\nTOP 1: Budget 2027 – Die Geschäftsführung bestätigt das IT-Budget von 1,2 Mio €, davon 300 Tsd. € für die Erneuerung der Arbeitsplatzrechner.\nTOP 2: Homeoffice-Regelung – Ab Februar gelten zwei feste Bürotage pro Woche für alle Teams. Ausnahmen müssen von der Bereichsleitung genehmigt werden.\nTOP 3: Umzug – Der Umzug in das neue Gebäude verschiebt sich auf Mai, weil die Brandschutzabnahme noch aussteht.\nTOP 4: Verschiedenes – Das Sommerfest findet am 27. Juni statt. Freiwillige für das Orga-Team melden sich bei Frau Kaya."
            )
        ],
    ),
    case(
        "sum-022",
        L,
        "en",
        "summarise a long PR description for the reviewer list",
        [
            user(
                "Condense this PR description to 2-3 lines for the weekly digest:\n\nThis PR replaces our custom JSON logger with structlog. Motivation: the custom logger doesn't support context binding, so request IDs are passed manually through 40+ functions. With structlog we bind request_id once in middleware. I kept the output format identical (same keys, same ISO timestamps) so the log pipeline doesn't need changes. Performance is about the same (benchmarks in the comments below, within 3%). Follow-ups: remove the old logger module after one release, and add trace_id binding once OTel lands."
            )
        ],
    ),
    case(
        "sum-023",
        L,
        "en",
        "summarise support conversation for handover",
        [
            sys("You are an internal assistant for support agents."),
            user(
                "Summarise this chat for the next shift (what the customer wants, what we've tried, next step):\n\nCustomer: my thermostat shows offline in the app since yesterday\nAgent: sorry about that! can you check if the LED on the device is blinking?\nCustomer: yes, blinking orange\nAgent: that means it lost Wi-Fi. did anything change with your router?\nCustomer: we got a new one from the ISP yesterday\nAgent: ok, you'll need to re-pair it: hold the button 10s, then add it again in the app\nCustomer: tried, app says 'device not found'\nAgent: is your new router broadcasting 5GHz only? the thermostat needs 2.4GHz\nCustomer: no idea, I'll check tonight with my son"
            ),
        ],
    ),
    case(
        "sum-024",
        L,
        "pl",
        "Polish: podsumowanie logów z nocy",
        [
            user(
                "Podsumuj, co się działo w nocy na serwerze, w 3 zdaniach — nie szukaj rozwiązania:\n\n01:00:02 backup started\n01:42:17 backup finished (38.2 GB, ok)\n02:00:00 logrotate: rotated 14 files\n03:15:44 WARN disk /data 86% used\n03:15:44 WARN disk /data 86% used\n04:02:10 kernel: Out of memory: Killed process 20931 (java) total-vm:9.8G\n04:02:12 systemd: report-generator.service: Main process exited, code=killed, status=9/KILL\n04:02:17 systemd: report-generator.service: Scheduled restart job, restart counter is at 1\n04:02:40 report-generator started\n06:00:00 healthcheck ok"
            )
        ],
    ),
    case(
        "sum-025",
        L,
        "en",
        "summarise a short story for a kid",
        [
            user(
                "summarise this for my 8 year old in 2 sentences:\n\nThe little lighthouse keeper, Ada, had never seen a storm like it. The waves climbed higher than the rocks, and the lamp at the top of the tower flickered as the wind howled through the cracks. Out at sea, a fishing boat was lost, its crew unable to see the coast. Ada climbed the 142 steps three times that night, carrying oil and dry matches, until the light burned steady again. At dawn, the fishing boat limped into the harbour, and the fishermen walked up to the lighthouse to thank the girl who had kept the light alive."
            )
        ],
    ),
]
