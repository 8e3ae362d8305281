"""Password rules in Vietnamese, enforced when an administrator creates a user or sets a password."""

import pytest
from django.contrib.auth.password_validation import password_validators_help_texts, validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from ocop.accounts.demo import DEMO_PASSWORD
from ocop.accounts.models import User

pytestmark = pytest.mark.django_db


def errors_for(password, user=None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return exc.messages
    return []


def test_each_rule_answers_in_vietnamese():
    user = User(username="nguyenvanan", full_name="Nguyễn Văn An", email="an@example.vn")
    assert errors_for("xq7Lm2Pz") == ["Mật khẩu quá ngắn: cần ít nhất 10 ký tự."]
    assert errors_for("1234567890") == ["Mật khẩu này quá phổ biến, dễ bị đoán.", "Mật khẩu không được chỉ gồm chữ số."]
    assert errors_for("9081726354") == ["Mật khẩu không được chỉ gồm chữ số."]
    assert errors_for("nguyenvanan1", user) == ["Mật khẩu quá giống tên đăng nhập."]
    assert errors_for("Nguyễn Văn An", User(username="canbo7", full_name="Nguyễn Văn An")) == [
        "Mật khẩu quá giống họ và tên."
    ]
    assert errors_for("Lua-nep-cai-hoa-vang-7") == []
    assert "Mật khẩu phải có ít nhất 10 ký tự." in password_validators_help_texts()


def test_the_demo_password_still_passes_the_rules():
    assert errors_for(DEMO_PASSWORD, User(username="dongnai", full_name="Văn phòng OCOP tỉnh Đồng Nai")) == []


def test_admin_user_creation_refuses_a_weak_password(client, personas):
    client.force_login(personas.superuser)
    url = reverse("admin:accounts_user_add")
    data = {"username": "canbo.moi", "usable_password": "true", "password1": "ocop2026", "password2": "ocop2026",
            "roles-TOTAL_FORMS": "0", "roles-INITIAL_FORMS": "0"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Mật khẩu quá ngắn: cần ít nhất 10 ký tự." in response.text
    assert not User.objects.filter(username="canbo.moi").exists()
    strong = {**data, "password1": "Tra-sen-Long-Thanh-9", "password2": "Tra-sen-Long-Thanh-9"}
    assert client.post(url, strong).status_code == 302
    assert User.objects.get(username="canbo.moi").check_password("Tra-sen-Long-Thanh-9")


def test_admin_password_change_refuses_a_weak_password(client, personas):
    client.force_login(personas.superuser)
    target = personas.commune_a
    url = reverse("admin:auth_user_password_change", args=[target.pk]).replace("/auth/user/", "/accounts/user/")
    response = client.post(url, {"usable_password": "true", "password1": "12345678901", "password2": "12345678901"})
    assert response.status_code == 200 and "Mật khẩu không được chỉ gồm chữ số." in response.text
    target.refresh_from_db()
    assert not target.check_password("12345678901")


def test_own_password_change_refuses_a_common_password(client, personas):
    from ocop.core.testing import PASSWORD

    client.force_login(personas.province)
    response = client.post(reverse("admin:password_change"),
                           {"old_password": PASSWORD, "new_password1": "password123", "new_password2": "password123"})
    assert response.status_code == 200 and "Mật khẩu này quá phổ biến, dễ bị đoán." in response.text
