"""The Detoxify backend's ONNX Runtime path (fp32 and dynamic int8), on a tiny checkpoint."""
from __future__ import annotations

import pytest

pytest.importorskip("detoxify")
pytest.importorskip("onnxruntime")
pytest.importorskip("onnx")

from plugin.scoring import clear_cache, load_scorer  # noqa: E402
from plugin.scoring import onnx_export  # noqa: E402

try:
    from detoxify_checkpoint import block_network, make_checkpoint  # noqa: E402
except ImportError:
    from tests.detoxify_checkpoint import block_network, make_checkpoint  # noqa: E402

TEXTS = [
    "thanks for the article",
    "you are an idiot",
    "",
    "I really do not agree with this point of view, but thank you for the time you took. " * 4,
    "shut up",
    "people like you should die",
]


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    folder = tmp_path_factory.mktemp("onnx")
    ckpt, config_dir = make_checkpoint(folder / "model", variant="original", size="tiny")
    cache = folder / "cache"
    clear_cache()
    with pytest.MonkeyPatch.context() as mp:
        block_network(mp)
        options = dict(checkpoint=str(ckpt), config_dir=str(config_dir), onnx_cache_dir=str(cache))
        torch_scorer = load_scorer("detoxify:original", **options)
        onnx_scorer = load_scorer("detoxify:original", runtime="onnx", **options)
        yield {"options": options, "cache": cache, "torch": torch_scorer, "onnx": onnx_scorer, "mp": mp}
    clear_cache()


def test_fp32_matches_torch(setup):
    torch_scores = setup["torch"].score(TEXTS)
    onnx_scores = setup["onnx"].score(TEXTS)
    assert setup["onnx"].labels == setup["torch"].labels
    assert setup["onnx"].name == "detoxify:original" and setup["onnx"].version == setup["torch"].version
    for a, b in zip(torch_scores, onnx_scores):
        assert tuple(b) == setup["torch"].labels
        for label in a:
            assert b[label] == pytest.approx(a[label], abs=1e-4)


def test_torch_weights_are_freed(setup):
    assert setup["onnx"].model is None and setup["onnx"].detoxify.model is None
    assert setup["torch"].model is not None


def test_dynamic_shapes_and_order(setup, monkeypatch):
    """Other batch sizes and lengths than the traced ones, several batches, input order kept."""
    scorer = setup["onnx"]
    monkeypatch.setattr(scorer, "batch_size", 2)
    many = TEXTS * 3
    together = scorer.score(many)
    for text, scores in zip(many, together):
        assert scores == pytest.approx(scorer.score([text])[0], abs=1e-4)


def test_cache_file_is_reused(setup, monkeypatch):
    path = setup["onnx"].onnx_path
    assert path is not None and path.parent == setup["cache"] and path.suffix == ".onnx"
    mtime = path.stat().st_mtime_ns

    def no_export(*args, **kwargs):
        raise AssertionError("exported again instead of using the cache")

    monkeypatch.setattr(onnx_export, "_export", no_export)
    clear_cache()  # a new process would load afresh
    again = load_scorer("detoxify:original", runtime="onnx", **setup["options"])
    assert again is not setup["onnx"] and again.onnx_path == path
    assert path.stat().st_mtime_ns == mtime
    assert again.score(TEXTS[:2]) == setup["onnx"].score(TEXTS[:2])
    assert not list(setup["cache"].glob("*.tmp*"))  # no leftovers of the atomic write


def test_cache_key_follows_the_checkpoint(setup, tmp_path):
    other_ckpt, other_dir = make_checkpoint(tmp_path, variant="original", size="tiny", seed=1)
    options = dict(setup["options"], checkpoint=str(other_ckpt), config_dir=str(other_dir))
    other = load_scorer("detoxify:original", runtime="onnx", **options)
    assert other.onnx_path != setup["onnx"].onnx_path
    assert other.score(TEXTS[:1]) != setup["onnx"].score(TEXTS[:1])


def test_int8_quantised_model(setup):
    import onnx

    int8 = load_scorer("detoxify:original", runtime="onnx-int8", **setup["options"])
    assert int8.onnx_path.name.endswith("-int8.onnx")
    ops = {node.op_type for node in onnx.load(str(int8.onnx_path)).graph.node}
    assert "MatMulInteger" in ops or "DynamicQuantizeMatMul" in ops
    assert int8.onnx_path.stat().st_size < setup["onnx"].onnx_path.stat().st_size
    scores = int8.score(TEXTS)
    assert len(scores) == len(TEXTS)
    for d in scores:
        assert tuple(d) == int8.labels and all(0.0 <= v <= 1.0 for v in d.values())
    # Accuracy against fp32 is measured on the real bert-base architecture by
    # scripts/bench_detoxify.py: this 32-wide model is too small for int8 to mean much.


def test_cuda_runtime_without_gpu_is_refused(setup):
    import onnxruntime

    if "CUDAExecutionProvider" in onnxruntime.get_available_providers():
        pytest.skip("a CUDA build of onnxruntime is installed")
    from plugin.scoring import ScorerError

    with pytest.raises(ScorerError, match="CUDA|cuda"):
        load_scorer("detoxify:original", runtime="onnx", device="cuda", **setup["options"])
