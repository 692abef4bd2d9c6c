"""``flask moderation ...``: thin Click wrappers over ``plugin.commands`` and ``plugin.migrate``."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from . import commands, migrate
from .errors import ValidationError
from .extension import Moderation

moderation_cli = AppGroup("moderation", help="Comment moderation: database, scoring, seeds, stats.")
db_cli = AppGroup("db", help="The moderation tables (Alembic, version table moderation_alembic_version).")
moderation_cli.add_command(db_cli)


def _state():  # type: ignore[no-untyped-def]
    return Moderation.state(current_app)


@db_cli.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Upgrade the moderation tables to REVISION (default: head)."""
    state = _state()
    migrate.upgrade(state.db.engine, revision)
    click.echo(f"moderation database at {migrate.current(state.db.engine)} ({state.db.url})")


@db_cli.command("downgrade")
@click.argument("revision", default="-1")
def db_downgrade(revision: str) -> None:
    """Downgrade the moderation tables to REVISION (default: one step back; 'base' removes them)."""
    state = _state()
    migrate.downgrade(state.db.engine, revision)
    click.echo(f"moderation database at {migrate.current(state.db.engine) or 'base'} ({state.db.url})")


def _run_batch(records, label: str, output, total: int | None = None) -> commands.BatchReport:  # type: ignore[no-untyped-def]
    service = _state().service
    with click.progressbar(length=total or 0, label=label, file=sys.stderr, show_pos=True) as bar:
        report = commands.score_records(service, records, progress=bar.update)
    for row in report.rows:
        output.write(json.dumps({k: row[k] for k in ("external_id", "status", "top_label", "top_score", "reasons")}, ensure_ascii=False) + "\n")
    for error in report.errors:
        click.echo(f"line {error['line']}: {error['message']}", err=True)
    _summary(report)
    return report


def _summary(report: commands.BatchReport) -> None:
    counts = report.counts
    total = sum(counts.values())
    click.echo("", err=True)
    click.echo(f"{'status':<10} {'comments':>8} {'share':>7}", err=True)
    for status in ("approved", "held", "rejected", "pending"):
        if counts.get(status):
            click.echo(f"{status:<10} {counts[status]:>8} {counts[status] / total:>7.1%}", err=True)
    click.echo(f"{'total':<10} {total:>8}   in {report.seconds:.1f}s ({total / max(report.seconds, 1e-9):.0f}/s); invalid: {len(report.errors)}", err=True)
    agree = commands.agreement(report.rows)
    if agree:
        click.echo(
            f"against the hand labels: {agree['harmful_caught']}/{agree['harmful']} harmful held or rejected "
            f"({agree['harmful_rejected']} rejected); {agree['acceptable_flagged']}/{agree['acceptable']} acceptable held or rejected",
            err=True,
        )


@moderation_cli.command("score")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-", help="Where the decisions go (JSON lines; default stdout).")
def score(file: Path, output) -> None:  # type: ignore[no-untyped-def]
    """Submit and score the comments in FILE (JSON lines, one comment object per line)."""
    try:
        records = list(commands.read_jsonl(file))
    except ValidationError as exc:
        raise click.BadParameter(str(exc), param_hint="FILE") from None
    _run_batch(records, "scoring", output, total=len(records))


