# ruff: noqa: E501
"""code_fix requests, first half: failures described in words, traces, failing tests, CI logs."""

from __future__ import annotations

from common import (
    AIDER,
    CHAT_UI_TOOLS,
    CONTINUE,
    COPILOT_CHAT,
    OPENWEBUI,
    SEARCH_ONLY,
    asst,
    case,
    parts,
    sys,
    user,
)

L = "code_fix"

CASES = [
    case(
        "fix_001",
        L,
        "en",
        "wrong result described in words next to code, no trace",
        [
            user("""This is supposed to give me the median but for [1, 2, 3, 4] it returns 3 instead of 2.5

```python
def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2]
```"""),
        ],
    ),
    case(
        "fix_002",
        L,
        "en",
        "behaviour failure on one browser, code attached",
        [
            sys(OPENWEBUI),
            user("""the submit button does nothing on Safari (works in Chrome and Firefox). no errors in the console at all.

<form id="signup">
  <input name="email" type="email" required>
  <button type="submit">Join</button>
</form>
<script>
document.getElementById('signup').addEventListener('submit', (e) => {
  e.preventDefault();
  const data = Object.fromEntries(new FormData(e.target));
  fetch('/api/signup', { method: 'POST', body: JSON.stringify(data), keepalive: true })
    .then(r => r.ok && location.assign('/thanks'));
});
</script>"""),
        ],
        CHAT_UI_TOOLS,
    ),
    case(
        "fix_003",
        L,
        "en",
        "bare Python traceback pasted with a one-liner",
        [
            user("""getting this when I run the importer, no idea

Traceback (most recent call last):
  File "/srv/app/import_csv.py", line 41, in <module>
    main(sys.argv[1])
  File "/srv/app/import_csv.py", line 33, in main
    for row in reader:
  File "/usr/lib/python3.11/codecs.py", line 322, in decode
    (result, consumed) = self._buffer_decode(data, self.errors, final)
UnicodeDecodeError: 'utf-8' codec can't decode byte 0xe9 in position 1187: invalid continuation byte

the file comes from a client's Excel export"""),
        ],
    ),
    case(
        "fix_004",
        L,
        "en",
        "Rust borrow checker error, compiler output only",
        [
            user("""```
error[E0502]: cannot borrow `self.items` as mutable because it is also borrowed as immutable
  --> src/cart.rs:27:13
   |
25 |         for item in self.items.iter() {
   |                     -----------------
   |                     |
   |                     immutable borrow occurs here
   |                     immutable borrow later used here
26 |             if item.qty == 0 {
27 |                 self.items.retain(|i| i.qty > 0);
   |                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ mutable borrow occurs here
```

```rust
pub fn prune(&mut self) {
    for item in self.items.iter() {
        if item.qty == 0 {
            self.items.retain(|i| i.qty > 0);
        }
    }
}
```"""),
        ],
    ),
    case(
        "fix_005",
        L,
        "en",
        "failing jest test output with little text",
        [
            sys(CONTINUE),
            user("""```
 FAIL  src/utils/__tests__/slugify.test.ts
  ● slugify › strips diacritics

    expect(received).toBe(expected) // Object.is equality

    Expected: "zazolc-gesla-jazn"
    Received: "zaóc-gesla-jan"

      12 |   it('strips diacritics', () => {
    > 13 |     expect(slugify('Zażółć gęślą jaźń')).toBe('zazolc-gesla-jazn');
         |                                          ^
```

```ts src/utils/slugify.ts
export function slugify(s: string): string {
  return s
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\\u0300-\\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/(^-|-$)/g, '');
}
```"""),
        ],
    ),
    case(
        "fix_006",
        L,
        "en",
        "Go program deadlocks, described symptom and code",
        [
            user("""my worker pool hangs forever after the last job, `fatal error: all goroutines are asleep - deadlock!`

func run(jobs []Job) []Result {
	in := make(chan Job)
	out := make(chan Result)
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range in {
				out <- process(j)
			}
		}()
	}
	for _, j := range jobs {
		in <- j
	}
	close(in)
	wg.Wait()
	close(out)
	var res []Result
	for r := range out {
		res = append(res, r)
	}
	return res
}"""),
        ],
    ),
    case(
        "fix_007",
        L,
        "en",
        "SQL query gives wrong totals (join fan-out), no error",
        [
            user("""Revenue per customer comes out way too high — roughly doubled for customers that have more than one address. Postgres 15.

SELECT c.id, c.name, SUM(o.total) AS revenue
FROM customers c
JOIN orders o ON o.customer_id = c.id
LEFT JOIN addresses a ON a.customer_id = c.id
WHERE o.created_at >= date_trunc('year', now())
GROUP BY c.id, c.name
ORDER BY revenue DESC;"""),
        ],
    ),
    case(
        "fix_008",
        L,
        "en",
        "Aider edit prompt; user reports off-by-one in pagination",
        [
            sys(AIDER),
            user("""app/pagination.py

```python
def page_bounds(page: int, per_page: int, total: int) -> tuple[int, int]:
    start = page * per_page
    end = min(start + per_page, total)
    return start, end
```

pages are 1-based in the API, so page=1 currently skips the first 20 rows and the last page comes back empty"""),
        ],
    ),
    case(
        "fix_009",
        L,
        "en",
        "Java NPE stack trace with the method",
        [
            user("""java.lang.NullPointerException: Cannot invoke "String.trim()" because the return value of "com.acme.billing.Customer.getVatId()" is null
	at com.acme.billing.InvoiceService.buildHeader(InvoiceService.java:88)
	at com.acme.billing.InvoiceService.render(InvoiceService.java:52)
	at com.acme.billing.InvoiceController.download(InvoiceController.java:31)

    private String buildHeader(Customer c) {
        String vat = c.getVatId().trim();
        return c.getName() + (vat.isEmpty() ? "" : " (VAT " + vat + ")");
    }

private customers don't have a VAT id"""),
        ],
    ),
    case(
        "fix_010",
        L,
        "en",
        "React state bug described: counter shows stale value",
        [
            sys(COPILOT_CHAT),
            user("""clicking "+3" only increments by 1, not 3

```tsx
function Counter() {
  const [n, setN] = useState(0);
  const addThree = () => {
    setN(n + 1);
    setN(n + 1);
    setN(n + 1);
  };
  return <button onClick={addThree}>{n} (+3)</button>;
}
```"""),
        ],
    ),
    case(
        "fix_011",
        L,
        "en",
        "CI log excerpt failing on missing module, ask implied",
        [
            user("""GitHub Actions went red after I moved the tests folder. Locally pytest passes.

Run pytest -q
ImportError while importing test module '/home/runner/work/shop/shop/tests/unit/test_cart.py'.
Hint: make sure your test modules/packages have valid Python names.
Traceback:
/opt/hostedtoolcache/Python/3.12.1/x64/lib/python3.12/importlib/__init__.py:90: in import_module
    return _bootstrap._gcd_import(name[level:], package, level)
tests/unit/test_cart.py:3: in <module>
    from shop.cart import Cart
E   ModuleNotFoundError: No module named 'shop'
Error: Process completed with exit code 4.

workflow step is just `pip install -r requirements.txt` then `pytest -q`"""),
        ],
    ),
    case(
        "fix_012",
        L,
        "en",
        "C segfault with code, no trace text",
        [
            user("""this crashes with a segfault on the second call to add_word, first one is fine

typedef struct { char **words; size_t len; } List;

void add_word(List *l, const char *w) {
    l->words = realloc(l->words, l->len + 1);
    l->words[l->len] = strdup(w);
    l->len++;
}

int main(void) {
    List l = {0};
    add_word(&l, "alpha");
    add_word(&l, "beta");
    printf("%s %s\\n", l.words[0], l.words[1]);
}"""),
        ],
    ),
    case(
        "fix_013",
        L,
        "en",
        "TypeScript compiler error only",
        [
            user("""src/api/client.ts:44:18 - error TS2345: Argument of type 'string | undefined' is not assignable to parameter of type 'string'.
  Type 'undefined' is not assignable to type 'string'.

44   headers.set('Authorization', process.env.API_TOKEN);
                    ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~

Found 1 error in src/api/client.ts:44"""),
        ],
    ),
    case(
        "fix_014",
        L,
        "en",
        "bash script silently skips files with spaces",
        [
            user("""my cleanup script skips every file that has a space in the name, the rest get deleted fine

#!/bin/bash
for f in $(find /data/exports -name '*.csv' -mtime +30); do
  rm $f && echo "removed $f"
done"""),
        ],
    ),
    case(
        "fix_015",
        L,
        "en",
        "multi-turn: earlier question was generate, last turn reports failure of given code",
        [
            user("write me a python function that flattens nested lists"),
            asst("""Here's a recursive version:

```python
def flatten(xs):
    out = []
    for x in xs:
        if isinstance(x, list):
            out.extend(flatten(x))
        else:
            out.append(x)
    return out
```"""),
            user(
                "ok but with tuples inside it leaves them as they are, flatten([1, (2, 3), [4]]) gives [1, (2, 3), 4] and I need [1, 2, 3, 4]. also strings must stay whole"
            ),
        ],
    ),
    case(
        "fix_016",
        L,
        "en",
        "Kotlin coroutine crash on Android, trace",
        [
            user("""app crashes when I rotate the phone during loading

FATAL EXCEPTION: main
Process: com.example.notes, PID: 12877
kotlinx.coroutines.JobCancellationException: Job was cancelled; job=SupervisorJobImpl{Cancelling}@3b1c2e
Caused by: java.lang.IllegalStateException: Fragment NotesFragment{a91f3d} not attached to a context.
	at androidx.fragment.app.Fragment.requireContext(Fragment.java:967)
	at com.example.notes.NotesFragment$load$1.invokeSuspend(NotesFragment.kt:58)

    private fun load() = GlobalScope.launch(Dispatchers.Main) {
        val notes = withContext(Dispatchers.IO) { repo.all() }
        Toast.makeText(requireContext(), "${notes.size} notes", Toast.LENGTH_SHORT).show()
        adapter.submitList(notes)
    }"""),
        ],
    ),
    case(
        "fix_017",
        L,
        "en",
        "Docker build error output",
        [
            user("""docker build fails at the npm step

 => ERROR [builder 5/7] RUN npm ci                                              3.2s
------
 > [builder 5/7] RUN npm ci:
2.981 npm ERR! code EUSAGE
2.982 npm ERR!
2.982 npm ERR! The `npm ci` command can only install with an existing package-lock.json or
2.982 npm ERR! npm-shrinkwrap.json with lockfileVersion >= 1.
------
Dockerfile:9

FROM node:20-alpine AS builder
WORKDIR /app
COPY package.json ./
RUN npm ci
COPY . .
RUN npm run build"""),
        ],
    ),
    case(
        "fix_018",
        L,
        "en",
        "regex doesn't match valid input",
        [
            sys(OPENWEBUI),
            user(r"""my email regex rejects addresses like anna.maria+news@mail.example.co.uk, which is valid

const EMAIL = /^[a-z0-9._]+@[a-z0-9]+\.[a-z]{2,3}$/i;"""),
        ],
        SEARCH_ONLY,
    ),
    case(
        "fix_019",
        L,
        "en",
        "pandas SettingWithCopyWarning and values not updated",
        [
            user("""the prices never change in df even though I set them, and pandas prints a SettingWithCopyWarning

cheap = df[df["price"] < 10]
cheap["price"] = cheap["price"] * 1.1
print(df[df["price"] < 10].head())   # same old prices"""),
        ],
    ),
    case(
        "fix_020",
        L,
        "en",
        "PHP: undefined index warning and wrong total",
        [
            user("""Warning: Undefined array key "qty" in /var/www/shop/cart.php on line 17
and the total shows 0.00 for orders coming from the mobile app

<?php
function cart_total(array $items): float {
    $sum = 0;
    foreach ($items as $it) {
        $sum += $it['price'] * $it['qty'];
    }
    return round($sum, 2);
}
// mobile app sends: [{"price": 4.5, "quantity": 2}]"""),
        ],
    ),
    case(
        "fix_021",
        L,
        "en",
        "content-parts with screenshot of broken layout and CSS",
        [
            parts(
                """The sidebar overlaps the main content on screens below 900px (screenshot attached). Here's the CSS:

.layout { display: grid; grid-template-columns: 260px 1fr; }
.sidebar { position: fixed; width: 260px; height: 100vh; }
@media (max-width: 900px) {
  .layout { grid-template-columns: 1fr; }
}""",
                "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
            ),
        ],
    ),
    case(
        "fix_022",
        L,
        "en",
        "failing pytest assertion pasted without a word",
        [
            user("""____________________________ test_parse_duration ____________________________

    def test_parse_duration():
>       assert parse_duration("1h30m") == 5400
E       AssertionError: assert 90 == 5400
E        +  where 90 = parse_duration('1h30m')

tests/test_time.py:8: AssertionError

def parse_duration(s):
    total = 0
    for num, unit in re.findall(r"(\\d+)([hms])", s):
        total += int(num) * {"h": 60, "m": 1, "s": 1 / 60}[unit]
    return int(total)"""),
        ],
    ),
    case(
        "fix_023",
        L,
        "en",
        "C# async deadlock in WinForms described",
        [
            user("""UI freezes forever when I click Load. Works in the console app version.

private void btnLoad_Click(object sender, EventArgs e)
{
    var data = _client.GetStringAsync(_url).Result;
    txtOutput.Text = data;
}"""),
        ],
    ),
    case(
        "fix_024",
        L,
        "en",
        "Terraform plan error",
        [
            user("""│ Error: Invalid count argument
│
│   on modules/dns/main.tf line 12, in resource "aws_route53_record" "alias":
│   12:   count = length(var.domains) > 0 ? length(aws_lb.this.*.dns_name) : 0
│
│ The "count" value depends on resource attributes that cannot be determined
│ until apply, so Terraform cannot predict how many instances will be created.

happens on a fresh workspace only, second apply works"""),
        ],
    ),
    case(
        "fix_025",
        L,
        "en",
        "Swift: list does not refresh after update",
        [
            user("""SwiftUI list doesn't refresh when I toggle an item as done, only after I leave the screen and come back

class TodoStore {
    var items: [Todo] = []
    func toggle(_ id: UUID) {
        if let i = items.firstIndex(where: { $0.id == id }) { items[i].done.toggle() }
    }
}

struct TodoList: View {
    let store: TodoStore
    var body: some View {
        List(store.items) { t in
            Text(t.title).strikethrough(t.done).onTapGesture { store.toggle(t.id) }
        }
    }
}"""),
        ],
    ),
    case(
        "fix_026",
        L,
        "en",
        "Ruby: timezone off by one hour in report",
        [
            user("""daily report shows yesterday's orders for anything placed after 23:00 Warsaw time. Rails 7, config.time_zone = "Warsaw"

scope :for_day, ->(day) { where("DATE(created_at) = ?", day) }

Order.for_day(Date.today)"""),
        ],
    ),
    case(
        "fix_027",
        L,
        "en",
        "memory grows without bound in node service (described), code given",
        [
            user("""RSS of this express service climbs ~50MB an hour until the container is OOM-killed. Heap snapshot shows thousands of Timeout objects.

const cache = new Map();
app.get('/rate/:sym', async (req, res) => {
  const key = req.params.sym;
  if (!cache.has(key)) {
    cache.set(key, await fetchRate(key));
    setInterval(async () => cache.set(key, await fetchRate(key)), 60_000);
  }
  res.json(cache.get(key));
});

It's hit with random symbols by a scanner bot a lot."""),
        ],
    ),
    case(
        "fix_028",
        L,
        "en",
        "YAML k8s manifest rejected",
        [
            user("""kubectl apply says:
error: error validating "deploy.yaml": error validating data: ValidationError(Deployment.spec.template.spec.containers[0].ports[0].containerPort): invalid type for io.k8s.api.core.v1.ContainerPort.containerPort: got "string", expected "integer"

    spec:
      containers:
        - name: api
          image: ghcr.io/acme/api:1.4.2
          ports:
            - containerPort: "8080"
          env:
            - name: PORT
              value: 8080"""),
        ],
    ),
    case(
        "fix_029",
        L,
        "en",
        "function returns None for empty list (classic phrasing)",
        [
            user("""why does this return None when `orders` is empty? the caller does `.get('count')` on it and blows up

def stats(orders):
    if orders:
        return {"count": len(orders), "sum": sum(o.total for o in orders)}"""),
        ],
    ),
    case(
        "fix_030",
        L,
        "en",
        "follow-up after an attempted fix that didn't work",
        [
            sys(CONTINUE),
            user("""```py app/auth.py
def check_token(token: str) -> bool:
    return hmac.compare_digest(token, settings.API_TOKEN)
```
getting TypeError: unsupported operand types(s) or combination of types: 'str' and 'NoneType'"""),
            asst(
                "`settings.API_TOKEN` is `None` — the env var isn't loaded. Make sure `API_TOKEN` is set in the environment before the app starts, e.g. in your `.env`."
            ),
            user(
                "it IS set in .env, I checked. still the same error. we load settings with `settings = Settings()` at import time in config.py and main.py calls load_dotenv() right after the imports"
            ),
        ],
    ),
    case(
        "fix_031",
        L,
        "en",
        "Go JSON field always empty",
        [
            user("""the Name field is always empty after unmarshal, other fields are fine

type user struct {
	ID    int    `json:"id"`
	name  string `json:"name"`
	Email string `json:"email"`
}

var u user
_ = json.Unmarshal([]byte(`{"id":7,"name":"Ola","email":"o@x.pl"}`), &u)
fmt.Println(u.name) // prints empty"""),
        ],
    ),
    case(
        "fix_032",
        L,
        "en",
        "SQL syntax error from MySQL",
        [
            user("""ERROR 1064 (42000): You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near 'rank FROM scores ORDER BY rank' at line 1

SELECT user_id, RANK() OVER (ORDER BY points DESC) rank FROM scores ORDER BY rank;

mysql 8.0.36"""),
        ],
    ),
    case(
        "fix_033",
        L,
        "en",
        "Python asyncio: coroutine never awaited warning, nothing happens",
        [
            user("""nothing gets sent and I only see "RuntimeWarning: coroutine 'send_mail' was never awaited"

async def send_mail(to, body): ...

def notify_all(users):
    for u in users:
        send_mail(u.email, "Your report is ready")"""),
        ],
    ),
    case(
        "fix_034",
        L,
        "en",
        "CORS error in browser console",
        [
            user("""Access to fetch at 'https://api.example.dev/v1/me' from origin 'http://localhost:5173' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.

FastAPI backend:
app.add_middleware(CORSMiddleware, allow_origins=["http://localhost:3000"], allow_methods=["GET"], allow_headers=["*"])

frontend sends PATCH with Authorization header"""),
        ],
        CHAT_UI_TOOLS,
    ),
    case(
        "fix_035",
        L,
        "en",
        "C++ linker error",
        [
            user("""/usr/bin/ld: CMakeFiles/app.dir/main.cpp.o: in function `main':
main.cpp:(.text+0x2a): undefined reference to `geo::distance(geo::Point const&, geo::Point const&)'
collect2: error: ld returned 1 exit status

CMakeLists.txt:
add_executable(app main.cpp)
add_library(geo src/geo.cpp)"""),
        ],
    ),
    case(
        "fix_036",
        L,
        "en",
        "float rounding shows 0.30000000000000004 in invoice",
        [
            user(
                "the invoice preview shows 0.30000000000000004 PLN for the discount line. `const discount = items.reduce((s, i) => s + i.price * 0.1, 0)` then `${discount} PLN` in the template. customers noticed, pls help"
            ),
        ],
    ),
    case(
        "fix_037",
        L,
        "en",
        "Java: ConcurrentModificationException",
        [
            user("""Exception in thread "main" java.util.ConcurrentModificationException
	at java.base/java.util.ArrayList$Itr.checkForComodification(ArrayList.java:1095)
	at java.base/java.util.ArrayList$Itr.next(ArrayList.java:1049)
	at Sessions.expire(Sessions.java:22)

for (Session s : sessions) {
    if (s.isExpired(now)) sessions.remove(s);
}"""),
        ],
    ),
    case(
        "fix_038",
        L,
        "en",
        "systemd service keeps restarting, journal excerpt",
        [
            user("""my service won't stay up

Dec 05 08:14:02 web1 systemd[1]: Started Invoice worker.
Dec 05 08:14:02 web1 python3[30411]: /usr/bin/python3: can't open file '/home/deploy/worker.py': [Errno 13] Permission denied
Dec 05 08:14:02 web1 systemd[1]: invoice-worker.service: Main process exited, code=exited, status=2/INVALIDARGUMENT
Dec 05 08:14:07 web1 systemd[1]: invoice-worker.service: Scheduled restart job, restart counter is at 5.

[Service]
User=invoice
ExecStart=/usr/bin/python3 /home/deploy/worker.py
Restart=always"""),
        ],
    ),
    case(
        "fix_039",
        L,
        "en",
        "dates sorted wrong (string sort)",
        [
            user("""the table sorts dates like 01.02.2025, 02.01.2025, 03.12.2024... clearly wrong, newest should be first

rows.sort((a, b) => b.date.localeCompare(a.date))   // date is "dd.mm.yyyy" string"""),
        ],
    ),
    case(
        "fix_040",
        L,
        "en",
        "Rust: tokio runtime panic",
        [
            user("""thread 'main' panicked at 'Cannot start a runtime from within a runtime. This happens because a function (like `block_on`) attempted to block the current thread while the thread is being used to drive asynchronous tasks.', /home/me/.cargo/registry/src/tokio-1.35.1/src/runtime/scheduler/multi_thread/mod.rs:86:9

#[tokio::main]
async fn main() {
    let cfg = load_config();
}

fn load_config() -> Config {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(fetch_remote_config())
}"""),
        ],
    ),
    case(
        "fix_041",
        L,
        "en",
        "Excel-like formula in Google Apps Script returns #ERROR",
        [
            user("""custom function in Sheets shows "Exception: You do not have permission to call UrlFetchApp.fetch" in the cell

function PRICE(ticker) {
  const r = UrlFetchApp.fetch('https://api.prices.example/q?s=' + ticker);
  return JSON.parse(r.getContentText()).last;
}"""),
        ],
    ),
    case(
        "fix_042",
        L,
        "en",
        "Next.js hydration mismatch",
        [
            user("""Warning: Text content did not match. Server: "5.12.2026, 09:14:03" Client: "12/5/2026, 10:14:03 AM"
Error: Hydration failed because the initial UI does not match what was rendered on the server.

export default function Footer() {
  return <footer>Last updated {new Date().toLocaleString()}</footer>;
}"""),
        ],
    ),
    case(
        "fix_043",
        L,
        "en",
        "Vue computed not reacting",
        [
            user("""total never updates when I push to cart.items in Vue 3

const cart = { items: [] }
const total = computed(() => cart.items.reduce((s, i) => s + i.price, 0))
function add(p) { cart.items.push(p) }"""),
        ],
    ),
    case(
        "fix_044",
        L,
        "en",
        "ansible task fails",
        [
            user("""TASK [nginx : render vhost] ****************************************************
fatal: [web2]: FAILED! => {"changed": false, "msg": "AnsibleUndefinedVariable: 'dict object' has no attribute 'server_name'"}

- name: render vhost
  template:
    src: vhost.j2
    dest: "/etc/nginx/sites-enabled/{{ item.name }}.conf"
  loop: "{{ sites }}"

vhost.j2 uses {{ item.server_name }}, group_vars for web2 has sites without server_name for the default site"""),
        ],
    ),
    case(
        "fix_045",
        L,
        "en",
        "retry loop never stops (described)",
        [
            user("""this retries forever when the server returns 404, I only want retries on 5xx and timeouts

for attempt in range(5):
    try:
        r = requests.get(url, timeout=5)
        r.raise_for_status()
        break
    except Exception:
        time.sleep(2 ** attempt)
        continue
while r.status_code != 200:
    r = requests.get(url, timeout=5)"""),
        ],
    ),
    case(
        "fix_046",
        L,
        "en",
        "test passes locally, fails in CI due to timezone",
        [
            user("""this test passes on my laptop and fails on CI:

FAILED tests/test_report.py::test_month_label - AssertionError: assert 'November 2025' == 'December 2025'

def test_month_label():
    ts = 1764547200  # 2025-12-01 00:00 UTC
    assert month_label(ts) == "December 2025"

def month_label(ts):
    return datetime.fromtimestamp(ts).strftime("%B %Y")

CI runner is in us-east-1"""),
        ],
    ),
    case(
        "fix_047",
        L,
        "en",
        "Haskell type error",
        [
            user("""    • Couldn't match expected type ‘Int’ with actual type ‘Maybe Int’
    • In the first argument of ‘(+)’, namely ‘lookup k m’
      In the expression: lookup k m + 1
   |
14 | bump k m = insert k (lookup k m + 1) m
   |                      ^^^^^^^^^^"""),
        ],
    ),
    case(
        "fix_048",
        L,
        "en",
        "Aider session, user reports wrong behavior after earlier edit",
        [
            sys(AIDER),
            user("add a --dry-run flag to cli.py"),
            asst("""cli.py
```python
<<<<<<< SEARCH
    parser.add_argument("--force", action="store_true")
=======
    parser.add_argument("--force", action="store_true")
    parser.add_argument("--dry-run", action="store_true")
>>>>>>> REPLACE
```"""),
            user(
                "--dry-run still deletes the files. args.dry_run is never checked in purge(), and --dry_run typed with underscore errors out which confuses people"
            ),
        ],
    ),
    case(
        "fix_049",
        L,
        "en",
        "nginx 502 with upstream log",
        [
            user("""nginx gives 502 for every request since I switched gunicorn to a unix socket

2026/12/05 09:02:11 [crit] 811#811: *12 connect() to unix:/run/gunicorn.sock failed (13: Permission denied) while connecting to upstream, client: 10.0.0.5, server: shop.example.com, request: "GET / HTTP/1.1", upstream: "http://unix:/run/gunicorn.sock:/"

gunicorn runs as user app with --bind unix:/run/gunicorn.sock, nginx as www-data"""),
        ],
    ),
    case(
        "fix_050",
        L,
        "en",
        "Elixir pattern match error",
        [
            user("""** (MatchError) no match of right hand side value: {:error, :timeout}
    (shop 0.3.1) lib/shop/payments.ex:41: Shop.Payments.capture/1

  def capture(order) do
    {:ok, resp} = Gateway.capture(order.payment_id)
    update_status(order, resp.status)
  end"""),
        ],
    ),
    case(
        "fix_051",
        L,
        "en",
        "GraphQL resolver returns null for nested field",
        [
            user("""`author` is always null in this query result even though posts have author_id set in the DB

type Post { id: ID!, title: String!, author: User }

const resolvers = {
  Query: { posts: () => db.posts.findMany() },
  Post: { author: (post) => db.users.findUnique({ where: { id: post.authorId } }) },
};

prisma model field is author_id"""),
        ],
    ),
    case(
        "fix_052",
        L,
        "en",
        "PowerShell script error",
        [
            user("""Get-ChildItem : Cannot find path 'C:\\Users\\ops\\logs\\*.log' because it does not exist.
At C:\\scripts\\rotate.ps1:3 char:10

$logDir = "C:\\Users\\ops\\logs"
Get-ChildItem -Path "$logDir\\*.log" | Where-Object { $_.LastWriteTime -lt (Get-Date).AddDays(-7) } | Remove-Item

the folder definitely exists, it's `C:\\Users\\ops\\Logs` with capital L on that server, script runs as SYSTEM"""),
        ],
    ),
    case(
        "fix_053",
        L,
        "en",
        "integer overflow in C# described via wrong output",
        [
            user("""total bytes transferred goes negative after a few hours: "Transferred: -2147287040 bytes"

int total = 0;
foreach (var chunk in chunks) total += chunk.Length;
Console.WriteLine($"Transferred: {total} bytes");"""),
        ],
    ),
    case(
        "fix_054",
        L,
        "en",
        "Django migration error",
        [
            user("""django.db.utils.IntegrityError: column "slug" of relation "blog_post" contains null values

after adding `slug = models.SlugField(unique=True)` to Post and running migrate on staging (there are 300 posts already)"""),
        ],
    ),
    case(
        "fix_055",
        L,
        "en",
        "webpack/vite build failing with cryptic error",
        [
            user("""vite build blows up only in production:

[vite]: Rollup failed to resolve import "@/components/Chart.vue" from "src/pages/Dashboard.vue".
This is most likely unintended because it can break your application at runtime.

vite.config.ts has resolve.alias { '@': '/src' }. dev server works fine"""),
        ],
    ),
]
