# ruff: noqa: E501
"""Near-miss groups: the same material under different asks, so only the ask decides
the label (fix vs review vs generate vs summarize vs triage vs plan vs tool)."""

from __future__ import annotations

from ev2_common import (
    AIDER,
    CHAT_UI_TOOLS,
    CLI_AGENT,
    CODING_TOOLS,
    QUERY_DB,
    WEBUI,
    Cases,
    sys_,
    u,
)

C = Cases("pairs")

DEDUPE = """```python
def dedupe(emails):
    seen = set()
    out = []
    for e in emails:
        key = e.strip().lower()
        if key in seen:
            continue
        seen.add(key)
        out.append(e)
    return out
```"""

C.add(
    "code_review",
    "en",
    "same snippet: judgement question, nothing failing",
    [
        u(
            "Is this a reasonable way to dedupe emails case-insensitively? Anything you'd change?\n\n"
            + DEDUPE
        )
    ],
)
C.add(
    "code_fix",
    "en",
    "same snippet: observed wrong output",
    [
        u(
            DEDUPE
            + "\n\n`dedupe(['A@x.com ', 'a@x.com'])` returns both addresses in prod data, but it works in my REPL. The prod list comes from a CSV export."
        )
    ],
)
C.add(
    "code_generate",
    "en",
    "same snippet: extend it (Gmail dots/plus rules)",
    [
        u(
            DEDUPE
            + "\n\nExtend this so Gmail addresses are normalised too (ignore dots in the local part and anything after '+'), and keep the first original spelling."
        )
    ],
)
C.add(
    "summarize",
    "en",
    "same snippet: one-line docstring summary",
    [u("Give me a one-line docstring that summarises what this does:\n\n" + DEDUPE)],
)

LOG = """```
2026-12-03 11:02:13 ERROR [sync] failed to push 312 contacts to HubSpot: 429 Too Many Requests (retry-after 10)
2026-12-03 11:02:24 ERROR [sync] failed to push 312 contacts to HubSpot: 429 Too Many Requests (retry-after 10)
2026-12-03 11:02:35 WARN  [sync] giving up after 3 attempts; batch 2026-12-03T11 left in outbox
```"""

C.add(
    "triage",
    "en",
    "same log: severity label",
    [u("Severity for the ops board — sev1, sev2 or sev3? One word.\n\n" + LOG)],
)
C.add(
    "code_fix",
    "en",
    "same log: what's wrong and make it work",
    [
        u(
            LOG
            + "\n\nour sync keeps dying like this every morning at 11. the retry code is:\n```python\nfor attempt in range(3):\n    r = client.push(batch)\n    if r.ok: break\n    time.sleep(1)\n```"
        )
    ],
)
C.add(
    "summarize",
    "en",
    "same log: one-sentence summary for the handover",
    [u("Summarise for the handover in one sentence:\n\n" + LOG)],
)
C.add(
    "agentic_reasoning",
    "en",
    "same log: design rate-limit handling across integrations",
    [
        u(
            LOG
            + "\n\nThis isn't only HubSpot — Salesforce and Mailchimp syncs hit limits too. I want to think through a shared approach for all third-party syncs: scheduling, quotas per tenant, backoff, outbox semantics, and what to show users. Reason it through and propose a design."
        )
    ],
)

DIFF = """```diff
--- a/src/auth/session.ts
+++ b/src/auth/session.ts
@@ -8,7 +8,9 @@ export function createSession(user: User): Session {
-  const token = Math.random().toString(36).slice(2);
+  const token = crypto.randomBytes(32).toString('hex');
-  return { token, userId: user.id, expiresAt: Date.now() + 7 * DAY };
+  const expiresAt = Date.now() + (user.isAdmin ? 1 : 7) * DAY;
+  return { token, userId: user.id, expiresAt };
 }
```"""

C.add("code_review", "en", "same diff: review it", [u("Review this change please:\n\n" + DIFF)])
C.add(
    "summarize",
    "en",
    "same diff: release-note line",
    [u("Write the changelog line for this diff (one bullet, user-facing):\n\n" + DIFF)],
)
C.add(
    "triage",
    "en",
    "same diff: conventional commit type",
    [u("feat, fix, or security? pick one for the commit prefix\n\n" + DIFF)],
)
C.add(
    "code_generate",
    "en",
    "same diff: write tests for the new behaviour",
    [
        u(
            DIFF
            + "\n\nWrite vitest tests covering the new expiry rule for admins vs regular users (mock Date.now)."
        )
    ],
)

QUERY = "```sql\nSELECT customer_id, SUM(total) FROM orders WHERE created_at > now() - interval '30 days' GROUP BY customer_id HAVING SUM(total) > 1000;\n```"

