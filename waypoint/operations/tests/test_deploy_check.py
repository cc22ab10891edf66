import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _production_env(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("WAYPOINT_", "DJANGO_ALLOW"))
    }
    env.update(
        {
            "WAYPOINT_ENV": "production",
            "WAYPOINT_DATA_DIR": str(tmp_path),
            "WAYPOINT_SECRET_KEY": secrets.token_urlsafe(50),
            "WAYPOINT_DATA_KEYS": "k1:" + base64.urlsafe_b64encode(os.urandom(32)).decode(),
            "WAYPOINT_ALLOWED_HOSTS": "waypoint.example.gov",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        }
    )
    return env


def test_deployment_checks_pass_under_production_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_start_without_secrets_is_a_clear_refusal(tmp_path):
    env = _production_env(tmp_path)
    del env["WAYPOINT_DATA_KEYS"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert "WAYPOINT_DATA_KEYS" in result.stderr
    assert "Traceback" not in result.stderr
