"""The host app that worker subprocesses load: every ``MODERATION_*`` setting from the environment (JSON).

Also helpers to start a real ``celery worker`` on a queue of its own.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from flask import Flask

from plugin import Moderation

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent


def create_app() -> Flask:
    app = Flask("worker_host")
    for key, value in os.environ.items():
        if key.startswith("MODERATION_") and key not in ("MODERATION_FLASK_APP", "MODERATION_TEST_PG_URL"):
            try:
                app.config[key] = json.loads(value)
            except ValueError:
                app.config[key] = value
    Moderation(app)
    return app


def worker_env(config: dict[str, Any]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MODERATION_")}
    env.update({key: json.dumps(value) for key, value in config.items()})
    env["MODERATION_FLASK_APP"] = "worker_app:create_app"
    env["PYTHONPATH"] = os.pathsep.join([str(TESTS), str(ROOT), env.get("PYTHONPATH", "")])
    env["PYTHONWARNINGS"] = "ignore"
    return env


def start_worker(config: dict[str, Any], queue: str, log_path: Path, *, pool: str = "solo", concurrency: int = 1, beat: bool = False, tmp: Path | None = None) -> subprocess.Popen[bytes]:
    """A real ``celery -A plugin.tasks worker`` consuming ``queue`` only."""
    args = [
        sys.executable, "-m", "celery", "-A", "plugin.tasks", "worker",
        "-Q", queue, f"--pool={pool}", f"--concurrency={concurrency}", "-n", f"{queue}-{time.monotonic_ns()}@%h",
        "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "INFO",
    ]
    if beat:
        args += ["-B", "-s", str((tmp or log_path.parent) / f"beat-{time.monotonic_ns()}")]
    with open(log_path, "ab") as log:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(args, cwd=str(ROOT), env=worker_env(config), stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
