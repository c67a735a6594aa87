# ruff: noqa: E501
"""code_fix: an observed failure is the task, often next to code that was just added.

Written as contrast to the generate modules: the same kinds of material (new features,
TODOs, retries, migrations) where the last turn reports that something does not work.
"""

from __future__ import annotations

from common import EDIT_FORMAT, IDE_CHAT, IDE_TOOLS, case, parts

F = "code_fix"

CASES = [
    case(
        "fix-retry-helper-broken",
        F,
        "en",
        "the newly added retry helper fails; observed failure",
        """I added this retry helper but it never retries — the first ReadTimeout goes straight up to the caller:

```python
def with_retries(fn, attempts=3, backoff=0.5):
    for i in range(attempts):
        try:
            return fn()
        except (ReadTimeout, ConnectionError) as e:
            time.sleep(backoff * 2 ** i)
            raise e
```""",
    ),
    case(
        "fix-pagination-infinite-loop",
        F,
        "en",
        "implemented TODO now loops forever",
        """I implemented the pagination TODO and now the request never finishes, the network tab shows the same `cursor=abc123` request over and over:

```ts
export async function listInvoices(customerId: string) {
  const all: Invoice[] = [];
  let cursor: string | null = null;
  do {
    const res = await api.get(`/customers/${customerId}/invoices`, { params: { cursor } });
    all.push(...res.data.items);
    cursor = res.data.next_cursor ?? cursor;
  } while (cursor);
  return all;
}
```""",
        system=IDE_CHAT,
    ),
    case(
        "fix-pl-nip-validator-wrong",
        F,
        "pl",
        "Polish; validator rejects a valid number",
        """Moja funkcja do NIP-u odrzuca poprawny numer 5260250274 (to NIP ministerstwa, na pewno dobry). Gdzie jest błąd?

```python
def waliduj_nip(nip):
    wagi = [6, 5, 7, 2, 3, 4, 5, 6, 7]
    cyfry = [int(c) for c in nip]
    suma = sum(w * c for w, c in zip(wagi, cyfry))
    return suma % 11 == cyfry[-1] and len(nip) == 10
```
Dla 5260250274 wychodzi False.""",
    ),
    case(
        "fix-mixed-pl-metrics-panic",
        F,
        "mixed",
        "English Go panic, Polish 'after adding the metric it crashes'",
        """Dodałem licznik Prometheusa do konsumenta i teraz przy starcie dostaję:
```
panic: duplicate metrics collector registration attempted

goroutine 1 [running]:
github.com/prometheus/client_golang/prometheus.(*Registry).MustRegister(...)
	/go/pkg/mod/github.com/prometheus/client_golang@v1.19.0/prometheus/registry.go:405
main.NewConsumer(...)
	/app/consumer.go:22
```
NewConsumer wołamy raz na partycję. Co z tym zrobić?""",
    ),
    case(
        "fix-zh-export-endpoint-500",
        F,
        "zh",
        "Chinese; new endpoint returns 500",
        """新写的导出接口一调用就返回 500，日志是：

```
TypeError: Object of type datetime is not JSON serializable
  File "app/routes/export.py", line 41, in export_user
    json.dump(payload, f)
```
payload 里有订单的 created_at 字段。怎么改？""",
    ),
    case(
        "fix-de-dry-run-writes",
        F,
        "de",
        "German; new flag does not work",
        """Ich habe `--dry-run` eingebaut, aber die Datei wird trotzdem geschrieben (out.csv hat danach einen neuen Zeitstempel und ist leer!).

```python
p.add_argument("--dry-run", action="store_true")
a = p.parse_args()
rows = list(csv.DictReader(open(a.input)))
with open(a.out, "w") as f:
    if a.dry_run:
        print(rows); return
    w = csv.DictWriter(f, fieldnames=rows[0].keys())
```
Was ist falsch?""",
    ),
    case(
        "fix-es-test-fails",
        F,
        "es",
        "Spanish; the new test fails",
        """Escribí el test y falla así:

```
FAILED tests/test_descuento.py::test_cero_unidades - ZeroDivisionError: division by zero
    def calcular_descuento(precio, unidades):
>       return precio / unidades * 0.1
E       ZeroDivisionError: division by zero
```
Ahora sí quiero arreglarlo: con 0 unidades debe devolver 0.""",
    ),
    case(
        "fix-mixed-zh-docker-build",
        F,
        "mixed",
        "English build log, Chinese ask: the new Dockerfile fails",
        """新的 multi-stage Dockerfile 构建成功了，但容器一启动就退出：

```
$ docker run --rm orders:slim
/app/orders: error while loading shared libraries: libssl.so.3: cannot open shared object file: No such file or directory
```
第二阶段用的是 debian:bookworm-slim，只 COPY 了二进制。怎么解决？""",
    ),
    case(
        "fix-rust-borrow",
        F,
        "en",
        "Rust compiler error after adding a method",
        """Added the cancel method and now:

```
error[E0507]: cannot move out of `self.state` which is behind a mutable reference
  --> src/order.rs:41:15
   |
41 |         match self.state {
   |               ^^^^^^^^^^ help: consider borrowing here: `&self.state`
42 |             OrderState::Pending | OrderState::Paid => { self.state = OrderState::Cancelled { reason } }
```""",
    ),
    case(
        "fix-aider-healthcheck-hangs",
        F,
        "en",
        "edit-format prompt; healthz hangs when DB is down",
        "The /healthz you added hangs for 30 seconds when Postgres is down instead of returning db: false after 1 second. curl just sits there. Fix it.",
        system=EDIT_FORMAT,
    ),
    case(
        "fix-pl-sql-groupby",
        F,
        "pl",
        "Polish; query error",
        """Zapytanie wywala się:
```
ERROR:  column "c.created_at" must appear in the GROUP BY clause or be used in an aggregate function
LINE 2: SELECT date_trunc('month', c.created_at) AS miesiac, count(*)
```
```sql
SELECT date_trunc('month', c.created_at) AS miesiac, count(*), sum(o.total)
FROM customers c JOIN orders o ON o.customer_id = c.id
GROUP BY miesiac, c.created_at;
```
Dodałem c.created_at do GROUP BY i teraz mam po jednym wierszu na klienta zamiast na miesiąc.""",
    ),
    case(
        "fix-kotlin-cache-npe",
        F,
        "en",
        "Kotlin; NPE in the new cache",
        """My TTL cache throws on logout again:

```
java.lang.NullPointerException
    at com.app.ProfileRepository.profile(ProfileRepository.kt:18)
    at com.app.HomeViewModel$load$1.invokeSuspend(HomeViewModel.kt:33)
```
```kotlin
suspend fun profile(id: String): Profile = mutex.withLock {
    val hit = cache[id]
    if (hit != null && hit.at + ttl > now()) return hit.value!!
    api.fetch(id).also { cache[id] = Entry(it, now()) }
}
```""",
    ),
    case(
        "fix-mixed-de-workflow-yaml",
        F,
        "mixed",
        "German; the new workflow job fails with an English error",
        """Der neue Job läuft nicht, GitHub zeigt nur:
```
Invalid workflow file: .github/workflows/ci.yml#L24
The workflow is not valid. .github/workflows/ci.yml (Line: 24, Col: 9): Unexpected value 'run'
```
```yaml
  lockfile:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
        run: npm install --package-lock-only && git diff --exit-code package-lock.json
```""",
    ),
    case(
        "fix-go-middleware-double-write",
        F,
        "en",
        "the recovery middleware logs a superfluous WriteHeader",
        """The recover middleware works but every panic now also logs `http: superfluous response.WriteHeader call from main.Recover.func1.1 (middleware.go:19)` and the client sometimes gets a 200 with half a body. What's wrong?

```go
func Recover(next http.Handler) http.Handler {
    return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
        defer func() {
            if v := recover(); v != nil {
                slog.Error("panic", "err", v, "stack", string(debug.Stack()))
                w.WriteHeader(500)
                w.Write([]byte(`{"error":"internal"}`))
            }
        }()
        next.ServeHTTP(w, r)
    })
}
```""",
    ),
    case(
        "fix-zh-regex-no-match",
        F,
        "zh",
        "Chinese; regex misses numbers at string start",
        """这个手机号正则在字符串开头的号码匹配不到，比如 "13912345678是我的号"：

```python
PHONE = re.compile(r"[^\\d]1[3-9]\\d{9}[^\\d]")
```
测试输出 `[]`，期望 `['13912345678']`。""",
    ),
    case(
        "fix-ts-zod-optional",
        F,
        "en",
        "zod schema rejects valid payload",
        """The schema rejects payloads where `shipping` is null (digital goods), error:

```
ZodError: [{"code":"invalid_type","expected":"object","received":"null","path":["shipping"],"message":"Expected object, received null"}]
```
I wrote `shipping: ShippingSchema.optional()`. Why is null not accepted?""",
    ),
    case(
        "fix-mixed-es-migration-fails",
        F,
        "mixed",
        "English Django traceback, Spanish ask",
        """La migración falla al aplicarla:
```
django.db.utils.ProgrammingError: functions in index expression must be marked IMMUTABLE
```
```python
migrations.AddIndex(
    model_name="user",
    index=models.Index(Lower("email").desc(), name="user_email_lower_uniq"),
)
```
Y además creo que no es único. ¿Qué hago mal?""",
    ),
    case(
        "fix-java-builder-npe",
        F,
        "en",
        "builder throws in build()",
        'After adding the builder, `Thumbnail.builder().width(200).height(100).build()` throws `IllegalArgumentException: width must be positive`. Here\'s build(): `if (width <= 0 || height <= 0) throw new IllegalArgumentException("width must be positive"); return new Thumbnail(height, width, format);` and the setters just assign fields. Tests say width is 0.',
    ),
    case(
        "fix-pl-backup-script-cron",
        F,
        "pl",
        "Polish; the backup script fails under cron only",
        """Skrypt backupu działa ręcznie, ale z crona kończy się błędem:
```
/opt/scripts/backup.sh: line 9: pg_dump: command not found
```
Crontab: `30 2 * * * /opt/scripts/backup.sh`. Jak to naprawić?""",
    ),
    case(
        "fix-history-generate-then-broken",
        F,
        "en",
        "history: generate; last turn reports a failure in the generated code",
        "Extend parse_duration to accept combined forms like 1h30m.",
        "```python\nUNITS = {'h': 3600, 'm': 60, 's': 1}\ndef parse_duration(s):\n    total = 0\n    for num, unit in re.findall(r'(\\d+)([hms])', s):\n        total += int(num) * UNITS[unit]\n    return total\n```",
        "`parse_duration('90')` now returns 0 instead of 5400, and `parse_duration('abc')` returns 0 instead of raising. The old tests fail:\n```\nFAILED test_duration.py::test_bare_minutes - assert 0 == 5400\n```",
    ),
    case(
        "fix-mixed-pl-react-abort",
        F,
        "mixed",
        "Polish + English React warning after adding AbortController",
        """Po dodaniu AbortController w konsoli co chwilę:
```
Uncaught (in promise) DOMException: The user aborted a request.
```
i komponent pokazuje `error` na sekundę przy każdej zmianie id. Dlaczego abort ląduje jako błąd?""",
    ),
    case(
        "fix-zh-mixed-lru-test-fail",
        F,
        "mixed",
        "English pytest output, Chinese ask",
        """新加的 stats() 测试挂了：
```
    def test_stats():
        c = LRUCache(2); c.put("a", 1); c.get("a"); c.get("b")
>       assert c.stats() == {"hits": 1, "misses": 1}
E       AssertionError: assert {'hits': 0, 'misses': 2} == {'hits': 1, 'misses': 1}
```
get 里我是这样计数的：`if key not in self.data: self.misses += 1; return None` 然后 `self.misses += 1` 写在 move_to_end 后面。帮我看看哪里错了。""",
    ),
    case(
        "fix-terraform-plan-error",
        F,
        "en",
        "Terraform plan error for the new alarm",
        """terraform plan on the new alarm:

```
Error: Incorrect attribute value type

  on alarms.tf line 7, in resource "aws_cloudwatch_metric_alarm" "rds_storage":
   7:   dimensions = aws_db_instance.main.id
Inappropriate value for attribute "dimensions": map of string required.
```""",
    ),
    case(
        "fix-de-add-months-wrong",
        F,
        "de",
        "German; wrong output",
        "`add_months(date(2024, 1, 31), 1)` liefert bei mir `2024-03-02` statt `2024-02-29`. Ich nutze `d + timedelta(days=30 * n)`. Wie bekomme ich das richtig hin?",
    ),
    case(
        "fix-csharp-polly-not-breaking",
        F,
        "en",
        "circuit breaker never opens",
        "I added the Polly pipeline but the circuit never opens — in the logs I see 400 consecutive `HttpRequestException` and every single one still goes out to payments.internal. The breaker is configured with FailureRatio 0.5, MinimumThroughput 10, SamplingDuration 30s, BreakDuration 30s, and ShouldHandle = `new PredicateBuilder().Handle<TimeoutRejectedException>()`. What's wrong?",
    ),
    case(
        "fix-mixed-de-en-xlsx",
        F,
        "mixed",
        "English error, German ask about the new xlsx export",
        """Die neue xlsx-Funktion stürzt ab:
```
openpyxl.utils.exceptions.IllegalCharacterError: \\x0b cannot be used in worksheets.
```
Manche Kundennamen enthalten offenbar Steuerzeichen aus dem alten CRM. Wie bekomme ich das robust hin?""",
    ),
    case(
        "fix-ide-tools-test-failure",
        F,
        "en",
        "IDE tools attached; pasted failing test is the ask",
        """Pasted the failing test below, no need to run anything.

```
___________ test_quoted_tab ___________
    rows = list(read_rows(tmp_path / "q.tsv"))
>   assert rows[0]["note"] == "a\\tb"
E   AssertionError: assert 'a' == 'a\\tb'
```
read_rows uses `line.rstrip('\\n').split('\\t')`.""",
        system=IDE_CHAT,
        tools=IDE_TOOLS,
    ),
    case(
        "fix-es-rate-limit-429-everyone",
        F,
        "es",
        "Spanish; the middleware blocks everyone",
        "El middleware de rate limit que añadimos devuelve 429 a todos los usuarios desde que lo desplegamos detrás del balanceador. En los logs todas las peticiones salen con la IP 10.0.0.12. ¿Qué está pasando y cómo lo corrijo en Express?",
    ),
    case(
        "fix-php-coupon-negative",
        F,
        "en",
        "total goes negative despite the check",
        """With a 10 EUR fixed coupon on a 5 EUR cart, totalCents() returns -500. I did add a check:

```php
public function totalCents(): int {
    $sum = array_sum(array_map(fn($i) => $i['qty'] * $i['priceCents'], $this->items));
    max(0, $sum - $this->discountCents($sum));
    return $sum - $this->discountCents($sum);
}
```""",
    ),
    case(
        "fix-pl-mixed-trigger-recursion",
        F,
        "mixed",
        "Polish ask, English Postgres error from the new trigger",
        """Trigger działa, ale przy UPDATE dostaję:
```
ERROR:  stack depth limit exceeded
HINT:  Increase the configuration parameter "max_stack_depth" (currently 2048kB)
CONTEXT:  SQL statement "UPDATE documents SET updated_at = now() WHERE id = NEW.id"
PL/pgSQL function set_updated_at() line 3 at SQL statement
```
Co robię źle?""",
    ),
    case(
        "fix-swift-cache-decode",
        F,
        "en",
        "Swift; cache decode fails",
        'The offline cache always comes back empty. In the console: `keyNotFound(CodingKeys(stringValue: "publishedAt", intValue: nil), Swift.DecodingError.Context(codingPath: [_JSONKey(stringValue: "Index 0", intValue: 0)], debugDescription: "No value associated with key"))`. We encode with JSONEncoder() default and decode with a decoder that has `.convertFromSnakeCase`.',
    ),
    case(
        "fix-zh-k8s-probe",
        F,
        "zh",
        "Chinese; pods restart because of probe",
        """按你给的清单部署后 pod 一直重启：

```
Warning  Unhealthy  12s (x6 over 62s)  kubelet  Liveness probe failed: Get "http://10.1.2.7:8080/healthz": dial tcp 10.1.2.7:8080: connect: connection refused
Normal   Killing    12s                kubelet  Container orders failed liveness probe, will be restarted
```
应用启动大概需要 90 秒（要加载模型）。""",
    ),
    case(
        "fix-mixed-zh-en-playwright",
        F,
        "mixed",
        "English text with Chinese failure report",
        "The new price-history job runs fine locally. 但是在服务器上跑的时候报 `playwright._impl._errors.Error: Executable doesn't exist at /root/.cache/ms-playwright/chromium-1105/chrome-linux/chrome`，我已经 pip install playwright 了。",
    ),
    case(
        "fix-elixir-ets-badarg",
        F,
        "en",
        "Elixir ArgumentError from ETS",
        """```
** (ArgumentError) errors were found at the given arguments:
  * 1st argument: the table identifier does not refer to an existing ETS table
    (stdlib 5.2) :ets.update_counter(:rate_limiter, {"u1", 28512345}, {2, 1}, {{"u1", 28512345}, 0})
```
Happens in tests only, the app works. The table is created in RateLimiter.Sweeper.init/1.""",
    ),
    case(
        "fix-de-mixed-jest-timeout",
        F,
        "mixed",
        "German ask, English Jest failure in the new tests",
        """Die neuen Tests für den Checkout scheitern:
```
  ● Cart › disables checkout when empty
    thrown: "Exceeded timeout of 5000 ms for a test.
    Add a timeout value to this test to increase the timeout, if this is a long-running test."
```
Im Test nutze ich `await screen.findByRole('button', { name: 'Zur Kasse' })` und danach `expect(...).toBeDisabled()`.""",
    ),
    case(
        "fix-content-parts-screenshot",
        F,
        "en",
        "screenshot + text: uploader shows wrong state",
        parts(
            "The new uploader gets stuck at 100% and never shows success — screenshot attached. The server returns 201 (I checked in the network tab).",
            "xhr.onload = () => { if (xhr.status === 200) setState('done'); else setState('error'); }",
            image="https://files.example.internal/screens/upload-stuck.png",
        ),
    ),
    case(
        "fix-history-zh-then-fail",
        F,
        "zh",
        "Chinese history; last turn reports wrong results",
        "用 MySQL 统计每个店铺近 30 天的复购用户数。",
        "```sql\nSELECT shop_id, COUNT(DISTINCT user_id) AS repeat_users\nFROM orders\nWHERE created_at >= NOW() - INTERVAL 30 DAY\nGROUP BY shop_id\nHAVING COUNT(*) >= 2;\n```",
        "结果不对，复购用户数和总用户数一样多，有些店铺只有一个订单也出现了。",
    ),
    case(
        "fix-ruby-scope-sql-error",
        F,
        "en",
        "Ruby; the new scope errors",
        "`Subscription.expiring_soon` raises `ActiveRecord::StatementInvalid: PG::UndefinedFunction: ERROR:  operator does not exist: timestamp without time zone > integer`. Scope: `where('ends_at < ?', 7.days)`.",
    ),
    case(
        "fix-pl-short-ci",
        F,
        "pl",
        "short Polish: CI red",
        "CI na main jest czerwone od rana: `ModuleNotFoundError: No module named 'tomllib'` w jobie test (py3.10). Lokalnie mam 3.12 i działa.",
    ),
    case(
        "fix-mixed-es-en-flask",
        F,
        "mixed",
        "Spanish ask; English marshmallow error",
        """Añadí la validación con marshmallow y ahora todos los POST fallan:
```
marshmallow.exceptions.ValidationError: {'_schema': ['Invalid input type.']}
```
Envío el JSON con `curl -d '{"name":"x"}' http://localhost:5000/items` y en el código hago `schema.load(request.data)`.""",
    ),
    case(
        "fix-cpp-try-push",
        F,
        "en",
        "C++ compile error for the new method",
        "try_push doesn't compile: `error: passing 'const Ring<int, 8>' as 'this' argument discards qualifiers [-fpermissive]` at the call `q.try_push(3)` in `void producer(const Ring<int, 8>& q)`.",
    ),
    case(
        "fix-zh-short-wrong-output",
        F,
        "zh",
        "Chinese; wrong output, no trace",
        "我的 Go 函数把 struct 转 map 时，嵌套结构体的字段全是空的，但是顶层字段正常。我用的是 reflect.ValueOf(v) 然后遍历 NumField，遇到 Struct 类型就直接 `m[name] = f.Interface()`。",
    ),
    case(
        "fix-mixed-de-en-helm",
        F,
        "mixed",
        "English helm error, German ask",
        """`helm upgrade` bricht ab:
```
Error: UPGRADE FAILED: cannot patch "orders" with kind Deployment: Deployment.apps "orders" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"orders","tier":"api"}}: field is immutable
```
Ich habe nur ein Label im Chart ergänzt. Wie komme ich da raus?""",
    ),
]
