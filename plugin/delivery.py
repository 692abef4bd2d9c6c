"""Delivering outbox rows to each source's ``callback_url``, signed with Standard Webhooks.

The schedule lives in the database: a failed attempt sets the row's
``next_attempt_at`` and nothing sleeps in-process. Any worker may call
``deliver_due``; rows are claimed so two workers never send the same attempt
(PostgreSQL: ``FOR UPDATE SKIP LOCKED``; SQLite: a conditional ``UPDATE``).
A claim is a lease: a worker that dies mid-attempt leaves the row due again
once the lease runs out, and it is sent again with the same ``webhook-id``.
"""
from __future__ import annotations

import datetime as dt
import email.utils
import json
import logging
import os
import random
import threading
import time
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

import httpx
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from standardwebhooks import Webhook

from .db import Database, rowcount
from .errors import ConfigurationError, ConflictError, NotFound
from .models import Delivery, Endpoint, OutboxMessage, utcnow

log = logging.getLogger(__name__)

PENDING, DELIVERED, FAILED, DISABLED = "pending", "delivered", "failed", "disabled"
USER_AGENT = "flask-comment-moderation/0.1 (+standard-webhooks)"
#: Extra seconds a claim outlives the request timeout before another worker may retry the row.
LEASE_MARGIN = 30.0


@dataclass
class Attempt:
    """What one delivery attempt did."""

    message_id: str
    comment_id: int
    attempt: int
    outcome: str  #: ``delivered``, ``retry``, ``failed`` or ``disabled``
    status_code: int | None = None
    error: str | None = None
    next_attempt_at: dt.datetime | None = None


# -- pure helpers ---------------------------------------------------------
def retry_delay(attempts: int, schedule: Sequence[float], rng: random.Random | None = None) -> float | None:
    """Seconds to wait after the ``attempts``-th failed attempt, or None when the schedule is spent.

    The first attempt is immediate; the n-th retry waits ``schedule[n-1]``
    plus up to 10% jitter (never less, so a receiver's rate limit holds).
    """
    if attempts < 1 or attempts > len(schedule):
        return None
    base = float(schedule[attempts - 1])
    return base + base * 0.1 * (rng or random).random()


