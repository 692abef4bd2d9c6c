"""Build Detoxify-format checkpoints locally, with random weights, for tests and the benchmark.

Detoxify's released weights (GitHub releases) and its tokenizers (Hugging Face
hub) cannot be downloaded here, so tests and ``scripts/bench_detoxify.py``
build a checkpoint in Detoxify's own format instead:

* ``<dir>/<name>.ckpt``: ``torch.save({"config": ..., "state_dict": ...})`` with
  the same ``config`` layout as the released checkpoints
  (``config["arch"]["args"]`` = ``num_classes``, ``model_type``,
  ``model_name``, ``tokenizer_name``; ``config["dataset"]["args"]["classes"]``
  = the label names, in Jigsaw spelling for ``original``);
* ``<dir>/<name>-config/``: the Hugging Face folder Detoxify's
  ``huggingface_config_path`` expects (``config.json`` plus the tokenizer
  files), the same folder an air-gapped site copies next to the checkpoint.

``size="tiny"`` is a 2-layer, 32-wide BERT (fast tests); ``size="bert-base"``
is the real ``bert-base-uncased`` architecture (12 layers, 768 wide, 30522-entry
vocabulary) with random weights: its speed is that of the real model, its
scores are meaningless.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterable, Sequence

#: ``original``'s classes as stored in the released checkpoint (Jigsaw names).
ORIGINAL_CLASSES = ["toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate"]
#: ``unbiased``'s 16 outputs: 7 main labels, then identity labels Detoxify also reports.
UNBIASED_CLASSES = [
    "toxicity", "severe_toxicity", "obscene", "identity_attack", "insult", "threat", "sexual_explicit",
    "male", "female", "homosexual_gay_or_lesbian", "christian", "jewish", "muslim", "black", "white",
    "psychiatric_or_mental_illness",
]

SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]

#: Words every built vocabulary knows, so tests can tokenise ordinary sentences.
BASIC_WORDS = """
the a an and or but if of to in on at for with from by about as is are was were be been being
this that these those it its i you he she we they me him her us them my your our their
not no yes do does did have has had will would can could should may might must
good bad great terrible nice awful love hate like thanks thank please sorry
idiot stupid moron dumb fool shut up kill die threat hurt attack
article comment comments post read agree disagree point view opinion think know
people person man woman world time day year way thing life work
very really just so too also only even still more most less much many
what who why how when where which there here now then again
""".split()


def _basic_pieces() -> list[str]:
    chars = [chr(c) for c in range(ord("a"), ord("z") + 1)] + [str(d) for d in range(10)]
    punct = list(".,!?;:'\"()-_/&*#@%$+=<>[]{}")
    return chars + punct + ["##" + c for c in chars]


def words_of(texts: Iterable[str]) -> list[str]:
    """Lower-cased word and punctuation tokens of texts, most frequent first."""
    counts: dict[str, int] = {}
    for text in texts:
        for word in re.findall(r"[a-z0-9]+|[^\sa-z0-9]", text.lower()):
            counts[word] = counts.get(word, 0) + 1
    return sorted(counts, key=lambda w: (-counts[w], w))


def build_vocab(words: Iterable[str] = (), size: int | None = None) -> list[str]:
    """A WordPiece vocabulary: special tokens, characters, ``##`` pieces, then ``words``.

    With ``size``, pads with ``[unusedN]`` entries (as BERT's own vocabulary
    does) or truncates the word list, to exactly ``size`` entries.
    """
    vocab: list[str] = []
    seen: set[str] = set()
    for token in [*SPECIAL, *_basic_pieces(), *BASIC_WORDS, *words]:
        if token and token not in seen and not any(ch.isspace() for ch in token):
            seen.add(token)
            vocab.append(token)
    if size is not None:
        vocab = vocab[:size]
        n = 0
        while len(vocab) < size:
            token = f"[unused{n}]"
            n += 1
            if token not in seen:
                vocab.append(token)
    return vocab


def make_checkpoint(
    directory: str | Path,
    *,
    variant: str = "original",
    size: str = "tiny",
    words: Sequence[str] = (),
    seed: int = 0,
    logit_std: float | None = 2.0,
) -> tuple[Path, Path]:
    """Write a Detoxify-format checkpoint and its config folder; return ``(ckpt, config_dir)``.

    ``variant`` picks the classes: ``original`` (6 Jigsaw-named classes) or
    ``unbiased`` (16 outputs including identity labels). Both use a BERT
    architecture (the real ``unbiased`` is RoBERTa; the loading path is the same).

    Freshly initialised BERT heads give logits near 0 (every score ~0.5);
    ``logit_std`` rescales the classifier so the logits on a few sentences
    spread with about that standard deviation, as a trained model's do. Scores
    then differ between comments (tests can tell them apart) and precision
    losses (ONNX int8) show in probability space roughly as they would with
    real weights. ``None`` keeps the raw initialisation.
    """
    import torch
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizer

    if variant == "original":
        classes = list(ORIGINAL_CLASSES)
    elif variant == "unbiased":
        classes = list(UNBIASED_CLASSES)
    else:
        raise ValueError(f"unknown variant {variant!r}")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    name = f"toxic_{variant}-{size}"
    config_dir = directory / f"{name}-config"
    config_dir.mkdir(exist_ok=True)

    if size == "tiny":
        vocab = build_vocab(words)
        config = BertConfig(
            vocab_size=len(vocab), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
            intermediate_size=37, max_position_embeddings=512, num_labels=len(classes),
        )
    elif size == "bert-base":
        vocab = build_vocab(words, size=30522)
        config = BertConfig(num_labels=len(classes))  # defaults are bert-base-uncased
    else:
        raise ValueError(f"unknown size {size!r}")
    config.problem_type = "multi_label_classification"

    vocab_file = config_dir / "vocab.txt"
    vocab_file.write_text("\n".join(vocab) + "\n", encoding="utf-8")
    # Built from vocab.txt alone (works with transformers 4 and 5 alike), then
    # saved with its tokenizer.json / tokenizer_config.json like a hub folder.
    tokenizer = BertTokenizer.from_pretrained(str(config_dir), do_lower_case=True, model_max_length=512)
    tokenizer.save_pretrained(str(config_dir))

    torch.manual_seed(seed)
    model = BertForSequenceClassification(config)
    model.eval()
    if logit_std:
        probe = ["you are an idiot", "thanks for the article", "what a great point of view", "shut up"]
        with torch.no_grad():
            logits = model(**tokenizer(probe, padding=True, return_tensors="pt")).logits
            spread = float(logits.std(0).mean())  # across comments, per label
            scale = logit_std / max(spread, 1e-6)
            model.classifier.weight.mul_(scale)
            model.classifier.bias.copy_(-logits.mean(0) * scale - 1.0)  # mostly below 0.5, like real scores
    model.config.save_pretrained(str(config_dir))

    checkpoint = {
        "config": {
            "name": f"Jigsaw_BERT_{variant}_random",
            "arch": {
                "type": "BERT",
                "args": {
                    "num_classes": len(classes),
                    "model_type": "bert-base-uncased",
                    "model_name": "BertForSequenceClassification",
                    "tokenizer_name": "BertTokenizer",
                },
            },
            "dataset": {"type": "JigsawData", "args": {"classes": classes}},
        },
        "state_dict": model.state_dict(),
    }
    ckpt = directory / f"{name}.ckpt"
    torch.save(checkpoint, ckpt)
    return ckpt, config_dir


def block_network(mp: "Any") -> None:
    """Make any outgoing connection fail and put the HF libraries offline (a pytest MonkeyPatch)."""
    import socket

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("network blocked in tests")

    mp.setattr(socket.socket, "connect", refuse)
    mp.setattr(socket.socket, "connect_ex", refuse)
    mp.setenv("HF_HUB_OFFLINE", "1")
    mp.setenv("TRANSFORMERS_OFFLINE", "1")
