"""Measuring one benchmark case: server-side time of requests through Django's test Client (the
project's full middleware stack, no network), or of a plain call; queries of one run counted with
CaptureQueriesContext; peak memory of one separate run, so that tracing does not slow the timed
runs. Percentiles are of the timed runs only (after the warm-up)."""

from __future__ import annotations

import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass
class Result:
    """One line of RESULTS.md. Times in milliseconds, memory in MB."""

    case: str
    label: str
    median_ms: float | None = None
    p95_ms: float | None = None
    cpu_ms: float | None = None  # median CPU time of this process (not the database server's)
    runs: int = 0
    queries: int | None = None
    peak_mb: float | None = None
    memory: str = ""  # how peak_mb was measured: "tracemalloc" or "RSS Δ"
    target: str = ""
    passed: bool | None = None  # None: no target, or not measured
    note: str = ""
    extra: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def rss_peak_reset() -> bool:
    """Reset the kernel's peak-RSS counter of this process (Linux ≥ 4.0); False when unsupported."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def rss_mb(field_name: str = "VmHWM") -> float | None:
    """The process's resident set (VmRSS) or its peak since the last reset (VmHWM), in MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field_name + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def traced_peak_mb(run: Callable[[], object]) -> float:
    """Peak of Python allocations (tracemalloc) during one call, in MB."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        run()
        return tracemalloc.get_traced_memory()[1] / 1024 / 1024
    finally:
        tracemalloc.stop()


def capture_queries(run: Callable[[], object]) -> tuple[int, list[dict]]:
    """The number of queries of one call, and its three slowest (time in ms, SQL)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        run()
        queries = list(captured.captured_queries)  # copy now: a next request would clear the log
    slowest = sorted(queries, key=lambda q: float(q["time"]), reverse=True)[:3]
    return len(queries), [{"ms": round(float(q["time"]) * 1000, 1), "sql": q["sql"]} for q in slowest]


def measure(run: Callable[[], object], *, repeat: int, warmup: int = 2, memory: bool = True) -> dict:
    """Median and p95 of REPEAT timed calls after WARMUP untimed ones, queries of one call, and
    the tracemalloc peak of one more call."""
    for _ in range(warmup):
        run()
    queries, slowest = capture_queries(run)
    times, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        run()
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    peak = traced_peak_mb(run) if memory else None
    return {"median_ms": statistics.median(times), "p95_ms": percentile(times, 0.95), "runs": repeat,
            "cpu_ms": statistics.median(cpu),
            "queries": queries, "peak_mb": peak, "memory": "tracemalloc" if memory else "",
            "extra": {"slowest": slowest}}


def timed_once(run: Callable[[], object]) -> dict:
    """One long run: its wall time, its queries, and the growth of the process's peak resident set
    (VmHWM after, less VmRSS before) — not tracemalloc, whose tracing would slow such a run
    several times over."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rss_supported = rss_peak_reset()
    rss_before = rss_mb("VmRSS")
    with CaptureQueriesContext(connection) as captured:
        start, start_cpu = time.perf_counter(), time.process_time()
        value = run()
        elapsed = (time.perf_counter() - start) * 1000
        cpu = (time.process_time() - start_cpu) * 1000
        queries = len(captured.captured_queries)
    peak = rss_mb("VmHWM")
    rss_delta = peak - rss_before if rss_supported and None not in (peak, rss_before) else None
    return {"median_ms": elapsed, "p95_ms": elapsed, "cpu_ms": cpu, "runs": 1, "queries": queries, "peak_mb": rss_delta,
            "memory": "RSS Δ" if rss_delta is not None else "", "value": value}


class Pages:
    """Requests through django.test.Client: the whole middleware stack, session login, no network.

    One database connection is kept for the whole run, as a server with persistent connections
    does, so that timings are the pages' work and not connecting on every request."""

    def __init__(self):
        from django.core.signals import request_finished, request_started
        from django.db import close_old_connections
        from django.test import Client

        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        self.anonymous = Client()
        self.staff = Client()
        self._logged_in = False

    def login(self, user) -> None:
        self.staff.force_login(user)
        self._logged_in = True

    def getter(self, url: str, *, staff: bool = False) -> Callable[[], object]:
        client = self.staff if staff else self.anonymous

        def get():
            response = client.get(url)
            if response.status_code != 200:
                raise RuntimeError(f"{url}: HTTP {response.status_code}")
            if getattr(response, "streaming", False):
                for _chunk in response.streaming_content:
                    pass
            return response

        return get
