# ruff: noqa: E501
"""`code_generate`: new code, tests, SQL, regex, config-as-code, feature edits, ports."""

from __future__ import annotations

from ev2_common import AIDER, CHAT_UI_TOOLS, CONTINUE, PLAIN, WEBUI, Cases, a, parts, sys_, u

C = Cases("gen")
T = "code_generate"

C.add(
    T,
    "en",
    "Aider: add a feature to a given file",
    [
        sys_(AIDER),
        u("""I added `app/cli.py` to the chat.

app/cli.py
```python
import argparse

def main() -> None:
    p = argparse.ArgumentParser(prog="notes")
    p.add_argument("title")
    p.add_argument("--body", default="")
    args = p.parse_args()
    save_note(args.title, args.body)
```

Add a `--tag` option that can be repeated (`--tag work --tag urgent`) and pass the tags to `save_note` as a list."""),
    ],
)
C.add(
    T,
    "en",
    "write tests for a function (bug in passing is not the ask)",
    [
        sys_(CONTINUE),
        u("""```ts src/slug.ts
export function slugify(input: string): string {
  return input
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\\u0300-\\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}
```
Write vitest tests for this — accents, emoji, leading/trailing punctuation, empty string. (I think it returns "" for all-emoji input which is fine, just cover it.)"""),
    ],
)
C.add(
    T,
    "en",
    "SQL query from a schema description",
    [
        u(
            "Postgres. Tables: `users(id, email, created_at)`, `subscriptions(id, user_id, plan, started_at, cancelled_at)`. Write a query that returns, per month of signup, how many users started a paid plan within 14 days of signing up."
        ),
    ],
)
C.add(
    T,
    "en",
    "regex request",
    [
        u(
            "regex for a UK postcode, e.g. SW1A 1AA, M1 1AE, B33 8TH — case-insensitive, optional space. JS flavour."
        )
    ],
)
C.add(
    T,
    "en",
    "Dockerfile for a given app",
    [
        u(
            "Need a production Dockerfile for a FastAPI app: Python 3.12, deps in pyproject with uv.lock, app in `src/shop/`, served by uvicorn on 8000, non-root user, small image. Multi-stage if it helps."
        ),
    ],
)
C.add(
    T,
    "en",
    "GitHub Actions workflow",
    [
        u(
            "Write a GitHub Actions workflow that runs `cargo fmt --check`, `cargo clippy -- -D warnings` and `cargo test` on pushes and PRs to main, on ubuntu and macos, with caching of ~/.cargo and target/."
        ),
    ],
)
C.add(
    T,
    "en",
    "Terraform module",
    [
        u(
            "terraform for an S3 bucket for static site hosting behind CloudFront: private bucket, OAC, default root object index.html, 404 -> /404.html, TLS cert from ACM in us-east-1 passed as a variable. Output the distribution domain."
        ),
    ],
)
C.add(
    T,
    "en",
    "port a function from Python to Go",
    [
        u("""Port this to idiomatic Go, same behaviour:

```python
def chunk(items, size):
    if size <= 0:
        raise ValueError("size must be positive")
    return [items[i:i + size] for i in range(0, len(items), size)]
```
Generic over the element type please."""),
    ],
)
C.add(
    T,
    "en",
    "convert callbacks to async/await",
    [
        u("""convert to async/await, keep the same exported API name

```js
function loadConfig(path, cb) {
  fs.readFile(path, 'utf8', (err, text) => {
    if (err) return cb(err);
    try { cb(null, JSON.parse(text)); } catch (e) { cb(e); }
  });
}
module.exports = { loadConfig };
```"""),
    ],
)
C.add(
    T,
    "en",
    "implement an interface in Java",
    [
        u("""Implement `LruCache<K, V>` in Java 17 for this interface, O(1) get/put, not thread-safe is fine:

```java
public interface Cache<K, V> {
    Optional<V> get(K key);
    void put(K key, V value);
    int size();
}
```
Capacity passed in the constructor."""),
    ],
)
C.add(
    T,
    "en",
    "new React component from a description",
    [
        sys_(CONTINUE),
        u(
            'Create a `<CopyButton text={...} />` React component (TS, function component) that copies `text` to the clipboard, shows "Copied!" for 2 seconds, and falls back to a hidden textarea + execCommand when navigator.clipboard is missing. Tailwind for styling.'
        ),
    ],
)
C.add(
    T,
    "en",
    "script to keep: bash backup script",
    [
        u(
            "Write me a bash script I can put in cron: dumps a Postgres database (name from $1) with pg_dump custom format into /backups/<db>/<date>.dump, keeps the last 14 dumps, logs to syslog, exits non-zero on failure."
        ),
    ],
)
C.add(
    T,
    "en",
    "extend a Rust enum and match arms (feature edit)",
    [
        sys_(AIDER),
        u("""src/shape.rs
```rust
pub enum Shape { Circle { r: f64 }, Rect { w: f64, h: f64 } }

impl Shape {
    pub fn area(&self) -> f64 {
        match self {
            Shape::Circle { r } => std::f64::consts::PI * r * r,
            Shape::Rect { w, h } => w * h,
        }
    }
}
```
add a Triangle variant (three side lengths, Heron's formula) and a `perimeter()` method for all variants"""),
    ],
)
C.add(
    T,
    "en",
    "Kotlin data class + serialization",
    [
        u(
            'Kotlin: write a data class for this JSON with kotlinx.serialization, snake_case field names mapped to camelCase, `tags` optional defaulting to empty list.\n\n{"user_id": 42, "display_name": "Ana", "created_at": "2026-01-02T10:00:00Z", "tags": ["beta"]}'
        ),
    ],
)
C.add(
    T,
    "en",
    "Swift: add pull-to-refresh to an existing view",
    [
        u("""```swift
struct InboxView: View {
    @StateObject var model = InboxModel()
    var body: some View {
        List(model.messages) { m in MessageRow(message: m) }
            .task { await model.load() }
    }
}
```
add pull-to-refresh that calls `model.reload()` and an empty state with a \"No messages\" label"""),
    ],
)
C.add(
    T,
    "en",
    "C#: minimal API endpoint with validation",
    [
        u(
            "ASP.NET Core 8 minimal API: add a POST /api/orders endpoint that takes {customerId, items:[{sku, qty}]}, validates qty > 0 and at least one item, returns 201 with the created order id. Use records. EF Core DbContext `ShopDb` already exists."
        ),
    ],
)
C.add(
    T,
    "en",
    "C: implement a function from a header comment",
    [
        u("""implement this in C99, no allocations:

```c
/* Parses a dotted IPv4 address ("192.168.0.1") into *out in host byte order.
 * Returns 0 on success, -1 on malformed input (leading zeros allowed, >255 not). */
int parse_ipv4(const char *s, uint32_t *out);
```"""),
    ],
)
C.add(
    T,
    "en",
    "PHP: Laravel migration and model",
    [
        u(
            "Laravel 11: create a migration and Eloquent model for `invoices` (uuid id, customer_id FK, number unique string, total decimal(12,2), status enum draft/sent/paid, due_at date, timestamps, soft deletes). Add a `scopeOverdue` on the model."
        ),
    ],
)
C.add(
    T,
    "en",
    "Ruby: rake task",
    [
        u(
            "Write a rake task `users:deactivate_stale` that deactivates users with no login in 365 days, in batches of 1000, with a DRY_RUN env var that only prints counts."
        ),
    ],
)
C.add(
    T,
    "en",
    "YAML: Kubernetes manifests",
    [
        u(
            "k8s manifests for a worker deployment: image ghcr.io/acme/worker:1.4.2, 3 replicas, env from secret `worker-env`, requests 250m/256Mi limits 1/512Mi, a PodDisruptionBudget minAvailable 2, and an HPA on CPU 70% from 3 to 10."
        ),
    ],
)
C.add(
    T,
    "en",
    "new code where an error is the motivation, not the ask",
    [
        u("""We keep getting this from the payment provider on busy days:

```
HTTP 429 Too Many Requests  Retry-After: 3
```
Write a small Python helper `with_retry(fn, *, attempts=5)` that retries on 429 and 503, honours Retry-After when present, otherwise exponential backoff with jitter, and re-raises the last error."""),
    ],
)
C.add(
    T,
    "en",
    "generate a CLI with typer",
    [
        sys_(PLAIN),
        u(
            "Build a small Typer CLI `imgshrink` that takes a directory, resizes all JPEG/PNG images wider than --max-width (default 1600) with Pillow, keeps EXIF orientation, and writes to --out (default ./out). Show a progress bar."
        ),
    ],
)
C.add(
    T,
    "en",
    "pytest fixtures and parametrised tests for an existing class",
    [
        u("""write pytest tests for this; parametrise the edge cases

```python
class Money:
    def __init__(self, cents: int, currency: str):
        if currency not in {"EUR", "USD", "PLN"}:
            raise ValueError(currency)
        self.cents, self.currency = cents, currency
    def __add__(self, other: "Money") -> "Money":
        if other.currency != self.currency:
            raise TypeError("currency mismatch")
        return Money(self.cents + other.cents, self.currency)
    def split(self, n: int) -> list["Money"]:
        base, rest = divmod(self.cents, n)
        return [Money(base + (1 if i < rest else 0), self.currency) for i in range(n)]
```"""),
    ],
)
C.add(
    T,
    "en",
    "multi-turn: earlier review, last turn asks for new endpoint",
    [
        u(
            'is this handler ok?\n```go\nfunc getUser(w http.ResponseWriter, r *http.Request) { id := r.URL.Query().Get("id"); u, _ := store.Get(id); json.NewEncoder(w).Encode(u) }\n```'
        ),
        a(
            "It ignores the error from store.Get, so a missing user encodes `null` with 200, and there's no Content-Type header. Return 404 when not found and 500 on other errors."
        ),
        u(
            "got it. now write a matching `deleteUser` handler in the same style but with proper errors, plus its route registration for chi"
        ),
    ],
)
C.add(
    T,
    "en",
    "OpenAPI spec from a description",
    [
        u(
            "Write an OpenAPI 3.1 YAML for a tiny bookmarks API: list (paginated with cursor), create, delete by id. Bookmark has id, url, title, tags, created_at. Bearer auth."
        ),
    ],
)
C.add(
    T,
    "en",
    "chat UI with tools attached, ask is plain code writing",
    [
        sys_(WEBUI),
        u(
            "Can you write a Python function that checks whether a string is a valid IBAN (mod-97 check), no libraries?"
        ),
    ],
    CHAT_UI_TOOLS,
)
C.add(
    T,
    "en",
    "screenshot of a design -> HTML/CSS",
    [
        u(
            parts(
                "Turn this mockup into HTML + CSS (flexbox, no framework). Pricing cards, three columns, middle one highlighted.",
                image="https://cdn.example.org/mockups/pricing-v3.png",
            )
        ),
    ],
)
C.add(
    T,
    "en",
    "SQL migration to add a column with backfill",
    [
        u(
            "Write a Postgres migration (up and down) that adds `slug text` to `articles`, backfills it from `title` (lowercase, non-alphanumerics to '-'), makes it unique and NOT NULL. Table has ~2M rows, so batch the backfill."
        ),
    ],
)
C.add(
    T,
    "en",
    "GraphQL resolver + schema addition",
    [
        u(
            "Add a `reviews(first: Int, after: String)` connection field to the `Product` type in our Apollo Server schema, with a resolver that uses `ctx.loaders.reviewsByProduct` and relay-style cursors."
        ),
    ],
)
C.add(
    T,
    "pl",
    "napisz funkcję w Pythonie",
    [
        u(
            "Napisz funkcję w Pythonie, która sprawdza poprawność numeru PESEL (suma kontrolna + data urodzenia). Z type hintami i krótkim docstringiem."
        ),
    ],
)
C.add(
    T,
    "pl",
    "dodaj endpoint do istniejącego kodu",
    [
        u("""Dodaj do tego routera endpoint `GET /produkty/{id}/opinie` zwracający opinie posortowane od najnowszej, z paginacją (limit, offset).

```python
router = APIRouter(prefix="/produkty")

@router.get("/{id}")
async def pobierz(id: int, db: Session = Depends(get_db)):
    return db.get(Produkt, id)
```"""),
    ],
)
C.add(
    T,
    "pl",
    "testy jednostkowe w Javie",
    [
        u(
            "Napisz testy JUnit 5 dla klasy `KalkulatorRabatu` — metoda `oblicz(BigDecimal kwota, String kodRabatowy)`; kody: LATO10 (10%), VIP (20%, tylko powyżej 500 zł), nieznany kod rzuca IllegalArgumentException."
        ),
    ],
)
C.add(
    T,
    "de",
    "Funktion schreiben",
    [
        u(
            "Schreib mir bitte eine TypeScript-Funktion, die eine deutsche IBAN formatiert (Vierergruppen mit Leerzeichen) und vorher prüft, ob sie 22 Zeichen lang ist und mit DE beginnt."
        ),
    ],
)
C.add(
    T,
    "de",
    "CI-Pipeline für GitLab",
    [
        u(
            "Erstelle eine .gitlab-ci.yml für ein Maven-Projekt: Stages build, test, package; Cache für ~/.m2; JUnit-Reports als Artefakt; package nur auf main."
        ),
    ],
)
C.add(
    T,
    "de",
    "Feature erweitern mit Aider",
    [
        sys_(AIDER),
        u(
            "Bitte in `lib/export.rb` neben CSV auch einen XLSX-Export ergänzen (Gem caxlsx), gleiche Spalten wie `to_csv`. Die Datei ist im Chat."
        ),
    ],
)
C.add(
    T,
    "es",
    "escribe una consulta SQL",
    [
        u(
            "Escribe una consulta SQL (MySQL 8) que devuelva los 5 productos más vendidos por categoría en el último trimestre, usando funciones de ventana. Tablas: ventas(producto_id, cantidad, fecha), productos(id, nombre, categoria_id)."
        ),
    ],
)
C.add(
    T,
    "es",
    "implementar un hook de React",
    [
        u(
            "Implementa un hook `useDebounce(valor, ms)` en TypeScript y un ejemplo de uso en un buscador que llama a la API solo cuando el usuario deja de escribir."
        ),
    ],
)
C.add(
    T,
    "es",
    "script de Python para convertir CSV a JSON",
    [
        u(
            "Necesito un script en Python que lea todos los CSV de una carpeta y los convierta a JSON (una lista de objetos por archivo), detectando el separador automáticamente. Lo voy a usar cada semana."
        ),
    ],
)
C.add(
    T,
    "zh",
    "写一个函数",
    [
        u(
            "用 Go 写一个函数，把中文金额数字转换成大写（例如 1234.56 → 壹仟贰佰叁拾肆元伍角陆分），并附上几个单元测试。"
        ),
    ],
)
C.add(
    T,
    "zh",
    "生成 Dockerfile",
    [
        u(
            "帮我写一个 Spring Boot 3（Java 21）项目的多阶段 Dockerfile，用 Maven 构建，运行时用 JRE 精简镜像，非 root 用户启动。"
        ),
    ],
)
C.add(
    T,
    "zh",
    "给现有类增加方法",
    [
        u("""给这个类加一个 `remove(key)` 方法和一个按插入顺序遍历的迭代器：

```python
class OrderedStore:
    def __init__(self):
        self._data = {}
    def put(self, key, value):
        self._data[key] = value
    def get(self, key, default=None):
        return self._data.get(key, default)
```"""),
    ],
)
C.add(
    T,
    "mixed",
    "English code, Polish ask: port to TypeScript",
    [
        u("""Przepisz to na TypeScript z typami, zachowaj nazwy:

```python
def group_by(items, key):
    out = {}
    for it in items:
        out.setdefault(key(it), []).append(it)
    return out
```"""),
    ],
)
CASES = C.items
