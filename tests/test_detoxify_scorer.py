"""The Detoxify backend, loaded offline from a tiny checkpoint in Detoxify's own format."""
from __future__ import annotations

import json
import math
import shutil
import socket
import sys

import pytest

pytest.importorskip("detoxify")
pytest.importorskip("torch")

from plugin.scoring import LABELS, ScorerError, clear_cache, load_scorer  # noqa: E402

try:  # tests/ is on sys.path (pytest's default rootdir-less import) ...
    from detoxify_checkpoint import make_checkpoint  # noqa: E402
except ImportError:  # ... or tests is a package
    from tests.detoxify_checkpoint import make_checkpoint  # noqa: E402

TEXTS = [
    "thanks for the article",
    "you are an idiot",
    "",
    "I really do not agree with this point of view, but thank you for the time you took to write it. " * 3,
    "shut up",
    "what a great comment, very nice",
    "people like you should die",
    "ok",
]


def _block_network(mp: pytest.MonkeyPatch) -> None:
    def refuse(*args, **kwargs):
        raise OSError("network blocked in tests")

    mp.setattr(socket.socket, "connect", refuse)
    mp.setattr(socket.socket, "connect_ex", refuse)
    mp.setenv("HF_HUB_OFFLINE", "1")
    mp.setenv("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(scope="session")
def tiny_checkpoint(tmp_path_factory):
    return make_checkpoint(tmp_path_factory.mktemp("detoxify"), variant="original", size="tiny")


@pytest.fixture()
def offline(monkeypatch):
    _block_network(monkeypatch)


@pytest.fixture(scope="module")
def scorer(tiny_checkpoint):
    ckpt, config_dir = tiny_checkpoint
    clear_cache()
    with pytest.MonkeyPatch.context() as mp:
        _block_network(mp)
        yield load_scorer("detoxify:original", checkpoint=str(ckpt), config_dir=str(config_dir))
    clear_cache()


def test_network_is_really_blocked(offline):
    with pytest.raises(OSError):
        socket.create_connection(("huggingface.co", 443), timeout=1)


def test_loads_offline_with_canonical_labels(scorer):
    assert scorer.name == "detoxify:original"
    # Jigsaw names (toxic, severe_toxic, identity_hate) mapped to Detoxify's, in LABELS order.
    assert scorer.labels == ("toxicity", "severe_toxicity", "obscene", "threat", "insult", "identity_attack")
    assert scorer.version.startswith("detoxify-0.5.4+toxic_original-tiny-")
    assert len(scorer.version.rsplit("-", 1)[-1]) == 12  # short sha256 of the checkpoint file


def test_score_returns_a_list_of_dicts_whatever_the_input(scorer):
    one = scorer.score(["you are an idiot"])
    assert isinstance(one, list) and len(one) == 1 and set(one[0]) == set(scorer.labels)
    assert len(scorer.score("a lone string is one comment")) == 1
    assert scorer.score([]) == []
    many = scorer.score(TEXTS)
    assert len(many) == len(TEXTS)
    assert all(isinstance(d, dict) and tuple(d) == scorer.labels for d in many)
    assert len(scorer.score(t for t in ("a generator", "works too"))) == 2


def test_probabilities_are_in_unit_interval(scorer):
    for scores in scorer.score(TEXTS):
        for value in scores.values():
            assert isinstance(value, float) and math.isfinite(value) and 0.0 <= value <= 1.0


def test_length_sorted_batches_keep_input_order(scorer, monkeypatch):
    monkeypatch.setattr(scorer, "token_budget", 40)  # force several length-sorted batches
    monkeypatch.setattr(scorer, "batch_size", 3)
    batches = scorer._batches([len(r["input_ids"]) for r in scorer._encode(TEXTS)])
    assert len(batches) > 2 and sorted(i for b in batches for i in b) == list(range(len(TEXTS)))
    together = scorer.score(TEXTS)
    for text, scores in zip(TEXTS, together):
        alone = scorer.score([text])[0]
        for label in scorer.labels:
            assert scores[label] == pytest.approx(alone[label], abs=1e-4)  # padding: float noise only
    # The comments differ, so a mix-up would show: the scores are not all alike.
    assert len({round(s["toxicity"], 2) for s in together}) > 3


def test_matches_detoxify_predict(scorer):
    """Our batched path gives detoxify's own ``predict`` scores (one comment at a time)."""
    for text in TEXTS:
        ours = scorer.score([text])[0]
        theirs = scorer.detoxify.predict(text)
        for label in scorer.labels:
            assert ours[label] == pytest.approx(theirs[label], abs=1e-4)


def test_bf16_runtime_runs_the_model_in_bfloat16_close_to_fp32(tmp_path, offline):
    """``runtime="torch-bf16"``: the same model in bfloat16, scores within bfloat16's precision.

    The checkpoint keeps its raw classifier (``logit_std=None``): the usual test
    checkpoint stretches a random head until its near-identical hidden states
    give spread-out scores, which magnifies any rounding many times over.
    """
    import torch

    ckpt, config_dir = make_checkpoint(tmp_path, variant="original", size="tiny", logit_std=None)
    options = dict(checkpoint=str(ckpt), config_dir=str(config_dir))
    fp32 = load_scorer("detoxify:original", **options)
    bf16 = load_scorer("detoxify:original", runtime="torch-bf16", **options)
    assert bf16 is not fp32 and bf16.model is not None
    assert {p.dtype for p in bf16.model.parameters()} == {torch.bfloat16}
    assert bf16.labels == fp32.labels and bf16.version == fp32.version
    for ours, reference in zip(bf16.score(TEXTS), fp32.score(TEXTS)):
        for label in fp32.labels:
            assert isinstance(ours[label], float)
            assert ours[label] == pytest.approx(reference[label], abs=0.01)


def test_token_budget_defaults_to_cache_sized_batches_on_cpu(scorer, tiny_checkpoint, offline):
    assert scorer.device == "cpu" and scorer.token_budget == 512
    ckpt, config_dir = tiny_checkpoint
    wide = load_scorer("detoxify:original", checkpoint=str(ckpt), config_dir=str(config_dir), token_budget=4096)
    assert wide.token_budget == 4096


def test_batches_respect_batch_size_and_token_budget(scorer, monkeypatch):
    monkeypatch.setattr(scorer, "token_budget", 100)
    monkeypatch.setattr(scorer, "batch_size", 4)
    lengths = [5, 50, 7, 30, 3, 3, 3, 3, 3, 60, 20]
    batches = scorer._batches(lengths)
    for batch in batches:
        assert len(batch) <= 4
        assert len(batch) == 1 or len(batch) * max(lengths[i] for i in batch) <= 100
        assert [lengths[i] for i in batch] == sorted(lengths[i] for i in batch)


def test_long_comments_are_truncated(tiny_checkpoint, offline):
    ckpt, config_dir = tiny_checkpoint
    short = load_scorer("detoxify:original", checkpoint=str(ckpt), config_dir=str(config_dir), max_length=8)
    assert short.max_length == 8
    assert max(len(r["input_ids"]) for r in short._encode(["word " * 2000])) == 8
    long_text = "you are an idiot " + "thanks " * 3000
    same_start = "you are an idiot " + "thanks " * 10
    a, b = short.score([long_text, same_start])
    assert a == pytest.approx(b, abs=1e-6)  # both cut to the same 8 tokens
    # max_length is capped at the tokenizer's limit (512 for BERT)
    big = load_scorer("detoxify:original", checkpoint=str(ckpt), config_dir=str(config_dir), max_length=4096)
    assert big.max_length == 512
    assert len(big.score(["idiot " * 3000])) == 1


def test_same_instance_returned_twice(scorer, tiny_checkpoint):
    ckpt, config_dir = tiny_checkpoint
    again = load_scorer("detoxify:original", checkpoint=str(ckpt), config_dir=str(config_dir))
    assert again is scorer


def test_missing_checkpoint_names_the_file(tmp_path, offline):
    missing = tmp_path / "nope.ckpt"
    with pytest.raises(ScorerError, match=r"checkpoint not found: .*nope\.ckpt.*MODERATION_DETOXIFY_CHECKPOINT"):
        load_scorer("detoxify:original", checkpoint=str(missing), config_dir=str(tmp_path))


def test_config_dir_without_config_json(tiny_checkpoint, tmp_path, offline):
    ckpt, _ = tiny_checkpoint
    with pytest.raises(ScorerError, match="no config.json"):
        load_scorer("detoxify:original", checkpoint=str(ckpt), config_dir=str(tmp_path))


def test_not_a_detoxify_checkpoint(tmp_path, offline):
    import torch

    bad = tmp_path / "bad.ckpt"
    torch.save({"weights": torch.zeros(2)}, bad)
    with pytest.raises(ScorerError, match="not a Detoxify checkpoint"):
        load_scorer("detoxify:original", checkpoint=str(bad), config_dir=str(tmp_path))


def test_plain_base_model_config_folder_still_loads(tiny_checkpoint, tmp_path, offline):
    """A config.json saved from the base model (no label names, 2 labels) works too."""
    ckpt, config_dir = tiny_checkpoint
    folder = tmp_path / "bert-base-uncased"
    shutil.copytree(config_dir, folder)
    config = json.loads((folder / "config.json").read_text())
    for key in ("id2label", "label2id", "problem_type"):
        config.pop(key, None)
    (folder / "config.json").write_text(json.dumps(config))
    plain = load_scorer("detoxify:original", checkpoint=str(ckpt), config_dir=str(folder))
    reference = load_scorer("detoxify:original", checkpoint=str(ckpt), config_dir=str(config_dir))
    for got, want in zip(plain.score(TEXTS), reference.score(TEXTS)):
        assert got == pytest.approx(want, abs=1e-6)


def test_unbiased_keeps_only_the_canonical_labels(tmp_path, offline):
    ckpt, config_dir = make_checkpoint(tmp_path, variant="unbiased", size="tiny")
    scorer = load_scorer("detoxify:unbiased", checkpoint=str(ckpt), config_dir=str(config_dir))
    assert scorer.name == "detoxify:unbiased"
    assert scorer.labels == LABELS
    assert len(scorer.detoxify.class_names) == 16  # identity outputs exist but are not reported
    (scores,) = scorer.score(["hello"])
    assert tuple(scores) == LABELS


def test_bad_options(tiny_checkpoint, offline):
    ckpt, config_dir = tiny_checkpoint
    with pytest.raises(ScorerError, match="unknown Detoxify runtime"):
        load_scorer("detoxify:original", checkpoint=str(ckpt), config_dir=str(config_dir), runtime="tensorrt")
    import torch

    if torch.cuda.is_available():
        return
    with pytest.raises(ScorerError, match="CUDA is not available"):
        load_scorer("detoxify:original", checkpoint=str(ckpt), config_dir=str(config_dir), device="cuda")


def test_missing_dependency_gives_the_install_line(monkeypatch):
    from plugin.scoring.detoxify import DetoxifyScorer

    monkeypatch.setitem(sys.modules, "detoxify", None)  # import detoxify -> ImportError
    with pytest.raises(ScorerError, match=r"pip install 'flask-comment-moderation\[detoxify\]'"):
        DetoxifyScorer("original")


def test_num_threads_sets_torch_threads(tiny_checkpoint, offline):
    import torch

    ckpt, config_dir = tiny_checkpoint
    before = torch.get_num_threads()
    try:
        load_scorer("detoxify:original", checkpoint=str(ckpt), config_dir=str(config_dir), num_threads=1)
        assert torch.get_num_threads() == 1
    finally:
        torch.set_num_threads(before)


def test_a_site_configured_for_detoxify_scores_through_the_pipeline(tiny_checkpoint, offline, tmp_path):
    """The air-gapped set-up a site uses: two config keys, then the normal pipeline."""
    from conftest import make_app

    ckpt, config_dir = tiny_checkpoint
    clear_cache()
    app = make_app(
        tmp_path,
        MODERATION_SCORER="detoxify:original",
        MODERATION_DETOXIFY_CHECKPOINT=str(ckpt),
        MODERATION_DETOXIFY_CONFIG_DIR=str(config_dir),
        MODERATION_DETOXIFY_MAX_LENGTH=64,
    )
    service = app.extensions["moderation"].service
    result = service.submit({"article": "calais", "body": "The fence will not fix anything."})
    score = result.comment.scores[-1]
    assert score.scorer == "detoxify:original" and score.scorer_version.startswith("detoxify-0.5.4+")
    assert set(score.labels) <= set(LABELS) and "toxicity" in score.labels
    assert result.decision.actor.startswith("policy:")
    assert service.scorer.max_length == 64
    app.extensions["moderation"].db.engine.dispose()
    clear_cache()
