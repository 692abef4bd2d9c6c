"""How scoring work leaves the request: ``inline``, ``thread`` or ``celery``.

The database is the source of truth; a dispatch is only a nudge. Whatever a
dispatcher loses (a crash, a lost message) the sweeper finds again as a
pending row.
"""
from __future__ import annotations

import importlib
import logging
import os
import queue
import threading
import time
from typing import Any, Mapping, Protocol

from .errors import ConfigurationError

log = logging.getLogger(__name__)


class Dispatcher(Protocol):
    def dispatch(self, ids: list[int]) -> None: ...
    def start(self) -> None: ...
    def stop(self) -> None: ...
    def drain(self, timeout: float | None = None) -> bool: ...


class InlineDispatcher:
    """Scores in the caller's thread: the decision is known when ``submit`` returns."""

    inline = True

    def __init__(self, service: Any, config: Mapping[str, Any]) -> None:
        self.service = service

    def dispatch(self, ids: list[int]) -> None:
        self.service.score_pending(ids)

    def start(self) -> None:
        pass

    def stop(self) -> None:
        pass

    def drain(self, timeout: float | None = None) -> bool:
        return True


class ThreadDispatcher:
    """An in-process worker thread that scores in batches; the embedded default.

    At start it picks up comments left pending by a crash, and every
    ``MODERATION_SWEEP_INTERVAL`` seconds it sweeps for pending comments older
    than ``MODERATION_PENDING_GRACE``. The thread starts lazily in the process
    that first dispatches, so it survives a pre-forking server.
    """

    def __init__(self, service: Any, config: Mapping[str, Any]) -> None:
        self.service = service
        self.batch_size = max(1, int(config["MODERATION_BATCH_SIZE"]))
        self.batch_wait = max(0.0, float(config["MODERATION_BATCH_WAIT"]))
        self.sweep_interval = float(config["MODERATION_SWEEP_INTERVAL"])
        self.grace = float(config["MODERATION_PENDING_GRACE"])
        self.recover = bool(config["MODERATION_RECOVER_ON_START"])
        self._queue: queue.Queue[int | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._pid: int | None = None
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        from .delivery import OutboxThread

        #: Delivers due callbacks in a thread of its own (nudged after decisions, swept every interval).
        self.outbox = OutboxThread(service.db, config)

    def notify_outbox(self) -> None:
        self.outbox.notify()

    def start(self) -> None:
        if self._pid == os.getpid() and self._thread is not None and self._thread.is_alive():
            return  # the common case, without taking the lock
        with self._lock:
            if self._thread is not None and self._thread.is_alive() and self._pid == os.getpid():
                return
            self._queue = queue.Queue()
            self._stopping.clear()
            self._pid = os.getpid()
            self._thread = threading.Thread(target=self._run, name="moderation-worker", daemon=True)
            self._thread.start()
        self.outbox.start()

    def dispatch(self, ids: list[int]) -> None:
        self.start()
        for comment_id in ids:
            self._queue.put(comment_id)

    def stop(self) -> None:
        self.outbox.stop()
        with self._lock:
            thread = self._thread
            if thread is None:
                return
            self._stopping.set()
            self._queue.put(None)
        thread.join(timeout=30)
        self._thread = None

    def drain(self, timeout: float | None = None) -> bool:
        """Wait until everything dispatched so far is scored. True if it finished in time."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self._queue.unfinished_tasks:
            if deadline is not None and time.monotonic() > deadline:
                return False
            time.sleep(0.01)
        return True

    def _run(self) -> None:
        if self.recover:
            self._safely(self._recover)
        last_sweep = time.monotonic()
        while not self._stopping.is_set():
            try:
                first = self._queue.get(timeout=max(0.05, self.sweep_interval))
            except queue.Empty:
                first = None
                got = 0
            else:
                got = 1
            ids = [] if first is None else [first]
            # Wait up to batch_wait for more, so a burst is scored as one batch:
            # per-batch costs (queries, a transaction) are shared, not paid per comment.
            deadline = time.monotonic() + self.batch_wait
            while first is not None and len(ids) < self.batch_size:
                try:
                    item = self._queue.get(timeout=max(0.0, deadline - time.monotonic()))
                except queue.Empty:
                    break
                got += 1
                if item is not None:
                    ids.append(item)
            try:
                if ids:
                    self._safely(lambda: self.service.score_pending(ids))
                if time.monotonic() - last_sweep >= self.sweep_interval:
                    last_sweep = time.monotonic()
                    self._safely(self._sweep)
            finally:
                for _ in range(got):
                    self._queue.task_done()

    def _recover(self) -> None:
        ids = self.service.pending_ids()
        if ids:
            log.info("recovering %d pending comment(s) left from an earlier run", len(ids))
            self.service.score_pending(ids)

    def _sweep(self) -> None:
        ids = self.service.pending_ids(older_than=self.grace, limit=10 * self.batch_size)
        if ids:
            self.service.score_pending(ids)

    @staticmethod
    def _safely(work: Any) -> None:
        try:
            work()
        except Exception:  # the worker must outlive any one failure; rows stay pending
            log.exception("moderation worker: scoring failed; the comments stay pending and are retried")


DISPATCHERS = {
    "inline": "plugin.dispatch:InlineDispatcher",
    "thread": "plugin.dispatch:ThreadDispatcher",
    "celery": "plugin.celery_dispatch:CeleryDispatcher",
}


def make_dispatcher(name: str, service: Any, config: Mapping[str, Any]) -> Dispatcher:
    """Build the dispatcher called ``name``; an unknown name lists the known ones."""
    target = DISPATCHERS.get(name)
    if target is None:
        raise ConfigurationError(f"unknown MODERATION_DISPATCH {name!r}: use one of {', '.join(DISPATCHERS)}")
    module_name, _, attr = target.partition(":")
    cls = getattr(importlib.import_module(module_name), attr)
    return cls(service, config)  # type: ignore[no-any-return]
