"""Workers killed with SIGKILL in the middle of a batch lose nothing and double nothing.

1. A Celery pool process dies mid-batch: ``reject_on_worker_lost`` gives its
   message back and the restarted pool process scores the batch again.
2. The whole Celery worker dies mid-batch (with a message lost besides): a
   new worker's beat sweeper finds the pending rows in the database.
3. The in-process ``thread`` worker on SQLite dies with its process: the next
   process recovers the pending rows at start.
Each time every comment ends with exactly one policy decision.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from plugin import Moderation
from plugin.commands import deferred_dispatch
from plugin.models import Comment, Decision

from conftest import make_app
from test_celery import celery_config, queue, redis_url, stop, wait_for  # noqa: F401 - fixtures
from worker_app import ROOT, start_worker, worker_env

pytestmark = [pytest.mark.slow]


def submit_many(app: Any, n: int, prefix: str, *, dispatch: bool = True) -> list[int]:
    service = Moderation.state(app).service
    with deferred_dispatch(service) as ids:
        for i in range(n):
            body = "They are vermin" if i % 5 == 0 else f"Comment {prefix}-{i} about the camp"
            service.submit({"source": "cms", "external_id": f"{prefix}-{i}", "article": "calais", "body": body})
    if dispatch:
        service.dispatch(list(ids))  # in batches of MODERATION_BATCH_SIZE
    return list(ids)


def batch_starts(progress: Path) -> list[tuple[int, int]]:
    if not progress.exists():
        return []
    return [tuple(map(int, line.split())) for line in progress.read_text().splitlines() if line.strip()]  # type: ignore[misc]


def assert_one_policy_decision_each(app: Any, expected: int) -> None:
    with Moderation.state(app).db.session() as session:
        assert session.scalar(select(func.count()).select_from(Comment)) == expected
        assert session.scalar(select(func.count()).select_from(Comment).where(Comment.status == "pending")) == 0
        per_comment = dict(
            session.execute(select(Decision.comment_id, func.count()).where(Decision.actor.like("policy:%")).group_by(Decision.comment_id)).all()
        )
    assert len(per_comment) == expected, f"{expected - len(per_comment)} comment(s) lost"
    assert set(per_comment.values()) == {1}, {k: v for k, v in per_comment.items() if v != 1}


def none_pending(app: Any) -> Any:
    def check() -> bool:
        with Moderation.state(app).db.session() as session:
            return session.scalar(select(func.count()).select_from(Comment).where(Comment.status == "pending")) == 0

    return check


@pytest.mark.celery
@pytest.mark.postgres
def test_killed_pool_process_mid_batch_is_redelivered(tmp_path: Path, pg_url: str, redis_url: str, queue: str) -> None:  # noqa: F811
    progress = tmp_path / "progress.log"
    config = celery_config(
        tmp_path, pg_url, redis_url, queue,
        MODERATION_BATCH_SIZE=5,
        MODERATION_SCORER_OPTIONS={"delay": 0.3, "progress_log": str(progress)},
    )
    app = make_app(tmp_path, **config)
    log = tmp_path / "worker.log"
    worker = start_worker(config, queue, log, pool="prefork", concurrency=1)
    try:
        submit_many(app, 20, "a")
        wait_for(lambda: len(batch_starts(progress)) >= 2, 30, "the second batch to start", log)
        pid, size = batch_starts(progress)[1]
        assert pid != worker.pid and size == 5
        os.kill(pid, signal.SIGKILL)  # the pool process, mid-batch (it sleeps 1.5 s per batch)
        wait_for(none_pending(app), 60, "every comment to be decided after the kill", log)
        assert_one_policy_decision_each(app, 20)
        pids = {p for p, _ in batch_starts(progress)}
        assert len(pids) >= 2, "the pool process was not replaced"
        assert "WorkerLostError" in log.read_text(errors="replace")
    finally:
        stop(worker)
        Moderation.state(app).db.engine.dispose()


@pytest.mark.celery
@pytest.mark.postgres
def test_killed_worker_mid_batch_is_swept_by_the_next_worker(tmp_path: Path, pg_url: str, redis_url: str, queue: str) -> None:  # noqa: F811
    progress = tmp_path / "progress.log"
    config = celery_config(
        tmp_path, pg_url, redis_url, queue,
        MODERATION_BATCH_SIZE=5,
        MODERATION_SCORER_OPTIONS={"delay": 0.3, "progress_log": str(progress)},
        MODERATION_PENDING_GRACE=1,
        MODERATION_SWEEP_INTERVAL=1,
    )
    app = make_app(tmp_path, **config)
    log = tmp_path / "worker.log"
    worker = start_worker(config, queue, log, pool="solo")
    try:
        submit_many(app, 20, "b")
        submit_many(app, 3, "lost", dispatch=False)  # their messages never reached the broker
        wait_for(lambda: len(batch_starts(progress)) >= 2, 30, "the second batch to start", log)
        os.killpg(worker.pid, signal.SIGKILL)  # the whole worker, mid-batch
        worker.wait(10)
        with Moderation.state(app).db.session() as session:
            assert session.scalar(select(func.count()).select_from(Comment).where(Comment.status == "pending")) > 0
        worker = start_worker(config, queue, log, pool="solo", beat=True, tmp=tmp_path)
        wait_for(none_pending(app), 60, "the restarted worker to decide every comment", log)
        time.sleep(1.5)  # let any redelivered duplicate run: it must not add a decision
        assert_one_policy_decision_each(app, 23)
    finally:
        stop(worker)
        Moderation.state(app).db.engine.dispose()


SCORING_PROCESS = """
import sys, time
from worker_app import create_app
from plugin import Moderation
app = create_app()
state = Moderation.state(app)
state.dispatcher.start()   # recovers pending rows left by an earlier run
time.sleep(600)
"""


def test_thread_worker_killed_mid_batch_on_sqlite_recovers_at_start(tmp_path: Path) -> None:
    progress = tmp_path / "progress.log"
    config = {
        "MODERATION_DATABASE_URI": f"sqlite:///{tmp_path / 'moderation.sqlite3'}",
        "MODERATION_DISPATCH": "thread",
        "MODERATION_SCORER": "slow_scorer:SlowScorer",
        "MODERATION_SCORER_OPTIONS": {"delay": 0.1, "progress_log": str(progress)},
        "MODERATION_BATCH_SIZE": 5,
        "MODERATION_RECOVER_ON_START": True,
    }
    app = make_app(tmp_path, **{**config, "MODERATION_DISPATCH": "inline"})
    submit_many(app, 30, "t", dispatch=False)
    log = tmp_path / "scorer.log"

    def start() -> subprocess.Popen[bytes]:
        with open(log, "ab") as out:
            return subprocess.Popen([sys.executable, "-c", SCORING_PROCESS], cwd=str(ROOT), env=worker_env(config), stdout=out, stderr=subprocess.STDOUT)

    process = start()
    try:
        wait_for(lambda: len(batch_starts(progress)) >= 2, 30, "the second batch to start", log)
        process.kill()  # SIGKILL, mid-batch
        process.wait(10)
        with Moderation.state(app).db.session() as session:
            assert session.scalar(select(func.count()).select_from(Comment).where(Comment.status == "pending")) > 0
        process = start()
        wait_for(none_pending(app), 60, "the restarted process to decide every comment", log)
        assert_one_policy_decision_each(app, 30)
    finally:
        process.kill()
        process.wait(10)
        Moderation.state(app).db.engine.dispose()
