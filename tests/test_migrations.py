"""Alembic owns the schema: models and migrations agree on SQLite and PostgreSQL."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from plugin import migrate
from plugin.db import make_engine
from plugin.models import Base

ROOT = Path(__file__).resolve().parent.parent


def check_round_trip(engine):
    migrate.upgrade(engine)
    assert migrate.current(engine) is not None
    assert migrate.pending_changes(engine) == []
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert "moderation_alembic_version" in tables and "alembic_version" not in tables
    migrate.downgrade(engine, "base")
    left = {t for t in inspect(engine).get_table_names() if t.startswith("moderation_")}
    assert left <= {"moderation_alembic_version"}
    migrate.upgrade(engine)
    assert migrate.pending_changes(engine) == []


def test_models_and_migrations_agree_on_sqlite(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    check_round_trip(engine)
    engine.dispose()


@pytest.mark.postgres
def test_models_and_migrations_agree_on_postgresql(pg_url):
    engine = make_engine(pg_url)
    check_round_trip(engine)
    engine.dispose()


def test_sits_beside_a_hosts_own_alembic_history(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
        connection.execute(text("INSERT INTO alembic_version VALUES ('host0001')"))
        connection.execute(text("CREATE TABLE comments (id INTEGER PRIMARY KEY, body TEXT)"))
    migrate.upgrade(engine)
    assert migrate.pending_changes(engine) == []  # the host's tables are ignored
    with engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == "host0001"
    engine.dispose()


def test_plain_alembic_command_works(tmp_path):
    url = f"sqlite:///{tmp_path / 'plain.sqlite3'}"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for args in (["upgrade", "head"], ["current"], ["downgrade", "base"]):
        done = subprocess.run(
            [sys.executable, "-m", "alembic", "-c", str(ROOT / "migrations" / "alembic.ini"), "-x", f"url={url}", *args],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
        )
        assert done.returncode == 0, done.stderr
    engine = create_engine(url)
    assert not [t for t in inspect(engine).get_table_names() if t.startswith("moderation_") and t != "moderation_alembic_version"]
    engine.dispose()


def test_one_head_only():
    from alembic.script import ScriptDirectory

    from plugin.db import make_engine as _make

    engine = _make("sqlite://")
    script = ScriptDirectory.from_config(migrate.alembic_config(engine))
    assert len(script.get_heads()) == 1
