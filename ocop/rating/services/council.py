"""Councils (Art. 7.3–7.4): members, conflict declarations, the advisory team's report, and each
member's independent score sheet.

A member scores a dossier only after declaring no conflict of interest for it; a sheet is
submitted once (locked dossier row + the (dossier, member) unique constraint), and the last
expected sheet computes the council's result (ocop.rating.services.results).
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.core.audit import AuditAction, audit_record, snapshot
from ocop.core.exceptions import StateConflict
from ocop.criteria.scoring import SheetError, score_sheet
from ocop.rating import workflow
from ocop.rating.models import (
    AdvisoryReport,
    ConflictDeclaration,
    Council,
    CouncilMember,
    Dossier,
    RatingRound,
    ScoreSheet,
)
from ocop.rating.policy import can_write_advisory
from ocop.rating.services.common import council_for, criteria_set_of, real_actor, require_readable
from ocop.rating.services.compute import result_refresh
from ocop.rating.services.dossiers import _locked, clean_answers
from ocop.rating.services.rounds import check_can_manage

PROVINCE, CENTRAL = RatingRound.Level.PROVINCE, RatingRound.Level.CENTRAL
RULE_FIELDS = ("quorum", "quorum_needs_chair", "spread_resolution")


@transaction.atomic
def council_create(
    *, rnd: RatingRound, name: str, actor, spread_threshold=None, written_only: bool = False,
    decision_number: str = "", established_on: date | None = None, **rules,
) -> Council:
    """A council with its rules (quorum, quorum_needs_chair, spread_resolution; model defaults
    when not given)."""
    check_can_manage(actor, rnd.level, rnd.unit)
    council = Council(round=rnd, name=name, written_only=written_only, decision_number=decision_number,
                      established_on=established_on,
                      **{k: v for k, v in rules.items() if k in RULE_FIELDS and v is not None})
    if spread_threshold is not None:
        council.spread_threshold = spread_threshold
    council.full_clean()
    council.save()
    audit_record(action=AuditAction.COUNCIL_CREATE, actor=actor, target=council, unit=rnd.unit,
                 after=snapshot(council, ["round", "name", "spread_threshold", "written_only", *RULE_FIELDS]))
    return council


@transaction.atomic
def council_save(*, council: Council, actor) -> Council:
    """Edit a council (admin): name, decision, threshold, written-only."""
    check_can_manage(actor, council.round.level, council.round.unit)
    council.full_clean()
    council.save()
    audit_record(action=AuditAction.COUNCIL_SAVE, actor=actor, target=council, unit=council.round.unit,
                 after=snapshot(council, ["name", "decision_number", "spread_threshold", "written_only", *RULE_FIELDS]))
    return council


@transaction.atomic
def council_member_add(
    *, council: Council, user, actor, role: str = CouncilMember.Role.MEMBER, organization: str = "", title: str = "",
    absent: bool = False, absence_reason: str = "",
) -> CouncilMember:
    check_can_manage(actor, council.round.level, council.round.unit)
    member = CouncilMember(council=council, user=user, role=role, organization=organization, title=title,
                           absent=absent, absence_reason=(absence_reason or "").strip() if absent else "")
    if member.absent and not member.absence_reason:
        raise ValidationError({"absence_reason": _("Cần nêu lý do vắng mặt của thành viên.")})
    member.full_clean()
    member.save()
    audit_record(action=AuditAction.COUNCIL_MEMBER_ADD, actor=actor, target=council, unit=council.round.unit,
                 after={"user": user.pk, "role": role})
    return member


@transaction.atomic
def council_member_remove(*, member: CouncilMember, actor) -> None:
    """Take a member off the council (replaced before the meeting). Their unsubmitted drafts and
    declarations go with them; a member who has submitted a sheet stays on record and is marked
    absent instead (the council's rules leave an absent member's sheet out)."""
    council = member.council
    check_can_manage(actor, council.round.level, council.round.unit)
    if member.sheets.filter(submitted_at__isnull=False).exists():
        raise ValidationError(_("Thành viên %(name)s đã nộp phiếu chấm nên không rút khỏi hội đồng được: "
                                "hãy đánh dấu vắng mặt (kèm lý do) để phiếu không được tính.")
                              % {"name": member.user})
    audit_record(action=AuditAction.COUNCIL_MEMBER_REMOVE, actor=actor, target=council, unit=council.round.unit,
                 before={"user": member.user_id, "role": member.role})
    member.sheets.all().delete()
    member.declarations.all().delete()
    member.delete()
    _refresh_council_results(council)  # the member's pending sheet no longer holds a dossier back


def _refresh_council_results(council: Council) -> None:
    """Recompute the draft results of the council's dossiers after its membership changed (an
    absent or removed member may complete a dossier's sheets, or a returning one reopen it)."""
    level = council.round.level
    scorable = workflow.SCORABLE_PROVINCE if level == PROVINCE else workflow.SCORABLE_CENTRAL
    field = "round" if level == PROVINCE else "central_round"
    for dossier in Dossier.objects.select_for_update().filter(**{field: council.round, "status__in": scorable}):
        result_refresh(dossier, level)


