"""The ``Moderation`` Flask extension: config, database, pipeline, blueprint, CLI."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from flask import Flask, current_app

from .config import apply_defaults
from .db import Database, make_engine
from .dispatch import Dispatcher, make_dispatcher
from .errors import ConfigurationError
from .policy import Policy, PolicyError
from .scoring import Scorer
from .service import ModerationService, SubmitResult

EXTENSION_KEY = "moderation"


@dataclass
class ModerationState:
    """Everything the plugin holds for one app, kept in ``app.extensions["moderation"]``."""

    extension: "Moderation"
    db: Database
    service: ModerationService
    dispatcher: Dispatcher
    authorize: Callable[..., Any] | None = None
    watched: list[Any] = field(default_factory=list)


class Moderation:
    """Comment moderation for a Flask app.

    ``Moderation(app)`` or, with an app factory, ``moderation = Moderation()``
    then ``moderation.init_app(app)``. Options given here win over the app's
    ``MODERATION_*`` config: ``db`` (a Flask-SQLAlchemy object whose engine to
    share), ``scorer`` (a ``Scorer`` instance), ``policy`` (a ``Policy``).
    """

    def __init__(
        self,
        app: Flask | None = None,
        *,
        db: Any = None,
        scorer: Scorer | None = None,
        policy: Policy | None = None,
    ) -> None:
        self._db = db
        self._scorer = scorer
        self._policy = policy
        self._authorize: Callable[..., Any] | None = None
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask) -> None:
        if EXTENSION_KEY in app.extensions:
            raise RuntimeError("Moderation is already registered on this app; call init_app once per app.")
        apply_defaults(app.config)
        config = app.config
        try:
            policy = self._policy or Policy.from_config(config["MODERATION_POLICY"])
        except PolicyError as exc:
            raise ConfigurationError(f"MODERATION_POLICY: {exc}") from None
        if config["MODERATION_DEFAULT_SENSITIVITY"] not in ("standard", "sensitive", "premoderate"):
            raise ConfigurationError(
                f"MODERATION_DEFAULT_SENSITIVITY {config['MODERATION_DEFAULT_SENSITIVITY']!r}: use standard, sensitive or premoderate"
            )
        db = Database(self._engine_for(app))
        service = ModerationService(db, config, scorer=self._scorer, policy=policy, sender=app)
        dispatcher = make_dispatcher(config["MODERATION_DISPATCH"], service, config)
        service.dispatch = dispatcher.dispatch
        service.notify_outbox = getattr(dispatcher, "notify_outbox", lambda: None)
        service.scores_inline = getattr(dispatcher, "inline", False)
        app.extensions[EXTENSION_KEY] = ModerationState(extension=self, db=db, service=service, dispatcher=dispatcher)

        from .cli import moderation_cli
        from .web import build_blueprint

        app.register_blueprint(build_blueprint(), url_prefix=config["MODERATION_URL_PREFIX"])
        # Start the worker (and its crash recovery) with the first request the
        # serving process handles, not at import: CLI commands and pre-forking
        # servers must not start threads they would lose.
        app.before_request(dispatcher.start)
        app.cli.add_command(moderation_cli)

    def _engine_for(self, app: Flask) -> Any:
        uri = app.config["MODERATION_DATABASE_URI"]
        if uri is None and self._db is not None:
            with app.app_context():
                return self._db.engine
        if uri is None:
            uri = "sqlite:///" + os.path.join(app.instance_path, "moderation.sqlite3")
        return make_engine(uri, **dict(app.config["MODERATION_ENGINE_OPTIONS"] or {}))

    # -- per-app access -----------------------------------------------------
    @staticmethod
    def state(app: Flask | None = None) -> ModerationState:
        """The plugin's state for ``app`` (default: the current app)."""
        app = app or current_app._get_current_object()  # type: ignore[attr-defined]
        try:
            return app.extensions[EXTENSION_KEY]  # type: ignore[no-any-return]
        except KeyError:
            raise RuntimeError("Moderation is not registered on this app: call Moderation(app) or init_app(app).") from None

    @property
    def service(self) -> ModerationService:
        return self.state().service

    # -- the Python API -----------------------------------------------------
    def submit(self, **comment: Any) -> SubmitResult:
        """Store a comment and score it (inline dispatch: the decision is in the result).

        Keyword arguments follow ``plugin.schemas.CommentIn``: ``article``
        (external id or ``{"external_id", "title", "url", "sensitivity"}``),
        ``body``, and optionally ``external_id``, ``author_id``,
        ``author_name``, ``source``, ``language``.
        """
        return self.service.submit(comment)

    def watch(
        self,
        model: type,
        *,
        text: str | Callable[[Any], str],
        article: str | Callable[[Any], Any],
        author: str | Callable[[Any], Any] | None = None,
        author_name: str | Callable[[Any], Any] | None = None,
        source: str = "host",
    ) -> None:
        """Moderate the host's own comment rows: every inserted ``model`` row is submitted after commit."""
        from .orm_hook import watch_model

        state = self.state()
        state.watched.append(watch_model(state.service, model, text=text, article=article, author=author, author_name=author_name, source=source))

    def authorize(self, func: Callable[..., Any]) -> Callable[..., Any]:
        """Decorator: ``@moderation.authorize`` registers the host's access check.

        It is called with the action name (``"queue.view"``, ``"queue.act"``,
        ``"admin"``, ...) and returns the moderator's name (truthy) to allow,
        or ``None``/``False`` to refuse.
        """
        self._authorize = func
        return func

    @property
    def authorize_hook(self) -> Callable[..., Any] | None:
        return self._authorize


def state_config(app: Flask) -> Mapping[str, Any]:
    return app.config
