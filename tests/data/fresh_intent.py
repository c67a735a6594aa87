# ruff: noqa: E501
"""Third batch: what the last turn asks for, when the material looks like something else.

Summaries of code, diffs, logs, threads, tickets, emails, meeting notes and docs (and the
"shorter please" follow-ups); judgements of given code asked as questions ("does this
patch work?", "is this thread-safe?"); new code whose reason is an old error; labels for
error and log text; and, for contrast, failures that do ask for a fix. Written by hand
from the SPEC §2 definitions.
"""

from __future__ import annotations

# (kind, body): material to condense.
SUMMARY_BODIES: list[str] = [
    # code
    "def reconcile(ledger, bank):\n    matched, missing = [], []\n    by_ref = {t.ref: t for t in bank}\n    for entry in ledger:\n        hit = by_ref.pop(entry.ref, None)\n        if hit and abs(hit.amount - entry.amount) < 0.01:\n            matched.append((entry, hit))\n        else:\n            missing.append(entry)\n    return matched, missing, list(by_ref.values())",
    "export async function syncUsers(api, db) {\n  let cursor = await db.getCursor('users');\n  for (;;) {\n    const page = await api.listUsers({ after: cursor, limit: 200 });\n    await db.upsertMany('users', page.items);\n    if (!page.next) break;\n    cursor = page.next;\n    await db.saveCursor('users', cursor);\n  }\n}",
    # diff
    "diff --git a/billing/invoice.py b/billing/invoice.py\n--- a/billing/invoice.py\n+++ b/billing/invoice.py\n@@ -40,7 +40,12 @@ def total(self):\n-        return sum(l.amount for l in self.lines)\n+        subtotal = sum(l.amount for l in self.lines)\n+        if self.discount_code:\n+            subtotal -= self.discount_for(subtotal)\n+        return round(subtotal * (1 + self.vat_rate), 2)\n@@ -80,3 +85,6 @@ def pdf(self):\n+    def discount_for(self, subtotal):\n+        return min(subtotal * 0.1, 50)",
    # log
    "2025-06-11 03:00:02 INFO backup started target=s3://bk/prod\n2025-06-11 03:14:55 WARN slow upload part=412 took=38s\n2025-06-11 03:41:10 ERROR upload part=977 failed: RequestTimeout, retrying (1/5)\n2025-06-11 03:41:42 INFO part=977 ok after retry\n2025-06-11 04:02:19 INFO backup finished size=412GB duration=62m",
    # chat thread
    "ana: can we move the release to thursday? QA found two things in checkout\nben: which two?\nana: coupon field accepts expired codes, and the apple pay button overlaps on small screens\nben: coupon one is a one-liner, I'll take it\ncarla: I can do the css today\nana: ok then thursday 10am, I'll tell support\nben: 👍",
    # ticket
    "Ticket #4471 — Customer: Brightline Ltd\nReported: exports to Excel lose leading zeros in product codes (e.g. 00123 → 123). Happens since the March update. Workaround: they export CSV and import as text. They have 40 users affected and a quarterly audit next week. Asked for an ETA and whether older exports are affected (they are not; only new ones).",
    # email
    "Hi team,\n\nquick update from the vendor call. They confirmed the API rate limit goes from 100 to 40 requests per second on July 1st unless we move to the enterprise plan (+€1,200/month). They can give us a 60-day grace period if we sign by June 20th. Their support also said batch endpoints will come in Q3, which would cut our call volume by about 70%. I think we should ask for the grace period and wait for batching.\n\nBest,\nMarta",
    # meeting notes
    "Standup notes 12 May\n- Piotr: finished the search indexer, blocked on staging DB credentials\n- Lea: onboarding flow A/B test live, first numbers Friday\n- Sam: on-call was noisy, 14 pages, 11 from the flaky disk alert\n- Decision: mute the disk alert until the new threshold is deployed (owner: Sam)\n- Risk: credentials request pending with IT for 3 days",
    # docs
    "## Configuration\n\nThe worker reads `WORKER_CONCURRENCY` (default 4) and `WORKER_QUEUE` (default `default`). Set `WORKER_PREFETCH` to 1 for long jobs so one worker does not hoard tasks. Jobs that exceed `WORKER_TIMEOUT` seconds (default 300) are killed and retried up to `WORKER_MAX_RETRIES` times with exponential backoff. Dead jobs go to the `dead` queue and can be replayed with `worker replay --queue dead`.",
    # CI output to recap (not to fix)
    "Run #8812 (main)\n✔ lint 41s\n✔ unit 3m12s (1,904 passed)\n✖ e2e 9m03s — 3 failed: checkout.spec.ts, login.spec.ts (timeout), search.spec.ts\n✔ build 2m50s\n⚠ deploy-preview skipped (e2e failed)",
    # incident timeline
    "14:02 alert: p95 latency > 2s on api-gateway\n14:05 on-call acks, sees DB CPU at 98%\n14:11 long-running report query identified, killed\n14:13 latency back to normal\n14:40 same query scheduled again by cron, killed again\n15:10 cron disabled, report moved to replica",
    # changelog
    "v3.2.0\n- Added: dark mode for the dashboard\n- Added: CSV import for contacts (max 50k rows)\n- Changed: session timeout is now 8h instead of 24h\n- Fixed: duplicate notifications after reconnect\n- Fixed: timezone offset in weekly reports\n- Deprecated: /v1/contacts endpoint, removal in v4",
    # stack overflow style long answer
    "The reason is that the event loop is blocked by the synchronous call to requests.get inside your async handler. While it waits, no other coroutine runs, so your timeouts fire late and the health check fails. You can either switch to an async client such as httpx.AsyncClient, or push the blocking call into a thread with asyncio.to_thread. The first is cleaner; the second is a quick win if you cannot change the library. Also make sure you do not create a new client per request, because connection setup dominates the latency at your volume.",
]

