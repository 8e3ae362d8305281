"""A council's result: computed by the engine when every expected sheet is in, finalized once by
the secretary (minutes, optional consolidated sheet), then immutable.

* result_refresh (services.compute) — the draft result, computed when every expected sheet is in.
* result_finalize — the secretary records the minutes and finalizes when the council's rules
  hold (quorum of present members; a spread above the threshold resolved by rescoring or by a
  discussion the chair confirmed); absent members are recorded with their reasons. The dossier
  moves to "rated", or to "awaiting_approval" for a potential 5★ (ocop.rating.next_steps); a
  central result moves it to "central_rated". Two secretaries finalizing at once leave one
  result: the dossier and the result rows are locked, and (dossier, level) is unique.
* result_discussion_confirm — the chair records the discussion that resolves a spread.
* result_approve — the chair approves a potential 5★ result; the dossier goes to the next open
  central round (Art. 7.3.e).
* sheets_reopen — after a discussion the secretary reopens the sheets for rescoring.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.core.audit import AuditAction, audit_record
from ocop.criteria.scoring import SheetError
from ocop.rating import council_rules, next_steps, workflow
from ocop.rating.models import RatingResult, RatingRound, ScoreSheet
from ocop.rating.policy import dossier_roles
from ocop.rating.services.common import council_for, criteria_set_of, real_actor, require_readable
from ocop.rating.services.compute import result_apply, result_compute
from ocop.rating.services.dossiers import _locked, _move, clean_answers
from ocop.rating.services.rounds import round_for
from ocop.rating.workflow import DossierStatus as S

PROVINCE, CENTRAL = RatingRound.Level.PROVINCE, RatingRound.Level.CENTRAL


def _check_secretary(actor, dossier, level: str) -> None:
    from ocop.rating.models import CouncilMember

    if actor is None or actor.is_superuser:
        return
    council = council_for(dossier, level)
    if not CouncilMember.objects.filter(council=council, user=actor, role=CouncilMember.Role.SECRETARY).exists():
        raise PermissionDenied(_("Chỉ thư ký hội đồng hoàn tất kết quả."))


@transaction.atomic
def result_finalize(
    *, dossier, level: str, actor, minutes: str = "", consolidated: dict | None = None,
    meeting_on: date | None = None,
) -> RatingResult:
    locked = _locked(dossier)
    require_readable(actor, locked)
    _check_secretary(actor, locked, level)
    result = RatingResult.objects.select_for_update().filter(dossier=locked, level=level).first()
    if result is not None and result.is_final:
        raise ValidationError(_("Kết quả đã được hoàn tất trước đó."))
    expected_status = S.ACCEPTED if level == PROVINCE else S.FORWARDED_CENTRAL
    if locked.status != expected_status:
        raise ValidationError(_("Hồ sơ không ở giai đoạn hoàn tất kết quả."))
    if result is None:
        raise ValidationError(_("Chưa đủ phiếu chấm của các thành viên hội đồng."))
    criteria_set = criteria_set_of(locked)
    if consolidated:
        consolidated = clean_answers(criteria_set, consolidated)
    try:
        council, progress, engine = result_compute(locked, level, consolidated or None)
    except SheetError as exc:
        raise ValidationError({"consolidated": [f"{c}: {m}" for c, m in exc.errors]}) from None
    if engine is None:
        raise ValidationError(_("Chưa đủ phiếu chấm của các thành viên hội đồng."))
    result_apply(result, council, engine, n=len(progress.expected))
    _check_rules(council, progress, result)
    minutes = (minutes or "").strip()
    written = council.written_only or locked.written_only
    if not written and not minutes:
        raise ValidationError({"minutes": _("Cần nhập biên bản họp hội đồng.")})
    if result.flagged_for_discussion and written and meeting_on is None:
        raise ValidationError({"meeting_on": _("Ý kiến khác nhau: hội đồng cần họp trực tiếp (nhập ngày họp).")})
    result.minutes, result.consolidated, result.meeting_on = minutes, consolidated or None, meeting_on
    result.absent_members = [{"member": m.pk, "name": str(m.user), "role": m.role, "reason": m.absence_reason}
                             for m in progress.absent]
    result.finalized_at, result.finalized_by = timezone.now(), real_actor(actor)
    result.full_clean(exclude=["dossier"])
    result.save()
    if level == CENTRAL:
        _move(locked, to=S.CENTRAL_RATED, actor=actor, reason=_("Kết quả hội đồng trung ương: %(n)s sao")
              % {"n": result.stars})
    elif result.potential_5_star:
        _move(locked, to=S.AWAITING_APPROVAL, actor=actor,
              reason=_("Tiềm năng 5 sao (điểm trung bình %(avg)s): chờ chủ tịch hội đồng phê duyệt")
              % {"avg": result.average})
    else:
        _move(locked, to=S.RATED, actor=actor, reason=_("Kết quả hội đồng tỉnh: %(n)s sao") % {"n": result.stars})
    audit_record(
        action=AuditAction.RESULT_FINALIZE, actor=actor, target=result, unit=locked.unit,
        after={"average": result.average, "spread": result.spread, "stars": result.stars,
               "potential_5_star": result.potential_5_star, "flagged": result.flagged_for_discussion,
               "absent": [a["member"] for a in result.absent_members]},
    )
    return result


def _check_rules(council, progress, result: RatingResult) -> None:
    """The council's own rules (Quy chế): quorum, and how a spread above the threshold is resolved."""
    quorum = progress.quorum
    if not quorum.met:
        message = _("Không đủ số thành viên có mặt theo quy chế của hội đồng: có mặt %(present)s/%(seats)s, "
                    "cần ít nhất %(needed)s.") % {"present": quorum.present, "seats": quorum.seats,
                                                 "needed": quorum.needed}
        if quorum.chair_needed and not quorum.chair_present:
            message = _("Quy chế của hội đồng yêu cầu chủ tịch hội đồng có mặt.")
        raise ValidationError(message)
    block = council_rules.spread_blocks(result.spread, council.spread_threshold, council.spread_resolution,
                                        discussion_confirmed=result.discussion_confirmed_at is not None)
    if block == "rescore":
        raise ValidationError(_("Điểm chênh lệch %(spread)s vượt ngưỡng %(threshold)s: theo quy chế, hội đồng "
                                "chấm lại (mở lại các phiếu).")
                              % {"spread": result.spread, "threshold": council.spread_threshold})
    if block == "confirm":
        raise ValidationError(_("Điểm chênh lệch %(spread)s vượt ngưỡng %(threshold)s: cần chủ tịch hội đồng "
                                "xác nhận nội dung thảo luận trước khi hoàn tất.")
                              % {"spread": result.spread, "threshold": council.spread_threshold})


