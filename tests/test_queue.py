"""The review queue: query builders and keyset pages, the pages, actions, claims, conflicts and stats."""
from __future__ import annotations

import datetime as dt
import random
import re
from typing import Any

import pytest
from flask import Flask
from jinja2 import StrictUndefined
from sqlalchemy import create_engine, insert
from sqlalchemy.dialects import postgresql, sqlite

from plugin import ConflictError, Moderation, ValidationError, migrate, queue
from plugin.models import Article, Comment, Decision
from plugin.service import ClaimConflict, Forbidden

from conftest import make_app
from queue_support import make_queue_app
from queue_support import login, make_moderators, post_form, seed


@pytest.fixture
def strict_app(tmp_path: Any):  # type: ignore[no-untyped-def]
    app = make_queue_app(tmp_path)
    app.jinja_env.undefined = StrictUndefined
    make_moderators(app)
    yield app
    state = Moderation.state(app)
    state.dispatcher.stop()
    state.db.engine.dispose()


@pytest.fixture
def ids(strict_app: Flask) -> dict[str, int]:
    return seed(strict_app)


@pytest.fixture
def alice(strict_app: Flask):  # type: ignore[no-untyped-def]
    client = strict_app.test_client()
    assert login(client, "alice").status_code == 302
    return client


# -- query builders -----------------------------------------------------------
def _bulk_comments(engine: Any, n: int, seed_value: int = 7) -> None:
    rng = random.Random(seed_value)
    base = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    with engine.begin() as conn:
        conn.execute(insert(Article), [{"id": 1, "source": "s", "external_id": "a1", "sensitivity": "standard", "created_at": base, "updated_at": base}, {"id": 2, "source": "s", "external_id": "a2", "sensitivity": "standard", "created_at": base, "updated_at": base}])
        rows = []
        for i in range(1, n + 1):
            score = None if i % 17 == 0 else round(rng.choice([0.5, 0.7, 0.9, rng.random()]), 3)  # many ties and some unscored
            rows.append({
                "id": i, "source": "s", "external_id": f"c{i}", "article_id": 1 + i % 2, "body": f"comment {i}", "body_hash": "x",
                "status": rng.choice(["held", "held", "approved", "rejected"]), "top_label": rng.choice(["toxicity", "insult", "identity_attack"]),
                "top_score": score, "language": rng.choice(["en", "fr"]), "revision": 1,
                "created_at": base + dt.timedelta(minutes=rng.randrange(0, 60 * 24 * 20)), "updated_at": base,
            })
        conn.execute(insert(Comment), rows)


def _walk(session: Any, flt: queue.QueueFilter, limit: int) -> list[int]:
    seen, cursor = [], None
    while True:
        page = queue.fetch_page(session, flt, cursor, limit)
        seen += [r["id"] for r in page.rows]
        if not page.next_cursor:
            return seen
        cursor = page.next_cursor


def _expected(rows: list[dict[str, Any]], flt: queue.QueueFilter) -> list[int]:
    def keep(r: dict[str, Any]) -> bool:
        return (flt.status == "all" or r["status"] == flt.status) and (not flt.label or r["top_label"] == flt.label) and (not flt.language or r["language"] == flt.language) and (flt.article is None or r["article_id"] == int(flt.article[1:])) and (flt.min_score is None or (r["top_score"] is not None and r["top_score"] >= flt.min_score))

    chosen = [r for r in rows if keep(r)]
    if flt.sort == "score":
        scored = sorted((r for r in chosen if r["top_score"] is not None), key=lambda r: (-r["top_score"], -r["id"]))
        unscored = sorted((r for r in chosen if r["top_score"] is None), key=lambda r: -r["id"])
        return [r["id"] for r in scored + unscored]
    ordered = sorted(chosen, key=lambda r: (r["created_at"], r["id"]), reverse=flt.sort == "newest")
    return [r["id"] for r in ordered]


