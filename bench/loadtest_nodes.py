"""`make loadtest-nodes`: two `ocop serve` nodes behind nginx as one address, checked and loaded.

1. Prepares the database as `make loadtest` does (PostgreSQL `ocop_loadtest`, the demo), empties
   the Redis database given (--redis-url: cache and throttles of both nodes) and makes this run's
   accounts, a producer's product and a small API rate limit.
2. Starts two nodes (`ocop serve --workers 1`, each with its background worker and scheduler), one
   media folder, and two nginx proxies made by ocop.ops.nodes: one in front of node 1 alone, one in
   front of both. CPU: as root, each node runs in a cgroup capped at --node-cpu of a core (0.4 by
   default), so that one node and two nodes get 0.4 and 0.8 core while wrk, nginx, PostgreSQL and
   Redis keep the rest of this 2-core machine in both cases (at 0.5 the pair's whole core was not
   left to them: wrk, nginx and PostgreSQL serving ~240 cached pages a second took part of it, and
   the pair got 0.89 core, 1.79×, at the same requests per node CPU-second); otherwise node i is pinned to core i
   with taskset (and the single node then has a core for itself that the pair shares with them).
3. Checks through the pair's address: limits (the login throttle and the API rate limit count
   through both nodes), caches (a change is seen by both nodes' cached pages), sessions (one login,
   requests on both nodes), uploads (a photo posted through one node is served by the other), and
   background jobs (tasks enqueued once run once, on either node's worker; every scheduler minute is
   claimed by exactly one of the two schedulers).
4. Throughput: the same wrk load (catalog, product and verification pages) on one node and on two,
   --rounds times alternately; the ratio of the medians, with no errors (target ≥ 1.8×).
5. Writes the figures into bench/RESULTS.md between <!-- nodes:start --> and <!-- nodes:end -->.

    python bench/loadtest_nodes.py --duration 15s --rounds 2     # a short try
    make loadtest-nodes
"""

import argparse
import contextlib
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import loadtest  # noqa: E402  (bench/loadtest.py: database preparation, paths, the wrk script)

RESULTS = ROOT / "bench" / "RESULTS.md"
START, END = "<!-- nodes:start -->", "<!-- nodes:end -->"
PASSWORD = "Thu-tai-hai-may-2026"  # noqa: S105
API_LIMIT = 30  # per address and minute, during the checks (the throughput load reads pages only)
CGROUP = Path("/sys/fs/cgroup/cpu")