# One distinct ask per (body, slot): 13 bodies × 3 asks.
SUMMARY_ASKS: list[list[str]] = [
    [
        "Explain in two sentences what this function does, no critique please.",
        "TL;DR of this code for the onboarding doc?",
        "Podsumuj w jednym zdaniu, co robi ta funkcja.",
    ],
    [
        "In plain words: what does this do? Keep it to three bullets.",
        "Kurz zusammengefasst: was macht diese Funktion?",
        "用一句话概括这段代码的作用。",
    ],
    [
        "Turn this diff into a release-notes line for customers.",
        "Summarize the change in this patch for the PR description, 2–3 lines.",
        "Resume este diff en una frase para el changelog.",
    ],
    [
        "Give me the short version of last night's backup log.",
        "Recap this log for the ops channel, one line, no action items needed.",
        "Streść ten log w dwóch punktach.",
    ],
    [
        "Summarise this thread for someone who wasn't there.",
        "what did they agree on? just the outcome",
        "Fasse den Chatverlauf in drei Stichpunkten zusammen.",
    ],
    [
        "Condense this ticket into one line for the weekly report.",
        "Key points of this ticket for the account manager, please.",
        "把这个工单浓缩成三条要点。",
    ],
    [
        "TL;DR of Marta's email?",
        "Resumen del correo en dos frases, por favor.",
        "Streszczenie tego maila w punktach dla szefa.",
    ],
    [
        "Summarize these standup notes into decisions and blockers.",
        "Kurze Zusammenfassung der Notizen fürs Protokoll.",
        "Give me the gist of the standup in one sentence.",
    ],
    [
        "Summarize this section of the docs in 3 bullets.",
        "Explain this config section in a short paragraph for a README intro.",
        "Resumen corto de esta sección de la documentación.",
    ],
    [
        "Recap this CI run for the standup — what passed, what didn't. I'm not asking you to debug it.",
        "Give me a one-line status of this pipeline run.",
        "总结一下这次 CI 的结果，两句话就行。",
    ],
    [
        "Write a three-line summary of this incident timeline for the postmortem header.",
        "Podsumuj przebieg incydentu w trzech punktach.",
        "Zusammenfassung der Zeitleiste in zwei Sätzen.",
    ],
    [
        "Condense the changelog into one tweet-length sentence.",
        "What are the highlights of this release? Short bullets.",
        "把这个更新日志概括成给用户看的一段话。",
    ],
    [
        "Summarize this answer in one sentence.",
        "tl;dr?",
        "¿Me haces un resumen de esta respuesta en dos líneas?",
    ],
]

