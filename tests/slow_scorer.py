"""A deliberately slow scorer for worker tests: ``MODERATION_SCORER="slow_scorer:SlowScorer"``.

Options (``MODERATION_SCORER_OPTIONS``): ``delay`` seconds per text, and
``load_log``, a file that gets one line (the process id) each time a scorer is
built, so a test can check the scorer is loaded once per process;
``progress_log`` gets ``<pid> <batch size>`` as each batch starts.
"""
from __future__ import annotations

import os
import time
from typing import Sequence

from plugin.scoring.static import StaticScorer


class SlowScorer(StaticScorer):
    name = "slow"

    def __init__(self, delay: float = 0.2, load_log: str | None = None, progress_log: str | None = None) -> None:
        super().__init__(default={"toxicity": 0.05}, rules={"vermin": {"toxicity": 0.97, "identity_attack": 0.96}})
        self.delay = float(delay)
        self.progress_log = progress_log
        if load_log:
            with open(load_log, "a", encoding="utf-8") as fh:
                fh.write(f"{os.getpid()}\n")

    def score(self, texts: Sequence[str]) -> list[dict[str, float]]:
        if self.progress_log:
            with open(self.progress_log, "a", encoding="utf-8") as fh:
                fh.write(f"{os.getpid()} {len(texts)}\n")
        time.sleep(self.delay * len(texts))
        return super().score(texts)
