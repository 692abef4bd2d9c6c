"""Shared fixtures: a fresh app per test on a temporary database, and the real PostgreSQL."""
from __future__ import annotations

import os
import uuid
from typing import Any, Iterator

import pytest
from flask import Flask
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from plugin import Moderation, StaticScorer
from plugin import migrate

#: The review-queue helpers and their ``queue_app`` fixture.
pytest_plugins = ["queue_support"]

#: Scores for the fake scorer: texts containing these words get these scores.
RULES = {
    "vermin": {"toxicity": 0.97, "identity_attack": 0.96, "insult": 0.7},
    "idiot": {"toxicity": 0.8, "insult": 0.75},
    "burn": {"toxicity": 0.7, "threat": 0.6},
}

#: A fixed policy, so tests do not move when the defaults are re-tuned for a new model.
TEST_POLICY = {
    "thresholds": {
        "toxicity": (0.60, 0.95),
        "severe_toxicity": (0.50, 0.85),
        "obscene": (0.70, 0.95),
        "threat": (0.50, 0.85),
        "insult": (0.60, 0.95),
        "identity_attack": (0.50, 0.85),
        "sexual_explicit": (0.60, 0.90),
    },
    "sensitive_factor": 0.8,
}

PG_URL = os.environ.get("MODERATION_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def make_app(tmp_path: Any, **config: Any) -> Flask:
    """A host app with the plugin mounted on a fresh, migrated database."""
    app = Flask("host", instance_path=str(tmp_path / "instance"))
    app.config.update(
        TESTING=True,
        SECRET_KEY="test-secret",
        MODERATION_DATABASE_URI=f"sqlite:///{tmp_path / 'moderation.sqlite3'}",
        MODERATION_DISPATCH="inline",
        MODERATION_POLICY=TEST_POLICY,
    )
    app.config.update(config)
    scorer = config.pop("scorer", None)
    if scorer is None and "MODERATION_SCORER" not in config:
        scorer = StaticScorer(default={"toxicity": 0.05, "identity_attack": 0.01}, rules=RULES)
    Moderation(app, scorer=scorer)
    migrate.upgrade(Moderation.state(app).db.engine)
    return app


@pytest.fixture
def app(tmp_path: Any) -> Iterator[Flask]:
    app = make_app(tmp_path)
    yield app
    state = Moderation.state(app)
    state.dispatcher.stop()
    state.db.engine.dispose()


@pytest.fixture
def client(app: Flask):  # type: ignore[no-untyped-def]
    return app.test_client()


@pytest.fixture
def runner(app: Flask):  # type: ignore[no-untyped-def]
    return app.test_cli_runner()


@pytest.fixture
def service(app: Flask):  # type: ignore[no-untyped-def]
    return Moderation.state(app).service


def _postgres_available() -> str | None:
    try:
        engine = create_engine(PG_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(text("select 1"))
        engine.dispose()
        return None
    except Exception as exc:  # noqa: BLE001 - any failure means "no server here"
        return f"{type(exc).__name__}: {str(exc).splitlines()[0]}"


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The admin URL of the real PostgreSQL; skipped outside CI when none answers, failed in CI."""
    problem = _postgres_available()
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL at {PG_URL} must answer in CI: {problem}")
        pytest.skip(f"no PostgreSQL at {PG_URL} ({problem}); CI runs these")
    return PG_URL


@pytest.fixture
def pg_url(postgres_server: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    name = f"moderation_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(postgres_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(postgres_server).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def api_client(app: Flask):  # type: ignore[no-untyped-def]
    """A test client that sends a moderator's API token: the JSON API needs one (``plugin.access``)."""
    from plugin import access

    db = Moderation.state(app).db
    access.create_moderator(db, "api-tester", "api-tester-password", "moderator")
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = "Bearer " + access.create_token(db, "api-tester")
    return client
