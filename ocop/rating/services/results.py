"""A council's result: computed by the engine when every expected sheet is in, finalized once by
the secretary (minutes, optional consolidated sheet), then immutable.

* result_refresh — called by the sheet and declaration services (dossier row already locked):
  when all non-conflicted scoring members have submitted, council_result() gives the average,
  the spread, the band and the stars; a spread above the council's threshold flags the dossier
  for discussion. The row is a draft (finalized_at empty) until the secretary finalizes.
* result_finalize — the secretary records the minutes and finalizes; the dossier moves to
  "rated", or to "forwarded_central" (next open central round) when the province average is 90
  or more; a central result moves it to "central_rated". Two secretaries finalizing at once
  leave one result: the dossier and the result rows are locked, and (dossier, level) is unique.
* sheets_reopen — after a discussion the secretary reopens the sheets for rescoring.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.core.audit import audit_record
from ocop.criteria.scoring import SheetError, council_result
from ocop.rating import workflow
from ocop.rating.access import acting_roles
from ocop.rating.models import RatingResult, RatingRound, ScoreSheet
from ocop.rating.services.common import criteria_set_of, real_actor, require_readable
from ocop.rating.services.council import _council_for
from ocop.rating.services.dossiers import _locked, _move, clean_answers
from ocop.rating.services.rounds import round_for
from ocop.rating.workflow import DossierStatus as S

PROVINCE, CENTRAL = RatingRound.Level.PROVINCE, RatingRound.Level.CENTRAL
MAX_SCORE = Decimal("999.99")


def _compute(dossier, level: str, consolidated: dict | None = None):
    """(council, progress, engine result or None) for the dossier at LEVEL."""
    from ocop.rating.selectors import council_progress

    council = _council_for(dossier, level)
    progress = council_progress(dossier, council)
    if not progress.complete:
        return council, progress, None
    sheets = [progress.submitted[m.pk] for m in progress.expected]
    return council, progress, council_result(
        criteria_set_of(dossier), [s.answers for s in sheets], consolidated=consolidated, level=level
    )


def _apply(result: RatingResult, council, engine, *, n: int) -> None:
    result.average = engine.average_display
    result.average_exact = str(engine.average)[:80]
    result.spread = min(engine.spread, MAX_SCORE)
    result.band_stars = engine.band_stars
    result.stars = engine.stars
    result.potential_5_star = engine.potential_5_star
    result.flagged_for_discussion = engine.spread > council.spread_threshold
    result.unmet_minimums = [[code, stars] for code, stars in engine.unmet_minimums]
    result.members_count = n


def result_refresh(dossier, level: str) -> RatingResult | None:
    """Create or update the draft result when the council's sheets are complete (caller holds
    the dossier lock). A final result is never touched."""
    result = RatingResult.objects.select_for_update().filter(dossier=dossier, level=level).first()
    if result is not None and result.is_final:
        return result
    council, progress, engine = _compute(dossier, level)
    if engine is None:
        if result is not None:
            result.delete()  # a sheet was reopened: no stale draft
        return None
    if result is None:
        result = RatingResult(
            product_id=dossier.product_id, dossier=dossier, level=level, regime=dossier.regime,
            criteria_set=dossier.criteria_set, year=dossier.year,
            rated_by_unit=council.round.unit if level == PROVINCE else None,
        )
    _apply(result, council, engine, n=len(progress.expected))
    result.save()
    return result


def _check_secretary(actor, dossier, level: str) -> None:
    from ocop.rating.models import CouncilMember

    if actor is None or actor.is_superuser:
        return
    council = _council_for(dossier, level)
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
        council, progress, engine = _compute(locked, level, consolidated or None)
    except SheetError as exc:
        raise ValidationError({"consolidated": [f"{c}: {m}" for c, m in exc.errors]}) from None
    if engine is None:
        raise ValidationError(_("Chưa đủ phiếu chấm của các thành viên hội đồng."))
    _apply(result, council, engine, n=len(progress.expected))
    minutes = (minutes or "").strip()
    written = council.written_only or locked.written_only
    if result.flagged_for_discussion and not minutes:
        raise ValidationError({"minutes": _("Điểm chênh lệch vượt ngưỡng: cần biên bản thảo luận của hội đồng.")})
    if not written and not minutes:
        raise ValidationError({"minutes": _("Cần nhập biên bản họp hội đồng.")})
    if result.flagged_for_discussion and written and meeting_on is None:
        raise ValidationError({"meeting_on": _("Ý kiến khác nhau: hội đồng cần họp trực tiếp (nhập ngày họp).")})
    result.minutes, result.consolidated, result.meeting_on = minutes, consolidated or None, meeting_on
    result.finalized_at, result.finalized_by = timezone.now(), real_actor(actor)
    result.full_clean(exclude=["dossier"])
    result.save()
    if level == CENTRAL:
        _move(locked, to=S.CENTRAL_RATED, actor=actor, reason=_("Kết quả hội đồng trung ương: %(n)s sao")
              % {"n": result.stars})
    elif result.potential_5_star:
        locked.central_round = round_for(level=CENTRAL, unit=None, on=timezone.localdate())
        _move(locked, to=S.FORWARDED_CENTRAL, actor=actor, fields=("central_round",),
              reason=_("Tiềm năng 5 sao (điểm trung bình %(avg)s)") % {"avg": result.average})
    else:
        _move(locked, to=S.RATED, actor=actor, reason=_("Kết quả hội đồng tỉnh: %(n)s sao") % {"n": result.stars})
    audit_record(
        action="result.finalize", actor=actor, target=result, unit=locked.unit,
        after={"average": result.average, "spread": result.spread, "stars": result.stars,
               "potential_5_star": result.potential_5_star, "flagged": result.flagged_for_discussion},
    )
    return result


@transaction.atomic
def sheets_reopen(*, dossier, level: str, actor, reason: str) -> int:
    """Reopen the submitted sheets for rescoring after a discussion (before finalizing)."""
    locked = _locked(dossier)
    _check_secretary(actor, locked, level)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Cần nêu rõ lý do.")})
    if RatingResult.objects.filter(dossier=locked, level=level, finalized_at__isnull=False).exists():
        raise ValidationError(_("Kết quả đã được hoàn tất, không chấm lại được."))
    council = _council_for(locked, level)
    count = ScoreSheet.objects.filter(dossier=locked, member__council=council, submitted_at__isnull=False).update(
        submitted_at=None, total=None
    )
    RatingResult.objects.filter(dossier=locked, level=level, finalized_at__isnull=True).delete()
    audit_record(action="sheets.reopen", actor=actor, target=locked, unit=locked.unit,
                 after={"level": level, "sheets": count}, message=reason.strip())
    return count


def can_finalize(user, dossier, level: str) -> bool:
    to = S.CENTRAL_RATED if level == CENTRAL else S.RATED
    return workflow.can_transition(dossier.status, to, acting_roles(user, dossier))
