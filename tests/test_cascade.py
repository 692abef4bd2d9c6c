"""The cascade scorer: a cheap first stage, the second only for comments not clearly benign."""
from __future__ import annotations

import pytest

from plugin.scoring import LABELS, ScorerError, StaticScorer, clear_cache, load_scorer
from plugin.scoring.cascade import CascadeScorer, choose_benign_cut

FIRST_LABELS = ("toxicity", "insult", "threat")


def first_stage() -> StaticScorer:
    """A keyword first stage reporting 3 labels: 0.05 for benign text, higher on keywords."""
    return StaticScorer(
        default={label: 0.05 for label in FIRST_LABELS} | {},
        rules={"idiot": {"insult": 0.7}, "kill": {"threat": 0.6}, "stupid": {"toxicity": 0.3}},
    )


def keep_first_labels(scorer: StaticScorer) -> StaticScorer:
    scorer.default = {label: scorer.default[label] for label in FIRST_LABELS}
    scorer.labels = FIRST_LABELS
    return scorer


def second_stage() -> StaticScorer:
    """Stands in for Detoxify: 7 labels, distinctive values."""
    return StaticScorer(default={label: 0.01 for label in LABELS}, rules={"idiot": {"insult": 0.97}, "kill": {"threat": 0.91}})


TEXTS = ["nice article", "you idiot", "thanks", "I will kill you", "stupid idea", "good point"]


@pytest.fixture()
def cascade():
    return CascadeScorer(
        spec="static+static", benign_cut=0.2, first=keep_first_labels(first_stage()), second=second_stage()
    )


def test_only_unclear_comments_reach_the_second_stage(cascade):
    out = cascade.score(TEXTS)
    assert cascade.second.calls == [["you idiot", "I will kill you", "stupid idea"]]
    assert cascade.first.calls == [TEXTS]
    assert cascade.last_escalated == [1, 3, 4]
    assert (cascade.escalated, cascade.total) == (3, 6)
    assert cascade.escalation_rate == pytest.approx(0.5)
    # escalated: the second stage's scores, exactly
    assert out[1] == cascade.second.score(["you idiot"])[0]
    assert out[3]["threat"] == 0.91 and out[4]["toxicity"] == 0.01
    # clear: the first stage's scores, on the second's labels; missing labels get the first's max
    assert tuple(out[0]) == LABELS
    assert out[0]["toxicity"] == 0.05 and out[0]["obscene"] == 0.05


def test_counters_accumulate_and_empty_input(cascade):
    cascade.score(TEXTS)
    cascade.score(["you idiot"])
    assert (cascade.escalated, cascade.total) == (4, 7)
    assert cascade.score([]) == [] and (cascade.escalated, cascade.total) == (4, 7)
    assert len(cascade.score("a single string")) == 1
    assert len(cascade.second.calls) == 2  # nothing escalated -> second stage not called


def test_nothing_escalated_never_calls_the_second_stage():
    c = CascadeScorer(spec="static+static", benign_cut=0.9, first=first_stage(), second=second_stage())
    c.score(TEXTS)
    assert c.second.calls == [] and c.escalated == 0


def test_cut_zero_escalates_everything_and_equals_the_second_stage():
    c = CascadeScorer(spec="static+static", benign_cut=0.0, first=first_stage(), second=second_stage())
    assert c.score(TEXTS) == second_stage().score(TEXTS)


def test_scores_at_the_cut_are_escalated():
    c = CascadeScorer(spec="static+static", benign_cut=0.3, first=first_stage(), second=second_stage())
    c.score(["stupid idea"])  # first stage max is exactly 0.3
    assert c.last_escalated == [0]


def test_name_version_labels(cascade):
    assert cascade.name == "cascade:static+static"
    assert cascade.labels == LABELS
    assert "cut=0.2" in cascade.version and cascade.version.startswith("static@1+static@1")


def test_through_the_registry():
    clear_cache()
    first, second = first_stage(), second_stage()
    c = load_scorer("cascade:static+static", benign_cut=0.2, first=first, second=second)
    assert isinstance(c, CascadeScorer) and c.spec == "static+static"
    assert load_scorer("cascade:static+static", benign_cut=0.2, first=first, second=second) is c
    built = load_scorer("cascade:static+static", benign_cut=0.5, first_options={"default": {"toxicity": 0.6}})
    built.score(["x"])
    assert built.escalated == 1  # stages built from the spec: static first (0.6 >= 0.5), static second
    clear_cache()


