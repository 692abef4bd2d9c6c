"""The JSON API: submit comments, read their status and decisions, list the queue and act on it.

Authentication: ``Authorization: Bearer <token>`` (the plugin's accounts) or
the host's hook. Requests that change state must be JSON, which also keeps
cookie-authenticated hosts safe from cross-site form posts (a form cannot send
``application/json`` without a CORS preflight). Every 4xx is JSON with a
message, including 404 and 405 under the API prefix.
"""
from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.exceptions import NotFound as WerkzeugNotFound
from werkzeug.routing import Map, Rule

from ..errors import ModerationError, ValidationError
from ..extension import Moderation
from ..models import Comment, Decision, utcnow
from ..service import ClaimConflict


def comment_json(comment: Comment, decision: Decision | None = None) -> dict[str, Any]:
    latest_score = comment.scores[-1] if "scores" in comment.__dict__ and comment.scores else None
    return {
        "id": comment.id,
        "source": comment.source,
        "external_id": comment.external_id,
        "article": comment.article.external_id if "article" in comment.__dict__ and comment.article else None,
        "author_id": comment.author_id,
        "author_name": comment.author_name,
        "body": comment.body,
        "language": comment.language,
        "status": comment.status,
        "revision": comment.revision,
        "created_at": comment.created_at.isoformat() if comment.created_at else None,
        "decided_at": comment.decided_at.isoformat() if comment.decided_at else None,
        "scores": latest_score.labels if latest_score else None,
        "scorer": f"{latest_score.scorer}@{latest_score.scorer_version}" if latest_score else None,
        "decision": decision_json(decision) if decision else None,
    }


def decision_json(decision: Decision) -> dict[str, Any]:
    return {
        "id": decision.id,
        "outcome": decision.outcome,
        "actor": decision.actor,
        "reasons": list(decision.reasons or []),
        "note": decision.note,
        "policy_version": decision.policy_version,
        "created_at": decision.created_at.isoformat() if decision.created_at else None,
    }


def json_body() -> Any:
    """The request's JSON, or a ValidationError that says what is wrong with it."""
    if not request.is_json:
        raise ValidationError("send the comment as JSON with Content-Type: application/json")
    data = request.get_json(silent=True)
    if data is None:
        raise BadJSON("the request body is not valid JSON (or not UTF-8): check quoting and encoding")
    return data


class BadJSON(ValidationError):
    status_code = 400


def _object_body() -> dict[str, Any]:
    data = json_body()
    if not isinstance(data, dict):
        raise ValidationError(f"send a JSON object, got {type(data).__name__}")
    return data


def _int_field(data: dict[str, Any], name: str) -> int | None:
    value = data.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"{name} must be an integer", [{"field": name, "message": "use an integer"}])
    return value


def _str_field(data: dict[str, Any], name: str) -> str | None:
    value = data.get(name)
    if value is not None and not isinstance(value, str):
        raise ValidationError(f"{name} must be a string", [{"field": name, "message": "use a string"}])
    return value


def claim_json(comment: Comment) -> dict[str, Any] | None:
    if not comment.claimed_by or not comment.claim_expires_at or comment.claim_expires_at <= utcnow():
        return None
    return {"moderator": comment.claimed_by, "expires_at": comment.claim_expires_at.isoformat()}


def queue_row_json(row: dict[str, Any]) -> dict[str, Any]:
    article = row.get("article") or {}
    live = row["claimed_by"] and row["claim_expires_at"] and row["claim_expires_at"] > utcnow()
    return {
        "id": row["id"],
        "body": row["body"],
        "status": row["status"],
        "top_label": row["top_label"],
        "top_score": row["top_score"],
        "language": row["language"],
        "author_id": row["author_id"],
        "author_name": row["author_name"],
        "article": article.get("external_id"),
        "article_title": article.get("title"),
        "revision": row["revision"],
        "created_at": row["created_at"].isoformat() if row["created_at"] else None,
        "claim": {"moderator": row["claimed_by"], "expires_at": row["claim_expires_at"].isoformat()} if live else None,
    }


