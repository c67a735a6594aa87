# ruff: noqa: E501, E101
"""code_review requests, second half: other languages, mixed asks, chat UIs with tools, long files."""

from __future__ import annotations

from bulk import python_module
from common import (
    AIDER,
    CHAT_UI_TOOLS,
    CONTINUE,
    COPILOT_CHAT,
    OPENWEBUI,
    REVIEW_BOT,
    SEARCH_ONLY,
    asst,
    call,
    case,
    parts,
    result,
    sys,
    user,
)

L = "code_review"

_LONG_MODULE = python_module(41, 80)

CASES = [
    # --- Polish ---
    case(
        "rev_pl_001",
        L,
        "pl",
        "czy to jest poprawne? bez zgłoszonego błędu",
        [
            user("""Czy ta walidacja NIP-u jest poprawna? Testowałem na kilku numerach i działa, ale nie jestem pewien sumy kontrolnej.

def nip_ok(nip: str) -> bool:
    nip = nip.replace("-", "")
    if len(nip) != 10 or not nip.isdigit():
        return False
    wagi = [6, 5, 7, 2, 3, 4, 5, 6, 7]
    suma = sum(int(c) * w for c, w in zip(nip, wagi))
    return suma % 11 == int(nip[9])"""),
        ],
    ),
    case(
        "rev_pl_002",
        L,
        "pl",
        "prośba o code review PR-a",
        [
            sys(REVIEW_BOT),
            user("""Zrób review tego diffa, proszę.

--- a/app/zamowienia.py
+++ b/app/zamowienia.py
@@ -30,6 +30,12 @@ def anuluj(zamowienie_id: int, user: User):
     z = Zamowienie.query.get(zamowienie_id)
+    if z.status == "wyslane":
+        raise BladBiznesowy("Nie można anulować wysłanego zamówienia")
+    z.status = "anulowane"
+    db.session.commit()
+    zwrot_platnosci(z.platnosc_id)
+    wyslij_maila(z.klient.email, "Anulowano zamówienie")"""),
        ],
    ),
    case(
        "rev_pl_003",
        L,
        "pl",
        "pytanie o bezpieczeństwo kodu PHP",
        [
            user("""Czy ten kod jest bezpieczny? To wyszukiwarka produktów w naszym sklepie.

<?php
$fraza = $_GET['q'];
$wyniki = $pdo->query("SELECT * FROM produkty WHERE nazwa LIKE '%$fraza%'")->fetchAll();
foreach ($wyniki as $p) {
    echo "<li>" . $p['nazwa'] . " — " . $p['cena'] . " zł</li>";
}
echo "Szukano: " . $fraza;"""),
        ],
    ),
    case(
        "rev_pl_004",
        L,
        "pl",
        "ocena wydajności zapytania",
        [
            sys(OPENWEBUI),
            user("""Ocenisz to zapytanie pod kątem wydajności? Tabela logi ma ok. 50 mln wierszy, indeks jest na (uzytkownik_id, czas).

SELECT * FROM logi
WHERE LOWER(akcja) = 'logowanie'
  AND EXTRACT(YEAR FROM czas) = 2026
ORDER BY czas DESC
LIMIT 100;"""),
        ],
        CHAT_UI_TOOLS,
    ),
    case(
        "rev_pl_005",
        L,
        "pl",
        "czy są tu jakieś problemy (Go)",
        [
            user("""Są tu jakieś problemy? Kolega napisał, działa na testach.

func (s *Serwis) Pobierz(ctx context.Context, ids []int) ([]Produkt, error) {
	wyniki := make([]Produkt, len(ids))
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, _ := s.repo.Znajdz(ctx, id)
			wyniki[i] = p
		}()
	}
	wg.Wait()
	return wyniki, nil
}"""),
        ],
    ),
    case(
        "rev_pl_006",
        L,
        "pl",
        "sprawdź Dockerfile przed wdrożeniem",
        [
            user("""Rzuć okiem na Dockerfile zanim wypchniemy na produkcję — co byś poprawił?

FROM node:latest
WORKDIR /app
COPY . .
RUN npm install
RUN npm run build
ENV NODE_ENV=production
CMD ["npm", "start"]"""),
        ],
    ),
    case(
        "rev_pl_007",
        L,
        "pl",
        "opinia o testach",
        [
            sys(CONTINUE),
            user("""```ts src/__tests__/koszyk.test.ts
it('dodaje produkt', async () => {
  const k = new Koszyk();
  k.dodaj({ id: 1, cena: 10 });
  await new Promise((r) => setTimeout(r, 500));
  expect(k.pozycje.length).toBeGreaterThan(0);
});
```
Czy ten test ma sens? Mam wrażenie, że niczego konkretnego nie sprawdza."""),
        ],
    ),
    # --- German ---
    case(
        "rev_de_001",
        L,
        "de",
        "Ist das so richtig? Ohne Fehler",
        [
            user("""Ist das so richtig, oder übersehe ich was? Soll prüfen, ob ein Jahr ein Schaltjahr ist.

boolean istSchaltjahr(int j) {
    return j % 4 == 0 && j % 100 != 0;
}"""),
        ],
    ),
    case(
        "rev_de_002",
        L,
        "de",
        "Sicherheitsreview einer Express-Route",
        [
            user("""Kannst du die Route auf Sicherheitslücken prüfen? Geht nächste Woche live.

app.get('/download', (req, res) => {
  const datei = path.join(__dirname, 'rechnungen', req.query.name);
  res.sendFile(datei);
});

app.post('/admin/login', (req, res) => {
  if (req.body.pw == process.env.ADMIN_PW) {
    res.cookie('admin', 'true');
    return res.redirect('/admin');
  }
  res.status(401).send('Falsches Passwort');
});"""),
        ],
    ),
    case(
        "rev_de_003",
        L,
        "de",
        "Code-Review eines Merge Requests (Diff)",
        [
            user("""Review bitte, bevor ich den MR freigebe:

@@ -41,7 +41,11 @@ public class RechnungService {
-    public BigDecimal brutto(BigDecimal netto) {
-        return netto.multiply(new BigDecimal("1.19"));
+    public double brutto(double netto, boolean ermaessigt) {
+        double satz = ermaessigt ? 1.07 : 1.19;
+        return Math.round(netto * satz * 100) / 100;
     }"""),
        ],
    ),
    case(
        "rev_de_004",
        L,
        "de",
        "Frage zur Thread-Sicherheit in C#",
        [
            user("""Ist dieser Zähler threadsicher? Wird aus mehreren Tasks gleichzeitig aufgerufen.

public class Statistik
{
    private int _anfragen;
    private readonly Dictionary<string, int> _proEndpunkt = new();

    public void Zaehle(string endpunkt)
    {
        _anfragen++;
        if (_proEndpunkt.ContainsKey(endpunkt)) _proEndpunkt[endpunkt]++;
        else _proEndpunkt[endpunkt] = 1;
    }
}"""),
        ],
    ),
    case(
        "rev_de_005",
        L,
        "de",
        "Bewertung eines Terraform-Plans",
        [
            user("""Was hältst du von dieser Konfiguration? Geht es besser/sicherer?

resource "azurerm_storage_account" "daten" {
  name                     = "firmadaten01"
  resource_group_name      = azurerm_resource_group.rg.name
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
  allow_nested_items_to_be_public = true
  min_tls_version          = "TLS1_0"
}"""),
        ],
    ),
    case(
        "rev_de_006",
        L,
        "de",
        "Aider: nur Meinung, keine Änderung",
        [
            sys(AIDER),
            user("""Noch nichts ändern. Sag mir nur, ob die Klasse so sinnvoll geschnitten ist oder ob sie zu viel macht.

app/benutzer.py
```python
class BenutzerVerwaltung:
    def registrieren(self, email, pw): ...
    def passwort_hashen(self, pw): ...
    def mail_senden(self, an, betreff, text): ...
    def pdf_rechnung_erzeugen(self, benutzer_id): ...
    def statistik_exportieren(self, pfad): ...
```"""),
        ],
    ),
    case(
        "rev_de_007",
        L,
        "de",
        "SQL-Review auf Korrektheit",
        [
            user("""Liefert das wirklich den letzten Login je Benutzer? Bin unsicher wegen GROUP BY.

SELECT benutzer_id, MAX(zeitpunkt), ip_adresse
FROM logins
GROUP BY benutzer_id;

(MySQL 8, ONLY_FULL_GROUP_BY ist aus)"""),
        ],
    ),
    # --- Spanish ---
    case(
        "rev_es_001",
        L,
        "es",
        "¿está bien este código? sin fallo reportado",
        [
            user("""¿Está bien hecho esto? Quiero validar que una contraseña tenga al menos 8 caracteres, una mayúscula y un número.

function valida(pw) {
  return pw.length > 8 && /[A-Z]/.test(pw) && /[0-9]/.test(pw);
}"""),
        ],
    ),
    case(
        "rev_es_002",
        L,
        "es",
        "revisión de seguridad de endpoint",
        [
            sys(OPENWEBUI),
            user("""Revisa este endpoint de Flask por temas de seguridad, por favor.

@app.route("/perfil/<int:uid>")
def perfil(uid):
    u = Usuario.query.get_or_404(uid)
    return render_template_string("<h1>Hola " + u.nombre + "</h1><p>" + u.bio + "</p>")"""),
        ],
        SEARCH_ONLY,
    ),
    case(
        "rev_es_003",
        L,
        "es",
        "revisión de PR con diff",
        [
            user("""¿Aprobarías este PR?

--- a/src/carrito.ts
+++ b/src/carrito.ts
@@ -8,4 +8,9 @@ export function total(items: Item[]): number {
-  return items.reduce((s, i) => s + i.precio * i.cantidad, 0);
+  let s = 0;
+  for (var i = 0; i <= items.length; i++) {
+    s += items[i]?.precio * items[i]?.cantidad || 0;
+  }
+  return s;
 }"""),
        ],
    ),
    case(
        "rev_es_004",
        L,
        "es",
        "¿hay alguna fuga de memoria?",
        [
            user("""¿Hay alguna fuga de memoria aquí? Es C++ para un juego pequeño.

class Nivel {
public:
    Nivel() { enemigos = new Enemigo[100]; }
    ~Nivel() { delete enemigos; }
    Nivel(const Nivel&) = default;
private:
    Enemigo* enemigos;
};"""),
        ],
    ),
    case(
        "rev_es_005",
        L,
        "es",
        "opinión sobre diseño de tabla",
        [
            user("""¿Qué te parece este esquema? Es para reservas de un hotel pequeño.

CREATE TABLE reservas (
  id SERIAL PRIMARY KEY,
  cliente VARCHAR(100),
  telefono VARCHAR(20),
  habitacion INT,
  fecha_entrada VARCHAR(10),
  fecha_salida VARCHAR(10),
  precio FLOAT
);"""),
        ],
    ),
    case(
        "rev_es_006",
        L,
        "es",
        "evaluar rendimiento de código Python",
        [
            user("""Este código tarda bastante con listas grandes. ¿Ves algo mejorable? No da error, solo quiero tu opinión.

def comunes(a, b):
    res = []
    for x in a:
        if x in b and x not in res:
            res.append(x)
    return res"""),
        ],
    ),
    case(
        "rev_es_007",
        L,
        "es",
        "revisar workflow de CI",
        [
            user("""¿Ves algún riesgo en este workflow?

on: [push]
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@main
      - run: curl -sL https://get.herramienta.dev | bash
      - run: echo "${{ secrets.SSH_KEY }}" > key && chmod 600 key
      - run: scp -i key -o StrictHostKeyChecking=no -r dist/ deploy@prod:/var/www"""),
        ],
    ),
    # --- Chinese ---
    case(
        "rev_zh_001",
        L,
        "zh",
        "这段代码有问题吗？无报错",
        [
            user("""帮我看看这段代码有没有问题？目前跑起来没报错。

public synchronized static String nextId() {
    return new SimpleDateFormat("yyyyMMddHHmmss").format(new Date()) + (int)(Math.random() * 100);
}

用来生成订单号。"""),
        ],
    ),
    case(
        "rev_zh_002",
        L,
        "zh",
        "代码审查 PR",
        [
            sys(REVIEW_BOT),
            user("""请审查这个改动：

--- a/service/user.go
+++ b/service/user.go
@@ -20,6 +20,10 @@ func (s *UserService) Delete(id int64) error {
+	if id == 0 {
+		return nil
+	}
+	s.cache.Delete(id)
 	return s.db.Exec("DELETE FROM users WHERE id = ?", id).Error
 }"""),
        ],
    ),
    case(
        "rev_zh_003",
        L,
        "zh",
        "安全审计",
        [
            user("""这个上传接口安全吗？有哪些风险？

@PostMapping("/upload")
public String upload(@RequestParam MultipartFile file) throws IOException {
    String name = file.getOriginalFilename();
    file.transferTo(new File("/data/upload/" + name));
    return "/static/" + name;
}"""),
        ],
    ),
    case(
        "rev_zh_004",
        L,
        "zh",
        "性能评估",
        [
            sys(OPENWEBUI),
            user("""下面这个 Redis 用法在高并发下会有性能问题吗？

def get_rank(uid):
    all_users = r.zrange("rank", 0, -1, withscores=True)
    for i, (u, s) in enumerate(reversed(all_users)):
        if u.decode() == str(uid):
            return i + 1
    return None

排行榜大概有 50 万人。"""),
        ],
        CHAT_UI_TOOLS,
    ),
    case(
        "rev_zh_005",
        L,
        "zh",
        "写法是否规范",
        [
            user("""这样写 React 组件规范吗？有什么可以改进的？

function List(props) {
  var data = props.data
  return <div>{data.map(function(d) { return <div onClick={() => props.onClick(d)}>{d.name}</div> })}</div>
}"""),
        ],
    ),
    case(
        "rev_zh_006",
        L,
        "zh",
        "并发正确性判断",
        [
            user("""这个双重检查锁写得对吗？

class Config {
    private static Config inst;
    static Config get() {
        if (inst == null) {
            synchronized (Config.class) {
                if (inst == null) inst = new Config();
            }
        }
        return inst;
    }
}"""),
        ],
    ),
    case(
        "rev_zh_007",
        L,
        "zh",
        "审查 SQL 索引设计",
        [
            user("""帮忙评审一下这个表结构和索引设计，主要查询是按 user_id 查最近 20 条订单。

CREATE TABLE orders (
  id BIGINT PRIMARY KEY AUTO_INCREMENT,
  user_id BIGINT,
  status TINYINT,
  created_at DATETIME,
  INDEX idx_status (status),
  INDEX idx_created (created_at)
);"""),
        ],
    ),
    # --- mixed ---
    case(
        "rev_mx_001",
        L,
        "mixed",
        "English diff, Polish ask",
        [
            user("""--- a/src/auth/middleware.ts
+++ b/src/auth/middleware.ts
@@ -5,6 +5,8 @@ export function requireAuth(req, res, next) {
   const token = req.headers.authorization?.split(' ')[1];
+  if (process.env.NODE_ENV !== 'production' && req.query.debug) return next();
   if (!token) return res.status(401).end();
   try {
     req.user = jwt.verify(token, SECRET);

możesz ocenić tę zmianę? chodzi o łatwiejsze testowanie lokalne"""),
        ],
    ),
    case(
        "rev_mx_002",
        L,
        "mixed",
        "German ask, English code",
        [
            user("""```python
@lru_cache(maxsize=None)
def get_user_permissions(user_id: int) -> set[str]:
    return {p.name for p in db.query(Permission).filter_by(user_id=user_id)}
```
Ist das eine gute Idee? Rechte können sich im Admin-Panel jederzeit ändern."""),
        ],
    ),
    case(
        "rev_mx_003",
        L,
        "mixed",
        "Spanish ask, English code",
        [
            user("""def transfer(src, dst, amount):
    if src.balance >= amount:
        src.balance -= amount
        dst.balance += amount
        src.save()
        dst.save()

¿esto es correcto si dos transferencias llegan a la vez? (Django + Postgres)"""),
        ],
    ),
    case(
        "rev_mx_004",
        L,
        "mixed",
        "Chinese ask, English diff",
        [
            user("""-    timeout: 30s
+    timeout: 300s
-    retries: 3
+    retries: 10
+    retry_on: [5xx, reset, connect-failure, retriable-4xx]

这个网关配置改动合理吗？会不会放大故障？"""),
        ],
    ),
    case(
        "rev_mx_005",
        L,
        "mixed",
        "Polish ask on English Copilot-style prompt",
        [
            sys(COPILOT_CHAT),
            user("""```kotlin
suspend fun loadAll(ids: List<String>) = ids.map { id ->
    GlobalScope.async { api.fetch(id) }
}.awaitAll()
```
czy to dobre podejście? nie mam błędów, ale kolega marudzi na GlobalScope"""),
        ],
    ),
    # --- English ---
    case(
        "rev_en_001",
        L,
        "en",
        "long file pasted for review, under large-context size",
        [
            user(
                "Can you do a review pass on this module before I split it up? Looking for dead code, naming, and anything that silently swallows bad data. It's generated-ish helper code from a previous contractor.\n\n```python\n"
                + _LONG_MODULE
                + "\n```"
            ),
        ],
    ),
    case(
        "rev_en_002",
        L,
        "en",
        "tool-call history (fetched file), last turn asks for judgement",
        [
            sys(OPENWEBUI),
            user("grab the contents of https://raw.example.dev/acme/lib/main/src/retry.ts"),
            call("call_fetch1", "web_search", '{"query": "raw.example.dev acme lib src/retry.ts"}'),
            result(
                "call_fetch1",
                """export async function retry<T>(fn: () => Promise<T>, n = 3): Promise<T> {
  try { return await fn(); }
  catch (e) { if (n === 0) throw e; return retry(fn, n - 1); }
}""",
            ),
            asst(
                "Here's the file:\n\n```ts\nexport async function retry<T>(fn: () => Promise<T>, n = 3): Promise<T> {\n  try { return await fn(); }\n  catch (e) { if (n === 0) throw e; return retry(fn, n - 1); }\n}\n```"
            ),
            user("ok, is this implementation any good? would you use it in production?"),
        ],
        CHAT_UI_TOOLS,
    ),
    case(
        "rev_en_003",
        L,
        "en",
        "review of a bash script for portability",
        [
            user("""Will this run fine on macOS too, or are there GNU-isms? No errors on Linux.

#!/bin/sh
files=$(find . -name '*.log' -newermt "$(date -d '7 days ago' +%F)")
for f in $files; do
  sed -i 's/password=[^ ]*/password=***/g' "$f"
done
readarray -t hosts < hosts.txt"""),
        ],
    ),
    case(
        "rev_en_004",
        L,
        "en",
        "is this a correct implementation of an algorithm (Rust)",
        [
            user("""Is my quicksort correct? It passes my 5 tests but I'm not confident about the partition bounds.

fn quicksort<T: PartialOrd + Copy>(v: &mut [T]) {
    if v.len() <= 1 { return; }
    let p = v[v.len() / 2];
    let (mut i, mut j) = (0, v.len() - 1);
    loop {
        while v[i] < p { i += 1; }
        while v[j] > p { j -= 1; }
        if i >= j { break; }
        v.swap(i, j);
        i += 1; j -= 1;
    }
    let (l, r) = v.split_at_mut(j + 1);
    quicksort(l);
    quicksort(r);
}"""),
        ],
    ),
    case(
        "rev_en_005",
        L,
        "en",
        "compare two implementations",
        [
            user("""Two ways we've written the same config merge. Which one would you keep, and do they behave the same for nested lists?

def merge_a(a, b):
    out = dict(a)
    for k, v in b.items():
        out[k] = merge_a(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out

def merge_b(a, b):
    return {**a, **b}"""),
        ],
    ),
    case(
        "rev_en_006",
        L,
        "en",
        "accessibility review of HTML",
        [
            user("""Can you review this markup for accessibility?

<div class="btn" onclick="openModal()">Open</div>
<img src="chart.png">
<input type="text" placeholder="Email">
<div class="modal" style="display:none">
  <span onclick="closeModal()">×</span>
  ...
</div>"""),
        ],
    ),
    case(
        "rev_en_007",
        L,
        "en",
        "is it OK to ignore this linter warning",
        [
            user("""golangci-lint flags `errcheck` on `defer resp.Body.Close()`. Is it fine to ignore here or is it a real problem?

resp, err := http.Get(url)
if err != nil { return err }
defer resp.Body.Close()
return json.NewDecoder(resp.Body).Decode(&out)"""),
        ],
    ),
    case(
        "rev_en_008",
        L,
        "en",
        "review SQL for injection in dynamic ORDER BY",
        [
            user("""Is this safe? sort comes from the query string.

allowed = {"name", "created_at", "price"}
col = request.args.get("sort", "name")
if col not in allowed:
    col = "name"
direction = request.args.get("dir", "asc")
rows = db.execute(f"SELECT * FROM products ORDER BY {col} {direction}").fetchall()"""),
        ],
    ),
    case(
        "rev_en_009",
        L,
        "en",
        "multi-turn: first asked for code, now wants review of own variant",
        [
            user("write a function that chunks a list into pieces of size n"),
            asst(
                "```python\ndef chunks(xs, n):\n    return [xs[i:i + n] for i in range(0, len(xs), n)]\n```"
            ),
            user("""thanks. my coworker wrote this generator version instead — is it equivalent? any downsides?

def chunks(it, n):
    it = iter(it)
    while True:
        batch = list(islice(it, n))
        if not batch:
            return
        yield batch"""),
        ],
    ),
    case(
        "rev_en_010",
        L,
        "en",
        "Helm values review",
        [
            user("""sanity check our helm values for prod?

replicaCount: 1
image:
  tag: latest
  pullPolicy: Always
podSecurityContext: {}
securityContext:
  privileged: true
service:
  type: LoadBalancer
ingress:
  enabled: false
autoscaling:
  enabled: false"""),
        ],
    ),
    case(
        "rev_en_011",
        L,
        "en",
        "review a migration script for idempotency",
        [
            user("""will this data migration be safe to re-run if it dies halfway?

for user in User.objects.filter(plan="legacy"):
    Subscription.objects.create(user=user, plan="basic", started=user.created)
    user.plan = "basic"
    user.save()"""),
        ],
    ),
    case(
        "rev_en_012",
        L,
        "en",
        "opinion on exception hierarchy",
        [
            user("""does this exception design make sense for a client library?

class ApiError(Exception): ...
class NotFound(Exception): ...
class RateLimited(ApiError): ...
class ServerError(Exception):
    def __init__(self, code):
        self.code = code"""),
        ],
    ),
    case(
        "rev_en_013",
        L,
        "en",
        "review Java code for resource leak",
        [
            user("""anything wrong with how resources are handled here?

public List<String> readLines(String path) throws IOException {
    BufferedReader r = new BufferedReader(new FileReader(path));
    List<String> out = new ArrayList<>();
    String line;
    while ((line = r.readLine()) != null) out.add(line);
    return out;
}"""),
        ],
    ),
    case(
        "rev_en_014",
        L,
        "en",
        "review TS types for soundness",
        [
            user("""Is this type guard actually sound?

function isUser(x: unknown): x is User {
  return typeof x === 'object' && 'id' in (x as any);
}"""),
        ],
    ),
    case(
        "rev_en_015",
        L,
        "en",
        "screenshot of a PR page plus review ask",
        [
            parts(
                "Here's the PR summary screen. The change replaces our hand-rolled CSV parser with `csv.DictReader` and drops the `strict` flag. Anything you'd push back on?\n\n-    rows = parse_csv(text, strict=True)\n+    rows = list(csv.DictReader(io.StringIO(text)))",
                "https://files.example.dev/pr-4411.png",
            ),
        ],
    ),
    case(
        "rev_en_016",
        L,
        "en",
        "critique CSS architecture",
        [
            user("""is this a reasonable way to structure our CSS or will it hurt later?

.header .nav ul li a.active span { color: red !important; }
#sidebar div div p { margin: 0 !important; }
.mt-10 { margin-top: 10px; } .mt-11 { margin-top: 11px; } .mt-12 { margin-top: 12px; }"""),
        ],
    ),
    case(
        "rev_en_017",
        L,
        "en",
        "hypothetical: could X happen (no observed failure)",
        [
            user("""can this ever produce two identical invoice numbers?

def next_invoice_number():
    last = Invoice.objects.order_by("-number").first()
    return (last.number + 1) if last else 1

called from the checkout view, we run 4 gunicorn workers"""),
        ],
    ),
    case(
        "rev_en_018",
        L,
        "en",
        "review of logging for PII",
        [
            user("""compliance asked us to check for PII in logs. does this logging config/code leak anything?

logger.info("login ok user=%s ip=%s", user.email, request.remote_addr)
logger.debug("payload=%s", request.get_json())
logger.warning("payment failed card=%s reason=%s", card_number[-4:], reason)"""),
        ],
    ),
    case(
        "rev_en_019",
        L,
        "en",
        "Aider session, user wants a review of what assistant changed",
        [
            sys(AIDER),
            user("make the cache expire entries after 10 minutes"),
            asst("""cache.py
```python
<<<<<<< SEARCH
        self.data[key] = value
=======
        self.data[key] = (value, time.time() + 600)
>>>>>>> REPLACE
```"""),
            user(
                "before I commit: review that edit. did you update every place that reads self.data? I don't want to find out in prod"
            ),
        ],
    ),
    case(
        "rev_en_020",
        L,
        "en",
        "evaluate a dependency choice in code",
        [
            user("""we pulled in `left-pad`-style tiny deps for these. worth keeping or should we inline? judge the snippet:

import isOdd from 'is-odd';
import arrayFlatten from 'array-flatten';
export const odds = (xs) => arrayFlatten(xs).filter(isOdd);"""),
        ],
    ),
    case(
        "rev_en_021",
        L,
        "en",
        "review of Python typing",
        [
            user("""mypy is happy, but are these annotations actually right?

def first(xs: list) -> object:
    return xs[0] if xs else None

def load(path: str) -> dict[str, any]:
    ..."""),
        ],
    ),
    case(
        "rev_en_022",
        L,
        "en",
        "gRPC proto review",
        [
            user("""review this proto before we publish v1 of the API

syntax = "proto3";
message Order {
  int32 id = 1;
  float total = 2;
  string status = 3;   // "NEW", "PAID", "SHIPPED"
  repeated string item_ids = 4;
  string created = 5;  // e.g. 05/12/2026
}
service Orders {
  rpc Get(Order) returns (Order);
}"""),
        ],
    ),
]
