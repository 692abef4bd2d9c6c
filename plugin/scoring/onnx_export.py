"""ONNX Runtime path for the Detoxify backend: export once, cache on disk, run with ORT.

``DetoxifyScorer(runtime="onnx")`` exports the loaded Detoxify model (the
Hugging Face ``*ForSequenceClassification`` inside ``detoxify.Detoxify``)
with ``torch.onnx.export`` (the TorchScript exporter, ``dynamo=False``: the
dynamo exporter needs ``onnxscript``, which is not a dependency; dynamic
batch and sequence axes), fuses it with ONNX Runtime's transformer optimiser
(attention, layer-norm and GELU fusions) when that works, and
``runtime="onnx-int8"`` then applies dynamic int8 quantisation
(``onnxruntime.quantization.quantize_dynamic``: int8 weights, activations
quantised per batch at run time).

Files are cached under ``onnx_cache_dir`` (default
``~/.cache/flask-moderation/onnx``, or ``$FLASK_MODERATION_CACHE/onnx``)
named by a key of: the checkpoint id (file name + sha256 prefix, or the
release file name), the model class, the torch, onnxruntime and
transformers versions, and the export settings. Any change of weights or
library versions re-exports; the old files can be deleted safely. Files are
written to a temporary name and renamed, so concurrent workers never read a
half-written model.
"""
from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import tempfile
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .base import ScorerError

if TYPE_CHECKING:  # pragma: no cover
    from .detoxify import DetoxifyScorer

log = logging.getLogger(__name__)

OPSET = 17
EXPORT_FORMAT = "4"  # bump when the export recipe changes


def default_cache_dir() -> Path:
    root = os.environ.get("FLASK_MODERATION_CACHE")
    if root:
        return Path(root).expanduser() / "onnx"
    return Path("~/.cache/flask-moderation/onnx").expanduser()


def cache_key(scorer: "DetoxifyScorer") -> str:
    import onnxruntime
    import torch
    import transformers

    parts = [
        EXPORT_FORMAT,
        scorer.checkpoint_id,
        type(scorer.model).__name__,
        f"torch={torch.__version__}",
        f"onnxruntime={onnxruntime.__version__}",
        f"transformers={transformers.__version__}",
        f"opset={OPSET}",
        ",".join(scorer._input_names),
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def _export(scorer: "DetoxifyScorer", path: Path) -> None:
    import torch

    names = list(scorer._input_names)
    model = scorer.model

    class Logits(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, *inputs: Any) -> Any:
            return self.model(**dict(zip(names, inputs))).logits

    sample = scorer._pad(scorer._encode(["an example comment to trace the graph", "short"]))
    args = tuple(torch.from_numpy(sample[n]) for n in names)
    dynamic = {n: {0: "batch", 1: "sequence"} for n in names}
    dynamic["logits"] = {0: "batch"}
    # Eager attention traces to the classic MatMul/Softmax pattern that ONNX
    # Runtime's optimiser fuses into its Attention kernel (the SDPA path does not fuse).
    set_attn = getattr(model, "set_attn_implementation", None)
    previous = getattr(model.config, "_attn_implementation", None)
    if set_attn is not None and previous not in (None, "eager"):
        set_attn("eager")
    with contextlib.ExitStack() as stack:
        if set_attn is not None and previous not in (None, "eager"):
            stack.callback(set_attn, previous)
        _trace(Logits().eval(), args, names, dynamic, path)


def _trace(module: Any, args: tuple, names: list[str], dynamic: dict, path: Path) -> None:
    import torch

    with warnings.catch_warnings():
        # Tracing notices: transformers' mask code turns shape checks into
        # Python bools that are constant for an encoder (no KV cache, not
        # causal); the legacy exporter announces its own deprecation. None of
        # them changes the graph for dynamic batch/sequence sizes (tests check
        # ONNX against torch on other shapes).
        warnings.simplefilter("ignore")
        with torch.inference_mode(False), torch.no_grad():
            torch.onnx.export(
                module,
                args,
                str(path),
                input_names=names,
                output_names=["logits"],
                dynamic_axes=dynamic,
                opset_version=OPSET,
                do_constant_folding=True,
                dynamo=False,
            )


def _fuse(scorer: "DetoxifyScorer", src: Path, dst: Path) -> bool:
    """ORT's transformer fusions (BERT-like models); False when not applicable."""
    config = scorer.model.config
    model_type = {"bert": "bert", "roberta": "bert", "xlm-roberta": "bert", "albert": "bert"}.get(
        getattr(config, "model_type", ""), None
    )
    if model_type is None:
        return False
    try:
        from onnxruntime.transformers.optimizer import optimize_model

        with warnings.catch_warnings(), _quiet("onnxruntime", "onnxruntime.transformers"):
            warnings.simplefilter("ignore")  # optimiser deprecation/notice chatter
            optimized = optimize_model(
                str(src),
                model_type=model_type,
                num_heads=int(config.num_attention_heads),
                hidden_size=int(config.hidden_size),
                opt_level=0,  # graph fusions only; ORT applies its own level at session time
            )
            optimized.save_model_to_file(str(dst))
        return True
    except Exception as exc:  # an optional speed-up: the plain export still works
        log.warning("ONNX Runtime transformer fusion failed (%s); using the plain export", exc)
        return False


@contextlib.contextmanager
def _quiet(*names: str):
    loggers = [logging.getLogger(n) for n in names] + [logging.getLogger()]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for lg, level in zip(loggers, levels):
            lg.setLevel(level)


def _quantize(src: Path, dst: Path) -> None:
    """Dynamic int8 of the weight-bearing nodes only.

    Linear layers (MatMul/Gemm with a weight initializer) and fused Attention
    (its QKV projection) get int8 weights; activation-by-activation products
    are left in fp32, which roughly halves the error for no loss of speed.
    """
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    graph = onnx.load(str(src), load_external_data=False).graph
    weights = {init.name for init in graph.initializer}
    nodes = [
        node.name
        for node in graph.node
        if node.op_type in ("MatMul", "Gemm", "Attention") and any(i in weights for i in node.input)
    ]

    with _quiet("onnxruntime", "root"):  # "consider pre-processing" notice: fusion already ran
        quantize_dynamic(
            str(src),
            str(dst),
            weight_type=QuantType.QInt8,
            per_channel=True,
            nodes_to_quantize=nodes,
            # fused com.microsoft ops defeat ONNX shape inference; their outputs are float
            extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
        )


def _atomic(path: Path, build: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.stem + ".", suffix=".tmp.onnx", dir=path.parent)
    os.close(fd)
    try:
        build(Path(tmp))
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it 0600
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def model_paths(scorer: "DetoxifyScorer", cache_dir: str | os.PathLike[str] | None) -> dict[str, Path]:
    folder = Path(cache_dir).expanduser() if cache_dir else default_cache_dir()
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in scorer.name)
    stem = f"{safe}-{cache_key(scorer)}"
    return {"fp32": folder / f"{stem}.onnx", "int8": folder / f"{stem}-int8.onnx"}


