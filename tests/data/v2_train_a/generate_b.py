# ruff: noqa: E501
"""code_generate requests, second half: other languages, mixed asks, errors as the reason for new code."""

from __future__ import annotations

from common import (
    AIDER,
    CHAT_UI_TOOLS,
    CONTINUE,
    COPILOT_CHAT,
    OPENWEBUI,
    SEARCH_ONLY,
    asst,
    call,
    case,
    parts,
    result,
    sys,
    user,
)

L = "code_generate"

CASES = [
    # --- Polish ---
    case(
        "gen_pl_001",
        L,
        "pl",
        "napisz funkcję od zera",
        [
            user(
                "Napisz funkcję w Pythonie, która sprawdza poprawność numeru PESEL (suma kontrolna + data urodzenia, z uwzględnieniem stuleci) i zwraca płeć oraz datę urodzenia."
            ),
        ],
    ),
    case(
        "gen_pl_002",
        L,
        "pl",
        "dopisz testy do istniejącego kodu",
        [
            sys(CONTINUE),
            user("""```ts src/walidacja.ts
export function kodPocztowy(s: string): boolean {
  return /^\\d{2}-\\d{3}$/.test(s.trim());
}
```
Dopisz do tego testy w vitest — poprawne kody, spacje na brzegach, złe formaty, pusty string."""),
        ],
    ),
    case(
        "gen_pl_003",
        L,
        "pl",
        "dodaj funkcjonalność (Aider)",
        [
            sys(AIDER),
            user("""Dodaj eksport faktur do PDF — nowa metoda `do_pdf()` w klasie Faktura, użyj reportlab, nagłówek z danymi sprzedawcy i tabela pozycji.

faktury/model.py
```python
@dataclass
class Faktura:
    numer: str
    sprzedawca: str
    nabywca: str
    pozycje: list[Pozycja]

    def suma_brutto(self) -> Decimal:
        return sum((p.brutto for p in self.pozycje), Decimal(0))
```"""),
        ],
    ),
    case(
        "gen_pl_004",
        L,
        "pl",
        "przepisz z PHP na Pythona",
        [
            user("""Przepisz to na Pythona (Flask), zachowując działanie:

<?php
$db = new PDO('sqlite:sklep.db');
$id = (int)($_GET['id'] ?? 0);
$st = $db->prepare('SELECT nazwa, cena FROM produkty WHERE id = ?');
$st->execute([$id]);
$p = $st->fetch();
header('Content-Type: application/json');
echo json_encode($p ?: ['blad' => 'nie znaleziono']);"""),
        ],
    ),
    case(
        "gen_pl_005",
        L,
        "pl",
        "zapytanie SQL do napisania",
        [
            user(
                "Mam tabele pracownicy(id, imie, dzial_id, pensja) i dzialy(id, nazwa). Napisz zapytanie, które dla każdego działu pokaże pracownika z najwyższą pensją (przy remisie obu)."
            ),
        ],
    ),
    case(
        "gen_pl_006",
        L,
        "pl",
        "nowy kod, błąd wspomniany tylko jako powód",
        [
            user(
                "Ciągle mamy problem z tym, że ktoś wrzuca na produkcję migrację bez downa (ostatnio się wywaliło przy rollbacku). Napisz hook pre-commit w Pythonie, który sprawdzi, czy każdy nowy plik w migrations/ ma funkcję downgrade() z jakąś treścią inną niż pass."
            ),
        ],
    ),
    case(
        "gen_pl_007",
        L,
        "pl",
        "Dockerfile i compose",
        [
            sys(OPENWEBUI),
            user(
                "Stwórz Dockerfile i docker-compose dla aplikacji Laravel (PHP 8.3-fpm, nginx, MySQL 8, kolejka na Redisie), tak żebym mógł to odpalić lokalnie jednym poleceniem."
            ),
        ],
        CHAT_UI_TOOLS,
    ),
    # --- German ---
    case(
        "gen_de_001",
        L,
        "de",
        "Funktion schreiben",
        [
            user(
                "Schreib mir eine TypeScript-Funktion, die eine deutsche IBAN validiert (Länge, Prüfziffer nach ISO 7064 Mod 97-10) und sie formatiert in Vierergruppen zurückgibt."
            ),
        ],
    ),
    case(
        "gen_de_002",
        L,
        "de",
        "Tests schreiben für vorhandenen Code",
        [
            user("""Schreib JUnit-5-Tests für diese Methode, inklusive Grenzfälle:

public static String anrede(String geschlecht, String nachname) {
    if (nachname == null || nachname.isBlank()) return "Guten Tag";
    return switch (geschlecht) {
        case "m" -> "Sehr geehrter Herr " + nachname;
        case "w" -> "Sehr geehrte Frau " + nachname;
        default -> "Guten Tag " + nachname;
    };
}"""),
        ],
    ),
    case(
        "gen_de_003",
        L,
        "de",
        "Feature hinzufügen",
        [
            sys(COPILOT_CHAT),
            user("""Füg dem Formular eine clientseitige Validierung hinzu: PLZ genau 5 Ziffern, E-Mail Pflicht, Fehlermeldungen unter dem jeweiligen Feld.

```html
<form id="bestellung">
  <input name="email" placeholder="E-Mail">
  <input name="plz" placeholder="PLZ">
  <button>Bestellen</button>
</form>
```"""),
        ],
    ),
    case(
        "gen_de_004",
        L,
        "de",
        "Skript zum Behalten",
        [
            user(
                "Ich brauche ein PowerShell-Skript, das jeden Abend alle PDFs aus C:\\Scans nach \\\\nas\\archiv\\<Jahr>\\<Monat> verschiebt, Dubletten per Hash erkennt und ein Log schreibt. Kannst du das schreiben?"
            ),
        ],
    ),
    case(
        "gen_de_005",
        L,
        "de",
        "Portierung nach Kotlin",
        [
            user("""Portier das bitte nach Kotlin:

public class Temperatur {
    private final double celsius;
    public Temperatur(double celsius) { this.celsius = celsius; }
    public double fahrenheit() { return celsius * 9 / 5 + 32; }
    public boolean frost() { return celsius < 0; }
    @Override public String toString() { return String.format("%.1f °C", celsius); }
}"""),
        ],
    ),
    case(
        "gen_de_006",
        L,
        "de",
        "CI-Pipeline erstellen",
        [
            user(
                "Erstell mir eine GitLab-CI-Pipeline für ein Maven-Projekt (Java 21): Build, Tests mit JaCoCo-Report, Docker-Image bauen und nur auf main in unsere Registry pushen."
            ),
        ],
    ),
    case(
        "gen_de_007",
        L,
        "de",
        "neuer Code, Fehler nur als Anlass",
        [
            user(
                """Wegen dem Ärger letzte Woche (Timeouts beim Zahlungsanbieter) will ich einen Circuit Breaker um unsere Aufrufe legen. Implementier bitte eine kleine Klasse in Python: closed/open/half-open, Schwellwert und Wartezeit konfigurierbar, als Decorator nutzbar."""
            ),
        ],
    ),
    # --- Spanish ---
    case(
        "gen_es_001",
        L,
        "es",
        "escribe una función",
        [
            user(
                "Escribe una función en JavaScript que valide un DNI español (8 números y letra de control) y devuelva true/false."
            ),
        ],
    ),
    case(
        "gen_es_002",
        L,
        "es",
        "crea tests",
        [
            user("""Crea tests con pytest para esta clase, usando fixtures y parametrize:

class Inventario:
    def __init__(self):
        self.stock = {}
    def agregar(self, sku, n):
        if n <= 0:
            raise ValueError("cantidad inválida")
        self.stock[sku] = self.stock.get(sku, 0) + n
    def retirar(self, sku, n):
        if self.stock.get(sku, 0) < n:
            raise ValueError("stock insuficiente")
        self.stock[sku] -= n"""),
        ],
    ),
    case(
        "gen_es_003",
        L,
        "es",
        "convertir a async",
        [
            sys(CONTINUE),
            user("""```py servicios/clima.py
import requests

def temperaturas(ciudades):
    res = {}
    for c in ciudades:
        r = requests.get(f"https://api.clima.example/v1/actual?ciudad={c}", timeout=5)
        res[c] = r.json()["temp"]
    return res
```
Conviértelo a asyncio con httpx, haciendo las peticiones en paralelo con un máximo de 5 a la vez."""),
        ],
    ),
    case(
        "gen_es_004",
        L,
        "es",
        "añadir funcionalidad a un componente",
        [
            user("""Añade a este componente un buscador que filtre la lista por nombre mientras escribes (sin distinguir mayúsculas ni tildes):

export function Clientes({ clientes }) {
  return (
    <ul>
      {clientes.map((c) => <li key={c.id}>{c.nombre}</li>)}
    </ul>
  );
}"""),
        ],
    ),
    case(
        "gen_es_005",
        L,
        "es",
        "consulta SQL nueva",
        [
            user(
                "Necesito una consulta SQL (PostgreSQL) que, a partir de la tabla pagos(id, cliente_id, fecha, importe), calcule para cada cliente el importe acumulado mes a mes durante 2026."
            ),
        ],
    ),
    case(
        "gen_es_006",
        L,
        "es",
        "Terraform desde cero",
        [
            sys(OPENWEBUI),
            user(
                "Genera el Terraform para una instancia de Cloud SQL (PostgreSQL 16) en GCP con IP privada, backups diarios y un usuario cuya contraseña venga de Secret Manager."
            ),
        ],
        SEARCH_ONLY,
    ),
    case(
        "gen_es_007",
        L,
        "es",
        "script a conservar",
        [
            user(
                "Hazme un script en Bash que revise cada 5 minutos (lo pondré en cron) si el disco raíz supera el 90% y, si es así, mande un mensaje a un webhook de Slack con el hostname y el porcentaje."
            ),
        ],
    ),
    # --- Chinese ---
    case(
        "gen_zh_001",
        L,
        "zh",
        "写一个函数",
        [
            user(
                "用 Python 写一个函数，把阿拉伯数字金额转换成中文大写金额（例如 1234.56 → 壹仟贰佰叁拾肆元伍角陆分），要处理零和整数的情况。"
            ),
        ],
    ),
    case(
        "gen_zh_002",
        L,
        "zh",
        "为已有代码写单元测试",
        [
            user("""给下面这个 Go 函数写单元测试，用表驱动的方式：

func Mask(phone string) string {
	if len(phone) != 11 {
		return phone
	}
	return phone[:3] + "****" + phone[7:]
}"""),
        ],
    ),
    case(
        "gen_zh_003",
        L,
        "zh",
        "新增接口",
        [
            sys(COPILOT_CHAT),
            user("""在这个 Spring Boot 控制器里新增一个分页查询接口 GET /api/articles?page=&size=，按发布时间倒序，返回总数。

@RestController
@RequestMapping("/api/articles")
public class ArticleController {
    private final ArticleRepository repo;
    public ArticleController(ArticleRepository repo) { this.repo = repo; }

    @GetMapping("/{id}")
    public Article get(@PathVariable Long id) { return repo.findById(id).orElseThrow(); }
}"""),
        ],
    ),
    case(
        "gen_zh_004",
        L,
        "zh",
        "代码转换",
        [
            user("""把这段 jQuery 改写成原生 JavaScript：

$('.tab').on('click', function () {
  $('.tab').removeClass('active');
  $(this).addClass('active');
  $('.panel').hide();
  $('#' + $(this).data('target')).show();
});"""),
        ],
    ),
    case(
        "gen_zh_005",
        L,
        "zh",
        "写 Dockerfile",
        [
            user(
                "帮我写一个 Python 3.12 FastAPI 项目的 Dockerfile，用 uv 安装依赖，多阶段构建，镜像越小越好，用非 root 用户运行。"
            ),
        ],
    ),
    case(
        "gen_zh_006",
        L,
        "zh",
        "生成 SQL",
        [
            user(
                "有一张登录日志表 login_log(user_id, login_time)，写一条 SQL 找出连续登录 7 天及以上的用户（MySQL 8）。"
            ),
        ],
    ),
    case(
        "gen_zh_007",
        L,
        "zh",
        "实现功能，报错只是背景",
        [
            user(
                "上次线上因为配置文件写错导致服务起不来，排查了很久。现在想写一个 YAML 配置校验工具：用 Python + pydantic 定义结构，命令行传入文件路径，校验不通过时打印出具体哪个字段有问题。帮我实现一下。"
            ),
        ],
    ),
    # --- mixed ---
    case(
        "gen_mx_001",
        L,
        "mixed",
        "English code, Polish ask to extend",
        [
            user("""```go
type Store interface {
	Get(ctx context.Context, key string) ([]byte, error)
	Set(ctx context.Context, key string, val []byte) error
}
```
dopisz implementację tego interfejsu na Redisie (go-redis v9) z TTL podawanym w konstruktorze"""),
        ],
    ),
    case(
        "gen_mx_002",
        L,
        "mixed",
        "German ask, English code to convert",
        [
            user("""def fib(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a

Kannst du das als Rust-Funktion mit u128 und Overflow-Prüfung umsetzen?"""),
        ],
    ),
    case(
        "gen_mx_003",
        L,
        "mixed",
        "Spanish ask with English error mentioned in passing",
        [
            user(
                """Ya sé por qué sale el "ValueError: time data '2026/12/05' does not match format '%Y-%m-%d'" — los clientes mandan fechas en varios formatos y eso lo arreglamos aparte. Lo que necesito ahora es una función nueva parse_fecha_flexible(s) que acepte '2026-12-05', '05/12/2026', '2026/12/05' y '5 dic 2026', y devuelva date."""
            ),
        ],
    ),
    case(
        "gen_mx_004",
        L,
        "mixed",
        "Chinese ask, English OpenAPI spec",
        [
            user("""openapi: 3.0.0
paths:
  /users/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
      responses:
        '200': {content: {application/json: {schema: {$ref: '#/components/schemas/User'}}}}

根据这个接口定义，用 TypeScript 写一个带类型的请求函数和 User 接口（字段 id、name、email）。"""),
        ],
    ),
    case(
        "gen_mx_005",
        L,
        "mixed",
        "Polish ask in Aider session for tests",
        [
            sys(AIDER),
            user("""tests/ jest pusty. napisz testy pytest dla funkcji `oblicz_raty` z kredyt.py — raty równe i malejące, oprocentowanie 0, błędne dane wejściowe

kredyt.py
```python
def oblicz_raty(kwota: float, oproc_roczne: float, miesiace: int, typ: str = "rowne") -> list[float]:
    if kwota <= 0 or miesiace <= 0:
        raise ValueError("kwota i liczba miesięcy muszą być dodatnie")
    r = oproc_roczne / 12
    if typ == "rowne":
        if r == 0:
            return [round(kwota / miesiace, 2)] * miesiace
        rata = kwota * r / (1 - (1 + r) ** -miesiace)
        return [round(rata, 2)] * miesiace
    kap = kwota / miesiace
    return [round(kap + (kwota - i * kap) * r, 2) for i in range(miesiace)]
```"""),
        ],
    ),
    # --- English, near-misses ---
    case(
        "gen_en_001",
        L,
        "en",
        "write tests that reproduce a known bug (new test code, not a fix)",
        [
            user("""Don't fix it yet — I want a failing test first. Write a pytest case that reproduces the bug where `split_name("Mary Ann Smith")` returns ("Mary", "Ann") instead of ("Mary Ann", "Smith").

def split_name(full):
    parts = full.split()
    return parts[0], parts[1]"""),
        ],
    ),
    case(
        "gen_en_002",
        L,
        "en",
        "add logging/metrics feature to working code",
        [
            user("""add Prometheus metrics to this worker: a counter of processed jobs by status and a histogram of processing time. it works fine, just no visibility.

def run():
    while True:
        job = queue.get()
        try:
            handle(job)
            queue.ack(job)
        except Exception:
            queue.nack(job)"""),
        ],
    ),
    case(
        "gen_en_003",
        L,
        "en",
        "write a script to keep, with a tool-bearing UI",
        [
            sys(OPENWEBUI),
            user(
                "Write a Python script I can keep in the repo that checks every URL in our docs/*.md files and prints the broken ones (status >= 400 or timeout), with concurrency and a --fix-redirects flag that rewrites 301s in place."
            ),
        ],
        CHAT_UI_TOOLS,
    ),
    case(
        "gen_en_004",
        L,
        "en",
        "generate a regex with explanation",
        [
            user(
                "give me a regex for semantic versions (1.2.3, 1.2.3-rc.1, 1.2.3+build.5) with named groups major/minor/patch/pre/build"
            ),
        ],
    ),
    case(
        "gen_en_005",
        L,
        "en",
        "extend a CLI after earlier fix turn",
        [
            user("""my click command errors with 'Got unexpected extra argument'"""),
            asst(
                "You declared the argument with `@click.option` but pass it positionally; either use `--name value` or switch to `@click.argument('name')`."
            ),
            user(
                "right, thanks. now add a `--format` option (table|json|csv) and implement the csv and json outputs for the listing"
            ),
        ],
    ),
    case(
        "gen_en_006",
        L,
        "en",
        "implement interface from a TS type",
        [
            sys(CONTINUE),
            user("""```ts src/storage.ts
export interface KeyValueStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlSeconds?: number): Promise<void>;
  delete(key: string): Promise<boolean>;
}
```
implement this over IndexedDB (with TTL) and also an in-memory version for tests"""),
        ],
    ),
    case(
        "gen_en_007",
        L,
        "en",
        "new feature with image mockup content-part",
        [
            parts(
                "Implement this date-range picker in Vue 3 + TypeScript (see mockup): two months side by side, presets on the left (Last 7 days, This month, Last month), emits `update:modelValue` with {start, end}.",
                "https://uploads.example.dev/mockups/range-picker.png",
            ),
        ],
    ),
    case(
        "gen_en_008",
        L,
        "en",
        "write SQL seed data",
        [
            user(
                "Generate INSERT statements for realistic seed data: 10 customers (mixed EU countries), 30 orders spread over 2026 with 1–4 line items each, for tables customers(id, name, email, country), orders(id, customer_id, created_at), order_items(order_id, sku, qty, unit_price)."
            ),
        ],
    ),
    case(
        "gen_en_009",
        L,
        "en",
        "convert callback code to async/await",
        [
            user("""rewrite with async/await and proper error propagation

function loadUser(id, cb) {
  db.get('SELECT * FROM users WHERE id = ?', [id], (err, user) => {
    if (err) return cb(err);
    db.all('SELECT * FROM roles WHERE user_id = ?', [id], (err2, roles) => {
      if (err2) return cb(err2);
      cb(null, { ...user, roles });
    });
  });
}"""),
        ],
    ),
    case(
        "gen_en_010",
        L,
        "en",
        "write a systemd unit + timer",
        [
            user(
                "Write a systemd service + timer pair that runs /opt/reports/generate.py every weekday at 06:30 as user `reports`, with a 20 minute timeout and logs to the journal."
            ),
        ],
    ),
    case(
        "gen_en_011",
        L,
        "en",
        "Continue: implement the function body with docstring given",
        [
            sys(CONTINUE),
            user('''```py app/text.py
def wrap_paragraphs(text: str, width: int = 80) -> str:
    """Re-wrap each paragraph (separated by blank lines) to `width`,
    keeping list items ("- ", "* ", "1. ") as separate lines with a hanging indent."""
    ...
```
write the body'''),
        ],
    ),
    case(
        "gen_en_012",
        L,
        "en",
        "create a CLI agent-free request: Makefile",
        [
            user(
                "Create a Makefile for a Python project with targets: venv, install, lint (ruff), fmt, typecheck (mypy), test (pytest -q), cov, clean. Use a VENV variable and make targets idempotent."
            ),
        ],
    ),
    case(
        "gen_en_013",
        L,
        "en",
        "earlier tool call in history (search), now asks for code",
        [
            sys(OPENWEBUI),
            user("what's the current stable version of Next.js?"),
            call("call_ws9", "web_search", '{"query": "Next.js latest stable version"}'),
            result("call_ws9", "Next.js 16.0.4 is the latest stable release (Nov 2026)."),
            asst("The latest stable release is Next.js 16.0.4."),
            user(
                "ok, write me a minimal app-router page that lists posts from /api/posts with server-side fetching and a loading.tsx skeleton"
            ),
        ],
        CHAT_UI_TOOLS,
    ),
    case(
        "gen_en_014",
        L,
        "en",
        "write GraphQL schema + resolvers",
        [
            user(
                "Write a GraphQL schema and Apollo Server resolvers for a library: Book(id, title, author, year), Author(id, name, books), queries for books by author and search by title, and a mutation to add a book."
            ),
        ],
    ),
    case(
        "gen_en_015",
        L,
        "en",
        "write a k6 load test",
        [
            user(
                "write a k6 script that ramps up to 200 virtual users over 2 minutes against POST /api/checkout with a random cart payload, and fails the run if p95 > 800ms or error rate > 1%"
            ),
        ],
    ),
    case(
        "gen_en_016",
        L,
        "en",
        "implement a migration in Rails",
        [
            user(
                "Generate a Rails migration and model changes to add soft delete to `Comment` (deleted_at, default scope excluding deleted, `discard`/`undiscard` methods) — without using a gem."
            ),
        ],
    ),
    case(
        "gen_en_017",
        L,
        "en",
        "feature request in Aider edit-format with a bug mentioned as background",
        [
            sys(AIDER),
            user("""we had that bug where duplicate webhooks created duplicate orders — it's fixed already. What I want now is idempotency as a feature: store the `X-Event-Id` header in a table and skip events we've seen in the last 7 days. add that to the handler.

webhooks/handler.py
```python
def handle(request):
    event = json.loads(request.body)
    if event["type"] == "order.created":
        create_order(event["data"])
    return HttpResponse(status=200)
```"""),
        ],
    ),
    case(
        "gen_en_018",
        L,
        "en",
        "write an Ansible role",
        [
            user(
                "Write an Ansible role that installs and configures node_exporter as a systemd service (download a pinned version, verify checksum, create a system user, open port 9100 only to the monitoring subnet with ufw)."
            ),
        ],
    ),
    case(
        "gen_en_019",
        L,
        "en",
        "generate: small C# utility class",
        [
            user(
                "create a C# static class with extension methods for string: ToSnakeCase, ToKebabCase, Truncate(maxLength, ellipsis), and RemoveDiacritics, with XML doc comments"
            ),
        ],
    ),
    case(
        "gen_en_020",
        L,
        "en",
        "write an OpenAPI spec",
        [
            user(
                "Write an OpenAPI 3.1 YAML spec for a simple URL shortener: POST /links (url, optional slug) → 201 with link; GET /{slug} → 302; GET /links/{slug}/stats → clicks per day; bearer auth on the API routes."
            ),
        ],
    ),
    case(
        "gen_en_021",
        L,
        "en",
        "port shell script to Python",
        [
            user("""port this to a python script with argparse, same behaviour

#!/bin/bash
SRC=${1:-.}
DAYS=${2:-30}
find "$SRC" -type f -name '*.tmp' -mtime +"$DAYS" -print -delete | wc -l"""),
        ],
    ),
    case(
        "gen_en_022",
        L,
        "en",
        "write the migration of a config to a new format",
        [
            user("""convert this .ini config to an equivalent TOML file and write a tiny loader in Python using tomllib that returns a typed dataclass

[server]
host = 0.0.0.0
port = 8080
[db]
url = postgres://app@db/app
pool = 10
[features]
beta = true"""),
        ],
    ),
    case(
        "gen_en_023",
        L,
        "en",
        "write a Swift unit test class",
        [
            user("""write XCTest cases for this view model (loading state, success, error); use a fake service protocol

final class WeatherViewModel: ObservableObject {
    @Published var state: State = .idle
    private let service: WeatherService
    init(service: WeatherService) { self.service = service }
    func load(city: String) async {
        state = .loading
        do { state = .loaded(try await service.current(city)) }
        catch { state = .failed(error.localizedDescription) }
    }
}"""),
        ],
    ),
]
