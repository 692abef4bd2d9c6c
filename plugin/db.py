"""The moderation database: an engine of its own or the host's, and short sessions on it."""
from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path
from typing import Any, Iterator

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

try:
    import fcntl
except ImportError:  # Windows: threads still queue; processes rely on the busy timeout
    fcntl = None  # type: ignore[assignment]


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets the web process read while a worker writes; the busy timeout
    # makes concurrent writers wait instead of failing at once.
    cursor.execute("PRAGMA journal_mode=WAL")
    # In WAL mode NORMAL is still safe against a crashed process (only an OS
    # crash can lose the last commits) and saves an fsync per commit.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _begin(connection: Any) -> None:
    # Writers take SQLite's write lock at BEGIN: a deferred transaction that
    # reads, then writes after another process wrote, fails at once with
    # "database is locked" instead of waiting for the busy timeout. Readers
    # (``Database.read_session``) begin deferred and never block under WAL.
    if connection.get_execution_options().get(READ_ONLY):
        connection.exec_driver_sql("BEGIN")
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


READ_ONLY = "moderation_read_only"


class WriterLock:
    """Queues the moderation transactions of every process on one SQLite file.

    SQLite has one writer. Left to itself, a writer that finds the lock taken
    sleeps in SQLite's busy handler with growing back-off (up to 100 ms a
    try), so a burst of comments from several server processes gives latency
    tails of seconds. Here threads queue on a lock and processes on an
    ``flock`` of a file beside the database, and each waiter is woken the
    moment the holder commits. Transactions are short (no scoring happens
    inside one), so queueing them costs less than racing for the file lock.
    """

    def __init__(self, database_path: str) -> None:
        self._thread_lock = threading.RLock()
        self._depth = 0
        self._path = database_path + ".lock"
        self._fd: int | None = None
        self._pid: int | None = None

    def __enter__(self) -> "WriterLock":
        self._thread_lock.acquire()
        self._depth += 1
        if self._depth == 1 and fcntl is not None:
            try:
                if self._fd is None or self._pid != os.getpid():
                    # A descriptor inherited through fork shares its lock with
                    # the parent: every process opens its own.
                    self._fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
                    self._pid = os.getpid()
                fcntl.flock(self._fd, fcntl.LOCK_EX)
            except BaseException:
                self._depth -= 1
                self._thread_lock.release()
                raise
        return self

    def __exit__(self, *exc: Any) -> None:
        self._depth -= 1
        if self._depth == 0 and fcntl is not None and self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        self._thread_lock.release()


def make_engine(url: str, **options: Any) -> Engine:
    """Create an engine with settings that suit the moderation workload."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        connect_args = options.setdefault("connect_args", {})
        connect_args.setdefault("timeout", 30)
        # Let SQLAlchemy's "begin" event issue BEGIN, not the driver.
        connect_args.setdefault("isolation_level", None)
        engine = create_engine(url, **options)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _begin)
        return engine
    options.setdefault("pool_pre_ping", True)
    return create_engine(url, **options)


def rowcount(result: Any) -> int:
    """Rows an UPDATE matched (``Session.execute`` is typed as returning a plain ``Result``)."""
    return int(result.rowcount or 0)


class Database:
    """Holds the engine and hands out sessions; one per Flask app."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sessionmaker = sessionmaker(engine, expire_on_commit=False)
        self._read_engine = engine.execution_options(**{READ_ONLY: True})
        database = engine.url.database if engine.dialect.name == "sqlite" else None
        self._writer_lock: contextlib.AbstractContextManager[Any] = (
            WriterLock(database) if database and database != ":memory:" else contextlib.nullcontext()
        )

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits on success and rolls back on any error."""
        with self._writer_lock:
            session = self.sessionmaker()
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise
            finally:
                session.close()

    @contextlib.contextmanager
    def read_session(self) -> Iterator[Session]:
        """A session for reading only: it does not queue behind writers.

        Under SQLite's WAL a reader sees the last committed state without
        waiting; nothing it adds is committed.
        """
        session = Session(self._read_engine, expire_on_commit=False)
        try:
            yield session
        finally:
            # close(), not rollback(): the pool ends the transaction, and the
            # objects read keep their loaded state for the caller.
            session.close()

    @contextlib.contextmanager
    def read_connection(self) -> Iterator[Connection]:
        """A Core connection for reading only, like :meth:`read_session` without the ORM."""
        with self._read_engine.connect() as connection:
            yield connection

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)
