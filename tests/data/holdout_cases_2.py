# ruff: noqa: E501, W293  -- hand-written request text and generated material keep their own line lengths
"""Hand-written hold-out cases: code_generate, code_review, code_fix. Evaluation only."""

from holdout_common import CHAT_UI_TOOLS, A, C, S, U

AIDER_SYS = """Act as an expert software developer. Always use best practices when coding.
Once you understand the request you MUST describe each change with a *SEARCH/REPLACE block*.

Here are summaries of some files present in my git repository:

src/clean/cli.py:
│def main(argv=None):
│    parser = argparse.ArgumentParser(prog="clean")
│    parser.add_argument("paths", nargs="+")
│    parser.add_argument("--older-than", type=int, default=30)
⋮
src/clean/scan.py:
│def find_stale(paths, days):
⋮
│def remove(files):
⋮"""

CONTINUE_SYS = "You are an expert programmer. The user has highlighted code in their editor. Respond with the rewritten code only, in a single code block."

CODE_GENERATE = [
    C(
        "code_generate",
        "write a small Python function",
        [
            U(
                "write a python function that returns the n-th fibonacci number, iterative, no recursion"
            ),
        ],
    ),
    C(
        "code_generate",
        "cron script to keep",
        [
            U(
                "I need a bash script I can drop into /etc/cron.daily that tars /var/www, uploads it to s3://acme-backups/www/ with the date in the name and deletes backups older than 7 days. Put it in a file I can commit to our ops repo."
            ),
        ],
    ),
    C(
        "code_generate",
        "SQL query from schema",
        [
            U(
                "tables: customers(id, name, country), orders(id, customer_id, total_cents, created_at). Query: top 5 customers by revenue in the last 90 days, with country. Postgres."
            ),
        ],
    ),
    C(
        "code_generate",
        "regex for postal codes",
        [
            U("regex for Polish postal codes like 00-950 or 31-042, whole string only"),
        ],
    ),
    C(
        "code_generate",
        "Dockerfile for an app",
        [
            U(
                "Dockerfile for a FastAPI app: python 3.12-slim, requirements.txt, run uvicorn main:app on port 8080 as non-root user"
            ),
        ],
    ),
    C(
        "code_generate",
        "CI YAML",
        [
            U(
                "GitHub Actions workflow: run pytest on push and PR, matrix python 3.10/3.11/3.12, cache pip, upload coverage.xml as artifact"
            ),
        ],
    ),
    C(
        "code_generate",
        "Terraform resource",
        [
            U(
                'terraform for an S3 bucket "acme-logs" with versioning on, SSE-KMS, block all public access, and a lifecycle rule moving objects to Glacier after 30 days, delete after 365'
            ),
        ],
    ),
    C(
        "code_generate",
        "tests for a given function",
        [
            U("""Write pytest tests for this, cover the edge cases:

def slugify(title: str, max_len: int = 60) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return s[:max_len].rstrip("-")"""),
        ],
    ),
    C(
        "code_generate",
        "Aider-style edit adding a flag",
        [
            S(AIDER_SYS),
            U(
                "add a --dry-run flag that prints the files that would be deleted instead of deleting them"
            ),
        ],
    ),
    C(
        "code_generate",
        "Continue: add caching to highlighted code",
        [
            S(CONTINUE_SYS),
            U("""Add an in-memory TTL cache (5 minutes) to this so repeated lookups don't hit the API:

async function getExchangeRate(from, to) {
  const res = await fetch(`https://api.rates.example/v1/latest?base=${from}&symbols=${to}`);
  const body = await res.json();
  return body.rates[to];
}"""),
        ],
    ),
    C(
        "code_generate",
        "Polish: TypeScript function",
        [
            U(
                "Napisz funkcję w TypeScript, która grupuje tablicę obiektów po podanym kluczu i zwraca Record<string, T[]>. Z typami generycznymi."
            ),
        ],
        lang="pl",
    ),
    C(
        "code_generate",
        "German: Java class",
        [
            U(
                "Schreib mir eine Java-Klasse `Money` (immutable) mit Betrag in Cent und Währung, add/subtract nur bei gleicher Währung, sonst IllegalArgumentException. Mit equals/hashCode."
            ),
        ],
        lang="de",
    ),
    C(
        "code_generate",
        "Spanish: Python script to keep",
        [
            U(
                "Escribe un script en Python que lea todos los CSV de una carpeta, los una en un solo archivo y elimine filas duplicadas. Lo quiero guardar en el repo como tools/merge_csv.py, con argparse."
            ),
        ],
        lang="es",
    ),
    C(
        "code_generate",
        "Chinese: Go HTTP server",
        [
            U(
                "用Go写一个简单的HTTP服务，提供 /healthz 和 /items 两个接口，/items 返回内存中的JSON列表，支持优雅退出。"
            ),
        ],
        lang="zh",
    ),
    C(
        "code_generate",
        "React hook",
        [
            U("create a useDebounce<T>(value, delayMs) React hook in TypeScript"),
        ],
    ),
    C(
        "code_generate",
        "Kotlin data classes with serialization",
        [
            U("""Kotlin: data classes for this JSON using kotlinx.serialization, field names camelCase in Kotlin:
{"order_id": 12, "created_at": "2024-05-01T10:00:00Z", "items": [{"sku": "A-1", "qty": 2, "unit_price": 9.99}]}"""),
        ],
    ),
    C(
        "code_generate",
        "Rust CLI after a conceptual turn",
        [
            U("what's the difference between String and &str in rust, short"),
            A(
                "`String` is an owned, growable heap buffer; `&str` is a borrowed view into UTF-8 bytes owned by someone else (a `String`, a literal, ...). Functions usually take `&str` and return `String`."
            ),
            U(
                "ok got it. now a small rust program: read a file path from args, print the 10 most frequent words with counts, case-insensitive, ignore punctuation. std only please"
            ),
        ],
    ),
    C(
        "code_generate",
        "Kubernetes manifest",
        [
            U(
                "k8s Deployment + Service for image ghcr.io/acme/api:1.4.2, 3 replicas, port 8000, readiness on /ready, resources 250m/256Mi requests, 1 cpu/512Mi limits"
            ),
        ],
    ),
    C(
        "code_generate",
        "nginx config as code",
        [
            U(
                "nginx server block: example.com, redirect http to https, proxy /api/ to 127.0.0.1:8000 with websockets, serve /srv/www for everything else, gzip on"
            ),
        ],
    ),
    C(
        "code_generate",
        "write code in chat UI that attaches web_search",
        [
            U("write a python function that validates an IBAN (length per country + mod 97 check)"),
        ],
        tools=CHAT_UI_TOOLS,
    ),
    C(
        "code_generate",
        "follow-up: extend generated function",
        [
            U("Write a JS function that formats a number of seconds as H:MM:SS"),
            A("""```js
function formatDuration(sec) {
  const h = Math.floor(sec / 3600);
  const m = Math.floor((sec % 3600) / 60);
  const s = Math.floor(sec % 60);
  return `${h}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
}
```"""),
            U("now make it handle negative values and drop the hours when they're zero"),
        ],
    ),
    C(
        "code_generate",
        "follow-up: tests for the previous code",
        [
            U("Write a Python class LRUCache with get/put and a capacity"),
            A("""```python
from collections import OrderedDict

class LRUCache:
    def __init__(self, capacity: int):
        self.capacity = capacity
        self._data = OrderedDict()

    def get(self, key):
        if key not in self._data:
            return None
        self._data.move_to_end(key)
        return self._data[key]

    def put(self, key, value):
        self._data[key] = value
        self._data.move_to_end(key)
        if len(self._data) > self.capacity:
            self._data.popitem(last=False)
```"""),
            U("now unit tests with unittest"),
        ],
    ),
    C(
        "code_generate",
        "Makefile",
        [
            U(
                "Makefile for a Go project: build (with version ldflags from git describe), test with -race, lint via golangci-lint, docker image, clean. phony targets"
            ),
        ],
    ),
    C(
        "code_generate",
        "C ring buffer",
        [
            U(
                "C99 ring buffer for uint8_t with fixed capacity given at init, push/pop returning bool, no malloc after init. header + .c"
            ),
        ],
    ),
    C(
        "code_generate",
        "PowerShell script for IT team",
        [
            U(
                "Our IT team needs a PowerShell script (to keep in our scripts share) that lists AD users who haven't logged in for 90 days and exports them to CSV with name, email, last logon."
            ),
        ],
    ),
    C(
        "code_generate",
        "Alembic migration",
        [
            U(
                "alembic migration: add nullable column `archived_at` timestamptz to table projects, with an index, and a downgrade"
            ),
        ],
    ),
    C(
        "code_generate",
        "mixed Polish/English regex",
        [
            U("napisz mi prosty regex do walidacji email, nothing fancy, JS"),
        ],
        lang="pl",
    ),
    C(
        "code_generate",
        "German: GitLab CI YAML",
        [
            U(
                "Erstelle eine .gitlab-ci.yml mit den Stages build, test, deploy für ein Maven-Projekt; deploy nur auf main und manuell."
            ),
        ],
        lang="de",
    ),
    C(
        "code_generate",
        "Chinese: SQL query",
        [
            U(
                "写一个MySQL查询：统计每个部门上个月的订单数和总金额，表 orders(id, dept_id, amount, created_at)，departments(id, name)，按总金额降序。"
            ),
        ],
        lang="zh",
    ),
    C(
        "code_generate",
        "Spanish: multi-stage Dockerfile",
        [
            U(
                "Necesito un Dockerfile multi-stage para una app Next.js: build con node 20, imagen final mínima solo con .next/standalone, puerto 3000."
            ),
        ],
        lang="es",
    ),
]

