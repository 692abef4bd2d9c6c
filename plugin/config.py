"""Every ``MODERATION_*`` setting with its one default.

The README's configuration table lists the same keys; a test checks they agree.
"""
from __future__ import annotations

from typing import Any

DEFAULTS: dict[str, Any] = {
    #: SQLAlchemy URL of the moderation database. ``None``: the host's
    #: Flask-SQLAlchemy engine if one was given to ``Moderation(db=...)``,
    #: else an SQLite file ``moderation.sqlite3`` in the app's instance folder.
    "MODERATION_DATABASE_URI": None,
    #: Extra keyword arguments for ``sqlalchemy.create_engine``.
    "MODERATION_ENGINE_OPTIONS": {},
    #: Where the blueprint is mounted.
    "MODERATION_URL_PREFIX": "/moderation",
    #: Scorer alias or dotted path: ``embedded``, ``detoxify:original``,
    #: ``cascade:embedded+detoxify:original``, ``static``, ``pkg.mod:Class``.
    "MODERATION_SCORER": "embedded",
    #: Extra keyword arguments for the scorer's constructor.
    "MODERATION_SCORER_OPTIONS": {},
    #: Local Detoxify checkpoint (``.ckpt``) for air-gapped sites; ``None`` downloads.
    "MODERATION_DETOXIFY_CHECKPOINT": None,
    #: Local Hugging Face config/tokenizer folder that goes with the checkpoint.
    "MODERATION_DETOXIFY_CONFIG_DIR": None,
    #: Torch device for Detoxify: ``cpu``, ``cuda``, ``cuda:1``.
    "MODERATION_DETOXIFY_DEVICE": "cpu",
    #: Detoxify runtime: ``torch``, ``torch-bf16``, ``onnx`` (fp32) or ``onnx-int8``.
    "MODERATION_DETOXIFY_RUNTIME": "torch",
    #: Tokens kept per comment by Detoxify (longer comments are truncated).
    "MODERATION_DETOXIFY_MAX_LENGTH": 256,
    #: Most tokens (padded) in one Detoxify batch; batches are length-sorted.
    #: ``None``: 512 on CPU (small batches stay in cache), 8192 on a GPU.
    "MODERATION_DETOXIFY_TOKEN_BUDGET": None,
    #: Torch / ONNX Runtime threads for Detoxify; ``None`` leaves the library default.
    "MODERATION_DETOXIFY_NUM_THREADS": None,
    #: Where exported ONNX models are cached; ``None``: ``~/.cache/flask-moderation/onnx``.
    "MODERATION_DETOXIFY_ONNX_CACHE_DIR": None,
    #: Cascade scorers: comments whose first-stage highest score is below this
    #: skip the second stage; ``None`` uses the cut chosen for the shipped model.
    "MODERATION_CASCADE_BENIGN_CUT": None,
    #: Comments scored per batch by the scoring step.
    "MODERATION_BATCH_SIZE": 64,
    #: Seconds the thread worker waits for more comments before scoring a batch.
    "MODERATION_BATCH_WAIT": 0.05,
    #: The policy: a dict of overrides of ``plugin.policy.DEFAULT_POLICY``
    #: (``thresholds`` per label, ``sensitive`` tightening), or a ``Policy``.
    "MODERATION_POLICY": None,
    #: Sensitivity of an article created without one: ``standard``,
    #: ``sensitive`` or ``premoderate``.
    "MODERATION_DEFAULT_SENSITIVITY": "standard",
    #: Longest comment accepted, in characters (after normalising line ends).
    "MODERATION_MAX_COMMENT_CHARS": 5000,
    #: How scoring leaves the request: ``inline``, ``thread`` or ``celery``.
    "MODERATION_DISPATCH": "thread",
    #: Score pending comments left by a crash when the app starts (thread dispatch).
    "MODERATION_RECOVER_ON_START": True,
    #: Celery broker URL for ``celery`` dispatch.
    "MODERATION_CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    #: Seconds between sweeps that re-dispatch pending comments and due callbacks.
    "MODERATION_SWEEP_INTERVAL": 30,
    #: A comment pending longer than this (seconds) is re-dispatched by the sweeper.
    "MODERATION_PENDING_GRACE": 60,
    #: Callable ``(action: str) -> bool | str | None`` deciding moderator access;
    #: ``None`` uses the plugin's own moderator accounts.
    "MODERATION_AUTHORIZE": None,
    #: Reasons a moderator can pick when rejecting.
    "MODERATION_REJECT_REASONS": [
        "hate speech",
        "harassment or insult",
        "threat of violence",
        "spam",
        "off topic",
        "other",
    ],
    #: Seconds a moderator's claim on a queue item lasts.
    "MODERATION_CLAIM_SECONDS": 120,
    #: Items per queue page.
    "MODERATION_PAGE_SIZE": 50,
    #: Rate limit for the login form (Flask-Limiter syntax).
    "MODERATION_LOGIN_RATE_LIMIT": "10 per minute",
    #: Where Flask-Limiter counts login attempts: ``memory://`` (per process) or
    #: e.g. ``redis://127.0.0.1:6379/1`` to share the count between workers.
    "MODERATION_RATE_LIMIT_STORAGE_URI": "memory://",
    #: Webhook sources: ``{"wordpress": {"secrets": ["whsec_..."], "callback_url": "https://..."}}``.
    #: Several secrets are accepted at once, for rotation; the first signs callbacks.
    "MODERATION_WEBHOOK_SOURCES": {},
    #: Seconds a webhook's timestamp may differ from now, either way.
    "MODERATION_WEBHOOK_TOLERANCE": 300,
    #: Largest webhook body accepted, in bytes.
    "MODERATION_WEBHOOK_MAX_BYTES": 65536,
    #: Seconds before each callback retry (Standard Webhooks schedule); jitter is added.
    "MODERATION_CALLBACK_SCHEDULE": [5, 300, 1800, 7200, 18000, 36000, 36000],
    #: Seconds a callback request may take.
    "MODERATION_CALLBACK_TIMEOUT": 10,
    #: Extra Celery settings for ``celery`` dispatch and the workers (``plugin.tasks``), e.g.
    #: ``{"task_default_queue": "moderation", "broker_transport_options": {"visibility_timeout": 300}}``.
    "MODERATION_CELERY_OPTIONS": {},
}


def apply_defaults(config: dict[str, Any]) -> None:
    """Fill in every missing ``MODERATION_*`` key of a Flask config."""
    for key, value in DEFAULTS.items():
        config.setdefault(key, value)
