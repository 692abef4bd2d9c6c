"""The JSON API: submit a comment and read its status and decisions."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request
from werkzeug.exceptions import HTTPException

from ..errors import ModerationError, ValidationError
from ..extension import Moderation
from ..models import Comment, Decision


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


def build_api() -> Blueprint:
    api = Blueprint("api", __name__)

    @api.errorhandler(ModerationError)
    def moderation_error(exc: ModerationError):  # type: ignore[no-untyped-def]
        return jsonify(exc.to_dict()), exc.status_code

    @api.errorhandler(HTTPException)
    def http_error(exc: HTTPException):  # type: ignore[no-untyped-def]
        return jsonify({"error": exc.name, "message": exc.description}), exc.code

    @api.post("/comments")
    def submit_comment():  # type: ignore[no-untyped-def]
        result = Moderation.state().service.submit(json_body())
        body = comment_json(result.comment, result.decision)
        return jsonify(body), (201 if result.created else 200)

    @api.get("/comments/<int:comment_id>")
    def get_comment(comment_id: int):  # type: ignore[no-untyped-def]
        comment, decision = Moderation.state().service.get_comment(comment_id)
        body = comment_json(comment, decision)
        body["decisions"] = [decision_json(d) for d in comment.decisions]
        return jsonify(body)

    return api
