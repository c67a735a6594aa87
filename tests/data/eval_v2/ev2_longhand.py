# ruff: noqa: E501
"""Hand-written long requests (5k–10k characters, well under the large-context limit):
a pasted module to review, a startup log to debug, a design doc to condense and
incident notes for a plan."""

from __future__ import annotations

from ev2_common import CONTINUE, Cases, sys_, u

C = Cases("longhand")

WEBHOOK_MODULE = '''"""Stripe webhook receiver: verifies events and updates subscriptions."""
from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from datetime import datetime, timezone

from flask import Blueprint, abort, current_app, request

from .db import db
from .models import Customer, Invoice, Subscription, WebhookEvent
from .mail import send_receipt, send_payment_failed

bp = Blueprint("stripe_webhooks", __name__)
log = logging.getLogger(__name__)

TOLERANCE_SECONDS = 300


def _verify(payload: bytes, header: str, secret: str) -> dict:
    parts = dict(item.split("=", 1) for item in header.split(","))
    timestamp = int(parts["t"])
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()
    if parts["v1"] != expected:
        abort(400, "bad signature")
    if abs(time.time() - timestamp) > TOLERANCE_SECONDS:
        abort(400, "stale event")
    return json.loads(payload)


@bp.post("/webhooks/stripe")
def receive():
    payload = request.get_data()
    event = _verify(payload, request.headers.get("Stripe-Signature", ""), current_app.config["STRIPE_WEBHOOK_SECRET"])

    if WebhookEvent.query.get(event["id"]):
        return "", 200
    db.session.add(WebhookEvent(id=event["id"], type=event["type"], received_at=datetime.now(timezone.utc)))

    handler = HANDLERS.get(event["type"])
    if handler is None:
        log.info("ignoring %s", event["type"])
        db.session.commit()
        return "", 200

    try:
        handler(event["data"]["object"])
        db.session.commit()
    except Exception:
        log.exception("handler failed for %s", event["id"])
        db.session.rollback()
        return "", 200
    return "", 200


def _customer(stripe_customer_id: str) -> Customer:
    customer = Customer.query.filter_by(stripe_id=stripe_customer_id).first()
    if customer is None:
        customer = Customer(stripe_id=stripe_customer_id)
        db.session.add(customer)
    return customer


def on_invoice_paid(obj: dict) -> None:
    customer = _customer(obj["customer"])
    invoice = Invoice(
        stripe_id=obj["id"],
        customer=customer,
        amount_cents=obj["amount_paid"],
        currency=obj["currency"],
        paid_at=datetime.fromtimestamp(obj["status_transitions"]["paid_at"], timezone.utc),
    )
    db.session.add(invoice)
    sub = Subscription.query.filter_by(stripe_id=obj["subscription"]).first()
    if sub:
        sub.status = "active"
        sub.current_period_end = datetime.fromtimestamp(obj["lines"]["data"][0]["period"]["end"], timezone.utc)
    send_receipt(customer.email, invoice)


def on_payment_failed(obj: dict) -> None:
    customer = _customer(obj["customer"])
    sub = Subscription.query.filter_by(stripe_id=obj["subscription"]).first()
    if sub:
        sub.status = "past_due"
    send_payment_failed(customer.email, obj["hosted_invoice_url"])


def on_subscription_updated(obj: dict) -> None:
    sub = Subscription.query.filter_by(stripe_id=obj["id"]).first()
    if sub is None:
        sub = Subscription(stripe_id=obj["id"], customer=_customer(obj["customer"]))
        db.session.add(sub)
    sub.status = obj["status"]
    sub.plan = obj["items"]["data"][0]["price"]["lookup_key"]
    sub.seats = obj["items"]["data"][0]["quantity"]
    sub.cancel_at_period_end = obj["cancel_at_period_end"]


def on_subscription_deleted(obj: dict) -> None:
    sub = Subscription.query.filter_by(stripe_id=obj["id"]).first()
    if sub:
        db.session.delete(sub)


HANDLERS = {
    "invoice.paid": on_invoice_paid,
    "invoice.payment_failed": on_payment_failed,
    "customer.subscription.updated": on_subscription_updated,
    "customer.subscription.created": on_subscription_updated,
    "customer.subscription.deleted": on_subscription_deleted,
}
'''

C.add(
    "code_review",
    "en",
    "long pasted module, review before merge, no failure reported",
    [
        sys_(CONTINUE),
        u(
            "This is the whole webhook module from my PR (new file). Nothing is broken in staging, but payments are involved so I want a proper review before merge: signature handling, idempotency, ordering of events, error handling, anything that would bite us in prod.\n\n```python app/billing/webhooks.py\n"
            + WEBHOOK_MODULE
            + "```\n\nAlso: is returning 200 on handler failure the right call?"
        ),
    ],
)

