"""Benchmark the review queue's keyset pages on a million comments (SQLite and PostgreSQL).

Not a test. Fills each database once with bulk inserts (sqlite3 ``executemany``,
PostgreSQL ``COPY``), then times ``plugin.queue.fetch_page`` (the same call the
queue page and the API make) for the first page and for deep pages, with and
without filters, and prints the p50 and p95 in milliseconds.

    python scripts/bench_queue.py                       # both databases, 1,000,000 comments
    python scripts/bench_queue.py --rows 200000 --only sqlite
    python scripts/bench_queue.py --reuse               # keep the filled databases from a previous run
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, func, select, text  # noqa: E402
from sqlalchemy.engine import Engine, make_url  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from plugin import migrate, queue  # noqa: E402
from plugin.models import Comment  # noqa: E402

LABELS = ["toxicity", "insult", "identity_attack", "threat", "obscene", "severe_toxicity", "sexual_explicit"]
LABEL_WEIGHTS = [40, 25, 15, 8, 7, 3, 2]
STATUSES = ["approved", "held", "rejected", "pending"]
STATUS_WEIGHTS = [70, 15, 13, 2]
ARTICLES = 200
START = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)
WORDS = "the camp fence calais minister police people migrants story report mayor night border lorry port ferry reader comment".split()


def rows(n: int, seed: int = 42):  # type: ignore[no-untyped-def]
    """Comment tuples: id, source, external_id, article_id, author_id, author_name, body, body_hash, language,
    status, top_label, top_score, revision, created_at, updated_at."""
    rng = random.Random(seed)
    for i in range(1, n + 1):
        status = rng.choices(STATUSES, STATUS_WEIGHTS)[0]
        score = None if (status == "pending" or rng.random() < 0.002) else round(min(1.0, rng.betavariate(1.2, 4) if status == "approved" else rng.betavariate(4, 2)), 4)
        created = START + dt.timedelta(seconds=int(i * 31_536_000 / n) + rng.randrange(0, 600))
        author = f"u{rng.randrange(50_000)}"
        body = " ".join(rng.choices(WORDS, k=rng.randrange(8, 30)))
        yield (
            i, "bench", f"c{i}", 1 + rng.randrange(ARTICLES), author, author.upper(), body, "0" * 64,
            rng.choices(["en", "fr", "de"], [70, 25, 5])[0], status, None if score is None else rng.choices(LABELS, LABEL_WEIGHTS)[0],
            score, 1, created, created,
        )


COLUMNS = "id, source, external_id, article_id, author_id, author_name, body, body_hash, language, status, top_label, top_score, revision, created_at, updated_at"


def fill_sqlite(path: Path, n: int) -> Engine:
    if path.exists():
        path.unlink()
    engine = create_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    now = START.replace(tzinfo=None).isoformat(" ")
    conn.executemany("INSERT INTO moderation_articles (id, source, external_id, title, sensitivity, created_at, updated_at) VALUES (?, 'bench', ?, ?, 'standard', ?, ?)", [(a, f"a{a}", f"Article {a}", now, now) for a in range(1, ARTICLES + 1)])
    batch: list[tuple[Any, ...]] = []
    for row in rows(n):
        created = row[13].replace(tzinfo=None).isoformat(" ")
        batch.append((*row[:13], created, created))
        if len(batch) == 50_000:
            conn.executemany(f"INSERT INTO moderation_comments ({COLUMNS}) VALUES ({', '.join('?' * 15)})", batch)
            batch.clear()
    if batch:
        conn.executemany(f"INSERT INTO moderation_comments ({COLUMNS}) VALUES ({', '.join('?' * 15)})", batch)
    conn.commit()
    conn.execute("ANALYZE")
    conn.commit()
    conn.close()
    return create_engine(f"sqlite:///{path}")


def fill_postgres(url: str, n: int) -> Engine:
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    name = "moderation_bench"
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        c.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    bench_url = make_url(url).set(database=name).render_as_string(hide_password=False)
    engine = create_engine(bench_url)
    migrate.upgrade(engine)
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.executemany("INSERT INTO moderation_articles (id, source, external_id, title, sensitivity, created_at, updated_at) VALUES (%s, 'bench', %s, %s, 'standard', %s, %s)", [(a, f"a{a}", f"Article {a}", START, START) for a in range(1, ARTICLES + 1)])
        with cur.copy(f"COPY moderation_comments ({COLUMNS}) FROM STDIN") as copy:  # type: ignore[attr-defined]
            for row in rows(n):
                copy.write_row(row)
        raw.commit()
        cur.execute("SELECT setval(pg_get_serial_sequence('moderation_comments', 'id'), (SELECT max(id) FROM moderation_comments))")
        raw.commit()
    finally:
        raw.close()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
        c.execute(text("VACUUM ANALYZE moderation_comments"))
        c.execute(text("VACUUM ANALYZE moderation_articles"))
    return engine


def reuse(kind: str, sqlite_path: Path, pg_url: str) -> Engine:
    if kind == "sqlite":
        return create_engine(f"sqlite:///{sqlite_path}")
    return create_engine(make_url(pg_url).set(database="moderation_bench").render_as_string(hide_password=False))


def deep_cursor(session: Session, flt: queue.QueueFilter, depth: int) -> str | None:
    """The cursor after ``depth`` rows (found once with OFFSET, outside the timing)."""
    query = queue.page_query(flt, None, 1).offset(depth)
    row = session.execute(query).first()
    if row is None:
        return None
    return queue._cursor_for(flt, dict(row._mapping)).encode()


CASES: list[tuple[str, dict[str, Any]]] = [
    ("held, by score", {}),
    ("held, newest first", {"sort": "newest"}),
    ("held, label=insult", {"label": "insult"}),
    ("held, label=sexual_explicit (rare)", {"label": "sexual_explicit"}),
    ("held, article=a7", {"article": "a7"}),
    ("held, language=fr", {"language": "fr"}),
    ("held, score 0.5-0.9", {"min_score": 0.5, "max_score": 0.9}),
    ("held, one month", {"since": dt.datetime(2025, 6, 1, tzinfo=dt.timezone.utc), "until": dt.datetime(2025, 7, 1, tzinfo=dt.timezone.utc)}),
    ("held, fr + insult + 0.6-1", {"language": "fr", "label": "insult", "min_score": 0.6}),
    ("approved, by score", {"status": "approved"}),
    ("all, by score", {"status": "all"}),
    ("all, oldest first", {"status": "all", "sort": "oldest"}),
]


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, float]:
    fn()  # warm
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]


def bench(engine: Engine, label: str, repeat: int, page_size: int) -> list[float]:
    print(f"\n== {label}: {engine.url.render_as_string(hide_password=True)}")
    with Session(engine) as session:
        total = session.scalar(select(func.count()).select_from(Comment))
        print(f"{total:,} comments; page size {page_size}; {repeat} runs each; ms")
        print(f"{'case':<38} {'rows':>6} {'first p50':>10} {'first p95':>10} {'deep p50':>9} {'deep p95':>9}  depth")
        worst = []
        for name, args in CASES:
            flt = queue.QueueFilter(**args)
            depth_total = min(session.scalar(queue.count_query(flt, 10_000_000)) or 0, 10_000_000)
            depth = max(0, int(depth_total * 0.9) - page_size)
            cursor = deep_cursor(session, flt, depth) if depth else None
            first_rows = len(queue.fetch_page(session, flt, None, page_size).rows)
            f50, f95 = timed(lambda: queue.fetch_page(session, flt, None, page_size), repeat)
            if cursor:
                d50, d95 = timed(lambda: queue.fetch_page(session, flt, cursor, page_size), repeat)
            else:
                d50 = d95 = float("nan")
            worst += [f95] + ([d95] if cursor else [])
            print(f"{name:<38} {first_rows:>6} {f50:>10.2f} {f95:>10.2f} {d50:>9.2f} {d95:>9.2f}  {depth:,} of {depth_total:,}")
        held_count = timed(lambda: queue.count(session, queue.QueueFilter(), cap=9999), repeat)
        print(f"{'held count (capped at 9,999)':<38} {'':>6} {held_count[0]:>10.2f} {held_count[1]:>10.2f}")
    print(f"worst p95: {max(worst):.2f} ms")
    return worst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--sqlite", type=Path, default=Path("/tmp/moderation_bench.sqlite3"))
    parser.add_argument("--pg", default=os.environ.get("MODERATION_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"), help="admin URL; the benchmark creates database moderation_bench")
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--page-size", type=int, default=50)
    parser.add_argument("--reuse", action="store_true", help="skip filling: use the databases of a previous run")
    args = parser.parse_args()
    for kind in ("sqlite", "postgres"):
        if args.only and args.only != kind:
            continue
        t0 = time.perf_counter()
        if args.reuse:
            engine = reuse(kind, args.sqlite, args.pg)
        else:
            engine = fill_sqlite(args.sqlite, args.rows) if kind == "sqlite" else fill_postgres(args.pg, args.rows)
            print(f"filled {kind} with {args.rows:,} comments in {time.perf_counter() - t0:.1f}s")
        bench(engine, kind, args.repeat, args.page_size)
        engine.dispose()


if __name__ == "__main__":
    main()
