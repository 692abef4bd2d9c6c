"""The review queue pages: the list, one item, actions, bulk actions and stats.

Server-rendered and usable without JavaScript; ``static/moderation/queue.js``
adds keyboard shortcuts. Every action is a form post with a CSRF token and the
revision the moderator saw, so a comment decided by someone else in between
gives a 409 with a clear message instead of a silent overwrite.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from flask import Blueprint, Response, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_wtf.csrf import CSRFError

from .. import access, queue
from ..errors import ConflictError, ModerationError
from ..extension import Moderation
from ..models import Comment, Decision
from . import charts
from .auth import build_auth, csrf_check, install_security, safe_next

LAST_KEY = "moderation.last_decision"
#: The reason preselected for a rejection, from the comment's top label.
SUGGESTED_REASON = {
    "identity_attack": "hate speech",
    "insult": "harassment or insult",
    "toxicity": "harassment or insult",
    "severe_toxicity": "harassment or insult",
    "threat": "threat of violence",
    "obscene": "other",
    "sexual_explicit": "other",
}


def suggested_reason(label: str | None) -> str:
    reasons = list(current_app.config["MODERATION_REJECT_REASONS"])
    wanted = SUGGESTED_REASON.get(label or "", "")
    return wanted if wanted in reasons else (reasons[0] if reasons else "")


def _identity(action: str) -> access.Identity:
    identity = access.require(action)
    g.moderation_identity = identity
    return identity


def _page_context() -> dict[str, Any]:
    identity = getattr(g, "moderation_identity", None) or access.current_identity()
    return {
        "me": identity,
        "is_admin": access.allowed(identity, "admin"),
        "builtin_accounts": access.host_hook() is None,
        "reject_reasons": list(current_app.config["MODERATION_REJECT_REASONS"]),
        "suggested_reason": suggested_reason,
        "now": dt.datetime.now(dt.timezone.utc),
    }


def _error_page(exc: ModerationError | Exception, status: int, title: str | None = None) -> tuple[str, int]:
    titles = {400: "Bad request", 403: "Not allowed", 404: "Not found", 409: "Conflict", 422: "Cannot do that"}
    return render_template(
        "moderation/error.html",
        title=title or titles.get(status, "Error"),
        message=str(exc),
        status=status,
        back=safe_next(request.form.get("next"), "") or None,
        **_page_context(),
    ), status


def build_queue(parent: Blueprint) -> Blueprint:
    bp = Blueprint("queue", __name__)
    bp.before_request(csrf_check)

    @parent.errorhandler(access.Unauthenticated)
    def unauthenticated(exc: access.Unauthenticated):  # type: ignore[no-untyped-def]
        if access.host_hook() is None:
            return redirect(url_for("moderation.auth.login", next=request.full_path.rstrip("?")))
        return _error_page(exc, 401, "Sign in to moderate")

    @parent.errorhandler(ModerationError)
    def moderation_error(exc: ModerationError):  # type: ignore[no-untyped-def]
        return _error_page(exc, exc.status_code)

    @parent.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):  # type: ignore[no-untyped-def]
        return _error_page(Exception(exc.description), 400, "The form expired")

    @parent.context_processor
    def page_defaults() -> dict[str, Any]:
        # Pages rendered outside the queue views (login, errors) still find these names.
        return {"me": getattr(g, "moderation_identity", None), "builtin_accounts": access.host_hook() is None, "is_admin": False}

    @parent.route("/")
    def home():  # type: ignore[no-untyped-def]
        return redirect(url_for("moderation.queue.index"))

    # -- the list -------------------------------------------------------------
    @bp.get("/queue")
    def index():  # type: ignore[no-untyped-def]
        _identity("queue.view")
        flt = queue.QueueFilter.from_args(request.args)
        state = Moderation.state()
        limit_arg = request.args.get("limit", "")
        size = int(limit_arg) if limit_arg.isdigit() else int(current_app.config["MODERATION_PAGE_SIZE"])
        with state.db.session() as s:
            page = queue.fetch_page(s, flt, request.args.get("cursor"), size)
            held, held_capped = queue.count(s, queue.QueueFilter(), cap=9999)
        last = session.get(LAST_KEY)
        tabs = []
        for name in queue.LISTS:
            args = {k: v for k, v in flt.to_args().items() if k != "status"}
            if name != "held":
                args["status"] = name
            tabs.append((name, url_for("moderation.queue.index", **args)))
        return render_template(
            "moderation/queue.html",
            page=page,
            filter=flt,
            filter_args=flt.to_args(),
            tabs=tabs,
            one_day=dt.timedelta(days=1),
            sorts=queue.SORTS,
            held_count=held,
            held_capped=held_capped,
            first_page=not request.args.get("cursor"),
            last_decision=last,
            here=request.full_path.rstrip("?"),
            **_page_context(),
        )

    # -- one item -------------------------------------------------------------
    @bp.get("/queue/<int:comment_id>")
    def item(comment_id: int):  # type: ignore[no-untyped-def]
        identity = _identity("queue.view")
        state = Moderation.state()
        claim = None
        if access.allowed(identity, "queue.act"):
            claim = state.service.claim(comment_id, identity.name)
        return _render_item(comment_id, claim)

    def _render_item(comment_id: int, claim: Any, *, conflict: str | None = None, status: int = 200):  # type: ignore[no-untyped-def]
        state = Moderation.state()
        comment, latest = state.service.get_comment(comment_id)
        if claim is None:
            claim = _current_claim(comment)
        policy_decision = next((d for d in reversed(comment.decisions) if d.actor.startswith("policy:")), None)
        with state.db.session() as s:
            others = [dict(r._mapping) for r in s.execute(queue.author_comments_query(comment.source, comment.author_id, comment.id))] if comment.author_id else []
        score = comment.scores[-1] if comment.scores else None
        bars = sorted(((label, float(value)) for label, value in (score.labels.items() if score else [])), key=lambda kv: -kv[1])
        return render_template(
            "moderation/item.html",
            comment=comment,
            article=comment.article,
            latest=latest,
            decisions=list(reversed(comment.decisions)),
            policy_decision=policy_decision,
            score=score,
            bars=bars,
            thresholds=state.service.policy.thresholds,
            others=others,
            claim=claim,
            conflict=conflict,
            safe_url=comment.article.url if comment.article.url and comment.article.url.startswith(("https://", "http://")) else None,
            next_url=safe_next(request.args.get("next") or request.form.get("next"), url_for("moderation.queue.index")),
            **_page_context(),
        ), status

    def _current_claim(comment: Comment) -> Any:
        from ..service import Claim

        me = getattr(g, "moderation_identity", None)
        live = comment.claimed_by and comment.claim_expires_at and comment.claim_expires_at > dt.datetime.now(dt.timezone.utc)
        return Claim(holder=comment.claimed_by if live else None, expires_at=comment.claim_expires_at if live else None, mine=bool(live and me and comment.claimed_by == me.name))

    def _revision() -> int | None:
        value = request.form.get("revision", "")
        return int(value) if value.strip().isdigit() else None

    def _after(comment_id: int, decision: Decision, verb: str) -> Any:
        session[LAST_KEY] = {"comment_id": comment_id, "decision_id": decision.id, "outcome": decision.outcome, "verb": verb}
        flash(f"{verb} comment #{comment_id}.", "success")
        return redirect(safe_next(request.form.get("next"), url_for("moderation.queue.index")))

    def _conflict(comment_id: int, exc: ConflictError):  # type: ignore[no-untyped-def]
        return _render_item(comment_id, None, conflict=str(exc), status=409)

    @bp.post("/queue/<int:comment_id>/act")
    def act(comment_id: int):  # type: ignore[no-untyped-def]
        identity = _identity("queue.act")
        action = request.form.get("action", "")
        service = Moderation.state().service
        try:
            if action == "undo":
                decision = service.undo(
                    comment_id,
                    identity.name,
                    decision_id=int(request.form["decision_id"]) if request.form.get("decision_id", "").isdigit() else None,
                    expected_revision=_revision(),
                    may_undo_others=access.allowed(identity, "admin"),
                )
                session.pop(LAST_KEY, None)
                flash(f"Undid the last decision on comment #{comment_id}: it is {decision.outcome} again.", "success")
                return redirect(safe_next(request.form.get("next"), url_for("moderation.queue.index")))
            reason = request.form.get("reason", "")
            decision = service.moderate(
                comment_id,
                action,
                identity.name,
                reasons=[reason] if reason and action == "reject" else [],
                note=request.form.get("note") or None,
                expected_revision=_revision(),
            )
        except ConflictError as exc:
            return _conflict(comment_id, exc)
        verbs = {"approve": "Approved", "reject": "Rejected", "hold": "Held"}
        return _after(comment_id, decision, verbs[action])

    @bp.post("/queue/<int:comment_id>/release")
    def release(comment_id: int):  # type: ignore[no-untyped-def]
        identity = _identity("queue.act")
        Moderation.state().service.release_claim(comment_id, identity.name)
        return redirect(safe_next(request.form.get("next"), url_for("moderation.queue.index")))

    @bp.post("/queue/bulk")
    def bulk():  # type: ignore[no-untyped-def]
        identity = _identity("queue.act")
        ids = [int(v) for v in request.form.getlist("ids") if v.isdigit()]
        revisions = {}
        for cid in ids:
            value = request.form.get(f"revision-{cid}", "")
            if value.isdigit():
                revisions[cid] = int(value)
        action = request.form.get("action", "")
        reason = request.form.get("reason", "")
        results = Moderation.state().service.bulk(
            ids,
            action,
            identity.name,
            reasons=[reason] if reason and action == "reject" else [],
            note=request.form.get("note") or None,
            revisions=revisions,
            may_undo_others=access.allowed(identity, "admin"),
        )
        done = [r for r in results if r["ok"]]
        failed = [r for r in results if not r["ok"]]
        flash(f"{action.capitalize()}: {len(done)} of {len(results)} comment(s) done.", "success" if done else "warning")
        for r in failed:
            flash(f"#{r['id']}: {r['error']}", "warning")
        if len(done) and not failed and len(results) == 1:
            session[LAST_KEY] = {"comment_id": done[0]["id"], "decision_id": done[0]["decision_id"], "outcome": action, "verb": action.capitalize()}
        return redirect(safe_next(request.form.get("next"), url_for("moderation.queue.index")))

    # -- stats ----------------------------------------------------------------
    @bp.get("/stats")
    def stats():  # type: ignore[no-untyped-def]
        _identity("stats.view")
        state = Moderation.state()
        with state.db.session() as s:
            per_day = queue.decisions_per_day(s, 30)
            hist = queue.score_histograms(s)
            agreement = queue.policy_agreement(s)
        totals = state.service.stats()
        return render_template(
            "moderation/stats.html",
            per_day=charts.stacked_bars(per_day, ("approve", "hold", "reject", "delete")),
            per_day_rows=per_day,
            histograms=charts.histograms(hist),
            agreement=charts.rate_bars(agreement),
            agreement_rows=agreement,
            totals=totals,
            **_page_context(),
        )

    @bp.get("/stats.csv")
    def stats_csv():  # type: ignore[no-untyped-def]
        _identity("admin")
        with Moderation.state().db.session() as s:
            per_day = queue.decisions_per_day(s, 90)
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=["day", "approve", "hold", "reject", "delete"])
        writer.writeheader()
        writer.writerows(per_day)
        return Response(out.getvalue(), mimetype="text/csv", headers={"Content-Disposition": "attachment; filename=moderation-decisions.csv"})

    return bp


def install_queue(parent: Blueprint) -> None:
    """Add the review queue, the sign-in pages and the security headers to the plugin's blueprint."""
    install_security(parent)
    parent.register_blueprint(build_auth(parent))
    parent.register_blueprint(build_queue(parent))

