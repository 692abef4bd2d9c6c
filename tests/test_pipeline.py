"""One pipeline: intake stores before scoring, scoring is idempotent, crashes lose nothing."""
import threading

import pytest
from sqlalchemy import func, select

from plugin import Moderation, StaticScorer, comment_decided, comment_scored
from plugin.models import Article, Comment, Decision, Score

from conftest import make_app


def count(service, model):
    with service.db.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_submit_inline_stores_scores_and_decides(app, service):
    with app.app_context():
        result = Moderation.state().extension.submit(
            article={"external_id": "calais", "title": "Ring of steel", "sensitivity": "sensitive"},
            body="Send the vermin back where they came from",
            author_id="u1",
            author_name="Kev",
        )
    assert result.created
    assert result.comment.status == "rejected"
    assert result.decision.outcome == "reject"
    assert result.decision.actor == f"policy:{service.policy.version}"
    assert "identity_attack 0.96" in " ".join(result.decision.reasons)
    assert result.comment.scores[-1].scorer == "static"
    assert result.comment.article.sensitivity == "sensitive"
    assert result.comment.top_label == "toxicity" and result.comment.top_score == pytest.approx(0.97)


def test_scoring_twice_gives_one_decision(app, service):
    service.dispatch = lambda ids: None  # store only
    comment = service.submit({"article": "a", "body": "hello there"}).comment
    first = service.score_pending([comment.id])
    second = service.score_pending([comment.id])
    assert len(first) == 1 and second == []
    assert count(service, Decision) == 1 and count(service, Score) == 1


