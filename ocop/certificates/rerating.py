"""Re-rating (đánh giá lại, Art. 7.6) and upgrade (nâng hạng, Art. 7.5) start from a certificate.

The new dossier is made by the rating app's own filing service (ocop.rating.services.dossiers:
dossier_create, dossier_self_assess, dossier_evidence_add), so its rules hold: the producer's
users file, a commune officer files on their behalf (assisted, with the producer's consent), and a
product has one open dossier at a time. What this module adds:

* when: a re-rating only inside its window (180 to 120 days before expiry); an upgrade while the
  certificate is in force and below 5★; never for a revoked certificate;
* reuse: the previous dossier (``previous``) — its self-assessment when the regime and set are
  the same, and every cited document still valid today; documents that have expired are listed
  back to the caller, so the producer is asked only for what changed or expired. A re-rating is
  decided by written opinion (``written_only``).
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.certificates import lifecycle
from ocop.certificates.models import Certificate
from ocop.certificates.status import CertificateStatus, status_of
from ocop.core.audit import audit_record
from ocop.criteria.sheets import leaf_criteria
from ocop.rating.access import is_member
from ocop.rating.models import Dossier
from ocop.rating.services.common import criteria_set_of
from ocop.rating.services.dossiers import dossier_create, dossier_evidence_add, dossier_self_assess


@dataclass(frozen=True)
class ReratingStart:
    dossier: Dossier
    copied_documents: list
    expired_documents: list
    copied_self_assessment: bool


def _check_when(certificate: Certificate, kind: str, today: date) -> None:
    status = status_of(certificate, today=today)
    if status == CertificateStatus.REVOKED:
        raise ValidationError(_("Giấy chứng nhận đã bị thu hồi."))
    if kind == Dossier.Kind.RERATING:
        opens_on, closes_on = lifecycle.rerating_window(certificate.valid_until)
        if lifecycle.rerating_window_state(certificate.valid_until, today) != "open":
            raise ValidationError(
                _("Hồ sơ đánh giá lại chỉ nộp từ ngày %(opens)s đến hết ngày %(closes)s "
                  "(180 đến 120 ngày trước khi giấy chứng nhận hết hạn).")
                % {"opens": opens_on.strftime("%d/%m/%Y"), "closes": closes_on.strftime("%d/%m/%Y")}
            )
    elif kind == Dossier.Kind.UPGRADE:
        if status == CertificateStatus.EXPIRED:
            raise ValidationError(_("Giấy chứng nhận đã hết hạn: cần đăng ký đánh giá lần đầu."))
        if certificate.stars >= 5:
            raise ValidationError(_("Sản phẩm đã đạt hạng cao nhất (5 sao)."))
    else:
        raise ValidationError(_("Chỉ bắt đầu được hồ sơ đánh giá lại hoặc nâng hạng từ giấy chứng nhận."))


def _reusable_answers(previous: Dossier, dossier: Dossier) -> dict:
    """The previous self-assessment, when made on the same sheet, limited to its known criteria."""
    if not previous.self_assessment or (previous.regime, previous.criteria_set) != (dossier.regime, dossier.criteria_set):
        return {}
    known = {criterion.code for criterion in leaf_criteria(criteria_set_of(dossier))}
    return {code: option for code, option in previous.self_assessment.items() if code in known}


def _cite(dossier: Dossier, actor, document, criterion_code: str) -> None:
    """Cite DOCUMENT for the same criterion, or for the whole dossier when the sheet has changed."""
    try:
        with transaction.atomic():
            dossier_evidence_add(dossier=dossier, actor=actor, document=document, criterion_code=criterion_code)
    except ValidationError as exc:
        if not criterion_code or "criterion_code" not in getattr(exc, "error_dict", {}):
            raise
        dossier_evidence_add(dossier=dossier, actor=actor, document=document, criterion_code="")


@transaction.atomic
def rerating_start(
    *, certificate: Certificate, actor, kind: str = Dossier.Kind.RERATING, consent_note: str = "",
    today: date | None = None,
) -> ReratingStart:
    """A draft re-rating (or upgrade) dossier for CERTIFICATE's product, reusing the previous one."""
    today = today or timezone.localdate()
    certificate = (
        Certificate.objects.select_for_update(of=("self",))
        .select_related("product__producer", "product__unit", "result__dossier")
        .get(pk=certificate.pk)
    )
    _check_when(certificate, kind, today)
    previous = certificate.result.dossier
    assisted = actor is not None and not is_member(actor, certificate.product.producer_id)
    dossier = dossier_create(
        actor=actor, product=certificate.product, kind=kind, assisted=assisted, consent_note=consent_note,
        previous=previous, year=today.year, written_only=kind == Dossier.Kind.RERATING,
    )
    copied, expired, copied_sheet = [], [], False
    if previous is not None:
        answers = _reusable_answers(previous, dossier)
        if answers:
            dossier = dossier_self_assess(dossier=dossier, actor=actor, answers=answers)
            copied_sheet = True
        for evidence in previous.evidence.select_related("document").order_by("criterion_code", "id"):
            document = evidence.document
            if document.expires_on is not None and document.expires_on < today:
                expired.append(document)
                continue
            _cite(dossier, actor, document, evidence.criterion_code)
            copied.append(document)
    audit_record(
        action="certificates.rerating_start", actor=actor, target=certificate, unit=certificate.product.unit,
        after={"dossier": dossier.pk, "kind": kind, "copied_documents": [d.pk for d in copied],
               "expired_documents": [d.pk for d in expired], "self_assessment": copied_sheet},
        message=_("Giấy tờ hết hạn cần bổ sung: %(list)s") % {"list": ", ".join(str(d) for d in expired)}
        if expired else "",
    )
    return ReratingStart(dossier, copied, expired, copied_sheet)
