"""Every way in reaches the same pipeline: Python API, ORM hook, JSON endpoint."""
from sqlalchemy import ForeignKey, String, create_engine, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from plugin import Moderation
from plugin.models import Comment


def test_python_api_returns_comment_and_inline_decision(app):
    with app.app_context():
        result = Moderation.state().extension.submit(article="calais", body="A thoughtful piece, thank you.", author_id="7")
    assert result.created and result.decision.outcome == "approve"
    assert result.comment.status == "approved" and result.comment.source == "local"


class HostBase(DeclarativeBase):
    pass


class HostArticle(HostBase):
    __tablename__ = "articles"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(50))


class HostComment(HostBase):
    __tablename__ = "comments"
    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"))
    text: Mapped[str] = mapped_column(String(2000))
    user_id: Mapped[int] = mapped_column()


def test_orm_hook_moderates_host_rows_after_commit(app, tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'host.sqlite3'}")
    HostBase.metadata.create_all(engine)  # the host's own tables, not ours
    with app.app_context():
        moderation = Moderation.state().extension
        moderation.watch(HostComment, text="text", article=lambda c: f"article-{c.article_id}", author="user_id")
        try:
            with Session(engine) as session:
                session.add(HostArticle(id=1, slug="calais"))
                session.add_all([HostComment(article_id=1, text="Those vermin again", user_id=5), HostComment(article_id=1, text="Good reporting", user_id=6)])
                session.flush()
                service = Moderation.state().service
                assert service.pending_ids() == []  # nothing before the host commits
                session.commit()
            with Session(engine) as session:
                session.add(HostComment(article_id=1, text="rolled back", user_id=7))
                session.rollback()
        finally:
            for unwatch in Moderation.state().watched:
                unwatch()
        with service.db.session() as s:
            rows = s.execute(select(Comment.external_id, Comment.status, Comment.author_id, Comment.source).order_by(Comment.id)).all()
    assert rows == [("comments:1", "rejected", "5", "host"), ("comments:2", "approved", "6", "host")]
    engine.dispose()


def test_json_endpoint_posts_and_reads_status(api_client):
    response = api_client.post("/moderation/api/comments", json={"article": {"external_id": "calais", "sensitivity": "sensitive"}, "body": "you idiot", "external_id": "c-1", "source": "site"})
    assert response.status_code == 201
    body = response.get_json()
    assert body["status"] == "rejected" and body["decision"]["outcome"] == "reject"
    assert body["scores"]["insult"] == 0.75
    again = api_client.post("/moderation/api/comments", json={"article": "calais", "body": "you idiot", "external_id": "c-1", "source": "site"})
    assert again.status_code == 200 and again.get_json()["id"] == body["id"]
    status = api_client.get(f"/moderation/api/comments/{body['id']}")
    assert status.status_code == 200
    assert [d["outcome"] for d in status.get_json()["decisions"]] == ["reject"]
    missing = api_client.get("/moderation/api/comments/999999")
    assert missing.status_code == 404 and "no comment with id 999999" in missing.get_json()["message"]


def test_comment_text_is_stored_verbatim_not_interpreted(api_client, service):
    payload = "<script>alert(1)</script> '; DROP TABLE moderation_comments; --"
    response = api_client.post("/moderation/api/comments", json={"article": "a", "body": payload})
    assert response.status_code == 201 and response.get_json()["body"] == payload
    with service.db.session() as session:
        assert session.scalar(select(func.count()).select_from(Comment)) == 1