def test_bad_specs_and_cuts():
    with pytest.raises(ScorerError, match="first\\+second"):
        CascadeScorer(spec="static")
    with pytest.raises(ScorerError, match="no default benign_cut"):
        CascadeScorer(spec="static+static")
    with pytest.raises(ScorerError, match=r"\[0, 1\]"):
        CascadeScorer(spec="static+static", benign_cut=1.5)
    with pytest.raises(ScorerError, match="policy's lowest threshold"):
        CascadeScorer(spec="static+static", benign_cut=0.6, policy_min_threshold=0.5)
    with pytest.raises(ScorerError, match="cannot itself be a cascade"):
        CascadeScorer(spec="static+cascade:static+static", benign_cut=0.1)


def test_choose_benign_cut_keeps_every_harmful_comment_escalated():
    first_max = [0.02, 0.40, 0.10, 0.35, 0.05, 0.90, 0.12]
    harmful = [False, True, False, True, False, True, False]
    cut = choose_benign_cut(first_max, harmful)
    assert cut == 0.35
    assert all(score >= cut for score, bad in zip(first_max, harmful) if bad)
    assert sum(score >= cut for score in first_max) == 3  # only the harmful ones go up
    assert choose_benign_cut(first_max, harmful, margin=0.05) == pytest.approx(0.30)
    assert choose_benign_cut(first_max, [False] * 7) == 0.0


def test_equal_recall_on_held_out_data():
    """With the chosen cut, the cascade flags exactly the harmful comments the second stage flags."""
    texts = ["fine", "you idiot", "stupid idea", "I will kill you", "hello", "you stupid idiot"]
    harmful = [False, True, False, True, False, True]
    first = keep_first_labels(first_stage())
    cut = choose_benign_cut([max(s.values()) for s in first.score(texts)], harmful)
    cascade = CascadeScorer(spec="static+static", benign_cut=cut, first=first, second=second_stage())
    threshold = 0.8
    alone = [max(s.values()) >= threshold for s in second_stage().score(texts)]
    both = [max(s.values()) >= threshold for s in cascade.score(texts)]
    recall = lambda flags: sum(f and h for f, h in zip(flags, harmful)) / sum(harmful)  # noqa: E731
    assert recall(both) == recall(alone)
    assert cascade.escalated < len(texts)


def test_default_cut_is_used_and_checked_against_the_first_stage_version(monkeypatch, caplog):
    from plugin.scoring import cascade as mod

    monkeypatch.setitem(mod.DEFAULT_BENIGN_CUTS, "static", (0.25, "1"))
    c = CascadeScorer(spec="static+static", first=first_stage(), second=second_stage())
    assert c.benign_cut == 0.25 and not caplog.records
    monkeypatch.setitem(mod.DEFAULT_BENIGN_CUTS, "static", (0.25, "0"))
    with caplog.at_level("WARNING", logger="plugin.scoring.cascade"):
        CascadeScorer(spec="static+static", first=first_stage(), second=second_stage())
    assert "re-choose" in caplog.text


def test_embedded_then_detoxify_end_to_end(tmp_path, monkeypatch):
    """The real spec through the registry: embedded first, Detoxify (tiny offline checkpoint) second."""
    pytest.importorskip("detoxify")
    try:
        from detoxify_checkpoint import block_network, make_checkpoint
    except ImportError:
        from tests.detoxify_checkpoint import block_network, make_checkpoint
    try:
        load_scorer("embedded")
    except Exception as exc:  # the embedded model ships separately
        pytest.skip(f"embedded scorer unavailable: {exc}")
    block_network(monkeypatch)
    ckpt, config_dir = make_checkpoint(tmp_path, size="tiny")
    clear_cache()
    c = load_scorer("cascade:embedded+detoxify:original", benign_cut=0.5, checkpoint=str(ckpt), config_dir=str(config_dir))
    assert c.name == "cascade:embedded+detoxify:original" and c.second.name == "detoxify:original"
    texts = ["Thanks for the article, very clear.", "You are a worthless idiot and should shut up."]
    out = c.score(texts)
    assert len(out) == 2 and all(tuple(d) == c.second.labels for d in out)
    assert c.total == 2
    assert load_scorer("cascade:embedded+detoxify:original", benign_cut=0.5, checkpoint=str(ckpt),
                       config_dir=str(config_dir)) is c
    clear_cache()
