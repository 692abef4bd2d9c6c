"""The JSON API: authentication, the queue with cursors, decisions, undo, bulk, claims and JSON errors."""
from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from plugin import Moderation

from queue_support import make_moderators, seed

ROUTES = [
    ("get", "/moderation/api/queue", None),
    ("get", "/moderation/api/comments/1", None),
    ("post", "/moderation/api/comments", {"article": "a", "body": "hello"}),
    ("post", "/moderation/api/comments/1/decisions", {"action": "approve"}),
    ("post", "/moderation/api/decisions/bulk", {"ids": [1], "action": "approve"}),
    ("post", "/moderation/api/comments/1/claim", None),
    ("delete", "/moderation/api/comments/1/claim", None),
]



@pytest.fixture
def app(queue_app: Flask) -> Flask:
    return queue_app

@pytest.fixture
def tokens(app: Flask) -> dict[str, str]:
    tokens = make_moderators(app)
    seed(app)
    return tokens


def auth(tokens: dict[str, str], name: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens[name]}"}


def test_every_route_needs_a_token(client: Any, tokens: dict[str, str]) -> None:
    for method, url, body in ROUTES:
        for headers in ({}, {"Authorization": "Bearer modtok_wrong"}, {"Authorization": "Basic abc"}):
            response = getattr(client, method)(url, json=body, headers=headers)
            assert response.status_code == 401, (method, url, headers)
            assert response.is_json and response.json["message"]
            assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_session_cookies_do_not_open_the_api(app: Flask, client: Any, tokens: dict[str, str]) -> None:
    from queue_support import login

    login(client, "alice")
    assert client.get("/moderation/api/queue").status_code == 401


def test_list_the_queue_with_filters_and_cursor(client: Any, tokens: dict[str, str]) -> None:
    h = auth(tokens, "alice")
    first = client.get("/moderation/api/queue?limit=2", headers=h)
    assert first.status_code == 200
    assert [i["external_id"] if "external_id" in i else i["body"][:6] for i in first.json["items"]]
    assert [i["top_score"] for i in first.json["items"]] == [0.8, 0.8]
    second = client.get(f"/moderation/api/queue?limit=2&cursor={first.json['next_cursor']}", headers=h)
    assert [i["top_score"] for i in second.json["items"]] == [0.7] and second.json["next_cursor"] is None
    rejected = client.get("/moderation/api/queue?status=rejected", headers=h).json["items"]
    assert [i["body"] for i in rejected] == ["They are vermin."]
    assert client.get("/moderation/api/queue?status=all&sort=newest&language=en&article=calais", headers=h).json["items"][0]["body"] == "Thanks for the careful reporting."
    bad = client.get("/moderation/api/queue?min_score=lots", headers=h)
    assert bad.status_code == 422 and bad.json["errors"][0]["field"] == "min_score"
    assert client.get("/moderation/api/queue?cursor=garbage", headers=h).status_code == 422


def test_read_an_item_with_its_decisions(client: Any, tokens: dict[str, str]) -> None:
    item = client.get("/moderation/api/comments/1", headers=auth(tokens, "alice"))
    assert item.status_code == 200
    assert item.json["status"] == "held" and item.json["decisions"][0]["actor"].startswith("policy:")
    assert item.json["claim"] is None and item.json["scores"]["toxicity"] == 0.8
    missing = client.get("/moderation/api/comments/999", headers=auth(tokens, "alice"))
    assert missing.status_code == 404 and "999" in missing.json["message"]


def test_act_undo_and_conflicts(client: Any, tokens: dict[str, str]) -> None:
    h = auth(tokens, "alice")
    revision = client.get("/moderation/api/comments/1", headers=h).json["revision"]
    done = client.post("/moderation/api/comments/1/decisions", json={"action": "reject", "reason": "harassment or insult", "note": "rude", "revision": revision}, headers=h)
    assert done.status_code == 201
    assert done.json["decision"]["actor"] == "moderator:alice" and done.json["comment"]["status"] == "rejected"
    stale = client.post("/moderation/api/comments/1/decisions", json={"action": "approve", "revision": revision}, headers=auth(tokens, "bob"))
    assert stale.status_code == 409 and "moderator:alice" in stale.json["message"]
    no_reason = client.post("/moderation/api/comments/1/decisions", json={"action": "reject"}, headers=h)
    assert no_reason.status_code == 422 and "reason" in no_reason.json["message"]
    assert client.post("/moderation/api/comments/1/decisions", json={"action": "explode"}, headers=h).status_code == 422
    assert client.post("/moderation/api/comments/1/decisions", json=["approve"], headers=h).status_code == 422
    assert client.post("/moderation/api/comments/1/decisions", data="approve", headers=h).status_code == 422
    # bob may not undo alice's decision; the admin may
    undo_bob = client.post("/moderation/api/comments/1/decisions", json={"action": "undo"}, headers=auth(tokens, "bob"))
    assert undo_bob.status_code == 403
    undo = client.post("/moderation/api/comments/1/decisions", json={"action": "undo", "decision_id": done.json["decision"]["id"]}, headers=auth(tokens, "root"))
    assert undo.status_code == 201 and undo.json["comment"]["status"] == "held"
    assert undo.json["decision"]["reasons"] == [f"undo of decision #{done.json['decision']['id']}"]