SUMMARY_DIRECT: list[str] = [
    "Summarize the key points of this Slack thread:\n\nmike: prod deploy failed at 5pm, rolled back\nnina: root cause was the missing env var for the new payment provider\nmike: added it to the vault, redeploying tomorrow morning\nnina: let's add a pre-deploy check for required env vars\nmike: ticket created, OPS-221",
    "Can you shorten this error message for the UI? Keep the meaning.\n\n'The file you attempted to upload exceeds the maximum permitted size of 25 megabytes and therefore could not be processed by the server at this time.'",
    "Make this bug report shorter for the changelog: 'When the user switched between two workspaces very quickly the sidebar would sometimes show the channels of the previous workspace until the page was refreshed, which caused confusion.'",
    "Zusammenfassung bitte, drei Punkte: Im Meeting wurde beschlossen, das Legacy-Frontend bis Ende Q3 abzuschalten. Das Team Payments migriert zuerst, danach Reporting. Offene Frage: wer übernimmt die Wartung der alten Export-Skripte?",
    "Podsumuj ten wątek z maila: klient zgłosił, że faktury z maja mają złą stawkę VAT; księgowość potwierdziła błąd w konfiguracji; poprawione faktury wyślemy do piątku; klient prosi o korektę również za kwiecień.",
    "Resume esta conversación de soporte en una línea: el cliente no recibía correos de restablecimiento de contraseña; estaban en spam; le pedimos añadir nuestro dominio a la lista blanca; confirmó que ya funciona.",
    "用三句话总结这段会议纪要：本周完成了支付接口联调；测试环境数据库下周迁移；新人培训材料由小王负责，月底前完成。",
    "Give me a TL;DR of this postmortem: a config push set the cache TTL to 0, origin traffic tripled, the database hit its connection limit, and checkout errors reached 12% for 25 minutes until the push was reverted. Action items: validation on config values, alert on origin traffic.",
    "Summarize what this stack trace tells us in one sentence for the incident ticket — I already know the fix, I just need the description.\n\nTraceback (most recent call last):\n  File \"/app/worker.py\", line 88, in handle\n    user = users[msg.user_id]\nKeyError: 'u_4812'",
    "Write release notes from these commit messages: 'feat: bulk archive', 'fix: timezone in reports', 'chore: bump deps', 'feat: keyboard shortcuts for inbox', 'fix: crash when avatar missing'.",
    "Condense these 5 customer reviews into the main complaints:\n1. Love the app but sync is slow.\n2. Sync takes forever on Android.\n3. Great design, price is high.\n4. Too expensive for what it does.\n5. Sometimes the sync just stops.",
    "Summarize this PR discussion: reviewer asked to split the migration into two steps; author agreed but wants to keep the backfill in this PR; second reviewer OK with that if it runs in batches of 10k; author added batching; both approved.",
    "Here's the RFC intro, give me the gist in 2 sentences: We propose replacing the nightly batch export with a change-data-capture stream. This reduces data latency from 24h to minutes, removes the 3am load spike, and lets downstream teams subscribe to the tables they need. The cost is running Kafka Connect and owning schema evolution.",
    "Explain what this SQL query returns, briefly, in plain English:\n\nSELECT c.region, COUNT(*) AS orders, SUM(o.total) AS revenue\nFROM orders o JOIN customers c ON c.id = o.customer_id\nWHERE o.created_at >= now() - interval '30 days'\nGROUP BY c.region ORDER BY revenue DESC;",
    "Kurzfassung dieses Fehlerberichts für das Management, ohne Technik: Seit Dienstag schlagen etwa 3% der Kartenzahlungen mit Timeout fehl, weil der Zahlungsanbieter eine neue TLS-Version verlangt. Ein Update ist in Arbeit.",
]

# (first turn, assistant reply, follow-up) — the follow-up asks for a shorter version.
SUMMARY_FOLLOWUPS: list[tuple[str, str, str]] = [
    (
        "Summarize this article about remote work productivity studies.",
        "Here is a summary in five paragraphs covering the three studies, their methods, the results and the caveats about self-reported data...",
        "shorter please",
    ),
    (
        "What are the main points of the attached board minutes?",
        "1. Budget approved with a 5% cut to marketing. 2. New CFO starts in September. 3. Office move postponed. 4. Hiring freeze for non-engineering roles. 5. Next meeting on the 14th.",
        "in 3 bullets",
    ),
    (
        "Recap the support thread for me.",
        "The customer reported login failures on iOS after the update. Support asked for logs, found an expired certificate pin, and the mobile team shipped a hotfix two days later. The customer confirmed it works.",
        "TL;DR?",
    ),
    (
        "Streść ten raport kwartalny.",
        "Raport pokazuje wzrost przychodów o 12%, spadek marży o 2 p.p. z powodu kosztów chmury, oraz plan redukcji kosztów infrastruktury w Q3 poprzez rezerwacje instancji...",
        "krócej, jedno zdanie",
    ),
    (
        "Fass mir bitte das Protokoll zusammen.",
        "Das Team hat die Migration auf Postgres 16 beschlossen, die Tests laufen ab Montag, und das Rollback-Konzept liegt bei Jonas. Außerdem wurde über die neue Bereitschaftsregel diskutiert...",
        "noch kürzer bitte",
    ),
    (
        "Resume el hilo de correos con el proveedor.",
        "El proveedor confirma el retraso del envío por problemas en aduanas, ofrece un descuento del 5% y propone una nueva fecha de entrega el 3 de junio...",
        "más corto, en una frase",
    ),
    (
        "帮我总结一下这篇技术博客。",
        "这篇文章介绍了向量数据库的索引方式，比较了 HNSW 和 IVF 的性能与内存占用，并给出了不同数据规模下的选型建议……",
        "再短一点",
    ),
    (
        "Summarize the diff for the reviewers.",
        "The patch moves token refresh into a background task, adds a lock around the token cache, replaces the hand-rolled retry with tenacity, and updates the tests for the new timing.",
        "one line version?",
    ),
    (
        "What did the error log from last night say overall?",
        "Most entries are connection resets from the payment gateway between 01:10 and 01:25, followed by successful retries; two jobs failed permanently and were moved to the dead queue.",
        "can you make that a single sentence for the status page?",
    ),
    (
        "Give me a summary of the customer interview notes.",
        "Users like the reporting module, struggle with permissions setup, want Slack notifications, and three of five mentioned price as a concern for team plans.",
        "now as 3 bullets max",
    ),
]

