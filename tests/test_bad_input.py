"""Bad input is normal: each gets a clear error and nothing half-written."""
import pytest
from sqlalchemy import func, select

from plugin import ValidationError
from plugin.models import Article, Comment, Decision


def nothing_written(service):
    with service.db.session() as session:
        return all(session.scalar(select(func.count()).select_from(m)) == 0 for m in (Article, Comment, Decision))


BAD = [
    ({"article": "a", "body": ""}, "body", "body is empty"),
    ({"article": "a", "body": "   \n\t "}, "body", "body is empty"),
    ({"article": "a", "body": "\u200b\u200b"}, "body", "body is empty"),
    ({"article": "a", "body": 42}, "body", "valid string"),
    ({"article": "a", "body": None}, "body", "valid string"),
    ({"article": "a", "body": ["x"]}, "body", "valid string"),
    ({"article": "a", "body": "bad \x00 byte"}, "body", "control character"),
    ({"article": "a", "body": "lone \udc80 surrogate"}, "body", "not valid UTF-8"),
    ({"article": {"external_id": "a", "sensitivity": "loud"}, "body": "hi"}, "article.sensitivity", "'standard', 'sensitive' or 'premoderate'"),
    ({"body": "hi"}, "article", "Field required"),
    ({"article": "a", "body": "hi", "colour": "red"}, "colour", "Extra inputs"),
    ({"article": "a", "body": "hi", "source": "no spaces allowed"}, "source", "pattern"),
]


@pytest.mark.parametrize("data, field, message", BAD)
def test_python_api_raises_a_typed_error(service, data, field, message):
    with pytest.raises(ValidationError) as info:
        service.submit(data)
    assert any(e["field"] == field and message in e["message"] for e in info.value.errors), info.value.errors
    assert nothing_written(service)


@pytest.mark.parametrize("data, field, message", [b for b in BAD if b[0].get("body") != "lone \udc80 surrogate"])
def test_json_api_answers_422_with_the_field(api_client, service, data, field, message):
    response = api_client.post("/moderation/api/comments", json=data)
    assert response.status_code == 422
    body = response.get_json()
    assert any(e["field"] == field and message in e["message"] for e in body["errors"])
    assert nothing_written(service)


def test_too_long_a_comment(app, service, api_client):
    limit = app.config["MODERATION_MAX_COMMENT_CHARS"]
    with pytest.raises(ValidationError, match=f"the limit is {limit}"):
        service.submit({"article": "a", "body": "x" * (limit + 1)})
    response = api_client.post("/moderation/api/comments", json={"article": "a", "body": "x" * (limit + 1)})
    assert response.status_code == 422 and f"limit is {limit}" in response.get_json()["message"]
    assert service.submit({"article": "a", "body": "x" * limit}).created


def test_invalid_utf8_and_bad_json_are_400(api_client, service):
    for raw in (b'{"article": "a", "body": "\xff\xfe"}', b'{"article": ', b"\x00\x01binary"):
        response = api_client.post("/moderation/api/comments", data=raw, content_type="application/json")
        assert response.status_code == 400
        assert "not valid JSON" in response.get_json()["message"]
    assert nothing_written(service)


def test_json_of_the_wrong_shape(api_client, service):
    for data in ([1, 2], "just a string", 3):
        response = api_client.post("/moderation/api/comments", json=data)
        assert response.status_code == 422
        assert "must be a JSON object" in response.get_json()["message"]
    response = api_client.post("/moderation/api/comments", data="body=hi", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 422 and "Content-Type: application/json" in response.get_json()["message"]


def test_bytes_body_in_python(service):
    with pytest.raises(ValidationError, match="not valid UTF-8"):
        service.submit({"article": "a", "body": b"\xff\xfe"})
    assert service.submit({"article": "a", "body": "caf\u00e9".encode()}).comment.body == "caf\u00e9"
