"""The wheel carries what an installed plugin needs: migrations, model, templates, static files."""
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_ships_migrations_model_and_templates(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )
    (wheel,) = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "plugin/migrations/env.py",
        "plugin/migrations/alembic.ini",
        "plugin/migrations/script.py.mako",
        "plugin/migrations/versions/0001_initial_moderation_tables.py",
        "plugin/scoring/embedded_model/weights.npz",
        "plugin/scoring/embedded_model/model.json",
        "plugin/templates/moderation/queue.html",
        "plugin/static/moderation/queue.js",
        "plugin/demo/templates/demo/article.html",
        "plugin/py.typed",
    ):
        assert needed in names, needed
    versions = {p.name for p in (ROOT / "migrations" / "versions").glob("*.py")}
    assert {n.rsplit("/", 1)[1] for n in names if n.startswith("plugin/migrations/versions/")} == versions
