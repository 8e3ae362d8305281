"""The one transition service per workflow (tables in ocop.cycle.workflow).

Each service locks the record (select_for_update), checks scope and role against the table,
requires a reason where the table says so, then in the same transaction saves the new status,
writes a Transition row and an AuditEvent. Two concurrent moves of one record leave one
consistent result: the second sees the new status and is refused.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.policy import can_read_producer, producer_roles
from ocop.core.audit import audit_record
from ocop.cycle import workflow
from ocop.cycle.models import (
    BusinessPlan,
    Implementation,
    ProducerVerification,
    ProductIdea,
    Transition,
)
from ocop.cycle.workflow import (
    IDEA,
    IMPLEMENTATION,
    PLAN,
    VERIFICATION,
    IdeaStatus,
    PlanStatus,
    VerificationStatus,
)

# How to reach the producer from each workflow's record.
_PRODUCER_PATH = {
    IDEA: ("producer",),
    PLAN: ("idea", "producer"),
    IMPLEMENTATION: ("plan", "idea", "producer"),
    VERIFICATION: ("producer",),
}
_SELECT_RELATED = {kind: "__".join((*path, "unit")) for kind, path in _PRODUCER_PATH.items()}


def producer_of(kind: str, record):
    for part in _PRODUCER_PATH[kind]:
        record = getattr(record, part)
    return record


def require_verified(producer) -> None:
    """Refuse work for a producer whose self-registration is not verified yet."""
    status = ProducerVerification.objects.filter(producer=producer).values_list("status", flat=True).first()
    if status not in (None, VerificationStatus.VERIFIED):
        raise ValidationError(_("Chủ thể chưa được cán bộ xã xác minh."))


def _stamp(kind: str, record, to: str) -> list[str]:
    """Timestamps and side fields of a move; returns the extra fields to save."""
    now = timezone.now()
    if kind in (IDEA, PLAN):
        if to == IdeaStatus.SUBMITTED:
            record.submitted_at = now
            return ["submitted_at"]
        if to != PlanStatus.UNDER_REVIEW:
            record.decided_at = now
            return ["decided_at"]
    if kind == IMPLEMENTATION:
        record.completed_on = timezone.localdate()
        return ["completed_on"]
    if kind == VERIFICATION and to != VerificationStatus.PENDING:
        record.decided_at = now
        return ["decided_at"]
    return []


def _check_ready(kind: str, record, to: str, producer) -> None:
    if to in (IdeaStatus.SUBMITTED, PlanStatus.SUBMITTED) and kind in (IDEA, PLAN):
        require_verified(producer)
        record.full_clean()
    if kind == PLAN and to == PlanStatus.SUBMITTED and not workflow.idea_open_to_plans(record.idea.status):
        raise ValidationError(_("Ý tưởng của phương án này không còn ở trạng thái được chấp nhận."))


@transaction.atomic
def _move(kind: str, record, *, to: str, actor, reason: str = ""):
    model = type(record)
    locked = model.objects.select_for_update(of=("self",)).select_related(_SELECT_RELATED[kind]).get(pk=record.pk)
    producer = producer_of(kind, locked)
    if not can_read_producer(actor, producer):
        raise PermissionDenied(_("Hồ sơ này nằm ngoài phạm vi của bạn."))
    before = locked.status
    if not workflow.is_move(kind, before, to):
        raise ValidationError(
            _("Không thể chuyển từ «%(from)s» sang «%(to)s».")
            % {"from": locked.get_status_display(), "to": workflow.STATUSES[kind](to).label}
            if to in workflow.STATUSES[kind].values
            else _("Trạng thái không hợp lệ.")
        )
    if not workflow.can_transition(kind, before, to, producer_roles(actor, producer)):
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))
    reason = (reason or "").strip()
    if workflow.requires_reason(kind, to) and not reason:
        raise ValidationError({"reason": _("Cần nêu rõ lý do.")})
    _check_ready(kind, locked, to, producer)

    locked.status, locked.status_note = to, reason
    locked.save(update_fields=["status", "status_note", "updated_at", *_stamp(kind, locked, to)])
    Transition.objects.create(
        workflow=kind,
        content_type=ContentType.objects.get_for_model(model),
        object_id=locked.pk,
        from_status=before,
        to_status=to,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_repr=(str(actor) if actor is not None and actor.is_authenticated else "")[:200],
        reason=reason,
    )
    audit_record(
        action=f"{kind}.{to}",
        actor=actor,
        target=locked,
        unit=producer.unit,
        before={"status": before},
        after={"status": to},
        message=reason,
    )
    return locked


def idea_transition(*, idea: ProductIdea, to: str, actor, reason: str = "") -> ProductIdea:
    return _move(IDEA, idea, to=to, actor=actor, reason=reason)


@transaction.atomic
def plan_transition(*, plan: BusinessPlan, to: str, actor, reason: str = "") -> BusinessPlan:
    """Approving a plan opens its implementation (step 4) in the same transaction."""
    plan = _move(PLAN, plan, to=to, actor=actor, reason=reason)
    if to == PlanStatus.APPROVED:
        implementation = Implementation.objects.create(plan=plan, started_on=timezone.localdate())
        audit_record(
            action="implementation.start", actor=actor, target=implementation, unit=plan.idea.producer.unit
        )
    return plan


def implementation_transition(
    *, implementation: Implementation, to: str, actor, reason: str = ""
) -> Implementation:
    return _move(IMPLEMENTATION, implementation, to=to, actor=actor, reason=reason)


def verification_transition(
    *, verification: ProducerVerification, to: str, actor, reason: str = ""
) -> ProducerVerification:
    return _move(VERIFICATION, verification, to=to, actor=actor, reason=reason)


def allowed_for(kind: str, record, user) -> list[str]:
    """The moves USER may make on RECORD now (for buttons; the service checks again)."""
    return workflow.allowed_transitions(kind, record.status, producer_roles(user, producer_of(kind, record)))


def history(record) -> list[Transition]:
    """The record's transitions, oldest first."""
    return list(
        Transition.objects.filter(
            content_type=ContentType.objects.get_for_model(type(record)), object_id=record.pk
        ).order_by("at", "id")
    )
