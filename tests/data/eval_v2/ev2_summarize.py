# ruff: noqa: E501
"""`summarize`: condense given material — articles, threads, transcripts, logs, diffs,
changelogs — including follow-ups such as "shorter please"."""

from __future__ import annotations

from ev2_common import CHAT_UI_TOOLS, CONTINUE, WEBUI, WEBUI_RAG, Cases, a, parts, sys_, u

C = Cases("summ")
T = "summarize"

STANDUP = """[09:30] Priya: morning. Yesterday I finished the retry logic for the webhook sender, PR is up (#2291). Today pairing with Tom on the rate limiter. No blockers.
[09:31] Tom: I was out half the day. Rate limiter: the Redis sliding window works locally, but the Lua script is slow under load test — 4ms p99 at 2k rps. Today: try the token bucket variant. Blocker: need someone with prod Redis access to check the maxmemory policy.
[09:32] Wen: I can check the Redis config after standup.
[09:33] Wen: My stuff: the data export for Fernbank is done and delivered. Started on the audit log retention job. Question for Alex — do we keep 90 or 365 days for enterprise?
[09:34] Alex: 365 for enterprise, 90 for everyone else. It's in the contract template. I'll send the link.
[09:34] Alex: From me: I'm interviewing two backend candidates today and tomorrow so I'm slow on reviews. Priya, I'll get to #2291 by tomorrow noon.
[09:35] Marta: QA: regression pass on 4.12 is 80% done, found two issues — date picker shows wrong week start for en-GB, and the CSV import silently drops rows with quotes in them. Filed as #2301 and #2302. Release still on track for Thursday if those are fixed by Wednesday.
[09:36] Tom: I can take #2302, I wrote that importer.
[09:36] Priya: I'll take the date picker one after the rate limiter session.
[09:37] Alex: ok, thanks all. Reminder: retro moved to Friday 15:00."""

ARTICLE = """The city council voted 7–2 on Tuesday to approve a pilot programme that will convert four downtown parking garages into mixed-use "mobility hubs" over the next three years. Each hub will keep about half of its current parking spaces, while the remaining floors will house secure bicycle storage, e-scooter charging, a parcel locker network and, in two of the buildings, small food markets run by local vendors.

Supporters argued that garage occupancy has not recovered since 2020: city data presented at the meeting showed average weekday occupancy of 54 percent, down from 81 percent in 2019. "We are maintaining expensive concrete for cars that no longer come," said councillor Ines Varga, who sponsored the motion. The transport department estimates that conversion will cost 18.5 million euros, two thirds of which will be covered by a regional climate fund.

Opponents, including the downtown retailers' association, warned that reducing parking could hurt shops that depend on suburban customers, particularly during the holiday season. Councillor Peter Holm, who voted against, said the pilot "solves a problem we do not have while ignoring the bus network, which is where people actually complain." The council agreed to publish quarterly occupancy and footfall data during the pilot and to revisit the plan if retail footfall drops by more than 10 percent compared with the same quarter the previous year.

Construction on the first garage, on Mill Street, is scheduled to begin in March, with the hub opening in the autumn. The remaining three will follow at roughly nine-month intervals."""

