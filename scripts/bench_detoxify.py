#!/usr/bin/env python
"""Benchmark Detoxify scoring paths in one process, on the same comments.

    python scripts/bench_detoxify.py [--n 500] [--workdir /tmp/bench-detoxify] [--threads 2]

Paths compared (all on the same texts, CPU):

* ``naive``: ``detoxify.Detoxify.predict(text)`` once per comment, as most
  integrations call it (the reference for scores: fp32, no padding);
* ``torch``: ``DetoxifyScorer`` -- inference mode, length-sorted batches under a
  token budget;
* ``torch bf16``: the same with weights and activations in bfloat16;
* ``onnx``: the same through ONNX Runtime, fp32;
* ``onnx-int8``: ONNX Runtime with dynamic int8 quantisation;
* ``cascade``: ``embedded`` first, Detoxify (``onnx-int8``) only for escalated
  comments, when the embedded model is installed.

Detoxify's released weights (GitHub) and tokenizer (Hugging Face hub) are
unreachable from the build machine, so the model is the REAL bert-base-uncased
architecture of ``detoxify:original`` (12 layers, 768 wide, 30522-entry
vocabulary) with RANDOM weights, in Detoxify's checkpoint format, and a
WordPiece tokenizer built locally (tests/detoxify_checkpoint.py). Speed does not
depend on weight values; score differences between paths are indicative only
(the random classifier head is scaled so logits spread like a trained model's).

The cascade's escalation rate is measured on the seed corpus
(seeds/comments.jsonl, labelled): the benign cut is chosen by 5-fold
cross-validation (on 4 folds: the lowest embedded score of a harmful comment;
applied to the 5th), so every figure is on comments the cut never saw.
"""
from __future__ import annotations

import argparse
import gc
import json
import math
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

COMMON = """
the be to of and a in that have i it for not on with he as you do at this but his by from they we say her she or
an will my one all would there their what so up out if about who get which go me when make can like time no just
him know take people into year your good some could them see other than then now look only come its over think
also back after use two how our work first well way even new want because any these give day most us is are was
were been has had did said very really article comment government minister mayor port ferry border police
migrants asylum law policy country france britain english french calais town city people families children
money tax cost problem solution agree disagree point view opinion read story news report week month night
local council vote election party labour tory conservative europe union trade lorry queue traffic drivers
honestly actually clearly simply maybe perhaps probably certainly obviously sadly fortunately unfortunately
thanks thank please sorry great terrible fine nice awful sensible fair unfair wrong right true false
""".split()


def rss_mb() -> tuple[float, float]:
    """(current RSS, peak RSS since the last reset) in MiB, from /proc."""
    cur = peak = float("nan")
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                cur = int(line.split()[1]) / 1024
            elif line.startswith("VmHWM:"):
                peak = int(line.split()[1]) / 1024
    except OSError:
        pass
    return cur, peak


def cpu_model() -> str:
    """The CPU's name and the vector extensions that decide these speeds (Linux /proc/cpuinfo)."""
    name, flags = "unknown CPU", set()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "model name" and name == "unknown CPU":
                name = value.strip()
            elif key.strip() == "flags" and not flags:
                flags = set(value.split())
    except OSError:
        pass
    isa = [f for f in ("avx2", "avx512f", "avx512_vnni", "avx_vnni", "avx512_bf16", "amx_bf16", "amx_int8")
           if f in flags]
    return f"{name} ({', '.join(isa) or 'no AVX2'})"


def reset_peak() -> None:
    try:
        Path("/proc/self/clear_refs").write_text("5")  # Linux: reset VmHWM to current RSS
    except OSError:
        pass


