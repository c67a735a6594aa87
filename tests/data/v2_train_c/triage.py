# ruff: noqa: E501
"""triage: label, route or prioritise material that itself contains traces, errors or code."""

from __future__ import annotations

from common import TRIAGE_BOT, case

T = "triage"

CASES = [
    case(
        "tri-trace-which-team",
        T,
        "en",
        "Python trace; ask is which team owns it",
        """Which team should own this? Just the team name and severity please.

```
Traceback (most recent call last):
  File "/srv/billing/invoice.py", line 212, in finalize
    tax = tax_service.compute(order)
  File "/srv/billing/clients/tax.py", line 48, in compute
    raise TaxServiceUnavailable(resp.status_code)
billing.clients.tax.TaxServiceUnavailable: 503
```""",
    ),
    case(
        "tri-bot-java-npe",
        T,
        "en",
        "triage system prompt; Java NPE report",
        """Ticket SUP-4412 from a customer:
"Since this morning I can't open any invoice in the mobile app, it shows 'Something went wrong'." Attached log:
```
java.lang.NullPointerException: Attempt to invoke virtual method 'java.lang.String com.shop.model.Invoice.getCurrency()' on a null object reference
    at com.shop.ui.invoice.InvoiceFragment.bind(InvoiceFragment.kt:88)
```""",
        system=TRIAGE_BOT,
    ),
    case(
        "tri-pl-priority",
        T,
        "pl",
        "Polish; prioritise three reports with errors",
        """Ustal priorytety (P1–P4) dla tych trzech zgłoszeń i krótko uzasadnij:
1. Logowanie przez Google zwraca `redirect_uri_mismatch` – dotyczy wszystkich użytkowników od wdrożenia o 9:00.
2. W raporcie miesięcznym kolumna „VAT” ma złe zaokrąglenie (0,01 zł różnicy).
3. `504 Gateway Timeout` przy eksporcie CSV powyżej 50 tys. wierszy, zgłosił jeden klient.""",
    ),
    case(
        "tri-mixed-pl-en-log-label",
        T,
        "mixed",
        "English log; Polish ask for a label",
        """```
2026-03-10 08:41:02 ERROR [payments-webhook] signature verification failed for event evt_3Ox... (header: t=1710060062,v1=9f2c...)
2026-03-10 08:41:02 ERROR [payments-webhook] signature verification failed for event evt_3Ox...
```
Jaką etykietę dać temu zgłoszeniu: bug, config, security czy external? Jedno słowo plus pewność.""",
    ),
    case(
        "tri-zh-route",
        T,
        "zh",
        "Chinese; route a report with a stack trace",
        """请判断这个工单应该分给哪个组（前端 / 后端 / 运维 / 数据），以及严重程度，不需要给解决方案：

用户反馈：报表页面一直转圈。
浏览器控制台：
```
GET https://bi.example.com/api/reports/42 net::ERR_CONNECTION_RESET
Uncaught (in promise) TypeError: Failed to fetch
```""",
    ),
    case(
        "tri-de-kategorisieren",
        T,
        "de",
        "German; categorise CI failures",
        """Ordne jeden der folgenden CI-Fehler einer Kategorie zu (flaky test, echte Regression, Infrastruktur, Abhängigkeit). Nur Tabelle, keine Lösungen.

- `ERROR: failed to solve: failed to fetch oauth token: unexpected status: 429 Too Many Requests` (docker build)
- `AssertionError: expected 200, got 500` in test_checkout, nur auf main seit Commit 8c1e2
- `test_websocket_reconnect` schlägt ca. 1 von 20 Läufen fehl mit TimeoutError
- `npm ERR! 404 Not Found - GET https://registry.npmjs.org/@acme%2fui-kit - Not found`""",
    ),
    case(
        "tri-es-severity",
        T,
        "es",
        "Spanish; severity of a security-looking log",
        """¿Qué severidad le pondrías a esto y a qué equipo va? Solo clasificación.

```
WARN  auth  Failed login for admin from 185.220.101.4 (attempt 1432 in 10 min)
WARN  auth  Failed login for admin from 185.220.101.4 (attempt 1433 in 10 min)
```""",
    ),
    case(
        "tri-mixed-zh-en-diff-label",
        T,
        "mixed",
        "English diff, Chinese ask to label the PR type",
        """给这个 PR 打标签，从 feature / bugfix / refactor / chore / docs 里选一个或两个，只回答标签：

```diff
-    timeout = 5
+    timeout = int(os.environ.get("HTTP_TIMEOUT", "5"))
@@
-def fetch(url):
-    return requests.get(url, timeout=timeout)
+def fetch(url, *, session=None):
+    s = session or requests
+    return s.get(url, timeout=timeout)
```""",
    ),
    case(
        "tri-bot-go-panic",
        T,
        "en",
        "triage prompt; Go panic in report",
        """New report from the status page integration:

```
panic: runtime error: index out of range [3] with length 3
goroutine 77 [running]:
github.com/acme/search/internal/rank.(*Scorer).Score(...)
        /build/internal/rank/scorer.go:141
```
Observed on 2 of 12 search pods, started 14:05, error rate 0.4%.""",
        system=TRIAGE_BOT,
    ),
    case(
        "tri-dup-detection",
        T,
        "en",
        "is this a duplicate? two traces",
        """Is the new ticket a duplicate of the old one? Answer duplicate / related / unrelated.

Old (WEB-881): `TypeError: Cannot read properties of undefined (reading 'map') at ProductList (ProductList.tsx:23)`
New (WEB-1024): `TypeError: Cannot read properties of null (reading 'map') at ProductList (ProductList.tsx:23)` — happens after filtering by a category with no products.""",
    ),
    case(
        "tri-pl-mixed-sentry",
        T,
        "mixed",
        "English Sentry digest; Polish ask to sort by urgency",
        """Posortuj te alerty z Sentry od najpilniejszego, podaj dla każdego P1–P4 w jednej linii:

- `OperationalError: FATAL: remaining connection slots are reserved for non-replication superuser connections` — 1,2k events/h, api
- `DeprecationWarning: datetime.utcnow() is deprecated` — 30k events/h, worker
- `KeyError: 'utm_source'` — 14 events/h, tracking
- `ssl.SSLCertVerificationError: certificate has expired` — 300 events/h, partner-sync""",
    ),
    case(
        "tri-zh-classify-feedback",
        T,
        "zh",
        "Chinese; classify app-store reviews that mention crashes",
        """把下面的用户评论分成：崩溃、性能、功能建议、支付问题、其他。输出 JSON 数组，每条包含 id 和 类别。

1. 打开相机扫码就闪退，iOS 17.4
2. 希望能加深色模式
3. 付款的时候一直显示“网络错误 E1004”，但钱已经扣了
4. 首页加载要十几秒
5. 升级后登录页白屏""",
    ),
    case(
        "tri-bot-mixed-de",
        T,
        "mixed",
        "triage prompt; German report with English stack trace",
        """Meldung aus dem Kundensupport: „Seit dem Update kann ich keine Rechnungen mehr als PDF herunterladen.“

```
ERROR 2026-03-11T09:12:01Z pdf-service  weasyprint.urls.URLFetchingError: HTTPSConnectionPool(host='cdn.example.com', port=443): Max retries exceeded
```""",
        system=TRIAGE_BOT,
    ),
    case(
        "tri-code-snippet-which-area",
        T,
        "en",
        "code snippet in a report; ask which area label",
        """A contributor opened an issue with just this snippet and "this is slow". Which area label should it get: `area/orm`, `area/http`, `area/cache`, or `area/templates`? One label.

```python
for order in Order.objects.filter(status="open"):
    print(order.customer.name, order.items.count())
```""",
    ),
    case(
        "tri-es-mixed-route",
        T,
        "mixed",
        "Spanish ask, English k8s events; route to a team",
        """¿A quién le asigno este incidente: plataforma, backend o base de datos? Solo el equipo y por qué en una frase.

```
Warning  FailedScheduling  pod/orders-7d9f  0/6 nodes are available: 6 Insufficient memory.
Warning  BackOff           pod/orders-7d9f  Back-off restarting failed container
```""",
    ),
    case(
        "tri-pl-bot",
        T,
        "pl",
        "triage prompt, Polish ticket with a DB error",
        """Zgłoszenie od księgowości: „Nie mogę zamknąć miesiąca, system pokazuje błąd”. Zrzut treści błędu:
`ERROR: deadlock detected DETAIL: Process 4121 waits for ShareLock on transaction 99812; blocked by process 4177.`
Zdarzyło się dwa razy w ciągu godziny.""",
        system=TRIAGE_BOT,
    ),
    case(
        "tri-needs-info",
        T,
        "en",
        "decide if a report is actionable; contains partial error",
        "Does this bug report have enough information to be worked on, or should it be labelled `needs-info`? Report: \"app crashed, error was something like 'Segmentation fault (core dumped)' when I ran it\". No version, no steps, no OS.",
    ),
    case(
        "tri-zh-mixed-log-severity",
        T,
        "mixed",
        "English nginx log; Chinese severity ask",
        """这个告警要不要半夜叫醒值班？只回答 要/不要 和严重等级。

```
2026/03/12 02:14:55 [error] 2211#2211: *918231 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 10.2.3.4, server: api.example.com, request: "GET /v2/search?q=... HTTP/1.1"
```
过去 10 分钟出现 37 次，总请求量约 40 万。""",
    ),
    case(
        "tri-de-dringlichkeit",
        T,
        "de",
        "German; how urgent is a failing cron with an error",
        "Wie dringend ist das? Der nächtliche Export schlägt seit zwei Tagen fehl mit `PermissionError: [Errno 13] Permission denied: '/mnt/share/exports/2026-03-11.csv'`. Die Daten braucht die Buchhaltung erst zum Monatsende. Bitte nur Priorität und wer zuständig ist.",
    ),
    case(
        "tri-rust-compile-label",
        T,
        "en",
        "compiler error in an issue; ask for labels only",
        """Label this issue for our tracker (choose from: bug, regression, msrv, platform-windows, platform-macos, docs, good-first-issue). Multiple allowed, no explanation.

> Building 0.14.2 on Windows fails, 0.14.1 was fine:
> ```
> error[E0433]: failed to resolve: could not find `unix` in `os`
>   --> src/pty.rs:12:14
> ```""",
    ),
    case(
        "tri-pl-mixed-three-traces",
        T,
        "mixed",
        "Polish ask, three English traces; which is the same root",
        """Które z tych trzech błędów wyglądają na ten sam problem i powinny trafić do jednego zgłoszenia? Nie szukaj rozwiązania, tylko pogrupuj.

A: `redis.exceptions.TimeoutError: Timeout reading from socket` (api, 14:02)
B: `celery.exceptions.TimeLimitExceeded: TimeLimitExceeded(300)` (worker, 14:03)
C: `ValueError: invalid literal for int() with base 10: 'N/A'` (importer, 14:05)""",
    ),
    case(
        "tri-security-or-bug",
        T,
        "en",
        "decide security vs bug for a code report",
        """Should this report go to the security queue or the normal bug queue? Answer one of them and the CVSS-ish severity (low/medium/high).

"Your export endpoint builds the filename like this and I could download /etc/passwd:"
```python
return send_file(os.path.join(EXPORT_DIR, request.args["name"]))
```""",
    ),
    case(
        "tri-zh-bot",
        T,
        "zh",
        "triage prompt; Chinese ticket with error code",
        """客户邮件：我们公司所有人今天都收不到验证码短信，报错 `SMS_SEND_FAILED: quota exceeded (code 40302)`，影响登录。""",
        system=TRIAGE_BOT,
    ),
    case(
        "tri-es-clasificar-errores",
        T,
        "es",
        "Spanish; classify test failures flaky or real",
        """Clasifica cada fallo como "flaky" o "regresión real", sin explicar cómo arreglarlo:

1. `test_upload_large` – `ConnectionResetError` solo en el runner de macOS, 2 de 30 ejecuciones
2. `test_total_with_tax` – `assert 121.0 == 119.0`, falla siempre desde el commit a3f9
3. `test_ws_ping` – `asyncio.TimeoutError`, intermitente""",
    ),
    case(
        "tri-mixed-de-en-kibana",
        T,
        "mixed",
        "German ask over an English log excerpt; severity + component",
        """Bitte einordnen (Komponente + Schweregrad), mehr nicht:

```
{"level":"error","service":"checkout","msg":"payment provider returned 402","provider":"adyen","count_5m":812}
{"level":"error","service":"checkout","msg":"payment provider returned 402","provider":"adyen","count_5m":845}
```
Normal sind ca. 20 pro 5 Minuten, heute früh war alles ruhig.""",
    ),
    case(
        "tri-pr-risk",
        T,
        "en",
        "risk level for a PR containing a migration",
        """Tag this PR's risk level (low / medium / high) for the release checklist and say which reviewers group (db, api, frontend) must approve. Don't review the code.

```sql
ALTER TABLE orders ADD COLUMN region text;
UPDATE orders SET region = 'eu' WHERE region IS NULL;
ALTER TABLE orders ALTER COLUMN region SET NOT NULL;
```
orders has 180M rows.""",
    ),
    case(
        "tri-pl-kolejka",
        T,
        "pl",
        "Polish; pick queue for a customer report with a code",
        "Do której kolejki to wrzucić: płatności, konto, dostawa czy techniczne? Klient pisze: „Przy płatności BLIK dostaję komunikat ERR_BLIK_TIMEOUT, pieniądze zostały zablokowane na koncie”. Tylko nazwa kolejki i priorytet.",
    ),
    case(
        "tri-zh-mixed-assign",
        T,
        "mixed",
        "Chinese ask; English Python traceback; who owns",
        """这个报错应该由哪个服务的负责人处理？只给服务名和优先级。

```
  File "/app/recommend/features.py", line 77, in load_embeddings
    arr = np.load(path)
  File "/usr/lib/python3/dist-packages/numpy/lib/npyio.py", line 427, in load
    fid = stack.enter_context(open(os_fspath(file), "rb"))
FileNotFoundError: [Errno 2] No such file or directory: '/data/emb/2026-03-12.npy'
```""",
    ),
    case(
        "tri-bot-php-warning",
        T,
        "en",
        "triage prompt; PHP warnings flood",
        """Incoming from the log monitor:
`PHP Warning:  Undefined array key "shipping_method" in /var/www/shop/checkout/summary.php on line 133` — 9,400 times in the last hour, checkout conversion unchanged.""",
        system=TRIAGE_BOT,
    ),
    case(
        "tri-de-bot-mixed",
        T,
        "mixed",
        "triage prompt; German+English ticket",
        "Ticket von Team Mobile: „iOS-App crasht beim Start auf iPhone 8“. Crashlog: `Termination Reason: DYLD 1 Library missing — Library not loaded: @rpath/FirebaseCore.framework/FirebaseCore`. Betrifft laut Crashlytics 3 % der Nutzer.",
        system=TRIAGE_BOT,
    ),
    case(
        "tri-history-fix-then-label",
        T,
        "en",
        "history was a fix discussion; last turn asks only for a label",
        "Getting `sqlite3.OperationalError: database is locked` under load in our desktop app.",
        "That usually means two writers overlap. Enable WAL mode and set a busy_timeout; keep write transactions short.",
        "Thanks. Before I work on it: for the tracker, is this a bug, a performance issue or a design limitation? Give me the label and a P-level.",
    ),
    case(
        "tri-es-mixed-prioritize",
        T,
        "mixed",
        "Spanish ask, English errors list",
        """Prioriza esta lista para el sprint (alta/media/baja), una línea por elemento:
- `CORS error: No 'Access-Control-Allow-Origin' header` en el dashboard de partners
- `Warning: Each child in a list should have a unique "key" prop` en la consola
- `500 Internal Server Error` al cambiar la contraseña (todos los usuarios)""",
    ),
    case(
        "tri-zh-pr-labels",
        T,
        "zh",
        "Chinese; which labels for a PR fixing a crash",
        "这个 PR 标题是“修复 Android 12 上点击通知闪退 (PendingIntent FLAG_IMMUTABLE)”，改了 3 个文件。请从 bug、android、ios、breaking、needs-backport 里选标签，只列标签。",
    ),
    case(
        "tri-oncall-page",
        T,
        "en",
        "decide whether to page; Kubernetes and DB errors",
        """Page or ticket? Decide for each, nothing else.

1. `CrashLoopBackOff` on `notifications-worker` (1 of 3 replicas), queue depth normal
2. `pg_stat_replication` lag 45 minutes on the reporting replica
3. `x509: certificate has expired or is not yet valid` on api.example.com (public)""",
    ),
    case(
        "tri-pl-mixed-code-review-queue",
        T,
        "mixed",
        "Polish ask, English code; which reviewer group",
        """Do kogo skierować ten PR do review: zespół bezpieczeństwa, platforma czy frontend? Tylko decyzja.

```ts
app.use(cors({ origin: true, credentials: true }));
app.use(session({ secret: process.env.SESSION_SECRET, cookie: { sameSite: "none", secure: true } }));
```""",
    ),
    case(
        "tri-de-feedback",
        T,
        "de",
        "German; classify bug reports with errors by component",
        """Weise jede Meldung einer Komponente zu (Auth, Zahlungen, Suche, Benachrichtigungen):
1. „Passwort zurücksetzen: Link abgelaufen, obwohl gerade erst angefordert“
2. „Push-Nachrichten kommen doppelt“
3. „Suche nach ‚Müller‘ findet nichts, ‚Muller‘ schon“
4. „Kreditkarte abgelehnt: Fehler 3DS_AUTH_FAILED“""",
    ),
    case(
        "tri-es-bot",
        T,
        "es",
        "triage prompt; Spanish ticket with a 502",
        'Reporte de un cliente: "La API devuelve `502 Bad Gateway` en el 30% de las llamadas a /v1/quotes desde las 10:40". Somos su único proveedor de cotizaciones.',
        system=TRIAGE_BOT,
    ),
    case(
        "tri-mixed-zh-en-issue-template",
        T,
        "mixed",
        "Chinese+English issue; ask for type and component labels",
        """Issue: "Build fails on ARM64"
```
#9 12.3 error: command 'gcc' failed: No such file or directory
#9 12.3 ERROR: Failed building wheel for uvloop
```
请帮我给这个 issue 选 type（bug/feature/question）和 component（build/runtime/docs），只输出两个标签。""",
    ),
    case(
        "tri-go-compile-which-repo",
        T,
        "en",
        "which repository does the failure belong to",
        """We have three repos: `api-gateway`, `shared-proto`, `billing-svc`. Which repo should this issue be filed in? Just the name.

```
billing-svc/internal/grpc/server.go:41:2: cannot use &Server{} (value of type *Server) as billingv1.BillingServiceServer value in argument to billingv1.RegisterBillingServiceServer: *Server does not implement billingv1.BillingServiceServer (missing method RefundInvoice)
```
This started after `shared-proto` v2.3.0 was tagged.""",
    ),
    case(
        "tri-pl-short",
        T,
        "pl",
        "short Polish: severity only",
        "Jaki priorytet? `OOMKilled` na podzie z raportami raz dziennie o 6:00, raport i tak się generuje przy restarcie.",
    ),
    case(
        "tri-zh-short",
        T,
        "zh",
        "short Chinese: bug or feature",
        "“导出 Excel 时超过 65536 行就报错 `ValueError: Row numbers must be between 1 and 65536`” —— 这个算 bug 还是功能需求？给个标签就行。",
    ),
]