def png() -> bytes:
    """A real PNG (the upload is checked by its content)."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 120, 40)).save(out, "PNG")
    return out.getvalue()


# --- setup ------------------------------------------------------------------------------------

def accounts(run: str) -> dict:
    """A producer account owning a fresh product (uploads, sessions) and a published product (caches)."""
    from ocop.accounts.models import Role, RoleAssignment, User
    from ocop.catalog.selectors import published_products
    from ocop.registry import bulk
    from ocop.registry.models import Producer, ProducerMember

    producer = Producer.objects.filter(unit__level="commune").order_by("pk").first()
    [product] = bulk.products_create_bulk(actor=None, rows=[{
        "producer": producer, "unit": producer.unit, "name": f"Sản phẩm hai máy {run}", "criteria_set": "07",
        "description": "Dùng cho kiểm thử hai máy chủ."}])
    user = User.objects.create_user(username=f"haimay-{run}", password=PASSWORD, full_name="Thử hai máy")
    RoleAssignment.objects.create(user=user, role=Role.PRODUCER, unit=producer.unit)
    ProducerMember.objects.create(user=user, producer=producer)
    published = published_products().order_by("pk").first()
    return {"username": user.username, "product": product.pk, "published": published.pk, "published_name": published.name}


def cpu_plan(node_cpu: float, reserve: bool) -> tuple[str, list[list[str]], list[Path]]:
    """How each node is held to its share of the CPU: a cgroup quota (root), else a core each.
    RESERVE: the nodes' cgroups also get a high cpu.shares, so that on a busy shared machine each
    node still gets its whole quota, as it would on a machine of its own."""
    if os.geteuid() == 0 and (CGROUP / "cgroup.procs").exists():
        groups = []
        try:
            for i in range(2):
                group = CGROUP / f"ocop-node-{os.getpid()}-{i}"
                group.mkdir(exist_ok=True)
                (group / "cpu.cfs_period_us").write_text("100000")
                (group / "cpu.cfs_quota_us").write_text(str(int(node_cpu * 100000)))
                if reserve:
                    (group / "cpu.shares").write_text("16384")
                groups.append(group)
        except OSError as exc:
            print(f"  cgroup không dùng được ({exc}); dùng taskset.", flush=True)
        else:
            pins = [["sh", "-c", f'echo $$ > {g}/cgroup.procs && exec "$@"', "sh"] for g in groups]
            reserved = ", được ưu tiên để nhận đủ phần đó trên máy bận (cpu.shares 16384)" if reserve else ""
            return f"cgroup: mỗi máy chủ tối đa {node_cpu:g} lõi (cpu.cfs_quota_us){reserved}", pins, groups
    return "taskset: máy chủ 1 ở lõi 0, máy chủ 2 ở lõi 1", [["taskset", "-c", "0"], ["taskset", "-c", "1"]], []


def node_of(response) -> str:
    return response.headers.get("X-OCOP-Node", "?")


# --- checks -----------------------------------------------------------------------------------

def form_post(session, url, data, files=None, referer=None):
    page = session.get(referer or url, timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    return session.post(url, data={**data, "csrfmiddlewaretoken": token}, files=files, allow_redirects=False,
                        headers={"Referer": referer or url}, timeout=60)


def check_sessions(base: str, fixture: dict) -> dict:
    import requests

    session = requests.Session()
    login = form_post(session, f"{base}/portal/dang-nhap/", {"username": fixture["username"], "password": PASSWORD})
    answers = [session.get(f"{base}/portal/san-pham/{fixture['product']}/", allow_redirects=False, timeout=30)
               for _ in range(10)]
    nodes = sorted({node_of(a) for a in answers})
    ok = login.status_code == 302 and all(a.status_code == 200 for a in answers) and len(nodes) == 2
    return {"ok": ok, "requests": len(answers), "nodes": nodes, "session": session,
            "statuses": sorted({a.status_code for a in answers})}


def check_login_throttle(base: str) -> dict:
    import requests
    from django.conf import settings

    limit = settings.OCOP_LOGIN_MAX_FAILURES
    nodes = []
    for i in range(limit):
        if i % 2:
            requests.get(f"{base}/healthz", timeout=30)  # the proxy takes turns: the next POST goes to the other node
        response = form_post(requests.Session(), f"{base}/portal/dang-nhap/", {"username": "khong-ai", "password": "sai"})
        nodes.append(node_of(response))
    refused = []
    for _ in range(2):
        requests.get(f"{base}/healthz", timeout=30)  # again: one refusal from each node
        response = form_post(requests.Session(), f"{base}/portal/dang-nhap/", {"username": "khong-ai", "password": "sai"})
        refused.append(("Đăng nhập sai quá nhiều lần" in response.text, node_of(response)))
    ok = len(set(nodes)) == 2 and all(flag for flag, _ in refused) and len({n for _, n in refused}) == 2
    return {"ok": ok, "limit": limit, "failure_nodes": sorted(set(nodes)), "locked_on": sorted({n for _, n in refused})}


def check_api_rate_limit(base: str) -> dict:
    """The API's limit per address (lane "apiconv"), when this version has one: LIMIT requests
    spread over both nodes, then 429 from either."""
    import requests
    from django.conf import settings

    if not hasattr(settings, "OCOP_API_RATE_PER_ADDRESS"):
        return {"ok": None, "note": "chưa có giới hạn tốc độ API trong bản này"}
    window = settings.OCOP_API_RATE_WINDOW_SECONDS
    if window - time.time() % window < 20:  # a fixed window: do not let the count restart midway
        time.sleep(window - time.time() % window + 0.5)
    statuses, nodes = [], set()
    for _ in range(API_LIMIT + 4):
        response = requests.get(f"{base}/api/v1/units?level=province", timeout=30)
        statuses.append(response.status_code)
        nodes.add(node_of(response))
    first_429 = statuses.index(429) if 429 in statuses else None
    ok = first_429 == API_LIMIT and set(statuses[API_LIMIT:]) == {429} and len(nodes) == 2
    return {"ok": ok, "limit": API_LIMIT, "first_429_at": first_429, "nodes": sorted(nodes)}


def check_caches(base: str, fixture: dict) -> dict:
    import requests

    from ocop.registry.models import Product

    url = f"{base}/san-pham/{fixture['published']}/"
    before = [requests.get(url, timeout=30) for _ in range(4)]  # both nodes cache the page
    new_name = f"{fixture['published_name']} (đã sửa)"
    product = Product.objects.get(pk=fixture["published"])
    changed = _change_through_service(product, new_name)
    after = [requests.get(url, timeout=30) for _ in range(4)]
    _change_through_service(Product.objects.get(pk=product.pk), fixture["published_name"])
    ok = (len({node_of(r) for r in before}) == 2 and len({node_of(r) for r in after}) == 2
          and all(new_name not in r.text for r in before) and all(new_name in r.text for r in after))
    return {"ok": ok, "how": changed, "nodes": sorted({node_of(r) for r in after})}


def _change_through_service(product, name: str) -> str:
    """Rename through the registry's service as the national office (as a node's admin would)."""
    from ocop.accounts.models import Role, RoleAssignment, User
    from ocop.registry.services import product_update

    national = User.objects.filter(roles__role=Role.NATIONAL_OFFICE).first()
    if national is None:
        national = User.objects.create_user(username=f"quocgia-{os.getpid()}", password=PASSWORD, is_staff=True)
        RoleAssignment.objects.create(user=national, role=Role.NATIONAL_OFFICE, unit=None)
    product_update(product=product, actor=national, data={"name": name})
    return "ocop.registry.services.product_update"


def check_uploads(base: str, cluster, fixture: dict, session) -> dict:
    import requests

    from ocop.registry.models import ProductPhoto

    edit = f"{base}/portal/san-pham/{fixture['product']}/"
    image = png()
    response = form_post(session, f"{edit}anh/", {"caption": "Ảnh thử hai máy"},
                         files={"image": ("thu.png", image, "image/png")}, referer=edit)
    photo = ProductPhoto.objects.filter(product_id=fixture["product"]).order_by("-pk").first()
    if response.status_code != 302 or photo is None:
        return {"ok": False, "status": response.status_code}
    uploaded_on = node_of(response)
    path = "/" + photo.image.url.lstrip("/")
    with photo.image.open("rb") as stored:  # the service re-encodes the image: compare with what it stored
        kept = stored.read()
    served = {}
    for node in cluster.node_urls:
        answer = requests.get(node + path, timeout=30)
        served[node.removeprefix("http://")] = (answer.status_code, answer.content == kept)
    ok = all(status == 200 and same for status, same in served.values())
    return {"ok": ok, "uploaded_on": uploaded_on, "served": served, "path": path}


def check_jobs(cluster, started: float, count: int = 20) -> dict:
    """COUNT tasks enqueued once (the database backend): each runs once, on either node's worker."""
    from django_tasks_db.models import DBTaskResult

    from ocop.core.models import ScheduledRun
    from ocop.core.schedule import HEARTBEAT
    from ocop.core.tasks import sessions_clear

    ids = [str(sessions_clear.enqueue().id) for _ in range(count)]
    deadline = time.time() + 120
    while time.time() < deadline:
        rows = list(DBTaskResult.objects.filter(id__in=ids).values("status", "worker_ids"))
        if all(r["status"] in ("SUCCESSFUL", "FAILED") for r in rows):
            break
        time.sleep(1)
    workers = [w for r in rows for w in r["worker_ids"]]
    # The schedulers: every minute since the nodes started, one heartbeat claimed by one of them.
    minutes = list(ScheduledRun.objects.filter(name=HEARTBEAT, claimed_at__gte=datetime.fromtimestamp(started, UTC))
                   .values_list("slot", "node"))
    skipped = sum(log.read_text(errors="replace").count("claimed by another node") for log in cluster.node_logs())
    schedulers = sum("Starting scheduler" in log.read_text(errors="replace") for log in cluster.node_logs())
    ok = (len(rows) == count and all(r["status"] == "SUCCESSFUL" for r in rows)
          and all(len(r["worker_ids"]) == 1 for r in rows) and schedulers == 2
          and len(minutes) == len({slot for slot, _ in minutes}))
    return {"ok": ok, "tasks": count, "successful": sum(r["status"] == "SUCCESSFUL" for r in rows),
            "runs_per_task": sorted({len(r["worker_ids"]) for r in rows}), "workers": len(set(workers)),
            "schedulers": schedulers, "minutes_claimed": len(minutes),
            "claiming_nodes": len({node for _, node in minutes}), "claims_skipped": skipped}


