"""``celery`` dispatch: scoring and callback delivery leave the process as Celery tasks.

The web process only sends task messages by name (it never imports the
worker's task module); ``plugin.tasks`` runs them. A message that is lost
(the broker restarted, a worker died before it acknowledged) costs nothing:
the comment stays pending in the database and the sweeper sends it again.
"""
from __future__ import annotations

import logging
import threading
from typing import Any, Mapping

log = logging.getLogger(__name__)

SCORE_TASK = "moderation.score"
DELIVER_TASK = "moderation.deliver"
SWEEP_TASK = "moderation.sweep"
DEFAULT_QUEUE = "moderation"


def celery_settings(config: Mapping[str, Any]) -> dict[str, Any]:
    """The Celery settings shared by the sending side and the workers."""
    settings: dict[str, Any] = {
        "broker_url": config["MODERATION_CELERY_BROKER_URL"],
        "task_default_queue": DEFAULT_QUEUE,
        # A task is acknowledged after it ran, and given back if its worker dies:
        # a killed worker's message is delivered again.
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "worker_prefetch_multiplier": 1,
        "task_ignore_result": True,
        "broker_connection_retry_on_startup": True,
        "task_serializer": "json",
        "accept_content": ["json"],
    }
    settings.update(dict(config.get("MODERATION_CELERY_OPTIONS") or {}))
    return settings


def _import_celery() -> Any:
    try:
        import celery
    except ModuleNotFoundError:
        from .errors import ConfigurationError

        raise ConfigurationError("MODERATION_DISPATCH='celery' needs Celery: pip install 'flask-comment-moderation[celery]'") from None
    return celery


class CeleryDispatcher:
    """Sends ``moderation.score`` tasks in batches and ``moderation.deliver`` after decisions."""

    def __init__(self, service: Any, config: Mapping[str, Any]) -> None:
        _import_celery()
        self.service = service
        self.config = config
        self.batch_size = max(1, int(config["MODERATION_BATCH_SIZE"]))
        self._app: Any = None
        self._lock = threading.Lock()

    @property
    def app(self) -> Any:
        if self._app is None:
            with self._lock:
                if self._app is None:
                    celery = _import_celery()
                    app = celery.Celery("moderation-dispatch", set_as_current=False)
                    app.conf.update(celery_settings(self.config))
                    self._app = app
        return self._app

    def dispatch(self, ids: list[int]) -> None:
        for start in range(0, len(ids), self.batch_size):
            self._send(SCORE_TASK, [list(ids[start : start + self.batch_size])])

    def notify_outbox(self) -> None:
        from .delivery import has_callbacks

        if has_callbacks(self.config):
            self._send(DELIVER_TASK, [])

    def _send(self, name: str, args: list[Any]) -> None:
        try:
            self.app.send_task(name, args=args)
        except Exception:  # the broker is down: the rows stay in the database for the sweeper
            log.exception("could not send %s to the Celery broker; the sweeper will pick the work up", name)

    def start(self) -> None:
        pass

    def stop(self) -> None:
        if self._app is not None:
            self._app.close()

    def drain(self, timeout: float | None = None) -> bool:
        return True
