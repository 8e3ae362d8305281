"""Two `ocop serve` nodes behind nginx, as one address (issue 16 item 5): a session opened through
the proxy holds on both nodes, the login throttle counts through both, a change made elsewhere shows
on the catalog pages both nodes had cached, and the proxy refuses a body above its cap.

The nodes share one database (this run's own: SQLite file, or a fresh PostgreSQL database beside
the test database when DATABASE_URL is PostgreSQL) and one media folder; with OCOP_TEST_REDIS_URL
they share that Redis too (cache and throttles), else their caches are per process and the
throttles count in the database. The proxy names the node that answered in a header (X-OCOP-Node,
added for tests only).
"""

import re

import pytest
import requests

from ocop.core.nodes import body_cap_bytes, nginx_binary

pytestmark = pytest.mark.skipif(nginx_binary() is None, reason="nginx is not installed (apt-get install nginx-light)")

THROTTLED = "Đăng nhập sai quá nhiều lần"
PASSWORD = "test-pass-123!"  # noqa: S105 (ocop.core.testing.PASSWORD)

RENAME = """
from ocop.accounts.models import User
from ocop.registry.models import Product
from ocop.registry.services import product_update
product_update(product=Product.objects.get(pk={pk}), actor=User.objects.get(username="national"),
               data={{"name": "Bánh pía Tân Lộc đặc biệt"}})
"""


def _node(response) -> str:
    return response.headers["X-OCOP-Node"]


def _login(session, base, username, password):
    page = session.get(f"{base}/portal/dang-nhap/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    return session.post(f"{base}/portal/dang-nhap/", allow_redirects=False, timeout=30,
                        data={"username": username, "password": password, "csrfmiddlewaretoken": token},
                        headers={"Referer": f"{base}/portal/dang-nhap/"})


def test_a_session_opened_through_the_proxy_holds_on_both_nodes(two_nodes):
    running = two_nodes.cluster
    session = requests.Session()
    assert _login(session, running.url, "producer", PASSWORD).status_code == 302
    answers = [session.get(f"{running.url}/portal/", allow_redirects=False, timeout=30) for _ in range(6)]
    assert [a.status_code for a in answers] == [200] * 6
    assert all("producer" in a.text.lower() for a in answers)
    assert {_node(a) for a in answers} == {u.removeprefix("http://") for u in running.node_urls}
    logout = session.post(f"{running.url}/portal/dang-xuat/", allow_redirects=False, timeout=30,
                          data={"csrfmiddlewaretoken": session.cookies["csrftoken"]},
                          headers={"Referer": f"{running.url}/portal/"})
    assert logout.status_code == 302
    after = [session.get(f"{running.url}/portal/", allow_redirects=False, timeout=30) for _ in range(4)]
    assert [a.status_code for a in after] == [302] * 4  # signed out on both nodes
    assert len({_node(a) for a in after}) == 2


def test_the_login_throttle_counts_through_both_nodes(two_nodes):
    running = two_nodes.cluster
    nodes = []
    for i in range(5):
        if i % 2:  # the proxy takes turns: one more request, so that the next POST goes to the other node
            requests.get(f"{running.url}/healthz", timeout=30)
        nodes.append(_node(_login(requests.Session(), running.url, "commune_b", "sai-mat-khau")))
    assert len(set(nodes)) == 2  # the documented 5 failures, spread over both nodes
    for _ in range(2):  # now the right password is refused, whichever node answers
        response = _login(requests.Session(), running.url, "commune_b", PASSWORD)
        assert response.status_code == 200 and THROTTLED in response.text
    assert _login(requests.Session(), running.url, "commune_a", PASSWORD).status_code == 302


def test_a_change_shows_on_the_pages_both_nodes_had_cached(two_nodes):
    running = two_nodes.cluster
    url = f"{running.url}/san-pham/{two_nodes.product}/"
    before = [requests.get(url, timeout=30) for _ in range(4)]
    assert {a.status_code for a in before} == {200} and len({_node(a) for a in before}) == 2
    assert all("Bánh pía Tân Lộc" in a.text and "đặc biệt" not in a.text for a in before)
    two_nodes.manage("shell", "-c", RENAME.format(pk=two_nodes.product))  # a third process: the service, as a node would run it
    after = [requests.get(url, timeout=30) for _ in range(4)]
    assert len({_node(a) for a in after}) == 2
    assert all("Bánh pía Tân Lộc đặc biệt" in a.text for a in after)


def test_the_proxy_refuses_a_body_above_its_cap(two_nodes):
    running = two_nodes.cluster
    too_big = requests.post(f"{running.url}/portal/dang-nhap/", data=b"x" * (body_cap_bytes() + 1024), timeout=30,
                            headers={"Content-Type": "application/octet-stream"})
    assert too_big.status_code == 413
    assert "X-OCOP-Node" not in too_big.headers or not too_big.headers["X-OCOP-Node"]  # no node saw it
