import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "SECRET_KEY",
            "FAWANG_DATA_KEY",
            "DJANGO_DEBUG",
            "FAWANG_LEDGER_ORIGIN",
            "FAWANG_LEDGER_SIGNING_KEY",
            "FAWANG_PUBLIC_URL",
        }
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True
    )


def test_production_settings_pass_the_deployment_checklist():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        "--settings=config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        FAWANG_DATA_KEY=secrets.token_urlsafe(40),
        FAWANG_LEDGER_ORIGIN="fawang.example.cn/log",  # the evidence log (docs/adr/0023)
        FAWANG_LEDGER_SIGNING_KEY=base64.b64encode(secrets.token_bytes(32)).decode(),
        FAWANG_PUBLIC_URL="https://fawang.example.cn",  # the certificates' QR codes (docs/adr/0025)
        DATABASE_URL="postgres://fawang_app@127.0.0.1:5432/postgres",
        MIGRATE_DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres",  # deploy.md 2; else W009
        ALLOWED_HOSTS="fawang.example.cn",
        REDIS_URL="redis://127.0.0.1:6379/1",  # docs/deploy.md section 4; without it fawang.W001
        TRUSTED_PROXIES="127.0.0.1",  # nginx on the same host; without it fawang.W002
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_its_secrets():
    result = _manage("check", "--settings=config.settings.production", DATABASE_URL="sqlite:///:memory:")
    assert result.returncode != 0
    assert "SECRET_KEY must be set in production" in result.stderr
