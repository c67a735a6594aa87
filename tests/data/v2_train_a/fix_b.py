# ruff: noqa: E501
"""code_fix requests, second half: other languages, mixed asks, tool-bearing chat UIs, long logs."""

from __future__ import annotations

from bulk import python_module, service_log
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

L = "code_fix"

_LONG_LOG_1 = (
    service_log(11, 110)
    + """
2026-12-04T09:07:41.220Z ERROR worker-2  job id=58812 failed
Traceback (most recent call last):
  File "/app/jobs/invoices.py", line 77, in send_batch
    pdf = render_invoice(inv)
  File "/app/jobs/invoices.py", line 41, in render_invoice
    total = sum(line.net * (1 + line.vat_rate) for line in inv.lines)
TypeError: unsupported operand type(s) for +: 'int' and 'NoneType'
"""
    + service_log(12, 60, 10)
)

_LONG_LOG_2 = (
    service_log(21, 90, 14)
    + """
2026-12-04T14:05:02.004Z WARN  pool  db connections in_use=20 idle=0 waiters=14
2026-12-04T14:05:07.118Z ERROR http  GET /api/orders 500 5003ms rid=7f1c22aa01 err="QueuePool limit of size 20 overflow 0 reached, connection timed out, timeout 5.00"
2026-12-04T14:05:07.390Z ERROR http  GET /api/cart 500 5001ms rid=7f1c22aa07 err="QueuePool limit of size 20 overflow 0 reached, connection timed out, timeout 5.00"
"""
    + service_log(22, 40, 15)
)

_LONG_MODULE = python_module(31, 70)

