"""Rendering the PDFs of certificates that have none: in batches, through the worker task or the
`render_pdfs` command, and never twice."""

from io import StringIO

import pytest
from django.core.management import call_command

from ocop.certificates.batch import certificates_without_pdf, render_missing_pdfs
from ocop.certificates.models import Certificate
from ocop.certificates.tests.factories import issue, make_result
from ocop.certificates.tests.pdftools import pdf_text, require_tools
from ocop.registry.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def certificates(personas):
    products = [ProductFactory(producer__unit=personas.units.commune_b, name=f"Mật ong rừng Long Thành {i}",
                               criteria_set="13") for i in range(3)]
    _, made = issue([make_result(p) for p in products], actor=personas.province)
    assert all(not c.pdf for c in made)  # the decision's task has not run in the test
    return made


def stored(certificate) -> bytes:
    certificate.refresh_from_db()
    with certificate.pdf.open("rb") as handle:
        return handle.read()


def test_a_batch_renders_only_certificates_without_a_pdf_and_a_rerun_renders_none(certificates):
    assert render_missing_pdfs(limit=2) == {"rendered": 2, "remaining": 1}
    first_file = Certificate.objects.get(pk=certificates[0].pk).pdf.name
    assert render_missing_pdfs(limit=2) == {"rendered": 1, "remaining": 0}
    assert render_missing_pdfs(limit=2) == {"rendered": 0, "remaining": 0}
    assert Certificate.objects.get(pk=certificates[0].pk).pdf.name == first_file  # not rendered again
    for certificate in certificates:
        data = stored(certificate)
        assert data.startswith(b"%PDF-")
        assert certificate.pdf_generated_at is not None


def test_the_stored_pdf_is_the_certificate_itself(certificates):
    require_tools()
    render_missing_pdfs(limit=1)
    certificate = certificates[0]
    assert "Mật ong rừng Long Thành 0" in pdf_text(stored(certificate))


def test_the_worker_task_renders_a_batch(certificates):
    from ocop.certificates.tasks import render_missing_pdfs as task

    result = task.enqueue(batch=5)  # ImmediateBackend in tests: runs now
    assert result.return_value == {"rendered": 3, "remaining": 0}
    assert not certificates_without_pdf().exists()


def test_the_command_renders_everything_in_batches_or_enqueues(certificates):
    out = StringIO()
    call_command("render_pdfs", "--batch", "2", "--enqueue", "--limit", "1", stdout=out)
    assert "1 lượt (1 giấy chứng nhận)" in out.getvalue()
    assert certificates_without_pdf().count() == 2  # the enqueued batch of one ran at once
    out = StringIO()
    call_command("render_pdfs", "--batch", "1", stdout=out)
    assert "Xong: 2 bản PDF; còn 0 giấy" in out.getvalue()
    assert not certificates_without_pdf().exists()
