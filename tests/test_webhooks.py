"""The CMS webhook receiver: Standard Webhooks signatures, replay, bad input, idempotency."""
from __future__ import annotations

import base64
import datetime as dt
import json
import threading
import uuid
from typing import Any

import pytest
from sqlalchemy import func, select
from standardwebhooks import Webhook

from plugin import Moderation
from plugin.models import Article, Comment, Decision, WebhookReceipt

from conftest import make_app

SECRET = "whsec_" + base64.b64encode(b"current-secret-32-bytes-long!!!!").decode()
OLD_SECRET = "whsec_" + base64.b64encode(b"previous-secret-32-bytes-long!!!").decode()
OTHER_SECRET = "whsec_" + base64.b64encode(b"someone-else-entirely-32-bytes!!").decode()
SOURCES = {"cms": {"secrets": [SECRET, OLD_SECRET], "callback_url": None}}
URL = "/moderation/webhooks/cms"


def signed(payload: Any, *, secret: str = SECRET, msg_id: str | None = None, when: dt.datetime | None = None, raw: bytes | None = None) -> tuple[bytes, dict[str, str]]:
    """A body and the Standard Webhooks headers that sign it."""
    body = raw if raw is not None else json.dumps(payload).encode()
    msg_id = msg_id or f"msg_{uuid.uuid4().hex}"
    when = when or dt.datetime.now(dt.timezone.utc)
    headers = {
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(when.timestamp())),
        "webhook-signature": Webhook(secret).sign(msg_id, when, body.decode("utf-8", "replace")),
        "content-type": "application/json",
    }
    return body, headers


def event(type_: str = "comment.created", **data: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"id": "c-1", "article": {"id": "calais", "title": "Calais", "sensitivity": "sensitive"}, "body": "Welcome to them all."}
    if type_ == "comment.deleted":
        base = {"id": "c-1"}
    if type_ == "article.updated":
        base = {"id": "calais", "title": "Calais, one year on", "sensitivity": "premoderate"}
    base.update(data)
    return {"type": type_, "timestamp": "2024-05-01T10:00:00Z", "data": base}


@pytest.fixture
def wh_app(tmp_path):  # type: ignore[no-untyped-def]
    app = make_app(tmp_path, MODERATION_WEBHOOK_SOURCES=SOURCES)
    yield app
    Moderation.state(app).dispatcher.stop()
    Moderation.state(app).db.engine.dispose()


@pytest.fixture
def wh(wh_app):  # type: ignore[no-untyped-def]
    return wh_app.test_client()


def post(client, payload: Any = None, **kwargs: Any):  # type: ignore[no-untyped-def]
    body, headers = signed(payload if payload is not None else event(), **kwargs)
    return client.post(URL, data=body, headers=headers)


def counts(app) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    with Moderation.state(app).db.session() as session:
        return session.scalar(select(func.count()).select_from(Comment)), session.scalar(select(func.count()).select_from(Decision))


# -- signatures ------------------------------------------------------------------------
def test_valid_signature_stores_and_decides(wh, wh_app) -> None:
    response = post(wh)
    assert response.status_code == 202, response.json
    assert response.json["type"] == "comment.created"
    comment, decision = Moderation.state(wh_app).service.find_comment("cms", "c-1")
    assert comment.article.sensitivity == "sensitive"
    assert decision is not None and decision.outcome == "approve"
    assert response.json["comment"] == {"id": comment.id, "external_id": "c-1"}


def test_rotated_secret_is_accepted_and_unknown_refused(wh) -> None:
    assert post(wh, secret=OLD_SECRET).status_code == 202
    refused = post(wh, event(id="c-2"), secret=OTHER_SECRET)
    assert refused.status_code == 401
    assert "no webhook-signature matches" in refused.json["message"]


def test_several_signatures_in_one_header(wh) -> None:
    body, headers = signed(event())
    theirs = Webhook(OTHER_SECRET).sign(headers["webhook-id"], dt.datetime.now(dt.timezone.utc), body.decode())
    headers["webhook-signature"] = f"{theirs} v2,bogus {headers['webhook-signature']}"
    assert wh.post(URL, data=body, headers=headers).status_code == 202


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda h: h.pop("webhook-signature"), "missing"),
        (lambda h: h.pop("webhook-id"), "missing"),
        (lambda h: h.update({"webhook-signature": "v1,AAAA"}), "no webhook-signature matches"),
        (lambda h: h.update({"webhook-signature": "v1,not base64!!"}), "no v1 signature"),
        (lambda h: h.update({"webhook-signature": "garbage"}), "no v1 signature"),
        (lambda h: h.update({"webhook-timestamp": "yesterday"}), "whole seconds"),
        (lambda h: h.update({"webhook-id": "msg_other"}), "no webhook-signature matches"),
    ],
)
def test_bad_signatures_are_401(wh, wh_app, mutate, message) -> None:  # type: ignore[no-untyped-def]
    body, headers = signed(event())
    mutate(headers)
    response = wh.post(URL, data=body, headers=headers)
    assert response.status_code == 401
    assert message in response.json["message"]
    assert counts(wh_app) == (0, 0)


