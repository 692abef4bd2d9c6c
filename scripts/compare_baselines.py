#!/usr/bin/env python
"""Compare the embedded scorer with alt-profanity-check and hatesonar on the same held-out texts.

The baselines are not project dependencies; install them in a throwaway venv:

    python3 -m venv /tmp/cmpvenv
    /tmp/cmpvenv/bin/pip install alt-profanity-check hatesonar
    # hatesonar 0.1.0's ONNX model asks for the en_US.UTF-8 locale; if the system lacks it:
    mkdir -p /tmp/locales && localedef -i en_US -f UTF-8 /tmp/locales/en_US.UTF-8

Then dump the held-out splits with this model's scores (project venv) and score
them with the baselines (throwaway venv):

    python scripts/train_embedded.py --data ../shared/data --out /tmp/em --dump-eval /tmp/embedded_eval.jsonl
    LOCPATH=/tmp/locales /tmp/cmpvenv/bin/python scripts/compare_baselines.py /tmp/embedded_eval.jsonl

(--out /tmp/em retrains an identical model elsewhere: same seed, same bytes.)
Needs only numpy besides the baselines. Baseline scores used: profanity-check's
probability as both toxicity and identity score; hatesonar's 1 - P(neither) as
toxicity and P(hate_speech) as identity score. Flag rates use each tool's own
default decision (profanity >= 0.5; hatesonar top class != neither) and, for the
embedded model, its hold thresholds from model.json.
Caveat: both baselines were trained on Davidson et al. 2017 (and profanity-check
also on Wikipedia comments), so their davidson figures are optimistic.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
from metrics import auc  # scripts/metrics.py

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/embedded_eval.jsonl")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    meta = json.loads((ROOT / "plugin/scoring/embedded_model/model.json").read_text())
    thresholds = meta["thresholds"]
    texts = [r["text"] for r in rows]

    scores: dict[str, dict[str, np.ndarray]] = {}
    flags: dict[str, np.ndarray] = {}
    emb = {k: np.array([r["embedded"][k] for r in rows]) for k in rows[0]["embedded"]}
    scores["embedded"] = {"toxicity": emb["toxicity"], "identity_attack": emb["identity_attack"]}
    flags["embedded"] = np.any([emb[k] >= thresholds[k][0] for k in emb if thresholds[k][0] is not None], axis=0)
    try:
        from profanity_check import predict_prob

        p = np.asarray(predict_prob(texts), dtype=float)
        scores["profanity-check"] = {"toxicity": p, "identity_attack": p}
        flags["profanity-check"] = p >= 0.5
    except Exception as exc:  # noqa: BLE001 - report and go on
        print(f"alt-profanity-check unavailable: {type(exc).__name__}: {exc}")
    try:
        from hatesonar import Sonar

        sonar = Sonar()
        hate, neither, top = [], [], []
        for t in texts:
            res = sonar.ping(text=t)
            c = {x["class_name"]: x["confidence"] for x in res["classes"]}
            hate.append(c["hate_speech"])
            neither.append(c["neither"])
            top.append(res["top_class"])
        scores["hatesonar"] = {"toxicity": 1 - np.array(neither), "identity_attack": np.array(hate)}
        flags["hatesonar"] = np.array([t != "neither" for t in top])
    except Exception as exc:  # noqa: BLE001
        print(f"hatesonar unavailable: {type(exc).__name__}: {exc}")

    systems = list(scores)
    suites = list(dict.fromkeys(r["suite"] for r in rows))
    print("| suite | n | " + " | ".join(f"{s} AUC tox | {s} AUC ia | {s} FPR | {s} TPR"
                                       for s in systems) + " |")
    print("|---|---:|" + "---:|" * (4 * len(systems)))
    for suite in suites:
        idx = np.array([i for i, r in enumerate(rows) if r["suite"] == suite])
        tox = np.array([rows[i]["y"]["toxicity"] for i in idx])
        ia_idx = np.array([i for i in idx if rows[i]["y"]["identity_attack"] is not None])
        ia = np.array([rows[i]["y"]["identity_attack"] for i in ia_idx], dtype=int)
        cells = []
        for s in systems:
            a1 = auc(tox, scores[s]["toxicity"][idx])
            a2 = auc(ia, scores[s]["identity_attack"][ia_idx]) if len(ia_idx) else None
            f = flags[s][idx]
            fpr = f[tox == 0].mean() if (tox == 0).any() else None
            tpr = f[tox == 1].mean() if (tox == 1).any() else None
            cells += [_f(a1), _f(a2), _f(fpr), _f(tpr)]
        print(f"| {suite} | {len(idx)} | " + " | ".join(cells) + " |")


def _f(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


if __name__ == "__main__":
    main()