C.add(
    T,
    "en",
    "standup chat log to meeting notes",
    [
        u(
            "Turn this standup log into short meeting notes: decisions, action items with owners, blockers.\n\n"
            + STANDUP
        ),
    ],
)
C.add(
    T,
    "en",
    "follow-up: shorter please",
    [
        u("Summarize this for me:\n\n" + ARTICLE),
        a(
            "The council approved (7–2) a three-year pilot converting four downtown garages into mobility hubs that keep half their parking and add bike storage, e-scooter charging, parcel lockers and, in two, food markets. Backers cite occupancy falling from 81% (2019) to 54%; the 18.5M EUR cost is two-thirds funded by a regional climate fund. Retailers fear lost customers; the council will publish quarterly occupancy and footfall data and revisit the plan if footfall drops over 10%. Work starts on Mill Street in March."
        ),
        u("shorter please, one sentence"),
    ],
)
C.add(
    T,
    "en",
    "TL;DR of a GitHub issue thread",
    [
        u("""tl;dr this thread for me, I just need to know where it landed

**@kovacs** (opened): Upgrading to 2.0 breaks our plugin loader — `entry_points()` returns a different type now.
**@maintainer-ann**: That's intended; 2.0 follows the stdlib API. See the migration guide, section 3.
**@kovacs**: The guide says `select()` but we need to support Python 3.9 too.
**@rdz**: Same problem here. We pinned 1.x for now.
**@maintainer-ann**: Fair. We'll add a compat shim `iter_entry_points()` in 2.0.1 that works on 3.9–3.13, deprecated in 2.2.
**@kovacs**: 👍 that works for us.
**@maintainer-ann**: Released 2.0.1. Closing; open a new issue if the shim misbehaves."""),
    ],
)
C.add(
    T,
    "en",
    "release notes from a diff stat and commit list",
    [
        sys_(CONTINUE),
        u("""Write user-facing release notes (a few bullets) for v4.12 from these commits. Skip internal stuff.

```
a91c2e0 feat(export): CSV export respects column order from the table view
77d01b3 chore(deps): bump axios 1.6.7 -> 1.7.2
5be20ff fix(import): rows with quoted commas no longer dropped
c0e1a9d feat(auth): Okta SSO for enterprise workspaces
1f2aa3b refactor(api): split reports controller
e4b9d70 fix(i18n): week starts on Monday for en-GB
0ad3f11 test: add e2e for invite flow
```"""),
    ],
)
C.add(
    T,
    "en",
    "key points of an article in 3 bullets",
    [
        sys_(WEBUI),
        u("3 bullet points, the key facts only:\n\n" + ARTICLE),
    ],
    CHAT_UI_TOOLS,
)
C.add(
    T,
    "en",
    "summarise what a module does (condense code, no judgement)",
    [
        u("""In two or three sentences, what does this file do? Writing the module overview for our docs.

```go
package ratelimit

type Limiter struct {
	mu      sync.Mutex
	buckets map[string]*bucket
	rate    float64
	burst   float64
	now     func() time.Time
}

type bucket struct{ tokens float64; last time.Time }

func New(rate, burst float64) *Limiter {
	return &Limiter{buckets: map[string]*bucket{}, rate: rate, burst: burst, now: time.Now}
}

func (l *Limiter) Allow(key string) bool {
	l.mu.Lock(); defer l.mu.Unlock()
	b, ok := l.buckets[key]
	t := l.now()
	if !ok { b = &bucket{tokens: l.burst, last: t}; l.buckets[key] = b }
	b.tokens = math.Min(l.burst, b.tokens+t.Sub(b.last).Seconds()*l.rate)
	b.last = t
	if b.tokens < 1 { return false }
	b.tokens--
	return true
}
```"""),
    ],
)
C.add(
    T,
    "en",
    "summarise an error log (failure as material for a summary)",
    [
        u("""Not asking for a fix — the on-call handover needs a 3-line summary of what happened overnight from this log:

02:14:07 WARN  db-primary replication lag 12s
02:14:39 WARN  db-primary replication lag 41s
02:15:02 ERROR api  pool exhausted (max=50) waiting 5000ms for connection
02:15:02 ERROR api  pool exhausted (max=50) waiting 5000ms for connection
02:15:10 INFO  autoscaler api replicas 6 -> 10
02:16:44 ERROR api  pool exhausted (max=50) waiting 5000ms for connection
02:19:30 INFO  db-primary vacuum (to prevent wraparound) on table events finished in 311s
02:19:31 INFO  db-primary replication lag 0s
02:21:00 INFO  api error rate back under 0.1%
02:40:00 INFO  autoscaler api replicas 10 -> 6"""),
    ],
)
C.add(
    T,
    "en",
    "email thread to a summary for a manager",
    [
        u("""Can you boil this email chain down to what my manager needs to know? Max 4 sentences.

From: Laura (Vendor) — Mon: Our invoice for November is attached, 14,200 EUR, due Dec 15.
From: Me — Mon: The invoice includes 40 hours for the dashboard work we cancelled on Nov 3.
From: Laura — Tue: You're right, those hours were booked before the cancellation reached the team. We'll credit 20 hours; the other 20 were already spent on design.
From: Me — Tue: The design was never delivered. We'd expect the full 40 hours credited.
From: Laura — Wed: I've discussed with our director; we'll credit 30 hours and deliver the design files this week as a goodwill gesture. Revised invoice: 11,200 EUR."""),
    ],
)
C.add(
    T,
    "en",
    "RAG context in Open WebUI; ask to summarise the docs",
    [
        sys_(
            WEBUI_RAG.format(
                context="Retention policy v3 (2026): Logs from production systems are retained for 30 days in hot storage and 13 months in cold storage. Audit logs are retained for 7 years. Personal data in logs must be pseudonymised within 24 hours of ingestion. Exceptions require approval from the DPO and are reviewed quarterly. Backups follow the same retention as their source data, except database snapshots, which are kept for 35 days."
            )
        ),
        u("give me the gist of the retention policy in a few bullets"),
    ],
)
C.add(
    T,
    "en",
    "PR description from a diff (condense the change)",
    [
        u("""Summarise this diff as a PR description — what changed and why, short.

```diff
diff --git a/app/jobs/cleanup.rb b/app/jobs/cleanup.rb
@@ -3,9 +3,14 @@ class CleanupJob < ApplicationJob
   queue_as :low

   def perform
-    Session.where("updated_at < ?", 30.days.ago).delete_all
+    Session.where("updated_at < ?", 30.days.ago).in_batches(of: 5_000) do |batch|
+      batch.delete_all
+      sleep 0.2 # let replicas catch up
+    end
+    Rails.logger.info("cleanup: sessions pruned")
   end
 end
```"""),
    ],
)
C.add(
    T,
    "en",
    "condense a support chat transcript for the CRM note",
    [
        sys_("You write CRM notes from support chats. Keep them under 60 words."),
        u(
            "Customer: hi my order NW-7713 arrived but the hose reel is missing\nAgent: Sorry about that! Let me check… the reel shipped separately from our Dutch warehouse, tracking says delivery tomorrow.\nCustomer: oh ok, nobody told me that\nAgent: You're right, the confirmation email should have said so. I've added a 10% voucher to your account for the trouble.\nCustomer: thanks, that's nice\nAgent: Anything else?\nCustomer: no that's all"
        ),
    ],
)
C.add(
    T,
    "en",
    "abstract-style summary of a paper excerpt in content parts",
    [
        u(
            parts(
                "Summarise this in plain English for a product manager (max 80 words):",
                "We study speculative decoding for small on-device language models. A 60M-parameter draft model proposes k tokens that a 1.3B target model verifies in a single forward pass. On a mobile CPU, k=4 yields a 1.9x speed-up in tokens per second with identical output distribution, while k=8 reduces acceptance rate to 41% and the speed-up to 1.4x. Energy per generated token falls by 31% at k=4. Gains shrink for code generation, where draft acceptance is lower.",
            )
        ),
    ],
)
C.add(
    T,
    "en",
    "multi-turn: earlier code help, last turn summarises the conversation",
    [
        u("why does my docker build take 9 minutes"),
        a(
            "Most likely the layer cache is invalidated early: you COPY the whole context before installing dependencies, so any source change reinstalls everything. Copy the lockfile first, install, then copy the source. Also add a .dockerignore for node_modules and .git."
        ),
        u("and the base image?"),
        a(
            "node:20 is ~1GB; node:20-slim or a multi-stage build with a distroless runtime cuts pull time and size a lot."
        ),
        u("great. recap everything we said as a checklist I can paste into the ticket"),
    ],
)
C.add(
    T,
    "en",
    "CI run output condensed: which jobs passed/failed, no fix",
    [
        u("""Give me a one-paragraph summary of this pipeline run for the release channel.

lint ............ passed (41s)
unit ............ passed (6m12s) 2,114 tests
integration ..... failed (11m03s) 3 failed, 387 passed — tests/integration/test_billing.py::test_proration[annual], ::test_proration[monthly], ::test_refund_partial
e2e (chromium) .. passed (14m40s)
e2e (webkit) .... skipped (runner unavailable)
build-image ..... passed (3m55s) sha256:91ac…
deploy-staging .. not run (needs integration)"""),
    ],
)
C.add(
    T,
    "en",
    "summarise a legal clause in plain words",
    [
        u(
            'What does this clause say, in plain English, two sentences max?\n\n"Either Party may terminate this Agreement for convenience upon ninety (90) days\' prior written notice to the other Party, provided that no such termination shall take effect prior to the expiry of the Initial Term, and further provided that any fees prepaid in respect of the period following the effective date of termination shall be refunded pro rata, save where termination is effected by the Customer within the first twelve (12) months of the Initial Term."'
        ),
    ],
)
C.add(
    T,
    "en",
    "Slack incident thread to timeline bullets",
    [
        u(
            "Condense into a timeline (time — event) for the postmortem doc:\n\n14:02 @ops-bot: ALERT search latency p95 > 2s\n14:05 @dana: looking\n14:09 @dana: ES cluster yellow, node es-3 left the cluster\n14:11 @leo: es-3 host had a kernel panic, AWS shows instance impaired\n14:15 @dana: replacing node, shards relocating\n14:38 @dana: cluster green\n14:40 @ops-bot: RESOLVED search latency p95 < 300ms\n14:52 @leo: filed AWS case, will add node auto-replacement to the backlog"
        ),
    ],
)
C.add(
    T,
    "en",
    "follow-up: now in bullets for Slack",
    [
        u(
            "Summarize: Our Q3 survey had 412 responses. Satisfaction rose from 7.1 to 7.6. The top complaint is still onboarding (38% mention it), followed by the mobile app's offline mode (21%). Enterprise customers rate support 8.9 but self-serve users only 6.4, mostly because of response times over 48h. NPS moved from 21 to 29."
        ),
        a(
            "Q3 survey (412 responses): satisfaction up 7.1→7.6 and NPS 21→29. Onboarding remains the top complaint (38%), then mobile offline mode (21%). Support scores split: enterprise 8.9 vs self-serve 6.4, driven by >48h responses."
        ),
        u("can you redo that as 3 bullets for slack"),
    ],
)
C.add(
    T,
    "en",
    "changelog of a dependency condensed to what matters for us",
    [
        u(
            "Here's the changelog between the version we use and latest. In a few bullets: what's relevant to a Django app using only the ORM and admin?\n\n5.1: Added LoginRequiredMiddleware. Added `{% querystring %}` template tag. Deprecated `ModelAdmin.log_deletion()` in favour of `log_deletions()`. PostgreSQL connection pools via `OPTIONS['pool']`. Dropped support for PostgreSQL 12.\n5.2: Composite primary keys (`CompositePrimaryKey`). Auto-import of models in the shell. `BoundField` customisation per form. Minimum supported Oracle is 19c. `QuerySet.values()` now orders fields as specified with expressions."
        ),
    ],
)
C.add(
    T,
    "en",
    "summarise a meeting transcript (longer)",
    [
        u("""Please summarise this call transcript: decisions, open questions, next steps.

Ravi: OK let's start. Agenda is the mobile offline mode, then pricing for the Teams tier.
Sofia: On offline mode — we prototyped sync with CRDTs for notes and it works, but attachments are the problem. Photos can be 5 MB each and people add dozens.
Ravi: What did the prototype do with them?
Sofia: It queued uploads and retried with backoff. The issue is storage on older Android phones; we filled a 32 GB test device in a day of heavy use.
Jonas: Could we only keep thumbnails offline and fetch full images on demand?
Sofia: That's the proposal. Thumbnails at 200 KB, full image when online. Users editing offline can still attach new photos; those stay local until synced.
Ravi: I'm fine with that. Any objections? ... No. Decision: thumbnails offline, full images on demand.
Jonas: Conflict resolution for checklists is still open. CRDT merges give us duplicated items when two people tick and rename at the same time.
Sofia: We need product input — is last-writer-wins acceptable for checklist items?
Ravi: I'll ask Mei's team which customers use shared checklists heavily. Open question for now.
Ravi: Pricing. Finance wants Teams at 12 euros per seat, sales says 10 to compete with Notion-style tools.
Jonas: Usage data says teams under 10 seats churn twice as much. Maybe 10 with a 5-seat minimum?
Ravi: I like that. But it's not our call alone — I'll bring "10 euros, 5-seat minimum" to Thursday's pricing committee as our recommendation.
Sofia: Timeline for offline mode beta?
Ravi: Let's say end of February if the checklist question is answered by mid-January.
Jonas: I'll write the tech spec for thumbnail sync by next Friday.
Sofia: And I'll do the Android storage benchmarks on three low-end devices.
Ravi: Great. Thanks all."""),
    ],
)
C.add(
    T,
    "en",
    "explain in short what a long SQL query returns (condense), no review",
    [
        u("""For the dashboard tooltip: in one sentence, what does this query return?

```sql
WITH first_orders AS (
  SELECT customer_id, MIN(created_at) AS first_at FROM orders GROUP BY customer_id
)
SELECT date_trunc('month', f.first_at) AS cohort,
       COUNT(DISTINCT o.customer_id) FILTER (WHERE o.created_at >= f.first_at + interval '30 days') * 1.0
       / COUNT(DISTINCT f.customer_id) AS repeat_rate_30d
FROM first_orders f LEFT JOIN orders o USING (customer_id)
GROUP BY 1 ORDER BY 1;
```"""),
    ],
)
C.add(
    T,
    "en",
    "product reviews: overall summary, not labels",
    [
        u(
            "Summarise what customers think overall, one short paragraph:\n\n★★★★★ Battery lasts forever, easily 3 days.\n★★☆☆☆ Strap broke after a month.\n★★★★☆ Great screen, sleep tracking is hit or miss.\n★★★★☆ Love it but the app needs a dark mode.\n★☆☆☆☆ Stopped syncing with my iPhone after the update.\n★★★★★ Best value tracker I've owned."
        ),
    ],
)
C.add(
    T,
    "en",
    "summarise test output of a big suite with failures (condense for standup)",
    [
        u(
            "what's the short version of this? I'll read it out at standup\n\n```\n$ go test ./...\nok   github.com/acme/inv/api        2.114s\nok   github.com/acme/inv/store      5.902s\n--- FAIL: TestReserveStock_Concurrent (0.31s)\n    reserve_test.go:88: expected 0 remaining, got -2\nFAIL github.com/acme/inv/reserve   0.412s\nok   github.com/acme/inv/notify     0.221s\n?    github.com/acme/inv/cmd/invd   [no test files]\nFAIL\n```\nWe already know about the reserve race, Jana has a ticket for it."
        ),
    ],
)
C.add(
    T,
    "pl",
    "streszczenie artykułu w punktach",
    [
        u(
            "Streść w 3 punktach:\n\nRada miasta zatwierdziła program pilotażowy przekształcenia czterech parkingów wielopoziomowych w centrum w tzw. huby mobilności. Każdy zachowa połowę miejsc parkingowych, a na pozostałych poziomach powstaną przechowalnie rowerów, ładowarki hulajnóg i paczkomaty. Koszt to 18,5 mln euro, z czego dwie trzecie pokryje regionalny fundusz klimatyczny. Kupcy z centrum obawiają się spadku liczby klientów z przedmieść. Rada będzie co kwartał publikować dane o obłożeniu i ruchu pieszym."
        ),
    ],
)
C.add(
    T,
    "pl",
    "notatka ze spotkania",
    [
        u(
            "Zrób z tego krótką notatkę ze spotkania (decyzje i kto co robi):\n\nAnia: migrację bazy robimy w sobotę o 22, okno dwie godziny.\nBartek: ja przygotuję skrypt rollbacku do czwartku.\nAnia: Kasia, dasz znać klientom?\nKasia: tak, mail pójdzie w środę.\nBartek: a monitoring? \nAnia: ja będę dyżurować, ty jesteś backupem."
        ),
    ],
)
C.add(
    T,
    "pl",
    "follow-up: krócej",
    [
        u(
            "Podsumuj ten wątek z Slacka: Marek pisze, że build na CI trwa 25 minut, bo cache npm się nie zapisuje. Ola odpowiada, że klucz cache zależy od daty, więc codziennie jest nowy. Marek zmienia klucz na hash package-lock.json i build spada do 7 minut. Ola prosi, żeby to samo zrobić w drugim repo."
        ),
        a(
            "Build na CI trwał 25 min, bo klucz cache npm zależał od daty. Po zmianie klucza na hash package-lock.json build trwa 7 min; Ola prosi o tę samą zmianę w drugim repozytorium."
        ),
        u("jeszcze krócej, jedno zdanie"),
    ],
)
C.add(
    T,
    "de",
    "Zusammenfassung eines Artikels",
    [
        u(
            "Fass mir das bitte in zwei, drei Sätzen zusammen:\n\nDie Bundesnetzagentur hat die Regeln für dynamische Stromtarife angepasst. Ab dem kommenden Jahr müssen alle Versorger mit mehr als 100.000 Kunden mindestens einen Tarif anbieten, dessen Preis sich stündlich am Börsenstrompreis orientiert. Voraussetzung für Kunden ist ein intelligentes Messsystem; die Kosten für den Einbau sind auf 30 Euro jährlich gedeckelt. Verbraucherschützer begrüßen die Wahlfreiheit, warnen aber vor Preisspitzen im Winter, wenn wenig Wind- und Solarstrom verfügbar ist."
        ),
    ],
)
C.add(
    T,
    "de",
    "Kernaussagen aus Protokoll",
    [
        sys_(
            "Du bist ein Assistent für Besprechungsprotokolle. Antworte auf Deutsch in Stichpunkten."
        ),
        u(
            "Bitte die wichtigsten Punkte aus dem Protokoll:\n\nTOP 1: Umzug des Rechenzentrums — Termin bleibt der 14. März. Herr Wagner klärt bis Ende Januar die Kühlung.\nTOP 2: Lizenzkosten — Die Microsoft-Lizenzen steigen um 12 %. Frau Öztürk prüft, ob 40 ungenutzte Lizenzen gekündigt werden können.\nTOP 3: Verschiedenes — Weihnachtsfeier am 19.12., Anmeldung bis Freitag."
        ),
    ],
)
C.add(
    T,
    "de",
    "Diff zu Release Notes",
    [
        u(
            "Mach aus diesen Commits kurze Release Notes für Kunden (auf Deutsch):\n\n- feat: PDF-Rechnungen jetzt mit QR-Code für Überweisungen\n- fix: Sortierung nach Datum in der Belegliste war umgekehrt\n- chore: CI auf Node 22 umgestellt\n- feat: Export nach DATEV"
        ),
    ],
)
C.add(
    T,
    "es",
    "resumen de un hilo de correos",
    [
        u(
            "Resume este hilo en dos frases:\n\nCarlos: El proveedor dice que el servidor nuevo llega el 20.\nMarta: Eso retrasa la migración una semana, ¿no?\nCarlos: Sí, salvo que usemos la máquina de pruebas como temporal.\nMarta: Hagámoslo así, pero sin datos de clientes en ella.\nCarlos: De acuerdo, preparo la máquina de pruebas mañana."
        ),
    ],
)
C.add(
    T,
    "es",
    "TL;DR de un artículo técnico",
    [
        u(
            "Dame un TL;DR de esto:\n\nPostgreSQL 17 introduce mejoras en la gestión de memoria del VACUUM, que ahora usa una estructura de datos más compacta y reduce el consumo hasta 20 veces en tablas grandes. También añade soporte para copias de seguridad incrementales con pg_basebackup, JSON_TABLE para convertir JSON en filas y columnas, y mejoras de rendimiento en consultas con IN sobre índices B-tree."
        ),
    ],
)
C.add(
    T,
    "es",
    "resumen de transcripción de llamada con cliente",
    [
        u(
            "Necesito un resumen breve de esta llamada para el CRM:\n\nCliente: Queremos ampliar a 50 licencias, pero el precio actual no nos encaja.\nComercial: Con 50 podemos aplicar el descuento por volumen del 15%.\nCliente: ¿Y el soporte en español?\nComercial: Está incluido en horario de 9 a 18.\nCliente: Vale, mándanos la propuesta y lo vemos el lunes con dirección."
        ),
    ],
)
C.add(
    T,
    "zh",
    "文章摘要",
    [
        u(
            "帮我总结一下这段话的要点（不超过三条）：\n\n公司决定从明年一月起实行混合办公制度，员工每周至少到办公室三天，周二和周四为全员到岗日。各部门可以根据业务需要申请例外，但需要部门负责人和人力资源部共同批准。办公室将改为共享工位，员工需通过内部系统提前预订座位。"
        ),
    ],
)
C.add(
    T,
    "zh",
    "会议记录总结",
    [
        sys_(WEBUI),
        u(
            "把下面的会议记录整理成简短纪要：\n\n张伟：新版本周五上线，测试还剩支付模块。\n李娜：支付模块今天能测完，有一个退款金额显示的小问题。\n张伟：那个问题上线前必须修好。\n王强：我今天下午修，明天给测试。\n张伟：好，周四下午做最后一次回归。"
        ),
    ],
    CHAT_UI_TOOLS,
)
C.add(
    T,
    "zh",
    "再短一点",
    [
        u(
            "总结：本季度营收同比增长18%，主要来自海外市场，海外收入占比首次超过40%。毛利率因原材料涨价下降2个百分点。公司计划下季度在东南亚新建一个仓库。"
        ),
        a(
            "本季度营收同比增长18%，主要由海外市场带动（占比首次超40%）；原材料涨价使毛利率下降2个百分点；下季度计划在东南亚新建仓库。"
        ),
        u("再短一点，一句话"),
    ],
)
C.add(
    T,
    "mixed",
    "English log, Spanish ask for a summary",
    [
        u(
            "```\n[deploy] 10:02 started rollout api v2.31.0 (canary 10%)\n[deploy] 10:12 canary healthy, error rate 0.02%\n[deploy] 10:13 rollout 50%\n[deploy] 10:25 rollout 100%\n[deploy] 10:26 old replicas terminated\n```\n¿Me lo resumes en una frase para el canal de despliegues?"
        ),
    ],
)
C.add(
    T,
    "en",
    "key takeaways of a podcast transcript excerpt",
    [
        u(
            "key takeaways from this bit of the podcast? bullets\n\nHOST: So why did you move off microservices?\nGUEST: Honestly, we had 40 services and 12 engineers. Every feature touched five repos. Deploys were independent in theory but coupled in practice because of shared schemas.\nHOST: And the move back?\nGUEST: We merged into a modular monolith over 8 months. Modules talk through interfaces, one database with schema-per-module. Lead time went from 9 days to 2. We kept two services separate — search and billing — because they have different scaling and compliance needs.\nHOST: Regrets?\nGUEST: We should have invested in module boundaries checks in CI from day one. We added them late and found 300 violations."
        ),
    ],
)
C.add(
    T,
    "en",
    "summarise a code review discussion on a PR",
    [
        u(
            "Catch me up on this PR review thread — what's agreed and what's still open? short\n\nreviewer1: The cache TTL of 24h seems long for prices.\nauthor: Prices change at most daily, but ok, 1h.\nreviewer2: Can we avoid the global cache and inject it? Tests are hard otherwise.\nauthor: Done in 3f2a1c.\nreviewer1: Still missing a metric for hit rate.\nauthor: Will do in a follow-up PR.\nreviewer2: Fine by me, approving once CI is green."
        ),
    ],
)
C.add(
    T,
    "en",
    "summary of an uploaded document given as content parts",
    [
        u(
            parts(
                "Here is the text of the onboarding doc I uploaded. Give me a 5-bullet summary for new hires.",
                "Welcome to Finch. Your first week: day 1 laptop setup and accounts (IT ticket is pre-filled); day 2 shadow a support shift; day 3 architecture walkthrough with your buddy; day 4 ship a small change to staging; day 5 retro with your manager. Core hours are 10–16 CET. We use Linear for tasks, GitHub for code, Notion for docs. Security training must be completed within 14 days. Expenses under 50 EUR don't need approval. Ask anything in #new-joiners.",
            )
        ),
    ],
)
C.add(
    T,
    "en",
    "after a fix discussion, condense the root cause for the changelog",
    [
        sys_(CONTINUE),
        u("why does `parseDate('2026-03-29')` give me the 28th in Berlin?"),
        a(
            "`new Date('2026-03-29')` parses date-only strings as UTC midnight; formatting in local time for a negative offset would shift back, and around the DST change on 29 March the local conversion can land on the previous day depending on how you format. Parse as local date parts or use a date-only type."
        ),
        u(
            "ok we fixed it with date-fns parseISO. summarise the cause and fix in one line for CHANGELOG.md"
        ),
    ],
)
CASES = C.items
