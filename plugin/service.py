"""The one pipeline: intake, scoring of pending comments, and recording decisions.

This is the only module that writes moderation state. Every door (Python API,
ORM hook, JSON API, webhooks, CLI) calls into it.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping, NamedTuple, Sequence

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from . import outbox, signals
from .db import Database, rowcount
from .errors import ConflictError, NotFound, ValidationError
from .models import (
    OUTCOME_STATUS,
    PENDING,
    Article,
    Comment,
    Decision,
    Score,
    table_of,
    utcnow,
)
from .policy import Policy, decide
from .schemas import ArticleIn, CommentIn, validate_comment
from .scoring import Scorer, load_scorer

log = logging.getLogger(__name__)


_ARTICLES = table_of(Article)
_COMMENTS = table_of(Comment)
# Prepared once: the intake's statements, compiled and cached by SQLAlchemy on first use.
_ARTICLE_BY_KEY = select(*_ARTICLES.c).where(
    _ARTICLES.c.source == bindparam("source"), _ARTICLES.c.external_id == bindparam("external_id")
)
_COMMENT_ID_BY_KEY = select(_COMMENTS.c.id).where(
    _COMMENTS.c.source == bindparam("source"), _COMMENTS.c.external_id == bindparam("external_id")
)
_INSERT_ARTICLE = insert(_ARTICLES).returning(_ARTICLES.c.id)
_INSERT_COMMENT = insert(_COMMENTS).returning(_COMMENTS.c.id)


def body_hash(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


#: Most decisions written in one transaction by the scoring step.
WRITE_CHUNK = 16


class PendingRow(NamedTuple):
    """What the scoring step reads of a pending comment."""

    id: int
    body: str
    body_hash: str
    revision: int
    sensitivity: str
    language: str | None


def scorer_from_config(config: Mapping[str, Any]) -> Scorer:
    """Load the configured scorer (once per process) with its options.

    The ``MODERATION_DETOXIFY_*`` keys go to a Detoxify scorer, or to the
    second stage of a cascade; ``MODERATION_SCORER_OPTIONS`` wins over them.
    """
    name = config["MODERATION_SCORER"]
    options = dict(config.get("MODERATION_SCORER_OPTIONS") or {})
    if "detoxify:" in name:
        for key, option in (
            ("MODERATION_DETOXIFY_CHECKPOINT", "checkpoint"),
            ("MODERATION_DETOXIFY_CONFIG_DIR", "config_dir"),
            ("MODERATION_DETOXIFY_DEVICE", "device"),
            ("MODERATION_DETOXIFY_RUNTIME", "runtime"),
            ("MODERATION_DETOXIFY_MAX_LENGTH", "max_length"),
            ("MODERATION_DETOXIFY_TOKEN_BUDGET", "token_budget"),
            ("MODERATION_DETOXIFY_NUM_THREADS", "num_threads"),
            ("MODERATION_DETOXIFY_ONNX_CACHE_DIR", "onnx_cache_dir"),
        ):
            if config.get(key) is not None:
                options.setdefault(option, config[key])
    if name.startswith("cascade:") and config.get("MODERATION_CASCADE_BENIGN_CUT") is not None:
        options.setdefault("benign_cut", float(config["MODERATION_CASCADE_BENIGN_CUT"]))
    return load_scorer(name, **options)


@dataclass
class SubmitResult:
    """What ``submit`` stored: the comment, whether it is new, and its decision if already made."""

    comment: Comment
    created: bool
    decision: Decision | None = None


class ModerationService:
    """Intake, scoring and decisions over one database, one scorer and one policy."""

    def __init__(
        self,
        db: Database,
        config: Mapping[str, Any],
        *,
        scorer: Scorer | None = None,
        policy: Policy | None = None,
        sender: Any = None,
        detect_language: Callable[[str], str | None] | None = None,
    ) -> None:
        self.db = db
        self.config = config
        self._scorer = scorer
        self.policy = policy or Policy.from_config(config.get("MODERATION_POLICY"))
        self.sender = sender
        self._detect_language = detect_language
        #: Set by the extension: called with the ids of comments to score.
        self.dispatch: Callable[[list[int]], None] = lambda ids: None
        #: Set by the extension: called after a decision that may have queued a callback.
        self.notify_outbox: Callable[[], None] = lambda: None
        #: True when ``dispatch`` scores before returning, so ``submit`` can report the decision.
        self.scores_inline = False

    # -- scorer -----------------------------------------------------------
    @property
    def scorer(self) -> Scorer:
        if self._scorer is None:
            self._scorer = scorer_from_config(self.config)
        return self._scorer

    def detect_language(self, text: str) -> str | None:
        if self._detect_language is None:
            from .language import detect_language

            self._detect_language = detect_language
        return self._detect_language(text)

    # -- intake -----------------------------------------------------------
    def submit(
        self,
        data: Mapping[str, Any] | CommentIn,
        *,
        on_stored: Callable[[Session, Comment, bool], None] | None = None,
    ) -> SubmitResult:
        """Validate, store the comment as pending (committed), then hand it to the dispatcher.

        The same ``(source, external_id)`` twice stores one comment; a changed
        body marks it pending again, so it is rescored and decided anew.
        ``on_stored(session, comment, created)`` runs inside the storing
        transaction, for a door that must record something atomically with it
        (the webhook receipt). The language is detected when the comment is
        scored, off the request, unless the caller gives it.
        """
        incoming = validate_comment(data, max_chars=int(self.config["MODERATION_MAX_COMMENT_CHARS"]))
        for attempt in range(3):
            try:
                comment, created, changed = self._store(incoming, on_stored)
                break
            except IntegrityError:
                # Another request stored the same comment or article first: read theirs.
                if attempt == 2:
                    raise
        if created:
            signals.comment_submitted.send(self.sender, comment=comment)
        if created or changed or comment.status == PENDING:
            self.dispatch([comment.id])
            if not self.scores_inline:
                return SubmitResult(comment=comment, created=created)
        comment, decision = self.get_comment(comment.id)
        return SubmitResult(comment=comment, created=created, decision=decision)

    def _store(
        self, incoming: CommentIn, on_stored: Callable[[Session, Comment, bool], None] | None = None
    ) -> tuple[Comment, bool, bool]:
        digest = body_hash(incoming.body)
        with self.db.session() as session:
            article = self._upsert_article(session, incoming.source, incoming.article)
            known = session.connection().execute(
                _COMMENT_ID_BY_KEY, {"source": incoming.source, "external_id": incoming.external_id}
            ).scalar()
            comment = session.get(Comment, known) if known is not None else None
            if comment is not None:
                changed = comment.body_hash != digest or comment.article_id != article.id
                if changed:
                    comment.body, comment.body_hash, comment.language = incoming.body, digest, incoming.language
                    comment.article_id = article.id
                    comment.status = PENDING
                    comment.revision += 1
                if incoming.author_name is not None:
                    comment.author_name = incoming.author_name
                session.flush()
                if on_stored is not None:
                    on_stored(session, comment, False)
                return comment, False, changed
            # The hot path of every door: one INSERT ... RETURNING, not a
            # unit-of-work flush. The caller gets a detached Comment with the
            # stored values and its article.
            now = utcnow()
            values = {
                "source": incoming.source,
                "external_id": incoming.external_id,
                "article_id": article.id,
                "author_id": incoming.author_id,
                "author_name": incoming.author_name,
                "body": incoming.body,
                "body_hash": digest,
                "language": incoming.language,
                "status": PENDING,
                "revision": 0,
                "created_at": now,
                "updated_at": now,
            }
            comment_id = session.connection().execute(_INSERT_COMMENT, values).scalar_one()
            comment = Comment(id=comment_id, **values)
            set_committed_value(comment, "article", article)
            if on_stored is not None:
                on_stored(session, comment, True)
            return comment, True, False

    def _upsert_article(self, session: Session, source: str, data: ArticleIn) -> Article:
        """Create the article or apply the fields that changed; return a detached copy.

        Core statements on the session's connection, not the unit of work:
        every comment passes through here, and almost always the article
        exists unchanged, which costs one indexed SELECT and no write.
        """
        connection = session.connection()
        row = connection.execute(_ARTICLE_BY_KEY, {"source": source, "external_id": data.external_id}).first()
        wanted = {field: getattr(data, field) for field in ("title", "url", "sensitivity") if getattr(data, field) is not None}
        if row is None:
            now = utcnow()
            values: dict[str, Any] = {
                "source": source,
                "external_id": data.external_id,
                "title": None,
                "url": None,
                "sensitivity": self.config["MODERATION_DEFAULT_SENSITIVITY"],
                **wanted,
                "created_at": now,
                "updated_at": now,
            }
            values["id"] = connection.execute(_INSERT_ARTICLE, values).scalar_one()
        else:
            values = row._asdict()
            changes = {field: value for field, value in wanted.items() if values[field] != value}
            if changes:
                changes["updated_at"] = utcnow()
                connection.execute(update(_ARTICLES).where(_ARTICLES.c.id == row.id).values(**changes))
                values.update(changes)
        return Article(**values)

    def update_article(self, source: str, data: Mapping[str, Any] | ArticleIn) -> Article:
        """Create or update an article's title, url or sensitivity."""
        if not isinstance(data, ArticleIn):
            from pydantic import ValidationError as PydanticValidationError

            from .schemas import from_pydantic

            try:
                data = ArticleIn.model_validate(data)
            except PydanticValidationError as exc:
                raise from_pydantic(exc) from None
        with self.db.session() as session:
            return self._upsert_article(session, source, data)

    # -- scoring ----------------------------------------------------------
    def pending_ids(self, *, older_than: float | None = None, limit: int | None = None) -> list[int]:
        """Ids of comments waiting for a score, oldest first."""
        query = select(Comment.id).where(Comment.status == PENDING).order_by(Comment.id)
        if older_than is not None:
            query = query.where(Comment.updated_at <= utcnow() - dt.timedelta(seconds=older_than))
        if limit is not None:
            query = query.limit(limit)
        with self.db.read_session() as session:
            return list(session.scalars(query))

    def score_pending(self, ids: Iterable[int] | None = None, *, limit: int | None = None) -> list[Decision]:
        """Score pending comments (all, or those of ``ids``) and record one policy decision each.

        Safe to run twice or in several workers at once: a decision is written
        only if the comment is still pending at the revision that was scored.
        """
        batch_size = max(1, int(self.config["MODERATION_BATCH_SIZE"]))
        decisions: list[Decision] = []
        if ids is not None:
            wanted = sorted(set(ids))
            for start in range(0, len(wanted), batch_size):
                rows = self._load_pending(wanted[start : start + batch_size], None)
                if rows:
                    decisions.extend(self._score_batch(rows))
            return decisions
        after = 0
        while limit is None or len(decisions) < limit:
            rows = self._load_pending(None, batch_size, after=after)
            if not rows:
                break
            after = rows[-1][0]
            decisions.extend(self._score_batch(rows))
        return decisions

    def _load_pending(self, ids: list[int] | None, limit: int | None, after: int = 0) -> list[PendingRow]:
        query = (
            select(Comment.id, Comment.body, Comment.body_hash, Comment.revision, Article.sensitivity, Comment.language)
            .join(Article, Comment.article_id == Article.id)
            .where(Comment.status == PENDING)
            .order_by(Comment.id)
        )
        if ids is not None:
            query = query.where(Comment.id.in_(ids))
        else:
            query = query.where(Comment.id > after)
        if limit is not None:
            query = query.limit(limit)
        with self.db.read_session() as session:
            return [PendingRow(*row) for row in session.execute(query)]

    def _score_batch(self, rows: Sequence[PendingRow]) -> list[Decision]:
        scorer = self.scorer
        try:
            results: list[dict[str, float] | Exception] = list(scorer.score([row.body for row in rows]))
            if len(results) != len(rows):
                raise RuntimeError(f"scorer {scorer.name} returned {len(results)} results for {len(rows)} texts")
        except Exception:
            log.exception("scoring a batch of %d failed; scoring one at a time", len(rows))
            results = []
            for row in rows:
                try:
                    results.append(scorer.score([row.body])[0])
                except Exception as exc:  # one poisonous comment must not stop the rest
                    log.exception("scoring comment %s failed", row.id)
                    results.append(exc)
        languages = [row.language or self.detect_language(row.body) for row in rows]
        # Written in small transactions: SQLite has one writer, and intake
        # requests should not wait behind a whole batch's decisions.
        decisions: list[Decision] = []
        for start in range(0, len(rows), WRITE_CHUNK):
            end = start + WRITE_CHUNK
            decisions.extend(self._record_policy_decisions(rows[start:end], results[start:end], languages[start:end], scorer))
        return decisions

    def _record_policy_decisions(
        self,
        rows: Sequence[PendingRow],
        results: Sequence[dict[str, float] | Exception],
        languages: Sequence[str | None],
        scorer: Scorer,
    ) -> list[Decision]:
        """Write score + decision for every row still pending at the revision scored, in one transaction."""
        sources = self.config.get("MODERATION_WEBHOOK_SOURCES") or {}
        actor, version = f"policy:{self.policy.version}", self.policy.version
        claimed_rows: list[tuple[PendingRow, str, list[str], dict[str, float] | None]] = []
        with self.db.session() as session:
            now = utcnow()
            for row, result, language in zip(rows, results, languages):
                scores = None if isinstance(result, Exception) else {k: float(v) for k, v in result.items()}
                if scores is None:
                    outcome, reasons = "hold", [f"scoring failed ({type(result).__name__}): held for a human"]
                else:
                    verdict = decide(scores, row.sensitivity, self.policy)
                    outcome, reasons = verdict.outcome, list(verdict.reasons)
                top_label, top_score = max(scores.items(), key=lambda kv: kv[1]) if scores else (None, None)
                claimed = session.execute(
                    update(Comment)
                    .where(Comment.id == row.id, Comment.status == PENDING, Comment.revision == row.revision, Comment.body_hash == row.body_hash)
                    .values(
                        status=OUTCOME_STATUS[outcome],
                        revision=Comment.revision + 1,
                        top_label=top_label,
                        top_score=top_score,
                        language=language,
                        decided_at=now,
                        updated_at=now,
                    )
                    .execution_options(synchronize_session=False)
                )
                if rowcount(claimed) == 1:  # else decided by another worker, or changed since it was read
                    claimed_rows.append((row, outcome, reasons, scores))
            if not claimed_rows:
                return []
            # Bulk inserts with RETURNING: one statement each for the scores and
            # the decisions, instead of a unit-of-work flush object by object.
            scored = [(row, scores) for row, _, _, scores in claimed_rows if scores is not None]
            score_ids: dict[int, int] = {}
            if scored:
                inserted = session.execute(
                    insert(Score).returning(Score.comment_id, Score.id, sort_by_parameter_order=True),
                    [
                        {"comment_id": row.id, "scorer": scorer.name, "scorer_version": str(scorer.version), "labels": scores, "body_hash": row.body_hash, "created_at": now}
                        for row, scores in scored
                    ],
                )
                score_ids = {comment_id: score_id for comment_id, score_id in inserted}
            decisions = list(
                session.scalars(
                    insert(Decision).returning(Decision, sort_by_parameter_order=True),
                    [
                        {
                            "comment_id": row.id,
                            "outcome": outcome,
                            "actor": actor,
                            "reasons": reasons,
                            "policy_version": version,
                            "score_id": score_ids.get(row.id),
                            "created_at": now,
                        }
                        for row, outcome, reasons, _ in claimed_rows
                    ],
                )
            )
            made = [(row.id, decision, scores) for (row, _, _, scores), decision in zip(claimed_rows, decisions)]
            # The comments themselves are loaded only for whoever needs them:
            # callbacks to a source, or receivers of the signals.
            wanted = bool(sources) or bool(signals.comment_decided.receivers) or bool(signals.comment_scored.receivers)
            comments: dict[int, Comment] = {}
            if wanted:
                comments = {
                    comment.id: comment
                    for comment in session.scalars(
                        select(Comment).where(Comment.id.in_([cid for cid, _, _ in made])).options(selectinload(Comment.article))
                    )
                }
            queued = [outbox.enqueue_decision(session, comments[cid], decision, sources, scores) for cid, decision, scores in made] if sources else []
        if any(queued):
            self.notify_outbox()
        for comment_id, decision, scores in made:
            if comments:
                if scores is not None:
                    signals.comment_scored.send(self.sender, comment=comments[comment_id], scores=scores)
                signals.comment_decided.send(self.sender, comment=comments[comment_id], decision=decision)
        return [decision for _, decision, _ in made]

    # -- human decisions --------------------------------------------------
    def record_decision(
        self,
        comment_id: int,
        outcome: str,
        actor: str,
        *,
        reasons: Sequence[str] = (),
        note: str | None = None,
        expected_revision: int | None = None,
    ) -> Decision:
        """Append a decision by a moderator (or a source). Never edits an earlier one.

        With ``expected_revision`` the decision is refused with ``ConflictError``
        if the comment was decided by someone else since it was read.
        """
        if outcome not in OUTCOME_STATUS:
            raise ValidationError(f"unknown outcome {outcome!r}: use one of {', '.join(OUTCOME_STATUS)}", [{"field": "outcome", "message": "use approve, hold or reject"}])
        sources = self.config.get("MODERATION_WEBHOOK_SOURCES") or {}
        with self.db.session() as session:
            comment = session.get(Comment, comment_id)
            if comment is None:
                raise NotFound(f"no comment with id {comment_id}")
            revision = comment.revision if expected_revision is None else expected_revision
            now = utcnow()
            claimed = session.execute(
                update(Comment)
                .where(Comment.id == comment_id, Comment.revision == revision)
                .values(status=OUTCOME_STATUS[outcome], revision=Comment.revision + 1, decided_at=now, updated_at=now, claimed_by=None, claim_expires_at=None)
                .execution_options(synchronize_session=False)
            )
            if rowcount(claimed) != 1:
                session.rollback()
                latest = session.scalar(select(Decision).where(Decision.comment_id == comment_id).order_by(Decision.id.desc()).limit(1))
                who = f"{latest.actor} ({latest.outcome}) at {latest.created_at:%H:%M:%S}" if latest else "someone else"
                raise ConflictError(f"comment {comment_id} was decided by {who} after you opened it; reload to see its current state")
            decision = Decision(comment_id=comment_id, outcome=outcome, actor=actor, reasons=list(reasons), note=note, created_at=now)
            session.add(decision)
            session.flush()
            session.refresh(comment)
            latest_score = session.scalar(select(Score).where(Score.comment_id == comment_id).order_by(Score.id.desc()).limit(1))
            queued = outbox.enqueue_decision(session, comment, decision, sources, latest_score.labels if latest_score else None)
        if queued is not None:
            self.notify_outbox()
        signals.comment_decided.send(self.sender, comment=comment, decision=decision)
        return decision

    def delete_comment(self, source: str, external_id: str, actor: str) -> Decision:
        """Record that a comment was deleted at its source."""
        with self.db.session() as session:
            comment_id = session.scalar(select(Comment.id).where(Comment.source == source, Comment.external_id == external_id))
        if comment_id is None:
            raise NotFound(f"no comment {external_id!r} from source {source!r}")
        return self.record_decision(comment_id, "delete", actor, reasons=["deleted at the source"])

    def rescore(self, ids: Iterable[int] | None = None, *, include_human: bool = False) -> int:
        """Mark comments pending again so they are scored and decided anew.

        Comments whose latest decision is a human's keep it unless ``include_human``.
        Returns how many were marked.
        """
        with self.db.session() as session:
            latest = (
                select(Decision.comment_id, func.max(Decision.id).label("last_id")).group_by(Decision.comment_id).subquery()
            )
            query = select(Comment.id).join(latest, latest.c.comment_id == Comment.id).join(Decision, Decision.id == latest.c.last_id)
            query = query.where(Comment.status != "deleted")
            if not include_human:
                query = query.where(Decision.actor.like("policy:%"))
            if ids is not None:
                query = query.where(Comment.id.in_(list(ids)))
            chosen = list(session.scalars(query))
            for start in range(0, len(chosen), 500):
                part = chosen[start : start + 500]
                session.execute(
                    update(Comment)
                    .where(Comment.id.in_(part))
                    .values(status=PENDING, revision=Comment.revision + 1, updated_at=utcnow())
                    .execution_options(synchronize_session=False)
                )
        if chosen:
            self.dispatch(chosen)
        return len(chosen)

    # -- reading ----------------------------------------------------------
    def get_comment(self, comment_id: int) -> tuple[Comment, Decision | None]:
        """A comment with its article, scores and decisions loaded, and its latest decision."""
        with self.db.read_session() as session:
            comment = session.scalar(
                select(Comment)
                .where(Comment.id == comment_id)
                .options(selectinload(Comment.article), selectinload(Comment.scores), selectinload(Comment.decisions))
            )
            if comment is None:
                raise NotFound(f"no comment with id {comment_id}")
            return comment, (comment.decisions[-1] if comment.decisions else None)

    def find_comment(self, source: str, external_id: str) -> tuple[Comment, Decision | None]:
        with self.db.read_session() as session:
            comment_id = session.scalar(select(Comment.id).where(Comment.source == source, Comment.external_id == external_id))
        if comment_id is None:
            raise NotFound(f"no comment {external_id!r} from source {source!r}")
        return self.get_comment(comment_id)

    def stats(self) -> dict[str, Any]:
        """Counts by status, decisions by outcome and actor kind, and per-article counts."""
        with self.db.read_session() as session:
            by_status = dict(session.execute(select(Comment.status, func.count()).group_by(Comment.status)).all())
            dialect = self.db.engine.dialect.name
            actor_kind = func.substr(Decision.actor, 1, func.instr(Decision.actor, ":") - 1) if dialect == "sqlite" else func.split_part(Decision.actor, ":", 1)
            by_outcome = [
                {"actor": actor, "outcome": outcome, "count": count}
                for actor, outcome, count in session.execute(
                    select(actor_kind, Decision.outcome, func.count()).group_by(actor_kind, Decision.outcome).order_by(actor_kind, Decision.outcome)
                ).all()
            ]
            by_article = [
                {"article": ext, "title": title, "status": status, "count": count}
                for ext, title, status, count in session.execute(
                    select(Article.external_id, Article.title, Comment.status, func.count())
                    .join(Comment, Comment.article_id == Article.id)
                    .group_by(Article.external_id, Article.title, Comment.status)
                    .order_by(Article.external_id, Comment.status)
                ).all()
            ]
        return {"comments": sum(by_status.values()), "by_status": by_status, "decisions": by_outcome, "by_article": by_article}

    # -- queue actions ------------------------------------------------------
    # What moderators do from the review queue and the JSON API. Each action
    # appends a decision with actor ``moderator:<name>``; nothing is edited.

    def claim(self, comment_id: int, moderator: str, *, seconds: float | None = None) -> "Claim":
        """Claim a comment for ``moderator`` for ``MODERATION_CLAIM_SECONDS``.

        Taken when the comment is unclaimed, already ``moderator``'s, or the
        other claim has expired; otherwise the other moderator's claim is
        returned unchanged (``Claim.mine`` is false).
        """
        from sqlalchemy import or_

        seconds = float(self.config["MODERATION_CLAIM_SECONDS"] if seconds is None else seconds)
        now = utcnow()
        with self.db.session() as session:
            taken = session.execute(
                update(Comment)
                .where(
                    Comment.id == comment_id,
                    or_(Comment.claimed_by.is_(None), Comment.claimed_by == moderator, Comment.claim_expires_at <= now),
                )
                .values(claimed_by=moderator, claim_expires_at=now + dt.timedelta(seconds=seconds), updated_at=Comment.updated_at)
                .execution_options(synchronize_session=False)
            )
            row = session.execute(select(Comment.claimed_by, Comment.claim_expires_at).where(Comment.id == comment_id)).first()
            if row is None:
                raise NotFound(f"no comment with id {comment_id}")
        return Claim(holder=row.claimed_by, expires_at=row.claim_expires_at, mine=rowcount(taken) == 1)

    def release_claim(self, comment_id: int, moderator: str) -> bool:
        """Give up ``moderator``'s claim on a comment; false if they held none."""
        with self.db.session() as session:
            released = session.execute(
                update(Comment)
                .where(Comment.id == comment_id, Comment.claimed_by == moderator)
                .values(claimed_by=None, claim_expires_at=None, updated_at=Comment.updated_at)
                .execution_options(synchronize_session=False)
            )
        return rowcount(released) == 1

    def check_claim(self, comment_id: int, moderator: str) -> None:
        """Raise ``ClaimConflict`` if another moderator holds a live claim on the comment."""
        with self.db.session() as session:
            row = session.execute(select(Comment.claimed_by, Comment.claim_expires_at).where(Comment.id == comment_id)).first()
        if row is None:
            raise NotFound(f"no comment with id {comment_id}")
        if row.claimed_by and row.claimed_by != moderator and row.claim_expires_at and row.claim_expires_at > utcnow():
            raise ClaimConflict(row.claimed_by, row.claim_expires_at)

    def moderate(
        self,
        comment_id: int,
        outcome: str,
        moderator: str,
        *,
        reasons: Sequence[str] = (),
        note: str | None = None,
        expected_revision: int | None = None,
    ) -> Decision:
        """A moderator approves, holds or rejects a comment (a reject needs a reason from ``MODERATION_REJECT_REASONS``)."""
        reasons = self._check_action(outcome, reasons, allow_undo=False)
        if note is not None:
            note = note.strip() or None
            if note and len(note) > 2000:
                raise ValidationError("the note is longer than 2000 characters", [{"field": "note", "message": "at most 2000 characters"}])
        self.check_claim(comment_id, moderator)
        return self.record_decision(comment_id, outcome, f"moderator:{moderator}", reasons=reasons, note=note, expected_revision=expected_revision)

    def _check_action(self, action: str, reasons: Sequence[str], *, allow_undo: bool = True) -> list[str]:
        """Refuse an unknown action, or a rejection without a reason from ``MODERATION_REJECT_REASONS``."""
        actions = ("approve", "hold", "reject", "undo") if allow_undo else ("approve", "hold", "reject")
        if action not in actions:
            raise ValidationError(f"unknown action {action!r}: use {', '.join(actions)}", [{"field": "action", "message": f"use {', '.join(actions)}"}])
        cleaned = [str(r).strip() for r in reasons if str(r).strip()]
        allowed = list(self.config["MODERATION_REJECT_REASONS"])
        if action == "reject":
            if not cleaned:
                raise ValidationError("a rejection needs a reason: " + ", ".join(allowed), [{"field": "reason", "message": "pick one of " + ", ".join(allowed)}])
            unknown = [r for r in cleaned if r not in allowed]
            if unknown:
                raise ValidationError(f"unknown reason {unknown[0]!r}: use one of " + ", ".join(allowed), [{"field": "reason", "message": "pick one of " + ", ".join(allowed)}])
        return cleaned

    def undo(
        self,
        comment_id: int,
        moderator: str,
        *,
        decision_id: int | None = None,
        expected_revision: int | None = None,
        may_undo_others: bool = False,
        note: str | None = None,
    ) -> Decision:
        """Undo the latest decision on a comment: a new decision that restores the outcome before it.

        ``decision_id`` names the decision the moderator saw as the latest; if a
        newer one exists the undo is a ``ConflictError``. Undoing someone else's
        decision (another moderator's, or the policy's) needs ``may_undo_others``.
        """
        with self.db.session() as session:
            revision = session.scalar(select(Comment.revision).where(Comment.id == comment_id))
            if revision is None:
                raise NotFound(f"no comment with id {comment_id}")
            latest = list(session.scalars(select(Decision).where(Decision.comment_id == comment_id).order_by(Decision.id.desc()).limit(2)))
        if not latest:
            raise ValidationError(f"comment {comment_id} has no decision to undo")
        last = latest[0]
        if decision_id is not None and last.id != decision_id:
            raise ConflictError(f"decision #{decision_id} is no longer the latest on comment {comment_id}: #{last.id} ({last.actor}, {last.outcome}) came after it; reload")
        if len(latest) < 2:
            raise ValidationError(f"decision #{last.id} is the first on comment {comment_id}: there is no earlier outcome to restore")
        if last.actor != f"moderator:{moderator}" and not may_undo_others:
            raise Forbidden(f"decision #{last.id} was made by {last.actor}: only an admin may undo someone else's decision")
        self.check_claim(comment_id, moderator)
        return self.record_decision(
            comment_id,
            latest[1].outcome,
            f"moderator:{moderator}",
            reasons=[f"undo of decision #{last.id}"],
            note=note,
            expected_revision=revision if expected_revision is None else expected_revision,
        )

    def bulk(
        self,
        comment_ids: Iterable[int],
        action: str,
        moderator: str,
        *,
        reasons: Sequence[str] = (),
        note: str | None = None,
        revisions: Mapping[int, int] | None = None,
        may_undo_others: bool = False,
    ) -> list[dict[str, Any]]:
        """Apply one action to many comments; each succeeds or fails on its own.

        Returns one ``{"id", "ok", "decision_id" | "error", "status"}`` per comment:
        a conflict on one comment does not stop the others.
        """
        reasons = self._check_action(action, reasons)
        ids = list(dict.fromkeys(int(i) for i in comment_ids))
        if not ids:
            raise ValidationError("select at least one comment", [{"field": "ids", "message": "give one or more comment ids"}])
        if len(ids) > 500:
            raise ValidationError(f"{len(ids)} comments selected; at most 500 at once", [{"field": "ids", "message": "at most 500"}])
        results: list[dict[str, Any]] = []
        for comment_id in ids:
            expected = (revisions or {}).get(comment_id)
            try:
                if action == "undo":
                    decision = self.undo(comment_id, moderator, expected_revision=expected, may_undo_others=may_undo_others, note=note)
                else:
                    decision = self.moderate(comment_id, action, moderator, reasons=reasons, note=note, expected_revision=expected)
            except (ConflictError, NotFound, Forbidden, ValidationError) as exc:
                results.append({"id": comment_id, "ok": False, "error": str(exc), "status": exc.status_code})
            else:
                results.append({"id": comment_id, "ok": True, "decision_id": decision.id, "status": 201})
        return results


@dataclass
class Claim:
    """Who holds a comment's claim and until when; ``mine`` if the asking moderator got it."""

    holder: str | None
    expires_at: dt.datetime | None
    mine: bool


class ClaimConflict(ConflictError):
    """Another moderator holds a live claim on the comment."""

    def __init__(self, holder: str, expires_at: dt.datetime) -> None:
        super().__init__(f"claimed by {holder} until {expires_at:%H:%M} UTC: wait for the claim to expire or pick another comment")
        self.holder = holder
        self.expires_at = expires_at


from .errors import ModerationError  # noqa: E402  (kept beside the queue actions that use it)


class Forbidden(ModerationError):
    """The moderator may not do this (an admin may)."""

    status_code = 403