def build_api() -> Blueprint:
    from .. import access, queue
    from .openapi import openapi_document

    api = Blueprint("api", __name__)

    @api.errorhandler(ModerationError)
    def moderation_error(exc: ModerationError):  # type: ignore[no-untyped-def]
        response = jsonify(exc.to_dict())
        response.status_code = exc.status_code
        if exc.status_code == 401:
            response.headers["WWW-Authenticate"] = 'Bearer realm="moderation"'
        return response

    @api.errorhandler(HTTPException)
    def http_error(exc: HTTPException):  # type: ignore[no-untyped-def]
        response = jsonify({"error": exc.name, "message": exc.description})
        response.status_code = exc.code or 500
        headers = dict(exc.get_headers())
        for name in ("Allow", "Retry-After"):
            if name in headers:
                response.headers[name] = headers[name]
        return response

    @api.post("/comments")
    def submit_comment():  # type: ignore[no-untyped-def]
        access.require("api.submit", api=True)
        result = Moderation.state().service.submit(json_body())
        body = comment_json(result.comment, result.decision)
        return jsonify(body), (201 if result.created else 200)

    @api.get("/comments/<int:comment_id>")
    def get_comment(comment_id: int):  # type: ignore[no-untyped-def]
        access.require("queue.view", api=True)
        comment, decision = Moderation.state().service.get_comment(comment_id)
        body = comment_json(comment, decision)
        body["decisions"] = [decision_json(d) for d in comment.decisions]
        body["claim"] = claim_json(comment)
        body["article_title"] = comment.article.title if comment.article else None
        return jsonify(body)

    @api.get("/queue")
    def list_queue():  # type: ignore[no-untyped-def]
        access.require("queue.view", api=True)
        flt = queue.QueueFilter.from_args(request.args)
        limit_arg = request.args.get("limit", "")
        if limit_arg and not limit_arg.isdigit():
            raise ValidationError("limit must be a positive integer", [{"field": "limit", "message": f"1 to {queue.MAX_PAGE_SIZE}"}])
        limit = int(limit_arg) if limit_arg else int(current_app.config["MODERATION_PAGE_SIZE"])
        with Moderation.state().db.session() as session:
            page = queue.fetch_page(session, flt, request.args.get("cursor"), limit)
        return jsonify({"items": [queue_row_json(r) for r in page.rows], "next_cursor": page.next_cursor, "filter": flt.to_args()})

    @api.post("/comments/<int:comment_id>/decisions")
    def decide(comment_id: int):  # type: ignore[no-untyped-def]
        identity = access.require("queue.act", api=True)
        data = _object_body()
        action = _str_field(data, "action") or ""
        service = Moderation.state().service
        if action == "undo":
            decision = service.undo(
                comment_id,
                identity.name,
                decision_id=_int_field(data, "decision_id"),
                expected_revision=_int_field(data, "revision"),
                may_undo_others=access.allowed(identity, "admin"),
                note=_str_field(data, "note"),
            )
        else:
            reason = _str_field(data, "reason")
            decision = service.moderate(
                comment_id,
                action,
                identity.name,
                reasons=[reason] if reason else [],
                note=_str_field(data, "note"),
                expected_revision=_int_field(data, "revision"),
            )
        comment, _ = service.get_comment(comment_id)
        return jsonify({"decision": decision_json(decision), "comment": comment_json(comment, decision)}), 201

    @api.post("/decisions/bulk")
    def bulk():  # type: ignore[no-untyped-def]
        identity = access.require("queue.act", api=True)
        data = _object_body()
        ids = data.get("ids")
        if not isinstance(ids, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
            raise ValidationError("ids must be a list of comment ids (integers)", [{"field": "ids", "message": "a list of integers"}])
        revisions = data.get("revisions") or {}
        if not isinstance(revisions, dict):
            raise ValidationError("revisions must be an object of comment id to revision", [{"field": "revisions", "message": "an object"}])
        try:
            revisions = {int(k): int(v) for k, v in revisions.items()}
        except (TypeError, ValueError):
            raise ValidationError("revisions must map comment ids to integer revisions", [{"field": "revisions", "message": "integers"}]) from None
        reason = _str_field(data, "reason")
        results = Moderation.state().service.bulk(
            ids,
            _str_field(data, "action") or "",
            identity.name,
            reasons=[reason] if reason else [],
            note=_str_field(data, "note"),
            revisions=revisions,
            may_undo_others=access.allowed(identity, "admin"),
        )
        return jsonify({"results": results, "done": sum(1 for r in results if r["ok"]), "failed": sum(1 for r in results if not r["ok"])})

    @api.post("/comments/<int:comment_id>/claim")
    def claim(comment_id: int):  # type: ignore[no-untyped-def]
        identity = access.require("queue.act", api=True)
        result = Moderation.state().service.claim(comment_id, identity.name)
        if not result.mine:
            assert result.holder is not None and result.expires_at is not None
            raise ClaimConflict(result.holder, result.expires_at)
        return jsonify({"moderator": result.holder, "expires_at": result.expires_at.isoformat() if result.expires_at else None})

    @api.delete("/comments/<int:comment_id>/claim")
    def release_claim(comment_id: int):  # type: ignore[no-untyped-def]
        identity = access.require("queue.act", api=True)
        Moderation.state().service.release_claim(comment_id, identity.name)
        return "", 204

    @api.get("/openapi.json")
    def openapi():  # type: ignore[no-untyped-def]
        return jsonify(openapi_document(current_app.config["MODERATION_URL_PREFIX"].rstrip("/") + "/api"))

    @api.route("/<path:anything>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
    def not_found(anything: str):  # type: ignore[no-untyped-def]
        # Unknown paths (and known paths with the wrong method) under the API
        # prefix answer in JSON too, not with the host's HTML error page.
        _raise_routing_error(request.path, request.method)

    return api


def _raise_routing_error(path: str, method: str) -> None:
    """Match ``path`` against the API's own routes only: 405 with Allow if the path exists, else 404."""
    rules = [
        Rule(rule.rule, methods=rule.methods, endpoint=rule.endpoint)
        for rule in current_app.url_map.iter_rules()
        if rule.endpoint.startswith("moderation.api.") and rule.endpoint != "moderation.api.not_found"
    ]
    adapter = Map(rules).bind("localhost")
    try:
        adapter.match(path, method=method)
    except (MethodNotAllowed, WerkzeugNotFound) as exc:
        raise exc from None
    raise WerkzeugNotFound()