def _chair_seat(actor, dossier, level: str):
    from ocop.rating.models import CouncilMember

    council = council_for(dossier, level)
    seat = CouncilMember.objects.filter(council=council, user=actor, role=CouncilMember.Role.CHAIR).first()
    if seat is None:
        raise PermissionDenied(_("Chỉ chủ tịch hội đồng thực hiện việc này."))
    if seat.absent:
        raise ValidationError(_("Chủ tịch hội đồng đang được ghi vắng mặt."))
    return council, seat


@transaction.atomic
def result_discussion_confirm(*, dossier, level: str, actor, note: str) -> RatingResult:
    """The chair confirms the council's discussion of a spread above the threshold (the rule
    "discussion"): what was discussed and concluded, before the secretary finalizes."""
    locked = _locked(dossier)
    require_readable(actor, locked)
    council, _seat = _chair_seat(actor, locked, level)
    result = RatingResult.objects.select_for_update().filter(dossier=locked, level=level).first()
    if result is None or result.is_final:
        raise ValidationError(_("Chưa có kết quả tạm tính để xác nhận thảo luận (hoặc kết quả đã hoàn tất)."))
    if not result.flagged_for_discussion:
        raise ValidationError(_("Điểm chênh lệch trong ngưỡng: không cần thảo luận."))
    if council.spread_resolution == council_rules.RESCORE:
        raise ValidationError(_("Quy chế của hội đồng yêu cầu chấm lại khi chênh lệch vượt ngưỡng."))
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Cần ghi nội dung thảo luận và kết luận của hội đồng.")})
    result.discussion_note, result.discussion_confirmed_by = note, real_actor(actor)
    result.discussion_confirmed_at = timezone.now()
    result.save(update_fields=["discussion_note", "discussion_confirmed_by", "discussion_confirmed_at", "updated_at"])
    audit_record(action=AuditAction.RESULT_DISCUSSION_CONFIRM, actor=actor, target=result, unit=locked.unit,
                 after={"spread": result.spread}, message=note)
    return result


