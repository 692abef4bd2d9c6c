"""The Celery app for moderation workers.

Start workers with the host's app factory named in ``MODERATION_FLASK_APP``::

    MODERATION_FLASK_APP="myapp:create_app" celery -A plugin.tasks worker -Q moderation
    MODERATION_FLASK_APP="myapp:create_app" celery -A plugin.tasks beat   # the sweeper

The host app must use ``MODERATION_DISPATCH = "celery"`` and the same
``MODERATION_CELERY_BROKER_URL``. The scorer is built once per worker process
(the scorer registry caches it), never per task.
"""
from __future__ import annotations

import importlib
import logging
import os
from typing import Any

from .celery_dispatch import DELIVER_TASK, SCORE_TASK, SWEEP_TASK, _import_celery, celery_settings

log = logging.getLogger(__name__)

ENV_VAR = "MODERATION_FLASK_APP"


def load_flask_app(spec: str | None = None) -> Any:
    """The host app from ``module:factory`` (called) or ``module:app``; default: ``$MODERATION_FLASK_APP``."""
    spec = spec or os.environ.get(ENV_VAR)
    if not spec:
        raise RuntimeError(f"set {ENV_VAR} to the host's Flask app or factory, e.g. {ENV_VAR}='myapp:create_app'")
    module_name, _, attr = spec.partition(":")
    module = importlib.import_module(module_name)
    target = getattr(module, attr or "create_app")
    from flask import Flask

    return target if isinstance(target, Flask) else target()


def make_celery(flask_app: Any) -> Any:
    """A Celery app whose tasks run the moderation pipeline of ``flask_app``."""
    celery = _import_celery()
    from celery.signals import worker_process_init
    from sqlalchemy.exc import OperationalError

    from . import delivery
    from .extension import Moderation

    state = Moderation.state(flask_app)
    config = flask_app.config
    app = celery.Celery(flask_app.import_name, set_as_current=True)
    app.conf.update(celery_settings(config))
    app.conf.beat_schedule = {
        "moderation-sweep": {"task": SWEEP_TASK, "schedule": float(config["MODERATION_SWEEP_INTERVAL"])},
        **(app.conf.beat_schedule or {}),
    }
    batch_size = max(1, int(config["MODERATION_BATCH_SIZE"]))

    @worker_process_init.connect(weak=False)
    def _fresh_connections(**_: Any) -> None:
        # A forked pool process must not share the parent's database connections.
        state.db.engine.dispose(close=False)

    @app.task(name=SCORE_TASK, acks_late=True, reject_on_worker_lost=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
    def score(ids: list[int]) -> int:
        """Score these comments (those still pending) and record one decision each."""
        with flask_app.app_context():
            return len(state.service.score_pending([int(i) for i in ids]))

    @app.task(name=DELIVER_TASK, acks_late=True, reject_on_worker_lost=True)
    def deliver(limit: int = 100) -> int:
        """Attempt the due callbacks (each claimed by one worker only)."""
        with flask_app.app_context():
            return len(delivery.deliver_all_due(state.db, config, batch=limit))

    @app.task(name=SWEEP_TASK, acks_late=True, reject_on_worker_lost=True)
    def sweep() -> dict[str, int]:
        """Find work whose message was lost: comments pending past the grace, callbacks due."""
        with flask_app.app_context():
            ids = state.service.pending_ids(older_than=float(config["MODERATION_PENDING_GRACE"]), limit=100 * batch_size)
            for start in range(0, len(ids), batch_size):
                score.apply_async(args=[ids[start : start + batch_size]])
            due = delivery.due_count(state.db) if delivery.has_callbacks(config) else 0
            if due:
                deliver.apply_async()
            if ids or due:
                log.info("sweep: re-dispatched %d pending comment(s), %d due callback(s)", len(ids), due)
            return {"pending": len(ids), "due_callbacks": due}

    app.flask_app = flask_app
    return app


_celery: Any = None


def __getattr__(name: str) -> Any:
    # ``celery -A plugin.tasks`` looks up ``app`` or ``celery``: build it on first use.
    global _celery
    if name in ("app", "celery"):
        if _celery is None:
            _celery = make_celery(load_flask_app())
        return _celery
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
