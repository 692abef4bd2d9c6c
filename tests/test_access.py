"""Moderator access: sign-in, roles, tokens, the host's hook, CSRF, rate limit, security headers, CLI."""
from __future__ import annotations

import hashlib
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from plugin import Moderation, access
from plugin.models import Moderator

from conftest import make_app
from queue_support import PASSWORD, csrf_from, login, make_moderators, post_form, seed

PAGES = ["/moderation/", "/moderation/queue", "/moderation/queue/1", "/moderation/stats", "/moderation/stats.csv"]
FORMS = ["/moderation/queue/1/act", "/moderation/queue/1/release", "/moderation/queue/bulk"]



@pytest.fixture
def app(queue_app: Flask) -> Flask:
    return queue_app

@pytest.fixture
def accounts(app: Flask) -> dict[str, str]:
    tokens = make_moderators(app)
    seed(app)
    return tokens


def test_anonymous_gets_the_login_page(client: Any, accounts: dict[str, str]) -> None:
    for url in PAGES[1:]:
        response = client.get(url)
        assert response.status_code == 302 and "/moderation/login?next=" in response.headers["Location"], url
    assert client.get("/moderation/").status_code == 302
    page = client.get("/moderation/login")
    assert page.status_code == 200 and page.mimetype == "text/html" and "Sign in" in page.text


def test_anonymous_form_posts_are_refused(client: Any, accounts: dict[str, str]) -> None:
    token = csrf_from(client.get("/moderation/login").text)
    for url in FORMS:
        response = client.post(url, data={"csrf_token": token, "action": "approve", "ids": "1"})
        assert response.status_code == 302 and "/moderation/login" in response.headers["Location"], url


def test_moderator_signs_in_and_out(client: Any, accounts: dict[str, str], app: Flask) -> None:
    assert login(client, "alice", "wrong password!").status_code == 401
    assert login(client, "nobody").status_code == 401
    signed_in = login(client, "alice")
    assert signed_in.status_code == 302 and signed_in.headers["Location"] == "/moderation/queue"
    for url in PAGES[1:4]:
        assert client.get(url).status_code == 200, url
    assert client.get("/moderation/stats.csv").status_code == 403  # admin only
    with Moderation.state(app).db.session() as s:
        assert s.scalar(select(Moderator.last_login_at).where(Moderator.username == "alice")) is not None
    assert post_form(client, "/moderation/logout", "/moderation/queue").status_code == 302
    assert client.get("/moderation/queue").status_code == 302


def test_login_redirects_only_inside_the_plugin(client: Any, accounts: dict[str, str]) -> None:
    page = client.get("/moderation/login?next=https://evil.example/")
    response = client.post("/moderation/login", data={"username": "alice", "password": PASSWORD, "csrf_token": csrf_from(page.text), "next": "https://evil.example/"})
    assert response.headers["Location"] == "/moderation/queue"
    client.post("/moderation/logout", data={"csrf_token": csrf_from(client.get("/moderation/queue").text)})
    page = client.get("/moderation/login")
    response = client.post("/moderation/login", data={"username": "alice", "password": PASSWORD, "csrf_token": csrf_from(page.text), "next": "/moderation/stats"})
    assert response.headers["Location"] == "/moderation/stats"


def test_admin_only_actions_are_refused_to_moderators(app: Flask, accounts: dict[str, str]) -> None:
    alice, root = app.test_client(), app.test_client()
    login(alice, "alice")
    login(root, "root")
    assert alice.get("/moderation/stats.csv").status_code == 403
    assert root.get("/moderation/stats.csv").status_code == 200
    assert "Export decisions" in root.get("/moderation/stats").text
    assert "Export decisions" not in alice.get("/moderation/stats").text


def test_forms_need_a_csrf_token(app: Flask, accounts: dict[str, str]) -> None:
    client = app.test_client()
    login(client, "alice")
    refused = client.post("/moderation/queue/1/act", data={"action": "approve"})
    assert refused.status_code == 400 and "CSRF" in refused.text
    assert client.post("/moderation/queue/1/act", data={"action": "approve", "csrf_token": "forged"}).status_code == 400
    assert client.post("/moderation/login", data={"username": "alice", "password": PASSWORD}).status_code == 401
    assert Moderation.state(app).service.get_comment(1)[0].status == "held"


def test_csrf_is_scoped_to_the_plugin(app: Flask) -> None:
    @app.post("/host-form")
    def host_form() -> str:
        return "ok"

    assert app.test_client().post("/host-form", data={"x": "1"}).text == "ok"


def test_login_is_rate_limited(client: Any, accounts: dict[str, str]) -> None:
    token = csrf_from(client.get("/moderation/login").text)
    codes = [client.post("/moderation/login", data={"username": "alice", "password": "wrong password", "csrf_token": token}).status_code for _ in range(11)]
    assert codes[:10] == [401] * 10 and codes[10] == 429
    assert client.get("/moderation/login").status_code == 200  # only posts count


