"""The OpenAPI document covers every API route, and every documented path exists."""
from __future__ import annotations

import re
from typing import Any

from flask import Flask


def _api_routes(app: Flask) -> set[tuple[str, str]]:
    routes = set()
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("moderation.api.") or rule.endpoint == "moderation.api.not_found":
            continue
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule.removeprefix("/moderation/api"))
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            routes.add((path, method.lower()))
    return routes


def test_every_api_route_is_documented_and_every_documented_path_exists(app: Flask, client: Any) -> None:
    response = client.get("/moderation/api/openapi.json")
    assert response.status_code == 200
    doc = response.json
    assert doc["openapi"].startswith("3.1")
    assert doc["servers"][0]["url"] == "/moderation/api"
    documented = {(path, method) for path, ops in doc["paths"].items() for method in ops}
    assert documented == _api_routes(app)


def test_every_reference_resolves(client: Any) -> None:
    doc = client.get("/moderation/api/openapi.json").json
    refs = set(re.findall(r'"\$ref": "#/([^"]+)"', __import__("json").dumps(doc)))
    for ref in refs:
        node = doc
        for part in ref.split("/"):
            node = node[part]
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            assert op["responses"], (path, method)
            for param in re.findall(r"{(\w+)}", path):
                assert any(p["name"] == param and p["in"] == "path" for p in op.get("parameters", [])), (path, method, param)


def test_the_document_follows_the_mount_prefix(tmp_path: Any) -> None:
    from conftest import make_app
    from plugin import Moderation

    app = make_app(tmp_path, MODERATION_URL_PREFIX="/admin/mod")
    assert app.test_client().get("/admin/mod/api/openapi.json").json["servers"][0]["url"] == "/admin/mod/api"
    Moderation.state(app).db.engine.dispose()
