"""Moderating a host's own comment model: rows inserted through SQLAlchemy are submitted after commit."""
from __future__ import annotations

import logging
from typing import Any, Callable

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from .errors import ModerationError

log = logging.getLogger(__name__)
_INFO_KEY = "moderation_new_rows"


def _getter(spec: str | Callable[[Any], Any] | None) -> Callable[[Any], Any]:
    if spec is None:
        return lambda obj: None
    if callable(spec):
        return spec
    return lambda obj: getattr(obj, spec)


def watch_model(
    service: Any,
    model: type,
    *,
    text: str | Callable[[Any], str],
    article: str | Callable[[Any], Any],
    author: str | Callable[[Any], Any] | None = None,
    author_name: str | Callable[[Any], Any] | None = None,
    source: str = "host",
) -> Callable[..., None]:
    """Listen for inserts of ``model`` and submit each new row once its transaction commits.

    The host's row gets external id ``<table>:<primary key>`` under ``source``.
    Rows that fail validation are logged, never raised into the host's commit.
    """
    get_text, get_article = _getter(text), _getter(article)
    get_author, get_author_name = _getter(author), _getter(author_name)
    table = getattr(model, "__tablename__", model.__name__.lower())

    def after_insert(_mapper: Any, _connection: Any, target: Any) -> None:
        session = Session.object_session(target)
        if session is not None:
            session.info.setdefault(_INFO_KEY, []).append(target)

    def after_commit(session: Session) -> None:
        rows = [row for row in session.info.pop(_INFO_KEY, []) if isinstance(row, model)]
        for row in rows:
            key = inspect(row).identity
            pk = ":".join(str(part) for part in key) if key else str(id(row))
            article_value = get_article(row)
            data = {
                "source": source,
                "external_id": f"{table}:{pk}",
                "article": article_value if isinstance(article_value, dict) else str(article_value),
                "body": get_text(row),
                "author_id": None if get_author(row) is None else str(get_author(row)),
                "author_name": get_author_name(row),
            }
            try:
                service.submit(data)
            except ModerationError as exc:
                log.warning("moderation: host row %s:%s not submitted: %s", table, pk, exc)

    def after_rollback(session: Session) -> None:
        session.info.pop(_INFO_KEY, None)

    event.listen(model, "after_insert", after_insert)
    event.listen(Session, "after_commit", after_commit)
    event.listen(Session, "after_soft_rollback", lambda session, _tx: after_rollback(session))

    def unwatch() -> None:
        event.remove(model, "after_insert", after_insert)
        event.remove(Session, "after_commit", after_commit)

    return unwatch