def test_bulk(client: Any, tokens: dict[str, str]) -> None:
    h = auth(tokens, "alice")
    response = client.post("/moderation/api/decisions/bulk", json={"ids": [1, 2, 999], "action": "approve"}, headers=h)
    assert response.status_code == 200
    assert response.json["done"] == 2 and response.json["failed"] == 1
    assert response.json["results"][2] == {"id": 999, "ok": False, "error": "no comment with id 999", "status": 404}
    undo = client.post("/moderation/api/decisions/bulk", json={"ids": [1, 2], "action": "undo"}, headers=h)
    assert undo.json["done"] == 2
    assert client.post("/moderation/api/decisions/bulk", json={"ids": "1,2", "action": "approve"}, headers=h).status_code == 422
    assert client.post("/moderation/api/decisions/bulk", json={"ids": [], "action": "approve"}, headers=h).status_code == 422


def test_claims(client: Any, tokens: dict[str, str]) -> None:
    mine = client.post("/moderation/api/comments/2/claim", headers=auth(tokens, "alice"))
    assert mine.status_code == 200 and mine.json["moderator"] == "alice"
    theirs = client.post("/moderation/api/comments/2/claim", headers=auth(tokens, "bob"))
    assert theirs.status_code == 409 and "claimed by alice" in theirs.json["message"]
    blocked = client.post("/moderation/api/comments/2/decisions", json={"action": "approve"}, headers=auth(tokens, "bob"))
    assert blocked.status_code == 409
    assert client.get("/moderation/api/comments/2", headers=auth(tokens, "bob")).json["claim"]["moderator"] == "alice"
    assert client.delete("/moderation/api/comments/2/claim", headers=auth(tokens, "alice")).status_code == 204
    assert client.post("/moderation/api/comments/2/decisions", json={"action": "approve"}, headers=auth(tokens, "bob")).status_code == 201


def test_submit_and_read_status(client: Any, tokens: dict[str, str]) -> None:
    h = auth(tokens, "alice")
    created = client.post("/moderation/api/comments", json={"article": "calais", "external_id": "cms-1", "body": "You idiot"}, headers=h)
    assert created.status_code == 201 and created.json["status"] == "held"
    again = client.post("/moderation/api/comments", json={"article": "calais", "external_id": "cms-1", "body": "You idiot"}, headers=h)
    assert again.status_code == 200 and again.json["id"] == created.json["id"]
    bad = client.post("/moderation/api/comments", json={"article": "calais", "body": ""}, headers=h)
    assert bad.status_code == 422 and bad.json["message"]
    status = client.get(f"/moderation/api/comments/{created.json['id']}", headers=h).json
    assert status["status"] == "held" and len(status["decisions"]) == 1


def test_errors_under_the_api_prefix_are_json(client: Any, tokens: dict[str, str]) -> None:
    h = auth(tokens, "alice")
    missing = client.get("/moderation/api/nothing/here", headers=h)
    assert missing.status_code == 404 and missing.is_json and missing.json["message"]
    wrong_method = client.put("/moderation/api/comments", json={}, headers=h)
    assert wrong_method.status_code == 405 and wrong_method.is_json and "POST" in wrong_method.headers["Allow"]
    assert client.delete("/moderation/api/queue", headers=h).status_code == 405
    not_json = client.post("/moderation/api/comments", data=b"{oops", headers={**h, "Content-Type": "application/json"})
    assert not_json.status_code == 400 and not_json.is_json


def test_api_never_needs_csrf(app: Flask, client: Any, tokens: dict[str, str]) -> None:
    assert app.config.get("WTF_CSRF_ENABLED", True)
    assert client.post("/moderation/api/comments/3/decisions", json={"action": "approve"}, headers=auth(tokens, "alice")).status_code == 201
    assert Moderation.state(app).service.get_comment(3)[0].status == "approved"
