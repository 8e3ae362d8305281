"""Writes of the certificates app: recognition decisions, certificates, their PDFs, revocation.

Each service is keyword-only and atomic, re-checks the actor's authority inside its transaction,
validates, saves, and writes an AuditEvent. actor=None means the system (tasks, demo seed).

Who decides (QĐ 26/2026 Art. 4, 7, 8): the province office records the province chair's decisions
(3★, 4★, from a province result or a central result below 5★), the national office the minister's
(5★); the rules are ocop.rating.next_steps's.
Re-rating and upgrade dossiers are started in ocop.certificates.rerating; reminders in
ocop.certificates.reminders.
"""

from dataclasses import dataclass
from datetime import date
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.policy import can_write, is_national
from ocop.accounts.roles import MANAGERS, NATIONAL_ONLY
from ocop.certificates import lifecycle, notify
from ocop.certificates.issuing import (
    certificate_pdf_bytes,
    certificate_pdf_is_current,
    certificate_store_pdf,
    certificates_issue,
)
from ocop.certificates.models import Certificate, Decision, DecisionItem, Notification
from ocop.certificates.numbering import issuer_key, next_number
from ocop.certificates.standings import product_standings_refresh, standings_store
from ocop.certificates.status import CertificateStatus, status_on
from ocop.certificates.tasks import generate_certificates
from ocop.core.audit import AuditAction, audit_record
from ocop.core.public_version import public_data_changed
from ocop.lib.formatting import short_date
from ocop.rating.models import RatingResult
from ocop.registry.validators import check_document_file
from ocop.territory.models import AdminUnit

# Certificates and what each product shows are written in their own modules (issuing, standings),
# below the background tasks that decision_issue enqueues; their services are named here as well.
__all__ = [
    "certificate_pdf_bytes", "certificate_pdf_is_current", "certificate_revoke", "certificate_store_pdf",
    "certificates_issue", "check_can_decide", "decision_issue", "finding_dismiss", "finding_record", "notifications_mark_read",
    "product_standings_refresh", "recognisable_results", "revocation_issuer", "standings_store",
]

REFUSALS = {
    "below_3_stars": "Chỉ sản phẩm đạt từ 3 sao trở lên được công nhận và cấp giấy chứng nhận.",
    "not_central_result": "Quyết định của Bộ chỉ công nhận kết quả của Hội đồng cấp trung ương.",
    "central_needs_5_stars": "Bộ chỉ công nhận sản phẩm đạt 5 sao.",
    "province_max_4_stars": "UBND tỉnh chỉ công nhận sản phẩm 3 sao, 4 sao; sản phẩm 5 sao do Bộ công nhận.",
    "district_historical_only": "Cấp huyện không còn công nhận sản phẩm từ 01/07/2025; chỉ nhập lại quyết định cũ.",
    "wrong_level": "Kết quả đánh giá không thuộc cấp có thẩm quyền của quyết định này.",
}


# --- Authority --------------------------------------------------------------------------------

def check_can_decide(actor, level: str, unit: AdminUnit | None) -> None:
    """The province office decides for its province (and its former districts), the national
    office for the ministry; a superuser or the system (None) for any."""
    if actor is None or actor.is_superuser:
        return
    if level == Decision.Level.CENTRAL:
        if is_national(actor, NATIONAL_ONLY):
            return
    elif unit is not None and can_write(actor, unit, MANAGERS):
        return
    raise PermissionDenied(_("Bạn không có thẩm quyền ghi nhận quyết định của cấp này."))


def _check_issuer_unit(level: str, unit: AdminUnit | None) -> None:
    expected: dict[str, str] = {Decision.Level.PROVINCE: AdminUnit.Level.PROVINCE, Decision.Level.DISTRICT: AdminUnit.Level.DISTRICT}
    if level == Decision.Level.CENTRAL:
        if unit is not None:
            raise ValidationError({"issuer_unit": _("Quyết định của Bộ không gắn với đơn vị hành chính.")})
    elif unit is None or unit.level != expected[level]:
        raise ValidationError({"issuer_unit": _("Đơn vị ban hành không đúng cấp của quyết định.")})


def _within(unit: AdminUnit, issuer: AdminUnit | None) -> bool:
    if issuer is None:
        return True
    prefixes = {issuer.path, issuer.current_path}
    return any(unit.path.startswith(p) or unit.current_path.startswith(p) for p in prefixes)


# --- Recognition decisions ---------------------------------------------------------------------

