"""Comment moderation for Flask sites: scoring, policy, review queue, CMS webhooks."""
from .errors import ConflictError, ConfigurationError, ModerationError, NotFound, ValidationError
from .extension import Moderation, ModerationState
from .policy import DEFAULT_THRESHOLDS, Policy, Verdict, decide
from .scoring import LABELS, Scorer, ScorerError, StaticScorer, load_scorer
from .service import ModerationService, SubmitResult
from .signals import comment_decided, comment_scored, comment_submitted

__all__ = [
    "DEFAULT_THRESHOLDS",
    "LABELS",
    "ConfigurationError",
    "ConflictError",
    "Moderation",
    "ModerationError",
    "ModerationService",
    "ModerationState",
    "NotFound",
    "Policy",
    "Scorer",
    "ScorerError",
    "StaticScorer",
    "SubmitResult",
    "ValidationError",
    "Verdict",
    "comment_decided",
    "comment_scored",
    "comment_submitted",
    "decide",
    "load_scorer",
]