def _seat(council: Council, actor) -> CouncilMember:
    seat = CouncilMember.objects.filter(council=council, user=actor).first() if actor is not None else None
    if seat is None:
        raise PermissionDenied(_("Bạn không phải thành viên hội đồng này."))
    return seat


def _check_present(seat: CouncilMember) -> None:
    if seat.absent:
        raise ValidationError(_("Bạn được ghi vắng mặt (%(reason)s): phiếu chấm không được tính.")
                              % {"reason": seat.absence_reason})


def _check_scorable(dossier: Dossier, level: str) -> None:
    allowed = workflow.SCORABLE_PROVINCE if level == PROVINCE else workflow.SCORABLE_CENTRAL
    if dossier.status not in allowed:
        raise StateConflict(_("Hồ sơ không ở giai đoạn chấm điểm của hội đồng."))


@transaction.atomic
def conflict_declare(*, dossier: Dossier, level: str, actor, has_conflict: bool, note: str = "") -> ConflictDeclaration:
    """A member declares (once) whether they have a conflict of interest with the dossier."""
    locked = _locked(dossier)
    _check_scorable(locked, level)
    seat = _seat(council_for(locked, level), actor)
    _check_present(seat)
    if has_conflict and not note.strip():
        raise ValidationError({"note": _("Cần nêu nội dung xung đột lợi ích.")})
    if ConflictDeclaration.objects.filter(member=seat, dossier=locked).exists():
        raise StateConflict(_("Bạn đã kê khai xung đột lợi ích cho hồ sơ này."))
    declaration = ConflictDeclaration.objects.create(member=seat, dossier=locked, has_conflict=has_conflict,
                                                     note=note.strip())
    audit_record(action=AuditAction.COUNCIL_CONFLICT_DECLARE, actor=actor, target=locked, unit=locked.unit,
                 after={"member": seat.pk, "has_conflict": has_conflict}, message=note)
    result_refresh(locked, level)  # with a conflict, the others may already be complete
    return declaration