FILTERS = [
    queue.QueueFilter(),
    queue.QueueFilter(status="all"),
    queue.QueueFilter(status="all", sort="newest"),
    queue.QueueFilter(sort="oldest", label="insult"),
    queue.QueueFilter(status="approved", language="fr", article="a2"),
    queue.QueueFilter(min_score=0.6),
]


def _check_walks(engine: Any) -> None:
    from sqlalchemy.orm import Session

    with Session(engine) as session:
        rows = [dict(r._mapping) for r in session.execute(queue.page_query(queue.QueueFilter(status="all", sort="oldest"), None, 100000))]
        for flt in FILTERS:
            for limit in (1, 7, 50):
                assert _walk(session, flt, limit) == _expected(rows, flt), (flt, limit)


def test_keyset_pages_cover_every_row_once_in_order_sqlite(tmp_path: Any) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'q.sqlite3'}")
    migrate.upgrade(engine)
    _bulk_comments(engine, 400)
    _check_walks(engine)


@pytest.mark.postgres
def test_keyset_pages_cover_every_row_once_in_order_postgres(pg_url: str) -> None:
    engine = create_engine(pg_url)
    migrate.upgrade(engine)
    _bulk_comments(engine, 400)
    _check_walks(engine)
    engine.dispose()


def test_page_query_uses_keyset_not_offset() -> None:
    cursor = queue.Cursor("score", 0.5, 10)
    for dialect in (sqlite.dialect(), postgresql.dialect()):
        sql = str(queue.page_query(queue.QueueFilter(label="insult"), cursor, 51).compile(dialect=dialect)).upper()
        assert "OFFSET" not in sql or "OFFSET ?" not in sql.replace("LIMIT ? OFFSET ?", "")
        assert "(MODERATION_COMMENTS.TOP_SCORE, MODERATION_COMMENTS.ID) <" in sql


def test_filters_are_validated() -> None:
    with pytest.raises(ValidationError):
        queue.QueueFilter.from_args({"status": "nope"})
    with pytest.raises(ValidationError):
        queue.QueueFilter.from_args({"min_score": "high"})
    with pytest.raises(ValidationError):
        queue.QueueFilter.from_args({"since": "yesterday"})
    with pytest.raises(ValidationError):
        queue.Cursor.decode("not-a-cursor")
    flt = queue.QueueFilter.from_args({"status": "all", "since": "2026-01-02", "until": "2026-01-02", "min_score": "0.5"})
    assert flt.until - flt.since == dt.timedelta(days=1)
    assert queue.QueueFilter.from_args(flt.to_args()) == flt


# -- pages ----------------------------------------------------------------------
def test_queue_lists_held_comments_most_harmful_first(alice: Any, ids: dict[str, int]) -> None:
    page = alice.get("/moderation/queue")
    assert page.status_code == 200
    order = [int(m) for m in re.findall(r'data-row data-id="(\d+)"', page.text)]
    assert order == [ids["idiot2"], ids["idiot"], ids["burn"]]  # 0.8 (newer first on ties), 0.8, 0.7
    assert "They are vermin" not in page.text
    rejected = alice.get("/moderation/queue?status=rejected")
    assert "They are vermin" in rejected.text
    filtered = alice.get("/moderation/queue?min_score=0.75&label=toxicity")
    assert [int(m) for m in re.findall(r'data-row data-id="(\d+)"', filtered.text)] == [ids["idiot2"], ids["idiot"]]
    assert "data-row data-id" not in alice.get("/moderation/queue?label=threat").text
    assert alice.get("/moderation/queue?sort=sideways").status_code == 422


def test_queue_pages_with_a_cursor(strict_app: Flask, alice: Any, ids: dict[str, int]) -> None:
    first = alice.get("/moderation/queue?limit=2")
    cursor = re.search(r'href="[^"]*cursor=([^&"]+)', first.text)
    assert cursor
    second = alice.get(f"/moderation/queue?limit=2&cursor={cursor.group(1)}")
    assert [int(m) for m in re.findall(r'data-row data-id="(\d+)"', second.text)] == [ids["burn"]]


