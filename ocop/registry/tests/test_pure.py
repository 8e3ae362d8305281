"""Pure modules: business codes, file sniffing, document status, classification. No database."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from ocop.registry.classification import SET_CODES, criteria_set_choices, get_set
from ocop.registry.status import DocumentStatus, document_status
from ocop.registry.tests.files import PDF, fake_pdf_upload, pdf_upload, png_bytes, png_upload
from ocop.registry.validators import (
    business_code_error,
    check_document_file,
    check_image_file,
    normalize_code,
    sniff,
)


@pytest.mark.parametrize(
    ("code", "household", "ok"),
    [
        ("3600252847", False, True),  # enterprise / cooperative MST
        ("3600252847-001", False, True),  # branch
        ("", False, True),  # a code is optional on the model (associations may lack one)
        ("360025284", False, False),  # 9 digits
        ("36002528471", False, False),  # 11 digits
        ("3600252847-01", False, False),  # branch suffix must be 3 digits
        ("3600252847001", False, False),  # suffix without the dash
        ("36O0252847", False, False),  # letter O instead of zero
        ("47A8001234", False, False),  # household number is not an enterprise MST
        ("47A8001234", True, True),  # household business registration number
        ("47G80001234", True, True),
        ("075123456789", True, True),  # 12-digit personal identification number
        ("075123456789", False, False),
        ("3600252847", True, True),  # a household may also have a 10-digit MST
        ("ABC", True, False),
        ("47-A8001234", True, False),
    ],
)
def test_business_code_format_table(code, household, ok):
    assert (business_code_error(normalize_code(code), household=household) is None) is ok


def test_normalize_code_strips_spaces_and_upper_cases():
    assert normalize_code(" 47a 8001234 ") == "47A8001234"


TODAY = date(2026, 3, 1)


@pytest.mark.parametrize(
    ("expires_on", "status"),
    [
        (None, DocumentStatus.VALID),
        (TODAY - timedelta(days=1), DocumentStatus.EXPIRED),
        (TODAY, DocumentStatus.EXPIRING),  # still valid on its last day, but expiring
        (TODAY + timedelta(days=1), DocumentStatus.EXPIRING),
        (TODAY + timedelta(days=60), DocumentStatus.EXPIRING),
        (TODAY + timedelta(days=61), DocumentStatus.VALID),
        (TODAY + timedelta(days=3650), DocumentStatus.VALID),
    ],
)
def test_document_status_boundaries(expires_on, status):
    assert document_status(expires_on, today=TODAY, window_days=60) == status


def test_document_status_window_is_a_parameter():
    assert document_status(TODAY + timedelta(days=20), today=TODAY, window_days=10) == DocumentStatus.VALID


@pytest.mark.parametrize(
    ("head", "content_type"),
    [
        (PDF, "application/pdf"),
        (png_bytes(), "image/png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"PK\x03\x04", None),  # zip / docx / xlsx
        (b"<html>", None),
        (b"MZ\x90\x00", None),  # a Windows executable
        (b"", None),
    ],
)
def test_sniff_by_magic_bytes(head, content_type):
    found = sniff(head)
    assert (found.content_type if found else None) == content_type


def test_real_pdf_and_png_are_accepted():
    assert check_document_file(pdf_upload(), max_bytes=10 * 1024 * 1024).content_type == "application/pdf"
    assert check_document_file(png_upload(), max_bytes=10 * 1024 * 1024).content_type == "image/png"
    assert check_image_file(png_upload(), max_bytes=5 * 1024 * 1024).extension == "png"


def test_text_file_named_pdf_is_refused_in_vietnamese():
    with pytest.raises(ValidationError) as caught:
        check_document_file(fake_pdf_upload(), max_bytes=10 * 1024 * 1024)
    assert "không đúng định dạng" in caught.value.messages[0]


def test_file_over_the_limit_is_refused():
    with pytest.raises(ValidationError) as caught:
        check_document_file(pdf_upload(), max_bytes=10)
    assert "quá lớn" in caught.value.messages[0]


def test_pdf_is_not_a_photo_and_broken_png_is_refused():
    with pytest.raises(ValidationError):
        check_image_file(pdf_upload(), max_bytes=5 * 1024 * 1024)
    broken = png_upload()
    broken.file.seek(0)
    data = broken.read()[:20]
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError) as caught:
        check_image_file(SimpleUploadedFile("x.png", data), max_bytes=5 * 1024 * 1024)
    assert "hỏng" in caught.value.messages[0]


def test_classification_has_26_sets_with_sector_and_group():
    assert len(SET_CODES) == 26 and len(criteria_set_choices()) == 26
    cocoa = get_set("13")
    assert "ca cao" in cocoa.name.lower() and cocoa.sector == "Thực phẩm" and cocoa.group
    assert get_set("27") is None and get_set(None) is None
