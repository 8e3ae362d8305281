"""The certificate PDF: Vietnamese text with the facts, A4 landscape, and a QR code that decodes
to the public verification URL."""

from datetime import date

import pytest
import time_machine
from django.conf import settings

from ocop.certificates.rendering import render_certificate_pdf, verification_url
from ocop.certificates.tests.factories import issue, make_result
from ocop.certificates.tests.pdftools import pdf_fonts, pdf_info, pdf_qr_codes, pdf_text, require_tools
from ocop.registry.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(personas):
    product = ProductFactory(producer__unit=personas.units.commune_b, name="Sữa tươi thanh trùng Long Thành",
                             criteria_set="13")
    with time_machine.travel(date(2026, 6, 15), tick=False):
        _, [made] = issue([make_result(product, stars=4)], signed_on=date(2026, 6, 15), actor=personas.province)
    return made


def test_the_pdf_carries_the_facts_in_vietnamese(certificate):
    require_tools()
    text = pdf_text(render_certificate_pdf(certificate))
    for expected in ["GIẤY CHỨNG NHẬN", "SẢN PHẨM OCOP ĐẠT 4 SAO", "★★★★", "Sữa tươi thanh trùng Long Thành",
                     certificate.product.producer.name, "Quyết định số 1/QĐ-UBND ngày 15/06/2026",
                     "Chủ tịch Ủy ban nhân dân tỉnh Đồng Nai", "đến hết ngày 15/06/2029", "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI",
                     "Xã Long Thành"]:
        assert expected in " ".join(text.split()), expected


def test_the_qr_code_decodes_to_the_verification_url(certificate, settings):
    require_tools()
    settings.SITE_URL = "https://ocop.dongnai.gov.vn"
    codes = pdf_qr_codes(render_certificate_pdf(certificate))
    assert codes == [f"https://ocop.dongnai.gov.vn/xac-minh/{certificate.uid}/"]
    assert codes[0] == verification_url(certificate)


def test_the_pdf_is_one_a4_landscape_page_with_embedded_fonts(certificate):
    require_tools()
    info = pdf_info(render_certificate_pdf(certificate))
    assert info["Pages"] == "1"
    width, _, height = info["Page size"].partition(" x ")
    assert round(float(width)) == 842 and round(float(height.split()[0])) == 595  # A4, landscape
    fonts = pdf_fonts(render_certificate_pdf(certificate))
    assert fonts and all("DejaVu" in name and embedded for name, embedded in fonts)


def test_a_central_certificate_names_the_ministry(personas):
    require_tools()
    result = make_result(ProductFactory(producer__unit=personas.units.commune_a, criteria_set="13"),
                         level="central", stars=5, average="92.5")
    with time_machine.travel(date(2026, 9, 30), tick=False):
        _, [certificate] = issue([result], level="central", actor=personas.national)
    text = " ".join(pdf_text(render_certificate_pdf(certificate)).split())
    assert "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG" in text and "1/QĐ-BNNMT" in text and "★★★★★" in text
    assert f"{settings.SITE_URL}/xac-minh/{certificate.uid}/" in text
