"""The CMS webhook receiver (``POST <prefix>/webhooks/<source>``) and callback administration.

Order of checks, cheapest and most important first: the source exists (404),
the body is not too large (413, before reading it), the Standard Webhooks
headers and signature hold (401), a replayed ``webhook-id`` gets its stored
answer, then the body is UTF-8 JSON (400) of the right shape (422).
"""
from __future__ import annotations

import base64
import binascii
import datetime as dt
import hmac
import json
import logging
from typing import Any

from flask import Blueprint, Flask, current_app, jsonify, request
from sqlalchemy import bindparam, insert, select
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException

from .. import delivery
from ..errors import ConflictError, ModerationError, NotFound, ValidationError
from ..extension import Moderation
from ..models import DELETED, Comment, WebhookReceipt, table_of, utcnow
from ..webhook_schemas import COMMENT_FIELDS, ArticleUpdated, CommentDeleted, comment_in, parse_event

log = logging.getLogger(__name__)

#: Views of this module, by the dotted name Flask-WTF's ``csrf.exempt`` uses.
CSRF_EXEMPT = ("plugin.web.webhooks.receive", "plugin.web.webhooks.redeliver_view", "plugin.web.webhooks.enable_view")
REPLAY_HEADER = "Moderation-Replayed"


_RECEIPTS = table_of(WebhookReceipt)
_RECEIPT_BY_ID = select(_RECEIPTS.c.status_code, _RECEIPTS.c.response).where(
    _RECEIPTS.c.source == bindparam("source"), _RECEIPTS.c.webhook_id == bindparam("webhook_id")
)
_INSERT_RECEIPT = insert(_RECEIPTS)


class WebhookError(ModerationError):
    def __init__(self, status_code: int, message: str) -> None:
        super().__init__(message)
        self.status_code = status_code


def _error(status: int, error: str, message: str, **extra: Any):  # type: ignore[no-untyped-def]
    return jsonify({"error": error, "message": message, **extra}), status


