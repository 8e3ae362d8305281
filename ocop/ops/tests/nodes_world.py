"""The `two_nodes` fixture (conftest.py): two `ocop serve` nodes of two gunicorn workers each, behind
nginx when it is installed, sharing a database of their own and one media folder (and Redis with
OCOP_TEST_REDIS_URL). Used by the two-node test (ocop/ops/tests/test_nodes.py) and the throttle
tests across servers (ocop/security/tests/test_harden_throttles.py): one migration for both."""

import os
import re
import subprocess
import sys
from dataclasses import dataclass

from ocop.ops.nodes import REPO_ROOT, Cluster, free_ports, nginx_binary, start_cluster

PASSWORD = "Mat-khau-that-123"  # noqa: S105
API_LIMIT = 20  # the API's requests per address and window on these nodes (when this version limits them)

WORLD = f"""
from ocop.accounts.models import User
from ocop.core.testing import make_personas
from ocop.certificates.tests.factories import certify
from ocop.registry.tests.factories import ProductFactory
personas = make_personas()
for name in ('nongdan', 'nguoikhac'):
    User.objects.create_user(name, password='{PASSWORD}')
product = ProductFactory(producer__unit=personas.units.commune_a, name="Bánh pía Tân Lộc")
certify(product)
print("PRODUCT", product.pk)
"""


@dataclass
class TwoNodes:
    cluster: Cluster
    env: dict
    product: int

    def manage(self, *args) -> str:
        return manage(self.env, *args)


def fresh_postgres(url: str, suffix: str) -> str:
    """A database of its own beside the test database (the nodes are not inside its transaction)."""
    import psycopg

    base, _, name = url.rpartition("/")
    name = f"{name.split('?')[0]}{suffix}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"


def node_env(var_dir) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "WEB_CONCURRENCY", "OCOP_NODES"}}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", OCOP_ENV="development", DEBUG="0", LOG_LEVEL="WARNING",
               OCOP_VAR_DIR=str(var_dir), MEDIA_ROOT=str(var_dir / "media"),
               OCOP_API_RATE_PER_ADDRESS=str(API_LIMIT))
    if redis_url := os.environ.get("OCOP_TEST_REDIS_URL"):
        env["REDIS_URL"] = redis_url  # a change shows on every node at once (the version's copy is shared)
    else:
        # Each process keeps its own copy of the public data version for OCOP_PUBLIC_VERSION_SECONDS
        # (ocop.core.public_version; production refuses several processes without Redis): here every
        # request reads it, so that the test sees the change at once without waiting on a clock.
        env["OCOP_PUBLIC_VERSION_SECONDS"] = "0"
    if (url := os.environ.get("DATABASE_URL", "")).startswith("postgres"):
        env["DATABASE_URL"] = fresh_postgres(url, "_nodes")
    return env


def manage(env, *args) -> str:
    return subprocess.run([sys.executable, str(REPO_ROOT / "manage.py"), *args], env=env, cwd=REPO_ROOT, check=True,
                          capture_output=True, text=True).stdout


def two_nodes(var_dir):
    env = node_env(var_dir)
    manage(env, "migrate", "-v0")
    product = int(re.search(r"PRODUCT (\d+)", manage(env, "shell", "-c", WORLD)).group(1))
    if "REDIS_URL" in env:
        manage(env, "shell", "-c", "from django.core.cache import caches; [caches[a].clear() for a in caches]")
    *ports, proxy_port = free_ports(3)
    cluster = start_cluster(work=var_dir / "run", env=env, ports=ports, workers=2,
                            proxy_port=proxy_port if nginx_binary() else None)
    try:
        yield TwoNodes(cluster, env, product)
    finally:
        cluster.stop()


def access_lines(cluster: Cluster) -> list[list[str]]:
    """The nodes' gunicorn access lines: [pid, status, method, path]."""
    return [line.split()[1:] for log in cluster.node_logs() for line in log.read_text(errors="replace").splitlines()
            if line.startswith("ACCESS ")]


def wait_for_a_fresh_window(window: int, needed: float) -> None:
    """Fixed-window limits count per window of WINDOW seconds since the epoch: start a burst with at
    least NEEDED seconds left in the window, or its count would restart midway."""
    import time

    left = window - time.time() % window
    if left < needed:
        time.sleep(left + 0.5)
