"""The background worker loads the PDF fonts as it starts (a real WeasyPrint render, nothing stored)."""

import sys

import pytest

from ocop.certificates.models import Certificate
from ocop.certificates.rendering import warm_pdf_fonts


@pytest.mark.django_db
def test_the_warm_up_renders_a_certificate_and_writes_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        warm_pdf_fonts()
    assert not Certificate.objects.exists()


def test_only_the_worker_warms_up(monkeypatch):
    from ocop.certificates import apps

    calls = []
    monkeypatch.setattr(apps, "warm_up", lambda: calls.append(1))
    config = apps.CertificatesConfig("ocop.certificates", sys.modules["ocop.certificates"])
    for argv, warmed in ((["manage.py", "runserver"], False), (["ocop", "db_worker"], True), (["gunicorn"], False)):
        calls.clear()
        monkeypatch.setattr(sys, "argv", argv)
        config.ready()
        assert bool(calls) == warmed, argv
