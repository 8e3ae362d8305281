"""Re-rating (đánh giá lại, Art. 7.6) and upgrade (nâng hạng, Art. 7.5) start from a certificate.

The new dossier is made by the rating app's own filing service (ocop.rating.services.dossiers:
dossier_create, dossier_self_assess, dossier_evidence_add), so its rules hold: the producer's
users file, a commune officer files on their behalf (assisted, with the producer's consent), and a
product has one open dossier at a time. What this module adds:

* when: a re-rating only inside its window (180 to 120 days before expiry; rerating_window() and
  rerating_open() are the one answer, for this service and for every button that offers it); an
  upgrade while the certificate is in force and below 5★; never for a revoked certificate;
* Art. 12.3: a certificate the transition covers (lifecycle.transition_covered) may file up to 180
  days after expiry; filing records the extension on the certificate (extended_until, with its
  legal basis): it stays in force until the result, at most 180 days after expiry. The extension
  ends (extension_end) when the re-rating ends without a certificate or a new one is issued;
* reuse: the previous dossier (``previous``) — its self-assessment when the regime and set are
  the same, and every cited document still valid today; documents that have expired are listed
  back to the caller, so the producer is asked only for what changed or expired. A re-rating is
  decided by written opinion (``written_only``).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.certificates import lifecycle
from ocop.certificates.models import Certificate
from ocop.certificates.standings import product_standings_refresh
from ocop.certificates.status import CertificateStatus, status_on
from ocop.core.audit import AuditAction, audit_record
from ocop.criteria.sheets import leaf_criteria
from ocop.lib.formatting import short_date as _d
from ocop.rating.models import Dossier
from ocop.rating.services.common import criteria_set_of
from ocop.rating.services.dossiers import dossier_create, dossier_evidence_add, dossier_self_assess
from ocop.registry.policy import is_member


@dataclass(frozen=True)
class ReratingStart:
    dossier: Dossier
    copied_documents: list
    expired_documents: list
    copied_self_assessment: bool


def transition_covered(certificate: Certificate) -> bool:
    return lifecycle.transition_covered(certificate.issued_on, certificate.valid_until)


def rerating_window(certificate: Certificate) -> tuple[date, date]:
    """(first, last) day a re-rating of CERTIFICATE may be filed, both included (Art. 7.6.a, 12.3)."""
    return lifecycle.rerating_window(certificate.valid_until, covered=transition_covered(certificate))


def rerating_refusal(certificate: Certificate, today: date | None = None) -> str | None:
    """Why a re-rating of CERTIFICATE may not be filed TODAY (a message with the dates), or None."""
    today = today or timezone.localdate()
    if status_on(certificate, today) == CertificateStatus.REVOKED:
        return _("Giấy chứng nhận đã bị thu hồi.")
    covered = transition_covered(certificate)
    state = lifecycle.rerating_window_state(certificate.valid_until, today, covered=covered)
    if state == "open":
        return None
    first, last = rerating_window(certificate)
    dates = {"first": _d(first), "last": _d(last), "until": _d(certificate.valid_until)}
    if covered:
        message = _("Chỉ được đăng ký đánh giá lại từ %(first)s đến %(last)s (giấy chứng nhận hết hạn ngày "
                    "%(until)s; chuyển tiếp theo khoản 3 Điều 12 QĐ 26/2026).") % dates
    else:
        message = _("Chỉ được đăng ký đánh giá lại từ %(first)s đến %(last)s (180 đến 120 ngày trước khi giấy "
                    "chứng nhận hết hạn ngày %(until)s).") % dates
    if state == "closed":
        message += " " + _("Đã qua thời hạn này: sau khi giấy chứng nhận hết hạn, sản phẩm đăng ký đánh giá "
                           "như lần đầu.")
    return message


def rerating_open(certificate: Certificate, today: date | None = None) -> bool:
    """May a re-rating of CERTIFICATE be filed TODAY (the buttons ask this)."""
    return rerating_refusal(certificate, today) is None


def _check_when(certificate: Certificate, kind: str, today: date) -> None:
    status = status_on(certificate, today)
    if status == CertificateStatus.REVOKED:
        raise ValidationError(_("Giấy chứng nhận đã bị thu hồi."))
    if kind == Dossier.Kind.RERATING:
        refusal = rerating_refusal(certificate, today)
        if refusal:
            raise ValidationError(refusal)
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
        previous=previous, year=today.year, written_only=kind == Dossier.Kind.RERATING, from_certificate=True,
    )
    if kind == Dossier.Kind.RERATING and transition_covered(certificate):
        _extension_record(certificate, actor)
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
        action=AuditAction.CERTIFICATES_RERATING_START, actor=actor, target=certificate, unit=certificate.product.unit,
        after={"dossier": dossier.pk, "kind": kind, "copied_documents": [d.pk for d in copied],
               "expired_documents": [d.pk for d in expired], "self_assessment": copied_sheet},
        message=_("Giấy tờ hết hạn cần bổ sung: %(list)s") % {"list": ", ".join(str(d) for d in expired)}
        if expired else "",
    )
    return ReratingStart(dossier, copied, expired, copied_sheet)


def _extension_record(certificate: Certificate, actor) -> None:
    """Art. 12.3: in force until the result of the re-rating just filed, at most 180 days after expiry."""
    certificate.extended_until = lifecycle.transition_extension_until(certificate.valid_until)
    certificate.extension_basis = lifecycle.TRANSITION_BASIS
    certificate.save(update_fields=["extended_until", "extension_basis", "updated_at"])
    audit_record(action=AuditAction.CERTIFICATES_EXTENSION_RECORD, actor=actor, target=certificate,
                 unit=certificate.product.unit, after={"extended_until": certificate.extended_until.isoformat(),
                                                       "basis": certificate.extension_basis})
    product_standings_refresh(product_ids=[certificate.product_id])


@transaction.atomic
def extension_end(*, product, actor, on: date | None = None, exclude=None) -> list[Certificate]:
    """The re-rating of PRODUCT has its result ON (rejected, withdrawn, or a new certificate
    issued): the Art. 12.3 extensions of its certificates (but EXCLUDE) end the day before."""
    on = on or timezone.localdate()
    ended = []
    for certificate in Certificate.objects.select_for_update().filter(
        product_id=product.pk, extended_until__isnull=False, extended_until__gte=on,
    ).exclude(pk=getattr(exclude, "pk", None)):
        before = certificate.extended_until
        last = on - timedelta(days=1)
        certificate.extended_until = last if last > certificate.valid_until else None
        certificate.save(update_fields=["extended_until", "updated_at"])
        audit_record(action=AuditAction.CERTIFICATES_EXTENSION_END, actor=actor, target=certificate, unit=product.unit,
                     before={"extended_until": before.isoformat()},
                     after={"extended_until": certificate.extended_until and certificate.extended_until.isoformat()})
        ended.append(certificate)
    if ended:
        product_standings_refresh(product_ids=[product.pk])
    return ended