STARTUP_LOG = """2026-12-05 08:14:02.118  INFO 1 --- [           main] c.a.inventory.InventoryApplication       : Starting InventoryApplication v2.14.0 using Java 21.0.5 with PID 1
2026-12-05 08:14:02.121  INFO 1 --- [           main] c.a.inventory.InventoryApplication       : The following 2 profiles are active: "prod", "k8s"
2026-12-05 08:14:04.502  INFO 1 --- [           main] .s.d.r.c.RepositoryConfigurationDelegate : Bootstrapping Spring Data JPA repositories in DEFAULT mode.
2026-12-05 08:14:04.790  INFO 1 --- [           main] .s.d.r.c.RepositoryConfigurationDelegate : Finished Spring Data repository scanning in 271 ms. Found 14 JPA repository interfaces.
2026-12-05 08:14:06.011  INFO 1 --- [           main] o.s.b.w.embedded.tomcat.TomcatWebServer  : Tomcat initialized with port 8080 (http)
2026-12-05 08:14:06.033  INFO 1 --- [           main] o.apache.catalina.core.StandardService   : Starting service [Tomcat]
2026-12-05 08:14:06.034  INFO 1 --- [           main] o.apache.catalina.core.StandardEngine    : Starting Servlet engine: [Apache Tomcat/10.1.33]
2026-12-05 08:14:06.190  INFO 1 --- [           main] w.s.c.ServletWebServerApplicationContext : Root WebApplicationContext: initialization completed in 3902 ms
2026-12-05 08:14:06.822  INFO 1 --- [           main] com.zaxxer.hikari.HikariDataSource       : HikariPool-1 - Starting...
2026-12-05 08:14:07.403  INFO 1 --- [           main] com.zaxxer.hikari.pool.HikariPool        : HikariPool-1 - Added connection org.postgresql.jdbc.PgConnection@5b1f0f26
2026-12-05 08:14:07.405  INFO 1 --- [           main] com.zaxxer.hikari.HikariDataSource       : HikariPool-1 - Start completed.
2026-12-05 08:14:07.981  INFO 1 --- [           main] o.f.c.internal.license.VersionPrinter    : Flyway Community Edition 10.20.1 by Redgate
2026-12-05 08:14:07.990  INFO 1 --- [           main] o.f.c.i.database.base.BaseDatabaseType   : Database: jdbc:postgresql://inventory-db.prod.svc:5432/inventory (PostgreSQL 16.4)
2026-12-05 08:14:08.102  INFO 1 --- [           main] o.f.core.internal.command.DbValidate     : Successfully validated 58 migrations (execution time 00:00.071s)
2026-12-05 08:14:08.141  INFO 1 --- [           main] o.f.core.internal.command.DbMigrate      : Current version of schema "public": 57
2026-12-05 08:14:08.150  INFO 1 --- [           main] o.f.core.internal.command.DbMigrate      : Migrating schema "public" to version "58 - add reservation expiry"
2026-12-05 08:14:38.151  WARN 1 --- [           main] o.f.c.i.s.DefaultSqlScriptExecutor       : DB: canceling statement due to lock timeout (SQL State: 55P03 - Error Code: 0)
2026-12-05 08:14:38.160 ERROR 1 --- [           main] o.f.core.internal.command.DbMigrate      : Migration of schema "public" to version "58 - add reservation expiry" failed! Changes successfully rolled back.
2026-12-05 08:14:38.171  WARN 1 --- [           main] ConfigServletWebServerApplicationContext : Exception encountered during context initialization - cancelling refresh attempt: org.springframework.beans.factory.BeanCreationException: Error creating bean with name 'flywayInitializer' defined in class path resource [org/springframework/boot/autoconfigure/flyway/FlywayAutoConfiguration$FlywayConfiguration.class]: Migration V58__add_reservation_expiry.sql failed
---------------------------------------------------------------
SQL State  : 55P03
Error Code : 0
Message    : ERROR: canceling statement due to lock timeout
Location   : db/migration/V58__add_reservation_expiry.sql (/app/BOOT-INF/classes/db/migration/V58__add_reservation_expiry.sql)
Line       : 1
Statement  : ALTER TABLE reservations ADD COLUMN expires_at timestamptz NOT NULL DEFAULT now() + interval '15 minutes'

2026-12-05 08:14:38.180  INFO 1 --- [           main] com.zaxxer.hikari.HikariDataSource       : HikariPool-1 - Shutdown initiated...
2026-12-05 08:14:38.188  INFO 1 --- [           main] com.zaxxer.hikari.HikariDataSource       : HikariPool-1 - Shutdown completed.
2026-12-05 08:14:38.191  INFO 1 --- [           main] o.apache.catalina.core.StandardService   : Stopping service [Tomcat]
2026-12-05 08:14:38.222 ERROR 1 --- [           main] o.s.boot.SpringApplication               : Application run failed

org.springframework.beans.factory.BeanCreationException: Error creating bean with name 'flywayInitializer' defined in class path resource [org/springframework/boot/autoconfigure/flyway/FlywayAutoConfiguration$FlywayConfiguration.class]: Migration V58__add_reservation_expiry.sql failed
	at org.springframework.beans.factory.support.AbstractAutowireCapableBeanFactory.initializeBean(AbstractAutowireCapableBeanFactory.java:1806)
	at org.springframework.beans.factory.support.AbstractAutowireCapableBeanFactory.doCreateBean(AbstractAutowireCapableBeanFactory.java:600)
	at org.springframework.beans.factory.support.AbstractAutowireCapableBeanFactory.createBean(AbstractAutowireCapableBeanFactory.java:522)
	at org.springframework.beans.factory.support.AbstractBeanFactory.lambda$doGetBean$0(AbstractBeanFactory.java:337)
	at org.springframework.boot.SpringApplication.run(SpringApplication.java:335)
	at com.acme.inventory.InventoryApplication.main(InventoryApplication.java:12)
Caused by: org.flywaydb.core.internal.command.DbMigrate$FlywayMigrateException: Migration V58__add_reservation_expiry.sql failed
	at org.flywaydb.core.internal.command.DbMigrate.doMigrateGroup(DbMigrate.java:382)
	at org.flywaydb.core.internal.command.DbMigrate.lambda$applyMigrations$1(DbMigrate.java:272)
	at org.flywaydb.core.Flyway.migrate(Flyway.java:124)
Caused by: org.postgresql.util.PSQLException: ERROR: canceling statement due to lock timeout
	at org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2733)
	at org.postgresql.jdbc.PgStatement.execute(PgStatement.java:1005)
	... 42 common frames omitted

$ kubectl -n prod get pods -l app=inventory
NAME                         READY   STATUS             RESTARTS      AGE
inventory-7d9c6b5f4-2xkqp    1/1     Running            0             3d
inventory-7d9c6b5f4-9w7lm    1/1     Running            0             3d
inventory-86f7d9c8b-tq4rn    0/1     CrashLoopBackOff   6 (41s ago)   11m"""

