"""The workflows of the annual cycle (steps 2–4) and of portal registration, declared for the one
engine (ocop.core.workflow; moves made by ocop.core.transitions through ocop.cycle.transitions).
The views and the admin ask WORKFLOWS[kind].allowed() which buttons to show. Pure module: no ORM
access.

Roles are the roles a user holds *over the record* (see ocop.registry.policy.producer_roles): the
producer over its own records, a commune officer within the commune (also acting "assisted" on a
household's behalf), the province office within the province.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ocop.accounts.models import Role
from ocop.core.workflow import Move, Workflow, register


class IdeaStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    SUBMITTED = "submitted", _("Đã gửi")
    ACCEPTED = "accepted", _("Được chấp nhận")
    RETURNED = "returned", _("Trả lại để bổ sung")
    REJECTED = "rejected", _("Không chấp nhận")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    SUBMITTED = "submitted", _("Đã gửi")
    UNDER_REVIEW = "under_review", _("Đang thẩm định")
    APPROVED = "approved", _("Được phê duyệt")
    RETURNED = "returned", _("Trả lại để bổ sung")
    REJECTED = "rejected", _("Không phê duyệt")


class ImplementationStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("Đang triển khai")
    COMPLETED = "completed", _("Hoàn thành")
    ABANDONED = "abandoned", _("Dừng thực hiện")


class VerificationStatus(models.TextChoices):
    PENDING = "pending", _("Chờ xác minh")
    VERIFIED = "verified", _("Đã xác minh")
    REJECTED = "rejected", _("Không xác minh được")


IDEA, PLAN, IMPLEMENTATION, VERIFICATION = "idea", "plan", "implementation", "verification"

# Who screens and decides: the commune officer (who receives dossiers since 07/2025) and the
# province OCOP office. The producer side: the producer, or a commune officer in assisted mode.
OFFICERS = frozenset({Role.COMMUNE_OFFICER, Role.PROVINCE_OFFICE})
PRODUCER_SIDE = frozenset({Role.PRODUCER, Role.COMMUNE_OFFICER})

_I, _P, _M, _V = IdeaStatus, PlanStatus, ImplementationStatus, VerificationStatus
M = Move

IDEA_FLOW = register(Workflow(
    name=IDEA, title=pgettext_lazy("workflow", "Ý tưởng sản phẩm"), statuses=IdeaStatus, initial=_I.DRAFT,
    moves=(
        M(_I.DRAFT, _I.SUBMITTED, PRODUCER_SIDE, label=_("Gửi ý tưởng")),
        M(_I.SUBMITTED, _I.ACCEPTED, OFFICERS, label=_("Chấp nhận")),
        M(_I.SUBMITTED, _I.RETURNED, OFFICERS, reason=True, label=_("Trả lại để bổ sung")),
        M(_I.SUBMITTED, _I.REJECTED, OFFICERS, reason=True, label=_("Không chấp nhận")),
        M(_I.RETURNED, _I.SUBMITTED, PRODUCER_SIDE, label=_("Gửi ý tưởng")),
    ),
    editable=frozenset({_I.DRAFT, _I.RETURNED}),
    tones={_I.ACCEPTED: "ok", _I.RETURNED: "warn", _I.REJECTED: "bad"},
))

PLAN_FLOW = register(Workflow(
    name=PLAN, title=pgettext_lazy("workflow", "Phương án kinh doanh"), statuses=PlanStatus, initial=_P.DRAFT,
    moves=(
        M(_P.DRAFT, _P.SUBMITTED, PRODUCER_SIDE, label=_("Gửi phương án")),
        M(_P.SUBMITTED, _P.UNDER_REVIEW, OFFICERS, label=_("Tiếp nhận thẩm định")),
        M(_P.SUBMITTED, _P.RETURNED, OFFICERS, reason=True, label=_("Trả lại để bổ sung")),
        M(_P.UNDER_REVIEW, _P.APPROVED, OFFICERS, label=_("Phê duyệt")),
        M(_P.UNDER_REVIEW, _P.RETURNED, OFFICERS, reason=True, label=_("Trả lại để bổ sung")),
        M(_P.UNDER_REVIEW, _P.REJECTED, OFFICERS, reason=True, label=_("Không phê duyệt")),
        M(_P.RETURNED, _P.SUBMITTED, PRODUCER_SIDE, label=_("Gửi phương án")),
    ),
    editable=frozenset({_P.DRAFT, _P.RETURNED}),
    tones={_P.APPROVED: "ok", _P.UNDER_REVIEW: "warn", _P.RETURNED: "warn", _P.REJECTED: "bad"},
))

IMPLEMENTATION_FLOW = register(Workflow(
    name=IMPLEMENTATION, title=pgettext_lazy("workflow", "Triển khai phương án"), statuses=ImplementationStatus,
    initial=_M.IN_PROGRESS,
    moves=(
        M(_M.IN_PROGRESS, _M.COMPLETED, OFFICERS, label=_("Xác nhận hoàn thành")),
        M(_M.IN_PROGRESS, _M.ABANDONED, OFFICERS | {Role.PRODUCER}, reason=True, label=_("Dừng thực hiện")),
    ),
    editable=frozenset({_M.IN_PROGRESS}),
    tones={_M.COMPLETED: "ok", _M.ABANDONED: "bad"},
))

VERIFICATION_FLOW = register(Workflow(
    name=VERIFICATION, title=pgettext_lazy("workflow", "Xác minh chủ thể"), statuses=VerificationStatus,
    initial=_V.PENDING,
    moves=(
        M(_V.PENDING, _V.VERIFIED, OFFICERS, label=_("Xác minh")),
        M(_V.PENDING, _V.REJECTED, OFFICERS, reason=True, label=_("Không xác minh")),
        # The producer corrects its details and asks again.
        M(_V.REJECTED, _V.PENDING, frozenset({Role.PRODUCER}), label=_("Gửi lại để xác minh")),
    ),
    editable=frozenset({_V.PENDING, _V.REJECTED}),
    tones={_V.VERIFIED: "ok", _V.PENDING: "warn", _V.REJECTED: "bad"},
))

#: The four workflows by name (the `kind` of the views and the admin).
WORKFLOWS: dict[str, Workflow] = {f.name: f for f in (IDEA_FLOW, PLAN_FLOW, IMPLEMENTATION_FLOW, VERIFICATION_FLOW)}

STATUSES = {kind: flow.statuses for kind, flow in WORKFLOWS.items()}

#: An idea in one of these statuses may get a business plan (step 3).
IDEA_STATUSES_OPEN_TO_PLANS = frozenset({_I.ACCEPTED})

#: Statuses that count as "the producer has sent it" (for the funnel and officers' queues).
SENT = {
    IDEA: frozenset({_I.SUBMITTED, _I.ACCEPTED, _I.RETURNED, _I.REJECTED}),
    PLAN: frozenset({_P.SUBMITTED, _P.UNDER_REVIEW, _P.APPROVED, _P.RETURNED, _P.REJECTED}),
}


def idea_open_to_plans(status: str) -> bool:
    return status in IDEA_STATUSES_OPEN_TO_PLANS


def tone(status: str) -> str:
    """The badge tone of a status of any of the four workflows (they agree where they share one)."""
    return next((flow.tone(status) for flow in WORKFLOWS.values() if flow.tone(status)), "")