def test_item_view_escapes_comment_text_and_shows_context(strict_app: Flask, alice: Any) -> None:
    service = Moderation.state(strict_app).service
    evil = service.submit({"article": {"external_id": "calais", "url": "javascript:alert(1)"}, "author_id": "u-9", "body": 'idiot <script>alert(1)</script> <img src=x onerror=alert(1)>'})
    service.submit({"article": "calais", "author_id": "u-9", "body": "an earlier remark"})
    page = alice.get(f"/moderation/queue/{evil.comment.id}")
    assert page.status_code == 200
    assert "<script>alert(1)</script>" not in page.text and "<img src=x" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "javascript:alert" not in page.text  # an unsafe article URL is not linked
    assert "toxicity" in page.text and "static@" not in page.text  # score bars per label
    assert "Decision history" in page.text and "policy:" in page.text
    assert "an earlier remark" in page.text  # the author's other comments
    listing = alice.get("/moderation/queue")
    assert "<script>alert(1)</script>" not in listing.text


def test_approve_reject_hold_and_undo_are_new_decisions(strict_app: Flask, alice: Any, ids: dict[str, int]) -> None:
    service = Moderation.state(strict_app).service
    item = f"/moderation/queue/{ids['idiot']}"
    act = f"/moderation/queue/{ids['idiot']}/act"
    revision = service.get_comment(ids["idiot"])[0].revision
    done = post_form(alice, act, item, action="approve", revision=revision)
    assert done.status_code == 302
    comment, latest = service.get_comment(ids["idiot"])
    assert comment.status == "approved" and latest.actor == "moderator:alice"
    # reject needs a reason from the configured list
    assert post_form(alice, act, item, action="reject", revision=comment.revision).status_code == 422
    assert post_form(alice, act, item, action="reject", reason="made up", revision=comment.revision).status_code == 422
    assert post_form(alice, act, item, action="reject", reason="harassment or insult", note="personal attack", revision=comment.revision).status_code == 302
    comment, latest = service.get_comment(ids["idiot"])
    assert comment.status == "rejected" and latest.reasons == ["harassment or insult"] and latest.note == "personal attack"
    # undo restores the previous outcome with a new decision
    undo = post_form(alice, act, item, action="undo", decision_id=latest.id, revision=comment.revision)
    assert undo.status_code == 302
    comment, undo_decision = service.get_comment(ids["idiot"])
    assert comment.status == "approved" and undo_decision.reasons == [f"undo of decision #{latest.id}"]
    assert post_form(alice, act, item, action="hold", revision=comment.revision).status_code == 302
    comment, _ = service.get_comment(ids["idiot"])
    assert comment.status == "held"
    assert [d.outcome for d in comment.decisions] == ["hold", "approve", "reject", "approve", "hold"]


def test_stale_revision_is_a_409_conflict_not_an_overwrite(strict_app: Flask, alice: Any, ids: dict[str, int]) -> None:
    service = Moderation.state(strict_app).service
    item = f"/moderation/queue/{ids['burn']}"
    page = alice.get(item)
    revision = int(re.search(r'name="revision" value="(\d+)"', page.text).group(1))
    service.release_claim(ids["burn"], "alice")
    service.moderate(ids["burn"], "reject", "bob", reasons=["threat of violence"], expected_revision=revision)
    clash = post_form(alice, f"/moderation/queue/{ids['burn']}/act", item, action="approve", revision=revision)
    assert clash.status_code == 409
    assert "moderator:bob" in clash.text and "reload" in clash.text
    assert service.get_comment(ids["burn"])[0].status == "rejected"


