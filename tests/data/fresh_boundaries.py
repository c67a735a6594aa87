# ruff: noqa: E501
"""Second batch, part three: more requests on the boundaries with ``code_fix``.

Each carries code, an error or a failure as material while asking for something else:
a label, new code, a judgement of given code, or a summary.
"""

from __future__ import annotations

TRIAGE: list[str] = [
    "Triage this for me — which team, and how urgent?\n\nERROR 2025-03-02 11:04:17 orders-api: psycopg2.OperationalError: could not connect to server: Connection refused\n(repeated 1,204 times in 5 minutes)",
    "We get ~200 Sentry events a day. Put this one in a bucket: ignore, watch, or fix this sprint.\n\nTypeError: undefined is not an object (evaluating 'window.Intercom.boot') — Safari 15, 3 users",
    "Is this crash report about our code or a third-party SDK? Just answer 'ours' or 'sdk'.\n\n0  libswiftCore.dylib  swift_unknownObjectRetain\n1  AnalyticsKit       AKTracker.flush() + 120\n2  MyApp              AppDelegate.applicationWillTerminate + 44",
    "Assign a severity (S1–S4) to this bug report: 'Export to PDF cuts off the last column when the table has more than 12 columns.'",
    "Which label fits this GitHub issue best — bug, enhancement, or docs?\n\n'The README says `--port` defaults to 8080 but the code uses 8000.'",
    "Decide who gets this alert: database team or network team.\n\n`FATAL: remaining connection slots are reserved for non-replication superuser connections`",
    "Here are three failing CI jobs. Just tell me which ones are flaky infra problems and which look like real regressions, one word each:\n1) `npm ERR! network timeout at https://registry.npmjs.org/react`\n2) `AssertionError: expected 200, got 500` in test_checkout\n3) `No space left on device` on runner-7",
    "Kategorie für dieses Ticket? (Bug, Frage, Wunsch)\n\n'Nach dem Update bekomme ich beim Speichern NullReferenceException in Zeile 42.'",
    "Przypisz etykietę: 'bug', 'pytanie' albo 'prośba o funkcję'.\n\n'Po aktualizacji wykres nie ładuje się, w konsoli Uncaught ReferenceError: Chart is not defined.'",
    "Clasifica la gravedad de este fallo (baja, media, alta): 'Cuando el usuario pulsa dos veces en Pagar, se cobra dos veces.'",
    "给这个报错定个优先级（P0-P3），只要结果：`java.lang.OutOfMemoryError: Java heap space` 出现在夜间报表任务里，白天业务正常。",
    "Which service most likely owns this error — auth, billing or search? One word.\n\n`401 Unauthorized: token audience mismatch (expected 'billing-api')`",
    "Label each log line INFO-worthy or ALERT-worthy:\n- disk at 71%\n- 3 failed logins for admin from a new country\n- certificate expires in 5 days\n- nightly backup finished",
    "Route this customer email to support, sales or legal:\n\n'Your app crashed and I lost a day of work. I want compensation and I'm talking to a lawyer.'",
    "Mark this PR as needs-tests, needs-docs or ready. Title: 'Fix race in cache eviction'. Diff adds 40 lines to cache.go, no test files changed.",
]

GENERATE: list[str] = [
    "Every few days someone pushes code that breaks the build with a lint error. Create a GitHub Actions job that runs eslint on pull requests and blocks merging on failure.",
    "Our logs are full of `KeyError` when the payload is missing fields. Write a small validation function with a schema (pydantic is fine) that returns a clear message listing the missing fields.",
    "The old importer crashed on empty lines, so I'm rewriting it. Write a Python generator that reads a big CSV lazily, skips blank and comment lines, and yields dicts.",
    "I want to reproduce a timeout bug in tests. Write a pytest fixture that starts a fake HTTP server which sleeps for a configurable time before answering.",
    "Write a retry decorator for async functions that retries on `aiohttp.ClientError` up to 3 times with jitter.",
    "Create a SQL migration that adds a unique index on users(email) — we had duplicate signups before — and a query that lists existing duplicates first.",
    "Write a Go middleware that recovers from panics, logs the stack and returns a 500 JSON error.",
    "Add input validation to this handler so bad JSON returns a 400 instead of crashing the worker:\n\n@app.post('/items')\ndef create():\n    data = request.get_json()\n    return save(data['name'], data['price'])",
    "Write a regex that catches the error lines in our logs: lines starting with a timestamp, then ERROR or FATAL, then a service name in brackets.",
    "Schreib mir einen Bash-Einzeiler als Skript fürs Repo, das alle Logdateien nach 'Exception' durchsucht und die Anzahl pro Datei ausgibt.",
    "Napisz test jednostkowy, który odtworzy ten błąd z zaokrąglaniem kwot (0.1 + 0.2), a potem poprawną funkcję sumującą na Decimal.",
    "Escribe un manejador de errores global para Express que registre el stack y devuelva JSON con un código de error.",
    "写一个 Python 装饰器，捕获函数里的异常并记录日志，然后返回默认值。",
    "Generate a Prometheus alert rule that fires when the 5xx rate of the api job exceeds 2% for 10 minutes.",
    "Implement a circuit breaker class in TypeScript (closed/open/half-open) with a failure threshold and reset timeout.",
]

