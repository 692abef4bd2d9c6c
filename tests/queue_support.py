"""Helpers shared by the queue, access and API tests: accounts, sign-in and CSRF tokens."""
from __future__ import annotations

import re
from typing import Any, Iterator

import pytest

from flask import Flask

from plugin import Moderation, access

PASSWORD = "correct horse battery"
CSRF_RE = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def make_moderators(app: Flask) -> dict[str, str]:
    """alice and bob (moderators) and root (admin); returns their API tokens."""
    db = Moderation.state(app).db
    tokens = {}
    for name, role in (("alice", "moderator"), ("bob", "moderator"), ("root", "admin")):
        access.create_moderator(db, name, PASSWORD, role)
        tokens[name] = access.create_token(db, name)
    return tokens


def csrf_from(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def login(client: Any, username: str, password: str = PASSWORD) -> Any:
    page = client.get("/moderation/login")
    return client.post("/moderation/login", data={"username": username, "password": password, "csrf_token": csrf_from(page.text)})


def seed(app: Flask) -> dict[str, int]:
    """Comments with known outcomes under the test scorer: three held, one rejected, one approved."""
    service = Moderation.state(app).service
    bodies = {
        "idiot": "You idiot, read the article.",  # toxicity 0.8: held
        "burn": "Burn the camp down.",  # threat 0.6: held
        "idiot2": "Only an idiot writes this.",  # held
        "vermin": "They are vermin.",  # identity_attack 0.96: rejected
        "nice": "Thanks for the careful reporting.",  # approved
    }
    ids = {}
    for key, body in bodies.items():
        result = service.submit({"article": {"external_id": "calais", "title": "Calais: ring of steel", "url": "https://news.example/calais"}, "external_id": key, "author_id": "u-1", "author_name": "Sam", "body": body, "language": "en"})
        ids[key] = result.comment.id
    return ids


def post_form(client: Any, url: str, page_url: str, **data: Any) -> Any:
    """Post a form of the plugin with a CSRF token taken from ``page_url``."""
    token = csrf_from(client.get(page_url).text)
    return client.post(url, data={"csrf_token": token, **data})


#: A policy pinned for the queue tests, so a retuned default cannot move their comments between lists.
QUEUE_POLICY = {
    "thresholds": {
        "toxicity": (0.6, 0.95),
        "insult": (0.6, 0.95),
        "identity_attack": (0.5, 0.85),
        "threat": (0.5, 0.85),
        "obscene": (0.7, 0.95),
    }
}


def make_queue_app(tmp_path: Any, **config: Any) -> Flask:
    from conftest import make_app

    return make_app(tmp_path, MODERATION_POLICY=QUEUE_POLICY, **config)


def close_app(app: Flask) -> None:
    state = Moderation.state(app)
    state.dispatcher.stop()
    state.db.engine.dispose()


@pytest.fixture
def queue_app(tmp_path: Any) -> Iterator[Flask]:
    """The conftest app with the queue tests' pinned policy (import it into a test module to use it)."""
    app = make_queue_app(tmp_path)
    yield app
    close_app(app)
