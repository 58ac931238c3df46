"""The embedded default's start-up: one eager-mode line per start, and no kombu warning."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

START = """
import django, subprocess, sys
django.setup()
from marketplace.celery import app
with app.connection_for_write() as connection:
    connection.ensure_connection(max_retries=1)
# A process the start spawns (a server worker, a reloaded child) imports the apps again.
subprocess.run([sys.executable, "-c", "import django; django.setup()"], check=True)
"""


def test_embedded_start_says_eager_once_and_kombu_stays_quiet(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"}}
    env.pop("MARKETPLACE_EAGER_ANNOUNCED", None)
    env.update(SQLITE_PATH=str(tmp_path / "db.sqlite3"), DJANGO_SETTINGS_MODULE="marketplace.settings")
    result = subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, "-c", START], cwd=ROOT, env=env, check=True, capture_output=True, text=True, timeout=120
    )
    output = result.stdout + result.stderr
    assert output.count("eager mode") == 1, output
    assert "kombu" not in output, output
