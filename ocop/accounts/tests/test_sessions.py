"""Session lifetime: signed out after 30 idle minutes, at most 8 hours, gone with the browser."""

from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings

from ocop.core.models import AuditEvent

pytestmark = pytest.mark.django_db

AT = datetime(2026, 6, 1, 1, 0, 0, tzinfo=UTC)


def test_session_settings():
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.OCOP_SESSION_IDLE_SECONDS == 30 * 60
    assert settings.SESSION_COOKIE_HTTPONLY and settings.SESSION_COOKIE_SAMESITE == "Lax"


def test_an_active_session_stays_and_an_idle_one_is_signed_out(client, personas, time_machine):
    time_machine.move_to(AT, tick=False)
    client.force_login(personas.province)
    time_machine.move_to(AT + timedelta(minutes=29), tick=False)
    assert client.get("/admin/").status_code == 200  # activity renews the stamp
    time_machine.move_to(AT + timedelta(minutes=58), tick=False)
    assert client.get("/admin/").status_code == 200
    time_machine.move_to(AT + timedelta(minutes=88, seconds=1), tick=False)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="auth.session_idle", actor=personas.province).count() == 1
    assert AuditEvent.objects.filter(action="auth.logout", actor=personas.province).count() == 1


def test_the_portal_says_why_the_session_ended(client, personas, time_machine):
    time_machine.move_to(AT, tick=False)
    client.force_login(personas.producer)
    time_machine.move_to(AT + timedelta(minutes=31), tick=False)
    response = client.get("/portal/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/portal/dang-nhap/")
    assert "Phiên làm việc đã kết thúc vì không hoạt động quá lâu" in response.text


def test_the_stamp_is_written_at_most_once_a_minute(client, personas, time_machine):
    time_machine.move_to(AT, tick=False)
    client.force_login(personas.producer)
    stamp = client.session["ocop_last_seen"]
    assert stamp == int(AT.timestamp())
    time_machine.move_to(AT + timedelta(seconds=59), tick=False)
    client.get("/portal/")
    assert client.session["ocop_last_seen"] == stamp
    time_machine.move_to(AT + timedelta(seconds=61), tick=False)
    client.get("/portal/")
    assert client.session["ocop_last_seen"] == stamp + 61