# --- throughput -------------------------------------------------------------------------------

TICKS = os.sysconf("SC_CLK_TCK")


def tree_cpu_seconds(root: int) -> float:
    """CPU time (user + system) of process ROOT and all its descendants alive now (a node: `ocop
    serve`, gunicorn and its worker, db_worker, crontask), from /proc."""
    children, cpu = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
        cpu[int(entry.name)] = (int(fields[11]) + int(fields[12])) / TICKS
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        total += cpu.get(pid, 0.0)
        todo.extend(children.get(pid, []))
    return total

def wrk(base: str, paths_file: Path, seconds: int, connections: int, threads: int) -> dict:
    result = subprocess.run(
        ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--timeout", "30s",
         "--latency", "-s", str(loadtest.LUA), base, "--", str(paths_file)],
        capture_output=True, text=True, check=False,
    )
    line = next((x for x in result.stdout.splitlines() if x.startswith("LOADTEST-JSON ")), None)
    if line is None:
        raise SystemExit(f"wrk không in kết quả: {result.stdout} {result.stderr}")
    data = json.loads(line.removeprefix("LOADTEST-JSON "))
    data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
    data["bad"] = (data["status"]["4xx"] + data["status"]["5xx"] + sum(data["errors"][k] for k in
                   ("connect", "read", "write", "timeout")))
    return data


