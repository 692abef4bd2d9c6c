"""The review queue's queries: filters, sort orders and keyset pagination.

Pure query builders (``QueueFilter`` in, a SQLAlchemy ``Select`` out) plus
``fetch_page``, which runs them. Pages are found with keyset conditions
(``(top_score, id) < (last_score, last_id)``), never ``OFFSET``, so page 1
and page 20,000 cost the same on a million comments: each is one range scan
of the ``(status, top_score, id)`` or ``(status, created_at, id)`` index.
"""
from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from dataclasses import dataclass, field, replace
from typing import Any, Mapping, Sequence

from sqlalchemy import Select, func, literal, select, tuple_
from sqlalchemy.orm import Session

from .errors import ValidationError
from .models import APPROVED, DELETED, HELD, PENDING, REJECTED, Article, Comment, Decision, Score, UTCDateTime

#: The lists a moderator can open; ``all`` has no status condition.
LISTS = (HELD, APPROVED, REJECTED, PENDING, DELETED, "all")
#: ``score``: most harmful first; ``newest`` / ``oldest``: by arrival time.
SORTS = ("score", "newest", "oldest")
MAX_PAGE_SIZE = 500


@dataclass(frozen=True)
class QueueFilter:
    """What a moderator asked to see. Every field is optional except the list and sort."""

    status: str = HELD
    article: str | None = None
    label: str | None = None
    min_score: float | None = None
    max_score: float | None = None
    language: str | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    sort: str = "score"

    def __post_init__(self) -> None:
        if self.status not in LISTS:
            raise ValidationError(f"unknown list {self.status!r}: use one of {', '.join(LISTS)}", [{"field": "status", "message": f"use one of {', '.join(LISTS)}"}])
        if self.sort not in SORTS:
            raise ValidationError(f"unknown sort {self.sort!r}: use one of {', '.join(SORTS)}", [{"field": "sort", "message": f"use one of {', '.join(SORTS)}"}])
        for name in ("min_score", "max_score"):
            value = getattr(self, name)
            if value is not None and not 0.0 <= value <= 1.0:
                raise ValidationError(f"{name} must be between 0 and 1", [{"field": name, "message": "use a number between 0 and 1"}])

    @classmethod
    def from_args(cls, args: Mapping[str, Any]) -> "QueueFilter":
        """Build a filter from query-string arguments; blank values mean "no filter"."""

        def text(name: str, limit: int = 255) -> str | None:
            value = (args.get(name) or "").strip()
            if len(value) > limit:
                raise ValidationError(f"{name} is longer than {limit} characters", [{"field": name, "message": f"at most {limit} characters"}])
            return value or None

        def number(name: str) -> float | None:
            value = text(name, 32)
            if value is None:
                return None
            try:
                return float(value)
            except ValueError:
                raise ValidationError(f"{name} must be a number between 0 and 1, got {value!r}", [{"field": name, "message": "use a number between 0 and 1"}]) from None

        def date(name: str, end: bool = False) -> dt.datetime | None:
            value = text(name, 40)
            if value is None:
                return None
            try:
                if len(value) == 10:
                    day = dt.date.fromisoformat(value)
                    moment = dt.datetime.combine(day, dt.time.min, tzinfo=dt.timezone.utc)
                    return moment + dt.timedelta(days=1) if end else moment
                moment = dt.datetime.fromisoformat(value)
            except ValueError:
                raise ValidationError(f"{name} must be a date (YYYY-MM-DD) or an ISO 8601 time, got {value!r}", [{"field": name, "message": "use YYYY-MM-DD"}]) from None
            return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)

        return cls(
            status=text("status", 16) or HELD,
            article=text("article"),
            label=text("label", 32),
            min_score=number("min_score"),
            max_score=number("max_score"),
            language=text("language", 8),
            since=date("since"),
            until=date("until", end=True),
            sort=text("sort", 16) or "score",
        )

    def to_args(self) -> dict[str, str]:
        """The query-string arguments that rebuild this filter (defaults left out)."""
        args: dict[str, str] = {}
        if self.status != HELD:
            args["status"] = self.status
        if self.sort != "score":
            args["sort"] = self.sort
        for name in ("article", "label", "language"):
            if getattr(self, name):
                args[name] = getattr(self, name)
        for name in ("min_score", "max_score"):
            if getattr(self, name) is not None:
                args[name] = f"{getattr(self, name):g}"
        if self.since is not None:
            args["since"] = self.since.isoformat()
        if self.until is not None:
            args["until"] = self.until.isoformat()
        return args