@transaction.atomic
def sheet_save(*, dossier: Dossier, level: str, actor, answers: dict, opinion: str = "",
               submit: bool = False) -> ScoreSheet:
    """Save a member's sheet (a draft may be partial); SUBMIT scores it with the engine and
    freezes it. The last expected sheet computes the council's result."""
    locked = _locked(dossier)  # serializes sheets of one dossier: the result sees every sheet
    _check_scorable(locked, level)
    council = council_for(locked, level)
    seat = _seat(council, actor)
    if not seat.scores:
        raise PermissionDenied(_("Thư ký hội đồng không chấm điểm."))
    _check_present(seat)
    declaration = ConflictDeclaration.objects.filter(member=seat, dossier=locked).first()
    if declaration is None:
        raise ValidationError(_("Cần kê khai xung đột lợi ích trước khi chấm điểm."))
    if declaration.has_conflict:
        raise PermissionDenied(_("Bạn có xung đột lợi ích với hồ sơ này nên không chấm điểm."))
    criteria_set = criteria_set_of(locked)
    valid = clean_answers(criteria_set, answers)
    try:
        with transaction.atomic():
            sheet, _created = ScoreSheet.objects.select_for_update().get_or_create(dossier=locked, member=seat)
    except IntegrityError:  # a concurrent first save of the same sheet
        sheet = ScoreSheet.objects.select_for_update().get(dossier=locked, member=seat)
    if sheet.is_submitted:
        raise StateConflict(_("Phiếu chấm đã nộp, không sửa được nữa."))
    sheet.answers, sheet.opinion = valid, opinion.strip()
    fields = ["answers", "opinion", "updated_at"]
    if submit:
        try:
            sheet.total = score_sheet(criteria_set, valid).total
        except SheetError as exc:
            raise ValidationError(
                [_("Tiêu chí %(code)s: %(msg)s") % {"code": code, "msg": msg} for code, msg in exc.errors]
            ) from None
        sheet.submitted_at = timezone.now()
        fields += ["total", "submitted_at"]
    sheet.save(update_fields=fields)
    if submit:
        audit_record(action=AuditAction.SHEET_SUBMIT, actor=actor, target=sheet, unit=locked.unit,
                     after={"dossier": locked.pk, "level": level, "total": sheet.total})
        result_refresh(locked, level)
    return sheet


@transaction.atomic
def advisory_report_record(
    *, dossier: Dossier, actor, summary: str, level: str = PROVINCE, surveyed_on: date | None = None,
    survey_note: str = "", extra_tests: str = "",
) -> AdvisoryReport:
    """The advisory team's (tổ tư vấn) report and field survey, recorded by the OCOP office."""
    locked = _locked(dossier)
    require_readable(actor, locked)
    if actor is not None and not can_write_advisory(actor, locked, level):
        raise PermissionDenied(_("Bạn không có quyền ghi báo cáo tổ tư vấn."))
    if locked.status not in {workflow.S.PROPOSED, workflow.S.ACCEPTED, workflow.S.FORWARDED_CENTRAL}:
        raise ValidationError(_("Hồ sơ không ở giai đoạn tổ tư vấn đánh giá."))
    if not summary.strip():
        raise ValidationError({"summary": _("Cần nhập nội dung báo cáo.")})
    report, _created = AdvisoryReport.objects.update_or_create(
        dossier=locked, level=level,
        defaults={"summary": summary.strip(), "surveyed_on": surveyed_on, "survey_note": survey_note.strip(),
                  "extra_tests": extra_tests.strip(), "recorded_by": real_actor(actor)},
    )
    audit_record(action=AuditAction.ADVISORY_RECORD, actor=actor, target=report, unit=locked.unit,
                 after={"dossier": locked.pk, "level": level, "surveyed_on": surveyed_on})
    return report


@transaction.atomic
def council_member_update(*, member: CouncilMember, actor, role: str, organization: str = "", title: str = "",
                          absent: bool | None = None, absence_reason: str | None = None) -> CouncilMember:
    """Edit a seat; ABSENT marks the member absent (with ABSENCE_REASON) under the council's rules:
    their sheet, if any, is left out of the average and of the minimum-marker majority."""
    council = member.council
    check_can_manage(actor, council.round.level, council.round.unit)
    fields = ["role", "organization", "title", "absent", "absence_reason"]
    before = snapshot(CouncilMember.objects.get(pk=member.pk), fields)  # the admin's form already set the instance
    member.role, member.organization, member.title = role, organization, title
    if absent is not None:
        member.absent = absent
        member.absence_reason = (absence_reason or "").strip() if absent else ""
    if member.absent and not member.absence_reason:
        raise ValidationError({"absence_reason": _("Cần nêu lý do vắng mặt của thành viên.")})
    member.full_clean()
    member.save()
    audit_record(action=AuditAction.COUNCIL_MEMBER_UPDATE, actor=actor, target=council, unit=council.round.unit,
                 before=before, after=snapshot(member, fields))
    if before["absent"] != member.absent:
        _refresh_council_results(council)
    return member
