"""The plugin's blueprints: one parent, mounted at ``MODERATION_URL_PREFIX``, with nested parts."""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint

TEMPLATES = str(Path(__file__).resolve().parent.parent / "templates")
STATIC = str(Path(__file__).resolve().parent.parent / "static")


def build_blueprint() -> Blueprint:
    """A fresh blueprint tree per app: ``moderation`` with ``moderation.api`` and friends."""
    from .api import build_api

    parent = Blueprint("moderation", __name__, template_folder=TEMPLATES, static_folder=STATIC, static_url_path="/static")
    parent.register_blueprint(build_api(), url_prefix="/api")
    from .webhooks import build_webhooks

    parent.register_blueprint(build_webhooks(), url_prefix="/webhooks")
    from .queue_views import install_queue

    install_queue(parent)  # moderation.auth, moderation.queue, security headers
    return parent