def ensure_model(scorer: "DetoxifyScorer", quantize: bool, cache_dir: Any = None) -> Path:
    """Path of the cached ONNX model (exported, fused, quantised on first use)."""
    paths = model_paths(scorer, cache_dir)
    fp32 = paths["fp32"]
    if not fp32.exists():
        log.info("exporting %s to ONNX at %s", scorer.name, fp32)

        def build_fp32(tmp: Path) -> None:
            raw = tmp.with_name(tmp.name + ".raw.onnx")
            try:
                _export(scorer, raw)
                if not _fuse(scorer, raw, tmp):
                    os.replace(raw, tmp)
            finally:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(raw)

        _atomic(fp32, build_fp32)
    if not quantize:
        return fp32
    int8 = paths["int8"]
    if not int8.exists():
        log.info("quantising %s to int8 at %s", scorer.name, int8)
        _atomic(int8, lambda tmp: _quantize(fp32, tmp))
    return int8


def load_session(
    scorer: "DetoxifyScorer", quantize: bool, cache_dir: Any = None, num_threads: int | None = None
) -> Any:
    """An ``onnxruntime.InferenceSession`` for the scorer's model (CUDA when its device is cuda)."""
    try:
        import onnx  # noqa: F401  (the exporter needs it)
        import onnxruntime as ort
    except ImportError as exc:
        from .detoxify import ONNX_INSTALL_HINT

        raise ScorerError(
            f"the Detoxify ONNX runtime needs onnx and onnxruntime ({exc}); install them with: {ONNX_INSTALL_HINT}"
        ) from exc
    providers: list[Any] = ["CPUExecutionProvider"]
    if scorer.device.startswith("cuda"):
        if "CUDAExecutionProvider" not in ort.get_available_providers():
            raise ScorerError(
                f"Detoxify device {scorer.device!r} with runtime {scorer.runtime!r} needs onnxruntime-gpu "
                "(CUDAExecutionProvider is not available)"
            )
        _, _, index = scorer.device.partition(":")
        providers = [("CUDAExecutionProvider", {"device_id": int(index or 0)}), "CPUExecutionProvider"]
    path = ensure_model(scorer, quantize=quantize, cache_dir=cache_dir)
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    if num_threads:
        options.intra_op_num_threads = int(num_threads)
        options.inter_op_num_threads = 1
    # Idle pool threads sleep instead of spinning: the scoring thread shares its
    # cores with the web server, the first-stage scorer and torch's own pool.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    scorer.onnx_path = path
    return ort.InferenceSession(str(path), sess_options=options, providers=providers)
