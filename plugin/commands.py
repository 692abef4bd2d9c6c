"""What the ``flask moderation`` commands do, as importable functions (the CLI only wraps them)."""
from __future__ import annotations

import contextlib
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .errors import ValidationError
from .models import Decision
from .service import ModerationService

#: The seeds that ship with a checkout: the Calais article and its sample comments.
SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"


@dataclass
class BatchReport:
    """What a bulk scoring run did: one row per comment, counts, and how long it took."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def counts(self) -> Counter[str]:
        return Counter(row["status"] for row in self.rows)


@contextlib.contextmanager
def deferred_dispatch(service: ModerationService) -> Iterator[list[int]]:
    """Collect the ids that ``submit`` would dispatch, so a bulk run can score them in batches."""
    collected: list[int] = []
    original, inline = service.dispatch, service.scores_inline
    service.dispatch, service.scores_inline = collected.extend, False
    try:
        yield collected
    finally:
        service.dispatch, service.scores_inline = original, inline


def score_records(
    service: ModerationService,
    records: Iterable[dict[str, Any]],
    *,
    progress: Callable[[int], None] | None = None,
) -> BatchReport:
    """Submit records through the one intake, then score them in batches and report each decision."""
    started = time.perf_counter()
    report = BatchReport()
    submitted: list[tuple[int, dict[str, Any]]] = []
    with deferred_dispatch(service) as to_score:
        for number, record in enumerate(records, 1):
            try:
                result = service.submit({k: v for k, v in record.items() if k != "expected"})
            except ValidationError as exc:
                report.errors.append({"line": number, "message": str(exc), "errors": exc.errors})
                continue
            submitted.append((result.comment.id, record))
    batch = max(1, int(service.config["MODERATION_BATCH_SIZE"]))
    pending = sorted(set(to_score))
    for start in range(0, len(pending), batch):
        part = pending[start : start + batch]
        service.score_pending(part)
        if progress:
            progress(len(part))
    for comment_id, record in submitted:
        comment, decision = service.get_comment(comment_id)
        report.rows.append(_row(comment, decision, record))
    report.seconds = time.perf_counter() - started
    return report


def _row(comment: Any, decision: Decision | None, record: dict[str, Any]) -> dict[str, Any]:
    scores = comment.scores[-1].labels if comment.scores else {}
    return {
        "id": comment.id,
        "external_id": comment.external_id,
        "status": comment.status,
        "language": comment.language,
        "top_label": comment.top_label,
        "top_score": None if comment.top_score is None else round(comment.top_score, 3),
        "reasons": list(decision.reasons) if decision else [],
        "scores": {k: round(v, 3) for k, v in scores.items()},
        "body": comment.body,
        **({"expected": record["expected"]} if "expected" in record else {}),
    }


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """Records from a JSON-lines file; a bad line becomes a record that fails validation with its line number."""
    with path.open(encoding="utf-8", errors="strict") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValidationError(f"{path}:{number}: not valid JSON ({exc.msg}): one JSON object per line") from None


def load_seeds(seeds_dir: Path = SEEDS_DIR) -> list[dict[str, Any]]:
    """The seed article and comments as intake records."""
    article = json.loads((seeds_dir / "article.json").read_text(encoding="utf-8"))
    source = article.pop("source", "demo")
    records = []
    for record in read_jsonl(seeds_dir / "comments.jsonl"):
        records.append(
            {
                "source": source,
                "external_id": record["external_id"],
                "article": article,
                "author_id": record.get("author_id"),
                "author_name": record.get("author_name"),
                "body": record["body"],
                "expected": record.get("expected"),
            }
        )
    return records


def agreement(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """How the decisions compare with the seeds' hand labels (acceptable vs harmful)."""
    labelled = [row for row in rows if row.get("expected")]
    if not labelled:
        return {}
    acceptable = [row for row in labelled if row["expected"] == "acceptable"]
    harmful = [row for row in labelled if row["expected"] != "acceptable"]
    flagged = lambda row: row["status"] != "approved"  # noqa: E731
    return {
        "acceptable": len(acceptable),
        "acceptable_flagged": sum(flagged(r) for r in acceptable),
        "harmful": len(harmful),
        "harmful_caught": sum(flagged(r) for r in harmful),
        "harmful_rejected": sum(r["status"] == "rejected" for r in harmful),
    }
