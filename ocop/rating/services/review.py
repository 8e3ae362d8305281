"""The commune's review (Art. 7.2, form 03): propose the dossier to the province, or return it.

Proposing joins the next open province round by itself (ocop.rating.services.rounds.round_for).
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.core.audit import AuditAction, audit_record
from ocop.rating.models import CommuneReview, Dossier, RatingRound
from ocop.rating.services.common import real_actor
from ocop.rating.services.dossiers import _locked, _move
from ocop.rating.services.rounds import round_for
from ocop.rating.workflow import DossierStatus as S

REVIEW_ACTIONS: dict[str, AuditAction] = {CommuneReview.Conclusion.PROPOSE: AuditAction.COMMUNE_REVIEW_PROPOSE,
                                  CommuneReview.Conclusion.RETURN: AuditAction.COMMUNE_REVIEW_RETURN}

REVIEW_FIELDS = ["complete", "local_materials", "local_labour", "idea_origin", "local_identity", "reasons",
                 "report_number"]


def province_of(unit):
    """The current province of a (current) commune."""
    return unit.parent if unit.level != "province" else unit


@transaction.atomic
def commune_review_issue(
    *, dossier: Dossier, actor, conclusion: str, issued_on: date | None = None, **fields
) -> CommuneReview:
    """Issue form 03. PROPOSE needs a complete dossier and moves it to the province (next open
    round); RETURN needs reasons and sends it back to the producer."""
    locked = _locked(dossier)
    if locked.status != S.SUBMITTED:
        raise ValidationError(_("Hồ sơ không ở trạng thái chờ xã thẩm định."))
    review = CommuneReview(
        dossier=locked, conclusion=conclusion, issued_on=issued_on or timezone.localdate(),
        reviewer=real_actor(actor), **{k: v for k, v in fields.items() if k in REVIEW_FIELDS},
    )
    if conclusion == CommuneReview.Conclusion.PROPOSE and not review.complete:
        raise ValidationError({"complete": _("Chỉ đề xuất lên tỉnh khi hồ sơ đầy đủ, hợp lệ.")})
    if conclusion == CommuneReview.Conclusion.RETURN and not review.reasons.strip():
        raise ValidationError({"reasons": _("Cần nêu rõ lý do trả lại.")})
    review.full_clean()
    if conclusion == CommuneReview.Conclusion.PROPOSE:
        locked.proposed_at = timezone.now()
        locked.round = round_for(level=RatingRound.Level.PROVINCE, unit=province_of(locked.unit),
                                 on=review.issued_on)
        _move(locked, to=S.PROPOSED, actor=actor, reason=review.report_number, fields=("proposed_at", "round"))
    else:
        _move(locked, to=S.RETURNED, actor=actor, reason=review.reasons)
    review.save()
    audit_record(action=REVIEW_ACTIONS[conclusion], actor=actor, target=review, unit=locked.unit,
                 after={"dossier": locked.pk, "round": locked.round_id, "report_number": review.report_number})
    return review