def start_proxy(work: Path, name: str, port: int, nodes: list[str]) -> subprocess.Popen:
    from ocop.ops.nodes import body_cap_bytes, nginx_binary, nginx_main, nginx_site, wait_for_http

    prefix = work / name
    prefix.mkdir(exist_ok=True)
    site = nginx_site(listen=f"127.0.0.1:{port}", nodes=nodes, body_cap=body_cap_bytes(), show_node=True)
    (prefix / "nginx.conf").write_text(nginx_main(prefix=prefix, site=site))
    proxy = subprocess.Popen([nginx_binary(), "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_http(f"http://127.0.0.1:{port}/healthz", proxy, seconds=30)
    return proxy


# --- report -----------------------------------------------------------------------------------

def mark(ok) -> str:
    return "—" if ok is None else ("✅" if ok else "❌")


def markdown(r: dict) -> str:
    c, t = r["checks"], r["throughput"]
    one, two = t["one"], t["two"]
    lines = [
        START,
        "## Hai máy chủ ứng dụng / Two app nodes (`make loadtest-nodes`)",
        "",
        f"{r['when']} — mã `{r['commit']}`. Hai nút `ocop serve --workers 1` (mỗi nút có tiến trình nền và bộ lập lịch), "
        f"cùng PostgreSQL ({r['dataset']}), cùng Redis (bộ nhớ đệm, bộ đếm giới hạn), cùng thư mục tệp tải lên, sau "
        f"nginx {r['nginx']} do `ocop.ops.nodes` tạo cấu hình (giới hạn thân yêu cầu {r['body_cap_mb']} MB). "
        f"CPU: {r['cpu_plan']}. Máy: {os.cpu_count()} lõi, load average trước khi đo {r['load_before']:.2f}, "
        f"sau {r['load_after']:.2f} (máy dùng chung với các kỹ sư khác).",
        "",
        "| kiểm tra qua một địa chỉ | kết quả | chi tiết |",
        "|---|---|---|",
        f"| phiên đăng nhập | {mark(c['sessions']['ok'])} | đăng nhập một lần qua proxy; {c['sessions']['requests']} yêu cầu "
        f"trang cần đăng nhập, trả lời {c['sessions']['statuses']}, từ các nút {', '.join(c['sessions']['nodes'])} |",
        f"| giới hạn đăng nhập sai | {mark(c['login']['ok'])} | {c['login']['limit']} lần sai rải trên "
        f"{len(c['login']['failure_nodes'])} nút, sau đó bị khoá trên cả {len(c['login']['locked_on'])} nút |",
        f"| giới hạn tốc độ API | {mark(c['api']['ok'])} | " + (
            f"giới hạn {c['api']['limit']}/phút mỗi địa chỉ: yêu cầu thứ {c['api']['first_429_at'] + 1 if c['api']['first_429_at'] is not None else '—'} "
            f"nhận 429, qua {len(c['api']['nodes'])} nút |" if c["api"]["ok"] is not None else f"{c['api']['note']} |"),
        f"| bộ nhớ đệm | {mark(c['caches']['ok'])} | trang sản phẩm đã đệm ở cả hai nút; đổi tên qua "
        f"`{c['caches']['how']}` → cả hai nút trả tên mới ngay |",
        f"| tệp tải lên | {mark(c['uploads']['ok'])} | ảnh gửi qua nút {c['uploads'].get('uploaded_on', '?')}, đọc từ "
        f"từng nút: {c['uploads'].get('served', {})} |",
        f"| tác vụ nền | {mark(c['jobs']['ok'])} | {c['jobs']['tasks']} tác vụ xếp hàng một lần: "
        f"{c['jobs']['successful']} xong, mỗi tác vụ chạy {c['jobs']['runs_per_task']} lần, trên {c['jobs']['workers']} "
        f"tiến trình nền; {c['jobs']['schedulers']} bộ lập lịch chạy, {c['jobs']['minutes_claimed']} phút được nhận "
        f"đúng một lần (bởi {c['jobs']['claiming_nodes']} nút), {c['jobs']['claims_skipped']} lượt nhường cho nút kia |",
        "",
        f"Thông lượng: cùng tải wrk ({t['threads']} luồng × {t['connections']} kết nối, {t['seconds']} s mỗi lượt, "
        f"{t['rounds']} lượt xen kẽ; trang danh mục, sản phẩm và xác minh, bộ nhớ đệm danh mục bật) qua proxy:",
        "",
        "| | yêu cầu/s (trung vị) | các lượt | p50 / p99 | lỗi (4xx, 5xx, socket) | CPU các nút nhận được | yêu cầu mỗi giây CPU của nút |",
        "|---|---:|---|---|---:|---:|---:|",
        f"| một nút | {statistics.median(one['rps']):,.1f} | {', '.join(f'{x:,.0f}' for x in one['rps'])} | "
        f"{one['p50']:.0f} / {one['p99']:.0f} ms | {one['bad']} | {one['cores']:.2f} lõi | {one['per_cpu']:,.0f} |",
        f"| hai nút | {statistics.median(two['rps']):,.1f} | {', '.join(f'{x:,.0f}' for x in two['rps'])} | "
        f"{two['p50']:.0f} / {two['p99']:.0f} ms | {two['bad']} | {two['cores']:.2f} lõi | {two['per_cpu']:,.0f} |",
        "",
        f"Hai nút so với một: **{t['ratio']:.2f}×** (mục tiêu ≥ 1.8×, 0 lỗi): "
        f"**{'ĐẠT' if t['ratio'] >= 1.8 and not (one['bad'] or two['bad']) else 'CHƯA ĐẠT'}**. {r['why']}",
        "",
        f"*English:* sessions, login throttle, API rate limit, cache invalidation, uploads and background jobs behave as "
        f"on one node ({', '.join(f'{k} {mark(v['ok'])}' for k, v in c.items())}); throughput "
        f"{statistics.median(one['rps']):,.1f} → {statistics.median(two['rps']):,.1f} req/s, **{t['ratio']:.2f}×** with "
        f"{one['bad'] + two['bad']} errors.",
        END,
    ]
    return "\n".join(lines)


def write_results(block: str) -> None:
    text = RESULTS.read_text(encoding="utf-8")
    if START in text and END in text:
        head, rest = text.split(START, 1)
        text = head + block + rest.split(END, 1)[1]
    else:
        text = text.replace(loadtest.END, loadtest.END + "\n\n" + block, 1) if loadtest.END in text else text + "\n" + block
    RESULTS.write_text(text, encoding="utf-8")


# --- main -------------------------------------------------------------------------------------

def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", default="20s", help="mỗi lượt đo thông lượng")
    parser.add_argument("--rounds", type=int, default=3, help="số lượt xen kẽ một nút / hai nút")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=1, help="luồng của wrk")
    parser.add_argument("--node-cpu", type=float, default=0.4, help="phần lõi CPU mỗi nút (cgroup, khi chạy bằng root)")
    parser.add_argument("--reserve", action="store_true",
                        help="cgroup: ưu tiên các nút (cpu.shares) để mỗi nút nhận đủ --node-cpu trên máy dùng chung")
    parser.add_argument("--database-url", default=os.environ.get("LOADTEST_DATABASE_URL", loadtest.DEFAULT_DB))
    parser.add_argument("--redis-url", default=os.environ.get("LOADTEST_REDIS_URL", "redis://127.0.0.1:6379/0"),
                        help="một CSDL Redis riêng cho lần đo: nó bị xoá trắng")
    parser.add_argument("--ports", default="", help="bốn cổng: nút 1, nút 2, proxy hai nút, proxy một nút "
                        "(mặc định: cổng trống bất kỳ), ví dụ 8141,8142,8143,8144")
    parser.add_argument("--no-results", action="store_true", help="không ghi vào bench/RESULTS.md")
    args = parser.parse_args(argv)
    seconds = loadtest.seconds(args.duration)

    os.chdir(ROOT)
    work = Path(tempfile.mkdtemp(prefix="ocop-nodes-"))
    env = {**os.environ, "DATABASE_URL": args.database_url, "REDIS_URL": args.redis_url, "DEBUG": "0",
           "DB_CONN_MAX_AGE": "60", "MEDIA_ROOT": str(work / "media"), "OCOP_ENV": "development",
           "DJANGO_SETTINGS_MODULE": "config.settings", "LOG_LEVEL": "INFO",
           "OCOP_API_RATE_PER_ADDRESS": str(API_LIMIT)}
    os.environ.update(env)

    import django

    django.setup()
    from django.core.cache import caches
    from django.db import connection

    from ocop.catalog.selectors import published_products
    from ocop.ops.nodes import body_cap_bytes, free_ports, start_cluster

    print("Chuẩn bị CSDL...", flush=True)
    loadtest.prepare_database("demo")
    for alias in caches:
        caches[alias].clear()
    run = datetime.now(UTC).strftime("%m%d%H%M%S")
    fixture = accounts(run)
    paths = [p for p in loadtest.read_paths() if not p.startswith("/api/")]
    dataset = f"demo: {published_products().count():,} sản phẩm công bố"
    connection.close()

    plan, pins, groups = cpu_plan(args.node_cpu, args.reserve)
    chosen = [int(p) for p in args.ports.split(",")] if args.ports else free_ports(4)
    *ports, pair_port, single_port = chosen
    print(f"Hai nút ({plan})...", flush=True)
    started = time.time()
    cluster = start_cluster(work=work, env=env, ports=ports, proxy_port=pair_port, workers=1, worker=True, pin=pins)
    load_before = os.getloadavg()[0]
    single = None
    try:
        single = start_proxy(work, "nginx-one", single_port, [cluster.node_urls[0].removeprefix("http://")])
        base = cluster.url
        print("Kiểm tra qua một địa chỉ...", flush=True)
        sessions = check_sessions(base, fixture)
        checks = {
            "sessions": sessions,
            "login": check_login_throttle(base),
            "api": check_api_rate_limit(base),
            "caches": check_caches(base, fixture),
            "uploads": check_uploads(base, cluster, fixture, sessions.pop("session")),
        }
        # The jobs check waits for the workers and lets the schedulers claim a few minutes meanwhile.
        while time.time() - started < 150:
            time.sleep(5)
        checks["jobs"] = check_jobs(cluster, started)
        for name, value in checks.items():
            print(f"  {name}: {value}", flush=True)

        paths = loadtest.check_paths(f"http://127.0.0.1:{single_port}", paths)
        paths_file = work / "paths.txt"
        paths_file.write_text("\n".join(paths) + "\n")
        runs = {"one": [], "two": []}
        wrk(base, paths_file, 5, args.connections, args.threads)  # warm both nodes' caches
        wrk(f"http://127.0.0.1:{single_port}", paths_file, 5, args.connections, args.threads)
        for number in range(args.rounds):
            for name, url in (("one", f"http://127.0.0.1:{single_port}"), ("two", base)):
                before = [tree_cpu_seconds(p.pid) for p in cluster.processes[:2]]
                result = wrk(url, paths_file, seconds, args.connections, args.threads)
                used = [tree_cpu_seconds(p.pid) - b for p, b in zip(cluster.processes[:2], before, strict=True)]
                result["node_cpu"] = sum(used) / seconds  # cores the nodes got, on average
                result["per_cpu_second"] = result["requests"] / max(sum(used), 1e-9)
                runs[name].append(result)
                print(f"  lượt {number + 1}, {name}: {result['rps']:,.1f}/s, lỗi {result['bad']}, CPU các nút "
                      f"{result['node_cpu']:.2f} lõi, {result['per_cpu_second']:,.0f} yêu cầu/giây CPU, "
                      f"load {os.getloadavg()[0]:.2f}", flush=True)
        load_after = os.getloadavg()[0]
    finally:
        if single is not None:
            single.terminate()
            single.wait(timeout=10)
        cluster.stop()
        for group in groups:
            with contextlib.suppress(OSError):
                group.rmdir()

    def summary(results):
        return {"rps": [x["rps"] for x in results], "bad": sum(x["bad"] for x in results),
                "cores": statistics.median(x["node_cpu"] for x in results),
                "per_cpu": statistics.median(x["per_cpu_second"] for x in results),
                "p50": statistics.median(x["latency_us"]["p50"] for x in results) / 1000,
                "p99": statistics.median(x["latency_us"]["p99"] for x in results) / 1000}

    one, two = summary(runs["one"]), summary(runs["two"])
    ratio = statistics.median(two["rps"]) / statistics.median(one["rps"])
    cpu_ratio = two["cores"] / max(one["cores"], 1e-9)
    why = (f"Mỗi nút một tiến trình gunicorn; {plan}. Trần là 2× (gấp đôi CPU dành cho các nút). Hai nút nhận được "
           f"{cpu_ratio:.2f}× CPU của một nút ({one['cores']:.2f} → {two['cores']:.2f} lõi) và làm "
           f"{one['per_cpu']:,.0f} → {two['per_cpu']:,.0f} yêu cầu mỗi giây CPU. " + (
               "Mỗi yêu cầu tốn chừng ấy CPU ở một nút hay hai nút: thông lượng theo đúng phần CPU các nút nhận được; "
               "phần thiếu so với 2× là CPU mà máy (2 lõi dùng chung với wrk, nginx, PostgreSQL, Redis và các kỹ sư "
               "khác, xem load average) không trao cho các nút, không phải việc dùng chung Redis/CSDL làm chậm mỗi yêu "
               "cầu. *English:* throughput follows the CPU the nodes were given; a request costs the same CPU on "
               "one node or two." if abs(two["per_cpu"] / max(one["per_cpu"], 1e-9) - 1) < 0.15 else
               "Mỗi yêu cầu tốn CPU khác nhau giữa một và hai nút (hơn 15%): có tranh chấp ngoài CPU (CSDL, Redis, "
               "proxy) cần xem thêm. *English:* the CPU per request differs between one and two nodes."))
    nginx_version = subprocess.run(["nginx", "-v"], capture_output=True, text=True, check=False).stderr.strip().split("/")[-1]
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False).stdout.strip()
    result = {
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "commit": commit, "dataset": dataset,
        "nginx": nginx_version, "body_cap_mb": body_cap_bytes() // (1024 * 1024), "cpu_plan": plan,
        "load_before": load_before, "load_after": load_after, "checks": checks, "why": why,
        "throughput": {"one": one, "two": two, "ratio": ratio, "seconds": seconds, "rounds": args.rounds,
                       "connections": args.connections, "threads": args.threads},
    }
    block = markdown(result)
    print(block)
    if not args.no_results:
        write_results(block)
        print(f"Đã ghi vào {RESULTS.relative_to(ROOT)}.")
    checks_ok = all(v["ok"] in (True, None) for v in checks.values())
    return 0 if checks_ok and not (one["bad"] or two["bad"]) else 1


if __name__ == "__main__":
    sys.exit(main())