def test_tampered_body_is_401(wh) -> None:
    body, headers = signed(event())
    response = wh.post(URL, data=body.replace(b"Welcome", b"Go away"), headers=headers)
    assert response.status_code == 401


@pytest.mark.parametrize("offset, word", [(-301, "old"), (301, "future")])
def test_timestamps_outside_tolerance_are_401(wh, offset: int, word: str) -> None:
    response = post(wh, when=dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=offset))
    assert response.status_code == 401
    assert word in response.json["message"]


def test_timestamp_inside_tolerance_is_accepted(wh) -> None:
    assert post(wh, when=dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=250)).status_code == 202


def test_unknown_source_is_404(wh) -> None:
    body, headers = signed(event())
    response = wh.post("/moderation/webhooks/nobody", data=body, headers=headers)
    assert response.status_code == 404
    assert "unknown webhook source 'nobody'" in response.json["message"]


# -- replay and idempotency ------------------------------------------------------------
def test_replayed_webhook_id_gets_the_original_answer(wh, wh_app) -> None:
    first = post(wh, msg_id="msg_replay")
    # Sent again later (a sender's retry: new timestamp, same id, same body).
    second = post(wh, msg_id="msg_replay", when=dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=30))
    assert first.status_code == second.status_code == 202
    assert second.json == first.json
    assert second.headers["Moderation-Replayed"] == "true"
    assert counts(wh_app) == (1, 1)
    # Even a different body under the same id gets the stored answer, not a second comment.
    third = post(wh, event(id="c-99", body="Something else"), msg_id="msg_replay")
    assert third.json == first.json
    assert counts(wh_app) == (1, 1)


def test_comment_updated_rescores_and_deleted_and_article_updated(wh, wh_app) -> None:
    service = Moderation.state(wh_app).service
    assert post(wh).status_code == 202
    updated = post(wh, event("comment.updated", body="They are vermin"))
    assert updated.status_code == 202
    comment, decision = service.find_comment("cms", "c-1")
    assert comment.status == "rejected" and len(comment.decisions) == 2
    deleted = post(wh, event("comment.deleted"))
    assert deleted.status_code == 200 and deleted.json["comment"]["status"] == "deleted"
    again = post(wh, event("comment.deleted"))  # a new webhook-id for the same deletion
    assert again.status_code == 200
    comment, decision = service.find_comment("cms", "c-1")
    assert comment.status == "deleted" and [d.outcome for d in comment.decisions] == ["approve", "reject", "delete"]
    assert decision is not None and decision.actor == "source:cms"
    article = post(wh, event("article.updated"))
    assert article.status_code == 200
    with Moderation.state(wh_app).db.session() as session:
        row = session.scalar(select(Article).where(Article.external_id == "calais"))
        assert (row.title, row.sensitivity) == ("Calais, one year on", "premoderate")


def test_deleting_an_unknown_comment_is_404(wh) -> None:
    response = post(wh, event("comment.deleted", id="never-seen"))
    assert response.status_code == 404
    assert "never-seen" in response.json["message"]


# -- bad input -------------------------------------------------------------------------
def test_bad_json_is_400(wh) -> None:
    response = post(wh, raw=b'{"type": "comment.created", ')
    assert response.status_code == 400
    assert "not valid JSON" in response.json["message"]


def test_body_not_utf8_is_400(wh) -> None:
    import base64 as b64
    import hashlib
    import hmac

    body = b'{"type": "comment.created", "data": {"body": "\xff\xfe"}}'
    msg_id, stamp = "msg_latin1", str(int(dt.datetime.now(dt.timezone.utc).timestamp()))
    key = b64.b64decode(SECRET.removeprefix("whsec_"))
    signature = b64.b64encode(hmac.new(key, f"{msg_id}.{stamp}.".encode() + body, hashlib.sha256).digest()).decode()
    headers = {"webhook-id": msg_id, "webhook-timestamp": stamp, "webhook-signature": f"v1,{signature}"}
    response = wh.post(URL, data=body, headers=headers)
    assert response.status_code == 400
    assert "UTF-8" in response.json["message"]


def test_too_large_is_413_before_reading(tmp_path) -> None:
    app = make_app(tmp_path, MODERATION_WEBHOOK_SOURCES=SOURCES, MODERATION_WEBHOOK_MAX_BYTES=1000)
    client = app.test_client()
    payload = event(body="x" * 2000)
    response = post(client, payload)
    assert response.status_code == 413
    assert "limit is 1000" in response.json["message"]

    class Exploding:
        """A body stream that must not be read past the limit."""

        def __init__(self) -> None:
            self.read_bytes = 0

        def read(self, n: int = -1) -> bytes:
            assert n != -1 and n <= 1001, "the whole body was read"
            self.read_bytes += n
            return b"x" * n

    stream = Exploding()
    _, headers = signed(event())
    response = client.post(URL, headers=headers, environ_overrides={"wsgi.input": stream, "CONTENT_LENGTH": str(10**9)})
    assert response.status_code == 413 and stream.read_bytes == 0
    Moderation.state(app).db.engine.dispose()


