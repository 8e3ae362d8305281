"""Benchmark the pure scoring engine: 10,000 council results of 5 members each.

Random valid answer sheets (fixed seed) across several QĐ 148 sets (and QĐ 26 sets when their data
is present) are generated first; only ``council_result`` is timed. Run from the repository root:

    .venv/bin/python bench/bench_scoring.py [--councils 10000] [--members 5] [--seed 20260522]

Target: under 2 s on one core for 10,000 councils of 5 members. Wall time and the process's CPU
time are both printed; on a busy machine trust the CPU time.
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ocop.criteria import sheets  # noqa: E402
from ocop.criteria.scoring import council_result  # noqa: E402

SETS = [("qd148-2023", c) for c in ("01", "05", "11", "13", "18", "21", "23", "26")] + [
    ("qd26-2026", c) for c in ("01", "07", "14", "22")]


def random_sheet(rng: random.Random, leaves) -> dict[str, str]:
    return {c.code: rng.choice(c.options).code for c in leaves}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Đo tốc độ tính điểm hội đồng.")
    ap.add_argument("--councils", type=int, default=10_000)
    ap.add_argument("--members", type=int, default=5)
    ap.add_argument("--seed", type=int, default=20260522)
    args = ap.parse_args(argv)

    available = {r.code for r in sheets.list_regimes() if r.has_sheets}
    sets = []
    for regime, code in SETS:
        if regime in available and code in sheets.set_codes(regime):
            sets.append(sheets.get_set(regime, code))
    rng = random.Random(args.seed)
    work = []
    for i in range(args.councils):
        cs = sets[i % len(sets)]
        leaves = sheets.leaf_criteria(cs)
        work.append((cs, [random_sheet(rng, leaves) for _ in range(args.members)]))

    # The 50,000 input sheets are built before timing; freeze them so the cyclic garbage
    # collector does not rescan them on every collection while the engine runs.
    gc.collect()
    gc.freeze()
    start, start_cpu = time.perf_counter(), time.process_time()
    stars = [0] * 6
    for cs, members in work:
        stars[council_result(cs, members).stars] += 1
    elapsed, cpu = time.perf_counter() - start, time.process_time() - start_cpu

    sheets_scored = args.councils * args.members
    print(f"{args.councils} hội đồng × {args.members} phiếu ({sheets_scored} phiếu) trên {len(sets)} bộ: "
          f"{elapsed:.3f} s ({elapsed / args.councils * 1e6:.1f} µs mỗi hội đồng), CPU {cpu:.3f} s")
    print("phân bố hạng sao:", {s: n for s, n in enumerate(stars) if n})
    return 0


if __name__ == "__main__":
    sys.exit(main())
