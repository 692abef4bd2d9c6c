"""Signed decision callbacks: outbox rows, the retry schedule, Retry-After, 410, redelivery, claims."""
from __future__ import annotations

import base64
import datetime as dt
import email.utils
import random
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Iterator

import pytest
from sqlalchemy import func, select
from standardwebhooks import Webhook

from plugin import Moderation, delivery
from plugin.models import Delivery, Endpoint, OutboxMessage, utcnow

from conftest import make_app

SECRET = "whsec_" + base64.b64encode(b"callback-secret-32-bytes-long!!!").decode()
OLD_SECRET = "whsec_" + base64.b64encode(b"old-callback-secret-32-bytes!!!!").decode()


class Receiver:
    """A CMS callback endpoint on 127.0.0.1:<free port> answering from a script, then 204."""

    def __init__(self) -> None:
        self.script: list[tuple[int, dict[str, str]]] = []
        self.requests: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with receiver.lock:
                    receiver.requests.append({"headers": {k.lower(): v for k, v in self.headers.items()}, "body": body})
                    status, headers = receiver.script.pop(0) if receiver.script else (204, {})
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/callbacks"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()


def sources(url: str, **extra: Any) -> dict[str, Any]:
    return {"cms": {"secrets": [SECRET, OLD_SECRET], "callback_url": url}, **extra}


@pytest.fixture
def cb_app(tmp_path, receiver):  # type: ignore[no-untyped-def]
    app = make_app(tmp_path, MODERATION_WEBHOOK_SOURCES=sources(receiver.url))
    yield app
    Moderation.state(app).dispatcher.stop()
    Moderation.state(app).db.engine.dispose()


def submit(app, external_id: str = "c-1", body: str = "Welcome to them all.") -> int:  # type: ignore[no-untyped-def]
    result = Moderation.state(app).service.submit({"source": "cms", "external_id": external_id, "article": "calais", "body": body})
    return result.comment.id


def messages(app) -> list[OutboxMessage]:  # type: ignore[no-untyped-def]
    with Moderation.state(app).db.session() as session:
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def deliver(app, now: dt.datetime, **kwargs: Any) -> list[delivery.Attempt]:  # type: ignore[no-untyped-def]
    return delivery.deliver_due(Moderation.state(app).db, app.config, now=now, **kwargs)


# -- the outbox row ----------------------------------------------------------------------
def test_policy_and_human_decisions_are_written_to_the_outbox(cb_app) -> None:
    comment_id = submit(cb_app)
    Moderation.state(cb_app).service.record_decision(comment_id, "reject", "moderator:ana", reasons=["spam"])
    rows = messages(cb_app)
    assert [r.payload["data"]["outcome"] for r in rows] == ["approve", "reject"]
    assert [r.payload["data"]["actor"] for r in rows][1] == "moderator:ana"
    assert rows[0].message_id != rows[1].message_id and all(r.status == "pending" for r in rows)
    assert rows[1].payload["data"]["scores"]["toxicity"] == pytest.approx(0.05)


def test_no_callback_url_means_no_outbox_row(tmp_path) -> None:
    app = make_app(tmp_path, MODERATION_WEBHOOK_SOURCES={"cms": {"secrets": [SECRET]}})
    submit(app)
    assert messages(app) == []


# -- retries ---------------------------------------------------------------------------
def test_fails_three_times_then_succeeds_on_the_schedule(cb_app, receiver) -> None:
    receiver.script = [(500, {}), (502, {}), (503, {})]
    comment_id = submit(cb_app)
    t0 = utcnow()
    schedule = cb_app.config["MODERATION_CALLBACK_SCHEDULE"]
    now = t0
    for attempt in range(1, 4):
        [result] = deliver(cb_app, now)
        assert result.outcome == "retry" and result.attempt == attempt
        wait = (result.next_attempt_at - now).total_seconds()
        assert schedule[attempt - 1] <= wait <= schedule[attempt - 1] * 1.1 + 1e-6
        assert deliver(cb_app, now + dt.timedelta(seconds=schedule[attempt - 1] - 1)) == []  # not due yet
        now = result.next_attempt_at
    [result] = deliver(cb_app, now)
    assert result.outcome == "delivered" and result.status_code == 204
    assert deliver(cb_app, now + dt.timedelta(days=2)) == []

    # Every attempt carried the same webhook-id, and each verifies with the library.
    ids = {r["headers"]["webhook-id"] for r in receiver.requests}
    [row] = messages(cb_app)
    assert ids == {row.message_id} and len(receiver.requests) == 4
    for request in receiver.requests:
        body = Webhook(SECRET).verify(request["body"], request["headers"])
        assert body["type"] == "comment.decided" and body["data"]["comment_id"] == "c-1"
        assert body["data"]["outcome"] == "approve" and body["data"]["article_id"] == "calais"
    assert row.status == "delivered" and row.attempts == 4 and row.delivered_at is not None

    log = delivery.delivery_log(Moderation.state(cb_app).db, comment_id)
    assert [a["status_code"] for a in log[0]["log"]] == [500, 502, 503, 204]
    assert log[0]["log"][-1]["error"] is None and "HTTP 503" in log[0]["log"][2]["error"]


