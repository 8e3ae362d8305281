"""Writes of the cycle other than status moves (those are in ocop.cycle.transitions).

Every service is atomic, re-checks the actor's rights inside its transaction, validates with
full_clean and writes an AuditEvent.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.models import Role
from ocop.accounts.policy import can_write as can_write_in_scope
from ocop.accounts.roles import MANAGERS, WRITING_OFFICES
from ocop.accounts.scope import can_write_unit
from ocop.accounts.services import role_assign, user_create
from ocop.core.audit import AuditAction, audit_record, diff, snapshot
from ocop.cycle import workflow
from ocop.cycle.models import (
    BusinessPlan,
    Cycle,
    CycleStep,
    Implementation,
    Milestone,
    ProducerVerification,
    ProductIdea,
    PublicityActivity,
    SupportReceived,
)
from ocop.cycle.steps import default_calendar
from ocop.cycle.transitions import require_verified
from ocop.cycle.workflow import IDEA, IMPLEMENTATION, PLAN
from ocop.registry.models import Producer
from ocop.registry.policy import producer_roles
from ocop.registry.services import producer_create, producer_member_add

CALENDAR_ROLES = MANAGERS
IDEA_FIELDS = ["proposed_name", "criteria_set", "description", "expected_market", "consent_recorded", "consent_note"]
PLAN_FIELDS = ["summary", "capital_own", "capital_loan", "capital_state", "capital_other", "timeline", "market_plan"]
PUBLICITY_FIELDS = ["kind", "title", "date", "unit", "participants", "notes"]
MILESTONE_FIELDS = ["title", "due", "done_on", "note"]
SUPPORT_FIELDS = ["kind", "provider", "amount", "date", "note"]


# --- The calendar (province office only) ----------------------------------------------------

def _check_calendar_rights(actor, unit) -> None:
    if actor is not None and actor.is_superuser:
        return
    if actor is None or not can_write_in_scope(actor, unit, CALENDAR_ROLES):
        raise PermissionDenied(_("Chỉ văn phòng OCOP tỉnh được mở chu trình và sửa lịch."))


def cycle_check_open(*, year: int, unit, actor) -> None:
    """Raise PermissionDenied or ValidationError if ACTOR may not open the cycle of YEAR in UNIT."""
    _check_calendar_rights(actor, unit)
    if not unit.is_current or unit.level not in ("province", "commune"):
        raise ValidationError({"unit": _("Chu trình mở cho một tỉnh hoặc một xã hiện hành.")})
    if Cycle.objects.filter(year=year, unit=unit).exists():
        raise ValidationError(_("Đơn vị này đã có chu trình năm %(year)s.") % {"year": year})


@transaction.atomic
def cycle_open(*, year: int, unit, actor) -> Cycle:
    """Open the cycle of YEAR in UNIT (a current province or commune) with the default calendar."""
    cycle_check_open(year=year, unit=unit, actor=actor)
    cycle = Cycle(year=year, unit=unit, opened_by=actor if actor is not None and actor.is_authenticated else None)
    cycle.full_clean()
    try:
        with transaction.atomic():  # two officers opening the same cycle at once: the unique index decides
            cycle.save()
    except IntegrityError as exc:
        raise ValidationError(_("Đơn vị này đã có chu trình năm %(year)s.") % {"year": year}) from exc
    CycleStep.objects.bulk_create(
        CycleStep(cycle=cycle, step=w.step, starts_on=w.starts_on, ends_on=w.ends_on, focus=w.focus)
        for w in default_calendar(year)
    )
    audit_record(action=AuditAction.CYCLE_OPEN, actor=actor, target=cycle, unit=unit, after={"year": year})
    return cycle


@transaction.atomic
def cycle_step_update(*, step: CycleStep, actor, starts_on, ends_on, focus: str | None = None) -> CycleStep:
    current = CycleStep.objects.select_for_update(of=("self",)).select_related("cycle__unit").get(pk=step.pk)
    _check_calendar_rights(actor, current.cycle.unit)
    before = snapshot(current, ["starts_on", "ends_on", "focus"])
    current.starts_on, current.ends_on = starts_on, ends_on
    if focus is not None:
        current.focus = focus
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": _("Ngày kết thúc phải sau ngày bắt đầu.")})
    if starts_on and starts_on.year != current.cycle.year:
        raise ValidationError({"starts_on": _("Bước phải bắt đầu trong năm của chu trình.")})
    current.full_clean()
    old, new = diff(before, snapshot(current, ["starts_on", "ends_on", "focus"]))
    if new:
        current.save(update_fields=["starts_on", "ends_on", "focus"])
        audit_record(action=AuditAction.CYCLE_STEP_UPDATE, actor=actor, target=current.cycle, unit=current.cycle.unit,
                     before={"step": current.step, **old}, after={"step": current.step, **new})
    return current


# --- Step 1: publicity ----------------------------------------------------------------------

@transaction.atomic
def publicity_activity_save(*, activity: PublicityActivity, actor) -> PublicityActivity:
    """Create or update a publicity activity; office roles within the unit."""
    if actor is None or not can_write_in_scope(actor, activity.unit, WRITING_OFFICES):
        raise PermissionDenied(_("Đơn vị này nằm ngoài phạm vi quản lý của bạn."))
    before = {}
    if activity.pk:
        current = PublicityActivity.objects.select_for_update().select_related("unit").get(pk=activity.pk)
        if not actor.is_superuser and not can_write_unit(actor, current.unit):
            raise PermissionDenied(_("Đơn vị này nằm ngoài phạm vi quản lý của bạn."))
        before = snapshot(current, PUBLICITY_FIELDS)
    elif actor.is_authenticated:
        activity.created_by = actor
    activity.full_clean()
    activity.save()
    old, new = diff(before, snapshot(activity, PUBLICITY_FIELDS))
    audit_record(action=AuditAction.PUBLICITY_UPDATE if before else AuditAction.PUBLICITY_CREATE, actor=actor, target=activity,
                 unit=activity.unit, before=old or None, after=new)
    return activity


# --- Steps 2 and 3: ideas and plans (the producer side) -------------------------------------

def _producer_side(actor, producer) -> bool:
    """Check the actor acts for the producer; True when a commune officer acts on its behalf."""
    roles = producer_roles(actor, producer)
    if not roles & workflow.PRODUCER_SIDE:
        raise PermissionDenied(_("Bạn không thể lập hồ sơ thay cho chủ thể này."))
    return Role.PRODUCER not in roles


def _check_consent(idea: ProductIdea) -> None:
    if idea.assisted and (not idea.consent_recorded or not idea.consent_note.strip()):
        raise ValidationError({
            "consent_note": _("Khi lập thay cho chủ thể, cần ghi nhận sự đồng ý của chủ thể (đã đồng ý và cách ghi nhận)."),
        })


@transaction.atomic
def idea_create(*, producer, actor, year: int | None = None, **fields) -> ProductIdea:
    assisted = _producer_side(actor, producer)
    require_verified(producer)
    idea = ProductIdea(
        producer=producer,
        year=year or timezone.localdate().year,
        created_by=actor,
        assisted=assisted,
        **{k: v for k, v in fields.items() if k in IDEA_FIELDS},
    )
    _check_consent(idea)
    idea.full_clean()
    idea.save()
    audit_record(action=AuditAction.IDEA_CREATE, actor=actor, target=idea, unit=producer.unit,
                 after=snapshot(idea, ["year", "assisted", *IDEA_FIELDS]))
    return idea


@transaction.atomic
def idea_update(*, idea: ProductIdea, actor, data: dict) -> ProductIdea:
    current = ProductIdea.objects.select_for_update(of=("self",)).select_related("producer__unit").get(pk=idea.pk)
    assisted = _producer_side(actor, current.producer)
    if not workflow.WORKFLOWS[IDEA].is_editable(current.status):
        raise ValidationError(_("Ý tưởng đã gửi không sửa được; chờ cán bộ xử lý."))
    before = snapshot(current, IDEA_FIELDS)
    for field, value in data.items():
        if field not in IDEA_FIELDS:
            raise ValueError(f"unknown idea field {field}")
        setattr(current, field, value)
    current.assisted = current.assisted or assisted
    _check_consent(current)
    current.full_clean()
    old, new = diff(before, snapshot(current, IDEA_FIELDS))
    if new:
        current.save()
        audit_record(action=AuditAction.IDEA_UPDATE, actor=actor, target=current, unit=current.producer.unit,
                     before=old, after=new)
    return current


@transaction.atomic
def plan_create(*, idea: ProductIdea, actor, **fields) -> BusinessPlan:
    idea = ProductIdea.objects.select_for_update(of=("self",)).select_related("producer__unit").get(pk=idea.pk)
    assisted = _producer_side(actor, idea.producer)
    if not workflow.idea_open_to_plans(idea.status):
        raise ValidationError(_("Chỉ lập phương án cho ý tưởng đã được chấp nhận."))
    if idea.plans.exclude(status=workflow.PlanStatus.REJECTED).exists():
        raise ValidationError(_("Ý tưởng này đã có phương án đang xử lý."))
    plan = BusinessPlan(idea=idea, created_by=actor, assisted=assisted,
                        **{k: v for k, v in fields.items() if k in PLAN_FIELDS})
    plan.full_clean()
    plan.save()
    audit_record(action=AuditAction.PLAN_CREATE, actor=actor, target=plan, unit=idea.producer.unit,
                 after=snapshot(plan, PLAN_FIELDS))
    return plan


@transaction.atomic
def plan_update(*, plan: BusinessPlan, actor, data: dict) -> BusinessPlan:
    current = BusinessPlan.objects.select_for_update(of=("self",)).select_related("idea__producer__unit").get(
        pk=plan.pk
    )
    assisted = _producer_side(actor, current.idea.producer)
    if not workflow.WORKFLOWS[PLAN].is_editable(current.status):
        raise ValidationError(_("Phương án đã gửi không sửa được; chờ cán bộ xử lý."))
    before = snapshot(current, PLAN_FIELDS)
    for field, value in data.items():
        if field not in PLAN_FIELDS:
            raise ValueError(f"unknown plan field {field}")
        setattr(current, field, value)
    current.assisted = current.assisted or assisted
    current.full_clean()
    old, new = diff(before, snapshot(current, PLAN_FIELDS))
    if new:
        current.save()
        audit_record(action=AuditAction.PLAN_UPDATE, actor=actor, target=current, unit=current.idea.producer.unit,
                     before=old, after=new)
    return current


@transaction.atomic
def idea_link_product(*, idea: ProductIdea, product, actor) -> ProductIdea:
    """Record the registry product that came out of an accepted idea (the funnel's last stage
    counts its ratings). Officers only; the product must be the idea's producer's."""
    current = ProductIdea.objects.select_for_update(of=("self",)).select_related("producer__unit").get(pk=idea.pk)
    if not producer_roles(actor, current.producer) & workflow.OFFICERS:
        raise PermissionDenied(_("Chỉ cán bộ OCOP được gắn sản phẩm cho ý tưởng."))
    if not workflow.idea_open_to_plans(current.status):
        raise ValidationError(_("Chỉ gắn sản phẩm cho ý tưởng đã được chấp nhận."))
    if product.producer_id != current.producer_id:
        raise ValidationError({"product": _("Sản phẩm không thuộc chủ thể của ý tưởng.")})
    before = current.product_id
    current.product = product
    current.save(update_fields=["product", "updated_at"])
    audit_record(action=AuditAction.IDEA_LINK_PRODUCT, actor=actor, target=current, unit=current.producer.unit,
                 before={"product": before}, after={"product": product.pk})
    return current


# --- Step 4: milestones and support received ------------------------------------------------

def _implementation_for_write(implementation: Implementation, actor) -> Implementation:
    current = Implementation.objects.select_related("plan__idea__producer__unit").get(pk=implementation.pk)
    if not producer_roles(actor, current.plan.idea.producer):
        raise PermissionDenied(_("Bạn không có quyền cập nhật hồ sơ này."))
    if not workflow.WORKFLOWS[IMPLEMENTATION].is_editable(current.status):
        raise ValidationError(_("Việc triển khai đã kết thúc, không cập nhật thêm."))
    return current


def _save_child(obj, *, implementation, actor, fields: list[str], action: AuditAction, model):
    implementation = _implementation_for_write(implementation, actor)
    before = {}
    if obj.pk:
        stored = model.objects.get(pk=obj.pk)
        if stored.implementation_id != implementation.pk:
            raise PermissionDenied(_("Mục này không thuộc hồ sơ triển khai đã chọn."))
        before = snapshot(stored, fields)
    obj.implementation = implementation
    obj.full_clean()
    obj.save()
    old, new = diff(before, snapshot(obj, fields))
    audit_record(action=action, actor=actor, target=implementation, unit=implementation.plan.idea.producer.unit,
                 before=old or None, after={"item": str(obj), **new})
    return obj


@transaction.atomic
def milestone_save(*, milestone: Milestone, implementation: Implementation, actor) -> Milestone:
    return _save_child(milestone, implementation=implementation, actor=actor, fields=MILESTONE_FIELDS,
                       action=AuditAction.IMPLEMENTATION_MILESTONE_SAVE, model=Milestone)


@transaction.atomic
def support_save(*, support: SupportReceived, implementation: Implementation, actor) -> SupportReceived:
    return _save_child(support, implementation=implementation, actor=actor, fields=SUPPORT_FIELDS,
                       action=AuditAction.IMPLEMENTATION_SUPPORT_SAVE, model=SupportReceived)


# --- Self-registration on the portal (the producer then waits for the commune's verification) -

REGISTRATION_FIELDS = ["kind", "name", "tax_code", "rep_name", "rep_title", "unit", "address", "phone", "email"]


@transaction.atomic
def producer_register(
    *, username: str, password: str, full_name: str, email: str = "", phone: str = "",
    producer_data: dict, confirm_duplicates: bool = False,
) -> tuple[object, Producer]:
    """A producer signs up: its account, the producer (pending the commune officer's verification),
    the link between them and the producer role in its commune. Returns (user, producer).

    The registry writes run as the system (actor=None): the newcomer has no scope yet. The
    registration itself is audited with the new user as actor."""
    user = user_create(username=username, password=password, full_name=full_name, email=email)
    if phone:
        user.phone = phone
        user.save(update_fields=["phone"])
    producer = producer_create(
        actor=None, confirm_duplicates=confirm_duplicates,
        **{k: v for k, v in producer_data.items() if k in REGISTRATION_FIELDS},
    )
    producer_member_add(producer=producer, user=user, actor=None)
    role_assign(user=user, role=Role.PRODUCER, unit=producer.unit, actor=None, note="Tự đăng ký trên cổng")
    ProducerVerification.objects.create(producer=producer, requested_by=user)
    audit_record(action=AuditAction.PRODUCER_REGISTER, actor=user, target=producer, unit=producer.unit,
                 after={"username": username, "producer": producer.name})
    return user, producer
