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

from ocop.ops.nodes import body_cap_bytes, nginx_binary
from ocop.ops.tests.nodes_world import API_LIMIT, wait_for_a_fresh_window

needs_nginx = pytest.mark.skipif(nginx_binary() is None, reason="nginx is not installed (apt-get install nginx-light)")

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


@needs_nginx
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


@needs_nginx
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


@needs_nginx
def test_the_api_rate_limit_counts_through_both_nodes(two_nodes, settings):
    if not hasattr(settings, "OCOP_API_RATE_PER_ADDRESS"):
        pytest.skip("this version has no API rate limit yet")
    running = two_nodes.cluster
    wait_for_a_fresh_window(settings.OCOP_API_RATE_WINDOW_SECONDS, needed=15)
    answers = [requests.get(f"{running.url}/api/v1/units?level=province", timeout=30) for _ in range(API_LIMIT + 3)]
    assert [a.status_code for a in answers] == [200] * API_LIMIT + [429] * 3  # one count for both nodes
    assert len({_node(a) for a in answers[:API_LIMIT]}) == 2 and len({_node(a) for a in answers[API_LIMIT:]}) == 2


@needs_nginx
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


@needs_nginx
def test_the_proxy_refuses_a_body_above_its_cap(two_nodes):
    import http.client

    running = two_nodes.cluster
    host, port = running.url.removeprefix("http://").split(":")
    for size, expected in ((body_cap_bytes() + 1, 413), (10, 403)):  # 403: the CSRF check of a node
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        connection.putrequest("POST", "/portal/dang-nhap/")
        connection.putheader("Content-Type", "application/x-www-form-urlencoded")
        connection.putheader("Content-Length", str(size))
        connection.endheaders()
        if expected != 413:
            connection.send(b"x" * size)
        response = connection.getresponse()
        assert response.status == expected
        assert bool(response.getheader("X-OCOP-Node")) is (expected != 413)  # a refused body met no node
        connection.close()


def test_ocop_proxy_config_prints_the_nodes_and_the_cap():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("proxy_config", "--node", "10.0.0.11:8000", "--node", "10.0.0.12:8000", server_name="ocop.example.vn",
                 stdout=out)
    text = out.getvalue()
    assert "server 10.0.0.11:8000 max_fails=3" in text and "server 10.0.0.12:8000 max_fails=3" in text
    assert "client_max_body_size 64m;" in text  # 12 photos × 5 MB + 4 MB
    assert "proxy_set_header X-Real-IP $remote_addr;" in text and "X-OCOP-Node" not in text
