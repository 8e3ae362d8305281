"""The cycle's moves (declared in ocop.cycle.workflow), made by the one engine
(ocop.core.transitions.transition): one Binding per workflow says how to reach the record's
producer (its scope, the actor's roles over it, the audit unit), what must be ready before a
move and which timestamps a move sets. History: ocop.core.transitions.history.
"""

from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.core.audit import AuditAction, audit_record
from ocop.core.transitions import Binding, transition
from ocop.cycle import workflow
from ocop.cycle.models import (
    BusinessPlan,
    Implementation,
    ProducerVerification,
    ProductIdea,
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
from ocop.registry.policy import can_read_producer, producer_roles

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


def _stamp(kind: str, record, to: str, actor) -> dict:
    """Timestamps and side fields of a move."""
    now = timezone.now()
    if kind in (IDEA, PLAN):
        if to == IdeaStatus.SUBMITTED:
            return {"submitted_at": now}
        if to != PlanStatus.UNDER_REVIEW:
            return {"decided_at": now}
    if kind == IMPLEMENTATION:
        return {"completed_on": timezone.localdate()}
    if kind == VERIFICATION and to != VerificationStatus.PENDING:
        return {"decided_at": now}
    return {}


def _check_ready(kind: str, record, to: str) -> None:
    if to in (IdeaStatus.SUBMITTED, PlanStatus.SUBMITTED) and kind in (IDEA, PLAN):
        require_verified(producer_of(kind, record))
        record.full_clean()
    if kind == PLAN and to == PlanStatus.SUBMITTED and not workflow.idea_open_to_plans(record.idea.status):
        raise ValidationError(_("Ý tưởng của phương án này không còn ở trạng thái được chấp nhận."))


def _roles(kind: str):
    def roles(actor, record) -> frozenset[str]:
        producer = producer_of(kind, record)
        if not can_read_producer(actor, producer):
            raise PermissionDenied(_("Hồ sơ này nằm ngoài phạm vi của bạn."))
        return frozenset(producer_roles(actor, producer))
    return roles


BINDINGS = {
    kind: Binding(
        workflow=flow, roles=_roles(kind), unit=lambda record, kind=kind: producer_of(kind, record).unit,
        related=(_SELECT_RELATED[kind],), check=partial(_check_ready, kind), stamp=partial(_stamp, kind),
    )
    for kind, flow in workflow.WORKFLOWS.items()
}


def _move(kind: str, record, *, to: str, actor, reason: str = ""):
    return transition(BINDINGS[kind], record, to=to, actor=actor, reason=reason).record


def idea_transition(*, idea: ProductIdea, to: str, actor, reason: str = "") -> ProductIdea:
    return _move(IDEA, idea, to=to, actor=actor, reason=reason)


@transaction.atomic
def plan_transition(*, plan: BusinessPlan, to: str, actor, reason: str = "") -> BusinessPlan:
    """Approving a plan opens its implementation (step 4) in the same transaction."""
    plan = _move(PLAN, plan, to=to, actor=actor, reason=reason)
    if to == PlanStatus.APPROVED:
        implementation = Implementation.objects.create(plan=plan, started_on=timezone.localdate())
        audit_record(
            action=AuditAction.IMPLEMENTATION_START, actor=actor, target=implementation, unit=plan.idea.producer.unit
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
    return workflow.WORKFLOWS[kind].allowed(record.status, producer_roles(user, producer_of(kind, record)))
