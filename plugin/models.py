"""SQLAlchemy 2.x models. Every table is prefixed ``moderation_``; Alembic owns the schema."""
from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: Comment statuses; a comment's status follows its latest decision.
PENDING, APPROVED, HELD, REJECTED, DELETED = "pending", "approved", "held", "rejected", "deleted"
STATUSES = (PENDING, APPROVED, HELD, REJECTED, DELETED)
#: Decision outcomes and the status each leads to.
OUTCOME_STATUS = {"approve": APPROVED, "hold": HELD, "reject": REJECTED, "delete": DELETED}
SENSITIVITIES = ("standard", "sensitive", "premoderate")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def table_of(model: type["Base"]) -> Table:
    """A model's ``Table``, for the hot paths that use Core statements instead of the unit of work."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware UTC datetime on every backend (SQLite stores it without a zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(dt.timezone.utc)
            if dialect.name == "sqlite":
                value = value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=dt.timezone.utc)
        return value


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dt.datetime: UTCDateTime, dict[str, Any]: JSON, list[Any]: JSON}


class Article(Base):
    __tablename__ = "moderation_articles"
    __table_args__ = (UniqueConstraint("source", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(64))
    external_id: Mapped[str] = mapped_column(String(255))
    title: Mapped[Optional[str]] = mapped_column(String(500))
    url: Mapped[Optional[str]] = mapped_column(String(2000))
    sensitivity: Mapped[str] = mapped_column(String(16), default="standard")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    comments: Mapped[list["Comment"]] = relationship(back_populates="article")


class Comment(Base):
    __tablename__ = "moderation_comments"
    __table_args__ = (
        UniqueConstraint("source", "external_id"),
        Index("ix_moderation_comments_status_score", "status", "top_score", "id"),
        Index("ix_moderation_comments_status_created", "status", "created_at", "id"),
        Index("ix_moderation_comments_article_status", "article_id", "status"),
        Index("ix_moderation_comments_author", "source", "author_id"),
        # The queue's "all" list has no status to lead with (migration 0002).
        Index("ix_moderation_comments_score", "top_score", "id"),
        Index("ix_moderation_comments_created", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(64))
    external_id: Mapped[str] = mapped_column(String(255))
    article_id: Mapped[int] = mapped_column(ForeignKey("moderation_articles.id"))
    author_id: Mapped[Optional[str]] = mapped_column(String(255))
    author_name: Mapped[Optional[str]] = mapped_column(String(255))
    body: Mapped[str] = mapped_column(Text)
    #: SHA-256 of the body, to tell a changed comment from a repeated one.
    body_hash: Mapped[str] = mapped_column(String(64))
    language: Mapped[Optional[str]] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(16), default=PENDING)
    #: Highest label probability of the latest score, and its label: the queue sorts on these.
    top_label: Mapped[Optional[str]] = mapped_column(String(32))
    top_score: Mapped[Optional[float]] = mapped_column(Float)
    #: Bumped by every decision; a decision made against an older revision is a conflict.
    revision: Mapped[int] = mapped_column(Integer, default=0)
    claimed_by: Mapped[Optional[str]] = mapped_column(String(255))
    claim_expires_at: Mapped[Optional[dt.datetime]] = mapped_column()
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    decided_at: Mapped[Optional[dt.datetime]] = mapped_column()

    article: Mapped[Article] = relationship(back_populates="comments")
    scores: Mapped[list["Score"]] = relationship(back_populates="comment", order_by="Score.id")
    decisions: Mapped[list["Decision"]] = relationship(back_populates="comment", order_by="Decision.id")


class Score(Base):
    __tablename__ = "moderation_scores"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("moderation_comments.id"), index=True)
    scorer: Mapped[str] = mapped_column(String(120))
    scorer_version: Mapped[str] = mapped_column(String(64))
    #: ``{label: probability}`` as the scorer gave them.
    labels: Mapped[dict[str, Any]] = mapped_column()
    body_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    comment: Mapped[Comment] = relationship(back_populates="scores")


class Decision(Base):
    """Append-only: a decision is never edited; a new one supersedes it."""

    __tablename__ = "moderation_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("moderation_comments.id"), index=True)
    outcome: Mapped[str] = mapped_column(String(16))
    #: ``policy:<version>``, ``moderator:<name>`` or ``source:<name>``.
    actor: Mapped[str] = mapped_column(String(255))
    reasons: Mapped[list[Any]] = mapped_column()
    note: Mapped[Optional[str]] = mapped_column(Text)
    policy_version: Mapped[Optional[str]] = mapped_column(String(32))
    #: The score a policy decision was made from; unique, so one scoring gives one decision.
    score_id: Mapped[Optional[int]] = mapped_column(ForeignKey("moderation_scores.id"), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)

    comment: Mapped[Comment] = relationship(back_populates="decisions")
    score: Mapped[Optional[Score]] = relationship()


class Moderator(Base):
    __tablename__ = "moderation_moderators"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(120), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    #: ``moderator`` or ``admin``.
    role: Mapped[str] = mapped_column(String(16), default="moderator")
    #: SHA-256 of the API token; the token itself is shown once and never stored.
    api_token_hash: Mapped[Optional[str]] = mapped_column(String(64), unique=True)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[Optional[dt.datetime]] = mapped_column()


class WebhookReceipt(Base):
    """One row per accepted webhook message, so a replayed ``webhook-id`` gets the first answer."""

    __tablename__ = "moderation_webhook_receipts"
    __table_args__ = (UniqueConstraint("source", "webhook_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(64))
    webhook_id: Mapped[str] = mapped_column(String(255))
    event_type: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    response: Mapped[dict[str, Any]] = mapped_column()
    comment_id: Mapped[Optional[int]] = mapped_column(ForeignKey("moderation_comments.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class OutboxMessage(Base):
    """A callback to deliver, written in the same transaction as its decision."""

    __tablename__ = "moderation_outbox"
    __table_args__ = (Index("ix_moderation_outbox_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("moderation_comments.id"), index=True)
    decision_id: Mapped[Optional[int]] = mapped_column(ForeignKey("moderation_decisions.id"))
    source: Mapped[str] = mapped_column(String(64))
    event_type: Mapped[str] = mapped_column(String(64))
    #: Standard Webhooks message id, stable across retries.
    message_id: Mapped[str] = mapped_column(String(64), unique=True)
    payload: Mapped[dict[str, Any]] = mapped_column()
    #: ``pending``, ``delivered``, ``failed`` (retries exhausted) or ``disabled`` (endpoint gone).
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_error: Mapped[Optional[str]] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[Optional[dt.datetime]] = mapped_column()

    deliveries: Mapped[list["Delivery"]] = relationship(back_populates="message", order_by="Delivery.id")


class Delivery(Base):
    """One attempt to deliver an outbox message: the per-comment delivery log."""

    __tablename__ = "moderation_deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    outbox_id: Mapped[int] = mapped_column(ForeignKey("moderation_outbox.id"), index=True)
    attempt: Mapped[int] = mapped_column(Integer)
    status_code: Mapped[Optional[int]] = mapped_column(Integer)
    error: Mapped[Optional[str]] = mapped_column(Text)
    duration_ms: Mapped[Optional[float]] = mapped_column(Float)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    message: Mapped[OutboxMessage] = relationship(back_populates="deliveries")


class Endpoint(Base):
    """Callback endpoint state per source: a 410 Gone disables it until re-enabled."""

    __tablename__ = "moderation_endpoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(64), unique=True)
    disabled_at: Mapped[Optional[dt.datetime]] = mapped_column()
    disabled_reason: Mapped[Optional[str]] = mapped_column(Text)
