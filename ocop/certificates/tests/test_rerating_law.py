"""Re-rating by the law: the Art. 7.6.a window enforced with its dates, the 45-day limit of
Art. 7.6.g on the dossier, and the Art. 12.3 transition extension flowing through the status."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from ocop.certificates import rerating, selectors
from ocop.certificates.models import Certificate
from ocop.certificates.rerating import rerating_open, rerating_start, rerating_window
from ocop.certificates.status import CertificateStatus, status_on, with_status
from ocop.certificates.tests.factories import issue, make_member, make_result
from ocop.core.models import AuditEvent
from ocop.core.testing import PASSWORD
from ocop.rating.models import Dossier
from ocop.rating.services import dossiers as dossier_services
from ocop.rating.services import review
from ocop.rating.workflow import DossierStatus as S
from ocop.registry.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def certificate_issued_on(personas, signed_on: date, stars: int = 4) -> Certificate:
    product = ProductFactory(producer__unit=personas.units.commune_a, name=f"Mật ong {signed_on:%Y}",
                             criteria_set="13")
    make_member(personas.producer, product.producer)
    with time_machine.travel(signed_on, tick=False):
        result = make_result(product, stars=stars, average="75", year=signed_on.year)
        _, [certificate] = issue([result], signed_on=signed_on)
    return certificate


@pytest.fixture
def certificate(personas):
    return certificate_issued_on(personas, date(2026, 6, 15))  # valid until 15/06/2029


# --- Art. 7.6.a: the window -----------------------------------------------------------------------

def test_the_window_is_180_to_120_days_before_expiry(certificate):
    assert certificate.valid_until == date(2029, 6, 15)
    assert rerating_window(certificate) == (date(2028, 12, 17), date(2029, 2, 15))
    assert not rerating_open(certificate, date(2028, 12, 16))
    assert rerating_open(certificate, date(2028, 12, 17)) and rerating_open(certificate, date(2029, 2, 15))
    assert not rerating_open(certificate, date(2029, 2, 16))


def test_a_rerating_filed_18_months_early_is_refused_with_the_dates(personas, certificate):
    with time_machine.travel(date(2027, 12, 15), tick=False), pytest.raises(ValidationError) as caught:
        rerating_start(certificate=certificate, actor=personas.producer)
    assert caught.value.messages == [
        "Chỉ được đăng ký đánh giá lại từ 17/12/2028 đến 15/02/2029 (180 đến 120 ngày trước khi giấy chứng nhận "
        "hết hạn ngày 15/06/2029)."
    ]
    assert not Dossier.objects.filter(kind=Dossier.Kind.RERATING).exists()


def test_a_rerating_after_the_window_says_what_to_do_next(personas, certificate):
    with time_machine.travel(date(2029, 3, 1), tick=False), pytest.raises(ValidationError) as caught:
        rerating_start(certificate=certificate, actor=personas.producer)
    assert "17/12/2028 đến 15/02/2029" in caught.value.messages[0]
    assert "đăng ký đánh giá như lần đầu" in caught.value.messages[0]


def test_a_rerating_inside_the_window_is_accepted(personas, certificate):
    with time_machine.travel(date(2029, 1, 10), tick=False):
        dossier = rerating_start(certificate=certificate, actor=personas.producer).dossier
    assert dossier.kind == Dossier.Kind.RERATING and dossier.status == S.DRAFT
    certificate.refresh_from_db()
    assert certificate.extended_until is None  # not covered by Art. 12.3


def test_the_generic_filing_service_refuses_a_rerating(personas, certificate):
    with pytest.raises(ValidationError) as caught:
        dossier_services.dossier_create(actor=personas.producer, product=certificate.product, kind="rerating")
    assert "lập từ giấy chứng nhận" in caught.value.message_dict["kind"][0]


def test_the_portal_form_refuses_a_rerating_with_a_message_and_files_a_first_rating(client, personas, certificate):
    client.login(username="producer", password=PASSWORD)
    url = reverse("portal:dossier_create")
    response = client.post(url, {"product": certificate.product.pk, "kind": "rerating"})
    assert response.status_code == 200
    assert "lập từ giấy chứng nhận" in response.content.decode()
    assert not Dossier.objects.filter(product=certificate.product, status=S.DRAFT).exists()
    response = client.post(url, {"product": certificate.product.pk, "kind": "first"})
    assert response.status_code == 302
    assert Dossier.objects.get(product=certificate.product, status=S.DRAFT).kind == "first"


def test_a_draft_cannot_be_turned_into_a_rerating(personas, certificate):
    dossier = dossier_services.dossier_create(actor=personas.producer, product=certificate.product)
    with pytest.raises(ValidationError):
        dossier_services.dossier_update(dossier=dossier, actor=personas.producer, data={"kind": "rerating"})
    dossier.refresh_from_db()
    assert dossier.kind == "first"


# --- Art. 7.6.g: 45 days -------------------------------------------------------------------------

def test_the_45_day_limit_starts_when_the_province_receives_the_rerating(personas, certificate):
    from ocop.rating.tests.factories import best_sheet

    with time_machine.travel(date(2029, 1, 10), tick=False):
        dossier = rerating_start(certificate=certificate, actor=personas.producer).dossier
        Dossier.objects.filter(pk=dossier.pk).update(status=S.SUBMITTED, regime="qd26-2026", criteria_set="07",
                                                     self_assessment=best_sheet())
    assert Dossier.objects.get(pk=dossier.pk).rerating_due_on is None
    with time_machine.travel("2029-01-20 09:00 +0700", tick=False):
        review.commune_review_issue(
            dossier=dossier, actor=personas.commune_a, conclusion="propose", complete=True,
            local_materials="Tại xã", local_labour="Tại xã", idea_origin="Xã", local_identity="Xã",
            report_number="3/BC",
        )
    dossier.refresh_from_db()
    assert dossier.status == S.PROPOSED and dossier.rerating_due_on == date(2029, 3, 6)


# --- Art. 12.3: the transition extension ----------------------------------------------------------

@pytest.fixture
def old_certificate(personas):
    """Issued under QĐ 148 on 01/06/2023, valid until 01/06/2026: its window closed on 01/02/2026,
    before QĐ 26/2026 took effect (22/05/2026), so Art. 12.3 covers it."""
    return certificate_issued_on(personas, date(2023, 6, 1))


def test_which_certificates_the_transition_covers(personas, old_certificate, certificate):
    assert rerating.transition_covered(old_certificate) and not rerating.transition_covered(certificate)
    late = certificate_issued_on(personas, date(2023, 9, 19))  # window closes 22/05/2026: it could file
    assert not rerating.transition_covered(late)
    assert rerating_window(old_certificate) == (date(2025, 12, 3), date(2026, 11, 28))


def test_the_extension_keeps_an_expired_certificate_in_force_until_the_result(client, personas, old_certificate):
    on = date(2026, 7, 1)
    assert status_on(old_certificate, on) == CertificateStatus.EXPIRED
    with time_machine.travel(on, tick=False):
        dossier = rerating_start(certificate=old_certificate, actor=personas.producer).dossier
    old_certificate.refresh_from_db()
    assert old_certificate.extended_until == date(2026, 11, 28)
    assert old_certificate.extension_basis == "Khoản 3 Điều 12 Quyết định số 26/2026/QĐ-TTg"
    assert AuditEvent.objects.filter(action="certificates.extension_record").count() == 1
    # One in-force definition: Python, SQL status, in-force filter and the product's standing agree.
    assert status_on(old_certificate, on) == CertificateStatus.EXPIRING
    row = with_status(Certificate.objects.filter(pk=old_certificate.pk), today=on).get()
    assert row.status == CertificateStatus.EXPIRING
    assert selectors.current_certificate(old_certificate.product, today=on) == old_certificate
    assert status_on(old_certificate, date(2026, 11, 29)) == CertificateStatus.EXPIRED
    with time_machine.travel(on, tick=False):
        page = client.get(reverse("certificates:verify", args=[old_certificate.uid])).content.decode()
    assert "kéo dài" in page and "28/11/2026" in page
    # The re-rating is withdrawn: the extension ends the day before.
    with time_machine.travel("2026-08-10 09:00 +0700", tick=False):
        dossier_services.dossier_transition(dossier=dossier, to=S.WITHDRAWN, actor=personas.producer)
    old_certificate.refresh_from_db()
    assert old_certificate.extended_until == date(2026, 8, 9)
    assert status_on(old_certificate, date(2026, 8, 10)) == CertificateStatus.EXPIRED
    assert selectors.current_certificate(old_certificate.product, today=date(2026, 8, 10)) is None


def test_a_new_certificate_ends_the_extension(personas, old_certificate):
    with time_machine.travel(date(2026, 7, 1), tick=False):
        dossier = rerating_start(certificate=old_certificate, actor=personas.producer).dossier
    Dossier.objects.filter(pk=dossier.pk).update(status=S.RATED)
    with time_machine.travel(date(2026, 9, 1), tick=False):
        result = make_result(old_certificate.product, stars=3, average="60", dossier=dossier)
        _, [new] = issue([result], signed_on=date(2026, 9, 1))
    old_certificate.refresh_from_db()
    assert old_certificate.extended_until == date(2026, 8, 31)
    assert selectors.current_certificate(old_certificate.product, today=date(2026, 9, 1)) == new


def test_the_expiry_notice_of_a_covered_certificate_tells_the_transition_path(personas, old_certificate):
    from ocop.certificates import lifecycle, notify

    text = notify.reminder_text(old_certificate, lifecycle.EXPIRY_NOTICE, date(2026, 6, 10))
    assert "đã hết hạn ngày 01/06/2026" in text and "đến hết ngày 28/11/2026" in text
    plain = certificate_issued_on(personas, date(2026, 6, 15))
    assert "khoản 3 Điều 12" not in notify.reminder_text(plain, lifecycle.EXPIRY_NOTICE, date(2029, 6, 20))
