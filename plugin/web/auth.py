"""Sign-in pages, CSRF checks, the login rate limit and security headers for the plugin's pages."""
from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Flask, current_app, flash, redirect, render_template, request, url_for
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFError, generate_csrf, validate_csrf
from werkzeug.wrappers import Response
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Length

from .. import access
from ..extension import Moderation

#: Sent with every response of the plugin's blueprints. No inline script may run.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class LoginForm(FlaskForm):
    username = StringField("Username", validators=[DataRequired(), Length(max=120)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1024)])
    next = HiddenField()


def safe_next(target: str | None, default: str) -> str:
    """``target`` if it is a path inside the plugin, else ``default`` (no open redirects)."""
    if not target:
        return default
    parts = urlsplit(target)
    prefix = current_app.config["MODERATION_URL_PREFIX"].rstrip("/") + "/"
    if parts.scheme or parts.netloc or not target.startswith(prefix) or target.startswith("//") or "\\" in target:
        return default
    return target


def install_security(parent: Blueprint) -> None:
    """Security headers on every plugin response; CSRF on every plugin form (the JSON API is exempt)."""

    @parent.after_request
    def security_headers(response: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if request.endpoint and not request.endpoint.startswith("moderation.api.") and response.mimetype == "text/html":
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    @parent.app_context_processor
    def moderation_globals() -> dict[str, Any]:
        return {"moderation_csrf_token": generate_csrf}


def csrf_check() -> None:
    """Refuse a form post without a valid Flask-WTF CSRF token (``CSRFError``, 400)."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    if not current_app.config.get("WTF_CSRF_ENABLED", True) or request.endpoint == "moderation.auth.login":
        return  # the login form is a FlaskForm and checks its own token
    try:
        validate_csrf(request.form.get("csrf_token"))
    except Exception as exc:  # wtforms.ValidationError: missing, expired or wrong
        raise CSRFError(f"{exc}: reload the page and try again") from None


def build_auth(parent: Blueprint) -> Blueprint:
    """``moderation.auth``: the login and logout pages of the plugin's own moderator accounts."""
    auth = Blueprint("auth", __name__)
    limiter = Limiter(
        key_func=get_remote_address,
        storage_uri="memory://",
        default_limits_exempt_when=lambda: True,
        application_limits_exempt_when=lambda: True,
        headers_enabled=False,
    )

    @parent.record_once
    def _init_limiter(state: Any) -> None:
        app: Flask = state.app
        # The storage is only known once the app's config is (the limiter is built with the views).
        limiter._storage_uri = app.config["MODERATION_RATE_LIMIT_STORAGE_URI"]
        limiter.init_app(app)

    auth.before_request(csrf_check)

    @auth.route("/login", methods=["GET", "POST"])
    @limiter.limit(lambda: current_app.config["MODERATION_LOGIN_RATE_LIMIT"], methods=["POST"])
    def login():  # type: ignore[no-untyped-def]
        if access.host_hook() is not None:
            return render_template("moderation/error.html", title="Sign in on the site", message="This site signs moderators in with its own accounts.", status=404), 404
        form = LoginForm()
        form.next.data = form.next.data or request.args.get("next", "")
        error = None
        if request.method == "POST":
            if form.validate():
                moderator = access.authenticate(Moderation.state().db, form.username.data or "", form.password.data or "")
                if moderator is not None:
                    access.login_session(moderator)
                    flash(f"Signed in as {moderator.username}.", "info")
                    return redirect(safe_next(form.next.data, url_for("moderation.queue.index")))
                error = "Wrong username or password (or the account is disabled)."
            elif form.csrf_token.errors:
                error = "The form expired: try again."
            else:
                error = "Enter your username and password."
        status = 401 if error else 200
        return render_template("moderation/login.html", form=form, error=error), status

    @auth.post("/logout")
    def logout():  # type: ignore[no-untyped-def]
        access.logout_session()
        flash("Signed out.", "info")
        return redirect(url_for("moderation.auth.login"))

    return auth
