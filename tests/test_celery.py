"""Celery dispatch end to end: a real worker subprocess on the real Redis, PostgreSQL as the database."""
from __future__ import annotations

import base64
import datetime as dt
import json
import os
import time
import uuid
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest
from sqlalchemy import func, select
from standardwebhooks import Webhook

from plugin import Moderation
from plugin.models import Comment, Decision, OutboxMessage

from conftest import make_app
from test_outbox import Receiver
from worker_app import start_worker

pytestmark = [pytest.mark.celery, pytest.mark.postgres, pytest.mark.slow]

REDIS_URL = os.environ.get("MODERATION_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
SECRET = "whsec_" + base64.b64encode(b"celery-test-secret-32-bytes-long").decode()


@pytest.fixture(scope="session")
def redis_url() -> str:
    """The real Redis; skipped outside CI when none answers, failed in CI."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except Exception as exc:  # noqa: BLE001
        if os.environ.get("CI"):
            pytest.fail(f"Redis at {REDIS_URL} must answer in CI: {exc}")
        pytest.skip(f"no Redis at {REDIS_URL} ({exc}); CI runs these")
    return REDIS_URL


@pytest.fixture
def queue(redis_url: str) -> Iterator[str]:
    """A queue name of this test's own, removed from Redis afterwards."""
    import redis

    name = f"moderation-test-{uuid.uuid4().hex[:10]}"
    yield name
    client = redis.Redis.from_url(redis_url)
    client.delete(name, f"_kombu.binding.{name}")
    client.close()


def wait_for(check: Callable[[], bool], timeout: float, what: str, log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    tail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
    pytest.fail(f"timed out after {timeout}s waiting for {what}\n--- worker log ---\n{tail}")


def stop(worker: Any) -> None:
    if worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(15)
        except Exception:  # noqa: BLE001
            worker.kill()
            worker.wait(5)


def celery_config(tmp_path: Path, pg_url: str, redis_url: str, queue: str, **extra: Any) -> dict[str, Any]:
    return {
        "MODERATION_DATABASE_URI": pg_url,
        "MODERATION_DISPATCH": "celery",
        "MODERATION_CELERY_BROKER_URL": redis_url,
        "MODERATION_CELERY_OPTIONS": {"task_default_queue": queue},
        "MODERATION_SCORER": "slow_scorer:SlowScorer",
        "MODERATION_SCORER_OPTIONS": {"delay": 0, "load_log": str(tmp_path / "loads.log")},
        "MODERATION_BATCH_SIZE": 4,
        **extra,
    }


def signed_post(client: Any, payload: dict[str, Any]) -> Any:
    body = json.dumps(payload)
    msg_id, now = f"msg_{uuid.uuid4().hex}", dt.datetime.now(dt.timezone.utc)
    headers = {"webhook-id": msg_id, "webhook-timestamp": str(int(now.timestamp())), "webhook-signature": Webhook(SECRET).sign(msg_id, now, body)}
    return client.post("/moderation/webhooks/cms", data=body, headers=headers)


def test_webhooks_scored_by_a_celery_worker_and_called_back(tmp_path: Path, pg_url: str, redis_url: str, queue: str) -> None:
    receiver = Receiver()
    config = celery_config(
        tmp_path, pg_url, redis_url, queue, MODERATION_WEBHOOK_SOURCES={"cms": {"secrets": [SECRET], "callback_url": receiver.url}}
    )
    app = make_app(tmp_path, **config)
    state = Moderation.state(app)
    log = tmp_path / "worker.log"
    worker = start_worker(config, queue, log, pool="prefork", concurrency=2)
    try:
        client = app.test_client()
        for i in range(12):
            body = "They are vermin" if i % 4 == 0 else f"Thoughtful comment number {i}"
            payload = {"type": "comment.created", "timestamp": "2024-05-01T10:00:00Z", "data": {"id": f"c-{i}", "article": "calais", "body": body}}
            response = signed_post(client, payload)
            assert response.status_code == 202, response.json
        # Committed before the 202, scored by the worker.
        with state.db.session() as session:
            assert session.scalar(select(func.count()).select_from(Comment)) == 12

        def all_decided() -> bool:
            with state.db.session() as session:
                return session.scalar(select(func.count()).select_from(Comment).where(Comment.status == "pending")) == 0

        wait_for(all_decided, 60, "the worker to decide 12 comments", log)
        with state.db.session() as session:
            per_comment = dict(session.execute(select(Decision.comment_id, func.count()).group_by(Decision.comment_id)).all())
            statuses = dict(session.execute(select(Comment.status, func.count()).group_by(Comment.status)).all())
        assert len(per_comment) == 12 and set(per_comment.values()) == {1}
        assert statuses == {"approved": 9, "rejected": 3}

        def all_delivered() -> bool:
            with state.db.session() as session:
                return session.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == "delivered")) == 12

        wait_for(all_delivered, 30, "the worker to deliver 12 callbacks", log)
        ids = set()
        for request in receiver.requests:
            payload = Webhook(SECRET).verify(request["body"], request["headers"])
            ids.add(request["headers"]["webhook-id"])
            assert payload["type"] == "comment.decided"
        assert len(ids) == 12

        # The scorer was built once per worker process, not once per task.
        loads = (tmp_path / "loads.log").read_text().split()
        assert 1 <= len(loads) <= 2 and len(set(loads)) == len(loads), loads
    finally:
        stop(worker)
        receiver.close()
        state.dispatcher.stop()
        state.db.engine.dispose()


def test_unknown_flask_app_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from plugin import tasks

    monkeypatch.delenv("MODERATION_FLASK_APP", raising=False)
    with pytest.raises(RuntimeError, match="MODERATION_FLASK_APP"):
        tasks.load_flask_app()


def test_broker_down_loses_nothing(tmp_path: Path, pg_url: str) -> None:
    """With no broker the comment is still stored (pending) and the request does not fail."""
    config = celery_config(
        tmp_path, pg_url, "redis://127.0.0.1:1/0", "unused",
        MODERATION_CELERY_OPTIONS={"broker_connection_timeout": 0.5, "task_publish_retry": False, "broker_connection_retry": False, "broker_connection_max_retries": 0},
    )
    app = make_app(tmp_path, **config)
    state = Moderation.state(app)
    try:
        result = state.service.submit({"source": "cms", "external_id": "c-1", "article": "calais", "body": "Hello"})
        assert result.comment.status == "pending"
        assert state.service.pending_ids() == [result.comment.id]
    finally:
        state.db.engine.dispose()
