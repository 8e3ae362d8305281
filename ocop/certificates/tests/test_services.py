"""Services: recognition decisions, numbering, certificates (idempotent), PDFs, revocation."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from ocop.accounts.models import Role
from ocop.certificates import services
from ocop.certificates.models import Certificate, Decision, DecisionItem, Notification
from ocop.certificates.services import recognisable_results
from ocop.certificates.status import CertificateStatus, status_on, with_status
from ocop.certificates.tasks import generate_certificates
from ocop.certificates.tests.factories import issue, make_member, make_result
from ocop.core.models import AuditEvent
from ocop.core.testing import make_user
from ocop.rating.models import RatingResult
from ocop.registry.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 9, 15)
C = Decision.Level.CENTRAL


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(date(2026, 9, 15), tick=False):
        yield


def test_a_province_decision_recognises_several_products_and_is_numbered(personas):
    units = personas.units
    results = [make_result(ProductFactory(producer__unit=units.commune_a, criteria_set="13"), stars=3,
                           average="61"),
               make_result(ProductFactory(producer__unit=units.commune_b, criteria_set="13"), stars=4,
                           average="77.25")]
    decision, certificates = issue(results, actor=personas.province)
    assert decision.number == "1/QĐ-UBND" and decision.sequence == 1 and decision.year == 2026
    assert list(decision.items.values_list("stars", flat=True)) == [3, 4]
    assert [c.stars for c in certificates] == [3, 4]
    assert all(c.valid_until == date(2029, 9, 15) and c.issued_on == TODAY for c in certificates)
    second, _ = issue([make_result(ProductFactory(producer__unit=units.commune_a, criteria_set="13"))],
                      actor=personas.province)
    assert second.number == "2/QĐ-UBND"
    assert AuditEvent.objects.filter(action="certificates.decision_issue").count() == 2


def test_numbers_are_per_issuing_body_and_year(personas):
    units = personas.units
    issue([make_result(ProductFactory(producer__unit=units.commune_a, criteria_set="13"))],
          actor=personas.province)
    hcm, _ = issue([make_result(ProductFactory(producer__unit=units.hcm_commune, criteria_set="13"))],
                   actor=personas.other_province)
    central, _ = issue([make_result(ProductFactory(producer__unit=units.commune_a, criteria_set="13"),
                                    level="central", stars=5, average="92")],
                       level=C, actor=personas.national)
    assert hcm.number == "1/QĐ-UBND" and central.number == "1/QĐ-BNNMT"
    with time_machine.travel(date(2027, 1, 5), tick=False):
        next_year, _ = issue([make_result(ProductFactory(producer__unit=units.commune_a, criteria_set="13"))],
                             actor=personas.province)
    assert next_year.number == "1/QĐ-UBND" and next_year.year == 2027


def test_a_historical_decision_keeps_its_number_and_the_register_skips_it(personas):
    units = personas.units
    old = make_result(ProductFactory(producer__unit=units.commune_a, criteria_set="13"), level="central",
                      stars=5, average="91", historical=True,
                      year=2025)
    recorded, _ = issue([old], level=C, number="1/QĐ-BNNMT", signed_on=date(2026, 6, 26))
    assert recorded.sequence is None and recorded.is_historical
    new, _ = issue([make_result(ProductFactory(producer__unit=units.commune_b, criteria_set="13"),
                                level="central", stars=5, average="93")], level=C)
    assert new.number == "2/QĐ-BNNMT"


@pytest.mark.parametrize(
    ("level", "result_kwargs", "message"),
    [
        ("province", {"stars": 5, "average": "92", "potential_5_star": True}, "5 sao do Bộ"),
        ("province", {"stars": 2, "average": "45"}, "từ 3 sao"),
        ("province", {"stars": 4, "finalized": False}, "chưa được hoàn tất"),
        ("province", {"level": "central", "stars": 5, "average": "95"}, "5 sao do Bộ"),
        ("central", {"stars": 5, "average": "95", "potential_5_star": True}, "Hội đồng cấp trung ương"),
        ("central", {"level": "central", "stars": 4, "average": "85"}, "chỉ công nhận sản phẩm đạt 5 sao"),
    ],
)
def test_who_recognises_what(personas, level, result_kwargs, message):
    result = make_result(ProductFactory(producer__unit=personas.units.commune_a, criteria_set="13"),
                         **result_kwargs)
    with pytest.raises(ValidationError) as caught:
        issue([result], level=level, unit=None if level == C else personas.units.dong_nai)
    assert message in " ".join(caught.value.messages)
    assert not Decision.objects.exists()


@pytest.mark.parametrize(("result_level", "average"), [("province", "92.5"), ("central", "93")])
def test_province_recognises_a_4_star_result_of_90_or_more(personas, result_level, average):
    """≥ 90 with a missed 5★ minimum (rank 4★): the province recognises it at 4★, whether the rank
    came from the province council or the central one (ocop.rating.next_steps)."""
    result = make_result(ProductFactory(producer__unit=personas.units.commune_a, criteria_set="13"),
                         level=result_level, stars=4, average=average)
    assert result in recognisable_results("province", personas.units.dong_nai)
    decision, [certificate] = issue([result], actor=personas.province)
    assert decision.issuer_level == "province" and certificate.stars == 4


def test_province_recognises_4_stars_from_a_central_result_below_90(personas):
    result = make_result(ProductFactory(producer__unit=personas.units.commune_a, criteria_set="13"),
                         level="central", stars=4, average="88.5")
    decision, [certificate] = issue([result], actor=personas.province)
    assert decision.issuer_level == "province" and certificate.stars == 4


def test_a_result_is_recognised_once(personas):
    result = make_result(ProductFactory(producer__unit=personas.units.commune_a, criteria_set="13"))
    issue([result])
    with pytest.raises(ValidationError, match="đã được công nhận"):
        issue([result])
    assert DecisionItem.objects.count() == 1 and Decision.objects.count() == 1


def test_a_province_recognises_only_its_own_products(personas):
    result = make_result(ProductFactory(producer__unit=personas.units.hcm_commune, criteria_set="13"))
    with pytest.raises(ValidationError, match="không thuộc địa bàn"):
        issue([result], unit=personas.units.dong_nai)


@pytest.mark.parametrize("persona", ["commune_a", "auditor", "other_province", "producer"])
def test_only_the_competent_office_records_a_province_decision(personas, persona):
    result = make_result(ProductFactory(producer__unit=personas.units.commune_a, criteria_set="13"))
    with pytest.raises(PermissionDenied):
        issue([result], unit=personas.units.dong_nai, actor=getattr(personas, persona))


def test_only_the_national_office_records_a_central_decision(personas):
    result = make_result(ProductFactory(producer__unit=personas.units.commune_a, criteria_set="13"),
                         level="central", stars=5, average="92")
    with pytest.raises(PermissionDenied):
        issue([result], level=C, actor=personas.province)
    decision, _ = issue([result], level=C, actor=personas.national)
    assert decision.issuer_unit is None


def test_a_failed_decision_leaves_no_gap(personas):
    good = make_result(ProductFactory(producer__unit=personas.units.commune_a, criteria_set="13"))
    bad = make_result(ProductFactory(producer__unit=personas.units.commune_a, criteria_set="13"), stars=2,
                      average="40")
    with pytest.raises(ValidationError):
        issue([good, bad])
    decision, _ = issue([good])
    assert decision.number == "1/QĐ-UBND"


def test_generating_certificates_is_idempotent(personas, django_capture_on_commit_callbacks):
    results = [make_result(ProductFactory(producer__unit=personas.units.commune_a,
                                          criteria_set="13")) for _ in range(2)]
    with django_capture_on_commit_callbacks(execute=True):
        decision = services.decision_issue(level="province", unit=personas.units.dong_nai, results=results,
                                           signed_on=TODAY, actor=personas.province)
    assert Certificate.objects.filter(decision=decision).count() == 2
    assert all(c.pdf for c in Certificate.objects.all())  # the task stored the PDFs
    again = generate_certificates.call(decision.pk)
    assert again["certificates"] == 2 and again["pdf_rendered"] == 0
    services.certificates_issue(decision=decision)
    assert Certificate.objects.count() == 2
    assert AuditEvent.objects.filter(action="certificates.certificate_issue").count() == 2


def test_issuing_notifies_the_producer_and_the_commune_officer(personas, mailoutbox):
    product = ProductFactory(producer__unit=personas.units.commune_a, criteria_set="13")
    personas.producer.email = "chu.the@example.org"
    personas.producer.save()
    make_member(personas.producer, product.producer)
    issue([make_result(product)])
    recipients = set(Notification.objects.filter(kind="issued").values_list("user__username", flat=True))
    assert recipients == {"producer", "commune_a"}


def test_revocation_by_the_province_for_4_stars(personas, django_capture_on_commit_callbacks, mailoutbox):
    product = ProductFactory(producer__unit=personas.units.commune_a, criteria_set="13")
    personas.commune_a.email = "xa.a@example.org"
    personas.commune_a.save()
    _, [certificate] = issue([make_result(product)])
    with django_capture_on_commit_callbacks(execute=True):
        outcome = services.certificate_revoke(
            certificate=certificate, ground=Certificate.Ground.MARK_MISUSE, finding_on=TODAY - timedelta(days=3),
            actor=personas.province, signer_name="Nguyễn Văn A",
        )
    certificate.refresh_from_db()
    assert certificate.revoked_on == TODAY and not outcome.late
    assert outcome.decision.kind == "revocation" and outcome.decision.number == "2/QĐ-UBND"
    assert status_on(certificate) == CertificateStatus.REVOKED
    assert Notification.objects.filter(kind="revoked", user=personas.commune_a).exists()
    assert [m.to for m in mailoutbox if "thu hồi" in m.body] == [["xa.a@example.org"]]


def test_revocation_after_15_days_is_recorded_but_flagged_late(personas):
    _, [certificate] = issue([make_result(ProductFactory(producer__unit=personas.units.commune_a,
                                                         criteria_set="13"))])
    outcome = services.certificate_revoke(
        certificate=certificate, ground=Certificate.Ground.STOPPED_PRODUCING, finding_on=TODAY - timedelta(days=16),
        actor=personas.province,
    )
    assert outcome.late and outcome.deadline == TODAY - timedelta(days=1)
    event = AuditEvent.objects.get(action="certificates.certificate_revoke")
    assert event.after["late"] is True and "Quá hạn 15 ngày" in event.message


def test_5_star_certificates_are_revoked_by_the_ministry_only(personas):
    result = make_result(ProductFactory(producer__unit=personas.units.commune_a, criteria_set="13"),
                         level="central", stars=5, average="93")
    _, [certificate] = issue([result], level=C)
    with pytest.raises(PermissionDenied):
        services.certificate_revoke(certificate=certificate, ground="other", finding_on=TODAY, actor=personas.province)
    outcome = services.certificate_revoke(certificate=certificate, ground="other", finding_on=TODAY,
                                          actor=personas.national)
    assert outcome.decision.issuer_level == C and outcome.decision.number == "2/QĐ-BNNMT"


def test_historical_district_certificates_are_revoked_by_the_province(personas):
    units = personas.units
    result = make_result(ProductFactory(producer__unit=units.commune_a, criteria_set="13"), level="district",
                         stars=3, average="62", historical=True,
                         year=2024)
    _, [certificate] = issue([result], level="district", unit=units.old_bien_hoa, number="57/QĐ-UBND",
                             signed_on=date(2024, 8, 1))
    assert services.revocation_issuer(certificate) == ("province", units.dong_nai)
    outcome = services.certificate_revoke(certificate=certificate, ground="criteria_not_met", finding_on=TODAY,
                                          actor=personas.province)
    assert outcome.decision.issuer_unit == units.dong_nai


@pytest.mark.parametrize(
    ("ground", "finding", "signed", "field"),
    [
        ("unknown", TODAY, TODAY, "revocation_ground"),
        ("other", TODAY + timedelta(days=1), TODAY + timedelta(days=1), "revoked_on"),
        ("other", TODAY, TODAY - timedelta(days=1), "revocation_finding_on"),
    ],
)
def test_revocation_validates_its_input(personas, ground, finding, signed, field):
    product = ProductFactory(producer__unit=personas.units.commune_a, criteria_set="13")
    _, [certificate] = issue([make_result(product)], signed_on=TODAY - timedelta(days=9))
    with pytest.raises(ValidationError) as caught:
        services.certificate_revoke(certificate=certificate, ground=ground, finding_on=finding, signed_on=signed,
                                    actor=personas.province)
    assert field in caught.value.message_dict


def test_a_certificate_is_revoked_once(personas):
    _, [certificate] = issue([make_result(ProductFactory(producer__unit=personas.units.commune_a,
                                                         criteria_set="13"))])
    services.certificate_revoke(certificate=certificate, ground="other", finding_on=TODAY, actor=None)
    with pytest.raises(ValidationError, match="đã bị thu hồi"):
        services.certificate_revoke(certificate=certificate, ground="other", finding_on=TODAY, actor=None)


def test_status_annotation_equals_the_pure_function(personas):
    product = ProductFactory(producer__unit=personas.units.commune_a, criteria_set="13")
    made = []
    for days_ago in (0, 200, 900, 1080, 1100):  # valid, valid, expiring, expiring/expired edges
        _, [certificate] = issue([make_result(product)], signed_on=TODAY - timedelta(days=days_ago))
        made.append(certificate)
    services.certificate_revoke(certificate=made[1], ground="other", finding_on=TODAY, actor=None)
    for probe in (TODAY, TODAY + timedelta(days=300), TODAY + timedelta(days=1200)):
        annotated = dict(with_status(Certificate.objects.all(), today=probe).values_list("pk", "status"))
        for certificate in Certificate.objects.all():
            assert annotated[certificate.pk] == status_on(certificate, probe), (certificate, probe)


def test_pdf_bytes_come_from_the_stored_file_when_there_is_one(personas):
    _, [certificate] = issue([make_result(ProductFactory(producer__unit=personas.units.commune_a,
                                                         criteria_set="13"))])
    assert services.certificate_pdf_bytes(certificate).startswith(b"%PDF")  # rendered on demand
    services.certificate_store_pdf(certificate=certificate)
    stored = certificate.pdf.read()
    certificate.pdf.close()
    assert services.certificate_pdf_bytes(certificate) == stored


def test_recognisable_results_lists_what_each_level_may_recognise(personas):
    units = personas.units
    province_ok = make_result(ProductFactory(producer__unit=units.commune_a, criteria_set="13"), stars=4)
    potential = make_result(ProductFactory(producer__unit=units.commune_a, criteria_set="13"), stars=4,
                            average="92", potential_5_star=True)
    central_5 = make_result(ProductFactory(producer__unit=units.commune_a, criteria_set="13"),
                            level="central", stars=5, average="92")
    central_4 = make_result(ProductFactory(producer__unit=units.commune_a, criteria_set="13"),
                            level="central", stars=4, average="86")
    assert set(services.recognisable_results("province", units.dong_nai)) == {province_ok, central_4}
    assert set(services.recognisable_results("central", None)) == {central_5}
    assert potential not in set(RatingResult.objects.filter(pk__in=services.recognisable_results("province", None)))


def test_a_department_officer_cannot_decide(personas):
    officer = make_user("so_nn", Role.DEPARTMENT_OFFICER, personas.units.dong_nai)
    with pytest.raises(PermissionDenied):
        issue([make_result(ProductFactory(producer__unit=personas.units.commune_a, criteria_set="13"))],
              actor=officer)
