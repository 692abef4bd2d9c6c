#!/usr/bin/env python
"""Benchmark the embedded scorer: load time, resident memory, comments per second.

    python scripts/bench_embedded.py [--n 4000] [--batch 256]

A benchmark, not a test. The comments are a realistic length mix built from the
Calais seed article: 35% short (5-15 words), 40% medium (20-60 words), 20% long
(60-150 words), 5% very long (150-400 words). Load time is measured in a fresh
interpreter, twice: importing ``plugin.scoring.embedded`` alone (with the
package's __init__ bypassed) and through the full ``plugin`` package.
"""
from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_LOAD_BARE = """
import sys, time, types
t = time.perf_counter()
pkg = types.ModuleType("plugin"); pkg.__path__ = [{root!r} + "/plugin"]; sys.modules["plugin"] = pkg
from plugin.scoring.embedded import EmbeddedScorer
s = EmbeddedScorer(); s.score(["warm up"])
print(time.perf_counter() - t)
"""
_LOAD_FULL = """
import time
t = time.perf_counter()
import plugin
t1 = time.perf_counter()
from plugin.scoring.embedded import EmbeddedScorer
s = EmbeddedScorer(); s.score(["warm up"])
print(t1 - t, time.perf_counter() - t1)
"""


def corpus(n: int, seed: int = 0) -> list[str]:
    words = (ROOT / "seeds/calais-ring-of-steel.txt").read_text(encoding="utf-8").split()
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        r = rng.random()
        k = (rng.randint(5, 15) if r < 0.35 else rng.randint(20, 60) if r < 0.75
             else rng.randint(60, 150) if r < 0.95 else rng.randint(150, 400))
        start = rng.randrange(len(words))
        out.append(" ".join(words[(start + i) % len(words)] for i in range(k)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=4000)
    ap.add_argument("--batch", type=int, default=256)
    args = ap.parse_args()

    bare = float(subprocess.run([sys.executable, "-c", _LOAD_BARE.format(root=str(ROOT))],
                                capture_output=True, text=True, check=True).stdout)
    full = subprocess.run([sys.executable, "-c", _LOAD_FULL], capture_output=True, text=True,
                          cwd=ROOT)
    print(f"import + load + first score (scorer modules only): {bare:.3f} s")
    if full.returncode == 0:
        pkg, load = map(float, full.stdout.split())
        print(f"import plugin package: {pkg:.3f} s, then import + load + first score: {load:.3f} s")
    else:
        print("full package import failed:", full.stderr.strip().splitlines()[-1:])

    import types
    pkg_mod = types.ModuleType("plugin")
    pkg_mod.__path__ = [str(ROOT / "plugin")]  # type: ignore[attr-defined]
    sys.modules.setdefault("plugin", pkg_mod)
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    from plugin.scoring.embedded import EmbeddedScorer

    scorer = EmbeddedScorer()
    texts = corpus(args.n)
    chars = sum(map(len, texts)) / len(texts)
    scorer.score(texts[: args.batch])
    start = time.perf_counter()
    for i in range(0, len(texts), args.batch):
        scorer.score(texts[i:i + args.batch])
    elapsed = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"model {scorer.version}, labels {', '.join(scorer.labels)}")
    print(f"{args.n} comments (mean {chars:.0f} chars), batch {args.batch}: "
          f"{elapsed:.2f} s -> {args.n / elapsed:.0f} comments/s")
    start = time.perf_counter()
    for t in texts[:500]:
        scorer.score([t])
    one = (time.perf_counter() - start) / 500
    print(f"one comment at a time: {one * 1000:.2f} ms each ({1 / one:.0f} comments/s)")
    print(f"peak RSS: {rss:.0f} MiB (before import {rss0:.0f} MiB)")


if __name__ == "__main__":
    main()
