# ruff: noqa: E501
"""A few code_fix / code_review / code_generate requests as near-miss contrast to the six labels."""

from __future__ import annotations

from .common import AIDER_LIKE, CHAT_UI, CHAT_UI_TOOLS, CONTINUE_LIKE, asst, case, sys, user

FIX, REVIEW, GEN = "code_fix", "code_review", "code_generate"

CASES = [
    case(
        "con-001",
        FIX,
        "en",
        "failure described in words next to code, no trace (vs agentic investigation)",
        [
            user(
                "this returns None for empty lists instead of 0, why?\n\n```python\ndef total(xs):\n    if xs:\n        return sum(x.price for x in xs)\n```"
            )
        ],
    ),
    case(
        "con-002",
        FIX,
        "en",
        "browser-specific failure in words (vs simple_chat)",
        [
            user(
                "the button does nothing on Safari, works in Chrome:\n\n```js\ndocument.querySelector('#buy').addEventListener('click', () => {\n  const d = new Date('2026-12-05 10:00');\n  if (d > Date.now()) submitOrder();\n});\n```"
            )
        ],
    ),
    case(
        "con-003",
        FIX,
        "en",
        "bare stack trace with little text (vs summarize a trace)",
        [
            user(
                '```\nTraceback (most recent call last):\n  File "app.py", line 14, in <module>\n    main()\n  File "app.py", line 10, in main\n    cfg = json.load(open(\'config.json\'))\n  File "/usr/lib/python3.12/json/__init__.py", line 293, in load\n    return loads(fp.read(),\njson.decoder.JSONDecodeError: Expecting property name enclosed in double quotes: line 4 column 3 (char 58)\n```'
            )
        ],
    ),
    case(
        "con-004",
        FIX,
        "pl",
        "Polish: błąd kompilacji Rust, prośba o naprawę",
        [
            user(
                'nie kompiluje się, co jest nie tak?\n\nerror[E0502]: cannot borrow `v` as mutable because it is also borrowed as immutable\n --> src/main.rs:5:5\n  |\n4 |     let first = &v[0];\n  |                  - immutable borrow occurs here\n5 |     v.push(6);\n  |     ^^^^^^^^^ mutable borrow occurs here\n6 |     println!("{}", first);\n  |                    ----- immutable borrow later used here'
            )
        ],
    ),
    case(
        "con-005",
        FIX,
        "de",
        "German: falsche Ausgabe beschrieben (vs triage label)",
        [
            user(
                "Die Funktion soll den Median liefern, gibt aber bei [3, 1, 2] die 1 zurück statt 2:\n\n```java\nstatic int median(int[] a) {\n    return a[a.length / 2];\n}\n```"
            )
        ],
    ),
    case(
        "con-006",
        FIX,
        "en",
        "failing test output only (vs tool_use run tests)",
        [
            user(
                "FAILED tests/test_slug.py::test_unicode - AssertionError: assert 'caf' == 'cafe'\n\n```python\ndef slugify(s):\n    return re.sub(r'[^a-z0-9]+', '-', s.lower()).strip('-')\n```"
            )
        ],
    ),
    case(
        "con-007",
        FIX,
        "es",
        "Spanish: error de SQL observado",
        [
            user(
                "Esta consulta me devuelve filas duplicadas de clientes, ¿qué falla?\n\nSELECT c.id, c.nombre, p.total\nFROM clientes c\nJOIN pedidos p ON p.cliente_id = c.id\nJOIN direcciones d ON d.cliente_id = c.id\nWHERE p.fecha >= '2026-11-01';"
            )
        ],
    ),
    case(
        "con-008",
        FIX,
        "zh",
        "Chinese: 报错求修复",
        [
            user(
                "运行报错了，帮我改一下：\n\nTypeError: Cannot read properties of undefined (reading 'map')\n    at UserList (UserList.jsx:12:22)\n\n```jsx\nexport default function UserList({ data }) {\n  return <ul>{data.users.map(u => <li key={u.id}>{u.name}</li>)}</ul>;\n}\n```"
            )
        ],
    ),
    case(
        "con-009",
        REVIEW,
        "en",
        "judgement question without a reported failure (vs code_fix)",
        [
            user(
                "is this thread-safe?\n\n```java\npublic class Counter {\n    private static Counter instance;\n    private int n;\n    public static Counter get() {\n        if (instance == null) instance = new Counter();\n        return instance;\n    }\n    public void inc() { n++; }\n}\n```"
            )
        ],
    ),
    case(
        "con-010",
        REVIEW,
        "en",
        "review a PR diff (vs summarize the diff)",
        [
            user(
                'review this PR please, anything you\'d push back on?\n\n```diff\n+def get_user(db, user_id):\n+    return db.execute(f"SELECT * FROM users WHERE id = {user_id}").fetchone()\n+\n+def delete_user(db, user_id):\n+    db.execute("DELETE FROM users WHERE id = ?", (user_id,))\n```'
            )
        ],
    ),
    case(
        "con-011",
        REVIEW,
        "pl",
        "Polish: ocena kodu pod kątem wydajności",
        [
            user(
                "Czy ten kod będzie wydajny przy 100k rekordów? Nie mam z nim problemu, pytam na zapas.\n\n```python\nresult = []\nfor order in orders:\n    if order.customer_id not in [c.id for c in vip_customers]:\n        result.append(order)\n```"
            )
        ],
    ),
    case(
        "con-012",
        REVIEW,
        "de",
        "German: Sicherheitsprüfung eines Snippets",
        [
            user(
                "Gibt es hier Sicherheitsprobleme?\n\n```php\n$file = $_GET['f'];\ninclude('/var/www/templates/' . $file . '.php');\n```"
            )
        ],
    ),
    case(
        "con-013",
        REVIEW,
        "en",
        "Continue prompt; any problems with this? (vs summarize)",
        [
            sys(CONTINUE_LIKE),
            user(
                "any problems with this hook?\n\n```ts\nexport function useInterval(cb: () => void, ms: number) {\n  useEffect(() => {\n    const id = setInterval(cb, ms);\n  }, []);\n}\n```"
            ),
        ],
    ),
    case(
        "con-014",
        REVIEW,
        "es",
        "Spanish: ¿está bien esto?",
        [
            user(
                "¿Está bien escrito este Dockerfile o mejorarías algo?\n\n```dockerfile\nFROM python:3.12\nCOPY . /app\nRUN pip install -r /app/requirements.txt\nCMD python /app/main.py\n```"
            )
        ],
    ),
    case(
        "con-015",
        REVIEW,
        "zh",
        "Chinese: 代码评审",
        [
            user(
                "帮我看看这段 Go 代码有没有什么隐患：\n\n```go\nfunc fetchAll(urls []string) []string {\n    var out []string\n    for _, u := range urls {\n        go func() {\n            resp, _ := http.Get(u)\n            body, _ := io.ReadAll(resp.Body)\n            out = append(out, string(body))\n        }()\n    }\n    return out\n}\n```"
            )
        ],
    ),
    case(
        "con-016",
        GEN,
        "en",
        "write tests for given code (vs review)",
        [
            user(
                "write pytest tests for this, cover the edge cases\n\n```python\ndef parse_duration(s: str) -> int:\n    units = {'s': 1, 'm': 60, 'h': 3600}\n    return int(s[:-1]) * units[s[-1]]\n```"
            )
        ],
    ),
    case(
        "con-017",
        GEN,
        "en",
        "add a feature; a bug mentioned only in passing (vs code_fix)",
        [
            sys(AIDER_LIKE),
            user(
                "Add a `--dry-run` flag to the cleanup command that prints what would be deleted. (Side note: it also crashes on symlinks sometimes, but that's a separate ticket.)\n\ncli/cleanup.py\n```python\n@click.command()\n@click.argument('path')\ndef cleanup(path):\n    for p in Path(path).rglob('*.tmp'):\n        p.unlink()\n```"
            ),
        ],
    ),
    case(
        "con-018",
        GEN,
        "pl",
        "Polish: napisz skrypt do zachowania (vs tool_use one-off command)",
        [
            user(
                "Napisz skrypt w bashu, który będę trzymał w repo: co noc robi dump bazy Postgres, kompresuje go i usuwa dumpy starsze niż 14 dni."
            )
        ],
    ),
    case(
        "con-019",
        GEN,
        "de",
        "German: Terraform schreiben",
        [
            user(
                "Schreib mir ein Terraform-Modul für einen S3-Bucket mit Versionierung, Verschlüsselung (KMS) und einer Lifecycle-Regel, die alte Versionen nach 90 Tagen löscht."
            )
        ],
    ),
    case(
        "con-020",
        GEN,
        "en",
        "convert / port code (vs summarize what it does)",
        [
            user(
                "port this to TypeScript with proper types\n\n```python\ndef group_by(items, key):\n    out = {}\n    for it in items:\n        out.setdefault(key(it), []).append(it)\n    return out\n```"
            )
        ],
    ),
    case(
        "con-021",
        GEN,
        "es",
        "Spanish: implementar un endpoint nuevo",
        [
            user(
                "Implementa un endpoint POST /api/v1/cupones en Express que valide el código (8 caracteres alfanuméricos), la fecha de caducidad y devuelva 201 con el cupón creado."
            )
        ],
    ),
    case(
        "con-022",
        GEN,
        "zh",
        "Chinese: 写 SQL",
        [
            user(
                "写一条 SQL：统计每个用户最近 30 天的订单数和总金额，只要订单数大于 5 的用户，按总金额倒序。表 orders(id, user_id, amount, created_at)。"
            )
        ],
    ),
    case(
        "con-023",
        GEN,
        "en",
        "chat UI with tools; regex request is code_generate not tool_use",
        [sys(CHAT_UI), user("regex that matches UK postcodes like SW1A 1AA and M1 1AE?")],
        CHAT_UI_TOOLS,
    ),
    case(
        "con-024",
        FIX,
        "en",
        "multi-turn: after a summary, last turn reports the code now fails",
        [
            user(
                "what does this function do?\n\n```ruby\ndef initials(name)\n  name.split.map { |w| w[0] }.join.upcase\nend\n```"
            ),
            asst(
                'It returns the upper-cased first letter of each word in the name, e.g. "ada lovelace" → "AL".'
            ),
            user(
                "it blows up with NoMethodError: undefined method `split' for nil when the user has no name set"
            ),
        ],
    ),
]
