"""Two-stage scoring: a cheap first scorer for every comment, Detoxify only where needed.

``cascade:embedded+detoxify:original`` scores every comment with the embedded
model; a comment whose highest first-stage score is below ``benign_cut`` is
clearly benign and keeps the first stage's scores; every other comment is
escalated to the second scorer, whose scores replace the first's.

Why recall does not drop: an escalated comment gets exactly the scores the
second scorer alone would give it, so the cascade can only miss a harmful
comment that the first stage scores below ``benign_cut``. ``benign_cut`` is
therefore chosen on labelled held-out comments (:func:`choose_benign_cut`) at
or below the lowest first-stage score of the harmful comments there (with
real Detoxify scores at hand, of the harmful comments Detoxify flags, which is
a looser bound). On that data, the cascade flags every harmful comment the
second scorer alone flags: equal recall. ``benign_cut`` must also stay below
the policy's lowest flag threshold, so a non-escalated comment is never
flagged on first-stage scores alone (it is checked).

The dict of a non-escalated comment holds the second scorer's labels; the
labels the first stage lacks get the first stage's highest score (below
``benign_cut``), an upper bound rather than an invented zero. Counters
``total`` and ``escalated`` (since start) and ``last_escalated`` (indices of
the last call) say which stage scored what.
"""
from __future__ import annotations

import logging
import math
import threading
from typing import Any, Mapping, Sequence

from .base import Scorer, ScorerError, Scores

log = logging.getLogger(__name__)

#: Default ``benign_cut`` per first-stage scorer name: ``(cut, version of the
#: first stage it was chosen for)``. Chosen by ``scripts/bench_detoxify.py`` on
#: the labelled seed comments (never used to train the embedded model): the
#: lowest embedded score of a harmful comment there, with its 5-fold
#: cross-validated escalation rate printed next to it.
#: embedded b2bcd594c45f (v3.10): 0.3688 escalates 138/238 seed comments (1.72x
#: fewer Detoxify calls; 137/238 = 1.74x under 5-fold cross-validation, with 1
#: harmful comment of 128 not escalated; v3.9's cut escalated 137, v3.4's 181). The seeds
#: are about half harmful, so no cut can save more than ~1.9x on them at equal
#: recall; on a real comment section, where most comments are benign, the
#: saving is what the benign share allows.
DEFAULT_BENIGN_CUTS: dict[str, tuple[float, str]] = {"embedded": (0.3688, "b2bcd594c45f")}


def choose_benign_cut(first_max: Sequence[float], must_escalate: Sequence[bool], margin: float = 0.0) -> float:
    """The highest cut that still escalates every comment marked ``must_escalate``.

    ``first_max``: the first stage's highest label score per comment;
    ``must_escalate``: the harmful comments (or, given the second scorer's
    scores, the harmful comments it flags). Escalation is ``score >= cut``, so
    the cut is the lowest of those scores, lowered by ``margin`` for safety on
    unseen data. Without any such comment, 0.0 (escalate everything).
    """
    scores = [float(s) for s, must in zip(first_max, must_escalate) if must]
    if not scores:
        return 0.0
    return max(0.0, min(scores) - float(margin))


def _build(name: str, options: Mapping[str, Any]) -> Scorer:
    """A stage, through the registry: a stage also loaded on its own is the same instance."""
    from .registry import load_scorer

    if name.startswith("cascade:"):
        raise ScorerError("a cascade stage cannot itself be a cascade")
    return load_scorer(name, **dict(options))


class CascadeScorer:
    """``CascadeScorer(spec="embedded+detoxify:original", benign_cut=None, **second_options)``.

    ``first_options`` are passed to the first scorer; every other keyword goes
    to the second (e.g. ``checkpoint``, ``config_dir``, ``runtime`` for
    Detoxify). ``first``/``second`` accept ready scorer instances instead of
    building them from the spec (tests, or sharing a loaded model).
    ``policy_min_threshold`` (optional) is checked to be above ``benign_cut``.
    """

    def __init__(
        self,
        spec: str = "embedded+detoxify:original",
        benign_cut: float | None = None,
        first_options: Mapping[str, Any] | None = None,
        first: Scorer | None = None,
        second: Scorer | None = None,
        policy_min_threshold: float | None = None,
        **second_options: Any,
    ) -> None:
        first_name, sep, second_name = spec.partition("+")
        if not sep or not first_name or not second_name:
            raise ScorerError(f"cascade spec {spec!r} must look like 'first+second', e.g. 'embedded+detoxify:original'")
        self.spec = spec
        self.name = f"cascade:{spec}"
        self.first = first if first is not None else _build(first_name, first_options or {})
        self.second = second if second is not None else _build(second_name, second_options)
        if benign_cut is None:
            default = DEFAULT_BENIGN_CUTS.get(first_name)
            if default is None:
                raise ScorerError(
                    f"no default benign_cut for first stage {first_name!r}: pass benign_cut "
                    "(choose it on labelled held-out comments, see plugin.scoring.cascade.choose_benign_cut)"
                )
            benign_cut, chosen_for = default
            if chosen_for != getattr(self.first, "version", None):
                log.warning(
                    "default benign_cut %s was chosen for %s version %s, but version %s is loaded: "
                    "re-choose it (scripts/bench_detoxify.py) or recall may differ",
                    benign_cut, first_name, chosen_for, getattr(self.first, "version", None),
                )
        benign_cut = float(benign_cut)
        if not (0.0 <= benign_cut <= 1.0) or math.isnan(benign_cut):
            raise ScorerError(f"benign_cut must be in [0, 1], not {benign_cut!r}")
        if policy_min_threshold is not None and benign_cut > float(policy_min_threshold):
            raise ScorerError(
                f"benign_cut {benign_cut} is above the policy's lowest threshold {policy_min_threshold}: "
                "comments the first stage scores in between would be flagged without the second scorer"
            )
        self.benign_cut = benign_cut
        self.labels: tuple[str, ...] = tuple(self.second.labels)
        self.version = (
            f"{self.first.name}@{self.first.version}+{self.second.name}@{self.second.version}+cut={benign_cut:g}"
        )
        self.total = 0
        self.escalated = 0
        self.last_escalated: list[int] = []
        self._lock = threading.Lock()

    @property
    def escalation_rate(self) -> float:
        return self.escalated / self.total if self.total else 0.0

    def score(self, texts: Sequence[str]) -> list[Scores]:
        if isinstance(texts, str):
            texts = [texts]
        items = list(texts)
        if not items:
            return []
        first_scores = self.first.score(items)
        worst = [max(s.values(), default=0.0) for s in first_scores]
        up = [i for i, w in enumerate(worst) if w >= self.benign_cut]
        second_scores = self.second.score([items[i] for i in up]) if up else []
        out: list[Scores] = []
        for i, scores in enumerate(first_scores):
            out.append({label: float(scores.get(label, worst[i])) for label in self.labels})
        for i, scores in zip(up, second_scores):
            out[i] = dict(scores)
        with self._lock:
            self.total += len(items)
            self.escalated += len(up)
            self.last_escalated = up
        return out

    def __repr__(self) -> str:
        return f"<CascadeScorer {self.name} cut={self.benign_cut:g} escalated={self.escalated}/{self.total}>"