C.add(
    "code_fix",
    "en",
    "long startup log + pod status; new version crash-loops",
    [
        u(
            "New release of the inventory service won't come up in prod, the old pods are still serving. Here's the log from the crashing pod and the pod list:\n\n```\n"
            + STARTUP_LOG
            + "\n```\n\nIt deployed fine to staging an hour ago. What's going on and how do we get the release out?"
        ),
    ],
)

DESIGN_DOC = """# RFC-031: Per-tenant rate limiting for the public API

Status: Draft — Authors: M. Okafor, L. Brandt — Reviewers: platform team, API guild

## Background
Today the public API applies one global limit per API key: 600 requests per minute, enforced in the gateway with a fixed window counter in Redis. Large tenants create many keys to get around it (one tenant has 212 active keys), while small tenants occasionally hit the limit during imports and open tickets. In October, a single tenant's runaway integration consumed 38% of the API fleet's capacity for 40 minutes and degraded latency for everyone (INC-2291).

## Goals
1. Limits that follow the tenant, not the key, so creating keys does not raise the ceiling.
2. Predictable limits per plan (Free, Team, Business, Enterprise) with contract overrides.
3. Fairness under load: one tenant must not be able to push p99 latency for others above the SLO.
4. Clear feedback to clients: standard headers and a retry hint.

## Non-goals
- Billing by request volume. - Limits on internal service-to-service traffic. - Changing the webhook delivery system.

## Proposal
Move enforcement from a fixed window per key to a token bucket per tenant with two dimensions: a sustained rate (tokens per second) and a burst size. Plan defaults: Free 5 rps / burst 20; Team 20 / 100; Business 50 / 300; Enterprise 150 / 1000, overridable per contract in the admin console. Expensive endpoints (exports, search, bulk writes) cost more tokens: export 20, search 5, bulk write 1 per item up to 50.

Enforcement stays in the gateway. Buckets live in Redis using a Lua script that refills and takes tokens atomically; the script returns remaining tokens and the time until the next token. If Redis is unavailable, the gateway falls back to a local in-memory bucket per instance at 1/N of the tenant's rate (N = number of gateway instances), which errs on the side of letting traffic through.

Responses include `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` (IETF draft), and 429 responses include `Retry-After`. A tenant-level dashboard in the console shows usage against the limit for the last 24 hours.

## Fairness under global load
Per-tenant limits alone do not protect the fleet when many tenants are busy at once. We add a second, global layer: when fleet CPU exceeds 75% for 2 minutes, the gateway lowers every tenant's effective rate proportionally to its plan weight (Free 1, Team 2, Business 4, Enterprise 8) until CPU recovers. This is a load-shedding mode and is expected to be rare; it pages the on-call.

## Rollout
Phase 1 (2 weeks): shadow mode — compute decisions and emit metrics, never reject. Compare with current limits, find tenants that would be throttled. Phase 2: enable for Free and Team tenants; contact the 15 tenants identified in phase 1 beforehand. Phase 3: Business and Enterprise, with overrides pre-configured from account managers' input. Old per-key limits are removed one month after phase 3.

## Alternatives considered
- Per-key limits with a cap on the number of keys: simpler, but tenants legitimately need many keys (one per integration) and it does not address expensive endpoints.
- Leaky bucket in the API services themselves: fairer queuing, but duplicates logic in 11 services and cannot reject before the request reaches the service.
- A managed API gateway product: evaluated two; both lack cost-weighted endpoints and would add ~45k EUR/year.

## Risks
- Redis latency adds ~0.3 ms p50 to every request; acceptable within the budget.
- Enterprise customers with bursty nightly syncs may be surprised; mitigated by shadow-mode outreach.
- The local fallback can over-admit traffic during a Redis outage by up to N times in the worst case if instances are unevenly loaded.

## Open questions
1. Should token costs be visible in the API docs per endpoint, or only in headers?
2. Do we need per-user limits within a tenant for the Business plan?
3. Who owns the overrides — support or account management?"""