def test_claims_keep_a_second_moderator_off_the_item(strict_app: Flask, alice: Any, ids: dict[str, int]) -> None:
    service = Moderation.state(strict_app).service
    alice.get(f"/moderation/queue/{ids['burn']}")  # opening claims it
    bob = strict_app.test_client()
    login(bob, "bob")
    page = bob.get(f"/moderation/queue/{ids['burn']}")
    assert "claimed by <strong>alice</strong> until" in page.text
    assert re.search(r'value="approve"[^>]*disabled', page.text)
    revision = service.get_comment(ids["burn"])[0].revision
    refused = post_form(bob, f"/moderation/queue/{ids['burn']}/act", "/moderation/queue", action="approve", revision=revision)
    assert refused.status_code == 409 and "claimed by alice" in refused.text
    with pytest.raises(ClaimConflict):
        service.moderate(ids["burn"], "approve", "bob")
    # an expired claim no longer blocks
    service.claim(ids["burn"], "alice", seconds=-1)
    assert service.claim(ids["burn"], "bob").mine
    assert post_form(bob, f"/moderation/queue/{ids['burn']}/act", "/moderation/queue", action="approve", revision=revision).status_code == 302


def test_undo_of_someone_elses_decision_is_admin_only(strict_app: Flask, alice: Any, ids: dict[str, int]) -> None:
    service = Moderation.state(strict_app).service
    decision = service.moderate(ids["idiot"], "approve", "bob")
    comment = service.get_comment(ids["idiot"])[0]
    refused = post_form(alice, f"/moderation/queue/{ids['idiot']}/act", "/moderation/queue", action="undo", decision_id=decision.id, revision=comment.revision)
    assert refused.status_code == 403
    with pytest.raises(Forbidden):
        service.undo(ids["idiot"], "alice")
    root = strict_app.test_client()
    login(root, "root")
    assert post_form(root, f"/moderation/queue/{ids['idiot']}/act", "/moderation/queue", action="undo", decision_id=decision.id, revision=comment.revision).status_code == 302
    assert service.get_comment(ids["idiot"])[0].status == "held"
    with pytest.raises(ConflictError):  # the decision named is no longer the latest
        service.undo(ids["idiot"], "root", decision_id=decision.id, may_undo_others=True)


def test_undo_bar_after_an_action_on_the_list(strict_app: Flask, alice: Any, ids: dict[str, int]) -> None:
    post_form(alice, f"/moderation/queue/{ids['idiot']}/act", "/moderation/queue", action="approve")
    listing = alice.get("/moderation/queue")
    assert 'id="undo-last"' in listing.text and f"comment #{ids['idiot']}" in listing.text
    decision_id = re.search(r'name="decision_id" value="(\d+)"', listing.text).group(1)
    assert post_form(alice, f"/moderation/queue/{ids['idiot']}/act", "/moderation/queue", action="undo", decision_id=decision_id).status_code == 302
    assert Moderation.state(strict_app).service.get_comment(ids["idiot"])[0].status == "held"


def test_bulk_actions_report_each_comment(strict_app: Flask, alice: Any, ids: dict[str, int]) -> None:
    service = Moderation.state(strict_app).service
    stale = service.get_comment(ids["burn"])[0].revision
    service.moderate(ids["burn"], "approve", "bob")  # decided since alice loaded the page
    token = re.search(r'name="csrf_token" value="([^"]+)"', alice.get("/moderation/queue").text).group(1)
    done = alice.post("/moderation/queue/bulk", data={"csrf_token": token, "action": "reject", "reason": "hate speech", "ids": [ids["idiot"], ids["idiot2"], ids["burn"]], f"revision-{ids['burn']}": stale}, follow_redirects=True)
    assert "2 of 3" in done.text and f"#{ids['burn']}" in done.text
    assert service.get_comment(ids["idiot"])[0].status == "rejected"
    assert service.get_comment(ids["burn"])[0].status == "approved"
    results = service.bulk([ids["idiot"], 999999], "approve", "alice")
    assert results[0]["ok"] and not results[1]["ok"] and results[1]["status"] == 404
    with pytest.raises(ValidationError):
        service.bulk([ids["idiot"]], "reject", "alice")  # no reason


