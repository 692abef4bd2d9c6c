"""A small news site that mounts the plugin: the Calais story with a moderated comment section.

Run it with ``flask --app plugin.demo run`` after ``flask --app plugin.demo moderation db upgrade``
and ``flask --app plugin.demo moderation seed``.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from flask import Flask, abort, flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import select
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from .. import Moderation, ValidationError
from ..commands import SEEDS_DIR
from ..models import APPROVED, Article, Comment

moderation = Moderation()
csrf = CSRFProtect()


class CommentForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=80)])
    body = TextAreaField("Comment", validators=[DataRequired(), Length(max=5000)])


def load_article(seeds_dir: Path) -> dict[str, Any]:
    meta = json.loads((seeds_dir / "article.json").read_text(encoding="utf-8"))
    text = (seeds_dir / f"{meta['external_id']}.txt").read_text(encoding="utf-8")
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    if paragraphs and paragraphs[0] == meta["title"]:
        paragraphs = paragraphs[1:]
    while paragraphs and paragraphs[0] == meta["title"]:
        paragraphs = paragraphs[1:]
    return {**meta, "paragraphs": paragraphs}


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=os.environ.get("DEMO_SECRET_KEY", "demo-only-change-me"),
        DEMO_SEEDS_DIR=os.environ.get("DEMO_SEEDS_DIR", str(SEEDS_DIR)),
    )
    for key, value in os.environ.items():
        if key.startswith("MODERATION_"):
            try:
                app.config[key] = json.loads(value)
            except ValueError:
                app.config[key] = value
    app.config.update(config or {})
    csrf.init_app(app)
    moderation.init_app(app)
    article = load_article(Path(app.config["DEMO_SEEDS_DIR"]))

    @app.get("/")
    def index():  # type: ignore[no-untyped-def]
        return redirect(url_for("show_article", external_id=article["external_id"]))

    @app.route("/articles/<external_id>", methods=["GET", "POST"])
    def show_article(external_id: str):  # type: ignore[no-untyped-def]
        if external_id != article["external_id"]:
            abort(404)
        form = CommentForm()
        if form.validate_on_submit():
            try:
                result = moderation.submit(
                    source=article["source"],
                    article={k: article[k] for k in ("external_id", "title", "url", "sensitivity")},
                    author_id=f"web:{form.name.data}",
                    author_name=form.name.data,
                    body=form.body.data,
                )
            except ValidationError as exc:
                flash(str(exc), "error")
            else:
                status = result.comment.status
                message = {
                    "approved": "Thanks: your comment is published.",
                    "held": "Thanks: your comment is waiting for a moderator.",
                    "rejected": "Your comment breaks the house rules and was not published.",
                }.get(status, "Thanks: your comment is being checked.")
                flash(message, status)
                return redirect(url_for("show_article", external_id=external_id) + "#comments")
        state = Moderation.state()
        with state.db.session() as session:
            comments = session.scalars(
                select(Comment)
                .join(Article)
                .where(Article.source == article["source"], Article.external_id == external_id, Comment.status == APPROVED)
                .order_by(Comment.created_at.desc(), Comment.id.desc())
                .limit(200)
            ).all()
        return render_template("demo/article.html", article=article, comments=comments, form=form)

    return app