# Judging given code, asked as a question; no observed failure.
REVIEW_CASES: list[tuple[str, str]] = [
    (
        "Does this patch work?",
        "--- a/cache.py\n+++ b/cache.py\n@@ -12,6 +12,8 @@ def get(self, key):\n-    return self._data[key]\n+    if key not in self._data:\n+        return None\n+    return self._data[key]",
    ),
    ("Any bug here?", "function last(arr) {\n  return arr[arr.length];\n}"),
    (
        "Is this thread-safe?",
        "class Counter:\n    def __init__(self):\n        self.n = 0\n\n    def incr(self):\n        self.n += 1\n        return self.n",
    ),
    (
        "Is this thread safe? It's called from several goroutines.",
        "var cache = map[string]string{}\n\nfunc Get(k string) string {\n    if v, ok := cache[k]; ok {\n        return v\n    }\n    v := load(k)\n    cache[k] = v\n    return v\n}",
    ),
    (
        "Would this fix actually solve the double-charge problem, or just hide it?",
        "def pay(order):\n    if order.status == 'paid':\n        return\n    charge(order.card, order.total)\n    order.status = 'paid'\n    order.save()",
    ),
    (
        "Does this handle the empty list case?",
        "def average(xs):\n    return sum(xs) / len(xs) if xs else 0",
    ),
    (
        "Quick sanity check — does this regex do what I think (match ISO dates)?",
        "DATE = re.compile(r'\\d{4}-\\d{2}-\\d{2}')",
    ),
    (
        "Is there a race condition in this?",
        "if not os.path.exists(path):\n    os.makedirs(path)\nwith open(os.path.join(path, 'lock'), 'w') as f:\n    f.write(str(os.getpid()))",
    ),
    (
        "Can this deadlock?",
        "func transfer(a, b *Account, amt int) {\n    a.mu.Lock()\n    defer a.mu.Unlock()\n    b.mu.Lock()\n    defer b.mu.Unlock()\n    a.bal -= amt\n    b.bal += amt\n}",
    ),
    ("Is this SQL injectable?", "cursor.execute(f\"SELECT * FROM users WHERE name = '{name}'\")"),
    (
        "Any problem with closing the file like this?",
        "def read_config(p):\n    f = open(p)\n    data = json.load(f)\n    f.close()\n    return data",
    ),
    (
        "Does this PR look ok to merge? Be picky.",
        "+    @retry(times=5)\n+    def fetch(url):\n+        r = requests.get(url)\n+        return r.json()",
    ),
    (
        "Will this leak memory in a long-running process?",
        "_seen = {}\n\ndef handle(event):\n    _seen[event.id] = event\n    process(event)",
    ),
    (
        "Is the error handling here reasonable or would you change it?",
        "try:\n    user = repo.get(uid)\nexcept Exception:\n    pass\nreturn user",
    ),
    ("Is this the right way to compare floats?", "if total == 0.3:\n    print('ok')"),
    ("Could this overflow?", "int mid = (lo + hi) / 2;"),
    (
        "Does this correctly release the lock if process() throws?",
        "lock.acquire()\nprocess(item)\nlock.release()",
    ),
    (
        "Any security issues with this upload handler?",
        "@app.post('/upload')\ndef upload():\n    f = request.files['file']\n    f.save('/var/www/uploads/' + f.filename)\n    return 'ok'",
    ),
    (
        "Is this React effect correct? Feels off but it runs.",
        "useEffect(() => {\n  fetch(`/api/items?q=${query}`).then(r => r.json()).then(setItems);\n});",
    ),
    (
        "Is this idempotent if the job gets retried?",
        "def apply_bonus(user_id):\n    u = User.get(user_id)\n    u.balance += 100\n    u.save()",
    ),
    (
        "Does my fix for the N+1 look right?",
        "- for o in orders: print(o.customer.name)\n+ for o in orders.select_related('customer'): print(o.customer.name)",
    ),
    (
        "Czy ten kod jest bezpieczny wątkowo?",
        'private static SimpleDateFormat fmt = new SimpleDateFormat("yyyy-MM-dd");\npublic static String format(Date d) { return fmt.format(d); }',
    ),
    (
        "Czy jest tu jakiś błąd?",
        "for (int i = 0; i <= list.size(); i++) {\n    total += list.get(i);\n}",
    ),
    (
        "Ist dieser Patch so in Ordnung?",
        "-    timeout = 5\n+    timeout = int(os.environ.get('TIMEOUT', 5))",
    ),
    (
        "Siehst du hier ein Problem mit der Nebenläufigkeit?",
        "static int counter;\nvoid* worker(void* _) { for (int i = 0; i < 1000; i++) counter++; return NULL; }",
    ),
    (
        "¿Ves algún fallo en esta función?",
        "def es_primo(n):\n    for i in range(2, n):\n        if n % i == 0:\n            return False\n    return True",
    ),
    (
        "¿Este parche funciona bien con valores nulos?",
        "- name = user.name.strip()\n+ name = (user.name or '').strip()",
    ),
    (
        "这段代码有没有 bug？",
        "def dedupe(items):\n    seen = set()\n    for x in items:\n        if x in seen:\n            items.remove(x)\n        seen.add(x)\n    return items",
    ),
    ("这个补丁能解决问题吗？会不会引入新问题？", "- if user.age > 18:\n+ if user.age >= 18:"),
    (
        "Is using a default mutable argument here a problem?",
        "def add_tag(tag, tags=[]):\n    tags.append(tag)\n    return tags",
    ),
    (
        "Would you approve this Dockerfile?",
        "FROM python:3.12\nCOPY . /app\nRUN pip install -r /app/requirements.txt\nUSER root\nCMD python /app/main.py",
    ),
    (
        "Is there anything wrong with how this handles timezones?",
        "def is_today(ts):\n    return datetime.fromtimestamp(ts).date() == datetime.utcnow().date()",
    ),
]

