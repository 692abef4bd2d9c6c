"""The scoring protocol every backend implements, and the label names they share."""
from __future__ import annotations

from typing import Protocol, Sequence, runtime_checkable

#: Detoxify's label names; every backend reports a subset of these.
LABELS: tuple[str, ...] = (
    "toxicity",
    "severe_toxicity",
    "obscene",
    "threat",
    "insult",
    "identity_attack",
    "sexual_explicit",
)

Scores = dict[str, float]


@runtime_checkable
class Scorer(Protocol):
    """Turns comment texts into per-label probabilities.

    ``score`` always returns one dict per input text, in input order, each
    mapping the backend's labels to a probability in [0, 1].
    """

    #: Short name stored with every score, e.g. ``embedded`` or ``detoxify:original``.
    name: str
    #: Version of the model or weights, stored with every score.
    version: str
    #: The labels this backend reports.
    labels: tuple[str, ...]

    def score(self, texts: Sequence[str]) -> list[Scores]: ...


class ScorerError(Exception):
    """A scorer could not be found, configured or loaded."""
