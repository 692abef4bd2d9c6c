"""Scoring backends behind one protocol."""
from .base import LABELS, Scorer, ScorerError, Scores
from .registry import ALIASES, clear_cache, load_scorer
from .static import StaticScorer

__all__ = ["ALIASES", "LABELS", "Scorer", "ScorerError", "Scores", "StaticScorer", "clear_cache", "load_scorer"]
