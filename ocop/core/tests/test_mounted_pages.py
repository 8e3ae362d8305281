"""Pages other apps provide for the portal are mounted and send logged-out producers to the
portal's own login (not the back office's)."""

import pytest

from ocop.certificates.models import Notification

pytestmark = pytest.mark.django_db


def test_portal_notifications_are_mounted_and_scoped_to_the_user(client, personas):
    Notification.objects.create(user=personas.producer, kind=Notification.Kind.choices[0][0], text="Chứng nhận sắp hết hạn")
    Notification.objects.create(user=personas.commune_a, kind=Notification.Kind.choices[0][0], text="Của người khác")
    anonymous = client.get("/portal/thong-bao/")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/portal/dang-nhap/")
    client.force_login(personas.producer)
    page = client.get("/portal/thong-bao/")
    assert page.status_code == 200
    assert "Chứng nhận sắp hết hạn" in page.text and "Của người khác" not in page.text
