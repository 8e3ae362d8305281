"""Throughput under gunicorn (2 workers, persistent database connections), measured with wrk from a
second process on loopback: the catalog page, a product page and an API list, beside the same
server's trivial view (/healthz) as the ceiling; each reported as requests per second and as a share
of the ceiling. The public pages' cache is on, as in production (BENCH_WRK_UNCACHED=1: off)."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench.cases_pages import Context
from bench.harness import Result

ROOT = Path(__file__).resolve().parents[1]
SHARE_TARGET = 0.30
DURATION_S, CONNECTIONS, WORKERS = 10, 8, 2


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_ready(url: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn dừng với mã {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("gunicorn không sẵn sàng sau 60 s")


def _wrk(url: str) -> dict:
    out = subprocess.run(["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION_S}s", "--latency", url],
                         capture_output=True, text=True, timeout=DURATION_S + 60).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", out)
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    scale = {"us": 0.001, "ms": 1, "s": 1000}
    return {"rps": rps, "p50_ms": float(p50.group(1)) * scale[p50.group(2)] if p50 else None,
            "non_2xx": int(errors.group(1)) if errors else 0}


def throughput(ctx: Context) -> list[Result]:
    if not shutil.which("wrk"):
        return [Result(case="wrk", label="thông lượng (wrk)", note="không đo: không có wrk")]
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    # The API's rate limit is off: one address (wrk) measures the endpoints, not the limiter.
    env = {**os.environ, "DB_CONN_MAX_AGE": "60", "DEBUG": "false", "OCOP_API_RATE_PER_ADDRESS": "0",
           "OCOP_API_RATE_PER_TOKEN": "0"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS),
         "--config", str(ROOT / "bench" / "gunicorn_conf.py"), "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    try:
        _wait_ready(f"{base}/healthz", server)
        s = ctx.sample
        targets = [
            ("/healthz", "trang tầm thường /healthz (trần)"),
            ("/san-pham/", "trang danh mục /san-pham/"),
            (f"/san-pham/?q=ca+phe&tinh={s.province_code}", "danh mục tìm 'ca phe' trong tỉnh"),
            (f"/san-pham/{s.product_id}/", "trang sản phẩm"),
            (f"/api/v1/products?province={s.province_code}&stars=4", "API sản phẩm: tỉnh, 4 sao"),
        ]
        for path, _label in targets:  # warm every worker's code paths
            _wrk_warm(base + path)
        measured = [(path, label, _wrk(base + path)) for path, label in targets]
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
    ceiling = measured[0][2]["rps"]
    results = []
    for path, label, figures in measured:
        share = figures["rps"] / ceiling if ceiling else 0
        result = Result(case="wrk", label=f"thông lượng: {label}", median_ms=figures["p50_ms"], runs=None,
                        note=(f"**{figures['rps']:.0f} yêu cầu/s**, {share:.0%} của trần; `{path}`"
                              + (f"; {figures['non_2xx']} phản hồi lỗi" if figures["non_2xx"] else "")),
                        extra={"rps": figures["rps"], "share": share})
        if path == "/san-pham/":
            result.target, result.passed = f"≥ {SHARE_TARGET:.0%} của trần", share >= SHARE_TARGET
        results.append(result)
    return results


def _wrk_warm(url: str) -> None:
    subprocess.run(["wrk", "-t1", "-c2", "-d2s", url], capture_output=True, timeout=60)
