"""Detoxify backend: the ``detoxify`` package's models, loaded once, scored in fast batches.

Loading
-------
``DetoxifyScorer(model_type)`` with no ``checkpoint`` downloads the released
checkpoint from GitHub (cached by ``torch.hub``) and the tokenizer/config
from the Hugging Face hub, as ``detoxify.Detoxify(model_type)`` does.

Air-gapped sites pass ``checkpoint`` (the released ``.ckpt`` file) and
``config_dir`` (a Hugging Face folder with ``config.json`` and the tokenizer
files of the checkpoint's base model, e.g. ``bert-base-uncased`` for
``original``, ``roberta-base`` for ``unbiased``, ``xlm-roberta-base`` for
``multilingual``, ``albert-base-v2`` for the ``-small`` models). Nothing is
then fetched from the network.

Why not plain ``Detoxify(model_type, checkpoint=..., huggingface_config_path=...)``:
detoxify 0.5.4's ``get_model_and_tokenizer`` always calls
``config_class.from_pretrained(<hub name from the checkpoint>, num_labels=...)``
*before* looking at ``huggingface_config_path``, so it contacts the hub (and
fails offline, even with ``HF_HUB_OFFLINE=1`` unless the hub cache is warm).
Workaround used here, still through the ``detoxify`` package's own loader:
we read the checkpoint ourselves (``torch.load``), replace the hub name in
``config["arch"]["args"]["model_type"]`` by ``config_dir`` and call
``detoxify.detoxify.get_model_and_tokenizer`` with
``huggingface_config_path=config_dir`` (``local_files_only=True``). If the
folder's ``config.json`` does not carry the checkpoint's label count (a
plain ``bert-base-uncased`` config has 2), we pass
``huggingface_config_path=None`` instead so the config is built from
``config_dir`` with ``num_labels`` set from the checkpoint (still local: a
folder path never reaches the hub). The resulting model, tokenizer and class
names are the ones ``detoxify.Detoxify`` would hold (``self.detoxify`` is a
real ``Detoxify`` object, usable for ``predict``).

Checkpoints are read with ``torch.load(weights_only=True)`` first; only if that
fails (a checkpoint holding arbitrary pickled objects) do we fall back to
``weights_only=False``, which is what detoxify itself always does. Only load
checkpoints you trust.

Scoring
-------
``score`` tokenises all texts once (truncated to ``max_length`` tokens),
sorts them by length, cuts them into batches of at most ``batch_size``
comments and ``token_budget`` padded tokens, runs them under
``torch.inference_mode`` (in bfloat16 with ``runtime="torch-bf16"``, or
through ONNX Runtime with ``runtime="onnx"`` / ``"onnx-int8"``, see
:mod:`plugin.scoring.onnx_export`), and returns the
scores in input order. Only the 7 canonical labels are reported (the
``unbiased``/``multilingual`` models' identity outputs are dropped).
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from pathlib import Path
from typing import Any, Sequence

from .base import LABELS, Scores, ScorerError

log = logging.getLogger(__name__)

INSTALL_HINT = "pip install 'flask-comment-moderation[detoxify]'"
ONNX_INSTALL_HINT = "pip install 'flask-comment-moderation[detoxify,onnx]'"

#: Detoxify's renaming of the Jigsaw class names (as in ``detoxify.load_checkpoint``).
_RENAME = {"toxic": "toxicity", "identity_hate": "identity_attack", "severe_toxic": "severe_toxicity"}

RUNTIMES = ("torch", "torch-bf16", "onnx", "onnx-int8")


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _as_texts(texts: Any) -> list[str]:
    """Any input -> a list of strings (a lone string is one comment; ``None`` is empty)."""
    if texts is None:
        return []
    if isinstance(texts, (str, bytes)):
        texts = [texts]
    out = []
    for text in texts:
        if text is None:
            out.append("")
        elif isinstance(text, bytes):
            out.append(text.decode("utf-8", "replace"))
        else:
            out.append(str(text))
    return out


class DetoxifyScorer:
    """Scores comments with a Detoxify model (see the module docstring for loading details).

    Options (``MODERATION_SCORER_OPTIONS`` / ``MODERATION_DETOXIFY_*``):
    ``checkpoint`` and ``config_dir`` for offline loading; ``device``
    (``cpu``, ``cuda``, ``cuda:1``); ``batch_size`` (comments per batch) and
    ``token_budget`` (padded tokens per batch; default 512 on CPU, 8192 on
    GPU); ``max_length`` (tokens kept
    per comment); ``runtime`` (``torch``; ``torch-bf16``, weights and
    activations in bfloat16, about twice as fast on CPUs with AVX512-BF16 or
    AMX and on GPUs; ``onnx``; ``onnx-int8``);
    ``num_threads`` (torch intra-op threads, process-wide, and ONNX Runtime
    session threads); ``onnx_cache_dir`` (default
    ``~/.cache/flask-moderation/onnx``).
    """

    def __init__(
        self,
        model_type: str = "original",
        checkpoint: str | os.PathLike[str] | None = None,
        config_dir: str | os.PathLike[str] | None = None,
        device: str = "cpu",
        batch_size: int = 32,
        max_length: int = 256,
        runtime: str = "torch",
        num_threads: int | None = None,
        onnx_cache_dir: str | os.PathLike[str] | None = None,
        token_budget: int | None = None,
    ) -> None:
        try:
            import detoxify  # noqa: F401
            import torch
            import transformers  # noqa: F401
        except ImportError as exc:
            raise ScorerError(
                f"the detoxify scorer needs detoxify, torch and transformers ({exc}); "
                f"install them with: {INSTALL_HINT}"
            ) from exc
        if runtime not in RUNTIMES:
            raise ScorerError(f"unknown Detoxify runtime {runtime!r}: use one of {', '.join(RUNTIMES)}")
        if token_budget is None:
            # Measured on a 2-core CPU (scripts/bench_detoxify.py): batches of
            # at most 512 padded tokens keep the activations in cache and run
            # 1.4-1.5x faster than 8192-token ones on every runtime. A GPU
            # wants big batches.
            token_budget = 512 if str(device or "cpu") == "cpu" else 8192
        if int(batch_size) < 1 or int(max_length) < 2 or int(token_budget) < 2:
            raise ScorerError("batch_size must be >= 1, max_length and token_budget >= 2")

        self.model_type = model_type
        self.name = f"detoxify:{model_type}"
        self.device = str(device or "cpu")
        self.batch_size = int(batch_size)
        self.runtime = runtime
        self.token_budget = int(token_budget)
        self.num_threads = int(num_threads) if num_threads else None
        self._lock = threading.Lock()
        if self.num_threads:
            torch.set_num_threads(self.num_threads)
        if self.device.startswith("cuda") and not torch.cuda.is_available():
            raise ScorerError(f"Detoxify device {self.device!r} configured but CUDA is not available to torch")

        loaded, self.checkpoint_id = self._read_checkpoint(model_type, checkpoint)
        self.detoxify = self._build_detoxify(loaded, config_dir)
        del loaded
        self.model = self.detoxify.model
        self.tokenizer = self.detoxify.tokenizer
        self.model.eval()

        # Label names: Detoxify's (renamed) class names, canonical ones only, in LABELS order.
        names = list(self.detoxify.class_names)
        index = {name: i for i, name in enumerate(names) if name in LABELS}
        self.labels: tuple[str, ...] = tuple(label for label in LABELS if label in index)
        if not self.labels:
            raise ScorerError(f"checkpoint for {model_type!r} has no known labels: {names}")
        self._columns = [index[label] for label in self.labels]

        limit = getattr(self.tokenizer, "model_max_length", None) or 512
        if limit > 100_000:  # "no limit" sentinel in transformers
            limit = 512
        self.max_length = min(int(max_length), int(limit))

        import transformers as _tf

        self.version = f"detoxify-{_dx_version()}+{self.checkpoint_id}"
        self._input_names = [n for n in ("input_ids", "attention_mask", "token_type_ids")
                             if n in getattr(self.tokenizer, "model_input_names", ["input_ids", "attention_mask"])]
        self._pad_id = self.tokenizer.pad_token_id if self.tokenizer.pad_token_id is not None else 0
        self._transformers_version = _tf.__version__

        self._session = None
        self.onnx_path: Path | None = None
        if runtime.startswith("onnx"):
            from .onnx_export import load_session

            self._session = load_session(
                self, quantize=runtime == "onnx-int8", cache_dir=onnx_cache_dir, num_threads=self.num_threads
            )
            self._session_input_names = {i.name for i in self._session.get_inputs()}
            # ONNX Runtime holds its own copy of the weights: free torch's (~420 MiB
            # for bert-base). ``self.detoxify`` keeps tokenizer and class names.
            self.model = self.detoxify.model = None
        else:
            if runtime == "torch-bf16":
                if self.device == "cpu" and not torch.ops.mkldnn._is_mkldnn_bf16_supported():
                    log.warning("runtime torch-bf16: this CPU has no native bfloat16 (AVX512-BF16/AMX); it will be slow")
                self.model.to(torch.bfloat16)
            if self.device != "cpu":
                self.model.to(self.device)
                self.detoxify.device = self.device

    # -- loading ---------------------------------------------------------------

    @staticmethod
    def _read_checkpoint(model_type: str, checkpoint: Any) -> tuple[dict, str]:
        import torch
        from detoxify import detoxify as dx

        if checkpoint is None:
            if model_type not in dx.MODEL_URLS:
                raise ScorerError(
                    f"unknown Detoxify model {model_type!r}: use one of {', '.join(dx.MODEL_URLS)}"
                )
            url = dx.MODEL_URLS[model_type]
            try:
                loaded = torch.hub.load_state_dict_from_url(url, map_location="cpu", weights_only=False)
            except Exception as exc:  # network errors come in many types
                raise ScorerError(
                    f"could not download the Detoxify {model_type!r} checkpoint from {url} ({exc}); "
                    "offline, set MODERATION_DETOXIFY_CHECKPOINT and MODERATION_DETOXIFY_CONFIG_DIR"
                ) from exc
            # Released file names carry a hash prefix: toxic_original-c1212f89.ckpt
            return loaded, url.rsplit("/", 1)[-1].removesuffix(".ckpt")
        path = Path(checkpoint).expanduser()
        if not path.is_file():
            raise ScorerError(
                f"Detoxify checkpoint not found: {str(path)!r} (MODERATION_DETOXIFY_CHECKPOINT); "
                "download it on a connected machine from the URL in detoxify.detoxify.MODEL_URLS"
            )
        try:
            loaded = torch.load(path, map_location="cpu", weights_only=True)
        except Exception:
            log.info("checkpoint %s needs weights_only=False (as detoxify loads it)", path)
            loaded = torch.load(path, map_location="cpu", weights_only=False)
        if not isinstance(loaded, dict) or "config" not in loaded or "state_dict" not in loaded:
            raise ScorerError(
                f"{str(path)!r} is not a Detoxify checkpoint: it needs the 'config' it was trained with "
                "and the 'state_dict'"
            )
        return loaded, f"{path.stem}-{_file_sha256(path)[:12]}"

    def _build_detoxify(self, loaded: dict, config_dir: Any) -> Any:
        """A ``detoxify.Detoxify`` holding the model, built with detoxify's own loader."""
        from detoxify import detoxify as dx

        try:
            classes = loaded["config"]["dataset"]["args"]["classes"]
        except (KeyError, TypeError):
            classes = loaded["config"].get("arch", {}).get("args", {}).get("classes")
        if not classes:
            raise ScorerError("Detoxify checkpoint config has no class names (config.dataset.args.classes)")
        class_names = [_RENAME.get(c, c) for c in classes]
        args = {
            k: v
            for k, v in loaded["config"]["arch"]["args"].items()
            if k in ("model_type", "model_name", "tokenizer_name", "num_classes")
        }
        hf_path: str | None = None
        if config_dir is not None:
            folder = Path(config_dir).expanduser()
            if not (folder / "config.json").is_file():
                raise ScorerError(
                    f"Detoxify config folder {str(folder)!r} has no config.json "
                    "(MODERATION_DETOXIFY_CONFIG_DIR): save the base model's config and tokenizer there "
                    f"(e.g. {args.get('model_type')!r} with save_pretrained)"
                )
            # detoxify 0.5.4 would ask the hub for args["model_type"]: point it at the folder.
            args["model_type"] = str(folder)
            hf_path = str(folder)
            try:
                num_labels = len(json.loads((folder / "config.json").read_text())["id2label"])
            except (KeyError, ValueError, TypeError):
                num_labels = None
            if num_labels != args.get("num_classes"):
                hf_path = None  # build the config from the folder with num_labels from the checkpoint
        try:
            model, tokenizer = dx.get_model_and_tokenizer(
                **args, state_dict=loaded["state_dict"], huggingface_config_path=hf_path
            )
        except OSError as exc:
            raise ScorerError(
                f"could not load the Detoxify model/tokenizer for {args.get('model_type')!r} ({exc}); "
                "offline, set MODERATION_DETOXIFY_CONFIG_DIR to a folder with its config.json and tokenizer"
            ) from exc
        if not getattr(tokenizer, "is_fast", True):  # transformers 4: prefer the Rust tokenizer
            import transformers

            fast_cls = getattr(transformers, f"{args['tokenizer_name']}Fast", None)
            if fast_cls is not None:
                try:
                    tokenizer = fast_cls.from_pretrained(args["model_type"], local_files_only=hf_path is not None)
                except Exception:  # keep the slow one
                    log.info("no fast tokenizer for %s", args["model_type"])
        detox = dx.Detoxify.__new__(dx.Detoxify)  # what Detoxify.__init__ sets, without re-loading
        detox.model, detox.tokenizer, detox.class_names = model, tokenizer, class_names
        detox.device = "cpu"
        return detox

    # -- scoring ---------------------------------------------------------------

    def _encode(self, texts: list[str]) -> list[dict[str, list[int]]]:
        enc = self.tokenizer(
            texts, truncation=True, max_length=self.max_length, padding=False, return_attention_mask=True
        )
        rows = []
        for i in range(len(texts)):
            rows.append({name: enc[name][i] for name in self._input_names if name in enc})
        return rows

    def _batches(self, lengths: list[int]) -> list[list[int]]:
        """Indices sorted by length, cut so each batch's padded size fits the token budget."""
        order = sorted(range(len(lengths)), key=lambda i: lengths[i])
        batches: list[list[int]] = []
        current: list[int] = []
        for i in order:
            longest = lengths[i]  # sorted ascending: the newcomer is the longest
            if current and ((len(current) + 1) * longest > self.token_budget or len(current) >= self.batch_size):
                batches.append(current)
                current = []
            current.append(i)
        if current:
            batches.append(current)
        return batches

    def _pad(self, rows: list[dict[str, list[int]]]) -> dict[str, Any]:
        import numpy as np

        width = max(len(r["input_ids"]) for r in rows)
        arrays = {}
        for name in self._input_names:
            fill = self._pad_id if name == "input_ids" else 0
            arr = np.full((len(rows), width), fill, dtype=np.int64)
            for j, row in enumerate(rows):
                values = row.get(name)
                if values is None:
                    continue
                arr[j, : len(values)] = values
            arrays[name] = arr
        return arrays

    def _logits(self, arrays: dict[str, Any]) -> Any:
        import torch

        if self._session is not None:
            feed = {k: v for k, v in arrays.items() if k in self._session_input_names}
            return self._session.run(None, feed)[0]
        tensors = {k: torch.from_numpy(v).to(self.device) for k, v in arrays.items()}
        with torch.inference_mode():
            out = self.model(**tensors).logits
        return out.float().cpu().numpy()

    def score(self, texts: Sequence[str]) -> list[Scores]:
        import numpy as np

        items = _as_texts(texts)
        if not items:
            return []
        with self._lock:
            rows = self._encode(items)
            lengths = [len(r["input_ids"]) for r in rows]
            probs = np.zeros((len(items), len(self._columns)), dtype=np.float64)
            for batch in self._batches(lengths):
                logits = self._logits(self._pad([rows[i] for i in batch]))
                logits = np.asarray(logits, dtype=np.float64)[:, self._columns]
                probs[batch] = 0.5 * (1.0 + np.tanh(0.5 * logits))  # sigmoid, no overflow
        return [{label: float(p) for label, p in zip(self.labels, row)} for row in probs]

    def __repr__(self) -> str:
        return f"<DetoxifyScorer {self.name} {self.version} runtime={self.runtime} device={self.device}>"


def _dx_version() -> str:
    try:
        from importlib.metadata import version

        return version("detoxify")
    except Exception:
        return "unknown"
