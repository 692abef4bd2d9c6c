"""Who may use the review queue and the API.

One question, asked with an action name (see ``ACTIONS``): may the person
behind this request do it, and under which name? A host answers it with its
own hook (``MODERATION_AUTHORIZE`` or ``@moderation.authorize``, e.g. from
Flask-Login's ``current_user``); without one, the plugin's own moderator
accounts answer it: a session login for the pages, ``Authorization: Bearer``
tokens for the JSON API.

Passwords are hashed with scrypt (``werkzeug.security``); API tokens are
stored as SHA-256 digests and shown once.
"""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from typing import Any, Callable

from flask import current_app, g, request, session
from sqlalchemy import select, update
from werkzeug.security import check_password_hash, generate_password_hash

from .db import Database, rowcount
from .errors import ModerationError, NotFound, ValidationError
from .models import Moderator, utcnow
from .service import Forbidden

#: Every action the plugin asks about, and the built-in role that may do it.
ACTIONS: dict[str, str] = {
    "queue.view": "moderator",  # list the queue, open an item, read a comment through the API
    "queue.act": "moderator",  # approve, reject, hold, undo one's own decision, claim, bulk
    "stats.view": "moderator",  # the stats page
    "api.submit": "moderator",  # POST a comment through the JSON API
    "admin": "admin",  # undo someone else's (or the policy's) decision, export stats as CSV
}
ROLES = ("moderator", "admin")
USERNAME_RE = re.compile(r"^[A-Za-z0-9_.@-]{1,120}$")
MIN_PASSWORD = 10
SESSION_KEY = "moderation.moderator"
TOKEN_PREFIX = "modtok_"
# Checked when the username is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-real-password", method="scrypt")


class Unauthenticated(ModerationError):
    """Nobody is signed in (or the token is unknown)."""

    status_code = 401


@dataclass(frozen=True)
class Identity:
    """The person acting: ``name`` goes into decisions as ``moderator:<name>``.

    ``role`` is ``moderator`` or ``admin`` for the plugin's accounts and
    ``None`` when the host's hook decided; ``via`` is ``hook``, ``session``
    or ``token``.
    """

    name: str
    role: str | None
    via: str


# -- accounts -----------------------------------------------------------------
def hash_password(password: str) -> str:
    return generate_password_hash(password, method="scrypt")


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _session_fingerprint(moderator: Moderator) -> str:
    # Changes when the password does, which signs out every other session.
    return hashlib.sha256(moderator.password_hash.encode()).hexdigest()[:16]


def create_moderator(db: Database, username: str, password: str, role: str = "moderator") -> Moderator:
    """Create a moderator account (``role``: ``moderator`` or ``admin``)."""
    if not USERNAME_RE.match(username or ""):
        raise ValidationError("a username is 1-120 letters, digits, or . _ @ -", [{"field": "username", "message": "use letters, digits, . _ @ -"}])
    if role not in ROLES:
        raise ValidationError(f"unknown role {role!r}: use moderator or admin", [{"field": "role", "message": "use moderator or admin"}])
    if len(password or "") < MIN_PASSWORD:
        raise ValidationError(f"the password needs at least {MIN_PASSWORD} characters", [{"field": "password", "message": f"at least {MIN_PASSWORD} characters"}])
    with db.session() as s:
        if s.scalar(select(Moderator.id).where(Moderator.username == username)) is not None:
            raise ValidationError(f"a moderator named {username!r} exists already", [{"field": "username", "message": "taken"}])
        moderator = Moderator(username=username, password_hash=hash_password(password), role=role, active=True)
        s.add(moderator)
    return moderator


def moderator_exists(db: Database, username: str) -> bool:
    with db.session() as s:
        return s.scalar(select(Moderator.id).where(Moderator.username == username)) is not None


