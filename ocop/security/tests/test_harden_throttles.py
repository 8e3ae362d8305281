"""M-1, L-1, Info: the throttles hold across real gunicorn workers and across two servers.

Two `ocop serve` nodes (two gunicorn workers each) share one database, as two app nodes behind the
proxy do (the `two_nodes` fixture, ocop/ops/tests/nodes_world.py). Requests alternate between
them, so a counter kept in a worker's memory would need about twice the documented number of attempts before it locks: each scenario stops at the documented
number and expects the lock on both servers.
"""

import re

import pytest
import requests

from ocop.ops.tests.nodes_world import PASSWORD, access_lines

THROTTLED = "Đăng nhập sai quá nhiều lần"


@pytest.fixture
def servers(two_nodes):
    """The nodes themselves (not the proxy): each request goes where the test sends it."""
    return two_nodes.cluster.node_urls, two_nodes.cluster


def _form_post(session, url, data, ip):
    page = session.get(url, headers={"X-Real-IP": ip}, timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    return session.post(url, data={**data, "csrfmiddlewaretoken": token}, allow_redirects=False,
                        headers={"X-Real-IP": ip, "Referer": url}, timeout=30)


def _login(base, username, password, ip):
    return _form_post(requests.Session(), f"{base}/portal/dang-nhap/", {"username": username, "password": password}, ip)


def _workers(cluster) -> set[str]:
    return {pid for pid, *_rest in access_lines(cluster)}


def test_the_account_lock_holds_across_workers_and_servers(servers):
    bases, logs = servers
    for i in range(5):  # the documented 5, alternating servers (and so workers)
        assert _login(bases[i % 2], "nongdan", "sai-mat-khau", f"10.1.0.{i}").status_code == 200
    for base in bases:  # the right password is refused everywhere, from a fresh address too
        response = _login(base, "nongdan", PASSWORD, "10.1.1.1")
        assert response.status_code == 200 and THROTTLED in response.text
    assert _login(bases[1], "nguoikhac", PASSWORD, "10.1.1.1").status_code == 302
    assert len(_workers(logs)) >= 3  # at least both servers and a second worker of one of them


def test_the_address_lock_holds_across_servers_and_a_success_does_not_clear_it(servers):
    bases, _logs = servers
    ip = "10.2.0.1"
    for i in range(10):
        assert _login(bases[i % 2], f"khong-co-{i}", "sai", ip).status_code == 200
    # L-1: one valid account from the same address does not wipe the address's count.
    assert _login(bases[0], "nguoikhac", PASSWORD, ip).status_code == 302
    for i in range(10, 20):
        assert _login(bases[i % 2], f"khong-co-{i}", "sai", ip).status_code == 200
    for base in bases:
        response = _login(base, "nguoikhac", PASSWORD, ip)
        assert response.status_code == 200 and THROTTLED in response.text
    assert _login(bases[0], "nguoikhac", PASSWORD, "10.2.0.2").status_code == 302


def test_the_counterfeit_report_limit_holds_across_servers(servers):
    bases, _logs = servers
    report = {"where_seen": "Chợ Biên Hòa", "description": "Tem OCOP in mờ, không có mã QR.", "website": ""}
    session = requests.Session()
    for i in range(5):
        response = _form_post(session, f"{bases[i % 2]}/bao-cao-gia-mao/", report, "10.3.0.1")
        assert response.status_code == 302
    for base in bases:
        response = _form_post(session, f"{base}/bao-cao-gia-mao/", report, "10.3.0.1")
        assert response.status_code == 429 and "nhiều báo cáo trong một giờ" in response.text
    assert _form_post(session, f"{bases[1]}/bao-cao-gia-mao/", report, "10.3.0.2").status_code == 302
