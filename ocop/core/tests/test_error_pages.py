"""Pages that never dead-end: styled 404/403/500 in the site's layout with a way back, `ocop
serve` without technical pages, SITE_URL following --port, a quiet scheduler, and links and
buttons only where the user may go."""

import logging

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from ocop.ops.serve import child_environment

pytestmark = pytest.mark.django_db


def test_unknown_url_is_the_styled_404_with_a_way_back(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "Không tìm thấy trang" in content
    assert 'class="site-header"' in content  # the site's layout
    assert f'href="{reverse("home")}"' in content and f'href="{reverse("portal:login")}"' in content
    assert "URLconf" not in content  # never Django's technical page


def test_404_in_english_after_the_switch(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the back office and portal follow the cookie
    content = client.get("/portal/khong-co-trang-nay/").content.decode()
    assert "Page not found" in content and "Back to the home page" in content


def test_403_is_styled_and_leads_staff_back_to_their_inbox(client, personas):
    client.force_login(personas.commune_a)
    response = client.get(reverse("admin:rating_ratinground_defaults"))
    assert response.status_code == 403
    content = response.content.decode()
    assert "Không có quyền thực hiện" in content
    assert f'href="{reverse("admin:index")}"' in content
    assert "403 Forbidden" not in content


def test_403_leads_a_producer_to_their_portal(client, personas):
    client.force_login(personas.producer)
    response = client.get(reverse("admin:rating_ratinground_defaults"))
    # Non-staff users are sent to the admin login; a producer's own way back is the portal.
    assert response.status_code in (302, 403)
    request = RequestFactory().get("/")
    request.user = personas.producer
    from django.template.loader import render_to_string

    html = render_to_string("403.html", {}, request=request)
    way_back = html.split('class="error-way-back"')[1].split("</p>")[0]
    assert f'href="{reverse("portal:home")}"' in way_back and f'href="{reverse("admin:index")}"' not in way_back


def test_500_page_in_both_languages_without_a_request_context():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    content = response.content.decode()
    assert "Hệ thống gặp lỗi" in content and "Something went wrong" in content
    assert 'href="/"' in content


def test_a_refused_form_gets_the_styled_403_with_what_to_do(personas):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("portal:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    content = response.content.decode()
    assert "hãy tải lại trang rồi gửi lại" in content and "Không có quyền thực hiện" in content


@pytest.mark.parametrize(
    ("host", "port", "environ", "dev", "site_url", "debug"),
    [
        ("127.0.0.1", 8171, {}, False, "http://127.0.0.1:8171", "0"),
        ("0.0.0.0", 9000, {}, False, "http://127.0.0.1:9000", "0"),  # noqa: S104
        ("::1", 8001, {}, True, "http://[::1]:8001", None),
        ("127.0.0.1", 8171, {"SITE_URL": "https://ocop.dongnai.gov.vn"}, False, "https://ocop.dongnai.gov.vn", "0"),
        ("127.0.0.1", 8000, {"DEBUG": "1"}, False, "http://127.0.0.1:8000", "1"),
    ],
)
def test_serve_environment_site_url_follows_the_port_and_pages_run_without_debug(
    host, port, environ, dev, site_url, debug
):
    env = child_environment(host=host, port=port, dev=dev, environ=environ)
    assert env["SITE_URL"] == site_url
    assert env.get("DEBUG") == debug


def test_scheduler_lock_refresh_is_not_logged_at_info():
    assert not logging.getLogger("apscheduler.executors.default").isEnabledFor(logging.INFO)
    assert not logging.getLogger("apscheduler.scheduler").isEnabledFor(logging.INFO)


def test_create_default_rounds_button_only_for_roles_that_may_use_it(client, personas):
    label = "Tạo các đợt mặc định của năm"
    client.force_login(personas.province)
    assert label in client.get(reverse("admin:rating_ratinground_changelist")).content.decode()
    client.force_login(personas.commune_a)
    response = client.get(reverse("admin:rating_ratinground_changelist"))
    assert response.status_code == 200
    assert label not in response.content.decode()
