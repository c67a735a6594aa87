# ruff: noqa: E501
"""More code_generate: short asks, multi-turn, content parts, Polish and Chinese, mixed."""

from __future__ import annotations

from common import CHAT_UI, CHAT_UI_RAG, EDIT_FORMAT, IDE_CHAT, WEB_TOOLS, case, parts

G = "code_generate"

CASES = [
    case(
        "gen-b-pl-short-add-tests",
        G,
        "pl",
        "short Polish ask for tests after a history",
        "```python\ndef slugify(s):\n    return re.sub(r'[^a-z0-9]+', '-', s.lower()).strip('-')\n```\nCzy to jest ok dla polskich znaków?",
        "Nie do końca: `ą`, `ł` i inne znikną zamiast zamienić się na `a`, `l`. Warto najpierw znormalizować tekst (unicodedata NFKD) i osobno obsłużyć `ł`.",
        "Dobra, napisz nową wersję z tą normalizacją i do tego testy pytest z polskimi przykładami.",
    ),
    case(
        "gen-b-zh-short",
        G,
        "zh",
        "short Chinese ask for a new function",
        "用 Go 写一个函数，把任意 struct 转成 map[string]any，支持 json tag 和嵌套结构体，附上测试。",
    ),
    case(
        "gen-b-mixed-pl-traceback-feature",
        G,
        "mixed",
        "traceback pasted as context; Polish asks to add logging, not to fix",
        """```
Traceback (most recent call last):
  File "/srv/worker/tasks.py", line 88, in send_invoice
    pdf = render_pdf(invoice)
  File "/srv/worker/pdf.py", line 31, in render_pdf
    raise RenderError("template missing: invoice_v3.html")
worker.pdf.RenderError: template missing: invoice_v3.html
```
Ten błąd jest poprawny – szablonu faktycznie nie było, wgraliśmy go. Problem w tym, że dowiedzieliśmy się o nim po trzech dniach. Dodaj do `send_invoice` strukturalne logowanie (structlog) z id faktury i klienta oraz wysyłkę zdarzenia do Sentry z tagiem `invoice_id`, a przy RenderError oznacz fakturę statusem `needs_attention`.""",
    ),
    case(
        "gen-b-ts-extend-enum",
        G,
        "en",
        "short extend ask under IDE prompt",
        """@src/permissions.ts
```ts
export type Role = "viewer" | "editor";
export function can(role: Role, action: "read" | "write"): boolean {
  return action === "read" || role === "editor";
}
```
Add an "admin" role that can also "delete" and "invite", and make `can` table-driven so new roles are one line each.""",
        system=IDE_CHAT,
    ),
    case(
        "gen-b-es-mixed-code-switch",
        G,
        "mixed",
        "English code, Spanish ask for a new feature; TODO present",
        """```go
// TODO(maria): support gzip, we got "invalid character '\\x1f' looking for beginning of value" from one partner
func decodeBody(r *http.Request, v any) error {
    return json.NewDecoder(r.Body).Decode(v)
}
```
¿Puedes implementar el TODO? Que detecte `Content-Encoding: gzip`, limite el cuerpo a 1 MB y devuelva un error tipado cuando se pase del límite. Con tests usando httptest.""",
    ),
    case(
        "gen-b-ide-script-to-keep",
        G,
        "en",
        "script to keep under a CLI prompt; content already given",
        """Write `scripts/rotate_logs.py` — it should gzip every `*.log` under the given directory older than N days, delete `.gz` older than M days, and print a summary. Last time we did this with a find one-liner it deleted the live log (`rm: cannot remove 'app.log': Device or resource busy` was the only hint), so skip files modified in the last hour. argparse, no third-party deps.""",
        system=IDE_CHAT,
    ),
    case(
        "gen-b-pl-react-component",
        G,
        "pl",
        "Polish; new component",
        "Napisz komponent React w TypeScript `<PasswordStrength value={...} />`, który pokazuje pasek siły hasła (4 poziomy) i listę niespełnionych wymagań po polsku. Bez zewnętrznych bibliotek, style w CSS modules.",
    ),
    case(
        "gen-b-de-mixed-log-alert",
        G,
        "mixed",
        "English log, German ask for a Prometheus alert rule",
        """```
level=error ts=2026-02-11T03:12:44Z caller=scrape.go:1274 msg="Scrape failed" err="context deadline exceeded" target=http://10.0.3.14:9100/metrics
```
Der Node war kurz weg, alles wieder gut. Aber wir wollen eine Alert-Regel: schreib mir eine Prometheus-Regel, die feuert, wenn ein Target länger als 5 Minuten `up == 0` ist, mit Labels severity=warning und einer Annotation mit Instanz und Job.""",
    ),
    case(
        "gen-b-content-parts-screenshot",
        G,
        "en",
        "content parts with a screenshot of an old error dialog; ask for a new UI",
        parts(
            "This is the ugly error dialog users see when upload fails (413 Request Entity Too Large).",
            "Write a replacement React component: a drag-and-drop uploader that checks size client-side (max 20 MB), shows a progress bar via XMLHttpRequest upload events, and shows a friendly message for 413 and network errors.",
            image="https://files.example.internal/screens/upload-error.png",
        ),
    ),
    case(
        "gen-b-zh-mixed-sql",
        G,
        "mixed",
        "Chinese ask with English table names and an old SQL error",
        """之前这条语句报错 `ERROR 1055 (42000): Expression #2 of SELECT list is not in GROUP BY clause`，我们已经改了 sql_mode。现在需要新写一条 MySQL 查询：统计 `orders` 表里每个 `shop_id` 最近 30 天的订单数、GMV（sum(amount)），以及复购用户数（30 天内下单 ≥2 次的 user_id 数量），按 GMV 降序取前 20。""",
    ),
    case(
        "gen-b-python-dataclass-from-json",
        G,
        "en",
        "write code from a sample; error mention as why",
        """We keep getting KeyError: 'address' when the CRM omits fields. I'd like typed models instead of dict poking. From this sample, write pydantic v2 models with sensible optionals and a `from_crm(payload: dict)` that never raises KeyError:

{"id": 81, "name": "ACME", "contacts": [{"email": "x@acme.io", "phone": null}], "address": {"street": "1 Main", "city": "Springfield", "zip": "12345"}, "tags": ["b2b"]}""",
    ),
    case(
        "gen-b-history-tool-output-then-generate",
        G,
        "en",
        "history shows a failing command output; last turn asks for a new Makefile",
        "`make test` fails with `make: *** No rule to make target 'test'.  Stop.`",
        "There is no `test` target in your Makefile — only `build` and `run` are defined.",
        "Right, we never had one. Write a Makefile with targets: install (uv sync), lint (ruff), typecheck (mypy), test (pytest -q), and ci that runs all of them; .PHONY and help text included.",
    ),
    case(
        "gen-b-pl-ci-yaml",
        G,
        "pl",
        "Polish; new GitLab CI pipeline",
        "Napisz `.gitlab-ci.yml` dla projektu w Pythonie: etapy lint, test (macierz 3.11 i 3.12), build obrazu Dockera i deploy na staging tylko z gałęzi main. Cache dla pip. Poprzednio pipeline padał na `ERROR: Job failed: exit code 137`, więc ustaw dla testów większy runner tag `large`.",
    ),
    case(
        "gen-b-rust-cli",
        G,
        "en",
        "Rust; new CLI with clap",
        "Write a small Rust CLI with clap derive: `csvstat <file> --column price` prints count, min, max, mean, median of a numeric column; skips unparsable cells but reports how many. Use the csv crate and anyhow.",
    ),
    case(
        "gen-b-de-short",
        G,
        "de",
        "short German generate ask",
        "Schreib mir eine Python-Funktion, die IBANs validiert (Länge je Land, Prüfsumme mod 97) und ein paar Tests dazu.",
    ),
    case(
        "gen-b-mixed-pl-en-ask-switch",
        G,
        "mixed",
        "Polish request sentence then English details",
        """Potrzebuję nowego endpointu w NestJS. Requirements: `GET /reports/:id/pdf` streams a PDF generated with pdfkit, 404 if the report doesn't exist, only the owner or an admin can download. Ostatnio przy podobnym endpoincie było `ERR_STREAM_WRITE_AFTER_END`, więc uważaj na kolejność zamykania strumienia. Dodaj testy e2e z supertest.""",
    ),
    case(
        "gen-b-es-test-suite",
        G,
        "es",
        "Spanish; write tests for code with a known past bug",
        """Esta función tuvo un bug con los años bisiestos el año pasado. Ya está corregida. Escribe una batería de tests con JUnit 5 (parametrizados) que cubran años bisiestos, fin de mes y cambio de año.

```java
public static LocalDate siguienteDiaHabil(LocalDate d) {
    LocalDate n = d.plusDays(1);
    while (n.getDayOfWeek() == DayOfWeek.SATURDAY || n.getDayOfWeek() == DayOfWeek.SUNDAY) n = n.plusDays(1);
    return n;
}
```""",
    ),
    case(
        "gen-b-zh-feature-with-trace",
        G,
        "zh",
        "Chinese; trace shown, ask to add a fallback feature",
        """支付回调偶尔报 `redis.exceptions.ConnectionError: Error 111 connecting to redis:6379. Connection refused.`，运维说 Redis 会定期维护，这个没法避免。请给下面的幂等检查加一个降级方案：Redis 不可用时改用数据库表 `processed_events`（唯一索引 event_id）做去重，并写出建表语句和单元测试。

```python
def already_processed(event_id: str) -> bool:
    return not r.set(f"evt:{event_id}", 1, nx=True, ex=86400)
```""",
    ),
    case(
        "gen-b-aider-whole-new-file",
        G,
        "en",
        "edit-format prompt; create a new file",
        "Create `src/utils/money.ts` with a `Money` class (integer minor units, currency code), add/subtract that throw on currency mismatch, `format(locale)` using Intl.NumberFormat, and `allocate(ratios)` that distributes remainders fairly. Our float-based prices produced 19.990000000000002 on invoices, which is why we need this.",
        system=EDIT_FORMAT,
    ),
    case(
        "gen-b-mixed-de-en-k8s-cronjob",
        G,
        "mixed",
        "German + English; CronJob manifest",
        "Wir brauchen einen Kubernetes CronJob, der jede Nacht um 02:30 `python manage.py clearsessions` ausführt. Requirements: concurrencyPolicy Forbid, backoffLimit 2, keep 3 successful and 5 failed jobs, same image and envFrom secret `web-env` as the web deployment. Letzte Woche lief der alte Job doppelt (zwei Pods gleichzeitig), deshalb Forbid.",
    ),
    case(
        "gen-b-rag-context-generate",
        G,
        "en",
        "chat UI with RAG context; ask to write a logging helper",
        "Given that our services log JSON to stdout, write a Python logging setup module (`logsetup.py`) that configures the root logger with a JSON formatter (timestamp, level, logger, message, request_id from a contextvar, exception info) and a function to bind the request ID in FastAPI middleware.",
        system=CHAT_UI_RAG,
    ),
    case(
        "gen-b-web-tools-idle",
        G,
        "en",
        "web tools present but not needed; timeless generate ask",
        "Write a bash function `retry` that runs a command up to N times with exponential backoff and returns the last exit code. I'll source it from my .bashrc.",
        system=CHAT_UI,
        tools=WEB_TOOLS,
    ),
    case(
        "gen-b-pl-mixed-todo-list",
        G,
        "mixed",
        "English TODO list in code; Polish ask to implement two of them",
        """```python
class Importer:
    # TODO: support .xlsx (users keep uploading Excel and get "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xd0")
    # TODO: dry-run mode
    # TODO: progress callback
    def run(self, path: str) -> int:
        with open(path, encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        for row in rows:
            self.save(row)
        return len(rows)
```
Zaimplementuj pierwsze dwa TODO: obsługę xlsx przez openpyxl (wybór po rozszerzeniu) i tryb `dry_run`, który nic nie zapisuje, tylko zwraca liczbę wierszy i listę błędów walidacji.""",
    ),
    case(
        "gen-b-cpp-feature",
        G,
        "en",
        "C++; add a method, sanitizer report as history context",
        """ASan found a heap-use-after-free in our ring buffer last sprint; fixed. Now add a `try_push` that returns false instead of overwriting when full, and a `drain(std::function<void(const T&)>)` that consumes everything. Keep it header-only.

```cpp
template <typename T, size_t N>
class Ring {
  std::array<T, N> buf_{};
  size_t head_ = 0, size_ = 0;
 public:
  void push(const T& v) { buf_[(head_ + size_) % N] = v; if (size_ < N) ++size_; else head_ = (head_ + 1) % N; }
  std::optional<T> pop() { if (!size_) return std::nullopt; T v = buf_[head_]; head_ = (head_ + 1) % N; --size_; return v; }
};
```""",
    ),
    case(
        "gen-b-zh-tests-only",
        G,
        "zh",
        "Chinese; write tests reproducing a bug without fixing",
        """这个函数在金额是负数时会返回错误的四舍五入结果（-2.5 变成 -2 而不是 -3）。先别修，帮我写几个 pytest 用例把这个问题复现出来（标成 xfail），再写几个正常情况的用例。

```python
def round_half_up(x: float) -> int:
    return int(x + 0.5)
```""",
    ),
    case(
        "gen-b-ruby-feature",
        G,
        "en",
        "Ruby; add a scope and a job",
        "We had `ActiveRecord::RecordNotUnique` when two workers expired the same subscription, so that job now takes a row lock. Next, add an `expiring_soon` scope (ends_at within 7 days, not cancelled) to Subscription and a Sidekiq job that emails each owner once, recording `reminded_at` so we don't send twice. RSpec for both.",
    ),
    case(
        "gen-b-mixed-es-en-history",
        G,
        "mixed",
        "history in English, last ask in Spanish to add a feature",
        "Why does my Flask app return 405 Method Not Allowed on POST /items?",
        "Your route is declared as `@app.route('/items')`, which only allows GET. Add `methods=['GET', 'POST']`.",
        "Listo, funciona. Ahora añade al endpoint POST validación con marshmallow, paginación al GET (page y per_page) y tests con el test client de Flask.",
    ),
    case(
        "gen-b-pl-haskell",
        G,
        "pl",
        "Polish; Haskell parser",
        "Napisz w Haskellu parser (megaparsec) prostych wyrażeń arytmetycznych z + - * / i nawiasami, z poprawnym pierwszeństwem, oraz ewaluator zwracający `Either String Double` (błąd przy dzieleniu przez zero).",
    ),
    case(
        "gen-b-kotlin-mixed-de",
        G,
        "mixed",
        "English Android logcat, German ask for new feature",
        """```
E/AndroidRuntime: FATAL EXCEPTION: main
    android.os.NetworkOnMainThreadException
        at android.os.StrictMode$AndroidBlockGuardPolicy.onNetwork(StrictMode.java:1668)
```
Den Absturz haben wir schon mit Coroutines gelöst. Jetzt bitte ein neues Feature: Pull-to-Refresh für die Liste mit SwipeRefreshLayout bzw. in Compose mit `pullRefresh`, inklusive Fehlermeldung als Snackbar. Wir nutzen Jetpack Compose und ein ViewModel mit StateFlow.""",
    ),
    case(
        "gen-b-openapi-client",
        G,
        "en",
        "generate a typed client from a spec snippet",
        """From this OpenAPI fragment, generate a typed Python client with httpx (sync and async), with a custom exception carrying status and body — our hand-written client swallowed 422 errors and returned None, which is how we shipped a bug.

paths:
  /v1/tickets:
    post:
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/NewTicket'}}}}
      responses: {'201': {content: {application/json: {schema: {$ref: '#/components/schemas/Ticket'}}}}, '422': {description: validation error}}
components:
  schemas:
    NewTicket: {type: object, required: [title], properties: {title: {type: string}, priority: {type: integer}}}
    Ticket: {type: object, properties: {id: {type: string}, title: {type: string}, priority: {type: integer}}}""",
    ),
    case(
        "gen-b-zh-mixed-switch-2",
        G,
        "mixed",
        "English setup, Chinese ask for a script",
        "Our nightly export writes `export_YYYYMMDD.csv` to S3 (bucket `bi-exports`). 请写一个 Python 脚本放进仓库：每天下载最新的文件，校验行数和表头，和前一天的文件比较行数差异超过 20% 就在 Slack webhook 报警。用 boto3，配置从环境变量读取。",
    ),
    case(
        "gen-b-de-sql",
        G,
        "de",
        "German; SQL window function",
        "Ich brauche eine SQL-Abfrage (PostgreSQL): für jeden Kunden die Differenz in Tagen zwischen aufeinanderfolgenden Bestellungen und den Durchschnitt davon. Tabelle `bestellungen(kunde_id, bestellt_am)`. Bitte mit Fensterfunktionen.",
    ),
]
