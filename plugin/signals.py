"""Blinker signals a host app can connect to; each is sent with the Flask app as sender."""
from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: A comment was stored (pending). Keyword arguments: ``comment``.
comment_submitted = _signals.signal("moderation.comment-submitted")
#: A comment was scored. Keyword arguments: ``comment``, ``scores`` (label -> probability).
comment_scored = _signals.signal("moderation.comment-scored")
#: A decision was recorded (by the policy or a moderator). Keyword arguments: ``comment``, ``decision``.
comment_decided = _signals.signal("moderation.comment-decided")