def recognisable_results(level: str, unit: AdminUnit | None):
    """Final results a decision of LEVEL by UNIT could recognise now (not yet recognised)."""
    queryset = RatingResult.objects.filter(stars__gte=3).exclude(pk__in=DecisionItem.objects.values("result_id"))
    queryset = queryset.exclude(finalized_at__isnull=True, is_historical=False)
    if level == Decision.Level.CENTRAL:
        queryset = queryset.filter(level=RatingResult.Level.CENTRAL, stars=5)
    elif level == Decision.Level.PROVINCE:
        declined = Q(level=RatingResult.Level.PROVINCE, declined_at__isnull=False)
        queryset = queryset.filter(Q(stars__lte=4) | declined,
                                   level__in=[RatingResult.Level.PROVINCE, RatingResult.Level.CENTRAL])
        queryset = queryset.exclude(level=RatingResult.Level.PROVINCE, potential_5_star=True, is_historical=False,
                                    declined_at__isnull=True)
    else:
        queryset = queryset.filter(level=RatingResult.Level.DISTRICT, stars=3, is_historical=True)
    if unit is not None:
        from ocop.accounts.scope import unit_q

        queryset = queryset.filter(unit_q((unit.path, unit.current_path), "product__unit"))
    return queryset.select_related("product__producer", "product__unit")


def _refusal(result: RatingResult, level: str) -> str | None:
    if not result.is_final:
        return _("Kết quả đánh giá chưa được hoàn tất.")
    code = lifecycle.recognition_refusal(
        issuer_level=level, result_level=result.level, stars=result.stars, average=result.average,
        potential_5_star=result.potential_5_star, is_historical=result.is_historical,
        declined=result.is_declined,
    )
    return _(REFUSALS[code]) if code else None


@transaction.atomic
def decision_issue(
    *,
    level: str,
    unit: AdminUnit | None,
    results,
    signed_on: date,
    actor,
    signer_name: str = "",
    signer_title: str = "",
    note: str = "",
    number: str = "",
    scan=None,
) -> Decision:
    """Record a recognition decision for RESULTS, numbered in the issuer's register.

    NUMBER is given only for a decision issued before the system (historical); it then takes no
    sequence. SCAN, the signed decision (PDF or image, checked by content and size), is stored
    under certificates/decisions/ (served only to readers of the decision: ocop.core.media).
    Certificates are made after commit by a background task (tasks.generate_certificates).
    """
    _check_issuer_unit(level, unit)
    check_can_decide(actor, level, unit)
    results = list(RatingResult.objects.select_for_update().filter(pk__in=[r.pk for r in results]).order_by("pk"))
    if not results:
        raise ValidationError({"results": _("Quyết định phải công nhận ít nhất một sản phẩm.")})
    errors = []
    taken = set(DecisionItem.objects.filter(result__in=results).values_list("result_id", flat=True))
    for result in results:
        reason = _("đã được công nhận bởi quyết định khác.") if result.pk in taken else _refusal(result, level)
        if reason is None and not _within(result.product.unit, unit):
            reason = _("sản phẩm không thuộc địa bàn của đơn vị ban hành.")
        if reason:
            errors.append(f"{result.product}: {reason}")
    if signed_on > timezone.localdate():
        errors.append(_("Ngày ký không thể sau ngày hôm nay."))
    if errors:
        raise ValidationError(errors)
    sniffed = check_document_file(scan, max_bytes=settings.OCOP_DOCUMENT_MAX_BYTES) if scan else None
    historical = bool(number)
    if historical:
        sequence = None
    else:
        sequence, number = next_number(level=level, unit=unit, year=signed_on.year)
    decision = Decision(
        issuer_level=level, issuer_unit=unit, issuer_key=issuer_key(level, unit), kind=Decision.Kind.RECOGNITION,
        year=signed_on.year, sequence=sequence, number=number, signed_on=signed_on, signer_name=signer_name,
        signer_title=signer_title, note=note, is_historical=historical, created_by=_real(actor),
    )
    if sniffed is not None:
        scan.name = f"quyet-dinh-{signed_on.year}-{sequence or 'cu'}.{sniffed.extension}"
        decision.file = scan
    decision.full_clean()
    decision.save()
    try:
        DecisionItem.objects.bulk_create(
            DecisionItem(decision=decision, result=result, stars=result.recognised_stars, position=i)
            for i, result in enumerate(results, start=1)
        )
    except IntegrityError as exc:  # a parallel decision took one of these results first
        raise ValidationError(_("Một kết quả vừa được công nhận bởi quyết định khác.")) from exc
    audit_record(
        action=AuditAction.CERTIFICATES_DECISION_ISSUE, actor=actor, target=decision, unit=unit,
        after={"number": number, "signed_on": signed_on.isoformat(), "results": [r.pk for r in results],
               "scan": decision.file.name or ""},
        message=_("Công nhận %(n)s sản phẩm") % {"n": len(results)},
    )
    transaction.on_commit(lambda: generate_certificates.enqueue(decision.pk))
    return decision