@moderation_cli.command("seed")
@click.option("--path", "seeds_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None, help="Seeds folder (default: the checkout's seeds/).")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-", help="Where the decisions go.")
def seed(seeds_dir: Path | None, output) -> None:  # type: ignore[no-untyped-def]
    """Load the Calais article and its sample comments, score them and print every decision."""
    records = commands.load_seeds(seeds_dir or commands.SEEDS_DIR)
    _run_batch(records, "seeding", output, total=len(records))


@moderation_cli.command("rescore")
@click.option("--all", "include_human", is_flag=True, help="Also rescore comments a moderator decided.")
@click.argument("ids", nargs=-1, type=int)
def rescore(include_human: bool, ids: tuple[int, ...]) -> None:
    """Score comments again with the current scorer and policy (default: all decided by the policy)."""
    service = _state().service
    with commands.deferred_dispatch(service) as to_score:
        marked = service.rescore(ids or None, include_human=include_human)
    with click.progressbar(length=len(to_score), label="rescoring", file=sys.stderr) as bar:
        batch = int(service.config["MODERATION_BATCH_SIZE"])
        for start in range(0, len(to_score), batch):
            service.score_pending(to_score[start : start + batch])
            bar.update(len(to_score[start : start + batch]))
    click.echo(f"rescored {marked} comment(s)")


@moderation_cli.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def stats(as_json: bool) -> None:
    """Counts of comments by status and of decisions by outcome and actor."""
    data = _state().service.stats()
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    click.echo(f"{data['comments']} comments")
    for status, count in sorted(data["by_status"].items()):
        click.echo(f"  {status:<10} {count:>8}")
    click.echo("decisions")
    for row in data["decisions"]:
        click.echo(f"  {row['actor']:<10} {row['outcome']:<8} {row['count']:>8}")


# -- callbacks (outbox) -------------------------------------------------------
def _echo_attempts(attempts) -> None:  # type: ignore[no-untyped-def]
    for a in attempts:
        when = f", next attempt at {a.next_attempt_at:%Y-%m-%d %H:%M:%S}Z" if a.next_attempt_at else ""
        click.echo(f"{a.message_id} (comment {a.comment_id}) attempt {a.attempt}: {a.outcome} {a.status_code or ''} {a.error or ''}{when}".rstrip())


@moderation_cli.command("deliver")
@click.option("--limit", default=100, show_default=True, help="Most callbacks to attempt in this run.")
def deliver(limit: int) -> None:
    """Attempt every due decision callback once (for cron, or with inline dispatch)."""
    from . import delivery

    state = _state()
    attempts = delivery.deliver_due(state.db, current_app.config, limit=limit)
    _echo_attempts(attempts)
    counts = delivery.summarize(attempts)
    click.echo(f"{len(attempts)} callback(s) attempted: " + (", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "none due"))


@moderation_cli.command("redeliver")
@click.argument("ref")
def redeliver(ref: str) -> None:
    """Send a callback again now: REF is a message id (msg_...) or a comment id (its latest callback)."""
    from . import delivery
    from .errors import ModerationError

    try:
        attempts = delivery.redeliver(_state().db, current_app.config, ref)
    except ModerationError as exc:
        raise click.ClickException(str(exc)) from None
    _echo_attempts(attempts)


@moderation_cli.command("enable-endpoint")
@click.argument("source")
def enable_endpoint(source: str) -> None:
    """Re-enable SOURCE's callback endpoint after a 410 Gone, and queue its held callbacks again."""
    from . import delivery
    from .errors import ModerationError

    try:
        requeued = delivery.enable_endpoint(_state().db, source)
    except ModerationError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"endpoint of {source} enabled; {requeued} callback(s) queued again")


# -- moderator accounts ---------------------------------------------------------
@moderation_cli.command("create-moderator")
@click.argument("username")
@click.option("--role", type=click.Choice(["moderator", "admin"]), default="moderator", show_default=True, help="admin may also undo others' decisions and export stats.")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input instead of prompting.")
@click.option("--exist-ok", is_flag=True, help="Succeed without changes if the account exists already (for setup scripts).")
def create_moderator(username: str, role: str, password_stdin: bool, exist_ok: bool) -> None:
    """Create a moderator account for the built-in login (used when the host gives no MODERATION_AUTHORIZE)."""
    from . import access

    if exist_ok and access.moderator_exists(_state().db, username):
        click.echo(f"{username} exists already; left as it is")
        return
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        access.create_moderator(_state().db, username, password, role)
    except ValidationError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"created {role} {username}")


@moderation_cli.command("create-token")
@click.argument("username")
def create_token(username: str) -> None:
    """Issue an API token for USERNAME (replacing any earlier one). It is printed once and stored only as a hash."""
    from . import access
    from .errors import NotFound

    try:
        token = access.create_token(_state().db, username)
    except NotFound as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(token)
    click.echo(f"API token for {username}: send it as 'Authorization: Bearer <token>'. It is not shown again.", err=True)
