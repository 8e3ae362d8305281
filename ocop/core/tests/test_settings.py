"""Production mode refuses to start misconfigured, and passes `check --deploy` when configured."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def run_manage(*args, **env):
    base = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**base, **env}, capture_output=True, text=True
    )


def test_production_refuses_to_start_without_secret_key(tmp_path):
    result = run_manage("check", OCOP_ENV="production", ALLOWED_HOSTS="ocop.example.vn", OCOP_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    result = run_manage("check", OCOP_ENV="production", SECRET_KEY="x" * 60, OCOP_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_check_deploy_is_clean_in_production_mode(tmp_path):
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING",
        OCOP_ENV="production",
        SECRET_KEY="k8$Jq!2vZr@x9Lm#4pWt&7sYc^1nBf*6hGd%3eUa(0oRi)5Tl+Vw-QzXyE",
        ALLOWED_HOSTS="ocop.example.vn",
        OCOP_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


PRODUCTION_PROBE = """
from django.conf import settings
from django.test import Client
client = Client(HTTP_HOST="ocop.example.vn")
secure = client.get("/healthz", secure=True)
plain = client.get("/healthz")
print(secure.status_code, secure.headers.get("Strict-Transport-Security"))
print(plain.status_code, plain.headers.get("Location"), bool(plain.headers.get("Permissions-Policy")),
      plain.headers.get("X-Frame-Options"), bool(plain.headers.get("Content-Security-Policy")))
print(settings.SESSION_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY, settings.SESSION_COOKIE_SAMESITE,
      settings.CSRF_COOKIE_SECURE, settings.LANGUAGE_COOKIE_SECURE, settings.SESSION_EXPIRE_AT_BROWSER_CLOSE)
"""


def test_production_sends_hsts_redirects_to_https_and_marks_cookies_secure(tmp_path):
    result = run_manage(
        "shell", "-c", PRODUCTION_PROBE,
        OCOP_ENV="production", SECRET_KEY="k8$Jq!2vZr@x9Lm#4pWt&7sYc^1nBf*6hGd%3eUa(0oRi)5Tl+Vw-QzXyE",
        ALLOWED_HOSTS="ocop.example.vn", OCOP_VAR_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'probe.sqlite3'}",  # /healthz needs a reachable database
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()[-3:]  # after the shell's own notes
    assert lines[0] == "200 max-age=31536000; includeSubDomains; preload"
    assert lines[1] == "301 https://ocop.example.vn/healthz True DENY True"
    assert lines[2] == "True True Lax True True True"
