"""Login throttling and the login audit, on both login forms (back office and portal)."""

import pytest
from django.conf import settings
from django.urls import reverse

from ocop.core.models import AuditEvent
from ocop.core.testing import PASSWORD

pytestmark = pytest.mark.django_db

THROTTLED = "Đăng nhập sai quá nhiều lần"
FORMS = [("admin:login", "province"), ("portal:login", "producer")]


def attempt(client, url_name, username, password, ip="10.0.0.1"):
    return client.post(reverse(url_name), {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.mark.parametrize(("url_name", "persona"), FORMS)
def test_five_failures_lock_the_username_even_for_the_right_password(client, personas, url_name, persona):
    username = getattr(personas, persona).username
    for _ in range(4):
        response = attempt(client, url_name, username, "wrong-password")
        assert response.status_code == 200 and THROTTLED not in response.text
    fifth = attempt(client, url_name, username, "wrong-password")
    assert THROTTLED in fifth.text and "15 phút" in fifth.text
    right = attempt(client, url_name, username, PASSWORD)
    assert right.status_code == 200 and THROTTLED in right.text
    assert "_auth_user_id" not in client.session
    # From another address the username is still locked: the lock follows the account.
    assert THROTTLED in attempt(client, url_name, username, PASSWORD, ip="10.0.0.2").text
    # Another user from the same address is not (5 < the address limit).
    other = personas.commune_a.username
    assert attempt(client, url_name, other, PASSWORD, ip="10.0.0.1").status_code == 302


@pytest.mark.parametrize(("url_name", "persona"), FORMS)
def test_a_success_resets_the_count(client, personas, url_name, persona):
    username = getattr(personas, persona).username
    for _ in range(4):
        attempt(client, url_name, username, "wrong-password")
    assert attempt(client, url_name, username, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert THROTTLED not in attempt(client, url_name, username, "wrong-password").text
    assert attempt(client, url_name, username, PASSWORD).status_code == 302


def test_the_address_is_locked_after_twenty_failures_over_many_usernames(client, personas):
    for i in range(20):
        attempt(client, "portal:login", f"khong-co-{i}", "wrong-password", ip="10.9.9.9")
    assert THROTTLED in attempt(client, "portal:login", personas.producer.username, PASSWORD, ip="10.9.9.9").text
    assert attempt(client, "portal:login", personas.producer.username, PASSWORD, ip="10.9.9.10").status_code == 302


@pytest.mark.skipif(
    "throttle" in settings.CACHES,
    reason="Redis keeps its own clock for the cooldown (REDIS_URL is set)",
)
def test_the_lock_lifts_after_the_cooldown(client, personas, time_machine):
    time_machine.move_to("2026-06-01 08:00 +0700", tick=False)
    username = personas.producer.username
    for _ in range(5):
        attempt(client, "portal:login", username, "wrong-password")
    assert THROTTLED in attempt(client, "portal:login", username, PASSWORD).text
    time_machine.move_to("2026-06-01 08:16 +0700", tick=False)
    # The database store compares with timezone.now(), which time-machine moves.
    assert attempt(client, "portal:login", username, PASSWORD).status_code == 302


def test_every_login_and_logout_is_audited_without_the_password(client, personas):
    user = personas.producer
    attempt(client, "portal:login", user.username, "Sai-mat-khau-123", ip="10.1.2.3")
    attempt(client, "portal:login", user.username, PASSWORD, ip="10.1.2.3")
    client.post(reverse("portal:logout"))
    failed = AuditEvent.objects.get(action="auth.login_failed")
    assert failed.actor is None and failed.after == {"username": user.username, "ip": "10.1.2.3", "path": "/portal/dang-nhap/"}
    login = AuditEvent.objects.get(action="auth.login")
    assert login.actor == user and login.target_id == str(user.pk) and login.after["ip"] == "10.1.2.3"
    assert AuditEvent.objects.get(action="auth.logout").actor == user
    logged = [str(e.before) + str(e.after) + e.message for e in AuditEvent.objects.all()]
    assert not any("Sai-mat-khau-123" in text or PASSWORD in text for text in logged)


def test_throttled_attempts_are_audited_too(client, personas):
    for _ in range(6):
        attempt(client, "admin:login", "khong-ai-ca", "wrong-password")
    assert AuditEvent.objects.filter(action="auth.login_failed").count() == 5
    assert AuditEvent.objects.get(action="auth.login_throttled").after == {"username": "khong-ai-ca", "ip": "10.0.0.1"}
