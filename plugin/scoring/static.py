"""A scorer that returns given scores: for tests of host apps, no model needed."""
from __future__ import annotations

from typing import Callable, Mapping, Sequence

from .base import LABELS, Scores


class StaticScorer:
    """Returns fixed scores, or scores picked by a rule on the text.

    ``StaticScorer(default={"toxicity": 0.1})`` scores every text alike;
    ``rules={"idiot": {"insult": 0.95}}`` gives any text containing "idiot"
    (case-insensitive) those scores instead (first match wins);
    ``func`` overrides both with a callable ``text -> scores``.
    """

    name = "static"
    version = "1"

    def __init__(
        self,
        default: Mapping[str, float] | None = None,
        rules: Mapping[str, Mapping[str, float]] | None = None,
        func: Callable[[str], Mapping[str, float]] | None = None,
    ) -> None:
        self.default = {label: 0.0 for label in LABELS}
        self.default.update(default or {})
        self.rules = {k.lower(): dict(v) for k, v in (rules or {}).items()}
        self.func = func
        self.labels = tuple(self.default)
        self.calls: list[list[str]] = []

    def score(self, texts: Sequence[str]) -> list[Scores]:
        self.calls.append(list(texts))
        out: list[Scores] = []
        for text in texts:
            scores = dict(self.default)
            if self.func is not None:
                scores.update(self.func(text))
            else:
                lowered = text.lower()
                for needle, given in self.rules.items():
                    if needle in lowered:
                        scores.update(given)
                        break
            out.append({k: float(v) for k, v in scores.items()})
        return out