# --- Revocation --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Revocation:
    certificate: Certificate
    decision: Decision
    late: bool
    deadline: date


def revocation_issuer(certificate: Certificate) -> tuple[str, AdminUnit | None]:
    """(level, unit) that revokes CERTIFICATE: the minister for 5★, else the product's province
    (also for 3★ certificates issued by a former district)."""
    if lifecycle.revocation_authority(certificate.stars) == lifecycle.CENTRAL:
        return Decision.Level.CENTRAL, None
    unit: AdminUnit | None = certificate.product.unit
    while unit is not None and unit.level != AdminUnit.Level.PROVINCE:
        unit = unit.parent
    return Decision.Level.PROVINCE, unit


def _locked_for_revocation(certificate: Certificate, actor) -> Certificate:
    """CERTIFICATE locked, after checking that ACTOR may revoke it (the one rule: revocation_issuer)."""
    certificate = (
        Certificate.objects.select_for_update(of=("self",))
        .select_related("product__unit__parent")
        .get(pk=certificate.pk)
    )
    level, unit = revocation_issuer(certificate)
    check_can_decide(actor, level, unit)
    return certificate


FINDING_FIELDS = ["revocation_finding_on", "revocation_finding_ground", "revocation_finding_note", "updated_at"]


@transaction.atomic
def finding_record(*, certificate: Certificate, finding_on: date, ground: str, actor, note: str = "") -> Certificate:
    """Record a competent authority's conclusion (or the commune's confirmation) that starts the
    revocation of CERTIFICATE (Art. 8.3–8.4): its live status becomes "suspended" (still in force)
    until the revocation decision, due within 15 days, or the dismissal of the finding."""
    certificate = _locked_for_revocation(certificate, actor)
    today = timezone.localdate()
    errors = {}
    if certificate.revoked_on is not None:
        errors["revocation_finding_on"] = _("Giấy chứng nhận này đã bị thu hồi.")
    elif status_on(certificate, today) == CertificateStatus.EXPIRED:
        errors["revocation_finding_on"] = _("Giấy chứng nhận này đã hết hạn; không thể bắt đầu thu hồi.")
    elif certificate.revocation_finding_on is not None:
        errors["revocation_finding_on"] = _("Giấy chứng nhận này đang có kết luận chờ quyết định thu hồi.")
    if finding_on > today:
        errors["revocation_finding_on"] = _("Ngày có kết luận không thể sau ngày hôm nay.")
    elif finding_on < certificate.issued_on:
        errors["revocation_finding_on"] = _("Ngày có kết luận không thể trước ngày cấp giấy chứng nhận.")
    if ground not in Certificate.Ground.values:
        errors["revocation_finding_ground"] = _("Chọn một trong sáu căn cứ thu hồi của Điều 8.")
    if errors:
        raise ValidationError(errors)
    certificate.revocation_finding_on = finding_on
    certificate.revocation_finding_ground = ground
    certificate.revocation_finding_note = note
    certificate.save(update_fields=FINDING_FIELDS)
    public_data_changed()  # the public pages show the live status
    deadline = lifecycle.revocation_deadline(finding_on)
    audit_record(
        action=AuditAction.CERTIFICATES_FINDING_RECORD, actor=actor, target=certificate, unit=certificate.product.unit,
        after={"finding_on": finding_on.isoformat(), "ground": ground, "due_on": deadline.isoformat()},
        message=_("Bắt đầu thu hồi theo căn cứ %(ground)s; hạn ra quyết định thu hồi %(deadline)s.") % {
            "ground": certificate.get_revocation_finding_ground_display(), "deadline": short_date(deadline)},
    )
    return certificate