# New code, where an error or bug is only the reason for the feature.
GENERATE: list[str] = [
    "We keep getting `ConnectionResetError` from the partner API at night. Add a retry with exponential backoff to this client so that can't take the job down again:\n\ndef fetch(path):\n    return session.get(BASE + path, timeout=10).json()",
    "After last week's outage caused by a bad config value, write a JSON Schema for our service config and a small Python function that validates a file against it.",
    "Users hit 'Invalid date' errors when they type dates by hand. Write a TypeScript function that parses 'DD.MM.YYYY', 'YYYY-MM-DD' and 'MM/DD/YYYY' into a Date or returns null.",
    "We had a bug where two workers processed the same job. Implement a Redis-based lock helper (acquire with TTL, release only if we own it) in Python.",
    "Write a pytest test that would have caught the off-by-one bug we had in pagination: page 2 of 10 items with size 5 must return items 5–9.",
    "Our deploys failed twice because someone forgot a migration. Create a CI step (GitHub Actions YAML) that fails if models changed without a new migration file.",
    "Add a health-check endpoint to this Flask app that returns 503 when the database is unreachable, so the load balancer stops sending traffic:\n\napp = Flask(__name__)\ndb = connect(DSN)",
    "Null pointer errors keep sneaking in from the API layer. Write a Kotlin data class for the order payload with non-null fields and a factory that validates the raw map.",
    "Since the disk-full incident, we want a script to keep in the repo: it deletes log files older than 14 days in /var/log/app and prints how much space it freed.",
    "Write a function that wraps any async call with a timeout and turns `asyncio.TimeoutError` into our own `UpstreamTimeout` with the URL in the message.",
    "The bug with duplicate emails is fixed; now write a unique constraint migration for Postgres and a query to find existing duplicates.",
    "Implement a dead-letter queue consumer in Node that logs each failed message with its error and re-enqueues it at most 3 times.",
    "Create a Terraform alarm for the Lambda errors metric — we only found out about the last failure from customers.",
    "Write a regex and a Python function that extract the exception class and message from lines like `ERROR [worker-3] ValueError: bad input`.",
    "Add an error boundary component in React that shows a friendly fallback and reports the error to Sentry.",
    "Generate a Makefile target `check` that runs ruff, mypy and pytest and stops at the first failure.",
    "Write a bash script for the repo that retries `npm ci` up to 3 times, because the registry sometimes times out on CI.",
    "Napisz funkcję w Pythonie, która loguje wyjątek ze stack trace do pliku i wysyła skrót na Slacka — po ostatniej awarii nikt nie widział błędu przez godzinę.",
    "Dodaj do tej klasy walidację, żeby ujemna ilość rzucała czytelny wyjątek zamiast psuć stan magazynu:\n\nclass Stock:\n    def remove(self, qty):\n        self.qty -= qty",
    "Schreib eine Go-Funktion, die Panics in Goroutinen abfängt und als Fehler über einen Channel zurückgibt — wir hatten deswegen schon einen Absturz in Produktion.",
    "Erstelle einen Jest-Test, der den Fehler mit der Zeitzonenumstellung abdeckt: 31. März 2024, 02:30 in Europe/Berlin existiert nicht.",
    "Escribe un middleware en Express que capture errores de validación de Joi y devuelva un 422 con la lista de campos, para no devolver más 500 genéricos.",
    "Crea un script en Python que revise todos los certificados de nuestros dominios y avise si caducan en menos de 20 días; el mes pasado se nos caducó uno.",
    "写一个 Python 函数，对外部接口调用做限流（每秒最多 10 次），上次被对方封了就是因为请求太快。",
    "帮我写一个单元测试，覆盖金额为负数时应该抛出异常的情况。",
    "Implement graceful shutdown for this worker so SIGTERM during deploys stops losing in-flight jobs:\n\nwhile True:\n    job = queue.get()\n    handle(job)",
    "Write a Prometheus exporter in Python that exposes the count of failed jobs per queue, so we can alert on error spikes.",
    "Add input sanitisation to the search endpoint; we had an XSS report last month. Write the helper and the tests.",
    "Make a GitHub Action that posts a comment on the PR with the failing test names when the test job fails.",
    "Write a SQL CHECK constraint and a trigger that stop negative balances — a bug let one through last quarter.",
]

