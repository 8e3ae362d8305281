"""`ocop serve`: prepare the database and run the web server with the background worker."""

import argparse
import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager

from django.core.management import call_command

#: PostgreSQL advisory lock held while a node prepares the database (any constant shared by the nodes).
PREPARE_LOCK = 0x0C0F_5E12


@contextmanager
def one_node_at_a_time():
    """On PostgreSQL, nodes started together prepare the database one after the other (two
    concurrent `migrate` runs would both try to create the same tables); SQLite serves one node."""
    from django.db import connection

    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [PREPARE_LOCK])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [PREPARE_LOCK])


def prepare(*, demo: bool = True) -> None:
    """Migrate and load reference and demo data. Fast and lossless when run again, and safe when
    several nodes start at once."""
    from ocop.territory.models import AdminUnit

    with one_node_at_a_time():
        call_command("migrate", interactive=False, verbosity=0)
        if not AdminUnit.objects.exists():
            call_command("load_units")  # later refreshes: `ocop load-units`
        if demo:
            call_command("seed_demo", print_logins=True)


WILDCARD_HOSTS = {"0.0.0.0", "::", ""}  # noqa: S104 (a name, not a bind)


def child_environment(*, host: str, port: int, dev: bool, environ: dict) -> dict:
    """The environment of the web server, worker and scheduler: SITE_URL follows the address
    served (QR codes, PDFs and open-data links point there) unless SITE_URL is set, and pages
    run with DEBUG off (no technical error page for a visitor) unless DEBUG is set or --dev."""
    env = dict(environ)
    if not env.get("SITE_URL"):
        shown = "127.0.0.1" if host in WILDCARD_HOSTS else (f"[{host}]" if ":" in host else host)
        env["SITE_URL"] = f"http://{shown}:{port}"
    if not dev:
        env.setdefault("DEBUG", "0")
    return env


def serve(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="ocop serve", description="Chạy hệ thống OCOP cùng tiến trình nền.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))
    parser.add_argument("--dev", action="store_true", help="dùng máy chủ phát triển của Django (tự nạp lại mã)")
    parser.add_argument("--no-demo", action="store_true", help="không nạp dữ liệu mẫu")
    parser.add_argument("--no-worker", action="store_true", help="không chạy tiến trình nền")
    parser.add_argument("--workers", type=int, default=2, help="số tiến trình gunicorn")
    args = parser.parse_args(argv)

    from django.conf import settings

    env = child_environment(host=args.host, port=args.port, dev=args.dev, environ=os.environ)
    env["WEB_CONCURRENCY"] = str(args.workers)  # gunicorn's worker count, which the settings check
    from ocop.lib.deployment import shared_cache_refusal

    if refusal := shared_cache_refusal(workers=args.workers, nodes=settings.OCOP_NODES,
                                       redis_url=settings.REDIS_URL, production=settings.PRODUCTION):
        print(refusal, file=sys.stderr)
        return 2
    settings.SITE_URL = env["SITE_URL"]  # the demo's certificates are made in this process
    prepare(demo=not args.no_demo)

    python = sys.executable
    manage = [python, "-m", "ocop.cli"]
    if args.dev:
        web = [*manage, "runserver", f"{args.host}:{args.port}"]
    else:
        web = [
            python, "-m", "gunicorn", "config.wsgi", "--bind", f"{args.host}:{args.port}",
            "--access-logfile", "-", "--graceful-timeout", "5",  # workers: WEB_CONCURRENCY
        ]
    commands = [web]
    if not args.no_worker:
        commands.append([*manage, "db_worker"])
        # Every node runs a scheduler; each slot is claimed once in the database (ocop.core.schedule).
        commands.append([*manage, "crontask", "--no-heartbeat"])

    processes = [subprocess.Popen(cmd, env=env) for cmd in commands]
    print(f"OCOP đang chạy tại http://{args.host}:{args.port}/  (Ctrl+C để dừng)", flush=True)

    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        while not stopping and all(p.poll() is None for p in processes):
            time.sleep(0.5)
    finally:
        for p in processes:
            if p.poll() is None:
                p.terminate()
        for p in processes:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
    failed = [p for p in processes if p.returncode not in (0, -signal.SIGTERM, None)]
    return 1 if failed and not stopping else 0