def test_schedule_spent_marks_failed(tmp_path, receiver) -> None:
    app = make_app(tmp_path, MODERATION_WEBHOOK_SOURCES=sources(receiver.url), MODERATION_CALLBACK_SCHEDULE=[1, 2])
    receiver.script = [(500, {})] * 5
    submit(app)
    now = utcnow()
    outcomes = []
    for _ in range(3):
        [result] = deliver(app, now)
        outcomes.append(result.outcome)
        now += dt.timedelta(seconds=10)
    assert outcomes == ["retry", "retry", "failed"]
    [row] = messages(app)
    assert row.status == "failed" and row.attempts == 3 and "HTTP 500" in row.last_error
    assert deliver(app, now + dt.timedelta(days=1)) == []


def test_connection_refused_is_retried(tmp_path) -> None:
    app = make_app(tmp_path, MODERATION_WEBHOOK_SOURCES=sources("http://127.0.0.1:9/nothing-listens"))
    submit(app)
    [result] = deliver(app, utcnow())
    assert result.outcome == "retry" and result.status_code is None and "ConnectError" in result.error


def test_jitter_never_shortens_the_wait() -> None:
    rng = random.Random(7)
    waits = [delivery.retry_delay(2, [5, 300], rng) for _ in range(200)]
    assert min(waits) >= 300 and max(waits) <= 330 and len(set(waits)) > 100
    assert delivery.retry_delay(3, [5, 300]) is None


@pytest.mark.parametrize("as_date", [False, True])
def test_retry_after_is_honoured(cb_app, receiver, as_date: bool) -> None:
    submit(cb_app)
    now = (utcnow() + dt.timedelta(seconds=1)).replace(microsecond=0)
    value = email.utils.format_datetime(now + dt.timedelta(seconds=120), usegmt=True) if as_date else "120"
    receiver.script = [(429, {"Retry-After": value})]
    [result] = deliver(cb_app, now)
    assert result.outcome == "retry" and result.status_code == 429
    assert result.next_attempt_at == now + dt.timedelta(seconds=120)  # not the schedule's 5 s
    assert deliver(cb_app, now + dt.timedelta(seconds=60)) == []
    [result] = deliver(cb_app, now + dt.timedelta(seconds=121))
    assert result.outcome == "delivered"


def test_parse_retry_after() -> None:
    now = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.timezone.utc)
    assert delivery.parse_retry_after("30", now) == 30
    assert delivery.parse_retry_after("Wed, 01 May 2024 12:01:00 GMT", now) == 60
    assert delivery.parse_retry_after("Wed, 01 May 2024 11:00:00 GMT", now) == 0
    assert delivery.parse_retry_after("soon", now) is None and delivery.parse_retry_after(None, now) is None


# -- 410 Gone --------------------------------------------------------------------------------
def test_410_disables_the_endpoint_until_re_enabled(cb_app, receiver) -> None:
    state = Moderation.state(cb_app)
    receiver.script = [(410, {})]
    first = submit(cb_app, "c-1")
    submit(cb_app, "c-2")
    now = utcnow()
    results = deliver(cb_app, now, limit=1)
    assert [r.outcome for r in results] == ["disabled"]
    assert len(receiver.requests) == 1
    rows = messages(cb_app)
    assert [r.status for r in rows] == ["disabled", "disabled"]
    with state.db.session() as session:
        endpoint = session.scalar(select(Endpoint).where(Endpoint.source == "cms"))
        assert endpoint.disabled_at is not None and "410" in endpoint.disabled_reason

    # Later decisions for the source are held back, not sent.
    third = submit(cb_app, "c-3")
    [result] = deliver(cb_app, utcnow())
    assert result.outcome == "disabled" and len(receiver.requests) == 1
    with pytest.raises(Exception, match="disabled"):
        delivery.redeliver(state.db, cb_app.config, first)

    runner = cb_app.test_cli_runner()
    out = runner.invoke(args=["moderation", "enable-endpoint", "cms"])
    assert out.exit_code == 0, out.output
    assert "3 callback(s) queued again" in out.output
    out = runner.invoke(args=["moderation", "deliver"])
    assert out.exit_code == 0 and "delivered 3" in out.output, out.output
    assert {r.status for r in messages(cb_app)} == {"delivered"}
    assert third