def parse_retry_after(value: str | None, now: dt.datetime) -> float | None:
    """Seconds asked for by a ``Retry-After`` header (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return max(0.0, (when - now).total_seconds())


def encode_body(payload: Mapping[str, Any]) -> str:
    """The exact text that is signed and sent."""
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False, sort_keys=True)


def sign_headers(secret: str, message_id: str, body: str, timestamp: dt.datetime | None = None) -> dict[str, str]:
    """Standard Webhooks headers for ``body``, signed with ``secret`` (``whsec_...``)."""
    timestamp = timestamp or dt.datetime.now(dt.timezone.utc)
    signature = Webhook(secret).sign(message_id, timestamp, body)
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(timestamp.timestamp())),
        "webhook-signature": signature,
        "content-type": "application/json",
        "user-agent": USER_AGENT,
    }


def source_settings(config: Mapping[str, Any], source: str) -> Mapping[str, Any] | None:
    sources = config.get("MODERATION_WEBHOOK_SOURCES") or {}
    settings = sources.get(source)
    return settings if isinstance(settings, Mapping) else None


def source_secrets(settings: Mapping[str, Any], source: str) -> list[str]:
    secrets = settings.get("secrets")
    if isinstance(secrets, str):
        secrets = [secrets]
    if not secrets or not all(isinstance(s, str) and s for s in secrets):
        raise ConfigurationError(f"MODERATION_WEBHOOK_SOURCES[{source!r}]['secrets'] must be a non-empty list of 'whsec_...' strings")
    return list(secrets)


# -- claiming ---------------------------------------------------------------
def _claim(db: Database, now: dt.datetime, limit: int, lease_until: dt.datetime, ids: Sequence[int] | None = None) -> list[OutboxMessage]:
    due = (
        select(OutboxMessage.id)
        .where(OutboxMessage.status == PENDING, OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
    )
    if ids is not None:
        due = due.where(OutboxMessage.id.in_(list(ids)))
    with db.session() as session:
        if session.get_bind().dialect.name == "postgresql":
            chosen = list(session.scalars(due.with_for_update(skip_locked=True)))
            if chosen:
                session.execute(
                    update(OutboxMessage)
                    .where(OutboxMessage.id.in_(chosen))
                    .values(attempts=OutboxMessage.attempts + 1, next_attempt_at=lease_until)
                    .execution_options(synchronize_session=False)
                )
        else:
            chosen = []
            for row_id in session.scalars(due).all():
                claimed = session.execute(
                    update(OutboxMessage)
                    .where(OutboxMessage.id == row_id, OutboxMessage.status == PENDING, OutboxMessage.next_attempt_at <= now)
                    .values(attempts=OutboxMessage.attempts + 1, next_attempt_at=lease_until)
                    .execution_options(synchronize_session=False)
                )
                if rowcount(claimed) == 1:
                    chosen.append(row_id)
        if not chosen:
            return []
        return list(session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(chosen)).order_by(OutboxMessage.id)))


def disabled_sources(db: Database) -> dict[str, str | None]:
    """Sources whose endpoint is disabled, with the reason."""
    with db.session() as session:
        rows = session.execute(select(Endpoint.source, Endpoint.disabled_reason).where(Endpoint.disabled_at.is_not(None))).all()
    return {source: reason for source, reason in rows}


# -- delivering ---------------------------------------------------------------
def deliver_due(
    db: Database,
    config: Mapping[str, Any],
    *,
    now: dt.datetime | None = None,
    limit: int = 100,
    ids: Sequence[int] | None = None,
    client: httpx.Client | None = None,
    rng: random.Random | None = None,
) -> list[Attempt]:
    """Claim up to ``limit`` due outbox rows and make one attempt at each.

    ``now`` moves the clock for scheduling (tests drive time forward with it);
    the signature's timestamp is always the real time of sending.
    """
    now = now or utcnow()
    timeout = float(config.get("MODERATION_CALLBACK_TIMEOUT") or 10)
    lease_until = now + dt.timedelta(seconds=timeout + LEASE_MARGIN)
    claimed = _claim(db, now, limit, lease_until, ids)
    if not claimed:
        return []
    disabled = disabled_sources(db)
    own_client = client is None
    client = client or httpx.Client(timeout=timeout, follow_redirects=False)
    try:
        return [_attempt(db, config, message, now, lease_until, disabled, client, rng) for message in claimed]
    finally:
        if own_client:
            client.close()


def _attempt(
    db: Database,
    config: Mapping[str, Any],
    message: OutboxMessage,
    now: dt.datetime,
    lease_until: dt.datetime,
    disabled: Mapping[str, str | None],
    client: httpx.Client,
    rng: random.Random | None,
) -> Attempt:
    result = Attempt(message_id=message.message_id, comment_id=message.comment_id, attempt=message.attempts, outcome="retry")
    settings = source_settings(config, message.source)
    if message.source in disabled:
        result.outcome, result.error = DISABLED, f"endpoint for source {message.source!r} is disabled: {disabled[message.source]}"
        _finish(db, message, result, now, lease_until, send=False)
        return result
    if settings is None or not settings.get("callback_url"):
        result.outcome, result.error = FAILED, f"source {message.source!r} has no callback_url in MODERATION_WEBHOOK_SOURCES"
        _finish(db, message, result, now, lease_until, send=False)
        return result
    retry_after: float | None = None
    started = time.perf_counter()
    try:
        secret = source_secrets(settings, message.source)[0]
        body = encode_body(message.payload)
        headers = sign_headers(secret, message.message_id, body)
        response = client.post(str(settings["callback_url"]), content=body.encode("utf-8"), headers=headers)
    except (httpx.HTTPError, ConfigurationError, ValueError) as exc:
        result.error = f"{type(exc).__name__}: {exc}"[:2000]
    else:
        result.status_code = response.status_code
        if 200 <= response.status_code < 300:
            result.outcome = DELIVERED
        elif response.status_code == 410:
            result.outcome = DISABLED
            result.error = f"410 Gone from {settings['callback_url']}: endpoint disabled"
        else:
            result.error = f"HTTP {response.status_code}: {response.text[:500]}"
            retry_after = parse_retry_after(response.headers.get("retry-after"), now)
    duration_ms = (time.perf_counter() - started) * 1000
    if result.outcome == "retry":
        schedule = list(config.get("MODERATION_CALLBACK_SCHEDULE") or [])
        delay = retry_delay(message.attempts, schedule, rng)
        if delay is None:
            result.outcome = FAILED
        else:
            if retry_after is not None:
                # The receiver says when to come back; capped at the longest step of the schedule.
                delay = min(retry_after, float(max(schedule)))
            result.next_attempt_at = now + dt.timedelta(seconds=delay)
    _finish(db, message, result, now, lease_until, send=True, duration_ms=duration_ms)
    level = logging.INFO if result.outcome == DELIVERED else logging.WARNING
    log.log(level, "callback %s (comment %s) attempt %d: %s %s", message.message_id, message.comment_id, message.attempts, result.outcome, result.error or result.status_code)
    return result


def _finish(
    db: Database,
    message: OutboxMessage,
    result: Attempt,
    now: dt.datetime,
    lease_until: dt.datetime,
    *,
    send: bool,
    duration_ms: float | None = None,
) -> None:
    values: dict[str, Any] = {"last_error": result.error}
    if result.outcome == DELIVERED:
        values.update(status=DELIVERED, delivered_at=utcnow())
    elif result.outcome == "retry":
        values.update(next_attempt_at=result.next_attempt_at)
    else:
        values.update(status=result.outcome)
    with db.session() as session:
        updated = session.execute(
            update(OutboxMessage)
            # Only the holder of this claim may record its result.
            .where(
                OutboxMessage.id == message.id,
                OutboxMessage.status == PENDING,
                OutboxMessage.attempts == message.attempts,
                OutboxMessage.next_attempt_at == lease_until,
            )
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        if rowcount(updated) != 1:
            log.warning("callback %s: claim lost before the result was recorded (redelivered or reset meanwhile)", message.message_id)
        if send or result.outcome in (DISABLED, FAILED):
            session.add(
                Delivery(
                    outbox_id=message.id,
                    attempt=message.attempts,
                    status_code=result.status_code,
                    error=result.error if result.outcome != DELIVERED else None,
                    duration_ms=duration_ms,
                    created_at=utcnow(),
                )
            )
        if result.outcome == DISABLED and send:
            _disable(session, message.source, result.error or "410 Gone", now)


def _disable(session: Any, source: str, reason: str, now: dt.datetime) -> None:
    endpoint = session.scalar(select(Endpoint).where(Endpoint.source == source))
    if endpoint is None:
        try:
            with session.begin_nested():
                session.add(Endpoint(source=source, disabled_at=now, disabled_reason=reason))
        except IntegrityError:  # another worker disabled it first
            pass
    elif endpoint.disabled_at is None:
        endpoint.disabled_at, endpoint.disabled_reason = now, reason
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.source == source, OutboxMessage.status == PENDING)
        .values(status=DISABLED, last_error=f"endpoint disabled: {reason}")
        .execution_options(synchronize_session=False)
    )


# -- administration -------------------------------------------------------------
def disable_endpoint(db: Database, source: str, reason: str = "disabled by an administrator") -> None:
    with db.session() as session:
        _disable(session, source, reason, utcnow())


def enable_endpoint(db: Database, source: str) -> int:
    """Re-enable a source's endpoint. Returns how many disabled messages were queued again."""
    with db.session() as session:
        endpoint = session.scalar(select(Endpoint).where(Endpoint.source == source))
        if endpoint is None or endpoint.disabled_at is None:
            raise NotFound(f"the endpoint of source {source!r} is not disabled")
        endpoint.disabled_at, endpoint.disabled_reason = None, None
        requeued = session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.source == source, OutboxMessage.status == DISABLED)
            .values(status=PENDING, attempts=0, next_attempt_at=utcnow(), last_error=None)
            .execution_options(synchronize_session=False)
        )
        return rowcount(requeued)