@pytest.mark.parametrize(
    "payload, field",
    [
        (event(body=""), "data.body"),
        (event(body=None), "data.body"),
        ({"type": "comment.exploded", "timestamp": "2024-05-01T10:00:00Z", "data": {}}, "type"),
        ({"timestamp": "2024-05-01T10:00:00Z", "data": {}}, "type"),
        (event(article={"id": "calais", "sensitivity": "very"}), "data.article.sensitivity"),
        (event(colour="red"), "data.colour"),
        (event(body="x" * 6000), "data.body"),
        (["not", "an", "object"], ""),
        ({"type": "comment.created", "data": {"id": "c-1", "article": "calais", "body": "hi"}}, "timestamp"),
    ],
)
def test_wrong_shapes_are_422_with_field_errors(wh, wh_app, payload: Any, field: str) -> None:
    response = post(wh, payload)
    assert response.status_code == 422, response.json
    assert field in [e["field"] for e in response.json["errors"]], response.json
    assert counts(wh_app) == (0, 0)


def test_html_body_is_stored_inert(wh, wh_app) -> None:
    response = post(wh, event(body="<script>alert(1)</script> hello"))
    assert response.status_code == 202
    comment, _ = Moderation.state(wh_app).service.find_comment("cms", "c-1")
    assert comment.body == "<script>alert(1)</script> hello"


def test_csrf_protect_does_not_apply_to_webhooks(tmp_path) -> None:
    from flask_wtf.csrf import CSRFProtect

    app = make_app(tmp_path, MODERATION_WEBHOOK_SOURCES=SOURCES)
    app.config["WTF_CSRF_ENABLED"] = True
    CSRFProtect(app)  # set up after the plugin, as a host might

    @app.post("/form")
    def form() -> str:
        return "ok"

    client = app.test_client()
    assert client.post("/form").status_code == 400  # CSRF is on for the host's own views
    assert post(client).status_code == 202
    Moderation.state(app).db.engine.dispose()


# -- off the request: thread dispatch ------------------------------------------------
def test_comment_is_committed_before_202_and_scored_off_the_request(tmp_path) -> None:
    from plugin import StaticScorer

    gate = threading.Event()

    def slow(text: str) -> dict[str, float]:
        gate.wait(10)
        return {"toxicity": 0.01}

    app = make_app(tmp_path, MODERATION_WEBHOOK_SOURCES=SOURCES, MODERATION_DISPATCH="thread", MODERATION_RECOVER_ON_START=False, scorer=StaticScorer(func=slow))
    state = Moderation.state(app)
    try:
        response = post(app.test_client())
        assert response.status_code == 202
        comment, decision = state.service.find_comment("cms", "c-1")
        assert comment.status == "pending" and decision is None
        gate.set()
        assert state.dispatcher.drain(10)
        comment, decision = state.service.find_comment("cms", "c-1")
        assert decision is not None and decision.outcome == "approve"
    finally:
        gate.set()
        state.dispatcher.stop()
        state.db.engine.dispose()


# -- concurrency on PostgreSQL -------------------------------------------------------------
@pytest.mark.postgres
def test_same_webhook_id_concurrently_gives_one_comment_and_one_decision(tmp_path, pg_url: str) -> None:
    app = make_app(tmp_path, MODERATION_WEBHOOK_SOURCES=SOURCES, MODERATION_DATABASE_URI=pg_url)
    state = Moderation.state(app)
    try:
        for kind in ("comment.created", "comment.deleted"):
            body, headers = signed(event(kind), msg_id=f"msg_twin_{kind}")
            barrier = threading.Barrier(8)
            answers: list[Any] = []

            def send() -> None:
                client = app.test_client()
                barrier.wait()
                response = client.post(URL, data=body, headers=headers)
                answers.append((response.status_code, response.json))

            threads = [threading.Thread(target=send) for _ in range(8)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(30)
            assert len(answers) == 8
            assert len({json.dumps(a, sort_keys=True) for a in answers}) == 1, answers
        with state.db.session() as session:
            assert session.scalar(select(func.count()).select_from(Comment)) == 1
            outcomes = list(session.scalars(select(Decision.outcome).order_by(Decision.id)))
            assert outcomes == ["approve", "delete"]
            assert session.scalar(select(func.count()).select_from(WebhookReceipt)) == 2
    finally:
        state.dispatcher.stop()
        state.db.engine.dispose()
