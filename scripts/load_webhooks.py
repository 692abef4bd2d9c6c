"""Load test for the CMS webhook door: gunicorn + thread dispatch + the embedded scorer.

Starts the demo app (``plugin.demo:create_app``) under gunicorn on a fresh
database, sends N signed Standard Webhooks ``comment.created`` messages at a
fixed rate with httpx, and reports intake latency, throughput, the time until
every comment is decided, and how many were lost (must be 0).

    python scripts/load_webhooks.py                      # 5,000 at 200/s, SQLite
    python scripts/load_webhooks.py -n 2000 --rate 400 --concurrency 64
    python scripts/load_webhooks.py --database postgresql+psycopg://postgres@127.0.0.1/test_load

This is a measurement, not a test: it needs a few free cores to mean much.
"""
from __future__ import annotations

import argparse
import http.client
import threading
import base64
import datetime as dt
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from urllib.parse import urlsplit
from sqlalchemy import create_engine, func, select
from standardwebhooks import Webhook

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from plugin import migrate  # noqa: E402
from plugin.models import Comment, Decision  # noqa: E402

BODIES = [
    "Thank you for this careful reporting from Calais.",
    "Merci pour ce reportage, la situation est terrible.",
    "They are vermin and should be sent back.",
    "The prefect should explain why the camp was cleared at dawn.",
    "Quelle honte, ces gens méritent mieux.",
    "Idiot article, you clearly never went there.",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def sign_all(secret: str, n: int, prefix: str) -> list[tuple[bytes, dict[str, str]]]:
    """Build and sign every request up front, so the client spends its time sending, not signing."""
    hook = Webhook(secret)
    requests = []
    for i in range(n):
        payload = {
            "type": "comment.created",
            "timestamp": dt.datetime.now(dt.timezone.utc).isoformat(),
            "data": {"id": f"{prefix}-{i}", "article": {"id": "calais-ring-of-steel", "sensitivity": "sensitive"}, "body": f"{BODIES[i % len(BODIES)]} (#{i})", "author_id": f"u{i % 300}"},
        }
        body = json.dumps(payload)
        msg_id, now = f"msg_{prefix}_{i}", dt.datetime.now(dt.timezone.utc)
        headers = {
            "webhook-id": msg_id,
            "webhook-timestamp": str(int(now.timestamp())),
            "webhook-signature": hook.sign(msg_id, now, body),
            "content-type": "application/json",
        }
        requests.append((body.encode(), headers))
    return requests


def send_all(url: str, secret: str, n: int, rate: float, concurrency: int, prefix: str = "load") -> tuple[list[float], dict[int | str, int], float]:
    """Send ``n`` signed webhooks at ``rate`` per second from ``concurrency`` keep-alive connections.

    Plain ``http.client`` in threads: an asyncio client with thousands of
    waiting tasks spends more CPU than the server it measures, on the same
    two cores, and its own scheduling delays would count as latency.
    """
    parsed = urlsplit(url)
    prepared = sign_all(secret, n, prefix)
    latencies: list[float] = []
    statuses: dict[int | str, int] = {}
    lock = threading.Lock()
    next_index = iter(range(n))
    start = time.perf_counter() + 0.05

    def worker() -> None:
        connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
        while True:
            with lock:
                i = next(next_index, None)
            if i is None:
                break
            if rate > 0:
                delay = start + i / rate - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
            body, headers = prepared[i]
            sent = time.perf_counter()
            try:
                connection.request("POST", parsed.path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                key: int | str = response.status
            except (OSError, http.client.HTTPException) as exc:
                key = type(exc).__name__
                connection.close()
                connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
            took = (time.perf_counter() - sent) * 1000
            with lock:
                latencies.append(took)
                statuses[key] = statuses.get(key, 0) + 1
        connection.close()

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, statuses, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=5000, help="webhooks to send (default 5000)")
    parser.add_argument("--rate", type=float, default=200, help="requests per second, 0 = as fast as possible (default 200)")
    parser.add_argument("--concurrency", type=int, default=32, help="most requests in flight (default 32)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default 2)")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker (default 4)")
    parser.add_argument("--scorer", default="embedded", help="MODERATION_SCORER (default embedded)")
    parser.add_argument("--database", default=None, help="SQLAlchemy URL (default: a fresh SQLite file)")
    parser.add_argument("--app", default="plugin.demo:create_app()", help="gunicorn app (default plugin.demo:create_app())")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="moderation-load-"))
    database = args.database or f"sqlite:///{tmp / 'moderation.sqlite3'}"
    engine = create_engine(database)
    migrate.upgrade(engine)
    with engine.connect() as connection:
        if connection.scalar(select(func.count()).select_from(Comment)):
            print(f"{database} already holds comments: use a fresh database", file=sys.stderr)
            return 2

    secret = "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()
    port = free_port()
    env = dict(os.environ)
    env.update(
        {
            "MODERATION_DATABASE_URI": json.dumps(database),
            "MODERATION_DISPATCH": json.dumps("thread"),
            "MODERATION_SCORER": json.dumps(args.scorer),
            "MODERATION_WEBHOOK_SOURCES": json.dumps({"load": {"secrets": [secret]}}),
            "MODERATION_SWEEP_INTERVAL": json.dumps(5),
            "MODERATION_PENDING_GRACE": json.dumps(10),
            "PYTHONPATH": str(ROOT),
        }
    )
    command = [
        sys.executable, "-m", "gunicorn", "-w", str(args.workers), "-k", "gthread", "--threads", str(args.threads),
        "-b", f"127.0.0.1:{port}", "--keep-alive", "30", "--log-level", "warning", args.app,
    ]
    log = open(tmp / "gunicorn.log", "wb")
    server = subprocess.Popen(command, cwd=str(ROOT), env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/moderation/webhooks/load"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/moderation/api/comments/1", timeout=1)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or server.poll() is not None:
                    print((tmp / "gunicorn.log").read_text(errors="replace"), file=sys.stderr)
                    return 1
                time.sleep(0.2)
        # Warm up every worker: the first requests load the language detector and the scorer.
        _, warm_statuses, _ = send_all(url, secret, 40, 0, 8, prefix="warm")
        warm = warm_statuses.get(202, 0)
        time.sleep(2)

        print(f"sending {args.n} webhooks at {args.rate or 'max'}/s, concurrency {args.concurrency}, gunicorn {args.workers}x{args.threads} gthread, scorer {args.scorer}, {engine.dialect.name}")
        started = time.perf_counter()
        latencies, statuses, elapsed = send_all(url, secret, args.n, args.rate, args.concurrency)
        accepted = statuses.get(202, 0)

        def counts() -> tuple[int, int, int]:
            with engine.connect() as connection:
                total = connection.scalar(select(func.count()).select_from(Comment)) or 0
                pending = connection.scalar(select(func.count()).select_from(Comment).where(Comment.status == "pending")) or 0
                decided = connection.scalar(select(func.count(func.distinct(Decision.comment_id)))) or 0
            return total, pending, decided

        while True:
            total, pending, decided = counts()
            if pending == 0 and total >= accepted + warm:
                break
            if time.perf_counter() - started > elapsed + 300:
                print("gave up waiting for decisions", file=sys.stderr)
                break
            time.sleep(0.05)
        all_decided = time.perf_counter() - started
        with engine.connect() as connection:
            doubled = connection.scalar(
                select(func.count()).select_from(
                    select(Decision.comment_id).group_by(Decision.comment_id).having(func.count() > 1).subquery()
                )
            ) or 0
        lost = accepted + warm - decided
        print(f"responses        {dict(sorted(statuses.items(), key=str))}")
        print(f"accepted/s       {accepted / elapsed:.0f} ({accepted} in {elapsed:.1f}s)")
        print(f"intake latency   p50 {statistics.median(latencies):.1f} ms, p90 {percentile(latencies, 90):.1f} ms, p99 {percentile(latencies, 99):.1f} ms, max {max(latencies):.1f} ms")
        print(f"all decided      {all_decided:.1f}s after the first request ({all_decided - elapsed:.1f}s after the last)")
        print(f"stored {total}, decided {decided}, doubled {doubled}, lost {lost}")
        return 0 if lost == 0 and doubled == 0 and accepted == args.n else 1
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
