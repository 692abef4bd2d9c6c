"""The embedded model's training script: frame split, threshold tuner and grammar.

These run the script's own functions on small inputs (no public data, no
training run); the full, byte-reproducible run is
``python scripts/train_embedded.py --data ../shared/data --out DIR``.
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import embedded_grammar  # noqa: E402
import train_embedded  # noqa: E402
from plugin.normalize import normalize  # noqa: E402
from plugin.scoring.embedded import prepare  # noqa: E402


def test_calibration_frames_do_not_move_when_frames_are_added() -> None:
    old = [f"en:hate:frame{i}" for i in range(400)]
    new = sorted(old + [f"fr:counter:r9_{i}" for i in range(50)])
    before = train_embedded.calibration_frames(old, seed=7)
    after = train_embedded.calibration_frames(new, seed=7)
    assert after & set(old) == before
    assert 0.12 < len(before) / len(old) < 0.28  # CAL_FRAME_SHARE = 0.2
    assert train_embedded.calibration_frames(old, seed=8) != before  # the seed matters


def _cal_rows(rng: np.random.Generator, n: int, suite: str, harmful: bool) -> list[dict]:
    return [{"suite": suite, "y": {"toxicity": int(harmful)}} for _ in range(n)]


def _three_references(rng: np.random.Generator) -> tuple[list[dict], np.ndarray]:
    """Calibration rows of the three references with informative random scores."""
    labels = train_embedded.LABELS
    blocks = [("olid", False, 800), ("olid", True, 400), ("grammar", False, 600), ("grammar", True, 600),
              ("news", False, 300), ("news", True, 200)]
    cal, scores = [], []
    for suite, harmful, n in blocks:
        cal += _cal_rows(rng, n, suite, harmful)
        base = rng.beta(5, 1.5, size=(n, len(labels))) if harmful else rng.beta(1.5, 5, size=(n, len(labels)))
        scores.append(base)
    return cal, np.vstack(scores)


def test_tune_thresholds_spends_the_budget_and_every_label_acts() -> None:
    rng = np.random.default_rng(0)
    labels = train_embedded.LABELS
    cal, P = _three_references(rng)
    # identity_attack is only weakly informative except on a few clear rows that
    # toxicity catches anyway: every greedy step buys more recall on another
    # label, the case that left it at "never" before every label started at its
    # high-precision point.
    ia, tox = labels.index("identity_attack"), labels.index("toxicity")
    harmful = np.array([r["y"]["toxicity"] == 1 for r in cal])
    P[:, ia] = np.where(harmful, rng.beta(2.2, 2, size=len(cal)), rng.beta(2, 2.2, size=len(cal)))
    clear_hate = harmful & (rng.random(len(cal)) < 0.1)
    P[clear_hate, ia] = rng.uniform(0.995, 1.0, size=clear_hate.sum())
    P[clear_hate, tox] = 0.999
    thresholds, info = train_embedded.tune_thresholds(cal, P)
    assert info["cal_fpr_hold_public"] <= train_embedded.HOLD_BUDGET + 1e-9
    assert info["cal_fpr_hold_synthetic"] <= train_embedded.HOLD_BUDGET + 1e-9
    assert info["cal_fpr_hold_news"] <= train_embedded.HOLD_BUDGET + 1e-9
    for label, fixed in train_embedded.POLICY_FIXED.items():
        assert thresholds[label] == list(fixed)
    for label in labels:
        if label in train_embedded.POLICY_FIXED:
            continue
        hold, reject = thresholds[label]
        assert hold < 0.99, f"{label} never holds"
        assert reject >= hold


def test_the_hold_budget_holds_in_each_public_set_apart() -> None:
    """v3.7: a small public set whose acceptable rows score high cannot hide in the pooled reference."""
    rng = np.random.default_rng(1)
    labels = train_embedded.LABELS
    cal, P = _three_references(rng)
    # 200 acceptable ftr_fr rows with high insult scores: pooled with OLID's 800
    # they are a fifth of the public reference, and the pooled budget let 4.5%
    # of them be held
    small = _cal_rows(rng, 200, "ftr_fr", False)
    Ps = rng.beta(1.5, 5, size=(200, len(labels)))
    Ps[:, labels.index("insult")] = rng.uniform(0.5, 0.95, size=200)
    thresholds, _ = train_embedded.tune_thresholds(cal + small, np.vstack([P, Ps]))
    hold = np.array([np.inf if thresholds[lbl][0] is None else thresholds[lbl][0] for lbl in labels])
    assert (Ps >= hold).any(axis=1).mean() <= train_embedded.HOLD_BUDGET + 1e-9


def test_grammar_labels_are_consistent_and_rounds_3_to_5_are_generated() -> None:
    items = embedded_grammar.generate(random.Random(1))
    kinds_harmful = {"hate", "threat", "insult", "obscene", "obscene_abuse"}
    frames = {i["frame"].split(":")[2].split("_")[0] for i in items}
    assert {"r3", "r4", "r5"} <= frames
    for item in items:
        assert item["y"]["toxicity"] == int(item["kind"] in kinds_harmful), item
        if item["y"]["toxicity"] == 0:
            assert item["y"]["identity_attack"] == 0 and item["y"]["insult"] == 0
    assert len({i["text"] for i in items}) == len(items)


# Written after the grammar's last round, by sessions that never saw it: an exact
# match there is a coincidence (a one-word insult, a stock phrase), not a copy,
# and the training script drops the grammar row (next test). Two such matches
# exist, one in each file.
WRITTEN_AFTER_THE_GRAMMAR = {"holdout8-comments.jsonl", "functional-cases-3.jsonl",
                             "holdout9-comments.jsonl", "functional-cases-4.jsonl",
                             "holdout10-comments.jsonl", "functional-cases-5.jsonl",
                             "identity-probes-1.jsonl", "holdout11-comments.jsonl",
                             "functional-cases-6.jsonl", "holdout12-comments.jsonl",
                             "functional-cases-7.jsonl", "identity-probes-2.jsonl",
                             "holdout13-comments.jsonl", "functional-cases-8.jsonl",
                             "identity-probes-3.jsonl", "holdout14-comments.jsonl",
                             "functional-cases-9.jsonl", "identity-probes-4.jsonl",
                             "holdout15-comments.jsonl", "functional-cases-10.jsonl",
                             "identity-probes-5.jsonl", "holdout16-comments.jsonl",
                             "functional-cases-11.jsonl", "identity-probes-6.jsonl"}


def _bodies(path: Path) -> list[str]:
    return [row["body"] for row in train_embedded.read_jsonl(path)]


@pytest.mark.parametrize("path", sorted(p for p in (ROOT / "seeds").glob("*.jsonl")
                                        if p.name not in WRITTEN_AFTER_THE_GRAMMAR
                                        and not p.name.startswith("train-")),  # written as training data
                         ids=lambda p: p.name)
def test_no_evaluation_comment_is_in_the_grammar(path: Path) -> None:
    """Themes may come from read sets; sentences may not (checked after normalisation)."""
    grammar = {normalize(i["text"]).lower().strip(" .!?") for i in embedded_grammar.generate(random.Random(1), scale=2)}
    copied = [b for b in _bodies(path) if normalize(b).lower().strip(" .!?") in grammar]
    assert not copied, copied[:3]


def test_grammar_rows_equal_to_an_evaluation_text_are_not_trained_on() -> None:
    """What the training script drops: any row whose prepared text is an evaluation-only text."""
    held_out = train_embedded.eval_only_texts(ROOT / "seeds")
    for name in train_embedded.EVAL_ONLY:
        assert {prepare(b) for b in _bodies(ROOT / "seeds" / name)} <= held_out
    grammar = embedded_grammar.generate(random.Random(train_embedded.SEED + 2), scale=train_embedded.GRAMMAR_SCALE)
    kept = train_embedded.drop_evaluation_texts(
        [{"prepared": prepare(g["text"]), "split": "train"} for g in grammar], held_out)
    assert not {r["prepared"] for r in kept} & held_out


def test_every_seed_file_is_either_trained_on_or_kept_for_evaluation() -> None:
    """A new held-out set cannot be forgotten into training, nor a spent one silently dropped."""
    names = {p.name for p in (ROOT / "seeds").glob("*.jsonl")}
    trained = set(train_embedded.NEWS_SETS) | set(train_embedded.FUNCTIONAL_SETS)
    held = set(train_embedded.EVAL_ONLY)
    assert not trained & held
    assert trained <= names
    assert names <= trained | held, names - trained - held


def test_news_rows_keep_their_side_of_the_split() -> None:
    a = train_embedded.load_written_sets(ROOT / "seeds", train_embedded.SEED)
    b = train_embedded.load_written_sets(ROOT / "seeds", train_embedded.SEED)
    assert [r["split"] for r in a] == [r["split"] for r in b]
    share = sum(r["split"] == "cal" for r in a) / len(a)
    assert abs(share - train_embedded.NEWS_CAL_SHARE) < 0.05
    held_out = train_embedded.eval_only_texts(ROOT / "seeds")
    assert held_out and len(a) == 300 * len(train_embedded.NEWS_SETS)


def test_twins_are_written_training_texts_and_their_near_copies() -> None:
    """``eval_comments.py --without-twins``: what counts as a twin of a training text."""
    import eval_comments

    body = train_embedded.read_jsonl(ROOT / "seeds" / train_embedded.NEWS_SETS[-1])[0]["body"]
    rows = [{"id": "copy", "body": body},
            {"id": "shouted", "body": body.upper() + "!!"},
            {"id": "new", "body": "Tomatoes ripen late on an allotment in Wimereux this autumn."}]
    assert eval_comments.twins(rows) == {"copy", "shouted"}