def test_security_headers_on_plugin_pages_only(app: Flask, client: Any, accounts: dict[str, str]) -> None:
    @app.get("/host-page")
    def host_page() -> str:
        return "host"

    for url in ("/moderation/login", "/moderation/api/openapi.json", "/moderation/static/moderation/queue.css"):
        response = client.get(url)
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp, url
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Referrer-Policy"] == "same-origin"
        response.close()
    assert "Content-Security-Policy" not in client.get("/host-page").headers


def test_passwords_and_tokens_are_stored_hashed(app: Flask, accounts: dict[str, str]) -> None:
    with Moderation.state(app).db.session() as s:
        alice = s.scalar(select(Moderator).where(Moderator.username == "alice"))
    assert alice.password_hash.startswith("scrypt:") and PASSWORD not in alice.password_hash
    assert alice.api_token_hash == hashlib.sha256(accounts["alice"].encode()).hexdigest()
    db = Moderation.state(app).db
    with pytest.raises(access.ValidationError):
        access.create_moderator(db, "alice", PASSWORD)
    with pytest.raises(access.ValidationError):
        access.create_moderator(db, "carol", "short")
    with pytest.raises(access.ValidationError):
        access.create_moderator(db, "dave", PASSWORD, role="owner")


def test_a_password_change_signs_out_other_sessions(app: Flask, accounts: dict[str, str]) -> None:
    client = app.test_client()
    login(client, "alice")
    access.set_password(Moderation.state(app).db, "alice", "another long password")
    assert client.get("/moderation/queue").status_code == 302


def test_cli_creates_moderators_and_tokens(app: Flask) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(args=["moderation", "create-moderator", "erin", "--role", "admin", "--password-stdin"], input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert "created admin erin" in result.output
    result = runner.invoke(args=["moderation", "create-moderator", "fay"], input="a fine password\na fine password\n")
    assert result.exit_code == 0, result.output
    bad = runner.invoke(args=["moderation", "create-moderator", "gus", "--password-stdin"], input="short\n")
    assert bad.exit_code != 0 and "at least" in bad.output
    result = runner.invoke(args=["moderation", "create-token", "erin"])
    assert result.exit_code == 0
    token = result.stdout.strip().splitlines()[0]
    assert token.startswith("modtok_")
    assert app.test_client().get("/moderation/api/queue", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    missing = runner.invoke(args=["moderation", "create-token", "nobody"])
    assert missing.exit_code != 0 and "no moderator" in missing.output


# -- the host's hook ------------------------------------------------------------
def test_host_hook_from_config(tmp_path: Any) -> None:
    asked: list[str] = []

    def authorize(action: str) -> str | None:
        asked.append(action)
        from flask import request

        user = request.headers.get("X-User")
        if user == "editor":
            return "editor"
        if user == "intern" and action != "admin":
            return "intern"
        return None

    app = make_app(tmp_path, MODERATION_AUTHORIZE=authorize)
    seed(app)
    client = app.test_client()
    assert client.get("/moderation/queue").status_code == 401  # the host signs people in, not the plugin
    assert client.get("/moderation/queue", headers={"X-User": "intern"}).status_code == 200
    assert client.get("/moderation/stats.csv", headers={"X-User": "intern"}).status_code == 403
    assert client.get("/moderation/stats.csv", headers={"X-User": "editor"}).status_code == 200
    assert client.get("/moderation/login").status_code == 404
    response = client.post("/moderation/api/comments/1/decisions", json={"action": "approve"}, headers={"X-User": "editor"})
    assert response.status_code == 201 and response.json["decision"]["actor"] == "moderator:editor"
    assert "queue.view" in asked and "queue.act" in asked and "admin" in asked
    Moderation.state(app).db.engine.dispose()


def test_host_hook_by_decorator_may_allow_anonymous_submission(tmp_path: Any) -> None:
    app = Flask("host", instance_path=str(tmp_path / "instance"))
    app.config.update(TESTING=True, SECRET_KEY="s", MODERATION_DATABASE_URI=f"sqlite:///{tmp_path / 'm.sqlite3'}", MODERATION_DISPATCH="inline")
    from plugin import StaticScorer, migrate

    moderation = Moderation(scorer=StaticScorer(default={"toxicity": 0.1}))

    @moderation.authorize
    def authorize(action: str) -> str | None:
        return "anonymous" if action == "api.submit" else None

    moderation.init_app(app)
    migrate.upgrade(Moderation.state(app).db.engine)
    client = app.test_client()
    created = client.post("/moderation/api/comments", json={"article": "a1", "body": "Hello there"})
    assert created.status_code == 201
    assert client.get(f"/moderation/api/comments/{created.json['id']}").status_code == 401
    Moderation.state(app).db.engine.dispose()
