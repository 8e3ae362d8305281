"""Re-rating and upgrade start from a certificate and reuse the previous dossier."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from ocop.certificates import services
from ocop.certificates.rerating import rerating_start
from ocop.certificates.tests.factories import issue, make_member, make_result
from ocop.core.models import AuditEvent
from ocop.rating.models import Dossier, DossierEvidence
from ocop.registry.models import Document
from ocop.registry.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db
ISSUED = date(2026, 2, 1)
UNTIL = date(2029, 2, 1)
IN_WINDOW = UNTIL - timedelta(days=150)


@pytest.fixture
def certificate(personas):
    product = ProductFactory(producer__unit=personas.units.commune_a, name="Trà mãng cầu", criteria_set="13")
    make_member(personas.producer, product.producer)
    with time_machine.travel(ISSUED, tick=False):
        result = make_result(product, stars=3, average="64")
        _, [made] = issue([result], signed_on=ISSUED)
    previous = result.dossier
    still_valid = Document.objects.create(producer=product.producer, kind="attp", file="a.pdf", title="ATTP",
                                          expires_on=UNTIL + timedelta(days=300))
    no_expiry = Document.objects.create(producer=product.producer, kind="dkkd", file="b.pdf", title="ĐKKD")
    expired = Document.objects.create(producer=product.producer, kind="kiem_nghiem", file="c.pdf",
                                      title="Phiếu kiểm nghiệm 2025", expires_on=IN_WINDOW - timedelta(days=1))
    for document, code in [(still_valid, "10"), (no_expiry, ""), (expired, "9a")]:
        DossierEvidence.objects.create(dossier=previous, document=document, criterion_code=code)
    return made


def start(certificate, actor, on=IN_WINDOW, **kwargs):
    with time_machine.travel(on, tick=False):
        return rerating_start(certificate=certificate, actor=actor, **kwargs)


def test_rerating_reuses_the_previous_dossier(personas, certificate):
    started = start(certificate, personas.producer)
    dossier = started.dossier
    assert dossier.kind == Dossier.Kind.RERATING and dossier.previous == certificate.result.dossier
    assert dossier.written_only and not dossier.assisted and dossier.status == "draft"
    assert dossier.self_assessment == {"1a": "3", "1b": "2"}  # unknown criteria are dropped
    assert sorted(dossier.evidence.values_list("document__title", "criterion_code")) == [("ATTP", "10"), ("ĐKKD", "")]
    assert [d.title for d in started.expired_documents] == ["Phiếu kiểm nghiệm 2025"]
    event = AuditEvent.objects.get(action="certificates.rerating_start")
    assert "Phiếu kiểm nghiệm 2025" in event.message


@pytest.mark.parametrize("days_before", [181, 119, -5])
def test_rerating_is_refused_outside_its_window(personas, certificate, days_before):
    with pytest.raises(ValidationError, match="180 đến 120 ngày"):
        start(certificate, personas.producer, on=UNTIL - timedelta(days=days_before))
    assert not Dossier.objects.filter(kind="rerating").exists()


def test_the_window_edges_are_included(personas, certificate):
    dossier = start(certificate, personas.producer, on=UNTIL - timedelta(days=180)).dossier
    # the test report is still valid then; its criterion (9a) is not on this sheet: cited generally
    assert ("Phiếu kiểm nghiệm 2025", "") in set(dossier.evidence.values_list("document__title", "criterion_code"))


def test_a_commune_officer_files_on_behalf_with_consent(personas, certificate):
    with pytest.raises(ValidationError):
        start(certificate, personas.commune_a)  # assisted needs the producer's consent
    dossier = start(certificate, personas.commune_a, consent_note="Đồng ý qua điện thoại 01/09/2028").dossier
    assert dossier.assisted and dossier.filed_by == personas.commune_a


@pytest.mark.parametrize("persona", ["commune_b", "province", "auditor", "other_province"])
def test_others_cannot_file(personas, certificate, persona):
    with pytest.raises(PermissionDenied):
        start(certificate, getattr(personas, persona), consent_note="x")


def test_one_open_dossier_at_a_time(personas, certificate):
    start(certificate, personas.producer)
    with pytest.raises(ValidationError, match="chưa hoàn tất"):
        start(certificate, personas.producer, kind=Dossier.Kind.UPGRADE)


def test_upgrade_any_time_while_in_force_but_not_for_5_stars_revoked_or_expired(personas, certificate):
    assert start(certificate, personas.producer, on=date(2027, 5, 1), kind=Dossier.Kind.UPGRADE).dossier.pk
    five = make_result(ProductFactory(producer__unit=personas.units.commune_a, criteria_set="13"),
                       level="central", stars=5, average="92")
    with time_machine.travel(date(2027, 5, 1), tick=False):
        _, [top] = issue([five], level="central")
    with pytest.raises(ValidationError, match="5 sao"):
        start(top, None, on=date(2027, 6, 1), kind=Dossier.Kind.UPGRADE)
    with pytest.raises(ValidationError, match="hết hạn"):
        start(certificate, None, on=UNTIL + timedelta(days=1), kind=Dossier.Kind.UPGRADE)


def test_no_rerating_of_a_revoked_certificate(personas, certificate):
    with time_machine.travel(IN_WINDOW - timedelta(days=10), tick=False):
        services.certificate_revoke(certificate=certificate, ground="stopped", finding_on=IN_WINDOW - timedelta(days=12),
                                    actor=None)
    with pytest.raises(ValidationError, match="thu hồi"):
        start(certificate, personas.producer)


def test_a_historical_certificate_starts_a_dossier_without_previous(personas):
    product = ProductFactory(producer__unit=personas.units.commune_a, criteria_set="13")
    make_member(personas.producer, product.producer)
    result = make_result(product, stars=4, historical=True, year=2024)
    with time_machine.travel(date(2024, 6, 1), tick=False):
        _, [certificate] = issue([result], number="12/QĐ-UBND", signed_on=date(2024, 6, 1))
    started = start(certificate, personas.producer, on=date(2027, 1, 1))
    assert started.dossier.previous is None and not started.copied_self_assessment