C.add(
    "tool_use",
    "en",
    "same query: run it now with the DB tool",
    [
        sys_("You are the data assistant. Use query_db to answer questions from the warehouse."),
        u("run this and tell me how many customers come back\n\n" + QUERY),
    ],
    [QUERY_DB],
)
C.add(
    "code_review",
    "en",
    "same query: will it use the index?",
    [
        u(
            "Would this use our index on orders(created_at), or is there a better way to write it? Table is 80M rows.\n\n"
            + QUERY
        )
    ],
)
C.add(
    "code_generate",
    "en",
    "same query: turn it into a dbt model",
    [
        u(
            "Turn this into a dbt model with a `min_total` var (default 1000) and a schema.yml with not_null/unique tests on customer_id.\n\n"
            + QUERY
        )
    ],
)
C.add(
    "simple_chat",
    "en",
    "same query: what does HAVING mean, conceptual",
    [
        u(
            "quick one, what's the difference between WHERE and HAVING? saw it in this query\n\n"
            + QUERY
        )
    ],
)

TICKET = '"Since Monday, exporting a report to PDF shows a blank page for reports with more than ~50 rows. Smaller reports are fine. We need this for the board meeting on Friday." — Dana, Fernbank (Enterprise)'

C.add(
    "triage",
    "en",
    "same ticket: priority and component",
    [sys_("Output: <priority P1-P4> <component: reports|auth|billing|export|other>"), u(TICKET)],
)
C.add(
    "summarize",
    "en",
    "same ticket: one-line summary for the standup list",
    [u("one-line summary of this ticket for the standup list:\n\n" + TICKET)],
)
C.add(
    "tool_use",
    "en",
    "same ticket: create it in the tracker",
    [
        sys_(WEBUI),
        u("create an issue in the tracker for this, label it export + enterprise:\n\n" + TICKET),
    ],
    [
        {
            "type": "function",
            "function": {
                "name": "create_issue",
                "description": "Create a tracker issue.",
                "parameters": {
                    "type": "object",
                    "properties": {
                        "title": {"type": "string"},
                        "body": {"type": "string"},
                        "labels": {"type": "array", "items": {"type": "string"}},
                    },
                    "required": ["title"],
                },
            },
        },
        *CHAT_UI_TOOLS,
    ],
)
C.add(
    "agentic_reasoning",
    "en",
    "same ticket: how to investigate, step by step",
    [
        u(
            TICKET
            + "\n\nNo code access yet, I'm the support engineer. Since Monday we shipped a new PDF renderer (headless Chrome instead of wkhtmltopdf) and moved the report service to a new node pool. Lay out how you'd narrow this down, step by step, and what to ask engineering for."
        )
    ],
)

GO = """```go
func (s *Store) Get(ctx context.Context, id string) (*Item, error) {
	s.mu.Lock()
	it, ok := s.cache[id]
	s.mu.Unlock()
	if ok {
		return it, nil
	}
	it, err := s.db.Load(ctx, id)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.cache[id] = it
	s.mu.Unlock()
	return it, nil
}
```"""

C.add(
    "code_review",
    "en",
    "same Go: thundering herd judgement",
    [
        u(
            "Any concurrency problems with this cache lookup? Nothing's broken, but we're about to put it in front of a hot endpoint.\n\n"
            + GO
        )
    ],
)
C.add(
    "code_generate",
    "en",
    "same Go: add singleflight and TTL",
    [
        sys_(AIDER),
        u(
            "store.go is in the chat.\n\n"
            + GO
            + "\n\nAdd singleflight so concurrent misses for the same id hit the DB once, and a TTL per entry (configurable on Store)."
        ),
    ],
)
C.add(
    "code_fix",
    "en",
    "same Go: race detector output",
    [
        u(
            GO
            + "\n\n```\nWARNING: DATA RACE\nWrite at 0x00c0001a2060 by goroutine 41:\n  runtime.mapassign_faststr()\n  store.(*Store).Invalidate() store.go:52\nPrevious read at 0x00c0001a2060 by goroutine 38:\n  store.(*Store).Get() store.go:13\n```\nInvalidate is `delete(s.cache, id)`."
        )
    ],
)
C.add(
    "tool_use",
    "en",
    "same Go: agent asked to run the race detector",
    [sys_(CLI_AGENT), u("run the store package tests with -race and tell me if anything shows up")],
    CODING_TOOLS,
)

C.add(
    "code_review",
    "pl",
    "ten sam kod: ocena",
    [u("Czy ta funkcja jest OK? Nic nie wybucha, pytam profilaktycznie.\n\n" + DEDUPE)],
)
C.add(
    "code_fix",
    "pl",
    "ten sam kod: zły wynik",
    [
        u(
            DEDUPE
            + "\n\nDla listy z pustymi stringami zwraca jeden pusty adres, a powinna je pomijać. Do tego w raporcie widzę duplikaty z niełamliwą spacją na końcu."
        )
    ],
)
C.add(
    "triage",
    "de",
    "gleiches Ticket: Priorität",
    [u("Welche Priorität: hoch, mittel oder niedrig? Nur das Wort.\n\n" + TICKET)],
)
C.add(
    "summarize",
    "es",
    "mismo log: resumen",
    [u("Resúmeme este log en una frase para el informe diario:\n\n" + LOG)],
)
C.add(
    "code_generate",
    "zh",
    "同一段代码：扩展功能",
    [
        u(
            DEDUPE
            + "\n\n在这个函数基础上加一个参数 `keep='first'|'last'`，决定保留第一次还是最后一次出现的写法，并补上类型注解。"
        )
    ],
)
CASES = C.items