def find_messages(db: Database, ref: str | int) -> list[OutboxMessage]:
    """A message by its ``msg_...`` id, or the latest message of a comment by the comment's id."""
    with db.session() as session:
        if isinstance(ref, str) and ref.startswith("msg_"):
            message = session.scalar(select(OutboxMessage).where(OutboxMessage.message_id == ref))
            if message is None:
                raise NotFound(f"no callback message {ref!r}")
            return [message]
        try:
            comment_id = int(ref)
        except (TypeError, ValueError):
            raise NotFound(f"{ref!r} is neither a message id (msg_...) nor a comment id") from None
        message = session.scalar(
            select(OutboxMessage).where(OutboxMessage.comment_id == comment_id).order_by(OutboxMessage.id.desc()).limit(1)
        )
        if message is None:
            raise NotFound(f"comment {comment_id} has no callback message")
        return [message]


def redeliver(
    db: Database,
    config: Mapping[str, Any],
    ref: str | int,
    *,
    now: dt.datetime | None = None,
    client: httpx.Client | None = None,
) -> list[Attempt]:
    """Queue a message (or a comment's latest message) again from attempt one, and send it now."""
    messages = find_messages(db, ref)
    disabled = disabled_sources(db)
    for message in messages:
        if message.source in disabled:
            raise ConflictError(
                f"the endpoint of source {message.source!r} is disabled ({disabled[message.source]}); "
                f"re-enable it first: flask moderation enable-endpoint {message.source}"
            )
    now = now or utcnow()
    ids = [m.id for m in messages]
    with db.session() as session:
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids))
            .values(status=PENDING, attempts=0, next_attempt_at=now, last_error=None, delivered_at=None)
            .execution_options(synchronize_session=False)
        )
    return deliver_due(db, config, now=now, ids=ids, client=client)


