"""The JSON API's OpenAPI 3.1 document, built in code so it follows the mount prefix.

A test checks that every route of ``moderation.api`` is documented here and
that every documented path exists.
"""
from __future__ import annotations

from typing import Any

from ..scoring import LABELS

_ERROR = {"$ref": "#/components/responses/Error"}


def _errors(*codes: int) -> dict[str, Any]:
    return {str(code): _ERROR for code in codes}


def _json_body(schema_ref: str, example: dict[str, Any]) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": {"$ref": schema_ref}, "example": example}}}


def _ok(schema_ref: str, description: str = "OK") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": schema_ref}}}}


COMMENT_ID = {"name": "comment_id", "in": "path", "required": True, "schema": {"type": "integer"}}
QUEUE_PARAMS = [
    {"name": "status", "in": "query", "schema": {"type": "string", "enum": ["held", "approved", "rejected", "pending", "deleted", "all"], "default": "held"}},
    {"name": "article", "in": "query", "description": "Article external id.", "schema": {"type": "string"}},
    {"name": "label", "in": "query", "description": "Top label of the latest score.", "schema": {"type": "string", "enum": list(LABELS)}},
    {"name": "min_score", "in": "query", "schema": {"type": "number", "minimum": 0, "maximum": 1}},
    {"name": "max_score", "in": "query", "schema": {"type": "number", "minimum": 0, "maximum": 1}},
    {"name": "language", "in": "query", "schema": {"type": "string"}},
    {"name": "since", "in": "query", "description": "Created on or after (YYYY-MM-DD or ISO 8601).", "schema": {"type": "string"}},
    {"name": "until", "in": "query", "description": "Created before the end of this day (YYYY-MM-DD) or before this time.", "schema": {"type": "string"}},
    {"name": "sort", "in": "query", "schema": {"type": "string", "enum": ["score", "newest", "oldest"], "default": "score"}},
    {"name": "cursor", "in": "query", "description": "The next_cursor of the previous page.", "schema": {"type": "string"}},
    {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 500}},
]