# -- verification ---------------------------------------------------------------
def verify(secrets: list[str], headers: Any, body: bytes, tolerance: float, now: dt.datetime | None = None) -> str:
    """Check the Standard Webhooks headers against ``body``; return the ``webhook-id``.

    Each secret is tried in turn (rotation). The signature is computed by the
    ``standardwebhooks`` library; the timestamp window is checked here so that
    ``MODERATION_WEBHOOK_TOLERANCE`` applies, and malformed signature lists
    are a 401 rather than a crash.
    """
    from standardwebhooks import Webhook

    msg_id, stamp, signature = (headers.get(name) for name in ("webhook-id", "webhook-timestamp", "webhook-signature"))
    missing = [name for name, value in (("webhook-id", msg_id), ("webhook-timestamp", stamp), ("webhook-signature", signature)) if not value]
    if missing:
        raise WebhookError(401, f"missing Standard Webhooks header(s): {', '.join(missing)}")
    if len(msg_id) > 255:
        raise WebhookError(401, "webhook-id is longer than 255 characters")
    try:
        sent = dt.datetime.fromtimestamp(int(stamp.strip()), tz=dt.timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise WebhookError(401, "webhook-timestamp must be whole seconds since the Unix epoch") from None
    now = now or dt.datetime.now(dt.timezone.utc)
    skew = (sent - now).total_seconds()
    if skew < -tolerance:
        raise WebhookError(401, f"webhook-timestamp is {-skew:.0f}s old; the tolerance is {tolerance:.0f}s (check the sender's clock)")
    if skew > tolerance:
        raise WebhookError(401, f"webhook-timestamp is {skew:.0f}s in the future; the tolerance is {tolerance:.0f}s (check the sender's clock)")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise WebhookError(400, "the body is not valid UTF-8: send UTF-8 encoded JSON") from None
    offered = []
    for part in signature.split():
        version, _, value = part.partition(",")
        if version != "v1" or not value:
            continue
        try:
            offered.append(base64.b64decode(value, validate=True))
        except (binascii.Error, ValueError):
            continue
    if not offered:
        raise WebhookError(401, "webhook-signature holds no v1 signature (expected 'v1,<base64>')")
    for secret in secrets:
        expected = base64.b64decode(Webhook(secret).sign(msg_id, sent, text).split(",", 1)[1])
        if any(hmac.compare_digest(expected, candidate) for candidate in offered):
            return str(msg_id)
    raise WebhookError(401, "no webhook-signature matches this source's secrets")


def _read_body(max_bytes: int) -> bytes:
    if request.content_length is not None and request.content_length > max_bytes:
        raise WebhookError(413, f"the body is {request.content_length} bytes; the limit is {max_bytes}")
    body = request.stream.read(max_bytes + 1)
    if len(body) > max_bytes:
        raise WebhookError(413, f"the body is over the limit of {max_bytes} bytes")
    return body


# -- handling ---------------------------------------------------------------------
def handle_event(source: str, webhook_id: str, data: Any) -> tuple[int, dict[str, Any], int | None, bool]:
    """Apply one verified event.

    Returns the status code, the JSON answer, the comment's id, and whether the
    receipt was already written (comment events write it in the same
    transaction as the comment, so a crash cannot separate them).
    """
    service = Moderation.state().service
    event = parse_event(data)
    answer: dict[str, Any] = {"status": "accepted", "webhook_id": webhook_id, "type": event.type}
    actor = f"source:{source}"
    if isinstance(event, ArticleUpdated):
        article = service.update_article(source, {"external_id": event.data.id, **event.data.model_dump(exclude={"id"}, exclude_none=True)})
        answer["article"] = {"id": article.external_id, "title": article.title, "url": article.url, "sensitivity": article.sensitivity}
        return 200, answer, None, False
    if isinstance(event, CommentDeleted):
        comment_id = _delete(service, source, event.data.id, actor)
        answer["comment"] = {"id": comment_id, "external_id": event.data.id, "status": DELETED}
        return 200, answer, comment_id, False

    def store_receipt(session: Any, comment: Comment, _created: bool) -> None:
        answer["comment"] = {"id": comment.id, "external_id": comment.external_id}
        _write_receipt(session, source, webhook_id, event.type, 202, answer, comment.id)

    try:
        result = service.submit(comment_in(source, event.data), on_stored=store_receipt)
    except ValidationError as exc:
        for err in exc.errors:
            err["field"] = COMMENT_FIELDS.get(err.get("field", ""), err.get("field", ""))
        raise
    return 202, answer, result.comment.id, True


def _delete(service: Any, source: str, external_id: str, actor: str) -> int:
    """Record a deletion once, however often or concurrently the event arrives."""
    for _ in range(3):
        with service.db.session() as session:
            row = session.execute(
                select(Comment.id, Comment.status, Comment.revision).where(Comment.source == source, Comment.external_id == external_id)
            ).first()
        if row is None:
            raise NotFound(f"no comment {external_id!r} from source {source!r}")
        if row.status == DELETED:
            return int(row.id)
        try:
            service.record_decision(row.id, "delete", actor, reasons=["deleted at the source"], expected_revision=row.revision)
            return int(row.id)
        except ConflictError:
            continue  # decided meanwhile (perhaps deleted by a twin request): look again
    return int(row.id)


def _write_receipt(
    session: Any, source: str, webhook_id: str, event_type: str, status: int, answer: dict[str, Any], comment_id: int | None
) -> None:
    """Store the answer to ``webhook_id`` (a replay gets it back); the caller's transaction commits it."""
    session.connection().execute(
        _INSERT_RECEIPT,
        {
            "source": source, "webhook_id": webhook_id, "event_type": event_type, "status_code": status,
            "response": dict(answer), "comment_id": comment_id, "created_at": utcnow(),
        },
    )


def _stored(source: str, webhook_id: str) -> Any:
    """The stored answer to ``webhook_id`` (a row with ``status_code`` and ``response``), or None.

    Asked of every delivery before its body is parsed, so it is one indexed
    Core SELECT on a read-only connection, outside the writers' queue.
    """
    with Moderation.state().db.read_connection() as connection:
        return connection.execute(_RECEIPT_BY_ID, {"source": source, "webhook_id": webhook_id}).first()


def _replay(receipt: Any):  # type: ignore[no-untyped-def]
    response = jsonify(receipt.response)
    response.status_code = receipt.status_code
    response.headers[REPLAY_HEADER] = "true"
    return response


def receive(source: str):  # type: ignore[no-untyped-def]
    """Receive one Standard Webhooks message from ``source``."""
    config = current_app.config
    settings = delivery.source_settings(config, source)
    if settings is None:
        return _error(404, "NotFound", f"unknown webhook source {source!r}: add it to MODERATION_WEBHOOK_SOURCES")
    try:
        secrets = delivery.source_secrets(settings, source)
        body = _read_body(int(config["MODERATION_WEBHOOK_MAX_BYTES"]))
        webhook_id = verify(secrets, request.headers, body, float(config["MODERATION_WEBHOOK_TOLERANCE"]))
    except WebhookError as exc:
        return _error(exc.status_code, {400: "BadRequest", 401: "Unauthorized", 413: "PayloadTooLarge"}[exc.status_code], str(exc))
    receipt = _stored(source, webhook_id)
    if receipt is not None:
        return _replay(receipt)
    try:
        data = json.loads(body)
    except ValueError:
        return _error(400, "BadJSON", "the body is not valid JSON: check quoting and encoding")
    try:
        status, answer, comment_id, receipt_written = handle_event(source, webhook_id, data)
    except ModerationError as exc:
        return jsonify(exc.to_dict()), exc.status_code
    except IntegrityError:
        # A twin request with the same webhook-id stored its comment and receipt first.
        receipt = _stored(source, webhook_id)
        if receipt is not None:
            return _replay(receipt)
        raise
    if receipt_written:
        return jsonify(answer), status
    try:
        with Moderation.state().db.session() as session:
            _write_receipt(session, source, webhook_id, answer["type"], status, answer, comment_id)
    except IntegrityError:
        # A twin request with the same webhook-id stored its answer first: that one is the answer.
        receipt = _stored(source, webhook_id)
        if receipt is not None:
            return _replay(receipt)
        raise
    return jsonify(answer), status


# -- administration -------------------------------------------------------------
def require_admin() -> str:
    """The administrator's name, or a 401/403 ``WebhookError``.

    Asks ``plugin.access`` for the action ``"admin"``: the host's hook
    (``@moderation.authorize`` / ``MODERATION_AUTHORIZE``) or else an admin's
    API token (``Authorization: Bearer modtok_...``).
    """
    try:
        from .. import access
    except ImportError:  # an installation without the review queue's access module
        access = None  # type: ignore[assignment]
    if access is not None:
        return access.require("admin", api=True).name
    state = Moderation.state()
    hook = state.authorize or state.extension.authorize_hook or current_app.config.get("MODERATION_AUTHORIZE")
    if hook is None:
        raise WebhookError(403, "callback administration needs an authorisation hook: register one with @moderation.authorize")
    who = hook("admin")
    if not who:
        raise WebhookError(403, "you may not administer callbacks (action 'admin')")
    return who if isinstance(who, str) else "admin"


def redeliver_view():  # type: ignore[no-untyped-def]
    """``POST {"message_id": "msg_..."}`` or ``{"comment_id": 42}``: send a callback again now."""
    require_admin()
    data = request.get_json(silent=True)
    if not isinstance(data, dict) or not (data.get("message_id") or data.get("comment_id")):
        raise ValidationError('send {"message_id": "msg_..."} or {"comment_id": 42}', [{"field": "message_id", "message": "give message_id or comment_id"}])
    state = Moderation.state()
    ref = data.get("message_id") or data.get("comment_id")
    attempts = delivery.redeliver(state.db, current_app.config, ref if isinstance(ref, (str, int)) else str(ref))
    return jsonify({"attempts": [a.__dict__ | {"next_attempt_at": a.next_attempt_at.isoformat() if a.next_attempt_at else None} for a in attempts]}), 200


def enable_view(source: str):  # type: ignore[no-untyped-def]
    """``POST``: re-enable a source's endpoint after a 410, and queue its held messages again."""
    require_admin()
    requeued = delivery.enable_endpoint(Moderation.state().db, source)
    return jsonify({"source": source, "enabled": True, "requeued": requeued})


def deliveries_view(comment_id: int):  # type: ignore[no-untyped-def]
    """The callback delivery log of one comment."""
    require_admin()
    return jsonify({"comment_id": comment_id, "messages": delivery.delivery_log(Moderation.state().db, comment_id)})


def _exempt_from_csrf(app: Flask) -> None:
    csrf = app.extensions.get("csrf")
    if csrf is not None:
        for name in CSRF_EXEMPT:
            csrf.exempt(name)


def build_webhooks() -> Blueprint:
    """``moderation.webhooks``: the receiver and the callback administration."""
    bp = Blueprint("webhooks", __name__)

    @bp.record_once
    def _register(setup_state: Any) -> None:
        app = setup_state.app
        _exempt_from_csrf(app)

        # A CSRFProtect set up after the plugin is exempted on its first request, before it checks.
        def exempt_webhooks() -> None:
            if request.blueprint == "moderation.webhooks":
                _exempt_from_csrf(app)

        app.before_request_funcs.setdefault(None, []).insert(0, exempt_webhooks)

    @bp.errorhandler(ModerationError)
    def moderation_error(exc: ModerationError):  # type: ignore[no-untyped-def]
        return jsonify(exc.to_dict()), exc.status_code

    @bp.errorhandler(HTTPException)
    def http_error(exc: HTTPException):  # type: ignore[no-untyped-def]
        return jsonify({"error": exc.name, "message": exc.description}), exc.code

    bp.add_url_rule("/<source>", "receive", receive, methods=["POST"])
    bp.add_url_rule("/admin/redeliver", "redeliver", redeliver_view, methods=["POST"])
    bp.add_url_rule("/admin/endpoints/<source>/enable", "enable_endpoint", enable_view, methods=["POST"])
    bp.add_url_rule("/admin/deliveries/<int:comment_id>", "deliveries", deliveries_view, methods=["GET"])
    return bp