def delivery_log(db: Database, comment_id: int) -> list[dict[str, Any]]:
    """Every callback message of a comment with its attempts, oldest first."""
    with db.session() as session:
        messages = session.scalars(select(OutboxMessage).where(OutboxMessage.comment_id == comment_id).order_by(OutboxMessage.id)).all()
        out = []
        for message in messages:
            attempts = session.scalars(select(Delivery).where(Delivery.outbox_id == message.id).order_by(Delivery.id)).all()
            out.append(
                {
                    "message_id": message.message_id,
                    "source": message.source,
                    "event_type": message.event_type,
                    "decision_id": message.decision_id,
                    "status": message.status,
                    "attempts": message.attempts,
                    "next_attempt_at": _iso(message.next_attempt_at) if message.status == PENDING else None,
                    "delivered_at": _iso(message.delivered_at),
                    "last_error": message.last_error,
                    "log": [
                        {"attempt": a.attempt, "status_code": a.status_code, "error": a.error, "duration_ms": a.duration_ms, "at": _iso(a.created_at)}
                        for a in attempts
                    ],
                }
            )
    return out


def due_count(db: Database, now: dt.datetime | None = None) -> int:
    from sqlalchemy import func

    with db.session() as session:
        return int(
            session.scalar(
                select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == PENDING, OutboxMessage.next_attempt_at <= (now or utcnow()))
            )
            or 0
        )


def summarize(attempts: Iterable[Attempt]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for attempt in attempts:
        counts[attempt.outcome] = counts.get(attempt.outcome, 0) + 1
    return counts


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def has_callbacks(config: Mapping[str, Any]) -> bool:
    """Whether any source has a ``callback_url`` (else there is nothing to deliver)."""
    sources = config.get("MODERATION_WEBHOOK_SOURCES") or {}
    return any(isinstance(s, Mapping) and s.get("callback_url") for s in sources.values())


def deliver_all_due(db: Database, config: Mapping[str, Any], *, batch: int = 100, now: dt.datetime | None = None) -> list[Attempt]:
    """Deliver due rows batch after batch until none is due (each row gets one attempt)."""
    done: list[Attempt] = []
    while True:
        attempts = deliver_due(db, config, limit=batch, now=now)
        done.extend(attempts)
        if len(attempts) < batch:
            return done


class OutboxThread:
    """Delivers due callbacks in a background thread: on a nudge after each decision, and every sweep.

    Used by the ``thread`` dispatcher. It runs beside the scoring thread so a
    slow callback endpoint never delays scoring. Like the scoring thread it
    starts lazily in the process that needs it (pre-forking servers).
    """

    def __init__(self, db: Database, config: Mapping[str, Any]) -> None:
        self.db = db
        self.config = config
        self.interval = max(0.05, float(config.get("MODERATION_SWEEP_INTERVAL") or 30))
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._pid: int | None = None
        self._lock = threading.Lock()
        self.idle = threading.Event()

    def start(self) -> None:
        if not has_callbacks(self.config):
            return
        if self._pid == os.getpid() and self._thread is not None and self._thread.is_alive():
            return
        with self._lock:
            if self._pid == os.getpid() and self._thread is not None and self._thread.is_alive():
                return
            self._stopping.clear()
            self._pid = os.getpid()
            self._thread = threading.Thread(target=self._run, name="moderation-callbacks", daemon=True)
            self._thread.start()

    def notify(self) -> None:
        self.start()
        self.idle.clear()
        self._wake.set()

    def stop(self) -> None:
        thread = self._thread
        if thread is None:
            return
        self._stopping.set()
        self._wake.set()
        thread.join(timeout=30)
        self._thread = None

    def _run(self) -> None:
        while not self._stopping.is_set():
            self._wake.clear()
            try:
                deliver_all_due(self.db, self.config)
            except Exception:  # the thread must outlive any failure; rows stay due
                log.exception("moderation callbacks: delivery failed; the rows stay due and are retried")
            if not self._wake.is_set():
                self.idle.set()
            self._wake.wait(self.interval)