def set_password(db: Database, username: str, password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise ValidationError(f"the password needs at least {MIN_PASSWORD} characters")
    with db.session() as s:
        done = s.execute(update(Moderator).where(Moderator.username == username).values(password_hash=hash_password(password)))
    if rowcount(done) != 1:
        raise NotFound(f"no moderator named {username!r}")


def create_token(db: Database, username: str) -> str:
    """Issue a new API token for ``username`` (replacing any earlier one) and return it; only its digest is kept."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with db.session() as s:
        done = s.execute(update(Moderator).where(Moderator.username == username).values(api_token_hash=token_digest(token)))
    if rowcount(done) != 1:
        raise NotFound(f"no moderator named {username!r}: create one with `flask moderation create-moderator {username}`")
    return token


def revoke_token(db: Database, username: str) -> bool:
    with db.session() as s:
        done = s.execute(update(Moderator).where(Moderator.username == username, Moderator.api_token_hash.is_not(None)).values(api_token_hash=None))
    return rowcount(done) == 1


def authenticate(db: Database, username: str, password: str) -> Moderator | None:
    """The active moderator with this name and password, or ``None``; records the login time."""
    with db.session() as s:
        moderator = s.scalar(select(Moderator).where(Moderator.username == username))
        if moderator is None:
            check_password_hash(_DUMMY_HASH, password)
            return None
        if not check_password_hash(moderator.password_hash, password) or not moderator.active:
            return None
        moderator.last_login_at = utcnow()
    return moderator


def moderator_by_token(db: Database, token: str) -> Moderator | None:
    if not token.startswith(TOKEN_PREFIX):
        return None
    digest = token_digest(token)
    with db.session() as s:
        moderator = s.scalar(select(Moderator).where(Moderator.api_token_hash == digest, Moderator.active.is_(True)))
    if moderator is None or not hmac.compare_digest(moderator.api_token_hash or "", digest):
        return None
    return moderator


def list_moderators(db: Database) -> list[Moderator]:
    with db.session() as s:
        return list(s.scalars(select(Moderator).order_by(Moderator.username)))


# -- the question, per request ------------------------------------------------
def host_hook(app: Any = None) -> Callable[[str], Any] | None:
    """The host's authorisation hook: ``@moderation.authorize`` first, else ``MODERATION_AUTHORIZE``."""
    from .extension import Moderation

    app = app or current_app
    hook = Moderation.state(app).extension.authorize_hook
    return hook or app.config.get("MODERATION_AUTHORIZE")


def login_session(moderator: Moderator) -> None:
    session.pop(SESSION_KEY, None)
    session[SESSION_KEY] = {"id": moderator.id, "fp": _session_fingerprint(moderator)}


def logout_session() -> None:
    session.pop(SESSION_KEY, None)


def _builtin_moderator(api: bool) -> Moderator | None:
    from .extension import Moderation

    db = Moderation.state().db
    if api:
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        return moderator_by_token(db, token.strip())
    data = session.get(SESSION_KEY)
    if not isinstance(data, dict) or not isinstance(data.get("id"), int):
        return None
    with db.session() as s:
        moderator = s.get(Moderator, data["id"])
    if moderator is None or not moderator.active or data.get("fp") != _session_fingerprint(moderator):
        return None
    return moderator


def _ask_hook(hook: Callable[[str], Any], action: str) -> str | None:
    cache: dict[str, Any] = g.setdefault("_moderation_hook", {})
    if action not in cache:
        answer = hook(action)
        cache[action] = None if not answer else (answer if isinstance(answer, str) else "host")
    return cache[action]  # type: ignore[no-any-return]


def current_identity(*, api: bool = False) -> Identity | None:
    """Who is behind this request (signed in, or named by the host's hook), if anyone."""
    hook = host_hook()
    if hook is not None:
        name = _ask_hook(hook, "queue.view")
        return Identity(name, None, "hook") if name else None
    moderator = _builtin_moderator(api)
    if moderator is None:
        return None
    return Identity(moderator.username, moderator.role, "token" if api else "session")


def allowed(identity: Identity | None, action: str) -> bool:
    """May ``identity`` do ``action``? (Asks the host's hook when there is one.)"""
    hook = host_hook()
    if hook is not None:
        return _ask_hook(hook, action) is not None
    if identity is None:
        return False
    needed = ACTIONS.get(action, "admin")
    return needed == "moderator" or identity.role == "admin"


def require(action: str, *, api: bool = False) -> Identity:
    """The identity allowed to do ``action``, or ``Unauthenticated`` (401) / ``Forbidden`` (403)."""
    hook = host_hook()
    if hook is not None:
        name = _ask_hook(hook, action)
        if name:
            return Identity(name, None, "hook")
        # Refused: someone the host knows (they may view the queue) gets 403, a stranger 401.
        if action != "queue.view" and _ask_hook(hook, "queue.view"):
            raise Forbidden(f"you may not do {action!r} here")
        raise Unauthenticated("sign in to do this" if not api else f"not allowed to {action}: the host's authorisation refused this request")
    identity = current_identity(api=api)
    if identity is None:
        if api:
            raise Unauthenticated("send an API token as 'Authorization: Bearer <token>' (create one with `flask moderation create-token USERNAME`)")
        raise Unauthenticated("sign in to moderate")
    if not allowed(identity, action):
        raise Forbidden(f"{action!r} needs the admin role; {identity.name} is a {identity.role}")
    return identity
