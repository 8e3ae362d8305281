"""The recognition decision to sign: the draft (dự thảo) from the issue form and the recorded
decision, as PDF and .docx with the annex of products; issuing with the signed scan (a real PDF
is stored and served to readers of the decision only; garbage is refused and nothing stored)."""

from datetime import date
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ocop.certificates import services
from ocop.certificates.models import Certificate, Decision
from ocop.certificates.tests.factories import issue, make_result
from ocop.core.tests.officialtools import docx_text, pdf_text
from ocop.registry.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db
ISSUE_URL = "admin:certificates_decision_issue_decision"
SCAN = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(date(2026, 10, 1), tick=False):
        yield settings.MEDIA_ROOT


@pytest.fixture
def results(personas):
    honey = make_result(ProductFactory(producer__unit=personas.units.commune_a, name="Mật ong Mã Đà",
                                       criteria_set="13"), stars=4, average="82.25")
    tea = make_result(ProductFactory(producer__unit=personas.units.commune_a, name="Trà mãng cầu",
                                     criteria_set="13"), stars=3, average="61.00")
    return [honey, tea]


def login(client, personas, persona):
    client.force_login(getattr(personas, persona))


def form_data(personas, results, **extra):
    return {"issuer_level": "province", "issuer_unit": personas.units.dong_nai.pk, "signed_on": "2026-10-01",
            "signer_name": "Võ Tấn Đức", "signer_title": "", "results": [r.pk for r in results], **extra}


def read(response, fmt):
    assert response.status_code == 200, getattr(response, "context", {}) and response.context["form"].errors
    assert response["Content-Disposition"].startswith("attachment;")
    return pdf_text(response.content) if fmt == "pdf" else docx_text(response.content)


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_draft_decision_lists_the_chosen_products_and_issues_nothing(client, personas, results, fmt):
    login(client, personas, "province")
    text = read(client.post(reverse(ISSUE_URL), form_data(personas, results, draft=fmt)), fmt)
    for expected in ["DỰ THẢO", "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Độc lập - Tự do - Hạnh phúc", "Số: /QĐ-UBND", "QUYẾT ĐỊNH",
                     "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI", "Công nhận 2 sản phẩm đạt chuẩn OCOP",
                     "1 sản phẩm 4 sao, 1 sản phẩm 3 sao", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Võ Tấn Đức",
                     "Nơi nhận:", "PHỤ LỤC", "DANH SÁCH SẢN PHẨM ĐƯỢC CÔNG NHẬN ĐẠT CHUẨN OCOP",
                     "Mật ong Mã Đà", "Trà mãng cầu", results[0].product.producer.name,
                     personas.units.commune_a.full_name, "4 sao", "3 sao", "82,25", "61,00"]:
        assert expected in text, expected
    assert text.index("Mật ong Mã Đà") < text.index("Trà mãng cầu")  # best stars first
    assert not Decision.objects.exists()


def test_the_draft_decision_pdf_is_archival(client, personas, results):
    """Issue 17: documents to sign are tagged PDF/A-2b with a title, the issuing body and a date."""
    from ocop.core.tests.pdfa import assert_archival

    login(client, personas, "province")
    response = client.post(reverse(ISSUE_URL), form_data(personas, results, draft="pdf"))
    meta = assert_archival(response.content, title_part="QUYẾT ĐỊNH")
    assert meta["creator"] == ["ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI"]


