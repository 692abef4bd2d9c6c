"""Mounting the extension: factories, one registration per app, config defaults, templates."""
import pytest
from flask import Flask

from plugin import ConfigurationError, Moderation
from plugin.config import DEFAULTS


def test_init_app_twice_on_one_app_raises(tmp_path):
    app = Flask("host", instance_path=str(tmp_path))
    moderation = Moderation()
    moderation.init_app(app)
    with pytest.raises(RuntimeError, match="already registered"):
        moderation.init_app(app)
    with pytest.raises(RuntimeError, match="already registered"):
        Moderation(app)


def test_app_factory_state_lives_in_app_extensions(tmp_path):
    moderation = Moderation()
    apps = []
    for name in ("one", "two"):
        app = Flask(name, instance_path=str(tmp_path / name))
        moderation.init_app(app)
        apps.append(app)
    first, second = (app.extensions["moderation"] for app in apps)
    assert first is not second and first.extension is moderation and first.db is not second.db
    assert not hasattr(moderation, "app")
    with apps[1].app_context():
        assert moderation.service is second.service


def test_every_default_is_applied_without_overriding_the_host(tmp_path):
    app = Flask("host", instance_path=str(tmp_path))
    app.config["MODERATION_URL_PREFIX"] = "/mod"
    Moderation(app)
    for key, value in DEFAULTS.items():
        if key != "MODERATION_URL_PREFIX":
            assert app.config[key] == value
    assert app.config["MODERATION_URL_PREFIX"] == "/mod"
    assert any(rule.rule.startswith("/mod/api/comments") for rule in app.url_map.iter_rules())


def test_default_database_is_sqlite_in_the_instance_folder(tmp_path):
    app = Flask("host", instance_path=str(tmp_path / "inst"))
    Moderation(app)
    url = app.extensions["moderation"].db.url
    assert url == f"sqlite:///{tmp_path / 'inst' / 'moderation.sqlite3'}"


def test_the_host_flask_sqlalchemy_engine_is_shared(tmp_path):
    flask_sqlalchemy = pytest.importorskip("flask_sqlalchemy")
    app = Flask("host", instance_path=str(tmp_path))
    app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'host.sqlite3'}"
    db = flask_sqlalchemy.SQLAlchemy(app)
    Moderation(app, db=db)
    with app.app_context():
        assert app.extensions["moderation"].db.engine is db.engine


def test_bad_configuration_is_refused_at_start(tmp_path):
    for key, value, message in (
        ("MODERATION_DISPATCH", "carrier-pigeon", "use one of inline, thread, celery"),
        ("MODERATION_DEFAULT_SENSITIVITY", "loud", "use standard, sensitive or premoderate"),
        ("MODERATION_POLICY", {"thresholds": {"toxicity": [0.9, 0.1]}}, "hold <= reject"),
    ):
        app = Flask("host", instance_path=str(tmp_path))
        app.config[key] = value
        with pytest.raises(ConfigurationError, match=message):
            Moderation(app)


def test_unknown_scorer_name_is_a_clear_error(tmp_path):
    from plugin import ScorerError

    app = Flask("host", instance_path=str(tmp_path))
    app.config.update(MODERATION_SCORER="perspective-api", MODERATION_DATABASE_URI=f"sqlite:///{tmp_path}/m.sqlite3", MODERATION_DISPATCH="inline")
    Moderation(app)
    with app.app_context(), pytest.raises(ScorerError, match="unknown scorer 'perspective-api'"):
        app.extensions["moderation"].service.scorer


def test_blueprints_are_nested_and_templates_namespaced(app):
    assert "moderation" in app.blueprints
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert "moderation.api.submit_comment" in endpoints
    loader = app.blueprints["moderation"].jinja_loader
    assert loader is not None and loader.searchpath[0].endswith("templates")
