"""The demo site mounts the plugin and publishes only approved comments, escaped."""
import pytest

from plugin import migrate
from plugin.demo import create_app


@pytest.fixture
def demo(tmp_path):
    app = create_app({
        "TESTING": True,
        "WTF_CSRF_ENABLED": False,
        "MODERATION_DATABASE_URI": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        "MODERATION_DISPATCH": "inline",
        "MODERATION_SCORER": "static",
        "MODERATION_SCORER_OPTIONS": {"rules": {"vermin": {"identity_attack": 0.99, "toxicity": 0.99}}},
    })
    migrate.upgrade(app.extensions["moderation"].db.engine)
    yield app
    app.extensions["moderation"].db.engine.dispose()


def test_article_page_and_moderated_comments(demo):
    client = demo.test_client()
    page = client.get("/", follow_redirects=True)
    assert page.status_code == 200 and b"Ring of Steel" in page.data
    posted = client.post("/articles/calais-ring-of-steel", data={"name": "Ann", "body": "Good <b>reporting</b>"}, follow_redirects=True)
    assert b"your comment is published" in posted.data
    assert b"Good &lt;b&gt;reporting&lt;/b&gt;" in posted.data
    rejected = client.post("/articles/calais-ring-of-steel", data={"name": "Troll", "body": "vermin"}, follow_redirects=True)
    assert b"was not published" in rejected.data
    assert b"vermin" not in rejected.data.split(b'id="comments"')[1].split(b"</form>")[1]


def test_comment_form_needs_a_csrf_token(tmp_path):
    app = create_app({"MODERATION_DATABASE_URI": f"sqlite:///{tmp_path / 'd.sqlite3'}", "MODERATION_SCORER": "static", "MODERATION_DISPATCH": "inline"})
    migrate.upgrade(app.extensions["moderation"].db.engine)
    response = app.test_client().post("/articles/calais-ring-of-steel", data={"name": "Ann", "body": "hi"})
    assert response.status_code == 400
    app.extensions["moderation"].db.engine.dispose()