# -- cursors ------------------------------------------------------------------
@dataclass(frozen=True)
class Cursor:
    """Where the next page starts: the sort key and id of the last row shown.

    ``phase`` is ``score`` (rows with a score), ``unscored`` (rows without one,
    shown after every scored row) or ``time``.
    """

    phase: str
    key: Any
    id: int

    def encode(self) -> str:
        key = self.key.isoformat() if isinstance(self.key, dt.datetime) else self.key
        raw = json.dumps([self.phase, key, self.id], separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str | None) -> "Cursor | None":
        if not token:
            return None
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            phase, key, last_id = json.loads(raw)
            if phase == "time":
                key = dt.datetime.fromisoformat(key)
            elif phase == "score":
                key = float(key)
            elif phase != "unscored":
                raise ValueError(phase)
            if not isinstance(last_id, int):
                raise ValueError(last_id)
        except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
            raise ValidationError("the page cursor is not valid: start again from the first page", [{"field": "cursor", "message": "use the next_cursor of a previous page"}]) from None
        return cls(phase, key, last_id)


# -- query builders (pure) ----------------------------------------------------
def _conditions(flt: QueueFilter, article_ids: Sequence[int] | None = None) -> list[Any]:
    conditions: list[Any] = []
    if flt.status != "all":
        conditions.append(Comment.status == flt.status)
    if flt.article:
        if article_ids is not None:  # resolved beforehand: plain values let SQLite use the article index
            conditions.append(Comment.article_id.in_(list(article_ids)) if len(article_ids) != 1 else Comment.article_id == article_ids[0])
        else:
            conditions.append(Comment.article_id.in_(select(Article.id).where(Article.external_id == flt.article)))
    if flt.label:
        conditions.append(Comment.top_label == flt.label)
    if flt.min_score is not None:
        conditions.append(Comment.top_score >= flt.min_score)
    if flt.max_score is not None:
        conditions.append(Comment.top_score <= flt.max_score)
    if flt.language:
        conditions.append(Comment.language == flt.language)
    if flt.since is not None:
        conditions.append(Comment.created_at >= flt.since)
    if flt.until is not None:
        conditions.append(Comment.created_at < flt.until)
    return conditions


ROW_COLUMNS = (
    Comment.id,
    Comment.body,
    Comment.status,
    Comment.top_label,
    Comment.top_score,
    Comment.language,
    Comment.author_id,
    Comment.author_name,
    Comment.created_at,
    Comment.revision,
    Comment.claimed_by,
    Comment.claim_expires_at,
    Comment.article_id,
)


def page_query(flt: QueueFilter, cursor: Cursor | None, limit: int, *, phase: str | None = None, article_ids: Sequence[int] | None = None) -> Select[Any]:  # type: ignore[type-arg]
    """One keyset page of comment rows (``limit`` rows; ask one more to know if a next page exists).

    For ``sort=score`` rows with a score come first (``phase="score"``), then
    rows the scorer could not score (``phase="unscored"``, newest first).
    """
    query: Select[Any] = select(*ROW_COLUMNS).where(*_conditions(flt, article_ids))  # type: ignore[assignment]
    if flt.sort == "score":
        phase = phase or (cursor.phase if cursor else "score")
        if phase == "score":
            query = query.where(Comment.top_score.is_not(None))
            if cursor is not None and cursor.phase == "score":
                query = query.where(tuple_(Comment.top_score, Comment.id) < tuple_(literal(cursor.key), literal(cursor.id)))
            query = query.order_by(Comment.top_score.desc(), Comment.id.desc())
        else:
            query = query.where(Comment.top_score.is_(None))
            if cursor is not None and cursor.phase == "unscored":
                query = query.where(Comment.id < cursor.id)
            query = query.order_by(Comment.id.desc())
    else:
        if cursor is not None and cursor.phase != "time":
            raise ValidationError("the page cursor belongs to another sort order: start again from the first page")
        descending = flt.sort == "newest"
        if cursor is not None:
            key = tuple_(Comment.created_at, Comment.id)
            bound = tuple_(literal(cursor.key, UTCDateTime()), literal(cursor.id))
            query = query.where(key < bound if descending else key > bound)
        order = (Comment.created_at.desc(), Comment.id.desc()) if descending else (Comment.created_at.asc(), Comment.id.asc())
        query = query.order_by(*order)
    return query.limit(limit)


