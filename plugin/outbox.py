"""Writing decision callbacks to the outbox, in the caller's transaction."""
from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Mapping

from sqlalchemy.orm import Session

from .models import Comment, Decision, OutboxMessage, utcnow

EVENT_DECIDED = "comment.decided"


def decision_payload(comment: Comment, decision: Decision, scores: Mapping[str, float] | None) -> dict[str, Any]:
    """The body a CMS receives for a decision (documented in the README)."""
    return {
        "type": EVENT_DECIDED,
        "timestamp": _iso(decision.created_at or utcnow()),
        "data": {
            "comment_id": comment.external_id,
            "article_id": comment.article.external_id if comment.article else None,
            "status": comment.status,
            "outcome": decision.outcome,
            "actor": decision.actor,
            "reasons": list(decision.reasons or []),
            "policy_version": decision.policy_version,
            "scores": dict(scores) if scores else None,
            "decision_id": decision.id,
        },
    }


def enqueue_decision(
    session: Session,
    comment: Comment,
    decision: Decision,
    sources: Mapping[str, Mapping[str, Any]],
    scores: Mapping[str, float] | None = None,
) -> OutboxMessage | None:
    """Add a callback for ``decision`` when the comment's source has a callback URL."""
    source = sources.get(comment.source) or {}
    if not source.get("callback_url"):
        return None
    message = OutboxMessage(
        comment_id=comment.id,
        decision_id=decision.id,
        source=comment.source,
        event_type=EVENT_DECIDED,
        message_id=f"msg_{uuid.uuid4().hex}",
        payload=decision_payload(comment, decision, scores),
        status="pending",
        attempts=0,
        next_attempt_at=utcnow(),
    )
    session.add(message)
    return message


def _iso(value: dt.datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.isoformat().replace("+00:00", "Z")