C.add(
    "summarize",
    "en",
    "long design doc condensed for a review meeting",
    [
        u(
            "I have 5 minutes before the review meeting and haven't read this RFC. Give me the gist: what it proposes, how it rolls out, the main risks and the open questions. Keep it tight.\n\n"
            + DESIGN_DOC
        ),
    ],
)

INCIDENT_NOTES = """Incident notes (raw, from the channel and the call) — INC-2364, checkout degraded, 2026-12-01

13:58 First customer tickets: 'payment spinner never ends'. Support escalates at 14:06.
14:07 On-call (Sam) sees checkout-api p99 at 9s (normal 400ms), error rate 3%. No deploy since 11:20 (a copy change on the cart page).
14:10 Payment provider status page: all green.
14:12 DB dashboards: primary CPU 35%, connections 480/500 (normally ~150). Many sessions 'idle in transaction'.
14:15 Sam restarts 2 of 8 checkout-api pods, connections drop briefly, then climb again within 3 minutes.
14:19 Kim joins, notices the 'idle in transaction' sessions all come from the same query: SELECT ... FROM carts WHERE id = $1 FOR UPDATE.
14:24 Hypothesis: lock held while calling the payment provider. Code path: reserve stock -> lock cart row -> call provider authorise (HTTP, timeout 30s) -> write order -> commit. Provider latency p99 today 6s (normally 800ms) — their status page still green.
14:31 Provider confirms 'elevated latency in EU region' on their support line.
14:33 Mitigation: feature flag 'provider_eu_failover' switches to their US endpoint. Latency drops, connection count falls to 200 within 5 minutes.
14:41 Error rate back to baseline. Incident mitigated. 14:55 resolved after monitoring.

Observations from the call:
- The cart row lock is held for the entire provider call. That pattern was introduced in March to fix double submits.
- The HTTP client timeout to the provider is 30s; our gateway timeout is 10s, so clients give up while the server keeps the transaction open.
- The DB pool (500) was sized for normal load; nothing bounds concurrent provider calls.
- Alerting fired on p99 at 14:07, 9 minutes after the first tickets. No alert on 'idle in transaction' count.
- The failover flag existed but nobody on call knew about it; it's documented in an old Confluence page.
- Retry logic in the mobile app retries checkout on timeout, which may have doubled load during the incident.
- Two customers were charged but have no order (payment authorised, order write failed after pod restart). Finance is reconciling manually.
- Similar but shorter event on 2026-10-14 (12 minutes), never investigated because it self-resolved."""

C.add(
    "agentic_reasoning",
    "en",
    "long incident notes; asks for contributing factors and a remediation plan",
    [
        u(
            "Raw notes from last week's incident below. I own the follow-up. Don't just summarise — reason through the contributing factors, which ones matter most, and give me a prioritised remediation plan (quick wins vs structural changes), including how we'd verify each fix actually helps.\n\n"
            + INCIDENT_NOTES
        ),
    ],
)
CASES = C.items