def count_query(flt: QueueFilter, cap: int) -> Select[Any]:
    """How many rows match, counting at most ``cap`` (so the count stays cheap on big lists)."""
    inner = select(Comment.id).where(*_conditions(flt)).limit(cap).subquery()
    return select(func.count()).select_from(inner)


# -- running them -------------------------------------------------------------
@dataclass
class QueuePage:
    rows: list[dict[str, Any]]
    next_cursor: str | None
    filter: QueueFilter
    articles: dict[int, dict[str, Any]] = field(default_factory=dict)


def _cursor_for(flt: QueueFilter, row: Mapping[str, Any]) -> Cursor:
    if flt.sort != "score":
        return Cursor("time", row["created_at"], row["id"])
    if row["top_score"] is None:
        return Cursor("unscored", None, row["id"])
    return Cursor("score", row["top_score"], row["id"])


def fetch_page(session: Session, flt: QueueFilter, cursor: Cursor | str | None = None, limit: int = 50) -> QueuePage:
    """Run the page queries: at most ``limit`` rows and the cursor of the next page."""
    if isinstance(cursor, str) or cursor is None:
        cursor = Cursor.decode(cursor)
    limit = max(1, min(int(limit), MAX_PAGE_SIZE))
    article_ids = list(session.scalars(select(Article.id).where(Article.external_id == flt.article))) if flt.article else None
    if article_ids == []:
        return QueuePage(rows=[], next_cursor=None, filter=flt)
    rows = [dict(row._mapping) for row in session.execute(page_query(flt, cursor, limit + 1, article_ids=article_ids))]
    can_have_unscored = flt.sort == "score" and flt.min_score is None and flt.max_score is None
    if can_have_unscored and len(rows) <= limit and (cursor is None or cursor.phase == "score"):
        # Scored rows ran out on this page: fill it with the unscored ones.
        more = page_query(flt, None, limit + 1 - len(rows), phase="unscored", article_ids=article_ids)
        rows += [dict(row._mapping) for row in session.execute(more)]
    has_more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = _cursor_for(flt, rows[-1]).encode() if has_more and rows else None
    article_ids = sorted({row["article_id"] for row in rows})
    articles: dict[int, dict[str, Any]] = {}
    if article_ids:
        for art in session.execute(select(Article.id, Article.external_id, Article.title, Article.url, Article.sensitivity).where(Article.id.in_(article_ids))):
            articles[art.id] = dict(art._mapping)
    for row in rows:
        row["article"] = articles.get(row["article_id"])
    return QueuePage(rows=rows, next_cursor=next_cursor, filter=flt, articles=articles)


def count(session: Session, flt: QueueFilter, cap: int = 10_000) -> tuple[int, bool]:
    """``(count, capped)``: the number of matching rows, at most ``cap``."""
    value = int(session.scalar(count_query(flt, cap + 1)) or 0)
    return min(value, cap), value > cap


def without(flt: QueueFilter, **changes: Any) -> QueueFilter:
    """A copy of ``flt`` with some fields changed (for links to other lists)."""
    return replace(flt, **changes)


def labels_in(scores: Sequence[Mapping[str, float]]) -> list[str]:
    seen: list[str] = []
    for labels in scores:
        for label in labels:
            if label not in seen:
                seen.append(label)
    return seen


# -- item view ----------------------------------------------------------------
def author_comments_query(source: str, author_id: str, exclude_id: int, limit: int = 20) -> Select[Any]:
    """The author's other comments, newest first (uses the ``(source, author_id)`` index)."""
    query: Any = (
        select(Comment.id, Comment.body, Comment.status, Comment.top_label, Comment.top_score, Comment.created_at, Article.external_id.label("article"))
        .join(Article, Article.id == Comment.article_id)
        .where(Comment.source == source, Comment.author_id == author_id, Comment.id != exclude_id)
        .order_by(Comment.id.desc())
        .limit(limit)
    )
    return query  # type: ignore[no-any-return]


