"""The dossier workflow (cycle step 5, QĐ 26/2026 Articles 6–7), declared for the one engine
(ocop.core.workflow; moves made by ocop.core.transitions through ocop.rating.services.dossiers).
Templates and the admin ask DOSSIER.allowed() which buttons to show. Pure module: no ORM access.

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
from django.utils.translation import pgettext_lazy

from ocop.accounts.models import Role
from ocop.core.workflow import Move, Workflow, register


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

M = Move
_RETURN, _REJECT = _("Trả lại để bổ sung"), _("Loại hồ sơ")

DOSSIER = register(Workflow(
    name="dossier", title=pgettext_lazy("workflow", "Hồ sơ đánh giá"), statuses=DossierStatus, initial=S.DRAFT,
    moves=(
        M(S.DRAFT, S.SUBMITTED, PRODUCER_SIDE, label=_("Nộp hồ sơ")),
        M(S.DRAFT, S.WITHDRAWN, PRODUCER_SIDE, label=_("Rút hồ sơ")),
        # The commune's report (form 03) proposes or returns: ocop.rating.services.review.
        M(S.SUBMITTED, S.PROPOSED, COMMUNE, service_only=True, label=_("Đề xuất lên tỉnh (Mẫu 03)")),
        M(S.SUBMITTED, S.RETURNED, COMMUNE, reason=True, label=_RETURN),
        M(S.RETURNED, S.SUBMITTED, PRODUCER_SIDE, label=_("Nộp hồ sơ")),
        M(S.RETURNED, S.WITHDRAWN, PRODUCER_SIDE, label=_("Rút hồ sơ")),
        M(S.PROPOSED, S.ACCEPTED, PROVINCE, label=_("Tiếp nhận, đủ điều kiện đưa ra hội đồng")),
        M(S.PROPOSED, S.RETURNED, PROVINCE, reason=True, label=_RETURN),
        M(S.PROPOSED, S.REJECTED, PROVINCE, reason=True, label=_REJECT),
        # The finalized result moves the dossier: ocop.rating.services.results.
        M(S.ACCEPTED, S.RATED, SECRETARY, service_only=True, label=_("Hoàn tất kết quả")),
        M(S.ACCEPTED, S.AWAITING_APPROVAL, SECRETARY, service_only=True,
          label=_("Trình chủ tịch hội đồng phê duyệt (tiềm năng 5 sao)")),
        M(S.ACCEPTED, S.REJECTED, PROVINCE, reason=True, label=_REJECT),
        # Art. 7.3.e: the chair approves a potential 5★ result before the package goes to the Ministry,
        # or declines to (the province then recognises it at 4★: ocop.rating.next_steps).
        M(S.AWAITING_APPROVAL, S.FORWARDED_CENTRAL, CHAIR, service_only=True,
          label=_("Phê duyệt, gửi hội đồng trung ương")),
        M(S.AWAITING_APPROVAL, S.RATED, CHAIR, service_only=True, label=_("Hoàn tất kết quả")),
        M(S.FORWARDED_CENTRAL, S.CENTRAL_RATED, CENTRAL, service_only=True, label=_("Hoàn tất kết quả trung ương")),
    ),
    # Statuses in which the producer side may still edit the dossier.
    editable=frozenset({S.DRAFT, S.RETURNED}),
    tones={
        S.RATED: "ok", S.CENTRAL_RATED: "ok", S.FORWARDED_CENTRAL: "ok",
        S.AWAITING_APPROVAL: "warn", S.SUBMITTED: "warn", S.RETURNED: "warn", S.PROPOSED: "warn", S.ACCEPTED: "warn",
        S.REJECTED: "bad", S.WITHDRAWN: "bad",
    },
))

#: Statuses waiting for the commune (the 15-working-day clock runs).
AT_COMMUNE = frozenset({S.SUBMITTED})

#: Statuses in which a province council may score the dossier / a central council.
SCORABLE_PROVINCE = frozenset({S.ACCEPTED})
SCORABLE_CENTRAL = frozenset({S.FORWARDED_CENTRAL})