# -- redelivery: CLI and API -------------------------------------------------------------
def test_redeliver_from_the_cli_by_comment_or_message(cb_app, receiver) -> None:
    comment_id = submit(cb_app)
    assert [r.outcome for r in deliver(cb_app, utcnow())] == ["delivered"]
    [row] = messages(cb_app)
    runner = cb_app.test_cli_runner()
    out = runner.invoke(args=["moderation", "redeliver", str(comment_id)])
    assert out.exit_code == 0 and "delivered" in out.output, out.output
    out = runner.invoke(args=["moderation", "redeliver", row.message_id])
    assert out.exit_code == 0 and "delivered" in out.output
    assert [r["headers"]["webhook-id"] for r in receiver.requests] == [row.message_id] * 3
    out = runner.invoke(args=["moderation", "redeliver", "msg_nope"])
    assert out.exit_code != 0 and "no callback message" in out.output
    with Moderation.state(cb_app).db.session() as session:
        assert session.scalar(select(func.count()).select_from(Delivery)) == 3


def test_redeliver_api_needs_admin(tmp_path, receiver) -> None:
    allowed: dict[str, Any] = {"who": None}
    app = make_app(tmp_path, MODERATION_WEBHOOK_SOURCES=sources(receiver.url))
    Moderation.state(app).extension.authorize(lambda action: allowed["who"] if action == "admin" else None)
    comment_id = submit(app)
    client = app.test_client()
    refused = client.post("/moderation/webhooks/admin/redeliver", json={"comment_id": comment_id})
    assert refused.status_code in (401, 403)
    assert client.get(f"/moderation/webhooks/admin/deliveries/{comment_id}").status_code in (401, 403)
    allowed["who"] = "root"
    ok = client.post("/moderation/webhooks/admin/redeliver", json={"comment_id": comment_id})
    assert ok.status_code == 200, ok.json
    assert ok.json["attempts"][0]["outcome"] == "delivered"
    bad = client.post("/moderation/webhooks/admin/redeliver", json={"colour": "red"})
    assert bad.status_code == 422
    missing = client.post("/moderation/webhooks/admin/redeliver", json={"message_id": "msg_nope"})
    assert missing.status_code == 404
    log = client.get(f"/moderation/webhooks/admin/deliveries/{comment_id}").json
    assert log["messages"][0]["status"] == "delivered" and log["messages"][0]["log"][0]["status_code"] == 204
    assert client.post("/moderation/webhooks/admin/endpoints/cms/enable").status_code == 404  # not disabled
    Moderation.state(app).db.engine.dispose()


# -- the thread dispatcher delivers by itself ---------------------------------------------
def test_thread_dispatch_delivers_callbacks(tmp_path, receiver) -> None:
    app = make_app(tmp_path, MODERATION_WEBHOOK_SOURCES=sources(receiver.url), MODERATION_DISPATCH="thread")
    state = Moderation.state(app)
    try:
        submit(app)
        assert state.dispatcher.drain(10)
        assert state.dispatcher.outbox.idle.wait(10)
        assert [r.status for r in messages(app)] == ["delivered"]
        assert len(receiver.requests) == 1
    finally:
        state.dispatcher.stop()
        state.db.engine.dispose()


# -- claims: two workers never send the same attempt -------------------------------------
@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_concurrent_workers_send_each_message_once(tmp_path, receiver, backend: str, request) -> None:  # type: ignore[no-untyped-def]
    config: dict[str, Any] = {"MODERATION_WEBHOOK_SOURCES": sources(receiver.url)}
    if backend == "postgres":
        config["MODERATION_DATABASE_URI"] = request.getfixturevalue("pg_url")
    app = make_app(tmp_path, **config)
    state = Moderation.state(app)
    service = state.service
    for i in range(30):
        service.submit({"source": "cms", "external_id": f"c-{i}", "article": "calais", "body": f"comment {i}"})
    now = utcnow()
    barrier = threading.Barrier(4)
    results: list[delivery.Attempt] = []

    def work() -> None:
        barrier.wait()
        while True:
            got = delivery.deliver_due(state.db, app.config, now=now, limit=3)
            results.extend(got)
            if not got:
                return

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(results) == 30 and {r.outcome for r in results} == {"delivered"}
    sent = [r["headers"]["webhook-id"] for r in receiver.requests]
    assert len(sent) == 30 == len(set(sent))
    state.db.engine.dispose()


def test_a_lost_claim_is_retried_after_its_lease(cb_app, receiver) -> None:
    """A worker that died mid-attempt leaves the row claimed; after the lease it is sent again."""
    submit(cb_app)
    state = Moderation.state(cb_app)
    now = utcnow()
    lease = now + dt.timedelta(seconds=100)
    claimed = delivery._claim(state.db, now, 10, lease)  # ...and then the worker is killed
    assert len(claimed) == 1
    assert deliver(cb_app, now + dt.timedelta(seconds=50)) == []
    [result] = deliver(cb_app, now + dt.timedelta(seconds=101))
    assert result.outcome == "delivered" and result.attempt == 2