REVIEW: list[tuple[str, str]] = [
    ("Is there a bug in this?", "def median(xs):\n    xs.sort()\n    return xs[len(xs) // 2]"),
    (
        "Can you spot any issues before this goes to prod?",
        "async function getAll(ids) {\n  const out = [];\n  ids.forEach(async id => out.push(await fetchOne(id)));\n  return out;\n}",
    ),
    (
        "Do you see any problems with error handling here?",
        "try:\n    conn = db.connect()\n    rows = conn.execute(q)\nexcept Exception:\n    pass\nreturn rows",
    ),
    (
        "Find bugs in this function, if any.",
        "int find(int *a, int n, int x) {\n  int lo = 0, hi = n;\n  while (lo <= hi) {\n    int mid = (lo + hi) / 2;\n    if (a[mid] == x) return mid;\n    if (a[mid] < x) lo = mid + 1; else hi = mid - 1;\n  }\n  return -1;\n}",
    ),
    (
        "This is my fix for the login bug. Is it right, or am I hiding the real problem?",
        "diff --git a/login.js b/login.js\n@@ -10,5 +10,7 @@\n-  const user = await getUser(email)\n+  const user = await getUser(email).catch(() => null)\n+  if (!user) return res.status(200).json({ ok: true })",
    ),
    (
        "What could go wrong with this in a multi-threaded app?",
        "class Singleton:\n    _instance = None\n    def __new__(cls):\n        if cls._instance is None:\n            cls._instance = super().__new__(cls)\n        return cls._instance",
    ),
    (
        "Czy w tym kodzie jest jakiś błąd?",
        "for (let i = 0; i <= items.length; i++) {\n  total += items[i].price;\n}",
    ),
    (
        "Siehst du hier Probleme?",
        'String query = "DELETE FROM logs WHERE day < \'" + cutoff + "\'";\nstmt.executeUpdate(query);',
    ),
    (
        "¿Hay algún fallo en este código?",
        "def promedio(lista):\n    return sum(lista) / len(lista)",
    ),
    (
        "这段代码有 bug 吗？",
        "func get(m map[string]int, k string) int {\n    v := m[k]\n    return v\n}",
    ),
    (
        "Be picky: what would you change in this Terraform?",
        'resource "aws_s3_bucket" "logs" {\n  bucket = "company-logs"\n  acl    = "public-read"\n}',
    ),
    (
        "Quick sanity check of this regex for emails — what does it let through that it shouldn't?",
        "^[\\w.]+@[\\w]+\\.[a-z]{2,3}$",
    ),
]

SUMMARIZE: list[str] = [
    "Turn this diff into two lines of release notes:\n\ndiff --git a/src/export.py b/src/export.py\n@@ -3,6 +3,9 @@\n+def export_xlsx(rows, path):\n+    wb = Workbook()\n+    ...\n-    raise NotImplementedError('xlsx')",
    "Summarize what these failing tests have in common, in one sentence — just for the standup, no fix needed:\n\nFAILED test_api.py::test_create_user - ConnectionRefusedError\nFAILED test_api.py::test_delete_user - ConnectionRefusedError\nFAILED test_api.py::test_list_users - ConnectionRefusedError",
    'Give me a two-sentence summary of this Python module\'s purpose:\n\n"""Sync invoices from the ERP into our billing DB every 15 minutes."""\nimport schedule\n\ndef sync():\n    for inv in erp.fetch_new():\n        db.upsert(inv)\n\nschedule.every(15).minutes.do(sync)',
    "Write a short changelog entry from these commit messages: 'fix null check in parser', 'add --quiet flag', 'speed up tokenizer 2x', 'docs typo'.",
    "What happened in this deploy log? Short summary for the channel.\n\n12:00 deploy v2.14 started\n12:02 migrations applied (3)\n12:04 canary 5% healthy\n12:10 canary 50% error rate 0.4%\n12:15 rollout 100%\n12:16 deploy finished",
    "Zrób krótkie podsumowanie tego wątku z Jiry: zgłoszono błąd 500 przy eksporcie, developer nie mógł odtworzyć, klient przesłał logi, okazało się że to timeout proxy, zwiększono limit, klient potwierdził że działa.",
    "Fasse diese Fehlermeldungen für den Wochenbericht zusammen (keine Lösung nötig): 12× Timeout beim Zahlungsanbieter, 3× ungültiges Zertifikat, 1× Festplatte voll auf dem Build-Server.",
    "用两句话总结这次故障报告：周三晚上数据库主从切换失败，导致订单服务不可用 40 分钟，原因是切换脚本里的主机名写错了。",
]