# Labelling, routing, prioritising error and log text.
TRIAGE: list[str] = [
    "Classify this log line as INFO, WARN or ERROR-worthy for paging: `disk usage 91% on /var/lib/postgresql`",
    "Which team should get this stack trace — mobile, backend or payments?\n\njava.lang.IllegalStateException: PaymentSheet not initialised\n  at com.shop.checkout.PayFragment.onResume(PayFragment.kt:88)",
    "Priority P1–P4 for this one, just the label: `ERROR checkout-api 502 upstream connect error` at 3% of requests for 10 minutes.",
    "Is this alert noise or real? One word.\n\n[WARN] cert-manager: certificate api-tls renews in 29 days",
    "Tag each of these errors as client-side or server-side:\n1. 404 Not Found /favicon.ico\n2. 500 Internal Server Error /api/orders\n3. 413 Payload Too Large /upload\n4. 503 Service Unavailable /api/search",
    "Bucket this Sentry issue: regression, known issue, or new bug?\n\nTypeError: Cannot read properties of undefined (reading 'map') — first seen today after release 4.12, 340 events",
    "Severity for this crash report (low/medium/high/critical)? App crashes on launch for all Android 9 users: `java.lang.NoSuchMethodError: No virtual method getColor`",
    "Route this to the right queue — infra, security, or app:\n\n`sshd[2211]: Failed password for root from 185.220.101.4 port 52210 ssh2` ×3,000 in an hour",
    "Label these CI failures as flaky or real, one word each:\n- `ETIMEDOUT registry.npmjs.org`\n- `expected 3 but got 4 in test_cart_total`\n- `runner lost communication with the server`",
    "Is this a bug report or a feature request? 'When I export a report the error says Invalid range, but I'd like to export partial ranges anyway.'",
    "Which component owns this error: auth, storage or notifications?\n\n`S3 AccessDenied: not authorized to perform s3:PutObject on arn:aws:s3:::avatars`",
    "Classify the sentiment of this app review: 'Crashes every time I open settings. Useless.'",
    "Urgent or can wait till Monday? `WARN replica lag 45s on db-replica-2` at 19:00 on Friday, primary fine.",
    "Pick one label for this GitHub issue: bug, question, docs.\n\n'Getting ModuleNotFoundError: No module named foo after pip install — is Python 3.8 supported?'",
    "Group these log lines by cause, just give the group names:\nERROR db timeout\nERROR db timeout\nERROR redis connection refused\nERROR db timeout\nERROR jwt expired",
    "Does this error belong to our code or a dependency? Answer 'ours' or 'dependency'.\n\n  File \"/usr/lib/python3.11/site-packages/urllib3/connectionpool.py\", line 703, in urlopen\nurllib3.exceptions.ProtocolError: Connection aborted.",
    "Przypisz priorytet (niski/średni/wysoki): `ERROR payment-service: timeout calling bank API` — 2 przypadki na 10 tysięcy transakcji.",
    "Do którego zespołu to trafia: frontend czy backend? Jedno słowo.\n\nUncaught TypeError: Cannot read properties of null (reading 'addEventListener') at main.js:14",
    "Ordne diesen Fehler einer Kategorie zu (Netzwerk, Datenbank, Code): `psycopg2.OperationalError: server closed the connection unexpectedly`",
    "Wie dringend ist das? Nur die Stufe (1–3): `OOMKilled` beim nächtlichen Export-Job, Tagesbetrieb normal.",
    "Clasifica este error: ¿de red, de permisos o de código? `PermissionError: [Errno 13] Permission denied: '/var/run/app.pid'`",
    "¿A qué equipo asignarías este incidente, pagos o plataforma? `Stripe webhook signature verification failed` en el 100% de eventos desde las 9:00.",
    "这条报错应该分给哪个组：前端、后端还是运维？只回答组名。\n\nnginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)",
    "给这条日志打个严重级别标签（低/中/高）：`WARN cache hit ratio dropped to 62%`",
    "Triage: is this a duplicate of #812 (login timeout on slow networks) or a new issue?\n\n'Login spinner never ends on hotel wifi, console shows net::ERR_TIMED_OUT'",
    "Which of these three tickets should on-call look at first? Just the number.\n1) typo on pricing page\n2) `FATAL: password authentication failed for user app` on prod DB\n3) slow dashboard for one customer",
    "Mark this exception as expected (user error) or unexpected (our bug): `ValidationError: email is not a valid address` from the signup form.",
    "Categorise this error for our dashboard: config, dependency, or data.\n\n`KeyError: 'STRIPE_SECRET'` at startup in staging",
]