# -- stats --------------------------------------------------------------------
def decisions_per_day(session: Session, days: int = 30, now: dt.datetime | None = None) -> list[dict[str, Any]]:
    """``[{"day": "2026-11-25", "approve": 12, "hold": 3, ...}]`` for the last ``days`` days, oldest first."""
    now = now or dt.datetime.now(dt.timezone.utc)
    start = (now - dt.timedelta(days=days - 1)).date()
    day = func.date(Decision.created_at)
    rows = session.execute(
        select(day, Decision.outcome, func.count())
        .where(Decision.created_at >= dt.datetime.combine(start, dt.time.min, tzinfo=dt.timezone.utc))
        .group_by(day, Decision.outcome)
    ).all()
    table: dict[str, dict[str, Any]] = {}
    for offset in range(days):
        key = (start + dt.timedelta(days=offset)).isoformat()
        table[key] = {"day": key, "approve": 0, "hold": 0, "reject": 0, "delete": 0}
    for when, outcome, n in rows:
        key = str(when)[:10]
        if key in table:
            table[key][outcome] = table[key].get(outcome, 0) + int(n)
    return list(table.values())


def score_histograms(session: Session, *, recent: int = 5000, bins: int = 10) -> dict[str, list[int]]:
    """Per label, how many of the ``recent`` latest scores fall in each of ``bins`` equal bins of [0, 1]."""
    histograms: dict[str, list[int]] = {}
    for labels in session.scalars(select(Score.labels).order_by(Score.id.desc()).limit(recent)):
        for label, value in (labels or {}).items():
            counts = histograms.setdefault(label, [0] * bins)
            counts[min(bins - 1, max(0, int(float(value) * bins)))] += 1
    return histograms


def policy_agreement(session: Session, *, days: int = 90, now: dt.datetime | None = None) -> list[dict[str, Any]]:
    """How often moderators confirm or overturn the policy, per top label, for comments reviewed in the last ``days``.

    Per comment, the policy's last decision before the first moderator's is
    compared with the moderator's latest: a policy ``approve`` later held or
    rejected, a ``reject`` later approved, or a ``hold`` approved is
    overturned; a ``hold`` rejected, or the same outcome, is confirmed.
    """
    now = now or dt.datetime.now(dt.timezone.utc)
    reviewed = select(Decision.comment_id).where(Decision.actor.like("moderator:%"), Decision.created_at >= now - dt.timedelta(days=days)).distinct()
    rows = session.execute(
        select(Decision.comment_id, Decision.actor, Decision.outcome, Comment.top_label)
        .join(Comment, Comment.id == Decision.comment_id)
        .where(Decision.comment_id.in_(reviewed))
        .order_by(Decision.comment_id, Decision.id)
    ).all()
    per_comment: dict[int, dict[str, Any]] = {}
    for comment_id, actor, outcome, label in rows:
        entry = per_comment.setdefault(comment_id, {"label": label or "unscored", "policy": None, "human": None})
        if actor.startswith("policy:") and entry["human"] is None:
            entry["policy"] = outcome
        elif actor.startswith("moderator:"):
            entry["human"] = outcome
    table: dict[str, dict[str, Any]] = {}
    for entry in per_comment.values():
        if entry["policy"] is None or entry["human"] is None:
            continue
        row = table.setdefault(entry["label"], {"label": entry["label"], "reviewed": 0, "confirmed": 0, "overturned": 0})
        row["reviewed"] += 1
        policy, human = entry["policy"], entry["human"]
        confirmed = human == policy or (policy == "hold" and human == "reject")
        row["confirmed" if confirmed else "overturned"] += 1
    for row in table.values():
        row["agreement"] = row["confirmed"] / row["reviewed"] if row["reviewed"] else None
    return sorted(table.values(), key=lambda r: (-r["reviewed"], r["label"]))


__all__ = ["Cursor", "LISTS", "QueueFilter", "QueuePage", "SORTS", "count", "count_query", "fetch_page", "page_query", "without"]