def test_stats_page_draws_svg_charts(strict_app: Flask, alice: Any, ids: dict[str, int]) -> None:
    service = Moderation.state(strict_app).service
    service.moderate(ids["idiot"], "approve", "alice")  # overturns a policy hold
    service.moderate(ids["burn"], "reject", "alice", reasons=["threat of violence"])  # confirms it
    page = alice.get("/moderation/stats")
    assert page.status_code == 200
    assert page.text.count("<svg class=\"chart\"") >= 3
    assert "s-approve" in page.text and "hist" in page.text
    assert "50% of 2" in page.text
    with strict_app.app_context(), Moderation.state(strict_app).db.session() as s:
        rows = {r["label"]: r for r in queue.policy_agreement(s)}
    assert rows["toxicity"] == {"label": "toxicity", "reviewed": 2, "confirmed": 1, "overturned": 1, "agreement": 0.5}
    assert "<script" not in page.text.replace('<script src="/moderation/static/moderation/queue.js" defer></script>', "")


def test_stats_export_is_admin_only(strict_app: Flask, alice: Any, ids: dict[str, int]) -> None:
    assert alice.get("/moderation/stats.csv").status_code == 403
    root = strict_app.test_client()
    login(root, "root")
    export = root.get("/moderation/stats.csv")
    assert export.status_code == 200 and export.mimetype == "text/csv" and export.text.startswith("day,approve,hold,reject,delete")


def test_release_claim(strict_app: Flask, alice: Any, ids: dict[str, int]) -> None:
    service = Moderation.state(strict_app).service
    alice.get(f"/moderation/queue/{ids['idiot']}")
    assert service.get_comment(ids["idiot"])[0].claimed_by == "alice"
    assert post_form(alice, f"/moderation/queue/{ids['idiot']}/release", "/moderation/queue").status_code == 302
    assert service.get_comment(ids["idiot"])[0].claimed_by is None


def test_every_page_renders_under_strict_undefined(strict_app: Flask, alice: Any, ids: dict[str, int]) -> None:
    Moderation.state(strict_app).service.moderate(ids["idiot"], "approve", "alice")
    for url in ["/moderation/queue", "/moderation/queue?status=all&sort=newest", "/moderation/queue?status=approved&label=insult&min_score=0.1&max_score=0.9&language=en&since=2020-01-01&until=2099-01-01&article=calais", f"/moderation/queue/{ids['idiot']}", f"/moderation/queue/{ids['nice']}", "/moderation/stats"]:
        assert alice.get(url).status_code == 200, url
    anonymous = strict_app.test_client()
    assert anonymous.get("/moderation/login").status_code == 200
    assert alice.get("/moderation/queue/999999").status_code == 404


def test_a_host_overrides_one_template(tmp_path: Any) -> None:
    (tmp_path / "templates" / "moderation").mkdir(parents=True)
    (tmp_path / "templates" / "moderation" / "login.html").write_text("HOST LOGIN PAGE")
    app = make_app(tmp_path)
    app.template_folder = str(tmp_path / "templates")
    assert app.test_client().get("/moderation/login").text == "HOST LOGIN PAGE"
    Moderation.state(app).db.engine.dispose()


def test_decisions_are_appended_never_edited(strict_app: Flask, ids: dict[str, int]) -> None:
    service = Moderation.state(strict_app).service
    first = service.get_comment(ids["idiot"])[0].decisions[0]
    service.moderate(ids["idiot"], "approve", "alice")
    service.undo(ids["idiot"], "alice")
    with Moderation.state(strict_app).db.session() as s:
        again = s.get(Decision, first.id)
        assert (again.outcome, again.actor, again.reasons) == (first.outcome, first.actor, first.reasons)