CODE_REVIEW = [
    C(
        "code_review",
        "is there a leak here, C",
        [
            U("""is there a leak here?

char *read_line(FILE *f) {
    size_t cap = 64, len = 0;
    char *buf = malloc(cap);
    int c;
    while ((c = fgetc(f)) != EOF && c != '\\n') {
        if (len + 1 == cap) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
        buf[len++] = c;
    }
    if (len == 0 && c == EOF) return NULL;
    buf[len] = '\\0';
    return buf;
}"""),
        ],
    ),
    C(
        "code_review",
        "anything wrong with this, Python",
        [
            U("""anything wrong with this?

def add_tag(item, tag, tags=[]):
    tags.append(tag)
    item["tags"] = tags
    return item"""),
        ],
    ),
    C(
        "code_review",
        "security audit of PHP login",
        [
            U("""Security audit please, this is our legacy login:

<?php
$user = $_POST['user'];
$pass = md5($_POST['pass']);
$res = mysqli_query($conn, "SELECT * FROM users WHERE login='$user' AND password='$pass'");
if (mysqli_num_rows($res) > 0) {
    $_SESSION['user'] = $user;
    header("Location: " . $_GET['next']);
}"""),
        ],
    ),
    C(
        "code_review",
        "review a PR diff",
        [
            U("""Can you review this PR before I merge?

diff --git a/billing/invoice.py b/billing/invoice.py
@@ -12,9 +12,12 @@ class Invoice:
     def total(self):
-        return sum(l.amount for l in self.lines)
+        subtotal = sum(l.amount for l in self.lines)
+        if self.discount_pct:
+            subtotal = subtotal * (1 - self.discount_pct / 100)
+        return round(subtotal, 2)
 
     def add_line(self, line):
+        if line.amount < 0:
+            raise ValueError("negative amount")
         self.lines.append(line)"""),
        ],
    ),
    C(
        "code_review",
        "goroutine leak question",
        [
            U("""can this leak goroutines?

func firstResult(ctx context.Context, urls []string) (string, error) {
	ch := make(chan string)
	for _, u := range urls {
		go func(u string) {
			body, err := fetch(ctx, u)
			if err == nil {
				ch <- body
			}
		}(u)
	}
	select {
	case r := <-ch:
		return r, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}"""),
        ],
    ),
    C(
        "code_review",
        "would you approve, Java diff",
        [
            U("""would you approve this?

--- a/src/main/java/com/acme/UserService.java
+++ b/src/main/java/com/acme/UserService.java
@@ -30,6 +30,14 @@
+    private static Map<Long, User> cache = new HashMap<>();
+
+    public User find(long id) {
+        if (!cache.containsKey(id)) {
+            cache.put(id, repo.findById(id).orElse(null));
+        }
+        return cache.get(id);
+    }"""),
        ],
    ),
    C(
        "code_review",
        "Polish: is this code safe",
        [
            U("""Czy ten kod jest bezpieczny? Użytkownik wpisuje wzór w polu formularza.

const result = eval(document.getElementById('formula').value);
document.getElementById('out').innerHTML = 'Wynik: ' + result;"""),
        ],
        lang="pl",
    ),
    C(
        "code_review",
        "German: review Kotlin",
        [
            U("""Kannst du das kurz reviewen? Mir geht's um Lesbarkeit und Nebenläufigkeit.

class Counter {
    var count = 0
    fun incrementAll(times: Int) = runBlocking {
        repeat(times) { launch(Dispatchers.Default) { count++ } }
    }
}"""),
        ],
        lang="de",
    ),
    C(
        "code_review",
        "Spanish: SQL query review",
        [
            U("""¿Ves algún problema en esta consulta? Tarda mucho con 2 millones de filas.

SELECT * FROM pedidos
WHERE YEAR(fecha) = 2024
  AND LOWER(email) LIKE '%@gmail.com'
ORDER BY fecha DESC;"""),
        ],
        lang="es",
    ),
    C(
        "code_review",
        "Chinese: C++ code check",
        [
            U("""帮我看看这段代码有没有问题：

std::vector<int> v = {1, 2, 3, 4};
for (auto it = v.begin(); it != v.end(); ++it) {
    if (*it % 2 == 0) v.erase(it);
}"""),
        ],
        lang="zh",
    ),
    C(
        "code_review",
        "Rust unsafe block",
        [
            U("""Is this unsafe block sound?

fn as_bytes<T>(v: &[T]) -> &[u8] {
    unsafe { std::slice::from_raw_parts(v.as_ptr() as *const u8, v.len()) }
}"""),
        ],
    ),
    C(
        "code_review",
        "React useEffect correctness",
        [
            U("""does this look right to you?

function Clock({ tz }) {
  const [now, setNow] = useState(new Date());
  useEffect(() => {
    setInterval(() => setNow(new Date()), 1000);
  }, []);
  return <span>{now.toLocaleTimeString('en-GB', { timeZone: tz })}</span>;
}"""),
        ],
    ),
    C(
        "code_review",
        "Dockerfile best practices",
        [
            U("""Any improvements you'd suggest for this Dockerfile?

FROM ubuntu:latest
RUN apt-get update
RUN apt-get install -y python3 python3-pip curl vim
COPY . /app
RUN pip3 install -r /app/requirements.txt
ENV DB_PASSWORD=hunter2
CMD python3 /app/server.py"""),
        ],
    ),
    C(
        "code_review",
        "Terraform risks",
        [
            U("""any risks in this?

resource "aws_security_group" "db" {
  name = "db-sg"
  ingress {
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
resource "aws_db_instance" "main" {
  engine              = "postgres"
  publicly_accessible = true
  skip_final_snapshot = true
  vpc_security_group_ids = [aws_security_group.db.id]
}"""),
        ],
    ),
    C(
        "code_review",
        "bash safe as root",
        [
            U("""is this safe to run as root from a cron job?

#!/bin/bash
cd $BUILD_DIR
rm -rf $TARGET/*
cp -r dist/* $TARGET/"""),
        ],
    ),
    C(
        "code_review",
        "double-spend race question",
        [
            U("""could two concurrent requests double-spend here?

def withdraw(account_id, amount):
    acc = Account.objects.get(id=account_id)
    if acc.balance >= amount:
        acc.balance -= amount
        acc.save()
        return True
    return False"""),
        ],
    ),
    C(
        "code_review",
        "N+1 in Django view",
        [
            U("""Is this going to be slow with 10k orders?

def export(request):
    rows = []
    for o in Order.objects.filter(status="paid"):
        rows.append([o.id, o.customer.name, o.customer.company.name, o.items.count()])
    return csv_response(rows)"""),
        ],
    ),
    C(
        "code_review",
        "follow-up: judge given regex for backtracking",
        [
            U("regex to validate a person's name: words separated by single spaces"),
            A("`^(\\w+\\s?)*$`"),
            U("can this blow up on long input? it's going into a public signup form"),
        ],
    ),
    C(
        "code_review",
        "readability review",
        [
            U("""How would you make this more readable? It works, I just hate it.

def p(d):
    r = []
    for k in d:
        if d[k] != None and d[k] != '' and not (type(d[k]) == list and len(d[k]) == 0):
            r.append(str(k) + '=' + str(d[k]))
    return '&'.join(r)"""),
        ],
    ),
    C(
        "code_review",
        "follow-up: judge revised version",
        [
            U("""Review please:

def read_config(path):
    f = open(path)
    return json.load(f)"""),
            A(
                "The file handle is never closed; use a `with` block. Also consider catching `json.JSONDecodeError` to report which file is broken."
            ),
            U("""and this version?

def read_config(path):
    with open(path, encoding="utf-8") as f:
        try:
            return json.load(f)
        except json.JSONDecodeError as e:
            raise ValueError(f"{path}: {e}") from None"""),
        ],
    ),
    C(
        "code_review",
        "GitHub Actions secret exposure",
        [
            U("""Is this workflow dangerous?

on: pull_request_target
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: npm ci && npm test
        env:
          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}"""),
        ],
    ),
    C(
        "code_review",
        "C# async void",
        [
            U("""thoughts on this handler?

private async void SaveButton_Click(object sender, EventArgs e)
{
    var data = await _api.LoadAsync();
    data.Name = nameBox.Text;
    _api.SaveAsync(data);
    MessageBox.Show("Saved!");
}"""),
        ],
    ),
    C(
        "code_review",
        "Swift retain cycle question",
        [
            U("""is there a leak here?

class PhotoViewController: UIViewController {
    var loader = ImageLoader()
    override func viewDidLoad() {
        super.viewDidLoad()
        loader.onLoad = { image in
            self.imageView.image = image
        }
    }
}"""),
        ],
    ),
    C(
        "code_review",
        "Ruby N+1 check",
        [
            U("""is this an N+1?

<% @posts.each do |post| %>
  <h2><%= post.title %></h2>
  <p>by <%= post.author.name %> · <%= post.comments.size %> comments</p>
<% end %>"""),
        ],
    ),
    C(
        "code_review",
        "Continue: review the selection",
        [
            S(
                "You are a senior engineer doing code review inside the editor. Be concise; list issues by severity."
            ),
            U("""Review this selection:

export async function handler(req: Request) {
  const { userId } = await req.json();
  const user = await db.query(`SELECT * FROM users WHERE id = ${userId}`);
  return new Response(JSON.stringify(user));
}"""),
        ],
    ),
    C(
        "code_review",
        "mixed German/English error handling review",
        [
            U("""Kurzes Review bitte, especially the error handling:

resp, _ := http.Get(url)
body, _ := io.ReadAll(resp.Body)
json.Unmarshal(body, &cfg)"""),
        ],
        lang="de",
    ),
    C(
        "code_review",
        "Polish: diff review",
        [
            U("""Zrób review tego diffa, czy coś przeoczyłem?

-    timeout = 30
+    timeout = int(os.environ["HTTP_TIMEOUT"])
-    session = requests.Session()
+    session = requests.Session()
+    session.verify = False"""),
        ],
        lang="pl",
    ),
    C(
        "code_review",
        "Chinese: SQL injection audit",
        [
            U("""审计一下这段代码是否有SQL注入风险：

String sql = "SELECT * FROM orders WHERE user_id = " + request.getParameter("uid")
           + " ORDER BY " + request.getParameter("sort");
ResultSet rs = stmt.executeQuery(sql);"""),
        ],
        lang="zh",
    ),
    C(
        "code_review",
        "Spanish: Python class review",
        [
            U("""Revisa esta clase, ¿qué cambiarías?

class Carrito:
    items = []
    def agregar(self, producto, cantidad):
        self.items.append((producto, cantidad))
    def total(self):
        return sum(p.precio * c for p, c in self.items)"""),
        ],
        lang="es",
    ),
    C(
        "code_review",
        "k8s manifest review",
        [
            U("""anything missing from this deployment for prod?

apiVersion: apps/v1
kind: Deployment
metadata: {name: worker}
spec:
  replicas: 1
  template:
    spec:
      containers:
        - name: worker
          image: acme/worker:latest
          env:
            - name: AWS_SECRET_ACCESS_KEY
              value: "AKIA...redacted"
"""),
        ],
    ),
]

