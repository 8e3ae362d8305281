"""The dossier workflow (cycle step 5, QĐ 26/2026 Articles 6–7), as data.

TRANSITIONS[from_status][to_status] is the set of roles that may make that move; the one
transition service (ocop.rating.services.dossiers.dossier_transition) looks moves up here and
templates ask allowed_transitions() which buttons to show. Pure module: no ORM access.

Roles are the roles a user holds *over the dossier* (ocop.rating.policy.dossier_roles): the
producer over its own dossiers, a commune officer within the commune (also filing "assisted" on
a producer's behalf), the province office within the province, the secretary of the council of
the dossier's round, the national office for central rounds.

The path:

    draft → submitted (to the commune) → proposed (form 03, to the province; joins a round)
          → accepted (the province OCOP office checked it) → rated (province result final)
                                                          → awaiting_approval (potential 5★)
                                                              → forwarded_central (chair approved)
                                                                  → central_rated
    submitted/proposed → returned (with reasons) → submitted
    proposed/accepted → rejected ("hồ sơ bị loại": forged, food-safety papers, incomplete)
    draft/returned → withdrawn
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ocop.accounts.models import Role


class DossierStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    SUBMITTED = "submitted", _("Đã nộp, chờ xã thẩm định")
    RETURNED = "returned", _("Trả lại để bổ sung")
    PROPOSED = "proposed", _("Xã đã đề xuất lên tỉnh")
    ACCEPTED = "accepted", _("Tỉnh đã tiếp nhận, chờ hội đồng")
    RATED = "rated", _("Đã có kết quả cấp tỉnh")
    AWAITING_APPROVAL = "awaiting_approval", _("Tiềm năng 5 sao, chờ chủ tịch hội đồng phê duyệt")
    FORWARDED_CENTRAL = "forwarded_central", _("Tiềm năng 5 sao, chuyển trung ương")
    CENTRAL_RATED = "central_rated", _("Đã có kết quả cấp trung ương")
    REJECTED = "rejected", _("Hồ sơ bị loại")
    WITHDRAWN = "withdrawn", _("Đã rút hồ sơ")


S = DossierStatus
PRODUCER_SIDE = frozenset({Role.PRODUCER, Role.COMMUNE_OFFICER})
COMMUNE = frozenset({Role.COMMUNE_OFFICER})
PROVINCE = frozenset({Role.PROVINCE_OFFICE})
SECRETARY = frozenset({Role.COUNCIL_SECRETARY})
CENTRAL = frozenset({Role.COUNCIL_SECRETARY, Role.NATIONAL_OFFICE})
#: Not an account role: the chair's seat on the dossier's council (ocop.rating.policy.dossier_roles).
COUNCIL_CHAIR = "council_chair"
CHAIR = frozenset({COUNCIL_CHAIR})

TRANSITIONS: dict[str, dict[str, frozenset[str]]] = {
    S.DRAFT: {S.SUBMITTED: PRODUCER_SIDE, S.WITHDRAWN: PRODUCER_SIDE},
    S.SUBMITTED: {S.PROPOSED: COMMUNE, S.RETURNED: COMMUNE},
    S.RETURNED: {S.SUBMITTED: PRODUCER_SIDE, S.WITHDRAWN: PRODUCER_SIDE},
    S.PROPOSED: {S.ACCEPTED: PROVINCE, S.RETURNED: PROVINCE, S.REJECTED: PROVINCE},
    S.ACCEPTED: {S.RATED: SECRETARY, S.AWAITING_APPROVAL: SECRETARY, S.REJECTED: PROVINCE},
    # Art. 7.3.e: the chair approves a potential 5★ result before the package goes to the Ministry,
    # or declines to (the province then recognises it at 4★: ocop.rating.next_steps).
    S.AWAITING_APPROVAL: {S.FORWARDED_CENTRAL: CHAIR, S.RATED: CHAIR},
    S.FORWARDED_CENTRAL: {S.CENTRAL_RATED: CENTRAL},
}

INITIAL = S.DRAFT

#: Moves made only by a service that writes something else first (the commune report, the
#: finalized result); the generic transition buttons never offer them.
SERVICE_ONLY = frozenset({S.PROPOSED, S.RATED, S.AWAITING_APPROVAL, S.FORWARDED_CENTRAL, S.CENTRAL_RATED})

#: Moves that must say why (the reason is shown to the producer).
REASON_REQUIRED = frozenset({S.RETURNED, S.REJECTED})

#: Statuses in which the producer side may still edit the dossier.
EDITABLE = frozenset({S.DRAFT, S.RETURNED})

#: Statuses waiting for the commune (the 15-working-day clock runs).
AT_COMMUNE = frozenset({S.SUBMITTED})

#: Statuses in which a province council may score the dossier / a central council.
SCORABLE_PROVINCE = frozenset({S.ACCEPTED})
SCORABLE_CENTRAL = frozenset({S.FORWARDED_CENTRAL})

ACTION_LABELS = {
    S.SUBMITTED: _("Nộp hồ sơ"),
    S.PROPOSED: _("Đề xuất lên tỉnh (Mẫu 03)"),
    S.RETURNED: _("Trả lại để bổ sung"),
    S.ACCEPTED: _("Tiếp nhận, đủ điều kiện đưa ra hội đồng"),
    S.REJECTED: _("Loại hồ sơ"),
    S.WITHDRAWN: _("Rút hồ sơ"),
    S.RATED: _("Hoàn tất kết quả"),
    S.AWAITING_APPROVAL: _("Trình chủ tịch hội đồng phê duyệt (tiềm năng 5 sao)"),
    S.FORWARDED_CENTRAL: _("Phê duyệt, gửi hội đồng trung ương"),
    S.CENTRAL_RATED: _("Hoàn tất kết quả trung ương"),
}

TONES = {
    S.RATED: "ok", S.CENTRAL_RATED: "ok", S.FORWARDED_CENTRAL: "ok",
    S.AWAITING_APPROVAL: "warn", S.SUBMITTED: "warn", S.RETURNED: "warn", S.PROPOSED: "warn", S.ACCEPTED: "warn",
    S.REJECTED: "bad", S.WITHDRAWN: "bad",
}


def allowed_transitions(status: str, roles, *, include_service_only: bool = False) -> list[str]:
    """Target statuses that a holder of ROLES may move to from STATUS, in table order."""
    roles = frozenset(roles)
    return [
        to for to, allowed in TRANSITIONS.get(status, {}).items()
        if allowed & roles and (include_service_only or to not in SERVICE_ONLY)
    ]


def can_transition(status: str, to: str, roles) -> bool:
    return bool(TRANSITIONS.get(status, {}).get(to, frozenset()) & frozenset(roles))


def is_move(status: str, to: str) -> bool:
    return to in TRANSITIONS.get(status, {})


def requires_reason(to: str) -> bool:
    return to in REASON_REQUIRED


def is_editable(status: str) -> bool:
    return status in EDITABLE


def is_terminal(status: str) -> bool:
    return not TRANSITIONS.get(status)


def action_label(to: str) -> str:
    return str(ACTION_LABELS.get(DossierStatus(to)) or DossierStatus(to).label)


def tone(status: str) -> str:
    return TONES.get(DossierStatus(status), "")