def openapi_document(base: str) -> dict[str, Any]:
    """The document for an API mounted at ``base`` (e.g. ``/moderation/api``)."""
    security: list[dict[str, list[str]]] = [{"bearer": []}]
    paths: dict[str, Any] = {
        "/comments": {
            "post": {
                "operationId": "submitComment",
                "summary": "Submit a comment to be scored and decided",
                "description": "Needs the `api.submit` permission (any moderator token, or whatever the host's hook allows, possibly anonymous). The same (source, external_id) twice stores one comment.",
                "security": security,
                "requestBody": _json_body("#/components/schemas/CommentIn", {"article": {"external_id": "calais-2026", "title": "Calais: ring of steel"}, "external_id": "c-1", "author_id": "u-7", "body": "Welcome to them all."}),
                "responses": {"201": _ok("#/components/schemas/Comment", "Stored (and decided, with inline dispatch)"), "200": _ok("#/components/schemas/Comment", "Already stored"), **_errors(400, 401, 403, 422)},
            }
        },
        "/comments/{comment_id}": {
            "get": {
                "operationId": "getComment",
                "summary": "A comment's status, scores, claim and full decision history",
                "security": security,
                "parameters": [COMMENT_ID],
                "responses": {"200": _ok("#/components/schemas/CommentDetail"), **_errors(401, 403, 404)},
            }
        },
        "/comments/{comment_id}/decisions": {
            "post": {
                "operationId": "decide",
                "summary": "Approve, reject, hold or undo: appends a decision by moderator:<name>",
                "description": "Send the `revision` you read to get 409 instead of overwriting a decision someone made since. `undo` restores the outcome before the latest decision; undoing another actor's decision needs the admin role.",
                "security": security,
                "parameters": [COMMENT_ID],
                "requestBody": _json_body("#/components/schemas/Action", {"action": "reject", "reason": "hate speech", "note": "dehumanising", "revision": 1}),
                "responses": {"201": _ok("#/components/schemas/DecisionResult", "Recorded"), **_errors(400, 401, 403, 404, 409, 422)},
            }
        },
        "/comments/{comment_id}/claim": {
            "post": {
                "operationId": "claim",
                "summary": "Claim a comment for MODERATION_CLAIM_SECONDS so other moderators leave it alone",
                "security": security,
                "parameters": [COMMENT_ID],
                "responses": {"200": _ok("#/components/schemas/Claim"), **_errors(401, 403, 404, 409)},
            },
            "delete": {
                "operationId": "releaseClaim",
                "summary": "Release your claim",
                "security": security,
                "parameters": [COMMENT_ID],
                "responses": {"204": {"description": "Released (or you held none)"}, **_errors(401, 403)},
            },
        },
        "/decisions/bulk": {
            "post": {
                "operationId": "bulkDecide",
                "summary": "One action on many comments; each succeeds or fails on its own",
                "security": security,
                "requestBody": _json_body("#/components/schemas/BulkAction", {"ids": [12, 13], "action": "approve", "revisions": {"12": 1, "13": 1}}),
                "responses": {"200": _ok("#/components/schemas/BulkResult"), **_errors(400, 401, 403, 422)},
            }
        },
        "/queue": {
            "get": {
                "operationId": "listQueue",
                "summary": "One page of the review queue (keyset pagination: follow next_cursor)",
                "security": security,
                "parameters": QUEUE_PARAMS,
                "responses": {"200": _ok("#/components/schemas/QueuePage"), **_errors(401, 403, 422)},
            }
        },
        "/openapi.json": {
            "get": {
                "operationId": "openapi",
                "summary": "This document",
                "security": [],
                "responses": {"200": {"description": "OpenAPI 3.1 document", "content": {"application/json": {"schema": {"type": "object"}}}}},
            }
        },
    }
    nullable_str = {"type": ["string", "null"]}
    schemas: dict[str, Any] = {
        "Error": {"type": "object", "required": ["error", "message"], "properties": {"error": {"type": "string"}, "message": {"type": "string"}, "errors": {"type": "array", "items": {"type": "object", "properties": {"field": {"type": "string"}, "message": {"type": "string"}}}}}},
        "CommentIn": {
            "type": "object",
            "required": ["article", "body"],
            "additionalProperties": False,
            "properties": {
                "source": {"type": "string", "pattern": "^[A-Za-z0-9_.-]{1,64}$", "default": "local"},
                "external_id": {"type": "string", "maxLength": 255},
                "article": {"oneOf": [{"type": "string"}, {"type": "object", "required": ["external_id"], "properties": {"external_id": {"type": "string"}, "title": {"type": "string"}, "url": {"type": "string"}, "sensitivity": {"type": "string", "enum": ["standard", "sensitive", "premoderate"]}}}]},
                "author_id": {"type": "string"},
                "author_name": {"type": "string"},
                "body": {"type": "string"},
                "language": {"type": "string"},
            },
        },
        "Decision": {"type": "object", "properties": {"id": {"type": "integer"}, "outcome": {"type": "string", "enum": ["approve", "hold", "reject", "delete"]}, "actor": {"type": "string"}, "reasons": {"type": "array", "items": {"type": "string"}}, "note": nullable_str, "policy_version": nullable_str, "created_at": {"type": "string", "format": "date-time"}}},
        "Comment": {
            "type": "object",
            "properties": {
                "id": {"type": "integer"}, "source": {"type": "string"}, "external_id": {"type": "string"}, "article": nullable_str,
                "author_id": nullable_str, "author_name": nullable_str, "body": {"type": "string"}, "language": nullable_str,
                "status": {"type": "string", "enum": ["pending", "approved", "held", "rejected", "deleted"]}, "revision": {"type": "integer"},
                "created_at": {"type": "string", "format": "date-time"}, "decided_at": {"type": ["string", "null"], "format": "date-time"},
                "scores": {"type": ["object", "null"], "additionalProperties": {"type": "number"}}, "scorer": nullable_str,
                "decision": {"oneOf": [{"$ref": "#/components/schemas/Decision"}, {"type": "null"}]},
            },
        },
        "CommentDetail": {"allOf": [{"$ref": "#/components/schemas/Comment"}, {"type": "object", "properties": {"decisions": {"type": "array", "items": {"$ref": "#/components/schemas/Decision"}}, "claim": {"oneOf": [{"$ref": "#/components/schemas/Claim"}, {"type": "null"}]}, "article_title": nullable_str}}]},
        "Claim": {"type": "object", "properties": {"moderator": {"type": "string"}, "expires_at": {"type": "string", "format": "date-time"}}},
        "Action": {"type": "object", "required": ["action"], "properties": {"action": {"type": "string", "enum": ["approve", "reject", "hold", "undo"]}, "reason": {"type": "string", "description": "Required for reject: one of MODERATION_REJECT_REASONS."}, "note": {"type": "string", "maxLength": 2000}, "revision": {"type": "integer"}, "decision_id": {"type": "integer", "description": "For undo: the decision you saw as the latest."}}},
        "DecisionResult": {"type": "object", "properties": {"decision": {"$ref": "#/components/schemas/Decision"}, "comment": {"$ref": "#/components/schemas/Comment"}}},
        "BulkAction": {"type": "object", "required": ["ids", "action"], "properties": {"ids": {"type": "array", "items": {"type": "integer"}, "maxItems": 500}, "action": {"type": "string", "enum": ["approve", "reject", "hold", "undo"]}, "reason": {"type": "string"}, "note": {"type": "string"}, "revisions": {"type": "object", "additionalProperties": {"type": "integer"}}}},
        "BulkResult": {"type": "object", "properties": {"done": {"type": "integer"}, "failed": {"type": "integer"}, "results": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "integer"}, "ok": {"type": "boolean"}, "decision_id": {"type": "integer"}, "error": {"type": "string"}, "status": {"type": "integer"}}}}}},
        "QueueItem": {"type": "object", "properties": {"id": {"type": "integer"}, "body": {"type": "string"}, "status": {"type": "string"}, "top_label": nullable_str, "top_score": {"type": ["number", "null"]}, "language": nullable_str, "author_id": nullable_str, "author_name": nullable_str, "article": nullable_str, "article_title": nullable_str, "revision": {"type": "integer"}, "created_at": {"type": "string", "format": "date-time"}, "claim": {"oneOf": [{"$ref": "#/components/schemas/Claim"}, {"type": "null"}]}}},
        "QueuePage": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/QueueItem"}}, "next_cursor": nullable_str, "filter": {"type": "object"}}},
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Comment moderation API", "version": "1", "description": "Submit comments, read decisions, and work the review queue. Every error is JSON: {error, message[, errors]}."},
        "servers": [{"url": base}],
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "description": "A token from `flask moderation create-token USERNAME`."}},
            "responses": {"Error": {"description": "Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}},
            "schemas": schemas,
        },
    }
