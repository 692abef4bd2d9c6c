"""Figures shared by the evaluation scripts (needs only numpy and scikit-learn)."""
from __future__ import annotations

import numpy as np
from sklearn.metrics import roc_auc_score


def auc(y, s) -> float | None:
    """ROC AUC, or None when the set holds only one class."""
    y = np.asarray(y, dtype=int)
    if y.min() == y.max():
        return None
    return float(roc_auc_score(y, np.asarray(s, dtype=float)))
