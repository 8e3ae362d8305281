"""Services per transition and role: filing, commune review, province check, rounds, historical."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from ocop.core.models import AuditEvent
from ocop.rating import selectors
from ocop.rating.models import (
    CommuneReview,
    Dossier,
    PublicHoliday,
    RatingResult,
    RatingRound,
)
from ocop.rating.services import dossiers, historical, review, rounds
from ocop.rating.tests.factories import best_sheet, make_dossier
from ocop.rating.workflow import DossierStatus as S
from ocop.registry.models import Document
from ocop.registry.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def ready_draft(world, personas, **fields):
    dossier = dossiers.dossier_create(actor=personas.producer, product=world.product_a, **fields)
    return dossiers.dossier_self_assess(dossier=dossier, actor=personas.producer, answers=best_sheet())


# --- Filing ---------------------------------------------------------------------------------------

def test_producer_files_a_draft_with_regime_set_and_samples(world, personas):
    dossier = dossiers.dossier_create(actor=personas.producer, product=world.product_a)
    assert (dossier.status, dossier.regime, dossier.criteria_set, dossier.samples_count) == (S.DRAFT, "qd26-2026", "07", 5)
    assert dossier.unit == personas.units.commune_a and dossier.filed_by == personas.producer
    assert AuditEvent.objects.filter(action="dossier.create", target_id=str(dossier.pk)).exists()


def test_tourism_set_needs_no_samples(world, personas):
    tour = ProductFactory(producer=world.producer_a, name="Du lịch vườn An", criteria_set="26")
    assert dossiers.dossier_create(actor=personas.producer, product=tour).samples_count == 0


def test_commune_officer_files_only_in_assisted_mode_with_consent(world, personas):
    with pytest.raises(ValidationError):
        dossiers.dossier_create(actor=personas.commune_a, product=world.product_a)
    with pytest.raises(ValidationError):
        dossiers.dossier_create(actor=personas.commune_a, product=world.product_a, assisted=True)
    dossier = dossiers.dossier_create(actor=personas.commune_a, product=world.product_a, assisted=True,
                                      consent_note="Chủ thể đồng ý qua điện thoại ngày 3/8/2026")
    assert dossier.assisted


@pytest.mark.parametrize("persona", ["commune_b", "other_province", "province", "auditor"])
def test_others_cannot_file(world, personas, persona):
    with pytest.raises((PermissionDenied, ValidationError)):
        dossiers.dossier_create(actor=getattr(personas, persona), product=world.product_a, assisted=True,
                                consent_note="x")


def test_one_open_dossier_per_product(world, personas):
    dossiers.dossier_create(actor=personas.producer, product=world.product_a)
    with pytest.raises(ValidationError):
        dossiers.dossier_create(actor=personas.producer, product=world.product_a)


def test_self_assessment_is_scored_by_the_engine(world, personas):
    dossier = dossiers.dossier_create(actor=personas.producer, product=world.product_a)
    dossier = dossiers.dossier_self_assess(dossier=dossier, actor=personas.producer, answers=best_sheet(c4c="0"))
    assert dossier.self_total == Decimal("95")
    with pytest.raises(ValidationError):
        dossiers.dossier_self_assess(dossier=dossier, actor=personas.producer, answers={"99z": "1"})


def test_evidence_comes_from_the_producers_locker(world, personas):
    dossier = dossiers.dossier_create(actor=personas.producer, product=world.product_a)
    doc = Document.objects.create(producer=world.producer_a, kind="attp", file="x.pdf")
    other = Document.objects.create(producer=world.product_b.producer, kind="attp", file="y.pdf")
    ev = dossiers.dossier_evidence_add(dossier=dossier, actor=personas.producer, document=doc, criterion_code="6a")
    assert dossiers.dossier_evidence_add(dossier=dossier, actor=personas.producer, document=doc,
                                         criterion_code="6a") == ev
    dossiers.dossier_evidence_add(dossier=dossier, actor=personas.producer, document=doc, criterion_code="")
    assert dossier.documents.distinct().count() == 1 and dossier.evidence.count() == 2
    with pytest.raises(ValidationError):
        dossiers.dossier_evidence_add(dossier=dossier, actor=personas.producer, document=other)
    with pytest.raises(ValidationError):
        dossiers.dossier_evidence_add(dossier=dossier, actor=personas.producer, document=doc, criterion_code="77")


def test_submit_needs_a_complete_self_assessment(world, personas):
    dossier = dossiers.dossier_create(actor=personas.producer, product=world.product_a)
    with pytest.raises(ValidationError) as exc:
        dossiers.dossier_transition(dossier=dossier, to=S.SUBMITTED, actor=personas.producer)
    assert "self_assessment" in exc.value.message_dict


@time_machine.travel("2026-02-06 09:00 +0700", tick=False)
def test_submit_sets_the_review_deadline_in_working_days(world, personas):
    dossier = dossiers.dossier_transition(dossier=ready_draft(world, personas), to=S.SUBMITTED,
                                          actor=personas.producer)
    assert dossier.status == S.SUBMITTED
    assert dossier.review_due_on == date(2026, 3, 6)  # 15 working days across Tết
    assert dossier.transitions.filter(to_status=S.SUBMITTED).count() == 1


@time_machine.travel("2026-03-02 09:00 +0700", tick=False)
def test_office_holidays_move_the_deadline(world, personas):
    PublicHoliday.objects.create(date=date(2026, 3, 10), name="Nghỉ địa phương")
    dossier = dossiers.dossier_transition(dossier=ready_draft(world, personas), to=S.SUBMITTED,
                                          actor=personas.producer)
    assert dossier.review_due_on == date(2026, 3, 24)


def test_upgrade_needs_the_changes(world, personas):
    dossier = ready_draft(world, personas, kind=Dossier.Kind.UPGRADE)
    with pytest.raises(ValidationError):
        dossiers.dossier_transition(dossier=dossier, to=S.SUBMITTED, actor=personas.producer)


def test_service_only_moves_are_refused_by_the_generic_service(world, personas):
    dossier = make_dossier(world.product_a, S.SUBMITTED)
    with pytest.raises(ValidationError):
        dossiers.dossier_transition(dossier=dossier, to=S.PROPOSED, actor=personas.commune_a)


def test_producer_cannot_edit_after_submitting(world, personas):
    dossier = make_dossier(world.product_a, S.SUBMITTED)
    with pytest.raises(ValidationError):
        dossiers.dossier_update(dossier=dossier, actor=personas.producer, data={"product_spec": "x"})


# --- Commune review -------------------------------------------------------------------------------

def form03(**extra):
    return {"complete": True, "local_materials": "Điều thô mua tại xã", "local_labour": "8/10 lao động tại xã",
            "idea_origin": "Truyền thống", "local_identity": "Rang củi", "report_number": "12/BC-UBND", **extra}


@time_machine.travel("2026-05-04 09:00 +0700", tick=False)
def test_commune_proposes_and_the_dossier_joins_the_next_open_round(world, personas):
    first = RatingRound.objects.create(level="province", unit=personas.units.dong_nai, year=2026, sequence=1,
                                       proposal_deadline=date(2026, 4, 30), rating_deadline=date(2026, 6, 30))
    dossier = make_dossier(world.product_a, S.SUBMITTED, self_assessment=best_sheet())
    rv = review.commune_review_issue(dossier=dossier, actor=personas.commune_a, conclusion="propose", **form03())
    dossier.refresh_from_db()
    assert dossier.status == S.PROPOSED and dossier.round == world.round != first
    assert rv.reviewer == personas.commune_a and dossier.proposed_at


def test_commune_creates_default_rounds_when_none_is_open(world, personas):
    world.round.proposal_deadline = date(2026, 3, 1)  # closed for filing by its date
    world.round.save()
    dossier = make_dossier(world.product_a, S.SUBMITTED)
    with time_machine.travel("2026-03-10 09:00 +0700", tick=False):
        review.commune_review_issue(dossier=dossier, actor=personas.commune_a, conclusion="propose", **form03())
    dossier.refresh_from_db()
    assert (dossier.round.year, dossier.round.sequence, dossier.round.proposal_deadline) == (2026, 1, date(2026, 4, 30))


def test_commune_returns_with_reasons(world, personas):
    dossier = make_dossier(world.product_a, S.SUBMITTED)
    with pytest.raises(ValidationError):
        review.commune_review_issue(dossier=dossier, actor=personas.commune_a, conclusion="return", complete=False)
    review.commune_review_issue(dossier=dossier, actor=personas.commune_a, conclusion="return", complete=False,
                                reasons="Thiếu phiếu kiểm nghiệm")
    dossier.refresh_from_db()
    assert dossier.status == S.RETURNED and dossier.status_note == "Thiếu phiếu kiểm nghiệm"


def test_proposing_needs_a_complete_dossier(world, personas):
    dossier = make_dossier(world.product_a, S.SUBMITTED)
    with pytest.raises(ValidationError):
        review.commune_review_issue(dossier=dossier, actor=personas.commune_a, conclusion="propose",
                                    **form03(complete=False))
    assert not CommuneReview.objects.exists()


@pytest.mark.parametrize("persona", ["commune_b", "producer", "province", "other_province", "auditor"])
def test_only_the_dossiers_commune_reviews(world, personas, persona):
    dossier = make_dossier(world.product_a, S.SUBMITTED)
    with pytest.raises(PermissionDenied):
        review.commune_review_issue(dossier=dossier, actor=getattr(personas, persona), conclusion="propose",
                                    **form03())
    assert not CommuneReview.objects.exists()


def test_overdue_selector(world, personas):
    late = make_dossier(world.product_a, S.SUBMITTED, review_due_on=date(2026, 3, 1))
    make_dossier(world.product_b, S.SUBMITTED, review_due_on=date(2026, 3, 30))
    make_dossier(world.product_hcm, S.PROPOSED, review_due_on=date(2026, 3, 1))
    assert list(selectors.dossiers_overdue_review(today=date(2026, 3, 10))) == [late]
    assert list(selectors.dossiers_overdue_review(user=personas.commune_b, today=date(2026, 3, 10))) == []


# --- Province office --------------------------------------------------------------------------------

def test_province_accepts_returns_or_rejects(world, personas):
    d1 = make_dossier(world.product_a, S.PROPOSED, round=world.round)
    dossiers.dossier_transition(dossier=d1, to=S.ACCEPTED, actor=personas.province)
    d2 = make_dossier(world.product_b, S.PROPOSED, round=world.round)
    with pytest.raises(ValidationError):
        dossiers.dossier_transition(dossier=d2, to=S.REJECTED, actor=personas.province)
    dossiers.dossier_transition(dossier=d2, to=S.REJECTED, actor=personas.province, reason="Hồ sơ giả mạo")
    assert Dossier.objects.get(pk=d1.pk).status == S.ACCEPTED
    assert Dossier.objects.get(pk=d2.pk).status == S.REJECTED


@pytest.mark.parametrize("persona", ["other_province", "commune_a", "auditor"])
def test_others_cannot_accept(world, personas, persona):
    dossier = make_dossier(world.product_a, S.PROPOSED, round=world.round)
    with pytest.raises(PermissionDenied):
        dossiers.dossier_transition(dossier=dossier, to=S.ACCEPTED, actor=getattr(personas, persona))


# --- Rounds ---------------------------------------------------------------------------------------

def test_default_rounds_follow_article_5_and_are_idempotent(personas):
    made = rounds.rounds_create_default(year=2027, unit=personas.units.dong_nai, actor=personas.province)
    again = rounds.rounds_create_default(year=2027, unit=personas.units.dong_nai, actor=personas.province)
    assert made == again
    assert [(r.proposal_deadline, r.rating_deadline) for r in made] == [
        (date(2027, 4, 30), date(2027, 6, 30)), (date(2027, 10, 30), date(2027, 12, 30))]
    central = rounds.rounds_create_default(year=2027, unit=None, actor=personas.national)
    assert [(r.proposal_deadline, r.rating_deadline) for r in central] == [
        (date(2027, 7, 30), date(2027, 9, 30)), (date(2028, 1, 30), date(2028, 3, 30))]


def test_rounds_are_managed_in_scope(personas):
    with pytest.raises(PermissionDenied):
        rounds.rounds_create_default(year=2027, unit=personas.units.dong_nai, actor=personas.other_province)
    with pytest.raises(PermissionDenied):
        rounds.rounds_create_default(year=2027, unit=None, actor=personas.province)


# --- Historical results -----------------------------------------------------------------------------

def test_historical_results_keep_their_regime_and_level(world, personas):
    result = historical.historical_result_record(
        product=world.product_a, level="district", regime="qd148-2023", year=2024, average=Decimal("62.5"),
        stars=3, actor=personas.province, rated_by_unit=personas.units.old_bien_hoa, source="QĐ 123/QĐ-UBND",
    )
    assert result.is_historical and result.is_final and result.band_stars == 3
    assert list(world.product_a.ratings.all()) == [result]


@pytest.mark.parametrize(
    ("level", "regime", "year", "average", "stars"),
    [
        ("district", "qd148-2023", 2024, "75", 4),     # a district recognised 3★ at most
        ("district", "qd148-2023", 2026, "60", 3),     # no district level after 30/6/2025
        ("province", "qd26-2026", 2024, "75", 4),     # not an earlier regime
        ("province", "qd1048-2019", 2021, "65", 4),   # above the band
        ("province", "qd1048-2019", 2021, "101", 4),
    ],
)
def test_historical_results_are_checked(world, personas, level, regime, year, average, stars):
    with pytest.raises(ValidationError):
        historical.historical_result_record(product=world.product_a, level=level, regime=regime, year=year,
                                            average=Decimal(average), stars=stars, actor=personas.province)
    assert not RatingResult.objects.exists()


def test_historical_results_in_scope_only(world, personas):
    with pytest.raises(PermissionDenied):
        historical.historical_result_record(product=world.product_a, level="province", regime="qd148-2023",
                                            year=2024, average=Decimal(75), stars=4, actor=personas.other_province)
