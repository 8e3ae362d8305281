"""A revocation procedure under way (QĐ 26/2026 Art. 8.3–8.4): a competent authority's conclusion
is recorded, the live status is "suspended" ("Đang xử lý thu hồi") while the certificate stays in
force (counted as before), the decision is due within 15 days; the revocation supersedes the
finding, or the finding is dismissed with a reason. Services, the admin's forms, the public page."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ocop.certificates import services
from ocop.certificates.models import Certificate
from ocop.certificates.selectors import certificates_for_products
from ocop.certificates.status import (
    CertificateStatus,
    in_force_q,
    live_status_on,
    revocation_due_on,
    status_on,
    with_live_status,
)
from ocop.certificates.tests.factories import issue, make_member, make_result
from ocop.core.models import AuditEvent
from ocop.registry.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 10, 1)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def certificate(personas) -> Certificate:
    product = ProductFactory(producer__unit=personas.units.commune_a, name="Cà phê A Tằng", criteria_set="13")
    make_member(personas.producer, product.producer)
    _, [made] = issue([make_result(product)], actor=personas.province, signed_on=TODAY - timedelta(days=30))
    return made


def record(certificate, actor, finding_on=TODAY - timedelta(days=2), ground="law_breach", note="KL số 12/KL-QLTT"):
    return services.finding_record(certificate=certificate, finding_on=finding_on, ground=ground, note=note,
                                   actor=actor)


def test_a_finding_makes_the_certificate_suspended_but_still_in_force(personas, certificate):
    record(certificate, personas.province)
    certificate.refresh_from_db()
    assert live_status_on(certificate) == CertificateStatus.SUSPENDED
    assert status_on(certificate) == CertificateStatus.VALID  # counting: legally in force
    assert Certificate.objects.filter(in_force_q(TODAY), pk=certificate.pk).exists()
    assert certificates_for_products([certificate.product_id])[certificate.product_id] == certificate
    assert with_live_status(Certificate.objects.all()).filter(status="suspended").get() == certificate
    assert revocation_due_on(certificate) == date(2026, 10, 14)
    event = AuditEvent.objects.get(action="certificates.finding_record")
    assert event.after == {"finding_on": "2026-09-29", "ground": "law_breach", "due_on": "2026-10-14"}
    assert "hạn ra quyết định thu hồi 14/10/2026" in event.message


def test_only_who_may_revoke_records_a_finding(personas):
    result = make_result(ProductFactory(producer__unit=personas.units.commune_a, criteria_set="13"),
                         level="central", stars=5, average="93")
    _, [five] = issue([result], level="central", signed_on=TODAY - timedelta(days=30))
    with pytest.raises(PermissionDenied):
        record(five, personas.province)
    with pytest.raises(PermissionDenied):
        record(five, personas.commune_a)
    record(five, personas.national)
    five.refresh_from_db()
    assert five.revocation_finding_on == TODAY - timedelta(days=2)


def test_a_finding_is_refused_in_vietnamese(personas, certificate):
    with pytest.raises(ValidationError, match="không thể sau ngày hôm nay"):
        record(certificate, personas.province, finding_on=TODAY + timedelta(days=1))
    with pytest.raises(ValidationError, match="sáu căn cứ"):
        record(certificate, personas.province, ground="unknown")
    record(certificate, personas.province)
    with pytest.raises(ValidationError, match="đang có kết luận chờ quyết định thu hồi"):
        record(certificate, personas.province, finding_on=TODAY)
    services.certificate_revoke(certificate=certificate, ground="law_breach", finding_on=TODAY - timedelta(days=2),
                                actor=personas.province)
    with pytest.raises(ValidationError, match="đã bị thu hồi"):
        record(certificate, personas.province)
    Certificate.objects.filter(pk=certificate.pk).update(valid_until=TODAY - timedelta(days=1), revoked_on=None,
                                                         revocation_decision=None, revocation_finding_on=None)
    with pytest.raises(ValidationError, match="đã hết hạn"):
        record(certificate, personas.province)


def test_the_revocation_supersedes_the_finding(personas, certificate):
    record(certificate, personas.province)
    services.certificate_revoke(certificate=certificate, ground="law_breach", finding_on=TODAY - timedelta(days=2),
                                actor=personas.province)
    certificate.refresh_from_db()
    assert live_status_on(certificate) == CertificateStatus.REVOKED and revocation_due_on(certificate) is None
    assert (certificate.revocation_finding_ground, certificate.revocation_finding_note) == ("", "")


def test_a_finding_is_dismissed_with_a_reason(personas, certificate):
    record(certificate, personas.province)
    with pytest.raises(ValidationError, match="Nêu lý do"):
        services.finding_dismiss(certificate=certificate, reason="  ", actor=personas.province)
    with pytest.raises(PermissionDenied):
        services.finding_dismiss(certificate=certificate, reason="x", actor=personas.commune_a)
    services.finding_dismiss(certificate=certificate, reason="Kết luận bị hủy", actor=personas.province)
    certificate.refresh_from_db()
    assert live_status_on(certificate) == CertificateStatus.VALID and certificate.revocation_finding_on is None
    event = AuditEvent.objects.get(action="certificates.finding_dismiss")
    assert event.before["finding_on"] == "2026-09-29" and event.after == {"reason": "Kết luận bị hủy"}
    with pytest.raises(ValidationError, match="không có kết luận"):
        services.finding_dismiss(certificate=certificate, reason="again", actor=personas.province)


# --- The admin: the finding, its deadline and the two next steps ---------------------------------

def test_the_admin_records_a_finding_then_shows_the_deadline_and_the_next_steps(client, personas, certificate):
    client.force_login(personas.province)
    url = reverse("admin:certificates_certificate_record_finding", args=[certificate.pk])
    bad = client.post(url, {"revocation_finding_on": "2026-10-05", "revocation_finding_ground": "law_breach"})
    assert bad.status_code == 200 and "không thể sau ngày hôm nay" in bad.text
    missing = client.post(url, {"revocation_finding_on": "", "revocation_finding_ground": "law_breach"})
    assert missing.status_code == 200 and Certificate.objects.get(pk=certificate.pk).revocation_finding_on is None
    done = client.post(url, {"revocation_finding_on": "2026-09-20", "revocation_finding_ground": "law_breach",
                             "note": "KL số 12/KL-QLTT"})
    assert done.status_code == 302
    page = client.get(done["Location"])
    assert "Đang xử lý thu hồi" in page.text
    assert "Hạn ra quyết định thu hồi: 05/10/2026" in page.text and "KL số 12/KL-QLTT" in page.text
    assert reverse("admin:certificates_certificate_revoke", args=[certificate.pk]) in page.text
    assert reverse("admin:certificates_certificate_dismiss_finding", args=[certificate.pk]) in page.text
    assert client.get(url).status_code == 403  # a second finding while one is pending: no button
    revoke = client.get(reverse("admin:certificates_certificate_revoke", args=[certificate.pk]))
    assert 'value="2026-09-20"' in revoke.text or "20/09/2026" in revoke.text  # the finding carried over


def test_the_admin_dismisses_a_finding(client, personas, certificate):
    record(certificate, personas.province)
    url = reverse("admin:certificates_certificate_dismiss_finding", args=[certificate.pk])
    client.force_login(personas.auditor)
    assert client.post(url, {"reason": "x"}).status_code == 403
    client.force_login(personas.province)
    empty = client.post(url, {"reason": ""})
    assert empty.status_code == 200 and Certificate.objects.get(pk=certificate.pk).revocation_finding_on is not None
    done = client.post(url, {"reason": "UBND tỉnh không thu hồi"})
    assert done.status_code == 302
    assert Certificate.objects.get(pk=certificate.pk).revocation_finding_on is None
    assert client.get(url).status_code == 403  # nothing pending any more


# --- The public verification page ------------------------------------------------------------------

def test_the_verification_page_says_revocation_in_progress(client, personas, certificate):
    record(certificate, personas.province)
    page = client.get(reverse("certificates:verify", args=[certificate.uid]))
    assert page.status_code == 200
    assert "Giấy chứng nhận còn hiệu lực, đang xử lý thu hồi" in page.text
    assert "chậm nhất ngày 14/10/2026" in page.text
    assert "KL số 12/KL-QLTT" not in page.text  # the finding's note stays in the back office


def test_the_producer_sees_the_revocation_in_progress_on_a_certificate_still_in_force(client, personas, certificate):
    record(certificate, personas.province)
    client.force_login(personas.producer)
    page = client.get(reverse("portal:certificate_list"))
    assert page.status_code == 200
    assert "Đang xử lý thu hồi" in page.text
    days_left = (certificate.valid_until - TODAY).days
    assert f"{days_left} ngày" in page.text  # still in force: the days left are shown


def test_the_office_that_decides_finds_the_revocation_in_its_inbox_with_the_due_day(client, personas, certificate):
    """Never without a next step: a revocation started is in the inbox of the office that decides it
    (the province for 3★ and 4★, the centre for 5★), due 15 days after the conclusion, late after
    that; it leaves the inbox with the revocation."""
    from ocop.inbox.selectors import findings_to_decide, inbox_keys

    record(certificate, personas.province, finding_on=TODAY - timedelta(days=20))  # due 2026-09-26: late
    assert list(findings_to_decide(personas.province)) == [certificate]
    assert list(findings_to_decide(personas.national)) == []  # a 4★ certificate: the province decides
    assert "revoke" not in inbox_keys(personas.commune_a)
    client.force_login(personas.province)
    page = client.get(reverse("admin:index"))
    [section] = [s for s in page.context["ocop_inbox"] if s.key == "revoke"]
    [item] = section.items
    assert section.count == 1 and item.title == "Cà phê A Tằng – 4★"
    assert item.url == reverse("admin:certificates_certificate_change", args=[certificate.pk])
    assert item.due == date(2026, 9, 26) and item.overdue
    assert client.get(section.list_url).status_code == 200
    assert certificate.product.name in client.get(section.list_url).content.decode()
    Certificate.objects.filter(pk=certificate.pk).update(stars=5)
    assert list(findings_to_decide(personas.national)) == [certificate]
    assert list(findings_to_decide(personas.province)) == []
    Certificate.objects.filter(pk=certificate.pk).update(stars=4)
    services.certificate_revoke(certificate=certificate, ground=Certificate.Ground.LAW_BREACH,
                                finding_on=TODAY - timedelta(days=20), actor=personas.province, signed_on=TODAY)
    assert list(findings_to_decide(personas.province)) == []