# Failures that do ask for a fix (so the model keeps the real code_fix shape).
FIX: list[str] = [
    'It crashes with this, fix it please:\n\nTraceback (most recent call last):\n  File "app.py", line 12, in <module>\n    total = sum(prices) / len(prices)\nZeroDivisionError: division by zero',
    "This test fails since my change, what's wrong?\n\nFAILED tests/test_cart.py::test_total - assert 29.99 == 30.0",
    "Getting `TypeError: Cannot read properties of undefined (reading 'length')` at render (List.tsx:21) when the API returns nothing. How do I make it stop?",
    "cargo build fails:\nerror[E0382]: borrow of moved value: `cfg`\n  --> src/main.rs:18:20\nhow do I get around this?",
    "The function returns 0 for every input instead of the sum:\n\ndef total(xs):\n    s = 0\n    for x in xs:\n        s =+ x\n    return s",
    "Our nightly job dies with `java.lang.OutOfMemoryError: GC overhead limit exceeded` while reading the export — what should I change?",
    "Nie działa mi to, wyrzuca `IndexError: list index out of range` w linii `return parts[1]`. Jak to naprawić?",
    "Der Build bricht ab: `error TS2339: Property 'id' does not exist on type '{}'`. Wie behebe ich das?",
    "Me sale `ModuleNotFoundError: No module named 'app'` al lanzar pytest desde la raíz. ¿Cómo lo arreglo?",
    "运行时报错 `panic: assignment to entry in nil map`，代码是 `m[key] = v`，怎么改？",
    "After the upgrade our login returns 500 and the log says `jwt.exceptions.InvalidAlgorithmError: The specified alg value is not allowed`. Help me fix it.",
    "go test fails on CI only:\n--- FAIL: TestParse (0.00s)\n    parse_test.go:22: got 2023-01-01 00:00:00 +0000 UTC, want 2023-01-01 01:00:00 +0100 CET",
]

MORE_SUMMARY: list[str] = [
    "Summarize this git log for the sprint review:\n\na1f3 feat(search): typo tolerance\n9c2e fix(auth): refresh token race\n77d0 refactor(db): split repositories\n3b11 feat(export): PDF export for invoices\n0e9a chore: upgrade to Node 20",
    "Boil this customer email down to what they actually want:\n\n'Hello, I have been a customer for six years and I was always happy, but since your last update I cannot find the button to download my invoices, and my accountant needs them by Friday. Could you send me the invoices for January to March or tell me where the button went? Thank you.'",
    "Give me the gist of this Kubernetes event list, one line:\n\nWarning  BackOff  pod/api-7d9f  Back-off restarting failed container\nNormal   Pulled   pod/api-7d9f  Container image already present\nWarning  Unhealthy pod/api-7d9f Readiness probe failed: HTTP 503",
    "TL;DR of this design doc section: We will keep the monolith for billing until the end of the year. New features go into separate services only if they have their own data. The shared database will be split by schema first, then physically.",
    "What's the short version of this thread?\n\nA: the staging cluster is out of IPs again\nB: the subnet is a /24, we have 40 nodes with 6 pods each\nA: can we enable prefix delegation?\nB: yes, needs a node group rebuild, I'll do it tomorrow night",
    "Summarize these 4 bug tickets as one line each for the weekly email:\nBUG-101 login button unresponsive on Safari 16\nBUG-102 totals off by a cent in CSV export\nBUG-103 avatar upload fails above 5MB\nBUG-104 dark mode unreadable in settings",
    "Podsumuj w trzech punktach dokumentację tego endpointu: POST /v2/orders tworzy zamówienie; wymaga nagłówka Idempotency-Key; zwraca 201 z id zamówienia albo 409, gdy klucz był już użyty z innymi danymi.",
    "Fasse diese Release-Notizen für Kunden in einem Satz zusammen: Neue Exportfunktion, schnellere Suche, behobener Fehler beim Login mit SSO, Unterstützung für Android 14.",
    "Resume en tres viñetas las notas de la retro: el despliegue fue lento por pruebas inestables; la comunicación con soporte mejoró; hay que documentar el proceso de rollback.",
    "把下面的错误日志总结成一句话发给产品经理，不需要修复建议：\n2025-05-02 10:01 ERROR 订单服务 调用库存接口超时\n2025-05-02 10:03 ERROR 订单服务 调用库存接口超时\n2025-05-02 10:05 INFO 库存服务 重启完成",
    "Shorten this commit message to fit in 72 characters: 'Fix the issue where the background sync job would occasionally run twice when the app was resumed from the background on slow devices'",
    "In 2 bullets, what changed between these two config versions?\n\nv1: replicas: 2, memory: 512Mi, autoscale: false\nv2: replicas: 3, memory: 1Gi, autoscale: true",
]

