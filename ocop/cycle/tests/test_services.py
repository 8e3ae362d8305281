"""Cycle services other than status moves: calendar, publicity, ideas, plans, implementation."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ocop.core.models import AuditEvent
from ocop.cycle import services
from ocop.cycle.models import Cycle, Milestone, ProducerVerification, PublicityActivity, SupportReceived
from ocop.cycle.tests.factories import IdeaFactory, ImplementationFactory, PlanFactory
from ocop.cycle.workflow import IdeaStatus, ImplementationStatus, PlanStatus, VerificationStatus

pytestmark = pytest.mark.django_db


def idea_data(**extra):
    return {"proposed_name": "Hạt điều rang củi", "criteria_set": "07", "description": "Điều rang củi truyền thống",
            "expected_market": "Du khách", **extra}


# --- The calendar ------------------------------------------------------------------------------

@pytest.mark.parametrize("unit_name", ["dong_nai", "commune_a"])
def test_province_office_opens_a_cycle_with_the_default_calendar(personas, unit_name):
    unit = getattr(personas.units, unit_name)
    cycle = services.cycle_open(year=2026, unit=unit, actor=personas.province)
    steps = list(cycle.steps.order_by("step"))
    assert [s.step for s in steps] == [1, 2, 3, 4, 5, 6]
    assert (steps[1].starts_on, steps[1].ends_on) == (date(2026, 4, 1), date(2026, 6, 30))
    assert AuditEvent.objects.filter(action="cycle.open", target_id=str(cycle.pk)).exists()


@pytest.mark.parametrize("persona", ["commune_a", "other_province", "auditor", "producer"])
def test_others_cannot_open_a_cycle(personas, persona):
    with pytest.raises(PermissionDenied):
        services.cycle_open(year=2026, unit=personas.units.dong_nai, actor=getattr(personas, persona))


def test_a_unit_has_one_cycle_a_year_and_only_current_units(personas):
    services.cycle_open(year=2026, unit=personas.units.dong_nai, actor=personas.province)
    with pytest.raises(ValidationError):
        services.cycle_open(year=2026, unit=personas.units.dong_nai, actor=personas.province)
    with pytest.raises(ValidationError):
        services.cycle_open(year=2026, unit=personas.units.old_dong_nai, actor=personas.national)
    services.cycle_open(year=2027, unit=personas.units.dong_nai, actor=personas.province)
    assert Cycle.objects.count() == 2


def test_only_the_province_office_edits_step_dates(personas):
    cycle = services.cycle_open(year=2026, unit=personas.units.commune_a, actor=personas.province)
    step = cycle.steps.get(step=2)
    with pytest.raises(PermissionDenied):
        services.cycle_step_update(step=step, actor=personas.commune_a, starts_on=date(2026, 3, 1),
                                   ends_on=date(2026, 6, 30))
    with pytest.raises(ValidationError):
        services.cycle_step_update(step=step, actor=personas.province, starts_on=date(2026, 7, 1),
                                   ends_on=date(2026, 6, 30))
    step = services.cycle_step_update(step=step, actor=personas.province, starts_on=date(2026, 3, 15),
                                      ends_on=date(2026, 6, 30), focus="Sớm hơn")
    assert step.starts_on == date(2026, 3, 15)
    event = AuditEvent.objects.get(action="cycle.step_update")
    assert event.before["starts_on"] == "2026-04-01" and event.after["starts_on"] == "2026-03-15"


# --- Publicity ---------------------------------------------------------------------------------

def test_publicity_is_saved_in_scope_and_audited(personas):
    activity = PublicityActivity(kind=PublicityActivity.Kind.TRAINING, title="Tập huấn OCOP 2026",
                                 date=date(2026, 3, 10), unit=personas.units.commune_a, participants=45)
    services.publicity_activity_save(activity=activity, actor=personas.commune_a)
    assert activity.created_by == personas.commune_a
    activity.participants = 50
    services.publicity_activity_save(activity=activity, actor=personas.commune_a)
    assert AuditEvent.objects.filter(action="publicity.update", after={"participants": 50}).exists()
    other = PublicityActivity(kind="khac", title="x", date=date(2026, 3, 1), unit=personas.units.commune_b)
    for persona in ("commune_a", "auditor", "producer"):
        with pytest.raises(PermissionDenied):
            services.publicity_activity_save(activity=other, actor=getattr(personas, persona))


# --- Ideas and plans -----------------------------------------------------------------------------

def test_producer_creates_its_own_idea(personas, world):
    idea = services.idea_create(producer=world.a, actor=personas.producer, year=2026, **idea_data())
    assert (idea.status, idea.assisted, idea.created_by) == (IdeaStatus.DRAFT, False, personas.producer)
    assert AuditEvent.objects.filter(action="idea.create").exists()


def test_commune_officer_creates_an_idea_on_behalf_only_with_consent(personas, world):
    with pytest.raises(ValidationError) as raised:
        services.idea_create(producer=world.a2, actor=personas.commune_a, **idea_data())
    assert "consent_note" in raised.value.message_dict
    idea = services.idea_create(producer=world.a2, actor=personas.commune_a, **idea_data(
        consent_recorded=True, consent_note="Chủ hộ đồng ý trực tiếp tại UBND xã ngày 12/4/2026"))
    assert idea.assisted and idea.consent_recorded


@pytest.mark.parametrize("persona", ["producer", "commune_b", "province", "auditor"])
def test_others_cannot_create_ideas_for_a_producer(personas, world, persona):
    with pytest.raises(PermissionDenied):
        services.idea_create(producer=world.a2, actor=getattr(personas, persona),
                             **idea_data(consent_recorded=True, consent_note="x"))


def test_an_unverified_producer_cannot_start_ideas(personas, world):
    ProducerVerification.objects.create(producer=world.a, status=VerificationStatus.PENDING)
    with pytest.raises(ValidationError):
        services.idea_create(producer=world.a, actor=personas.producer, **idea_data())


def test_ideas_are_editable_only_while_draft_or_returned(personas, world):
    idea = IdeaFactory(producer=world.a, status=IdeaStatus.RETURNED)
    idea = services.idea_update(idea=idea, actor=personas.producer, data={"description": "Mô tả mới"})
    assert idea.description == "Mô tả mới"
    idea.status = IdeaStatus.SUBMITTED
    idea.save()
    with pytest.raises(ValidationError):
        services.idea_update(idea=idea, actor=personas.producer, data={"description": "Sửa sau khi gửi"})
    with pytest.raises(ValueError):
        services.idea_update(idea=IdeaFactory(producer=world.a), actor=personas.producer, data={"status": "accepted"})


def test_plans_only_for_accepted_ideas_and_one_at_a_time(personas, world):
    with pytest.raises(ValidationError):
        services.plan_create(idea=IdeaFactory(producer=world.a, status=IdeaStatus.SUBMITTED),
                             actor=personas.producer, summary="x")
    idea = IdeaFactory(producer=world.a, status=IdeaStatus.ACCEPTED)
    plan = services.plan_create(idea=idea, actor=personas.producer, summary="Đầu tư lò sấy",
                                capital_own=Decimal("120000000"), capital_state=Decimal("30000000"))
    assert plan.capital_total == Decimal("150000000") and not plan.assisted
    with pytest.raises(ValidationError):
        services.plan_create(idea=idea, actor=personas.producer, summary="Phương án thứ hai")
    with pytest.raises(ValidationError):
        services.plan_update(plan=plan, actor=personas.producer, data={"capital_loan": Decimal("-1")})
    plan = services.plan_update(plan=plan, actor=personas.commune_a, data={"timeline": "Quý III/2026"})
    assert plan.assisted


def test_a_new_plan_may_follow_a_rejected_one(personas, world):
    idea = IdeaFactory(producer=world.a, status=IdeaStatus.ACCEPTED)
    PlanFactory(idea=idea, status=PlanStatus.REJECTED)
    assert services.plan_create(idea=idea, actor=personas.producer, summary="Làm lại").pk


# --- Implementation ----------------------------------------------------------------------------

def test_milestones_and_support_while_in_progress(personas, world):
    implementation = ImplementationFactory(plan__idea__producer=world.a)
    milestone = services.milestone_save(milestone=Milestone(title="Lắp máy sấy", due=date(2026, 8, 1)),
                                        implementation=implementation, actor=personas.producer)
    support = services.support_save(
        support=SupportReceived(kind=SupportReceived.Kind.FUNDING, provider="Sở Nông nghiệp và Môi trường",
                                amount=Decimal("50000000"), date=date(2026, 7, 20)),
        implementation=implementation, actor=personas.commune_a)
    assert milestone.pk and support.pk
    assert AuditEvent.objects.filter(action="implementation.support_save").count() == 1
    with pytest.raises(PermissionDenied):
        services.milestone_save(milestone=Milestone(title="x", due=date(2026, 8, 1)),
                                implementation=implementation, actor=personas.commune_b)
    implementation.status = ImplementationStatus.COMPLETED
    implementation.save()
    with pytest.raises(ValidationError):
        services.milestone_save(milestone=milestone, implementation=implementation, actor=personas.producer)


def test_a_milestone_cannot_be_moved_to_another_implementation(personas, world):
    first = ImplementationFactory(plan__idea__producer=world.a)
    second = ImplementationFactory(plan__idea__producer=world.a)
    milestone = services.milestone_save(milestone=Milestone(title="Bao bì", due=date(2026, 9, 1)),
                                        implementation=first, actor=personas.producer)
    with pytest.raises(PermissionDenied):
        services.milestone_save(milestone=milestone, implementation=second, actor=personas.producer)


def test_officers_link_the_resulting_product_to_an_accepted_idea(personas, world):
    from ocop.registry.models import Product

    idea = IdeaFactory(producer=world.a, status=IdeaStatus.ACCEPTED)
    product = Product.objects.create(producer=world.a, unit=world.a.unit, name="Mứt chôm chôm", criteria_set="07")
    other = Product.objects.create(producer=world.a2, unit=world.a2.unit, name="Khác", criteria_set="07")
    with pytest.raises(PermissionDenied):
        services.idea_link_product(idea=idea, product=product, actor=personas.producer)
    with pytest.raises(ValidationError):
        services.idea_link_product(idea=idea, product=other, actor=personas.commune_a)
    assert services.idea_link_product(idea=idea, product=product, actor=personas.commune_a).product == product
    with pytest.raises(ValidationError):
        services.idea_link_product(idea=IdeaFactory(producer=world.a), product=product, actor=personas.commune_a)
