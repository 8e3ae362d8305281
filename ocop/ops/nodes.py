"""Several app nodes behind one address: the reverse proxy's configuration (nginx), and starting a
proxy and `ocop serve` nodes on one machine (the two-node test and `make loadtest-nodes`).

`nginx_site()` is what production needs (README, "Several app nodes"): an upstream of the nodes, a
request-body cap derived from the upload limits, the client's address in X-Real-IP (which the
throttles read through OCOP_CLIENT_IP_HEADER=HTTP_X_REAL_IP) and the scheme in X-Forwarded-Proto.
`nginx_main()` wraps it into a whole configuration that runs unprivileged from a temporary folder.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
MIB = 1024 * 1024
#: the form's other fields (Django's DATA_UPLOAD_MAX_MEMORY_SIZE is 2.5 MB) and multipart headers
BODY_MARGIN = 4 * MIB


def body_cap_bytes() -> int:
    """The largest request body the proxy lets through (413 above it, before a node sees it): the
    largest form, a product with its MAX_PHOTOS_PER_PRODUCT photos of OCOP_PHOTO_MAX_BYTES (or one
    document or import file, if a limit is raised past that), plus the rest of the form. With the
    defaults: 12 × 5 MB + 4 MB = 64 MB."""
    from django.conf import settings

    from ocop.registry.validators import MAX_PHOTOS_PER_PRODUCT

    largest = max(MAX_PHOTOS_PER_PRODUCT * settings.OCOP_PHOTO_MAX_BYTES, settings.OCOP_DOCUMENT_MAX_BYTES,
                  settings.OCOP_IMPORT_MAX_BYTES)
    return -(-(largest + BODY_MARGIN) // MIB) * MIB


def nginx_site(*, listen: str, nodes: list[str], body_cap: int, server_name: str = "_",
               show_node: bool = False) -> str:
    """The `upstream` and `server` blocks for /etc/nginx/conf.d/ (TLS is the site's own business:
    add `listen 443 ssl` and the certificate there). SHOW_NODE adds a header naming the node that
    answered (tests and the load test only: it shows internal addresses)."""
    servers = "\n".join(f"    server {node} max_fails=3 fail_timeout=5s;" for node in nodes)
    node_header = "        add_header X-OCOP-Node $upstream_addr always;\n" if show_node else ""
    return f"""upstream ocop_nodes {{
{servers}
    keepalive 32;
}}

server {{
    listen {listen};
    server_name {server_name};
    # The body cap: the largest form (12 photos × OCOP_PHOTO_MAX_BYTES) plus the rest of it.
    client_max_body_size {body_cap // MIB}m;
    client_body_buffer_size 128k;

    location / {{
        proxy_pass http://ocop_nodes;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host $http_host;
        proxy_set_header X-Real-IP $remote_addr;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_read_timeout 120s;
        # A node that is down or restarting: GET and HEAD go to the next one; a POST is never sent
        # twice, and a slow answer is not asked again of another node.
        proxy_next_upstream error http_502;
{node_header}    }}
}}
"""


def nginx_main(*, prefix: Path, site: str) -> str:
    """A whole nginx configuration living in PREFIX (pid, logs, temporary files), run in the
    foreground by any user: `nginx -p PREFIX -c nginx.conf -g 'daemon off;'`."""
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers may write PREFIX, which is 0700
    temp = "\n".join(f"    {kind}_temp_path {prefix / ('tmp-' + kind)};" for kind in
                     ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    indented = "\n".join(f"    {line}" if line else "" for line in site.splitlines())
    return f"""{user}worker_processes 1;
pid {prefix / 'nginx.pid'};
error_log {prefix / 'error.log'} warn;
events {{ worker_connections 1024; }}
http {{
    log_format node '$upstream_addr $status $request_method $request_uri';
    access_log {prefix / 'access.log'} node buffer=4k flush=1s;
{temp}
{indented}
}}
"""


def nginx_binary() -> str | None:
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")


def free_ports(count: int) -> list[int]:
    probes = [socket.socket() for _ in range(count)]
    try:
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [probe.getsockname()[1] for probe in probes]
    finally:
        for probe in probes:
            probe.close()


def wait_for_http(url: str, process: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[:4]} exited with {process.returncode} before {url} answered")
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds:.0f} s")


@dataclass
class Cluster:
    """Nodes (`ocop serve`) and the proxy in front of them, all started by start_cluster()."""

    url: str
    node_urls: list[str]
    work: Path
    processes: list[subprocess.Popen] = field(default_factory=list)

    def node_logs(self) -> list[Path]:
        return [self.work / f"node-{i}.log" for i in range(len(self.node_urls))]

    def proxy_log(self) -> str:
        return (self.work / "nginx" / "access.log").read_text(errors="replace")

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)


def start_cluster(*, work: Path, env: dict, ports: list[int], proxy_port: int | None, workers: int = 1,
                  worker: bool = False, serve_args: tuple[str, ...] = ("--no-demo",),
                  pin: list[list[str]] | None = None, show_node: bool = True) -> Cluster:
    """Start one `ocop serve` per port (sharing ENV: database, Redis, media folder) and nginx on
    PROXY_PORT in front of them (None: no proxy). PIN: per node, a command prefix (e.g.
    ["taskset", "-c", "1"])."""
    nginx = nginx_binary()
    if nginx is None and proxy_port is not None:
        raise RuntimeError("nginx is not installed (apt-get install nginx-light)")
    work.mkdir(parents=True, exist_ok=True)
    proxy_url = f"http://127.0.0.1:{proxy_port}" if proxy_port else ""
    node_env = {**env, "SITE_URL": proxy_url or env.get("SITE_URL", ""), "OCOP_CLIENT_IP_HEADER": "HTTP_X_REAL_IP",
                "OCOP_NODES": str(len(ports)), "PYTHONPATH": str(REPO_ROOT),
                "GUNICORN_CMD_ARGS": "--access-logformat 'ACCESS %(p)s %(s)s %(m)s %(U)s'"}
    cluster = Cluster(url=proxy_url, node_urls=[f"http://127.0.0.1:{p}" for p in ports], work=work)
    try:
        for i, port in enumerate(ports):
            command = [sys.executable, "-m", "ocop.cli", "serve", "--port", str(port), "--workers", str(workers),
                       *serve_args, *([] if worker else ["--no-worker"])]
            log = (work / f"node-{i}.log").open("w")
            cluster.processes.append(subprocess.Popen(
                [*(pin[i] if pin else []), *command], cwd=REPO_ROOT, env=node_env, stdout=log, stderr=subprocess.STDOUT,
            ))
        for url, process in zip(cluster.node_urls, cluster.processes, strict=True):
            wait_for_http(f"{url}/healthz", process)
        if proxy_port is None:
            return cluster
        prefix = work / "nginx"
        prefix.mkdir(exist_ok=True)
        site = nginx_site(listen=f"127.0.0.1:{proxy_port}", nodes=[u.removeprefix("http://") for u in cluster.node_urls],
                          body_cap=body_cap_bytes(), show_node=show_node)
        (prefix / "nginx.conf").write_text(nginx_main(prefix=prefix, site=site))
        proxy = subprocess.Popen([nginx, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"],
                                 stdout=subprocess.DEVNULL, stderr=(prefix / "stderr.log").open("w"))
        cluster.processes.append(proxy)
        wait_for_http(f"{proxy_url}/healthz", proxy, seconds=30)
    except BaseException:
        cluster.stop()
        raise
    return cluster
