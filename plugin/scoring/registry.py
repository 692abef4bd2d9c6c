"""Finding a scorer by alias or dotted path, loaded once per process."""
from __future__ import annotations

import importlib
import threading
from typing import Any, Callable

from .base import Scorer, ScorerError

#: Short aliases -> "module:factory". A factory takes keyword options.
ALIASES: dict[str, str] = {
    "embedded": "plugin.scoring.embedded:EmbeddedScorer",
    "static": "plugin.scoring.static:StaticScorer",
}
for _variant in ("original", "unbiased", "multilingual", "original-small", "unbiased-small"):
    ALIASES[f"detoxify:{_variant}"] = "plugin.scoring.detoxify:DetoxifyScorer"

_cache: dict[tuple[str, tuple[tuple[str, Any], ...]], Scorer] = {}
# Re-entrant: a cascade loads its stages through load_scorer while being built.
_lock = threading.RLock()


def _resolve(name: str) -> Callable[..., Scorer]:
    if name.startswith("cascade:"):
        target = "plugin.scoring.cascade:CascadeScorer"
    else:
        target = ALIASES.get(name, name)
    module_name, sep, attr = target.partition(":")
    if not sep:
        module_name, _, attr = target.rpartition(".")
    if not module_name or not attr:
        raise ScorerError(_unknown(name))
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if name in ALIASES or name.startswith("cascade:"):
            raise  # one of ours: a missing dependency, not an unknown name
        raise ScorerError(_unknown(name)) from exc
    try:
        return getattr(module, attr)
    except AttributeError as exc:
        raise ScorerError(_unknown(name)) from exc


def _unknown(name: str) -> str:
    known = ", ".join(sorted(ALIASES)) + ", cascade:<first>+<second>"
    return (
        f"unknown scorer {name!r}: use one of {known}, "
        "or a dotted path such as 'mypackage.scoring:MyScorer'"
    )


def load_scorer(name: str, **options: Any) -> Scorer:
    """Return the scorer called ``name`` (an alias or ``module:Class``), built once per process.

    Options are passed to the backend's constructor; the same name and options
    return the same instance, so a model is loaded once per process.
    """
    if not isinstance(name, str) or not name.strip():
        raise ScorerError(_unknown(str(name)))
    key = (name, tuple(sorted((k, _hashable(v)) for k, v in options.items())))
    with _lock:
        if key in _cache:
            return _cache[key]
        factory = _resolve(name)
        if name.startswith("detoxify:"):
            options.setdefault("model_type", name.split(":", 1)[1])
        if name.startswith("cascade:"):
            options.setdefault("spec", name.split(":", 1)[1])
        scorer = factory(**options)
        _cache[key] = scorer
        return scorer


def _hashable(value: Any) -> Any:
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    if isinstance(value, (list, set)):
        return tuple(_hashable(v) for v in value)
    return value


def clear_cache() -> None:
    """Forget loaded scorers (tests, or after changing a model on disk)."""
    with _lock:
        _cache.clear()
