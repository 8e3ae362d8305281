"""Every file handed to a signed-in user as an attachment is audited; public open data is not."""

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import path, reverse
from django.views.static import serve

from config.urls import urlpatterns as site_urlpatterns
from ocop.core.models import AuditEvent

pytestmark = pytest.mark.django_db



def media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


# This module doubles as a URLconf: the site plus uploaded files served as under DEBUG.
urlpatterns = [path("media/<path:path>", media), *site_urlpatterns]


def downloads():
    return AuditEvent.objects.filter(action="file.download")


def test_an_admin_excel_export_is_audited_with_its_file_name(client, personas):
    client.force_login(personas.province)
    url = reverse("admin:certificates_expiring") + "?within=180&format=xlsx"
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    event = downloads().get()
    assert event.actor == personas.province and event.message == url
    assert event.after["file"].startswith("Giấy chứng nhận sắp hết hạn 20") and event.after["file"].endswith(".xlsx")


def test_the_funnel_export_is_audited_and_its_page_is_not(client, personas):
    client.force_login(personas.commune_a)
    assert client.get(reverse("admin:cycle_funnel")).status_code == 200
    assert not downloads().exists()
    assert client.get(reverse("admin:cycle_funnel") + "?format=xlsx").status_code == 200
    assert downloads().get().actor == personas.commune_a


def test_open_data_is_public_and_not_audited(client, personas):
    client.force_login(personas.province)
    response = client.get(reverse("catalog:open_data_file", args=["san-pham", "csv"]))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    b"".join(response.streaming_content)
    assert not downloads().exists()


def test_a_refused_export_leaves_no_download_event(client, personas):
    assert client.get(reverse("admin:certificates_expiring") + "?format=xlsx").status_code == 302
    assert not downloads().exists()


@pytest.mark.urls(__name__)
def test_uploaded_evidence_is_audited_and_product_photos_are_not(client, personas, tmp_path):
    (tmp_path / "registry" / "documents").mkdir(parents=True)
    (tmp_path / "registry" / "photos").mkdir(parents=True)
    (tmp_path / "registry" / "documents" / "giay-phep.pdf").write_bytes(b"%PDF-1.4 minh chung")
    (tmp_path / "registry" / "photos" / "banh-pia.jpg").write_bytes(b"\xff\xd8\xff anh")
    with override_settings(MEDIA_ROOT=tmp_path):
        assert client.get("/media/registry/documents/giay-phep.pdf").status_code == 200  # anonymous: not audited
        assert not downloads().exists()
        client.force_login(personas.commune_a)
        assert client.get("/media/registry/photos/banh-pia.jpg").status_code == 200
        assert not downloads().exists()
        response = client.get("/media/registry/documents/giay-phep.pdf")
        assert b"".join(response.streaming_content) == b"%PDF-1.4 minh chung"
    event = downloads().get()
    assert event.actor == personas.commune_a and event.after["file"] == "giay-phep.pdf"
    assert event.message == "/media/registry/documents/giay-phep.pdf"