@transaction.atomic
def finding_dismiss(*, certificate: Certificate, reason: str, actor) -> Certificate:
    """Dismiss the pending finding of CERTIFICATE (verification found no ground to revoke): its
    live status is again that of its dates. REASON is required and audited."""
    certificate = _locked_for_revocation(certificate, actor)
    if certificate.revocation_finding_on is None or certificate.revoked_on is not None:
        raise ValidationError(_("Giấy chứng nhận này không có kết luận đang chờ quyết định thu hồi."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Nêu lý do không thu hồi.")})
    before = {"finding_on": certificate.revocation_finding_on.isoformat(),
              "ground": certificate.revocation_finding_ground, "note": certificate.revocation_finding_note}
    certificate.revocation_finding_on = None
    certificate.revocation_finding_ground = ""
    certificate.revocation_finding_note = ""
    certificate.save(update_fields=FINDING_FIELDS)
    public_data_changed()  # the public pages show the live status
    audit_record(
        action=AuditAction.CERTIFICATES_FINDING_DISMISS, actor=actor, target=certificate, unit=certificate.product.unit,
        before=before, after={"reason": reason},
        message=_("Không thu hồi: %(reason)s") % {"reason": reason},
    )
    return certificate


@transaction.atomic
def certificate_revoke(
    *,
    certificate: Certificate,
    ground: str,
    finding_on: date,
    actor,
    signed_on: date | None = None,
    signer_name: str = "",
    signer_title: str = "",
    note: str = "",
) -> Revocation:
    """Revoke CERTIFICATE by a numbered revocation decision of the competent authority (Art. 8).

    Effective on the decision date (today by default): the public page shows it at once. A
    decision later than 15 days after the finding is recorded, but flagged late (audit + result).
    It supersedes a pending finding (finding_record): its finding date is the revocation's, the
    finding's ground and note are cleared (the decision carries its own).
    """
    certificate = _locked_for_revocation(certificate, actor)
    level, unit = revocation_issuer(certificate)
    today = timezone.localdate()
    signed_on = signed_on or today
    errors = {}
    if certificate.revoked_on is not None:
        errors["revocation_ground"] = _("Giấy chứng nhận này đã bị thu hồi.")
    if ground not in Certificate.Ground.values:
        errors["revocation_ground"] = _("Chọn một trong sáu căn cứ thu hồi của Điều 8.")
    if finding_on > signed_on:
        errors["revocation_finding_on"] = _("Ngày có kết luận không thể sau ngày quyết định thu hồi.")
    if signed_on > today or signed_on < certificate.issued_on:
        errors["revoked_on"] = _("Ngày quyết định thu hồi phải từ ngày cấp đến hôm nay.")
    if errors:
        raise ValidationError(errors)
    sequence, number = next_number(level=level, unit=unit, year=signed_on.year)
    decision = Decision(
        issuer_level=level, issuer_unit=unit, issuer_key=issuer_key(level, unit), kind=Decision.Kind.REVOCATION,
        year=signed_on.year, sequence=sequence, number=number, signed_on=signed_on, signer_name=signer_name,
        signer_title=signer_title, note=note, created_by=_real(actor),
    )
    decision.full_clean()
    decision.save()
    certificate.revoked_on = signed_on
    certificate.revocation_decision = decision
    certificate.revocation_ground = ground
    certificate.revocation_finding_on = finding_on
    certificate.revocation_note = note
    certificate.revocation_finding_ground = ""
    certificate.revocation_finding_note = ""
    certificate.save(update_fields=[
        "revoked_on", "revocation_decision", "revocation_ground", "revocation_finding_on", "revocation_note",
        "revocation_finding_ground", "revocation_finding_note", "updated_at",
    ])
    product_standings_refresh(product_ids=[certificate.product_id])
    deadline = lifecycle.revocation_deadline(finding_on)
    late = lifecycle.revocation_is_late(finding_on, signed_on)
    message = _("Thu hồi theo căn cứ %(ground)s.") % {"ground": certificate.get_revocation_ground_display()}
    if late:
        message += " " + _("Quá hạn 15 ngày kể từ ngày có kết luận (hạn %(deadline)s).") % {
            "deadline": short_date(deadline)
        }
    audit_record(
        action=AuditAction.CERTIFICATES_CERTIFICATE_REVOKE, actor=actor, target=certificate, unit=certificate.product.unit,
        after={"decision": number, "ground": ground, "finding_on": finding_on.isoformat(),
               "revoked_on": signed_on.isoformat(), "late": late},
        message=message,
    )
    notify.certificate_revoked(certificate)
    if certificate.pdf:  # the stored PDF gets the revocation mark once the revocation is committed
        transaction.on_commit(partial(_store_revoked_pdf, certificate.pk), robust=True)
    return Revocation(certificate, decision, late, deadline)


def _store_revoked_pdf(pk) -> None:
    from ocop.certificates.rendering import certificate_for_render

    certificate_store_pdf(certificate=certificate_for_render(pk), force=True)


# --- Notifications -----------------------------------------------------------------------------

def notifications_mark_read(*, user, ids=None) -> int:
    """Mark the user's own unread notifications (all, or those in IDS) as read."""
    queryset = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        queryset = queryset.filter(pk__in=[int(i) for i in ids if str(i).isdigit()])
    return queryset.update(read_at=timezone.now())


def _real(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None