CASES = [
    # --- Polish ---
    case(
        "fix_pl_001",
        L,
        "pl",
        "opis błędu słowami przy kodzie, bez śladu stosu",
        [
            user("""Ta funkcja zwraca złą liczbę dni roboczych — dla 1–7 grudnia 2026 dostaję 7 zamiast 5. Weekendy w ogóle nie są pomijane.

def dni_robocze(od, do):
    dni = 0
    d = od
    while d <= do:
        if d.weekday() < 6:
            dni += 1
        d += timedelta(days=1)
    return dni"""),
        ],
    ),
    case(
        "fix_pl_002",
        L,
        "pl",
        "ślad stosu z Django, krótkie pytanie",
        [
            user("""Co tu jest nie tak? Wywala się przy zapisie formularza.

django.core.exceptions.ValidationError: ['Wartość „2026-13-01” ma nieprawidłowy format daty. Musi być w formacie RRRR-MM-DD.']
  File "/srv/crm/leads/views.py", line 58, in create_lead
    lead.full_clean()

Data przychodzi z frontu jako "01.12.2026", a parsuję ją tak:
data = datetime.strptime(request.POST["data"], "%m.%d.%Y").date().isoformat()"""),
        ],
    ),
    case(
        "fix_pl_003",
        L,
        "pl",
        "przycisk nie działa na iPhonie, kod JS",
        [
            sys(OPENWEBUI),
            user("""Menu hamburgerowe w ogóle nie otwiera się na iPhonie (Safari), na Androidzie jest ok. Konsola czysta.

<div class="burger" onclick="toggleMenu()">☰</div>

function toggleMenu() {
  document.querySelector('nav').classList.toggle('open');
}
.burger { cursor: default; }"""),
        ],
        CHAT_UI_TOOLS,
    ),
    case(
        "fix_pl_004",
        L,
        "pl",
        "test jednostkowy nie przechodzi, wklejony wynik",
        [
            sys(CONTINUE),
            user("""Nie przechodzi mi test, a wydaje mi się, że logika jest dobra:

```
FAILED tests/test_koszyk.py::test_rabat_progowy - assert Decimal('90.00') == Decimal('85.00')
```
```py koszyk.py
def rabat(kwota: Decimal) -> Decimal:
    if kwota > 100:
        return kwota * Decimal("0.85")
    return kwota * Decimal("0.9")
```
Test woła rabat(Decimal("100")) i oczekuje 85, bo rabat 15% ma być od 100 zł włącznie."""),
        ],
    ),
    case(
        "fix_pl_005",
        L,
        "pl",
        "błąd kompilacji Javy po polsku opisany",
        [
            user("""Nie kompiluje się, nie rozumiem dlaczego:

Main.java:14: error: incompatible types: possible lossy conversion from double to int
        int srednia = suma / liczby.length * 1.0;
                                           ^
1 error"""),
        ],
    ),
    case(
        "fix_pl_006",
        L,
        "pl",
        "zapytanie SQL zwraca za mało wierszy",
        [
            user("""Raport pokazuje tylko klientów, którzy mieli zamówienia, a miał pokazywać wszystkich (z zerem dla tych bez zamówień). Co poprawić?

SELECT k.nazwa, COALESCE(SUM(z.kwota), 0) AS obrot
FROM klienci k
LEFT JOIN zamowienia z ON z.klient_id = k.id
WHERE z.data >= '2026-01-01'
GROUP BY k.nazwa;"""),
        ],
    ),
    case(
        "fix_pl_007",
        L,
        "pl",
        "skrypt bash kończy się błędem w cronie",
        [
            user("""Skrypt działa z ręki, a z crona nie — w mailu od crona mam tylko:
/home/ola/bin/backup.sh: line 4: pg_dump: command not found

#!/bin/bash
set -e
DATA=$(date +%F)
pg_dump sklep | gzip > ~/kopie/sklep-$DATA.sql.gz"""),
        ],
    ),
    # --- German ---
    case(
        "fix_de_001",
        L,
        "de",
        "Fehlerbeschreibung ohne Stacktrace",
        [
            user("""Die Funktion soll doppelte E-Mail-Adressen entfernen, aber "Max@Firma.de" und "max@firma.de " bleiben beide drin. Was mache ich falsch?

def dedupe(emails):
    return list(set(emails))"""),
        ],
    ),
    case(
        "fix_de_002",
        L,
        "de",
        "Java-Stacktrace, kurze Frage",
        [
            user("""Bekomme beim Start der Spring-Boot-App das hier, seit ich den neuen Service eingebaut habe:

***************************
APPLICATION FAILED TO START
***************************

Description:

The dependencies of some of the beans in the application context form a cycle:

┌─────┐
|  orderService defined in file [/app/classes/com/shop/OrderService.class]
↑     ↓
|  paymentService defined in file [/app/classes/com/shop/PaymentService.class]
└─────┘

Beide Services bekommen sich gegenseitig per Konstruktor injiziert."""),
        ],
    ),
    case(
        "fix_de_003",
        L,
        "de",
        "Layout-Problem mit Screenshot",
        [
            parts(
                "Der Footer klebt nicht unten, wenn die Seite wenig Inhalt hat — er hängt mitten im Bildschirm (siehe Screenshot).\n\nbody { margin: 0; }\n.page { min-height: 100%; }\nfooter { height: 60px; background: #222; }",
                "https://cdn.example.de/screens/footer.png",
            ),
        ],
    ),
    case(
        "fix_de_004",
        L,
        "de",
        "Go-Test schlägt fehl",
        [
            user("""--- FAIL: TestRound (0.00s)
    money_test.go:12: Round(2.675) = 2.67, want 2.68
FAIL
exit status 1

func Round(x float64) float64 {
	return math.Round(x*100) / 100
}

Kaufmännisches Runden brauchen wir, das ist für Rechnungen."""),
        ],
    ),
    case(
        "fix_de_005",
        L,
        "de",
        "TypeScript: Promise wird nicht abgewartet, falsche Reihenfolge",
        [
            sys(COPILOT_CHAT),
            user("""Im Log steht "fertig" bevor alle Dateien hochgeladen sind, und manchmal fehlen Dateien auf dem Server.

```ts
async function uploadAll(files: File[]) {
  files.forEach(async (f) => {
    await upload(f);
  });
  console.log('fertig');
}
```"""),
        ],
    ),
    case(
        "fix_de_006",
        L,
        "de",
        "PHP-Fehlermeldung mit Code",
        [
            user("""Fatal error: Uncaught TypeError: count(): Argument #1 ($value) must be of type Countable|array, null given in /var/www/html/warenkorb.php:23

$artikel = $_SESSION['warenkorb'];
echo "Artikel im Warenkorb: " . count($artikel);

Tritt nur bei neuen Besuchern auf."""),
        ],
    ),
    case(
        "fix_de_007",
        L,
        "de",
        "Cronjob in Kubernetes läuft doppelt",
        [
            user("""Unser CronJob verschickt den Newsletter manchmal zweimal. Laut Events startet er zweimal fast gleichzeitig, wenn der erste Pod länger braucht.

apiVersion: batch/v1
kind: CronJob
metadata:
  name: newsletter
spec:
  schedule: "0 7 * * 1"
  jobTemplate:
    spec:
      backoffLimit: 3
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: send
              image: registry.local/newsletter:2.1"""),
        ],
    ),
    # --- Spanish ---
    case(
        "fix_es_001",
        L,
        "es",
        "falla descrita en palabras, sin traza",
        [
            user("""Esta función debería devolver el usuario más reciente, pero siempre me devuelve el más antiguo.

def ultimo_usuario(usuarios):
    return sorted(usuarios, key=lambda u: u.creado)[0]"""),
        ],
    ),
    case(
        "fix_es_002",
        L,
        "es",
        "traza de Node con poco texto",
        [
            user("""node:internal/process/promises:289
            triggerUncaughtException(err, true /* fromPromise */);
            ^

Error: listen EADDRINUSE: address already in use :::3000
    at Server.setupListenHandle [as _listen2] (node:net:1872:16)
    at listenInCluster (node:net:1920:12)

me pasa cada vez que guardo un archivo con nodemon, tengo que matar el proceso a mano"""),
        ],
    ),
    case(
        "fix_es_003",
        L,
        "es",
        "consulta SQL con resultado incorrecto",
        [
            user("""El promedio de ventas por vendedor sale mal: los vendedores sin ventas en el mes no aparecen y el promedio general sale más alto de lo que debería.

SELECT AVG(total) FROM (
  SELECT v.id, SUM(s.importe) AS total
  FROM vendedores v JOIN ventas s ON s.vendedor_id = v.id
  WHERE s.fecha BETWEEN '2026-11-01' AND '2026-11-30'
  GROUP BY v.id
) t;"""),
        ],
    ),
    case(
        "fix_es_004",
        L,
        "es",
        "error de compilación en C#",
        [
            user("""No compila:

Program.cs(18,13): error CS0165: Use of unassigned local variable 'descuento'

decimal descuento;
if (cliente.EsVip) descuento = 0.2m;
else if (total > 500) descuento = 0.1m;
var final = total * (1 - descuento);"""),
        ],
    ),
    case(
        "fix_es_005",
        L,
        "es",
        "React: el formulario recarga la página",
        [
            sys(OPENWEBUI),
            user("""Cuando pulso Enviar la página se recarga y pierdo lo escrito, no llega nada al backend.

function Contacto() {
  const [msg, setMsg] = useState('');
  const enviar = () => fetch('/api/contacto', { method: 'POST', body: JSON.stringify({ msg }) });
  return (
    <form onSubmit={enviar}>
      <textarea value={msg} onChange={(e) => setMsg(e.target.value)} />
      <button>Enviar</button>
    </form>
  );
}"""),
        ],
        SEARCH_ONLY,
    ),
    case(
        "fix_es_006",
        L,
        "es",
        "test de Rust falla",
        [
            user("""---- tests::parsea_fecha stdout ----
thread 'tests::parsea_fecha' panicked at src/lib.rs:31:9:
assertion `left == right` failed
  left: None
 right: Some(2026-12-05)

pub fn parsea(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%d/%m/%Y").ok()
}
// el test llama parsea("05-12-2026")"""),
        ],
    ),
    case(
        "fix_es_007",
        L,
        "es",
        "Python: la lista se comparte entre llamadas",
        [
            user("""Cada vez que llamo a agregar_tag sin pasar lista, los tags de llamadas anteriores aparecen también. ¿Por qué?

def agregar_tag(tag, tags=[]):
    tags.append(tag)
    return tags"""),
        ],
    ),
    # --- Chinese ---
    case(
        "fix_zh_001",
        L,
        "zh",
        "文字描述的错误，无堆栈",
        [
            user("""这个函数对空字符串返回的是 True，但我们要求空字符串不算合法手机号。

def is_phone(s):
    return all(c.isdigit() for c in s) and len(s) in (0, 11)"""),
        ],
    ),
    case(
        "fix_zh_002",
        L,
        "zh",
        "Python 报错堆栈",
        [
            user("""运行脚本报错了，帮我看看哪里有问题：

Traceback (most recent call last):
  File "stats.py", line 12, in <module>
    avg = total / count
ZeroDivisionError: division by zero

代码：
total, count = 0, 0
for line in open("scores.txt", encoding="utf-8"):
    if line.strip():
        total += int(line)
count = len(open("scores.txt").readlines())
avg = total / count"""),
        ],
    ),
    case(
        "fix_zh_003",
        L,
        "zh",
        "Vue 页面数据不更新",
        [
            sys(OPENWEBUI),
            user("""点击“加载更多”之后，列表没有变化，但是控制台打印出来数组确实变长了。

export default {
  data() { return { list: [] } },
  methods: {
    async more() {
      const res = await api.page(this.list.length)
      res.forEach((item, i) => { this.list[this.list.length + i] = item })
      console.log(this.list.length)
    }
  }
}
（Vue 2.7）"""),
        ],
        CHAT_UI_TOOLS,
    ),
    case(
        "fix_zh_004",
        L,
        "zh",
        "Go 编译错误",
        [
            user("""编译不过：

./main.go:23:9: cannot use u (variable of type User) as *User value in return statement

func findUser(id int) *User {
	for _, u := range users {
		if u.ID == id {
			return u
		}
	}
	return nil
}"""),
        ],
    ),
    case(
        "fix_zh_005",
        L,
        "zh",
        "MySQL 乱码",
        [
            user("""插入中文之后查出来全是问号 ???，表是这样建的：

CREATE TABLE article (id INT PRIMARY KEY, title VARCHAR(200)) DEFAULT CHARSET=latin1;

JDBC 连接串：jdbc:mysql://db:3306/blog?useSSL=false"""),
        ],
    ),
    case(
        "fix_zh_006",
        L,
        "zh",
        "Java 单测失败",
        [
            user("""单元测试一直失败：

org.opentest4j.AssertionFailedError: expected: <true> but was: <false>
	at OrderTest.sameOrder(OrderTest.java:17)

assertTrue(new Order(1L, "A").equals(new Order(1L, "A")));

Order 类里我只写了字段和构造函数，没重写别的。"""),
        ],
    ),
    case(
        "fix_zh_007",
        L,
        "zh",
        "Nginx 配置后 404",
        [
            user("""React 项目部署到 nginx 之后，首页能打开，但是刷新 /orders/12 这种页面就 404。

server {
    listen 80;
    root /usr/share/nginx/html;
    location / {
        index index.html;
    }
}"""),
        ],
    ),
    # --- mixed ---
    case(
        "fix_mx_001",
        L,
        "mixed",
        "English code and error, Polish ask",
        [
            user("""```
TypeError: Cannot read properties of undefined (reading 'map')
    at ProductList (ProductList.jsx:9:22)
```
```jsx
export default function ProductList({ category }) {
  const [products, setProducts] = useState();
  useEffect(() => { api.products(category).then(setProducts); }, [category]);
  return <ul>{products.map(p => <li key={p.id}>{p.name}</li>)}</ul>;
}
```
czemu to się wysypuje przy pierwszym renderze?"""),
        ],
    ),
    case(
        "fix_mx_002",
        L,
        "mixed",
        "German ask around English CI log",
        [
            user("""CI ist rot, lokal geht alles:

  × Lint
    src/index.ts
      3:10  error  'formatDate' is defined but never used  @typescript-eslint/no-unused-vars
     14:5   error  Unexpected console statement            no-console
  ✖ 2 problems (2 errors, 0 warnings)
Error: Process completed with exit code 1.

Lokal läuft `npm run lint` ohne Fehler — wir nutzen dieselbe .eslintrc."""),
        ],
    ),
    case(
        "fix_mx_003",
        L,
        "mixed",
        "Spanish ask, English trace",
        [
            user("""sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) SSL SYSCALL error: EOF detected
[SQL: SELECT orders.id FROM orders WHERE orders.status = %(status_1)s]

esto pasa solo por la mañana, la primera petición después de la noche siempre falla y luego todo va bien. uso create_engine(DB_URL) sin más opciones"""),
        ],
    ),
    case(
        "fix_mx_004",
        L,
        "mixed",
        "Chinese ask with English compiler output",
        [
            user("""error: use of moved value: `name`
  --> src/main.rs:8:20
   |
5  |     let name = String::from("alice");
   |         ---- move occurs because `name` has type `String`, which does not implement the `Copy` trait
6  |     let u = User { name };
   |                    ---- value moved here
7  |
8  |     println!("{}", name);
   |                    ^^^^ value borrowed here after move

这个怎么改？"""),
        ],
    ),
    case(
        "fix_mx_005",
        L,
        "mixed",
        "Polish ask on English Aider session",
        [
            sys(AIDER),
            user("""src/parser.py
```python
def parse_price(s: str) -> float:
    return float(s.replace(",", "."))
```
dla "1 299,99 zł" leci ValueError: could not convert string to float: '1 299.99 zł' — ceny z polskiego sklepu mają spacje jako separatory tysięcy i walutę na końcu"""),
        ],
    ),
    # --- English with tools in history / long bodies ---
    case(
        "fix_tool_001",
        L,
        "en",
        "chat UI with a web_search call in history; last turn pastes failure of user's code",
        [
            sys(OPENWEBUI),
            user("what's the latest version of pydantic?"),
            call("call_ws1", "web_search", '{"query": "pydantic latest release"}'),
            result("call_ws1", "pydantic 2.10.3 — released 2026-11-20 (PyPI)."),
            asst("The latest release is pydantic 2.10.3 (20 Nov 2026)."),
            user("""upgraded to it and now my model import breaks:

pydantic.errors.PydanticUserError: `const` is removed, use `Literal` instead.

class Event(BaseModel):
    kind: str = Field("click", const=True)
    ts: datetime"""),
        ],
        CHAT_UI_TOOLS,
    ),
    case(
        "fix_tool_002",
        L,
        "en",
        "long log with one traceback buried; short ask",
        [
            user(
                "worker keeps failing on some invoices since this morning. log below\n\n"
                + _LONG_LOG_1
                + "\n\nthe VAT rate column was made nullable yesterday for the new reverse-charge customers"
            ),
        ],
    ),
    case(
        "fix_tool_003",
        L,
        "en",
        "long log showing pool exhaustion plus code",
        [
            user(
                "we get bursts of 500s every afternoon. here's the app log around it:\n\n"
                + _LONG_LOG_2
                + """

and the db setup:

engine = create_engine(DB_URL, pool_size=20, max_overflow=0, pool_timeout=5)

def get_orders(uid):
    conn = engine.connect()
    rows = conn.execute(text("SELECT * FROM orders WHERE user_id=:u"), {"u": uid}).all()
    return rows"""
            ),
        ],
    ),
    case(
        "fix_tool_004",
        L,
        "en",
        "long module pasted, one function misbehaves",
        [
            user(
                "every `normalize_*` helper in this file is supposed to return a copy, but the callers report that the input dict is mutated after calling some of them. here is the module, the bug is probably in how we build the result:\n\n```python\n"
                + _LONG_MODULE
                + """

def normalize_totals(data: dict) -> dict:
    data["total"] = round(float(data.get("total", 0)), 2)
    data["currency"] = (data.get("currency") or "EUR").upper()
    return data
```"""
            ),
        ],
    ),
    case(
        "fix_en_001",
        L,
        "en",
        "wrong output: timezone conversion",
        [
            user("""converting "2026-03-29 02:30" Europe/Warsaw to UTC gives 01:30 — but 02:30 doesn't exist that day (DST jump), I'd expect an error or 01:30 UTC with a warning. right now it silently gives a wrong time for the day after as well:

local = datetime(2026, 3, 30, 2, 30, tzinfo=ZoneInfo("Europe/Warsaw"))
print(local.astimezone(timezone.utc))  # 2026-03-30 00:30 ok
naive = datetime.strptime("2026-03-30 02:30", "%Y-%m-%d %H:%M")
print(naive.replace(tzinfo=pytz.timezone("Europe/Warsaw")).astimezone(pytz.utc))  # 01:06 ???"""),
        ],
    ),
    case(
        "fix_en_002",
        L,
        "en",
        "script output shows duplicates, described",
        [
            user("""the report lists each customer twice when they have both a billing and a shipping contact. I only want one row per customer with the billing email.

SELECT c.id, c.name, ct.email
FROM customers c
JOIN contacts ct ON ct.customer_id = c.id
ORDER BY c.name;"""),
        ],
    ),
    case(
        "fix_en_003",
        L,
        "en",
        "Flutter overflow error",
        [
            user("""A RenderFlex overflowed by 48 pixels on the right.

The relevant error-causing widget was:
  Row Row:file:///app/lib/widgets/order_tile.dart:22:12

Row(children: [
  Icon(Icons.local_shipping),
  Text(order.address),
  Text(order.status),
])

long addresses push the status off screen"""),
        ],
    ),
    case(
        "fix_en_004",
        L,
        "en",
        "regression after dependency upgrade",
        [
            user("""after bumping axios from 0.27 to 1.6, every POST to our API arrives with an empty body on the Express side. nothing else changed.

axios.post('/api/items', qs.stringify({ name, qty }), {
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  transformRequest: [(d) => d],
});

app.use(express.json());"""),
        ],
    ),
    case(
        "fix_en_005",
        L,
        "en",
        "GitHub Actions: secret empty in fork PRs",
        [
            user("""Run ./scripts/deploy-preview.sh
Error: Missing required env VERCEL_TOKEN
Error: Process completed with exit code 1.

only fails on PRs from forks. same workflow works for branches in the repo. trigger is `on: pull_request`"""),
        ],
    ),
    case(
        "fix_en_006",
        L,
        "en",
        "Java: equals/hashCode causes HashSet duplicates",
        [
            user("""HashSet<Point> keeps duplicates: set.add(new Point(1,2)) twice gives size 2

class Point {
    final int x, y;
    Point(int x, int y) { this.x = x; this.y = y; }
    @Override public boolean equals(Object o) {
        return o instanceof Point p && p.x == x && p.y == y;
    }
}"""),
        ],
    ),
    case(
        "fix_en_007",
        L,
        "en",
        "pandas merge produces NaN",
        [
            user("""after the merge every `region` is NaN even though the ids match when I eyeball them

sales = pd.read_csv("sales.csv")          # store_id like 17, 23 ...
stores = pd.read_excel("stores.xlsx")     # store_id like "017", "023"
out = sales.merge(stores[["store_id", "region"]], on="store_id", how="left")"""),
        ],
    ),
    case(
        "fix_en_008",
        L,
        "en",
        "Continue session: follow-up failure after assistant's suggestion",
        [
            sys(CONTINUE),
            user(
                "```py tasks.py\n@app.task\ndef resize(path):\n    img = Image.open(path)\n    img.thumbnail((800, 800))\n    img.save(path)\n```\nhow do I make this run in the background from the view?"
            ),
            asst(
                "Call `resize.delay(path)` from the view instead of `resize(path)`; the worker will pick it up."
            ),
            user("""now the worker logs this for every image:

[2026-12-05 10:02:11,412: ERROR/ForkPoolWorker-2] Task tasks.resize[3c1d…] raised unexpected: FileNotFoundError(2, 'No such file or directory')
  File "/app/tasks.py", line 4, in resize
    img = Image.open(path)

the view passes request.FILES['photo'].temporary_file_path()"""),
        ],
    ),
    case(
        "fix_en_009",
        L,
        "en",
        "Makefile tab error",
        [
            user("""Makefile:4: *** missing separator.  Stop.

build:
    go build -o bin/app ./cmd/app
test:
    go test ./..."""),
        ],
    ),
    case(
        "fix_en_010",
        L,
        "en",
        "off-by-one in binary search (described, no trace)",
        [
            user("""binary search never finds the last element of the array, everything else is found

int find(int[] a, int target) {
    int lo = 0, hi = a.length - 1;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (a[mid] == target) return mid;
        if (a[mid] < target) lo = mid + 1; else hi = mid - 1;
    }
    return -1;
}"""),
        ],
    ),
    case(
        "fix_en_011",
        L,
        "en",
        "Excel VBA runtime error",
        [
            user("""Run-time error '91': Object variable or With block variable not set

on this line: If c.Value = "" Then

Sub CleanUp()
    Dim c As Range
    Set c = Sheets("Data").Range("A:A").Find("TOTAL")
    If c.Value = "" Then Exit Sub
    c.EntireRow.Delete
End Sub

only happens on months where there's no TOTAL row"""),
        ],
    ),
    case(
        "fix_en_012",
        L,
        "en",
        "Spark job fails with OOM (trace)",
        [
            user("""Job aborted due to stage failure: Task 17 in stage 4.0 failed 4 times, most recent failure: Lost task 17.3 in stage 4.0 (TID 211) (10.2.0.14 executor 3): ExecutorLostFailure (executor 3 exited caused by one of the running tasks) Reason: Container killed by YARN for exceeding memory limits. 9.3 GB of 9 GB physical memory used.

df = events.groupBy("user_id").agg(F.collect_list("payload").alias("all"))
df.write.parquet(out)

a handful of bot users have millions of events"""),
        ],
    ),
    case(
        "fix_en_013",
        L,
        "en",
        "image upload rotated wrongly (described)",
        [
            parts(
                "Photos taken in portrait on iPhones show up rotated 90° after upload (screenshot). Thumbnail code:\n\nimg = Image.open(f)\nimg.thumbnail((512, 512))\nimg.save(out, 'JPEG', quality=85)",
                "data:image/jpeg;base64,/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAACf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AKp//2Q==",
            ),
        ],
    ),
    case(
        "fix_en_014",
        L,
        "en",
        "websocket disconnects every 60 s behind proxy",
        [
            user("""our websocket connections drop exactly every 60 seconds in production (fine locally). client gets close code 1006.

location /ws/ {
    proxy_pass http://app:8000;
    proxy_http_version 1.1;
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection "upgrade";
}"""),
        ],
    ),
    case(
        "fix_en_015",
        L,
        "en",
        "terse: code plus 'doesn't work'",
        [
            user("""doesn't work, always prints 'odd'

n = input("number: ")
if n % 2 == 0:
    print("even")
else:
    print("odd")"""),
        ],
    ),
    case(
        "fix_en_016",
        L,
        "en",
        "unexpected mutable shared state in JS module (wrong output)",
        [
            user("""second user who logs in sees the first user's cart items. node + express, single instance.

// cart.js
const cart = [];
module.exports = {
  add: (item) => cart.push(item),
  items: () => cart,
};"""),
        ],
    ),
    case(
        "fix_en_017",
        L,
        "en",
        "Prometheus alert never fires (described, config)",
        [
            user("""this alert never fires even when the service is clearly down (target shows DOWN in the UI for 20 min)

- alert: ApiDown
  expr: up{job="api"} == 0
  for: 5m
  labels: { severity: page }

the job in prometheus.yml is called `api-prod`"""),
        ],
    ),
    case(
        "fix_en_018",
        L,
        "en",
        "Laravel: mass assignment exception",
        [
            user("""Illuminate\\Database\\Eloquent\\MassAssignmentException
Add [title] to fillable property to allow mass assignment on [App\\Models\\Post].

Post::create($request->validated());

what's the right way here, I don't want to unguard everything"""),
        ],
    ),
    case(
        "fix_en_019",
        L,
        "en",
        "Go: data race reported by -race",
        [
            user("""==================
WARNING: DATA RACE
Write at 0x00c0000b4010 by goroutine 8:
  main.(*Counter).Inc()
      /app/counter.go:9 +0x44
Previous read at 0x00c0000b4010 by goroutine 7:
  main.(*Counter).Value()
      /app/counter.go:13 +0x3a
==================

type Counter struct{ n int }
func (c *Counter) Inc()      { c.n++ }
func (c *Counter) Value() int { return c.n }"""),
        ],
    ),
    case(
        "fix_en_020",
        L,
        "en",
        "Swift: crash on force unwrap with message",
        [
            user("""Fatal error: Unexpectedly found nil while unwrapping an Optional value
crash is at `let url = URL(string: "https://api.example.com/search?q=\\(query)")!` when the query has a space or "ä" in it"""),
        ],
    ),
    case(
        "fix_en_021",
        L,
        "en",
        "shell: variable empty inside pipe loop",
        [
            user("""count is always 0 at the end even though the loop clearly runs (I see the echo lines)

count=0
grep ERROR app.log | while read -r line; do
  echo "$line"
  count=$((count+1))
done
echo "errors: $count\""""),
        ],
    ),
]