CODE_FIX = [
    C(
        "code_fix",
        "Python KeyError traceback, no question",
        [
            U("""Traceback (most recent call last):
  File "/app/jobs/sync_users.py", line 48, in <module>
    main()
  File "/app/jobs/sync_users.py", line 41, in main
    email = record["email"].lower()
KeyError: 'email'"""),
        ],
    ),
    C(
        "code_fix",
        "TypeScript compiler error",
        [
            U("""src/api/client.ts:27:19 - error TS2345: Argument of type 'string | undefined' is not assignable to parameter of type 'string'.
  Type 'undefined' is not assignable to type 'string'.

27   return getToken(process.env.API_KEY);
                     ~~~~~~~~~~~~~~~~~~~

what do I do"""),
        ],
    ),
    C(
        "code_fix",
        "Java NPE stack trace",
        [
            U("""getting this on every second request:

java.lang.NullPointerException: Cannot invoke "com.acme.model.Address.getCity()" because the return value of "com.acme.model.Customer.getAddress()" is null
	at com.acme.service.ShippingService.quote(ShippingService.java:58)
	at com.acme.web.QuoteController.get(QuoteController.java:33)
	at java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)"""),
        ],
    ),
    C(
        "code_fix",
        "Go nil map panic",
        [
            U("""panic: assignment to entry in nil map

goroutine 1 [running]:
main.(*Registry).Add(...)
	/src/registry.go:19
main.main()
	/src/main.go:12 +0x4c

type Registry struct{ items map[string]int }
func (r *Registry) Add(k string) { r.items[k]++ }"""),
        ],
    ),
    C(
        "code_fix",
        "Rust borrow checker error",
        [
            U("""error[E0502]: cannot borrow `self.queue` as mutable because it is also borrowed as immutable
  --> src/scheduler.rs:42:13
   |
40 |         for job in self.queue.iter() {
   |                    ----------------- immutable borrow occurs here
41 |             if job.done {
42 |                 self.queue.retain(|j| !j.done);
   |                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ mutable borrow occurs here"""),
        ],
    ),
    C(
        "code_fix",
        "C++ linker error",
        [
            U("""/usr/bin/ld: CMakeFiles/app.dir/main.cpp.o: in function `main':
main.cpp:(.text+0x2a): undefined reference to `Config::load(std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> > const&)'
collect2: error: ld returned 1 exit status
make[2]: *** [CMakeFiles/app.dir/build.make:97: app] Error 1

config.cpp exists in src/, CMakeLists has add_executable(app main.cpp)"""),
        ],
    ),
    C(
        "code_fix",
        "C segfault with gdb backtrace",
        [
            U("""Program received signal SIGSEGV, Segmentation fault.
0x0000555555555189 in list_push (l=0x0, v=3) at list.c:22
22	    l->items[l->len++] = v;
(gdb) bt
#0  list_push (l=0x0, v=3) at list.c:22
#1  0x00005555555552a1 in main () at main.c:9

main.c line 8-9:
  struct list *l;
  list_push(l, 3);"""),
        ],
    ),
    C(
        "code_fix",
        "C# compiler error",
        [
            U("""Program.cs(14,26): error CS0029: Cannot implicitly convert type 'System.Threading.Tasks.Task<string>' to 'string'

string body = client.GetStringAsync(url);"""),
        ],
    ),
    C(
        "code_fix",
        "PHP fatal error",
        [
            U("""PHP Fatal error:  Uncaught Error: Call to a member function format() on null in /var/www/app/src/Report.php:77
Stack trace:
#0 /var/www/app/public/report.php(12): Report->render()
#1 {main}
  thrown in /var/www/app/src/Report.php on line 77

line 77: $out .= $this->closedAt->format('Y-m-d');"""),
        ],
    ),
    C(
        "code_fix",
        "Ruby NoMethodError",
        [
            U("""NoMethodError: undefined method `strip' for nil:NilClass
  app/services/import_contacts.rb:23:in `block in call'
  app/services/import_contacts.rb:19:in `each'

only happens with the CSV from the marketing team, other files import fine"""),
        ],
    ),
    C(
        "code_fix",
        "Kotlin lateinit crash",
        [
            U("""kotlin.UninitializedPropertyAccessException: lateinit property adapter has not been initialized
    at com.acme.notes.NotesFragment.onResume(NotesFragment.kt:61)

adapter is set in onViewCreated after the network call returns"""),
        ],
    ),
    C(
        "code_fix",
        "Swift force unwrap crash",
        [
            U("""Thread 1: Fatal error: Unexpectedly found nil while implicitly unwrapping an Optional value

@IBOutlet weak var titleLabel: UILabel!
...
let vc = DetailViewController()
vc.titleLabel.text = item.title
navigationController?.pushViewController(vc, animated: true)"""),
        ],
    ),
    C(
        "code_fix",
        "SQL GROUP BY error",
        [
            U("""ERROR:  column "u.email" must appear in the GROUP BY clause or be used in an aggregate function
LINE 1: SELECT u.id, u.email, count(o.id) FROM users u JOIN orders o ON o.user_id = u.id GROUP BY u.id...

this works on mysql, we're moving to postgres"""),
        ],
    ),
    C(
        "code_fix",
        "shell syntax error",
        [
            U("""./deploy.sh: line 14: syntax error near unexpected token `fi'
./deploy.sh: line 14: `fi'

if [ "$ENV" == "prod" ] then
  echo "deploying to prod"
  ./push.sh prod
fi"""),
        ],
    ),
    C(
        "code_fix",
        "CI log npm ERESOLVE",
        [
            U("""CI started failing on main, nobody touched package.json:

Run npm ci
npm ERR! code ERESOLVE
npm ERR! ERESOLVE could not resolve
npm ERR!
npm ERR! While resolving: @acme/web@2.3.0
npm ERR! Found: react@19.0.0
npm ERR! node_modules/react
npm ERR!   react@"^19.0.0" from the root project
npm ERR!
npm ERR! Could not resolve dependency:
npm ERR! peer react@"^17.0.0 || ^18.0.0" from react-beautiful-dnd@13.1.1
Error: Process completed with exit code 1."""),
        ],
    ),
    C(
        "code_fix",
        "failing pytest assertion",
        [
            U("""FAILED tests/test_pricing.py::test_discount_applied - assert 89.99999999999999 == 90.0
 +  where 89.99999999999999 = apply_discount(100.0, 0.1)

def apply_discount(price, rate):
    return price * (1 - rate)"""),
        ],
    ),
    C(
        "code_fix",
        "failing Jest test",
        [
            U("""  ● UserList › renders users after loading

    TestingLibraryElementError: Unable to find an element with the text: Alice

      12 |   render(<UserList />);
    > 13 |   expect(screen.getByText('Alice')).toBeInTheDocument();
         |                 ^

the component fetches /api/users in useEffect, mock is set up with msw"""),
        ],
    ),
    C(
        "code_fix",
        "wrong output after generated code, no error",
        [
            U("quick JS snippet to sort an array of numbers ascending?"),
            A("```js\nconst nums = [10, 2, 25, 1, 3];\nconsole.log(nums.sort());\n```"),
            U("that prints [1, 10, 2, 25, 3], not 1 2 3 10 25"),
        ],
    ),
    C(
        "code_fix",
        "docker build error",
        [
            U("""=> ERROR [builder 6/8] RUN go build -o /out/server ./cmd/server
------
 > [builder 6/8] RUN go build -o /out/server ./cmd/server:
0.412 go: github.com/acme/shared@v0.3.1: reading github.com/acme/shared/go.mod at revision v0.3.1: git ls-remote -q origin in /go/pkg/mod/cache/vcs/...: exit status 128:
0.412 	fatal: could not read Username for 'https://github.com': terminal prompts disabled
------
Dockerfile:14"""),
        ],
    ),
    C(
        "code_fix",
        "Polish: Python traceback",
        [
            U("""Dlaczego to się wywala? Odpalam skrypt do raportów i dostaję:

Traceback (most recent call last):
  File "raport.py", line 12, in <module>
    df = pd.read_csv("sprzedaz.csv")
UnicodeDecodeError: 'utf-8' codec can't decode byte 0xb3 in position 1042: invalid start byte"""),
        ],
        lang="pl",
    ),
    C(
        "code_fix",
        "German: Java cannot find symbol",
        [
            U("""Maven bricht ab, verstehe nicht warum:

[ERROR] /home/jan/shop/src/main/java/de/shop/OrderService.java:[23,9] cannot find symbol
  symbol:   class LocalDate
  location: class de.shop.OrderService
[INFO] BUILD FAILURE"""),
        ],
        lang="de",
    ),
    C(
        "code_fix",
        "Spanish: Python error",
        [
            U("""me sale este error y no sé por qué:

  File "app.py", line 30, in guardar
    cursor.execute("INSERT INTO clientes VALUES (%s, %s)", (nombre))
TypeError: not all arguments converted during string formatting"""),
        ],
        lang="es",
    ),
    C(
        "code_fix",
        "Chinese: Go compile error",
        [
            U("""编译报错，怎么办？

./main.go:18:2: declared and not used: result
./main.go:25:15: cannot use cfg (variable of type *Config) as Config value in argument to NewServer"""),
        ],
        lang="zh",
    ),
    C(
        "code_fix",
        "follow-up: still failing after suggestion",
        [
            U("""ModuleNotFoundError: No module named 'app'
  File "/repo/tests/test_api.py", line 1, in <module>
    from app.main import create_app"""),
            A(
                "Run pytest from the repository root, or add an empty `conftest.py` at the root so `app` is importable."
            ),
            U("""added conftest.py, now:

E   ImportError: cannot import name 'create_app' from partially initialized module 'app.main' (most likely due to a circular import) (/repo/app/main.py)"""),
        ],
    ),
    C(
        "code_fix",
        "mixed Polish/English Rust error",
        [
            U("""mam taki error w Rust, no idea co z tym zrobić:

error[E0308]: mismatched types
  --> src/main.rs:9:20
   |
9  |     let port: u16 = env::var("PORT").unwrap_or("8080");
   |               ---   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ expected `u16`, found `String`"""),
        ],
        lang="pl",
    ),
    C(
        "code_fix",
        "Vite module not found",
        [
            U("""[vite]: Rollup failed to resolve import "@/components/Button" from "src/pages/Home.tsx".
This is most likely unintended because it can break your application at runtime.

works in dev (npm run dev), only the build fails. tsconfig has paths "@/*": ["src/*"]"""),
        ],
    ),
    C(
        "code_fix",
        "Gradle build failure",
        [
            U("""* What went wrong:
Execution failed for task ':app:compileDebugKotlin'.
> Inconsistent JVM-target compatibility detected for tasks 'compileDebugJavaWithJavac' (17) and 'compileDebugKotlin' (21).

started after I updated Android Studio"""),
        ],
    ),
    C(
        "code_fix",
        "terraform plan error",
        [
            U("""│ Error: Invalid for_each argument
│
│   on modules/dns/main.tf line 8, in resource "aws_route53_record" "this":
│    8:   for_each = toset(var.records[*].name)
│
│ The "for_each" set includes values derived from resource attributes that cannot be determined until apply"""),
        ],
    ),
    C(
        "code_fix",
        "pod CrashLoopBackOff with app log",
        [
            U("""pod keeps restarting, CrashLoopBackOff. logs:

2024-06-02T08:14:01Z INFO  starting billing-worker v2.7.0
2024-06-02T08:14:01Z ERROR config: invalid value for RABBITMQ_PREFETCH: strconv.Atoi: parsing "50 ": invalid syntax
2024-06-02T08:14:01Z FATAL exiting

env comes from a ConfigMap we edited yesterday"""),
        ],
    ),
    C(
        "code_fix",
        "CMake configure error",
        [
            U("""CMake Error at CMakeLists.txt:12 (find_package):
  By not providing "FindOpenSSL.cmake" in CMAKE_MODULE_PATH this project has
  asked CMake to find a package configuration file provided by "OpenSSL", but
  CMake did not find one.

on a fresh macOS machine, brew install openssl@3 done"""),
        ],
    ),
]
