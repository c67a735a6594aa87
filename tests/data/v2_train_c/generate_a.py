# ruff: noqa: E501
"""code_generate asks whose material shows an error, a TODO or a past bug.

The ask is to add, extend or write something new; the error is the reason, not the task.
"""

from __future__ import annotations

from common import EDIT_FORMAT, IDE_CHAT, IDE_TOOLS, case

G = "code_generate"

CASES = [
    case(
        "gen-retry-after-timeout",
        G,
        "en",
        "past timeout is the motivation; ask is a new retry wrapper",
        """We keep seeing this in prod about once a day:

```
requests.exceptions.ReadTimeout: HTTPSConnectionPool(host='api.stripe.com', port=443): Read timed out. (read timeout=10)
```

The call itself is fine, Stripe is just slow sometimes. Write me a small `with_retries(fn, attempts=3, backoff=0.5)` helper in Python with exponential backoff and jitter that only retries on ReadTimeout and ConnectionError, plus pytest tests for it.""",
    ),
    case(
        "gen-todo-pagination-ts",
        G,
        "en",
        "TODO in code; ask to implement the missing pagination",
        """```ts
export async function listInvoices(customerId: string): Promise<Invoice[]> {
  const res = await api.get(`/customers/${customerId}/invoices`);
  // TODO: this only returns the first 100, the API paginates with `next_cursor`
  return res.data.items;
}
```
Implement the TODO: follow `next_cursor` until it's null and return all invoices. Keep the signature.""",
        system=IDE_CHAT,
    ),
    case(
        "gen-pl-validation-after-bug",
        G,
        "pl",
        "Polish; old bug described, ask is a new validator",
        """Miesiąc temu ktoś wysłał formularz z pustym NIP-em i faktura poszła do klienta bez numeru. Błąd naprawiliśmy ręcznie w bazie. Teraz chcę temu zapobiec: napisz funkcję w Pythonie `waliduj_nip(nip: str) -> bool`, która sprawdza długość, cyfry i sumę kontrolną (wagi 6,5,7,2,3,4,5,6,7), oraz kilka testów pytest.""",
    ),
    case(
        "gen-mixed-pl-log-add-metric",
        G,
        "mixed",
        "English log, Polish ask to add a metric counter",
        """```
2026-03-02T10:14:55Z WARN  queue consumer lagging: partition=3 lag=18234
2026-03-02T10:15:01Z ERROR consumer rebalance failed: org.apache.kafka.clients.consumer.CommitFailedException
```
To już naprawione, chodziło o max.poll.interval. Ale chcę mieć to widoczne w Grafanie: dodaj do naszego konsumenta w Go licznik Prometheusa `consumer_commit_failures_total` i gauge `consumer_lag` per partycja. Kod konsumenta:
```go
func (c *Consumer) Run(ctx context.Context) error {
    for {
        msg, err := c.r.FetchMessage(ctx)
        if err != nil { return err }
        if err := c.handle(msg); err != nil { log.Printf("handle: %v", err); continue }
        if err := c.r.CommitMessages(ctx, msg); err != nil { log.Printf("commit: %v", err) }
    }
}
```""",
    ),
    case(
        "gen-zh-add-endpoint-with-error",
        G,
        "zh",
        "Chinese; error text shown but ask is a new endpoint",
        """之前用户删除账号时报过 `IntegrityError: FOREIGN KEY constraint failed`，那个已经修好了（先删订单）。现在产品要一个新功能：请用 FastAPI 写一个 `POST /users/{id}/export` 接口，把用户的订单和地址导出成 JSON 文件，返回下载链接。需要包含 Pydantic 模型和一个测试。""",
    ),
    case(
        "gen-de-cli-flag",
        G,
        "de",
        "German; extend a CLI with a new flag",
        """Unser Skript bricht ab, wenn die Eingabedatei fehlt (`FileNotFoundError: data/input.csv`) – das ist ok so. Ich möchte aber eine neue Option `--dry-run` ergänzen, die alles validiert und ausgibt, was geschrieben würde, ohne etwas zu schreiben.

```python
import argparse, csv

def main():
    p = argparse.ArgumentParser()
    p.add_argument("input")
    p.add_argument("--out", default="out.csv")
    a = p.parse_args()
    rows = list(csv.DictReader(open(a.input)))
    with open(a.out, "w") as f:
        w = csv.DictWriter(f, fieldnames=rows[0].keys())
        w.writeheader(); w.writerows(rows)
```
Bitte die Funktion erweitern.""",
    ),
    case(
        "gen-es-test-reproduce",
        G,
        "es",
        "Spanish; write a test that reproduces a known bug, do not fix",
        """Tenemos un bug conocido: `calcular_descuento(100, 0)` devuelve `ZeroDivisionError` en vez de 0. No lo arregles todavía, primero quiero un test en pytest que lo reproduzca y quede marcado como xfail con el motivo, más dos tests para los casos normales.

```python
def calcular_descuento(precio, unidades):
    return precio / unidades * 0.1
```""",
    ),
    case(
        "gen-mixed-zh-en-dockerfile",
        G,
        "mixed",
        "Chinese ask over English build error; ask is a new multi-stage Dockerfile",
        """```
#12 4.231 error: failed to run custom build command for `openssl-sys v0.9.93`
#12 4.231 Could not find directory of OpenSSL installation
```
这个我们已经通过装 libssl-dev 解决了。现在想换成 multi-stage build：第一阶段用 rust:1.77 编译，第二阶段用 debian:bookworm-slim 只放二进制和 ca-certificates。帮我写一个新的 Dockerfile，镜像越小越好。""",
    ),
    case(
        "gen-rust-add-variant",
        G,
        "en",
        "compiler error is from the planned change; ask is to add the feature fully",
        """I want to add a `Cancelled { reason: String }` variant to this enum. When I just added it I got `error[E0004]: non-exhaustive patterns: &OrderState::Cancelled { .. } not covered` in three places, which makes sense. Please write the full change: the variant, the match arms in `label()` and `is_final()`, and a `cancel(&mut self, reason)` method that only works from Pending or Paid.

```rust
pub enum OrderState { Pending, Paid, Shipped, Delivered }

impl OrderState {
    pub fn label(&self) -> &'static str {
        match self { Self::Pending => "pending", Self::Paid => "paid", Self::Shipped => "shipped", Self::Delivered => "delivered" }
    }
    pub fn is_final(&self) -> bool { matches!(self, Self::Delivered) }
}
```""",
    ),
    case(
        "gen-aider-add-healthcheck",
        G,
        "en",
        "edit-format prompt; add an endpoint next to a commented old crash",
        """Add a `/healthz` route to app.py that returns {"status": "ok", "db": <bool>} and checks the DB with `SELECT 1` with a 1-second timeout.

app.py
```python
from flask import Flask, jsonify
from db import engine

app = Flask(__name__)

# 2025-11: this crashed with OperationalError when the pool was exhausted; fixed by pool_pre_ping
@app.get("/orders")
def orders():
    with engine.connect() as c:
        return jsonify([dict(r) for r in c.execute("select * from orders limit 50")])
```""",
        system=EDIT_FORMAT,
    ),
    case(
        "gen-pl-sql-report",
        G,
        "pl",
        "Polish; new SQL query, error mentioned from an earlier attempt",
        """Potrzebuję zapytania SQL (PostgreSQL), które dla każdego miesiąca 2025 pokaże liczbę nowych klientów i przychód z ich pierwszego zamówienia. Tabele: `customers(id, created_at)`, `orders(id, customer_id, total, created_at)`. Moja próba skończyła się na `ERROR: column "o.total" must appear in the GROUP BY clause`, więc wyrzuciłem ją – napisz to od nowa, najlepiej z CTE.""",
    ),
    case(
        "gen-kotlin-extension-todo",
        G,
        "en",
        "Kotlin; TODO with a NPE mention, ask to implement caching",
        """```kotlin
class ProfileRepository(private val api: ProfileApi) {
    // TODO: cache profiles for 5 minutes. Last time someone tried, it threw
    // NullPointerException on logout because the cache kept a null user. Do it properly.
    suspend fun profile(id: String): Profile = api.fetch(id)
}
```
Implement the TODO with a small in-memory TTL cache (thread-safe, coroutine-friendly, Mutex is fine) and an `invalidate(id)` method.""",
    ),
    case(
        "gen-mixed-de-en-github-action",
        G,
        "mixed",
        "German ask over English CI log; ask is a new workflow job",
        """CI-Log von gestern:
```
Run npm ci
npm ERR! code EUSAGE
npm ERR! `npm ci` can only install packages when your package.json and package-lock.json are in sync.
```
Das haben wir schon behoben. Jetzt möchte ich einen zusätzlichen Job im Workflow, der bei jedem PR prüft, ob package-lock.json aktuell ist, und mit einer verständlichen Meldung abbricht. Schreib mir bitte den YAML-Job für GitHub Actions.""",
    ),
    case(
        "gen-go-middleware-after-panic",
        G,
        "en",
        "panic trace as background; ask to write a recovery middleware",
        """Last week a nil map write took down the whole server:

```
panic: assignment to entry in nil map

goroutine 4121 [running]:
main.(*Handler).ServeHTTP(0xc0001a4000, {0x8e1c20, 0xc0002b6000}, 0xc000312100)
	/app/handler.go:57 +0x1a5
```

The bug is fixed. What I want now is a middleware for net/http that recovers panics, logs the stack with slog including the request ID header, returns a 500 JSON body, and increments a counter. Please write it with a test using httptest.""",
    ),
    case(
        "gen-zh-regex",
        G,
        "zh",
        "Chinese; new regex after a past wrong match",
        """以前我们用 `\\d{11}` 匹配手机号，结果把订单号也匹配进来了。请帮我写一个更严格的正则：只匹配中国大陆手机号（1 开头，第二位 3-9，共 11 位），前后不能是数字，并给出 Python 的使用示例和几条测试用例。""",
    ),
    case(
        "gen-ts-zod-schema",
        G,
        "en",
        "validation error shown; ask to write a schema for the whole payload",
        """Our webhook handler blew up with `TypeError: Cannot read properties of undefined (reading 'email')` when a partner sent a payload without `customer`. We patched that line, but I'd rather validate the whole thing up front. Write a zod schema for this payload and a `parseWebhook(body: unknown)` that returns a typed result or a list of readable errors:

```json
{"id":"evt_1","type":"order.created","created":1710000000,
 "customer":{"id":"c_9","email":"a@b.c","name":"Ann"},
 "items":[{"sku":"X1","qty":2,"price_cents":1299}],
 "shipping":{"country":"DE","zip":"10115"}}
```""",
    ),
    case(
        "gen-mixed-es-en-sql-migration",
        G,
        "mixed",
        "Spanish ask; English error from a previous deploy; new migration",
        """En el último deploy salió esto:
```
django.db.utils.IntegrityError: duplicate key value violates unique constraint "accounts_user_email_key"
DETAIL:  Key (email)=(Ana@Example.com) already exists.
```
Ya lo arreglamos a mano. Ahora quiero que los emails sean únicos sin distinguir mayúsculas: escribe una migración de Django que cree un índice único sobre `Lower(email)` y una data migration que normalice los emails existentes a minúsculas.""",
    ),
    case(
        "gen-java-builder",
        G,
        "en",
        "Java; add a builder, mentions an earlier constructor mix-up",
        """We had a bug where someone swapped `width` and `height` in this constructor call and nobody noticed for a month. Add a builder to this class so call sites name their arguments, keep the constructor private, and validate that both are positive in `build()`.

```java
public final class Thumbnail {
    private final int width;
    private final int height;
    private final String format;
    public Thumbnail(int width, int height, String format) {
        this.width = width; this.height = height; this.format = format;
    }
}
```""",
    ),
    case(
        "gen-pl-bash-backup",
        G,
        "pl",
        "Polish; script to keep in the repo (not a one-off command)",
        """Ostatnio backup bazy nie zrobił się przez tydzień i nikt nie zauważył (cron pisał `pg_dump: error: connection to server failed` do /dev/null). Napisz skrypt bashowy do repo `scripts/backup.sh`: pg_dump z kompresją, rotacja 14 dni, wysłanie maila przy błędzie i kod wyjścia != 0. Ma działać z `set -euo pipefail`.""",
    ),
    case(
        "gen-history-fix-then-extend",
        G,
        "en",
        "history was a fix; last turn asks for a new feature",
        """`parse_duration("90s")` raises ValueError: invalid literal for int() with base 10: '90s'

```python
def parse_duration(s: str) -> int:
    return int(s) * 60
```""",
        """The function assumes minutes as a bare integer. Handle the unit suffix:

```python
def parse_duration(s: str) -> int:
    s = s.strip()
    if s.endswith("s"):
        return int(s[:-1])
    if s.endswith("m"):
        return int(s[:-1]) * 60
    return int(s) * 60
```""",
        "Works now, thanks. Next: extend it so it accepts combined forms like `1h30m`, `2h`, `45m10s`, and write a parametrized pytest for all of them.",
    ),
    case(
        "gen-mixed-pl-en-midsentence",
        G,
        "mixed",
        "ask switches from English to Polish mid-text",
        """I have this React hook that fetches the user:
```tsx
export function useUser(id: string) {
  const [user, setUser] = useState<User | null>(null);
  useEffect(() => { fetch(`/api/users/${id}`).then(r => r.json()).then(setUser); }, [id]);
  return user;
}
```
It used to give "Warning: Can't perform a React state update on an unmounted component" but we moved to React 18 so that's gone. Teraz chcę dodać do niego obsługę stanu ładowania i błędu oraz anulowanie przez AbortController – zwracaj obiekt `{ user, loading, error }`. Napisz nową wersję i test z React Testing Library.""",
    ),
    case(
        "gen-zh-mixed-en-code-add-method",
        G,
        "mixed",
        "English code with Chinese ask to add methods",
        """```python
class LRUCache:
    def __init__(self, capacity: int):
        self.capacity = capacity
        self.data = OrderedDict()

    def get(self, key):
        if key not in self.data:
            return None
        self.data.move_to_end(key)
        return self.data[key]
    # FIXME(old): put() used to exceed capacity by one, fixed in #212
    def put(self, key, value):
        self.data[key] = value
        self.data.move_to_end(key)
        if len(self.data) > self.capacity:
            self.data.popitem(last=False)
```
请给这个类加上 `delete(key)`、`__len__`、`__contains__`，以及命中率统计 `stats()`（返回 hits/misses），并补上单元测试。""",
    ),
    case(
        "gen-terraform-alarm",
        G,
        "en",
        "outage mention, ask for new Terraform alarm",
        """We got bitten by RDS running out of storage (`ERROR: could not extend file "base/16384/24591": No space left on device`). Storage autoscaling is on now, but I want alerting too. Write Terraform for a CloudWatch alarm on FreeStorageSpace < 10 GiB for `aws_db_instance.main`, sending to the existing `aws_sns_topic.oncall`, plus a second alarm on CPU > 85% for 15 minutes.""",
    ),
    case(
        "gen-de-unit-tests-for-bugfix",
        G,
        "de",
        "German; regression tests for an already fixed bug",
        """Der Fehler mit den Schaltjahren ist behoben (vorher kam für den 29.02.2024 `ValueError: day is out of range for month`). Schreib mir bitte Regressionstests mit pytest für `add_months(date, n)`, die genau solche Randfälle abdecken: 31. Januar + 1 Monat, 29. Februar + 12 Monate, negative n.

```python
def add_months(d: date, n: int) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    day = min(d.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)
```""",
    ),
    case(
        "gen-csharp-polly",
        G,
        "en",
        "C#; add a circuit breaker after HttpRequestException storms",
        """During the payment provider outage our service hammered them with retries and we got `System.Net.Http.HttpRequestException: Connection refused (payments.internal:443)` thousands of times per minute. Please add a Polly circuit breaker + retry pipeline to this typed client registration (break after 5 failures for 30s, retry 3x with jitter on transient errors only):

```csharp
builder.Services.AddHttpClient<PaymentsClient>(c =>
{
    c.BaseAddress = new Uri("https://payments.internal/");
    c.Timeout = TimeSpan.FromSeconds(10);
});
```""",
    ),
    case(
        "gen-mixed-de-en-comment",
        G,
        "mixed",
        "English code comments, German request to add a feature",
        """```python
def export_report(rows, path):
    # NOTE: crashed with UnicodeEncodeError on Windows (cp1252) -> we now force utf-8
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        for r in rows:
            w.writerow(r)
```
Kannst du bitte eine zweite Funktion `export_report_xlsx(rows, path)` mit openpyxl schreiben, mit fetter Kopfzeile, automatischer Spaltenbreite und einem Autofilter? Die Datei öffnen Kollegen in Excel.""",
    ),
    case(
        "gen-ide-tools-not-needed",
        G,
        "en",
        "IDE tools attached but everything pasted; ask is to write a new module",
        """Everything you need is below, no need to open files. The old parser choked on quoted commas (`csv.Error: field larger than field limit` on one export) so we're replacing it. Write `tsv_reader.py` with a generator `read_rows(path)` that yields dicts, handles a BOM, skips blank lines, and supports `\\t` inside quoted fields. Include doctests.""",
        system=IDE_CHAT,
        tools=IDE_TOOLS,
    ),
    case(
        "gen-es-endpoint-rate-limit",
        G,
        "es",
        "Spanish; add rate limiting after an abuse incident",
        """El fin de semana un bot hizo 40.000 peticiones a `/login` y la base de datos llegó al 100% de CPU. Necesito un middleware para Express que limite a 5 intentos por minuto por IP y por usuario, usando Redis (ioredis), que devuelva 429 con la cabecera Retry-After. Escríbelo con tests en Jest.""",
    ),
    case(
        "gen-php-feature",
        G,
        "en",
        "PHP; deprecation warning visible, ask to add a method",
        """Our logs are full of `PHP Deprecated: Creation of dynamic property Cart::$coupon is deprecated` — we'll clean those up later. Right now I need a new feature: add coupon support to this Cart class (percentage or fixed amount, one coupon per cart, can't go below zero), with a declared property and PHPUnit tests.

```php
class Cart {
    private array $items = [];
    public function add(string $sku, int $qty, int $priceCents): void { $this->items[] = compact('sku','qty','priceCents'); }
    public function totalCents(): int { return array_sum(array_map(fn($i) => $i['qty'] * $i['priceCents'], $this->items)); }
}
```""",
    ),
    case(
        "gen-pl-mixed-sql-trigger",
        G,
        "mixed",
        "Polish ask, English SQL and error",
        """```sql
CREATE TABLE documents (
  id bigserial primary key,
  body text not null,
  updated_at timestamptz
);
-- ERROR:  null value in column "updated_at" violates not-null constraint  (old version, column is nullable now)
```
Dopisz trigger w PL/pgSQL, który przy każdym UPDATE ustawia `updated_at = now()`, i drugi, który zapisuje poprzednią wersję `body` do nowej tabeli `documents_history`. Podaj też DDL tej tabeli.""",
    ),
    case(
        "gen-swift-feature",
        G,
        "en",
        "Swift; crash mention as context, add offline caching",
        """Users on the subway saw `URLError(.notConnectedToInternet)` and an empty screen. We now show an alert, but I'd like offline support: extend this view model so it caches the last successful article list to disk (Codable JSON in the caches directory) and shows it when offline, with a `isStale` flag.

```swift
@MainActor final class ArticlesViewModel: ObservableObject {
    @Published var articles: [Article] = []
    func load() async {
        do { articles = try await api.articles() } catch { showError = true }
    }
}
```""",
    ),
    case(
        "gen-zh-k8s",
        G,
        "zh",
        "Chinese; OOMKilled mentioned, ask for new k8s manifests",
        """上次 pod 被 `OOMKilled` 了，已经调大了内存。现在请帮我为这个服务写完整的 Kubernetes 清单：Deployment（3 副本，requests/limits，readiness 和 liveness 探针走 /healthz）、Service、HorizontalPodAutoscaler（CPU 70%，3 到 10 副本），以及一个 PodDisruptionBudget。镜像是 registry.local/orders:1.4.2，端口 8080。""",
    ),
    case(
        "gen-mixed-zh-en-switch",
        G,
        "mixed",
        "starts in English, switches to Chinese for the ask",
        """So the scraper used to die with `selenium.common.exceptions.StaleElementReferenceException` whenever the page re-rendered; we switched to Playwright and it's stable now. 现在想加一个新功能：抓取完每个商品页后，把价格历史存到 SQLite（表结构你来设计），如果价格比上次低 10% 以上就发一条 Telegram 通知。请写出完整的 Python 代码。""",
    ),
    case(
        "gen-elixir-genserver",
        G,
        "en",
        "Elixir; write a new GenServer, crash report is background",
        """We had a `** (exit) exited in: GenServer.call(RateLimiter, {:check, "u1"}, 5000) ** (EXIT) time out` under load because one process did all the work. I'd like a new sharded design: write a `RateLimiter` module that uses an ETS table with `:ets.update_counter` for a fixed window per key, no GenServer call on the hot path, plus a small GenServer that sweeps old windows every minute. Include ExUnit tests.""",
    ),
    case(
        "gen-de-mixed-react-test",
        G,
        "mixed",
        "German ask around English test output; ask to write more tests",
        """Alle Tests sind grün:
```
 PASS  src/components/Cart.test.tsx
  ✓ renders empty cart (23 ms)
  ✓ adds item (41 ms)
Test Suites: 1 passed, 1 total
```
Aber die Abdeckung für `Cart.tsx` liegt nur bei 54 %. Schreib bitte zusätzliche Tests für: Menge ändern, Artikel entfernen, Gutscheincode ungültig (die API liefert dann 422) und den Checkout-Button, der bei leerem Warenkorb deaktiviert ist.""",
    ),
    case(
        "gen-history-review-then-write",
        G,
        "en",
        "history: a review; last turn asks to write the suggested feature",
        "Is this token bucket correct?\n```python\nclass Bucket:\n    def __init__(self, rate, cap):\n        self.rate, self.cap, self.tokens, self.t = rate, cap, cap, time.monotonic()\n    def take(self):\n        now = time.monotonic()\n        self.tokens = min(self.cap, self.tokens + (now - self.t) * self.rate)\n        self.t = now\n        if self.tokens >= 1:\n            self.tokens -= 1\n            return True\n        return False\n```",
        "The arithmetic is right. Two caveats: it is not thread-safe, and callers cannot wait for a token — they only get False.",
        "OK. Write the async version: `async def acquire(self)` that waits until a token is available, guarded by an asyncio.Lock, and tests with a fake clock.",
    ),
]