def load_seeds(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def synthetic(n: int, rng: random.Random) -> list[str]:
    """Comments with a realistic length mix: median ~25 words, long tail to ~400."""
    out = []
    for _ in range(n):
        words = int(min(400, max(2, rng.lognormvariate(math.log(25), 0.9))))
        sentence, text = [], []
        for _ in range(words):
            sentence.append(rng.choice(COMMON))
            if len(sentence) >= rng.randint(6, 18):
                text.append(" ".join(sentence).capitalize() + rng.choice([".", ".", "!", "?"]))
                sentence = []
        if sentence:
            text.append(" ".join(sentence).capitalize() + ".")
        out.append(" ".join(text))
    return out


def timed(fn, texts, repeat: int = 1):
    best = float("inf")
    result = None
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        result = fn(texts)
        best = min(best, time.perf_counter() - t0)
    return best, result


def as_matrix(scores: list[dict], labels) -> "np.ndarray":  # noqa: F821
    import numpy as np

    return np.array([[s[label] for label in labels] for s in scores], dtype=np.float64)


def cut_allowing(first_max: list[float], harmful: list[bool], misses: int) -> float:
    """Highest cut leaving at most ``misses`` harmful comments below it (0: choose_benign_cut)."""
    from plugin.scoring.cascade import choose_benign_cut

    if misses == 0:
        return choose_benign_cut(first_max, harmful)
    scores = sorted(f for f, h in zip(first_max, harmful) if h)
    return scores[min(misses, len(scores) - 1)] if scores else 0.0


def cascade_cv(first_max: list[float], harmful: list[bool], misses: int = 0, folds: int = 5, seed: int = 0):
    """K-fold CV of the cut: escalations and harmful comments not escalated, on held-out folds only."""
    idx = list(range(len(first_max)))
    random.Random(seed).shuffle(idx)
    escalated = missed = 0
    cuts = []
    for k in range(folds):
        test = set(idx[k::folds])
        train = [i for i in idx if i not in test]
        cut = cut_allowing([first_max[i] for i in train], [harmful[i] for i in train], misses)
        cuts.append(cut)
        for i in test:
            up = first_max[i] >= cut
            escalated += up
            missed += harmful[i] and not up
    return cuts, escalated, missed


def export_only(options: dict) -> None:
    """Child process: export/quantise into the cache so the measuring process stays clean."""
    from plugin.scoring import load_scorer

    for runtime in ("onnx", "onnx-int8"):
        load_scorer("detoxify:original", runtime=runtime, **options)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=500, help="comments in total (seeds + synthetic)")
    parser.add_argument("--workdir", default="/tmp/bench-detoxify", help="built checkpoint and ONNX cache")
    parser.add_argument("--checkpoint", help="a real Detoxify 'original' checkpoint (default: build a random one)")
    parser.add_argument("--config-dir", help="its Hugging Face config/tokenizer folder")
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--max-length", type=int, default=512, help="truncation of our paths (naive: 512)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved timing rounds; the best is kept")
    parser.add_argument("--token-budget", type=int, default=None,
                        help="padded tokens per batch of our paths (default: the scorer's, 512 on CPU)")
    parser.add_argument("--seeds", default=str(ROOT / "seeds" / "comments.jsonl"))
    parser.add_argument("--export-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    import numpy as np

    seeds = load_seeds(Path(args.seeds))
    seed_texts = [s["body"] for s in seeds][: args.n]
    texts = seed_texts + synthetic(max(0, args.n - len(seed_texts)), random.Random(42))
    random.Random(7).shuffle(texts)

    work = Path(args.workdir)
    random_weights = not args.checkpoint
    if random_weights:
        from detoxify_checkpoint import make_checkpoint, words_of

        ckpt = work / "toxic_original-bert-base.ckpt"
        config_dir = work / "toxic_original-bert-base-config"
        if not ckpt.exists():
            print("building a bert-base-uncased Detoxify checkpoint with RANDOM weights ...", flush=True)
            built, built_dir = make_checkpoint(work, variant="original", size="bert-base",
                                               words=words_of(texts + COMMON))
            built.rename(ckpt)
            built_dir.rename(config_dir)
    else:
        ckpt, config_dir = Path(args.checkpoint), Path(args.config_dir) if args.config_dir else None
    options = dict(checkpoint=str(ckpt), config_dir=str(config_dir) if config_dir else None,
                   num_threads=args.threads, max_length=args.max_length, onnx_cache_dir=str(work / "onnx"),
                   token_budget=args.token_budget)
    if args.export_only:
        export_only(options)
        return 0
    t0 = time.perf_counter()
    subprocess.run([sys.executable, __file__, "--export-only", *sys.argv[1:]], check=True)
    print(f"ONNX export/quantisation (cached in {work / 'onnx'}): {time.perf_counter() - t0:.0f}s "
          "(0s-ish when cached)", flush=True)

    import torch

    torch.set_num_threads(args.threads)
    from plugin.scoring import load_scorer
    from plugin.scoring.cascade import CascadeScorer, choose_benign_cut

    print("=" * 96)
    if random_weights:
        print("MODEL: Detoxify 'original' checkpoint format, REAL bert-base-uncased architecture, RANDOM weights")
        print("       (released weights and hub tokenizer unreachable offline); WordPiece tokenizer built")
        print("       locally, 30522 entries. Speeds are representative; score differences are indicative only.")
    else:
        print(f"MODEL: {ckpt} (config {config_dir})")
    print(f"CPU: {cpu_model()}; {os.cpu_count()} cores, {args.threads} threads; torch {torch.__version__}; "
          f"load average at start {os.getloadavg()[0]:.2f}")
    print("=" * 96)

    paths: dict[str, object] = {}
    load_mb: dict[str, float] = {}

    def load(label, fn):
        before = rss_mb()[0]
        t0 = time.perf_counter()
        obj = fn()
        load_mb[label] = rss_mb()[0] - before
        print(f"loaded {label} in {time.perf_counter() - t0:.1f}s (+{load_mb[label]:.0f} MiB RSS)", flush=True)
        return obj

    base = load("torch", lambda: load_scorer("detoxify:original", **options))
    labels = base.labels
    print(f"our paths: batches of at most {base.token_budget} padded tokens and {base.batch_size} comments, "
          f"truncation at {base.max_length} tokens")
    lengths = [len(ids) for ids in base.tokenizer(texts, truncation=True, max_length=512)["input_ids"]]
    print(f"inputs: {len(texts)} comments ({len(seed_texts)} seed, {len(texts) - len(seed_texts)} synthetic); "
          f"tokens mean {np.mean(lengths):.0f}, median {np.median(lengths):.0f}, "
          f"p90 {np.percentile(lengths, 90):.0f}, max {max(lengths)}")
    detox = base.detoxify
    if random_weights:
        # How much the random network's sentence vector (the pooler output the
        # classifier reads) varies between comments, relative to its size:
        # rounding errors scale with its size, score differences with its
        # variation, so the |d| figures depend on the weights.
        import torch

        with torch.inference_mode():
            sample = base._pad(base._encode(texts[:64]))
            pooled = base.model.bert(**{k: torch.from_numpy(v) for k, v in sample.items()}).pooler_output
        spread = float(pooled.std(0).mean() / pooled.pow(2).mean().sqrt())
        print(f"random weights: the pooled sentence vector varies between comments by {spread:.1%} of its size; "
              "rounding errors scale with its size and score differences with its variation, so the |d| "
              "columns depend on these weights and are indicative only")
    paths["naive Detoxify.predict per comment"] = lambda batch: [detox.predict(t) for t in batch]
    paths["torch, sorted batches (ours)"] = base.score
    notes = []
    if torch.ops.mkldnn._is_mkldnn_bf16_supported():
        bf16 = load("torch-bf16", lambda: load_scorer("detoxify:original", runtime="torch-bf16", **options))
        paths["torch bf16, sorted batches (ours)"] = bf16.score
    else:  # emulated bf16 runs several times slower than fp32: not worth the minutes
        notes.append("torch bf16: skipped, this CPU has no native bfloat16 (AVX512-BF16 / AMX)")
    onnx32 = load("onnx", lambda: load_scorer("detoxify:original", runtime="onnx", **options))
    paths["onnx fp32 (ours)"] = onnx32.score
    int8 = load("onnx-int8", lambda: load_scorer("detoxify:original", runtime="onnx-int8", **options))
    paths["onnx int8 (ours)"] = int8.score

    cascade = None
    try:
        embedded = load("embedded", lambda: load_scorer("embedded"))
    except Exception as exc:  # the embedded model may not be installed yet
        embedded = None
        notes.append(f"cascade: embedded scorer unavailable ({type(exc).__name__}: {exc})")
    if embedded is not None and seeds:
        bodies = [s["body"] for s in seeds]
        harmful = [s.get("expected", "acceptable") != "acceptable" for s in seeds]
        first_max = [max(d.values()) for d in embedded.score(bodies)]
        n_h = sum(harmful)
        notes.append(f"CASCADE on the seed corpus: {len(seeds)} labelled comments, {n_h} harmful ({n_h / len(seeds):.0%}); "
                     f"embedded {embedded.version}")
        notes.append("  misses allowed | held-out escalated | x fewer Detoxify calls | harmful not escalated | CV cuts")
        for misses in (0, 1, 2, 4, 8):
            cuts, esc, missed = cascade_cv(first_max, harmful, misses)
            notes.append(f"  {misses:14d} | {esc:4d}/{len(seeds)} = {esc / len(seeds):5.1%} | {len(seeds) / max(esc, 1):22.2f} "
                         f"| {missed:3d}/{n_h} | {', '.join(f'{c:.3f}' for c in cuts)}")
        full_cut = choose_benign_cut(first_max, harmful)
        notes.append(f"  cut on all seeds (0 misses): {full_cut:.4f}, escalates {sum(f >= full_cut for f in first_max)}/{len(seeds)}; "
                     f"equal recall needs every harmful comment Detoxify flags escalated: with all {n_h} harmful "
                     f"escalated the best possible is {len(seeds) / max(n_h, 1):.2f}x fewer on this corpus")
        cascade = CascadeScorer(spec="embedded+detoxify:original", benign_cut=full_cut, first=embedded, second=int8)
        paths[f"cascade embedded+int8, cut {full_cut:.3f} (ours)"] = cascade.score

    # Warm-up, then interleaved rounds: the machine may be shared, so every
    # path sees the same background load; the best round is kept.
    for fn in paths.values():
        fn(texts[:8])
    best: dict[str, float] = {}
    peak: dict[str, float] = {}
    outputs: dict[str, list] = {}
    for r in range(args.rounds):
        for label, fn in paths.items():
            gc.collect()
            reset_peak()
            t0 = time.perf_counter()
            out = fn(texts)
            secs = time.perf_counter() - t0
            best[label] = min(best.get(label, float("inf")), secs)
            peak[label] = max(peak.get(label, 0.0), rss_mb()[1])
            outputs.setdefault(label, out)
            print(f"round {r + 1}: {label}: {len(texts) / secs:.1f} comments/s", flush=True)
    escal = None
    if cascade is not None:
        cascade.score(texts)
        escal = len(cascade.last_escalated)

    naive_label = next(iter(paths))
    ref = as_matrix(outputs[naive_label], labels)
    naive_rate = len(texts) / best[naive_label]
    print()
    print(f"{'path':46s} {'comments/s':>10s} {'x naive':>8s} {'+MiB load':>9s} {'peak MiB':>9s} {'max|d|':>7s} {'mean|d|':>8s}")
    for label in paths:
        d = np.abs(as_matrix(outputs[label], labels) - ref)
        rate = len(texts) / best[label]
        key = {"torch": "torch", "torch bf16": "torch-bf16", "onnx fp32": "onnx", "onnx int8": "onnx-int8"}.get(label.split(" (")[0].split(",")[0], "")
        extra = f"{load_mb[key]:9.0f}" if key in load_mb else f"{'':9s}"
        print(f"{label:46s} {rate:10.1f} {rate / naive_rate:8.2f} {extra} {peak[label]:9.0f} {d.max():7.4f} {d.mean():8.5f}")
    print(f"|d|: absolute difference to naive fp32 Detoxify.predict, {len(texts)} comments x {len(labels)} labels; "
          f"best of {args.rounds} interleaved rounds; peak MiB: process peak RSS during the path's run (all models "
          f"loaded); load average at end {os.getloadavg()[0]:.2f}")
    if escal is not None:
        notes.append(f"  on the {len(texts)} benchmark comments the cascade escalated {escal} "
                     f"({escal / len(texts):.0%}); the synthetic filler is benign English")
    for line in notes:
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