def _awaiting_the_chair(dossier, actor) -> tuple:
    """The locked dossier and its final province result, waiting for ACTOR, its council's chair."""
    locked = _locked(dossier)
    require_readable(actor, locked)
    _chair_seat(actor, locked, PROVINCE)
    result = RatingResult.objects.select_for_update().filter(dossier=locked, level=PROVINCE).first()
    if result is None or not result.is_final or locked.status != S.AWAITING_APPROVAL:
        raise ValidationError(_("Hồ sơ không ở bước chờ chủ tịch hội đồng phê duyệt."))
    return locked, result


@transaction.atomic
def result_approve(*, dossier, actor) -> RatingResult:
    """The chair approves a potential 5★ province result (Art. 7.3.e); the dossier then goes to
    the next open central round."""
    locked, result = _awaiting_the_chair(dossier, actor)
    steps = next_steps.next_steps(PROVINCE, result.average, result.stars, approved=result.approved_at is not None)
    if next_steps.Step.CHAIR_APPROVES not in steps:
        raise ValidationError(_("Kết quả này không cần chủ tịch hội đồng phê duyệt."))
    result.approved_by, result.approved_at = real_actor(actor), timezone.now()
    result.save(update_fields=["approved_by", "approved_at", "updated_at"])
    locked.central_round = round_for(level=CENTRAL, unit=None, on=timezone.localdate())
    _move(locked, to=S.FORWARDED_CENTRAL, actor=actor, fields=("central_round",),
          reason=_("Chủ tịch hội đồng phê duyệt kết quả tiềm năng 5 sao (điểm trung bình %(avg)s)")
          % {"avg": result.average})
    audit_record(action=AuditAction.RESULT_APPROVE, actor=actor, target=result, unit=locked.unit,
                 after={"average": result.average, "stars": result.stars, "central_round": locked.central_round_id})
    return result


@transaction.atomic
def result_decline(*, dossier, actor, reason: str) -> RatingResult:
    """The chair declines to send a potential 5★ province result to the Ministry. The law is
    silent on this case; the reading (ocop.rating.next_steps) never leaves the product without a
    next step: the dossier is rated and the province recognises the result at 4★."""
    locked, result = _awaiting_the_chair(dossier, actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Cần nêu rõ lý do không phê duyệt.")})
    result.declined_by, result.declined_at, result.decline_reason = real_actor(actor), timezone.now(), reason
    result.save(update_fields=["declined_by", "declined_at", "decline_reason", "updated_at"])
    _move(locked, to=S.RATED, actor=actor,
          reason=_("Chủ tịch hội đồng không phê duyệt gửi Bộ: tỉnh công nhận ở hạng %(n)s sao. Lý do: %(why)s")
          % {"n": result.recognised_stars, "why": reason})
    audit_record(action=AuditAction.RESULT_DECLINE, actor=actor, target=result, unit=locked.unit,
                 after={"average": result.average, "stars": result.stars,
                        "recognised_stars": result.recognised_stars}, message=reason)
    return result


def can_approve(user, dossier) -> bool:
    return workflow.DOSSIER.can(dossier.status, S.FORWARDED_CENTRAL, dossier_roles(user, dossier))


@transaction.atomic
def sheets_reopen(*, dossier, level: str, actor, reason: str) -> int:
    """Reopen the submitted sheets for rescoring after a discussion (before finalizing)."""
    locked = _locked(dossier)
    _check_secretary(actor, locked, level)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Cần nêu rõ lý do.")})
    if RatingResult.objects.filter(dossier=locked, level=level, finalized_at__isnull=False).exists():
        raise ValidationError(_("Kết quả đã được hoàn tất, không chấm lại được."))
    council = council_for(locked, level)
    count = ScoreSheet.objects.filter(dossier=locked, member__council=council, submitted_at__isnull=False).update(
        submitted_at=None, total=None
    )
    RatingResult.objects.filter(dossier=locked, level=level, finalized_at__isnull=True).delete()
    audit_record(action=AuditAction.SHEET_REOPEN, actor=actor, target=locked, unit=locked.unit,
                 after={"level": level, "sheets": count}, message=reason.strip())
    return count


def can_finalize(user, dossier, level: str) -> bool:
    to = S.CENTRAL_RATED if level == CENTRAL else S.RATED
    return workflow.DOSSIER.can(dossier.status, to, dossier_roles(user, dossier))