def test_a_draft_with_bad_data_shows_the_form_errors(client, personas, results):
    login(client, personas, "province")
    response = client.post(reverse(ISSUE_URL), form_data(personas, [], draft="pdf", signed_on="không phải ngày"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    errors = response.context["form"].errors
    assert "results" in errors and "signed_on" in errors
    response = client.post(reverse(ISSUE_URL), form_data(personas, results, draft="pdf", issuer_unit=""))
    assert response.context["form"].errors["issuer_unit"] == ["Chọn đơn vị ban hành của quyết định."]


def test_the_issue_form_offers_the_draft_buttons_and_a_file_field(client, personas, results):
    login(client, personas, "province")
    page = client.get(reverse(ISSUE_URL)).text
    assert 'enctype="multipart/form-data"' in page and 'name="scan"' in page
    assert 'name="draft" value="pdf"' in page and 'name="draft" value="docx"' in page


def test_issuing_with_the_signed_scan_stores_it_for_readers_of_the_decision(client, personas, results, media):
    login(client, personas, "province")
    data = form_data(personas, results, scan=SimpleUploadedFile("quyet dinh.pdf", SCAN, "application/pdf"))
    response = client.post(reverse(ISSUE_URL), data)
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.file.name.startswith("certificates/decisions/") and decision.file.name.endswith(".pdf")
    assert (Path(media) / decision.file.name).read_bytes() == SCAN
    url = "/media/" + decision.file.name
    served = client.get(url)
    assert served.status_code == 200 and b"".join(served.streaming_content) == SCAN
    for persona in ("other_province", "commune_b"):
        login(client, personas, persona)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(("content", "message"), [
    (b"<html>not a scan</html>", "Tệp không đúng định dạng cho phép"),
    (b"%PDF-" + b"0" * 2048, "Tệp quá lớn"),
])
def test_a_bad_scan_is_refused_with_a_message_and_nothing_is_stored(client, personas, results, media, settings,
                                                                    content, message):
    settings.OCOP_DOCUMENT_MAX_BYTES = 1024
    login(client, personas, "province")
    data = form_data(personas, results, scan=SimpleUploadedFile("scan.pdf", content, "application/pdf"))
    response = client.post(reverse(ISSUE_URL), data)
    assert response.status_code == 200
    assert any(message in e for e in response.context["form"].errors["scan"])
    assert message in response.text
    assert not Decision.objects.exists() and not Certificate.objects.exists()
    assert not (Path(media) / "certificates").exists()


def test_issuing_without_a_scan_still_works(client, personas, results):
    login(client, personas, "province")
    assert client.post(reverse(ISSUE_URL), form_data(personas, results)).status_code == 302
    assert Decision.objects.get().file.name == ""


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_recorded_decision_downloads_with_its_number(client, personas, results, fmt):
    decision, _ = issue(results, actor=personas.province)
    login(client, personas, "commune_a")
    text = read(client.get(reverse(f"admin:certificates_decision_download_document_{fmt}", args=[decision.pk])), fmt)
    assert "Số: 1/QĐ-UBND" in text and "ngày 01 tháng 10 năm 2026" in text and "DỰ THẢO" not in text
    assert "Kèm theo Quyết định số 1/QĐ-UBND ngày 01/10/2026" in text
    assert "KT. CHỦ TỊCH" in text and "PHÓ CHỦ TỊCH" in text and "Võ Tấn Đức" in text
    assert "Mật ong Mã Đà" in text and "Trà mãng cầu" in text and "82,25" in text


@pytest.mark.parametrize(("persona", "status"), [("province", 200), ("national", 200), ("auditor", 200),
                                                 ("commune_a", 200), ("commune_b", 404), ("other_province", 404)])
def test_the_decision_download_is_scoped(client, personas, results, persona, status):
    decision, _ = issue(results, actor=personas.province)
    login(client, personas, persona)
    url = reverse("admin:certificates_decision_download_document_pdf", args=[decision.pk])
    assert client.get(url).status_code == status


def test_a_central_decision_is_signed_for_the_minister(client, personas):
    result = make_result(ProductFactory(producer__unit=personas.units.commune_a, name="Yến sào",
                                        criteria_set="13"), level="central", stars=5,
                         average="93.00")
    decision = services.decision_issue(level=Decision.Level.CENTRAL, unit=None, results=[result],
                                       signed_on=date(2026, 9, 30), signer_name="Nguyễn Văn B",
                                       signer_title="Thứ trưởng", actor=personas.national)
    login(client, personas, "national")
    text = read(client.get(reverse("admin:certificates_decision_download_document_pdf", args=[decision.pk])), "pdf")
    assert "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG" in text and "KT. BỘ TRƯỞNG" in text and "THỨ TRƯỞNG" in text
    assert "Số: 1/QĐ-BNNMT" in text and "Hà Nội, ngày 30 tháng 9 năm 2026" in text and "5 sao" in text


def test_the_decision_page_links_the_signed_scan_which_opens_in_the_browser(client, personas, results):
    login(client, personas, "province")
    data = form_data(personas, results, scan=SimpleUploadedFile("qd.pdf", SCAN, "application/pdf"))
    assert client.post(reverse(ISSUE_URL), data).status_code == 302
    decision = Decision.objects.get()
    page = client.get(reverse("admin:certificates_decision_change", args=[decision.pk]))
    assert decision.file.url in page.text
    assert reverse("admin:certificates_decision_download_document_pdf", args=[decision.pk]) in page.text
    opened = client.get(decision.file.url)
    assert opened["Content-Disposition"].startswith("inline") and opened["Content-Type"] == "application/pdf"