MORE_REVIEW: list[tuple[str, str]] = [
    (
        "Is my use of async here fine?",
        "async def get_all(urls):\n    results = []\n    for u in urls:\n        results.append(await fetch(u))\n    return results",
    ),
    (
        "Is anything off with this pagination query?",
        "SELECT * FROM events ORDER BY created_at LIMIT 50 OFFSET :page * 50",
    ),
    (
        "Would this be safe to run on a big prod table?",
        "ALTER TABLE orders ADD COLUMN note TEXT NOT NULL DEFAULT '';",
    ),
    (
        "Is this a correct singleton in Java?",
        "public class Config {\n  private static Config inst;\n  public static Config get() {\n    if (inst == null) inst = new Config();\n    return inst;\n  }\n}",
    ),
    ("Any edge cases this misses?", "def slugify(s):\n    return s.lower().replace(' ', '-')"),
    (
        "Does this cleanup run on every path?",
        "conn = pool.get()\nif not conn.ping():\n    return None\nresult = conn.query(q)\npool.put(conn)\nreturn result",
    ),
    (
        "Can you check whether this retry loop is correct?",
        "for attempt in range(3):\n    try:\n        return call()\n    except TimeoutError:\n        time.sleep(2 ** attempt)\nraise",
    ),
    (
        "Sind hier Sicherheitslücken drin?",
        "app.get('/file', (req, res) => res.sendFile(__dirname + '/files/' + req.query.name));",
    ),
]

MORE_GENERATE: list[str] = [
    "Write a Python context manager that times a block and logs a warning when it takes longer than a threshold — we want to catch slow queries before users complain.",
    "Create a Dockerfile for this FastAPI app with a non-root user and a healthcheck; the last image ran as root and failed the security scan.",
    "Implement a `safe_get(d, 'a.b.c', default)` helper so nested lookups stop throwing KeyError all over the codebase.",
    "Write a GitHub Actions workflow that runs the test suite nightly against the latest dependency versions, so breaking upgrades show up early.",
    "Add a `--dry-run` flag to this CLI so people stop deleting the wrong buckets:\n\n@click.command()\n@click.argument('bucket')\ndef purge(bucket):\n    s3.delete_bucket(bucket)",
    "Write a SQL query that lists the top 10 error messages from the `app_errors` table in the last 24 hours with their counts.",
]

MORE_TRIAGE: list[str] = [
    "Classify each line: user error, system error or expected.\n- 401 invalid token\n- 500 NullPointerException in OrderService\n- 429 rate limited",
    "Which priority queue for this: `ERROR search-indexer: failed to index 12 documents (mapping conflict)`? high/normal/low only.",
    "Flag this message as spam or not: 'Your account has an ERROR, click here to verify your password immediately'",
    "Security incident or false positive? One word. `WAF blocked 2 requests matching SQLi pattern from our own monitoring IP`",
    "Which on-call rotation gets this: data, web or mobile?\n\n`Airflow task load_orders failed: psycopg2.errors.UniqueViolation`",
    "Is this compiler warning worth a ticket? yes/no\n\nwarning: unused variable `tmp` at src/lib.rs:44",
]
MORE_TRIAGE += [
    "Is this a P0? yes or no. `ERROR auth-service: 100% of logins failing with 'invalid signature'` since 08:12.",
    "Put this in one of: billing, account, technical. 'I got charged twice and now the app shows Error 0x80 when I open invoices.'",
    "Label the log level this line should have had (DEBUG/INFO/WARN/ERROR): `could not find optional plugin 'foo', continuing`",
    "Which service is probably failing first here? Just the name.\n\ngateway: 504 from orders\norders: timeout calling inventory\ninventory: too many connections (postgres)",
]
