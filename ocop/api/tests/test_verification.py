"""Public verification through the API (issue 17): every issued certificate answers with its live
status, anonymously; a revoked one carries its decision and date; 404 only for what never existed;
lookup by the OCOP product code printed on labels, here and on the web page."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ocop.registry.models import Product

pytestmark = pytest.mark.django_db
API = "/api/v1"


def statuses(response) -> dict[str, str]:
    return {item["product"]["name"]: item["status"] for item in response.json()["items"]}


def test_a_revoked_certificate_is_verifiable_anonymously_with_its_decision_and_date(client, catalog):
    revoked = catalog.cert_revoked
    response = client.get(f"{API}/certificates/{revoked.uid}")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "revoked" and body["status_label"] == "Đã thu hồi"
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    assert body["revoked_on"] == yesterday
    assert body["revocation"] == {
        "on": yesterday, "decision_number": revoked.revocation_decision.number, "decision_signed_on": yesterday,
        "ground": "stopped", "ground_label": "đ) Chủ thể không còn sản xuất sản phẩm OCOP",
    }
    assert body["product"]["name"] == "Điều thu hồi"
    assert body["verification_url"].endswith(f"/xac-minh/{revoked.uid}/")


def test_a_valid_certificate_has_no_revocation(client, catalog):
    body = client.get(f"{API}/certificates/{catalog.cert_tra.uid}").json()
    assert (body["status"], body["status_label"], body["revocation"]) == ("valid", "Còn hiệu lực", None)


def test_lists_filter_by_status_for_anyone(client, catalog):
    revoked = client.get(f"{API}/certificates", {"status": "revoked"})
    assert statuses(revoked) == {"Điều thu hồi": "revoked"}
    expired = client.get(f"{API}/certificates", {"status": "expired"})
    assert statuses(expired) == {"Bánh pía hết hạn": "expired"}
    everything = statuses(client.get(f"{API}/certificates", {"limit": 100}))
    assert everything["Trà sen Tây Hồ"] == "valid"
    assert "Bánh pía chưa cấp" not in everything  # issued in five days: not yet a certificate


def test_404_only_for_what_never_existed(client, catalog):
    response = client.get(f"{API}/certificates/{uuid.uuid4()}")
    assert response.status_code == 404
    assert client.get(f"{API}/certificates/by-code/99-99999-999-2099").status_code == 404


def test_lookup_by_the_ocop_product_code(client, catalog):
    Product.objects.filter(pk=catalog.revoked.pk).update(ocop_code="75-26068-003-2026")
    body = client.get(f"{API}/certificates/by-code/75-26068-003-2026").json()
    assert (body["uid"], body["status"]) == (str(catalog.cert_revoked.uid), "revoked")
    assert body["product"]["ocop_code"] == "75-26068-003-2026"
    listed = client.get(f"{API}/certificates", {"ocop_code": "75-26068-003-2026"}).json()["items"]
    assert [c["uid"] for c in listed] == [str(catalog.cert_revoked.uid)]
    # A verification code works there too (one lookup, as on the web page).
    assert client.get(f"{API}/certificates/by-code/{catalog.cert_tra.uid}").json()["stars"] == 5


def test_the_web_verification_page_accepts_the_product_code(client, catalog):
    Product.objects.filter(pk=catalog.tra.pk).update(ocop_code="01-00001-001-2026")
    page = client.get(reverse("certificates:verify", args=["01-00001-001-2026"]))
    assert page.status_code == 200 and str(catalog.cert_tra.uid) in page.text
    assert 'data-status="valid"' in page.text
    # The box on the page sends a typed code to the same lookup.
    assert 'name="ma"' in page.text and f'action="{reverse("certificates:lookup")}"' in page.text
    typed = client.get(reverse("certificates:lookup"), {"ma": " 01-00001-001-2026 "})
    assert typed.status_code == 302 and typed.url == reverse("certificates:verify", args=["01-00001-001-2026"])
    typed = client.get(reverse("certificates:lookup"), {"ma": str(catalog.cert_tra.uid).upper()})
    assert typed.url == reverse("certificates:verify", args=[str(catalog.cert_tra.uid)])
    # Garbage: the box again with the reason; an unknown code: the not-found page, with the box.
    bad = client.get(reverse("certificates:lookup"), {"ma": "xin chào"})
    assert bad.status_code == 200 and "mã sản phẩm OCOP dạng 75-26068-003-2026" in bad.text
    missing = client.get(reverse("certificates:verify", args=["99-99999-999-2099"]))
    assert missing.status_code == 404 and 'name="ma"' in missing.text
    assert client.get(reverse("certificates:lookup")).status_code == 200


def test_a_revocation_in_progress_is_suspended_for_anyone_without_the_internal_note(client, catalog):
    from ocop.certificates.services import finding_record

    finding_on = timezone.localdate() - timedelta(days=3)
    finding_record(certificate=catalog.cert_tra, finding_on=finding_on, ground="law_breach",
                   note="Ghi chú nội bộ của cơ quan", actor=None)
    assert statuses(client.get(f"{API}/certificates", {"status": "suspended"})) == {"Trà sen Tây Hồ": "suspended"}
    assert "Trà sen Tây Hồ" not in statuses(client.get(f"{API}/certificates", {"status": "valid", "limit": 100}))
    response = client.get(f"{API}/certificates/{catalog.cert_tra.uid}")
    body = response.json()
    assert (body["status"], body["status_label"], body["revocation"]) == ("suspended", "Đang xử lý thu hồi", None)
    assert body["revocation_pending"] == {"finding_on": finding_on.isoformat(),
                                          "decision_due_on": (finding_on + timedelta(days=15)).isoformat()}
    assert "Ghi chú nội bộ" not in response.text and "law_breach" not in response.text
    assert client.get(f"{API}/certificates", {"status": "paused"}).status_code == 422
