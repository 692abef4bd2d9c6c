"""The README stays true: every setting is in its table, and CI runs its test command."""
import re
from pathlib import Path

from plugin.config import DEFAULTS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_setting_has_a_row_in_the_config_table():
    rows = set(re.findall(r"^\| `(MODERATION_[A-Z_]+)` \|", README, flags=re.M))
    assert rows == set(DEFAULTS), f"missing: {set(DEFAULTS) - rows}; stale: {rows - set(DEFAULTS)}"


def test_every_setting_the_code_reads_has_a_default():
    read = set()
    for path in (ROOT / "plugin").rglob("*.py"):
        read |= set(re.findall(r"""["'](MODERATION_[A-Z_]+)["']""", path.read_text(encoding="utf-8")))
    read -= {"MODERATION_FLASK_APP", "MODERATION_TEST_PG_URL"}  # environment variables, not app config
    assert read <= set(DEFAULTS), f"read but not defaulted: {read - set(DEFAULTS)}"


def test_ci_runs_the_readme_test_command_verbatim():
    blocks = re.findall(r"```(?:sh|bash)\n(.*?)```", README, flags=re.S)
    assert len(blocks) >= 2
    test_command = blocks[1].strip()
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