def test_concurrent_workers_never_double_decide(tmp_path):
    barrier = threading.Barrier(3)

    def slow(text):
        barrier.wait(timeout=10)  # all three workers score the same rows at once
        return {"toxicity": 0.1}

    app = make_app(tmp_path, scorer=StaticScorer(func=slow))
    service = Moderation.state(app).service
    service.dispatch = lambda ids: None
    ids = [service.submit({"article": "a", "body": f"comment {i}"}).comment.id for i in range(1)]
    results = []
    threads = [threading.Thread(target=lambda: results.append(service.score_pending(ids))) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sum(len(r) for r in results) == 1
    assert count(service, Decision) == 1
    state = Moderation.state(app)
    state.db.engine.dispose()


def test_same_external_id_twice_is_one_comment(service):
    first = service.submit({"source": "cms", "external_id": "42", "article": "a", "body": "Fine piece"})
    again = service.submit({"source": "cms", "external_id": "42", "article": "a", "body": "Fine piece"})
    assert first.created and not again.created
    assert again.comment.id == first.comment.id
    assert count(service, Comment) == 1 and count(service, Decision) == 1


def test_a_comment_updates_only_the_article_fields_it_carries(service):
    article = {"external_id": "a", "title": "Calais", "url": "https://news.example/calais"}
    first = service.submit({"source": "cms", "article": article, "body": "Fine piece"}).comment
    assert (first.article.title, first.article.sensitivity) == ("Calais", "standard")
    with service.db.read_session() as session:
        stamp = session.scalar(select(Article.updated_at).where(Article.id == first.article_id))
    # Same fields again, and none at all: no write, the article keeps its values.
    service.submit({"source": "cms", "article": article, "body": "Another"})
    service.submit({"source": "cms", "article": "a", "body": "A third"})
    with service.db.read_session() as session:
        row = session.scalar(select(Article).where(Article.id == first.article_id))
        assert (row.title, row.url, row.updated_at) == ("Calais", "https://news.example/calais", stamp)
    moved = service.submit(
        {"source": "cms", "article": {"external_id": "a", "title": "Calais, a year on", "sensitivity": "sensitive"}, "body": "A fourth"}
    ).comment
    assert moved.article_id == first.article_id
    assert (moved.article.title, moved.article.url, moved.article.sensitivity) == ("Calais, a year on", "https://news.example/calais", "sensitive")
    with service.db.read_session() as session:
        assert session.scalar(select(func.count()).select_from(Article)) == 1
        assert session.scalar(select(Article.updated_at).where(Article.id == first.article_id)) > stamp


def test_changed_body_is_rescored_and_decided_anew(service):
    first = service.submit({"source": "cms", "external_id": "42", "article": "a", "body": "Fine piece"})
    edited = service.submit({"source": "cms", "external_id": "42", "article": "a", "body": "You idiot"})
    assert edited.comment.id == first.comment.id
    assert [d.outcome for d in edited.comment.decisions] == ["approve", "hold"]
    assert edited.comment.status == "held"


def test_signals_carry_comment_scores_and_decision(app, service):
    seen = []
    with comment_scored.connected_to(lambda sender, comment, scores: seen.append(("scored", sender, scores["toxicity"])), app), \
         comment_decided.connected_to(lambda sender, comment, decision: seen.append(("decided", sender, decision.outcome)), app):
        service.submit({"article": "a", "body": "what an idiot"})
    assert seen == [("scored", app, 0.8), ("decided", app, "hold")]


def test_a_failing_scorer_holds_for_a_human_and_the_rest_go_on(tmp_path):
    def brittle(text):
        if "poison" in text:
            raise RuntimeError("tokenizer exploded")
        return {"toxicity": 0.01}

    app = make_app(tmp_path, scorer=StaticScorer(func=brittle))
    service = Moderation.state(app).service
    service.dispatch = lambda ids: None
    ids = [service.submit({"article": "a", "body": body}).comment.id for body in ("fine", "poison pill", "also fine")]
    decisions = service.score_pending(ids)
    assert [d.outcome for d in decisions] == ["approve", "hold", "approve"]
    assert "scoring failed (RuntimeError)" in decisions[1].reasons[0]
    Moderation.state(app).db.engine.dispose()


def test_pending_comments_left_by_a_crash_are_scored_at_start_up(tmp_path):
    # First process: comments are stored, then it "dies" before scoring them.
    first = make_app(tmp_path)
    service = Moderation.state(first).service
    service.dispatch = lambda ids: None
    ids = [service.submit({"article": "a", "body": f"left behind {i}"}).comment.id for i in range(5)]
    assert service.pending_ids() == ids
    Moderation.state(first).db.engine.dispose()

    # Second process on the same database, thread dispatch: recovery at start.
    second = make_app(tmp_path, MODERATION_DISPATCH="thread")
    state = Moderation.state(second)
    state.dispatcher.start()
    state.dispatcher.drain(timeout=20)
    import time

    deadline = time.monotonic() + 20
    while state.service.pending_ids() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert state.service.pending_ids() == []
    assert count(state.service, Decision) == 5
    state.dispatcher.stop()
    state.db.engine.dispose()


def test_thread_dispatch_scores_off_the_request(tmp_path):
    app = make_app(tmp_path, MODERATION_DISPATCH="thread")
    state = Moderation.state(app)
    result = state.service.submit({"article": "a", "body": "hello"})
    assert result.comment.status in ("pending", "approved")
    assert state.dispatcher.drain(timeout=20)
    comment, decision = state.service.get_comment(result.comment.id)
    assert comment.status == "approved" and decision.outcome == "approve"
    state.dispatcher.stop()
    state.db.engine.dispose()


def test_rescore_keeps_human_decisions(service):
    machine = service.submit({"article": "a", "body": "hello"}).comment
    human = service.submit({"article": "a", "body": "hello again"}).comment
    service.record_decision(human.id, "reject", "moderator:ann", reasons=["off topic"])
    assert service.rescore() == 1
    comment, decision = service.get_comment(machine.id)
    assert [d.outcome for d in comment.decisions] == ["approve", "approve"]
    assert service.get_comment(human.id)[1].actor == "moderator:ann"
    assert service.rescore(include_human=True) == 2


def test_thread_worker_starts_with_the_first_request_and_recovers(tmp_path):
    first = make_app(tmp_path)
    service = Moderation.state(first).service
    service.dispatch = lambda ids: None
    service.submit({"article": "a", "body": "stored before a crash"})
    Moderation.state(first).db.engine.dispose()

    app = make_app(tmp_path, MODERATION_DISPATCH="thread")
    state = Moderation.state(app)
    assert state.service.pending_ids() != []
    app.test_client().get("/moderation/api/comments/1")
    import time

    deadline = time.monotonic() + 20
    while state.service.pending_ids() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert state.service.pending_ids() == []
    state.dispatcher.stop()
    state.db.engine.dispose()


def test_sqlite_writers_of_two_processes_queue_without_losing_or_doubling(tmp_path):
    """Two processes submit and score into one SQLite file at once: the writer queue holds."""
    import multiprocessing

    app = make_app(tmp_path)
    Moderation.state(app).db.engine.dispose()
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_submit_and_score, args=(str(tmp_path), n)) for n in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    state = Moderation.state(make_app(tmp_path))
    assert count(state.service, Comment) == 80 and count(state.service, Decision) == 80
    assert state.service.pending_ids() == []
    state.db.engine.dispose()


def _submit_and_score(folder, n):
    import pathlib

    app = make_app(pathlib.Path(folder))
    service = Moderation.state(app).service
    for i in range(40):
        service.submit({"source": "cms", "external_id": f"{n}-{i}", "article": "a", "body": f"comment {i} from process {n}"})
