#!/usr/bin/env python
"""Summary figures of the embedded scorer + default policy on a labelled comments file.

    python scripts/eval_comments.py seeds/comments.jsonl [--model-dir DIR] [--show-errors]

The file holds JSON lines with ``body`` and ``expected`` (acceptable, insult,
hate, threat, obscene), as seeds/comments.jsonl; a HateCheck-style functional
suite's ``hateful`` / ``non-hateful`` are read as ``hate`` / ``acceptable``, and
``--group-by functionality`` prints the share held per value of that field.
Prints only aggregate figures:
AUCs, and per expected category the share held (hold or reject) and rejected by
``plugin.policy.decide`` on a standard and on a sensitive article, with the
thresholds of the model's model.json (which DEFAULT_THRESHOLDS mirrors).
``--show-errors`` also lists misjudged comments: use it on the development set
only, never on a held-out set. ``--without-twins`` leaves out the rows that have
an exact or near twin among the texts trained on (see ``twins``).
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import types
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
if "plugin" not in sys.modules:
    _pkg = types.ModuleType("plugin")
    _pkg.__path__ = [str(ROOT / "plugin")]  # type: ignore[attr-defined]
    sys.modules["plugin"] = _pkg

from plugin.normalize import normalize  # noqa: E402
from plugin.policy import DEFAULT_SENSITIVE_FACTOR, Policy, decide  # noqa: E402
from plugin.scoring.embedded import DEFAULT_MODEL_DIR, EmbeddedScorer  # noqa: E402
from metrics import auc  # noqa: E402  (scripts/metrics.py)

CATS = ("acceptable", "insult", "hate", "threat", "obscene")
FUNCTIONAL_LABELS = {"hateful": "hate", "non-hateful": "acceptable"}
TWIN_SHARE = 0.8
_WORD = re.compile(r"[^\W\d_]+")


def twins(rows: list[dict], seeds_dir: Path = ROOT / "seeds") -> set[str]:
    """Ids of ``rows`` with a twin among the texts trained on: the comments written
    as training data and their counterfactual copies, the template rows and the
    grammar sentences.

    A twin shares at least TWIN_SHARE of the two texts' word types (Jaccard,
    after ``normalize`` and lower case): written training sets and written test
    sets share a narrow template space, and a score on a row whose twin was
    trained on says less about new comments. Needs the ``train`` extra.
    """
    import train_embedded  # scripts/train_embedded.py: its lists of written sets

    def words(text: str) -> frozenset[str]:
        return frozenset(_WORD.findall(normalize(text).lower()))

    # the written sets and (v3.10) their counterfactual copies, as the script loads them
    texts = [r["text"] for r in train_embedded.load_written(seeds_dir, train_embedded.SEED)]
    # the template and grammar sentences as the script generates them (same seeds)
    texts += [r["text"] for r in train_embedded.synthetic_examples(random.Random(train_embedded.SEED))]
    texts += [g["text"] for g in train_embedded.embedded_grammar.generate(
        random.Random(train_embedded.SEED + 2), scale=train_embedded.GRAMMAR_SCALE)]
    trained = [w for w in set(map(words, texts)) if w]
    out = set()
    for r in rows:
        w = words(r["body"])
        if w and any(len(w & t) >= TWIN_SHARE * len(w | t) for t in trained):
            out.add(r["id"])
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("path", type=Path)
    ap.add_argument("--model-dir", type=Path, default=DEFAULT_MODEL_DIR)
    ap.add_argument("--show-errors", action="store_true")
    ap.add_argument("--without-twins", action="store_true",
                    help="leave out rows with an exact or near twin in the written, template or grammar training texts")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON too")
    ap.add_argument("--group-by", default=None, metavar="FIELD",
                    help="also print, per value of this field (e.g. functionality), the share held")
    ap.add_argument("--dump-eval", type=Path, default=None,
                    help="write texts, labels and scores as JSON lines for scripts/compare_baselines.py "
                         "(suites FILE_en / FILE_fr; outside the repo)")
    args = ap.parse_args()
    rows = [json.loads(line) for line in args.path.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    for r in rows:  # functional suites label hateful / non-hateful
        r["expected"] = FUNCTIONAL_LABELS.get(r["expected"], r["expected"])
    if args.without_twins:
        left_out = twins(rows)
        rows = [r for r in rows if r["id"] not in left_out]
        print(f"left out {len(left_out)} rows with an exact or near twin in the training texts")
    scorer = EmbeddedScorer(args.model_dir)
    policy = Policy(thresholds={k: tuple(v) for k, v in scorer.thresholds.items()},
                    sensitive_factor=DEFAULT_SENSITIVE_FACTOR)
    scores = scorer.score([r["body"] for r in rows])
    exp = [r["expected"] for r in rows]
    harmful = np.array([e != "acceptable" for e in exp], dtype=int)
    out = {"model": scorer.version, "n": len(rows), "auc": {}, "categories": {}}
    maxs = np.array([max(s.values()) for s in scores])
    out["auc"]["harmful_vs_acceptable(toxicity)"] = auc(harmful, [s["toxicity"] for s in scores])
    out["auc"]["harmful_vs_acceptable(max label)"] = auc(harmful, maxs)
    for label, cat in (("identity_attack", "hate"), ("insult", "insult"), ("threat", "threat"),
                       ("obscene", "obscene")):
        if label in scorer.labels:
            out["auc"][f"{cat}_vs_rest({label})"] = auc([e == cat for e in exp], [s[label] for s in scores])
    verdicts = {sens: [decide(s, sens, policy).outcome for s in scores] for sens in ("standard", "sensitive")}
    for cat in CATS:
        idx = [i for i, e in enumerate(exp) if e == cat]
        if not idx:
            continue
        c = {"n": len(idx)}
        for sens, v in verdicts.items():
            c[f"held_{sens}"] = sum(v[i] != "approve" for i in idx) / len(idx)
            c[f"rejected_{sens}"] = sum(v[i] == "reject" for i in idx) / len(idx)
        out["categories"][cat] = c
    def held(idx: list[int], v: list[str]) -> tuple[str, str]:
        """("caught/harmful", "flagged/acceptable") among the rows ``idx``."""
        harm = [i for i in idx if exp[i] != "acceptable"]
        acc = [i for i in idx if exp[i] == "acceptable"]
        return (f"{sum(v[i] != 'approve' for i in harm)}/{len(harm)}",
                f"{sum(v[i] != 'approve' for i in acc)}/{len(acc)}")

    for sens, v in verdicts.items():
        out[f"{sens}_harmful_caught"], out[f"{sens}_acceptable_flagged"] = held(list(range(len(rows))), v)
    print(f"model {out['model']}, {out['n']} comments from {args.path.name}")
    for k, v in out["auc"].items():
        print(f"  AUC {k}: {'-' if v is None else f'{v:.3f}'}")
    print("  | expected | n | held (standard) | rejected (standard) | held (sensitive) | rejected (sensitive) |")
    print("  |---|---:|---:|---:|---:|---:|")
    for cat, c in out["categories"].items():
        print(f"  | {cat} | {c['n']} | {c['held_standard']:.3f} | {c['rejected_standard']:.3f} | "
              f"{c['held_sensitive']:.3f} | {c['rejected_sensitive']:.3f} |")
    for sens in ("standard", "sensitive"):
        print(f"  {sens}: harmful held {out[f'{sens}_harmful_caught']}, "
              f"acceptable held {out[f'{sens}_acceptable_flagged']}")
    for lang in sorted({r.get("language", "?") for r in rows}):
        idx = [i for i, r in enumerate(rows) if r.get("language", "?") == lang]
        caught, flagged = held(idx, verdicts["standard"])
        a = auc([harmful[i] for i in idx], [scores[i]["toxicity"] for i in idx])
        out[f"standard_{lang}"] = {"n": len(idx), "auc_toxicity": a, "harmful_caught": caught,
                                   "acceptable_flagged": flagged}
        print(f"  standard, {lang}: n {len(idx)}, AUC toxicity {'-' if a is None else f'{a:.3f}'}, "
              f"harmful held {caught}, acceptable held {flagged}")
    if args.group_by:
        print(f"  | {args.group_by} | expected | n | held (standard) | held (sensitive) |")
        print("  |---|---|---:|---:|---:|")
        for value in sorted({str(r.get(args.group_by)) for r in rows}):
            idx = [i for i, r in enumerate(rows) if str(r.get(args.group_by)) == value]
            kinds = sorted({exp[i] for i in idx})
            shares = [sum(verdicts[sens][i] != "approve" for i in idx) / len(idx) for sens in verdicts]
            print(f"  | {value} | {'/'.join(kinds)} | {len(idx)} | {shares[0]:.2f} | {shares[1]:.2f} |")
    if args.json:
        print(json.dumps(out, indent=1))
    if args.dump_eval:
        with args.dump_eval.open("w", encoding="utf-8") as fh:
            for r, s, e in zip(rows, scores, exp):
                y = {"toxicity": int(e != "acceptable"), "identity_attack": int(e == "hate")}
                fh.write(json.dumps({"text": r["body"], "suite": f"{args.path.stem}_{r.get('language', '?')}",
                                     "y": y, "embedded": s}, ensure_ascii=False) + "\n")
    if args.show_errors:
        for i, (r, s) in enumerate(zip(rows, scores)):
            wrong = (r["expected"] == "acceptable") == (verdicts["standard"][i] != "approve")
            if wrong:
                top = ", ".join(f"{k} {v:.2f}" for k, v in sorted(s.items(), key=lambda x: -x[1])[:3])
                print(f"  [{r['expected']}/{verdicts['standard'][i]}] {top} :: {r['body'][:150]}")


if __name__ == "__main__":
    main()
