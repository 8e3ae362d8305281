"""Production mode refuses to start misconfigured, and passes `check --deploy` when configured."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

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


PRODUCTION_ENV = {"OCOP_ENV": "production", "SECRET_KEY": "k8$Jq!2vZr@x9Lm#4pWt&7sYc^1nBf*6hGd%3eUa(0oRi)5Tl+Vw-QzXyE",
                  "ALLOWED_HOSTS": "ocop.example.vn"}


def test_production_refuses_several_workers_or_nodes_without_redis(tmp_path):
    for extra in ({"WEB_CONCURRENCY": "2"}, {"OCOP_NODES": "2"}):
        result = run_manage("check", **PRODUCTION_ENV, **extra, OCOP_VAR_DIR=str(tmp_path), REDIS_URL="")
        assert result.returncode != 0
        assert "REDIS_URL phải được đặt" in result.stderr
    # One process keeps its own cache and nothing can disagree; with Redis any number may run.
    assert run_manage("check", **PRODUCTION_ENV, WEB_CONCURRENCY="1", OCOP_VAR_DIR=str(tmp_path),
                      REDIS_URL="").returncode == 0
    shared = run_manage("check", **PRODUCTION_ENV, WEB_CONCURRENCY="4", OCOP_NODES="2", OCOP_VAR_DIR=str(tmp_path),
                        REDIS_URL="redis://127.0.0.1:6379/15")
    assert shared.returncode == 0, shared.stderr


def test_ocop_serve_refuses_its_default_two_workers_in_production_without_redis(tmp_path):
    base = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "WEB_CONCURRENCY", "DATABASE_URL"}}
    result = subprocess.run(
        [sys.executable, "-m", "ocop.cli", "serve", "--no-demo", "--port", "8149"], cwd=ROOT, capture_output=True,
        text=True, timeout=60, env={**base, **PRODUCTION_ENV, "OCOP_VAR_DIR": str(tmp_path)},
    )
    assert result.returncode == 2
    assert "REDIS_URL phải được đặt" in result.stderr and "2 tiến trình × 1 máy chủ" in result.stderr
    assert not (tmp_path / "ocop.sqlite3").exists()  # refused before touching the database


@pytest.mark.django_db
def test_postgresql_connections_run_without_jit():
    """The JIT compiler is off for the app's connections (DB_JIT=1 turns it back on): compiling a
    national count cost more than running it."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_synth_is_installed_only_where_enabled(tmp_path):
    """ocop.ops.synth (docs/architecture.md, "Layers"): absent unless OCOP_SYNTH, enabled by the
    console script for `ocop synth`, and refused outright in production."""
    var = {"OCOP_VAR_DIR": str(tmp_path)}
    assert "synth" not in run_manage("help", "--commands", OCOP_SYNTH="0", **var).stdout.split()
    assert "synth" in run_manage("help", "--commands", OCOP_SYNTH="1", **var).stdout.split()
    base = {k: v for k, v in os.environ.items() if k != "OCOP_SYNTH"}
    console = subprocess.run([sys.executable, "-m", "ocop.cli", "synth", "--help"], cwd=ROOT, capture_output=True,
                             text=True, env={**base, **var})
    assert console.returncode == 0 and "--scale" in console.stdout
    refused = run_manage("check", **PRODUCTION_ENV, OCOP_SYNTH="1", WEB_CONCURRENCY="1", REDIS_URL="", **var)
    assert refused.returncode != 0 and "OCOP_SYNTH" in refused.stderr
    assert run_manage("check", **PRODUCTION_ENV, OCOP_SYNTH="0", WEB_CONCURRENCY="1", REDIS_URL="", **var).returncode == 0
