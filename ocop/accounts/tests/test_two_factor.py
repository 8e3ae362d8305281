"""The optional second login step (TOTP): enrol, confirm, log in with a code, disable.

Codes are computed from the stored secret at a fixed moment (time-machine), as an
authenticator app would."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ocop.accounts import services, totp
from ocop.accounts.models import TOTPDevice
from ocop.core.models import AuditEvent
from ocop.core.testing import PASSWORD

pytestmark = pytest.mark.django_db

AT = datetime(2026, 6, 1, 1, 0, 0, tzinfo=UTC)
VERIFY = "/tai-khoan/ma-xac-thuc/"


def code(secret: str, moment: datetime) -> str:
    return totp.totp(totp.secret_bytes(secret), moment.timestamp())


def wrong(secret: str, moment: datetime) -> str:
    return str((int(code(secret, moment)) + 1) % 1_000_000).zfill(6)


@pytest.fixture
def at(time_machine):
    time_machine.move_to(AT, tick=False)
    return time_machine


def enrolled(user) -> str:
    """Enrol USER through the services at AT; returns the secret."""
    device = services.totp_start(user=user)
    services.totp_confirm(user=user, code=code(device.secret, AT))
    return device.secret


def test_enrol_shows_the_secret_and_qr_then_confirms_with_a_real_code(client, personas, at):
    user = personas.province
    client.force_login(user)
    page = client.get(reverse("accounts:security"))
    assert page.status_code == 200 and "Chưa bật" in page.text
    started = client.post(reverse("accounts:totp_enrol"), {"start": "1"})
    assert started.status_code == 302 and started["Location"] == reverse("accounts:totp_enrol")
    device = TOTPDevice.objects.get(user=user)
    assert not device.is_confirmed and len(totp.secret_bytes(device.secret)) == 20
    page = client.get(reverse("accounts:totp_enrol"))
    assert device.secret[:4] + " " + device.secret[4:8] in page.text
    assert 'src="data:image/svg+xml' in page.text
    assert page.text.count("<script") == 0  # the strict public CSP applies here

    bad = client.post(reverse("accounts:totp_enrol"), {"code": wrong(device.secret, AT)})
    assert bad.status_code == 200 and "Mã không đúng" in bad.text
    assert not TOTPDevice.objects.get(user=user).is_confirmed

    good = client.post(reverse("accounts:totp_enrol"), {"code": code(device.secret, AT)})
    assert good.status_code == 302
    assert TOTPDevice.objects.get(user=user).confirmed_at == AT
    assert AuditEvent.objects.get(action="auth.totp_enable").actor == user
    assert "Đang bật" in client.get(reverse("accounts:security")).text


def test_a_code_works_once(personas, at):
    secret = enrolled(personas.province)
    assert not services.totp_verify_login(user=personas.province, code=code(secret, AT))  # burnt by the enrolment
    at.shift(30)
    assert services.totp_verify_login(user=personas.province, code=code(secret, AT + timedelta(seconds=30)))
    assert not services.totp_verify_login(user=personas.province, code=code(secret, AT + timedelta(seconds=30)))


def test_admin_login_asks_for_the_code_before_anything_else(client, personas, at):
    user = personas.province
    secret = enrolled(user)
    response = client.post(reverse("admin:login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    # Password right, code owed: every page leads to the code page, the API sees nobody.
    admin = client.get("/admin/")
    assert admin.status_code == 302 and admin["Location"] == f"{VERIFY}?next=%2Fadmin%2F"
    assert client.get("/api/v1/indicators").status_code == 401
    assert client.post("/admin/registry/producer/add/", {}).status_code == 302  # anonymous → login page

    at.shift(30)
    later = AT + timedelta(seconds=30)
    bad = client.post(f"{VERIFY}?next=/admin/", {"code": wrong(secret, later), "next": "/admin/"})
    assert bad.status_code == 200 and "Mã không đúng" in bad.text
    good = client.post(VERIFY, {"code": code(secret, later), "next": "/admin/"})
    assert good.status_code == 302 and good["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    actions = list(AuditEvent.objects.filter(actor=user).order_by("id").values_list("action", flat=True))
    assert actions[-3:] == ["auth.login", "auth.totp_failed", "auth.totp_ok"]


def test_portal_login_asks_for_the_code_and_an_outside_next_is_ignored(client, personas, at):
    user = personas.producer
    secret = enrolled(user)
    client.post(reverse("portal:login"), {"username": user.username, "password": PASSWORD})
    assert client.get("/portal/")["Location"] == f"{VERIFY}?next=%2Fportal%2F"
    at.shift(30)
    done = client.post(VERIFY, {"code": code(secret, AT + timedelta(seconds=30)), "next": "https://evil.example/"})
    assert done["Location"] == reverse("portal:home")


def test_five_wrong_codes_sign_the_session_out_and_lock_the_account(client, personas, at):
    user = personas.producer
    secret = enrolled(user)
    client.post(reverse("portal:login"), {"username": user.username, "password": PASSWORD})
    for _ in range(4):
        assert client.post(VERIFY, {"code": wrong(secret, AT)}).status_code == 200
    out = client.post(VERIFY, {"code": wrong(secret, AT)})
    assert out.status_code == 302 and out["Location"] == reverse("portal:login")
    assert "_auth_user_id" not in client.session
    again = client.post(reverse("portal:login"), {"username": user.username, "password": PASSWORD})
    assert "Đăng nhập sai quá nhiều lần" in again.text


def test_disable_needs_confirmation_with_a_current_code(client, personas, at):
    user = personas.commune_a
    secret = enrolled(user)
    client.force_login(user)  # a login like any other: the code is owed
    at.shift(30)
    client.post(VERIFY, {"code": code(secret, AT + timedelta(seconds=30))})
    page = client.get(reverse("accounts:totp_disable"))
    assert page.status_code == 200 and "Tắt xác thực hai bước?" in page.text
    assert client.post(reverse("accounts:totp_disable"), {"code": wrong(secret, AT)}).status_code == 200
    assert TOTPDevice.objects.filter(user=user).exists()
    at.shift(30)
    done = client.post(reverse("accounts:totp_disable"), {"code": code(secret, AT + timedelta(seconds=60))})
    assert done.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert AuditEvent.objects.get(action="auth.totp_disable").actor == user


def test_a_second_enrolment_is_refused_while_one_is_on(personas, at):
    enrolled(personas.province)
    with pytest.raises(ValidationError, match="đang bật"):
        services.totp_start(user=personas.province)


@pytest.mark.parametrize("name", ["security", "totp_enrol", "totp_disable"])
def test_anonymous_visitors_go_to_the_login_page(client, name):
    response = client.get(reverse(f"accounts:{name}"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("portal:login"))


def test_the_security_page_is_linked_from_the_back_office_and_the_portal(client, personas):
    client.force_login(personas.province)
    assert 'href="/tai-khoan/bao-mat/"' in client.get("/admin/").text
    client.force_login(personas.producer)
    assert 'href="/tai-khoan/bao-mat/"' in client.get("/portal/", follow=True).text


def test_a_system_administrator_removes_a_lost_device_and_only_they_can(client, personas, at):
    enrolled(personas.commune_a)
    device = TOTPDevice.objects.get(user=personas.commune_a)
    url = reverse("admin:accounts_totpdevice_delete", args=[device.pk])
    client.force_login(personas.province)
    assert client.post(url, {"post": "yes"}).status_code == 403
    client.force_login(personas.superuser)
    listing = client.get(reverse("admin:accounts_totpdevice_changelist"))
    assert listing.status_code == 200 and device.secret not in listing.text
    assert device.secret not in client.get(reverse("admin:accounts_totpdevice_change", args=[device.pk])).text
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not TOTPDevice.objects.exists()
    event = AuditEvent.objects.get(action="auth.totp_reset")
    assert event.actor == personas.superuser and event.target_id == str(personas.commune_a.pk)
