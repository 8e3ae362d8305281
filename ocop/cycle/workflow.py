"""The workflows of the annual cycle (steps 2–4) and of portal registration, as data.

TRANSITIONS[kind][from_status][to_status] is the set of roles that may make that move. The
services in ocop.cycle.transitions look moves up here; templates and the admin ask
allowed_transitions() which buttons to show. Pure module: no ORM access.

Roles are the roles a user holds *over the record* (see ocop.accounts.policy.producer_roles): the
producer over its own records, a commune officer within the commune (also acting "assisted" on a
household's behalf), the province office within the province.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ocop.accounts.models import Role


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

TRANSITIONS: dict[str, dict[str, dict[str, frozenset[str]]]] = {
    IDEA: {
        _I.DRAFT: {_I.SUBMITTED: PRODUCER_SIDE},
        _I.SUBMITTED: {_I.ACCEPTED: OFFICERS, _I.RETURNED: OFFICERS, _I.REJECTED: OFFICERS},
        _I.RETURNED: {_I.SUBMITTED: PRODUCER_SIDE},
    },
    PLAN: {
        _P.DRAFT: {_P.SUBMITTED: PRODUCER_SIDE},
        _P.SUBMITTED: {_P.UNDER_REVIEW: OFFICERS, _P.RETURNED: OFFICERS},
        _P.UNDER_REVIEW: {_P.APPROVED: OFFICERS, _P.RETURNED: OFFICERS, _P.REJECTED: OFFICERS},
        _P.RETURNED: {_P.SUBMITTED: PRODUCER_SIDE},
    },
    IMPLEMENTATION: {
        _M.IN_PROGRESS: {_M.COMPLETED: OFFICERS, _M.ABANDONED: OFFICERS | {Role.PRODUCER}},
    },
    VERIFICATION: {
        _V.PENDING: {_V.VERIFIED: OFFICERS, _V.REJECTED: OFFICERS},
        # The producer corrects its details and asks again.
        _V.REJECTED: {_V.PENDING: frozenset({Role.PRODUCER})},
    },
}

INITIAL = {IDEA: _I.DRAFT, PLAN: _P.DRAFT, IMPLEMENTATION: _M.IN_PROGRESS, VERIFICATION: _V.PENDING}

STATUSES = {IDEA: IdeaStatus, PLAN: PlanStatus, IMPLEMENTATION: ImplementationStatus, VERIFICATION: VerificationStatus}

#: Moves that must say why (the reason is shown to the producer).
REASON_REQUIRED = {
    IDEA: frozenset({_I.RETURNED, _I.REJECTED}),
    PLAN: frozenset({_P.RETURNED, _P.REJECTED}),
    IMPLEMENTATION: frozenset({_M.ABANDONED}),
    VERIFICATION: frozenset({_V.REJECTED}),
}

#: Statuses in which the producer side may still edit the content.
EDITABLE = {
    IDEA: frozenset({_I.DRAFT, _I.RETURNED}),
    PLAN: frozenset({_P.DRAFT, _P.RETURNED}),
    IMPLEMENTATION: frozenset({_M.IN_PROGRESS}),
    VERIFICATION: frozenset({_V.PENDING, _V.REJECTED}),
}

#: An idea in one of these statuses may get a business plan (step 3).
IDEA_STATUSES_OPEN_TO_PLANS = frozenset({_I.ACCEPTED})

#: Statuses that count as "the producer has sent it" (for the funnel and officers' queues).
SENT = {
    IDEA: frozenset({_I.SUBMITTED, _I.ACCEPTED, _I.RETURNED, _I.REJECTED}),
    PLAN: frozenset({_P.SUBMITTED, _P.UNDER_REVIEW, _P.APPROVED, _P.RETURNED, _P.REJECTED}),
}

#: The verb on the button that makes the move, by target status.
ACTION_LABELS = {
    IDEA: {
        _I.SUBMITTED: _("Gửi ý tưởng"),
        _I.ACCEPTED: _("Chấp nhận"),
        _I.RETURNED: _("Trả lại để bổ sung"),
        _I.REJECTED: _("Không chấp nhận"),
    },
    PLAN: {
        _P.SUBMITTED: _("Gửi phương án"),
        _P.UNDER_REVIEW: _("Tiếp nhận thẩm định"),
        _P.APPROVED: _("Phê duyệt"),
        _P.RETURNED: _("Trả lại để bổ sung"),
        _P.REJECTED: _("Không phê duyệt"),
    },
    IMPLEMENTATION: {_M.COMPLETED: _("Xác nhận hoàn thành"), _M.ABANDONED: _("Dừng thực hiện")},
    VERIFICATION: {_V.VERIFIED: _("Xác minh"), _V.REJECTED: _("Không xác minh"), _V.PENDING: _("Gửi lại để xác minh")},
}

#: Visual tone of a status badge: ok / warn / bad / "" (neutral).
TONES = {
    _I.ACCEPTED: "ok", _P.APPROVED: "ok", _M.COMPLETED: "ok", _V.VERIFIED: "ok",
    _I.RETURNED: "warn", _P.UNDER_REVIEW: "warn", _V.PENDING: "warn",
    _I.REJECTED: "bad", _M.ABANDONED: "bad",
}


def _table(kind: str) -> dict[str, dict[str, frozenset[str]]]:
    try:
        return TRANSITIONS[kind]
    except KeyError:
        raise ValueError(f"Unknown workflow: {kind!r}") from None


def allowed_transitions(kind: str, status: str, roles) -> list[str]:
    """Target statuses that a holder of ROLES may move to from STATUS, in table order."""
    roles = frozenset(roles)
    return [to for to, allowed in _table(kind).get(status, {}).items() if allowed & roles]


def can_transition(kind: str, status: str, to: str, roles) -> bool:
    return bool(_table(kind).get(status, {}).get(to, frozenset()) & frozenset(roles))


def is_move(kind: str, status: str, to: str) -> bool:
    """Whether STATUS → TO exists at all (for anyone)."""
    return to in _table(kind).get(status, {})


def requires_reason(kind: str, to: str) -> bool:
    return to in REASON_REQUIRED.get(kind, frozenset())


def is_editable(kind: str, status: str) -> bool:
    return status in EDITABLE.get(kind, frozenset())


def is_terminal(kind: str, status: str) -> bool:
    return not _table(kind).get(status)


def idea_open_to_plans(status: str) -> bool:
    return status in IDEA_STATUSES_OPEN_TO_PLANS


def action_label(kind: str, to: str) -> str:
    return str(ACTION_LABELS.get(kind, {}).get(to) or STATUSES[kind](to).label)


def tone(status: str) -> str:
    return TONES.get(status, "")
