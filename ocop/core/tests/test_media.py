"""Uploaded files through ocop.core.media: photos public, private files only in scope, every other
name a 404 (never a plain static folder, in DEBUG or not)."""

import pytest
from django.core.files.base import ContentFile
from django.test import override_settings

from ocop.certificates.tests.factories import certify
from ocop.core.testing import read_only_personas  # noqa: F401  (personas built once for the module)
from ocop.cycle.tests.factories import member
from ocop.registry.models import Document, ProductPhoto
from ocop.registry.tests.factories import ProducerFactory, ProductFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 minh chung"
JPEG = b"\xff\xd8\xff\xe0 anh san pham"


@pytest.fixture
def files(personas, tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path):
        producer = ProducerFactory(unit=personas.units.commune_a)
        product = ProductFactory(producer=producer)
        document = Document(producer=producer, kind=Document.Kind.FOOD_SAFETY, title="Giấy ATTP")
        document.file.save("attp.pdf", ContentFile(PDF), save=True)
        photo = ProductPhoto(product=product)
        photo.image.save("anh.jpg", ContentFile(JPEG), save=True)
        certificate = certify(product)
        certificate.pdf.save("gcn.pdf", ContentFile(PDF), save=True)
        member(personas.producer, producer)
        yield {"document": document, "photo": photo, "certificate": certificate}


def fetch(client, user, name):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(f"/media/{name}")


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.parametrize(("persona", "status"), [
    (None, 404), ("producer", 200), ("commune_a", 200), ("province", 200), ("national", 200),
    ("auditor", 200), ("commune_b", 404), ("other_province", 404),
])
def test_evidence_and_certificate_pdfs_only_in_scope(client, personas, files, persona, status):
    user = getattr(personas, persona) if persona else None
    for name in (files["document"].file.name, files["certificate"].pdf.name):
        response = fetch(client, user, name)
        assert response.status_code == status, (name, persona)
        if status == 200:
            assert body(response) == PDF
            # Opens in the browser, as what it is (not as the name says).
            assert response["Content-Disposition"].startswith("inline")
            assert response["Content-Type"] == "application/pdf"
            assert response["X-Content-Type-Options"] == "nosniff"
            assert "object-src 'self'" in response["Content-Security-Policy"]
            assert response["Cache-Control"] == "private, no-store"


def test_an_evidence_image_opens_inline_and_anything_else_is_an_attachment(client, personas, files, tmp_path):
    document = files["document"]
    (tmp_path / document.file.name).write_bytes(JPEG)
    response = fetch(client, personas.commune_a, document.file.name)
    assert response["Content-Type"] == "image/jpeg" and response["Content-Disposition"].startswith("inline")
    # A file that is not a PDF or an image (written around the upload checks) is never shown as a page.
    (tmp_path / document.file.name).write_bytes(b"<html><script>alert(1)</script></html>")
    response = fetch(client, personas.commune_a, document.file.name)
    assert response["Content-Disposition"].startswith("attachment") and "html" not in response["Content-Type"]


@pytest.mark.parametrize("persona", [None, "commune_b", "other_province"])
def test_product_photos_are_public(client, personas, files, persona):
    response = fetch(client, getattr(personas, persona) if persona else None, files["photo"].image.name)
    assert response.status_code == 200 and body(response) == JPEG
    assert "public" in response["Cache-Control"] and "attachment" not in response.get("Content-Disposition", "")


@pytest.mark.parametrize("name", [
    "registry/documents/khong-co.pdf",          # a name no record holds
    "registry/exports/bao-cao.xlsx",            # a folder without a rule (the owner's own view serves it)
    "registry/photos/../documents/x.pdf",       # leaving the folder
    "../settings.py",
    "registry/photos/",
])
def test_other_names_are_404_even_for_a_superuser(client, personas, files, name):
    assert fetch(client, personas.superuser, name).status_code == 404


def test_a_missing_file_of_a_real_record_is_404(client, personas, files, tmp_path):
    (tmp_path / files["document"].file.name).unlink()
    assert fetch(client, personas.commune_a, files["document"].file.name).status_code == 404


def test_writes_are_refused(client, personas, files):
    client.force_login(personas.superuser)
    assert client.post(f"/media/{files['photo'].image.name}").status_code == 405
