"""``flask moderation``: each command is a thin wrapper; the functions are tested directly too."""
import json

from sqlalchemy import func, select

from plugin import commands, migrate
from plugin.models import Comment, Decision


def test_db_downgrade_and_upgrade(app, runner):
    engine = app.extensions["moderation"].db.engine
    result = runner.invoke(args=["moderation", "db", "downgrade", "base"])
    assert result.exit_code == 0, result.output
    assert migrate.current(engine) is None
    result = runner.invoke(args=["moderation", "db", "upgrade"])
    assert result.exit_code == 0 and "moderation database at" in result.output
    assert migrate.pending_changes(engine) == []


def test_score_file_prints_a_decision_per_line_and_a_summary(app, runner, tmp_path):
    path = tmp_path / "in.jsonl"
    lines = [
        {"external_id": "1", "article": "a", "body": "Lovely town, awful politics."},
        {"external_id": "2", "article": "a", "body": "what an idiot"},
        {"external_id": "3", "article": "a", "body": "vermin, all of them"},
        {"external_id": "4", "article": "a", "body": ""},
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    result = runner.invoke(args=["moderation", "score", str(path)])
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [(row["external_id"], row["status"]) for row in out] == [("1", "approved"), ("2", "held"), ("3", "rejected")]
    assert "line 4: invalid comment: body: body is empty" in result.output
    assert "total" in result.output and "invalid: 1" in result.output


def test_score_file_with_broken_json_says_which_line(runner, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"article": "a", "body": "ok"}\n{"article": \n', encoding="utf-8")
    result = runner.invoke(args=["moderation", "score", str(path)])
    assert result.exit_code == 2 and "bad.jsonl:2: not valid JSON" in result.output


def test_seed_loads_every_seed_comment(app, runner):
    result = runner.invoke(args=["moderation", "seed"])
    assert result.exit_code == 0, result.output
    expected = sum(1 for line in (commands.SEEDS_DIR / "comments.jsonl").read_text(encoding="utf-8").splitlines() if line.strip())
    assert expected >= 150
    service = app.extensions["moderation"].service
    with service.db.session() as session:
        assert session.scalar(select(func.count()).select_from(Comment)) == expected
        assert session.scalar(select(func.count()).select_from(Decision)) == expected
    assert "against the hand labels" in result.output
    # Seeding twice stores nothing new.
    assert runner.invoke(args=["moderation", "seed"]).exit_code == 0
    with service.db.session() as session:
        assert session.scalar(select(func.count()).select_from(Decision)) == expected


def test_rescore_and_stats(app, runner, service):
    service.submit({"article": "a", "body": "hello"})
    service.submit({"article": "a", "body": "idiot"})
    result = runner.invoke(args=["moderation", "rescore"])
    assert result.exit_code == 0 and "rescored 2 comment(s)" in result.output
    result = runner.invoke(args=["moderation", "stats", "--json"])
    data = json.loads(result.output)
    assert data["comments"] == 2 and data["by_status"] == {"approved": 1, "held": 1}
    assert {"actor": "policy", "outcome": "approve", "count": 2} in data["decisions"]
    table = runner.invoke(args=["moderation", "stats"])
    assert "2 comments" in table.output and "held" in table.output


def test_score_records_reports_agreement_with_hand_labels(service):
    report = commands.score_records(service, [
        {"article": "a", "body": "vermin", "expected": "hate"},
        {"article": "a", "body": "nice", "expected": "acceptable"},
    ])
    assert commands.agreement(report.rows) == {"acceptable": 1, "acceptable_flagged": 0, "harmful": 1, "harmful_caught": 1, "harmful_rejected": 1}


def test_create_moderator_exist_ok_makes_setup_rerunnable(app, runner):
    first = runner.invoke(args=["moderation", "create-moderator", "demo", "--role", "admin", "--password-stdin"], input="demo-password\n")
    assert first.exit_code == 0 and "created admin demo" in first.output
    again = runner.invoke(args=["moderation", "create-moderator", "demo", "--password-stdin"], input="demo-password\n")
    assert again.exit_code != 0 and "exists already" in again.output
    ok = runner.invoke(args=["moderation", "create-moderator", "demo", "--password-stdin", "--exist-ok"], input="other-password\n")
    assert ok.exit_code == 0 and "left as it is" in ok.output
