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
                             "functional-cases-11.jsonl", "identity-probes-6.jsonl",
                             "holdout17-comments.jsonl", "functional-cases-12.jsonl",
                             "identity-probes-7.jsonl"}


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


def test_a_counterfactual_copy_names_another_group_and_keeps_the_rest() -> None:
    import embedded_counterfactual as cf

    rng = random.Random(3)
    text = "Migrants are parasites, and the mayor who houses migrants knows it."
    for _ in range(20):
        copy = cf.counterfactual(text, "en", rng)
        assert copy is not None and copy != text
        named = cf.groups_named(copy, "en")
        assert len(named) == 1 and named[0] != "migrants"
        # every mention is swapped the same way, nothing else moves
        assert copy.replace(named[0].capitalize(), "X", 1).replace(named[0], "X") == \
            "X are parasites, and the mayor who houses X knows it."
    # adjectives are left alone: only plural nouns are swapped
    assert cf.counterfactual("A Muslim woman and an African man spoke.", "en", rng) is None
    assert cf.counterfactual("The ferry was late again.", "en", rng) is None
    # French: a plural after an article that never elides, masculine plurals only
    fr = cf.counterfactual("Les migrants sont tous des voleurs.", "fr", rng)
    assert fr is not None and fr.startswith("Les ") and fr.endswith(" sont tous des voleurs.")
    assert cf.groups_named(fr, "fr") and cf.groups_named(fr, "fr")[0] != "migrants"
    assert all(g.split()[0][-1] in "sx" for g in cf.FR_GROUPS)  # plurals
    assert cf.counterfactual("Il parle d'immigrés.", "fr", rng) is None


def test_counterfactual_copies_come_from_training_rows_and_keep_their_labels() -> None:
    rows = [train_embedded.labelled({"body": "Refugees are vermin.", "expected": "hate", "language": "en"}, "news"),
            train_embedded.labelled({"body": "Refugees held a concert.", "expected": "acceptable",
                                     "language": "en"}, "functional"),
            train_embedded.labelled({"body": "Refugees are rats.", "expected": "hate", "language": "en"}, "news"),
            train_embedded.labelled({"body": "No group here, idiot.", "expected": "insult", "language": "en"}, "news")]
    for r, split in zip(rows, ("train", "train", "cal", "train")):
        r["split"] = split
    copies = train_embedded.counterfactual_copies(rows, random.Random(0))
    assert len(copies) == 2  # the calibration row and the row naming no group give none
    assert all(c["suite"] == "counterfactual" and c["split"] == "train" for c in copies)
    assert copies[0]["y"] == rows[0]["y"] and copies[1]["y"] == rows[1]["y"]
    assert "Refugees" not in copies[0]["text"] and copies[0]["text"].endswith(" are vermin.")
    # the script trains on them and eval_comments.py's twins() sees them
    written = train_embedded.load_written(ROOT / "seeds", train_embedded.SEED)
    assert sum(r["suite"] == "counterfactual" for r in written) > 1000


def test_a_written_threat_at_a_group_is_an_identity_attack() -> None:
    lexicon = train_embedded.Lexicon(train_embedded.LEXICON, train_embedded.LEXICON_PAIRS)
    rows = [train_embedded.labelled({"body": b, "expected": "threat", "language": "en"}, "news")
            for b in ("Someone should torch the camp and every migrant in it.",
                      "I know where the mayor lives. Watch your back.")]
    for r in rows:
        r["prepared"] = prepare(r["text"])
        assert r["y"]["identity_attack"] == 0 and r["y"]["toxicity"] == 1
    assert train_embedded.label_group_threats(rows, lexicon) == 1
    assert [r["y"]["identity_attack"] for r in rows] == [1, 0]


def _threat_noise_on_news(n_ok: int, n_noisy: int) -> tuple[list[dict], np.ndarray, np.ndarray]:
    """Calibration rows where every label is silent on news comments but threat,
    which is noise there: it spreads ``n_ok`` of the 300 acceptable news comments
    evenly over 0.2-0.6 and ``n_noisy`` of the 200 harmful ones over the same
    range. It is clear on the grammar's threats (0.8 and up)."""
    rng = np.random.default_rng(2)
    labels = train_embedded.LABELS
    cal, P = _three_references(rng)
    thr = labels.index("threat")
    suites = np.array([r["suite"] for r in cal])
    harmful = np.array([r["y"]["toxicity"] == 1 for r in cal])
    news = suites == "news"
    P[:, thr] = 0.01
    threats = (suites == "grammar") & harmful
    P[threats, thr] = np.linspace(0.8, 0.99, int(threats.sum()))
    P[news] = rng.uniform(0.0, 0.05, size=(news.sum(), len(labels)))
    ok = np.flatnonzero(news & ~harmful)[:n_ok]
    P[ok, thr] = np.linspace(0.6, 0.2, n_ok)
    noisy = np.flatnonzero(news & harmful)[:n_noisy]
    P[noisy, thr] = np.linspace(0.6, 0.2, n_noisy)
    return cal, P, news & ~harmful


def test_a_hold_step_must_buy_recall_worth_its_false_alarms() -> None:
    """v3.10: a hold step is taken only when the recall it buys (mean over the
    references) is at least MIN_HOLD_GAIN times the acceptable share it adds.
    Before, while another reference was the largest, flagging news comments cost
    nothing, and the budget went on noise: 4% of the news comments flagged for
    1.5% of the harmful ones in the first case here."""
    assert train_embedded.MIN_HOLD_GAIN == 1.0
    labels = train_embedded.LABELS

    def news_flagged(n_ok: int, n_noisy: int) -> float:
        cal, P, news_ok = _threat_noise_on_news(n_ok, n_noisy)
        thresholds, _ = train_embedded.tune_thresholds(cal, P)
        assert thresholds["threat"][0] < 0.8  # the grammar's threats are held either way
        hold = np.array([np.inf if thresholds[lbl][0] is None else thresholds[lbl][0] for lbl in labels])
        return float((P[news_ok] >= hold).any(axis=1).mean())

    # 60 of 200 harmful against 300 of 300 acceptable: each step buys 0.3 of its cost
    assert news_flagged(300, 60) < 0.01
    # 200 of 200 against 100 of 300: three times its cost, worth taking
    assert news_flagged(100, 200) > 0.02


def test_thresholds_do_not_jump_when_the_scores_barely_move() -> None:
    """v3.10: the greedy search starts from one calibrated probability for every
    label; from each label's high-precision point it followed a different path
    for scores that differed in the third decimal (two retrains of v3.10's
    recipe got holds 0.89 / 0.76 / 0.68 and 0.84 / 0.89 / 0.91)."""
    rng = np.random.default_rng(5)
    labels = train_embedded.LABELS
    cal, P = _three_references(rng)
    # toxicity, identity_attack and insult nearly the same score: which of them
    # the budget goes to is a coin toss for a search that lowers one at a time
    tox = labels.index("toxicity")
    for lbl in ("identity_attack", "insult"):
        P[:, labels.index(lbl)] = np.clip(P[:, tox] + rng.normal(0, 0.01, size=len(P)), 0, 1)
    spread = []
    for seed in range(4):
        noise = np.random.default_rng(100 + seed).uniform(-0.002, 0.002, size=P.shape)
        thresholds, _ = train_embedded.tune_thresholds(cal, np.clip(P + noise, 0, 1))
        spread.append([thresholds[lbl][0] for lbl in labels if lbl not in train_embedded.POLICY_FIXED])
    spread = np.array(spread)
    assert (spread.max(axis=0) - spread.min(axis=0)).max() < 0.03, spread
