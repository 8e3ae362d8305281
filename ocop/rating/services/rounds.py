"""Rating rounds (Art. 5): at least two a year at each level, with editable dates.

Province: round 1 for dossiers the commune proposes by 30/4, rated by 30/6; round 2 by 30/10,
rated by 30/12. Central: round 1 by 30/7 → 30/9; round 2 by 30/1 → 30/3 of the next year.
(The text says "before" (trước ngày) each date; the defaults store the date itself as the last
day and the office edits them in the admin.)
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ocop.core.audit import AuditAction, audit_record, diff, snapshot
from ocop.lib.formatting import short_date
from ocop.rating.models import RatingRound
from ocop.rating.policy import can_manage_rounds

PROVINCE, CENTRAL = RatingRound.Level.PROVINCE, RatingRound.Level.CENTRAL
ROUND_FIELDS = ["level", "unit", "year", "sequence", "proposal_deadline", "rating_deadline", "note"]

#: (sequence, proposal deadline (month, day, year offset), rating deadline (month, day, year offset))
DEFAULTS: dict[str, tuple[tuple[int, tuple[int, int, int], tuple[int, int, int]], ...]] = {
    PROVINCE: ((1, (4, 30, 0), (6, 30, 0)), (2, (10, 30, 0), (12, 30, 0))),
    CENTRAL: ((1, (7, 30, 0), (9, 30, 0)), (2, (1, 30, 1), (3, 30, 1))),
}


def default_dates(level: str, year: int) -> list[tuple[int, date, date]]:
    """(sequence, proposal deadline, rating deadline) of a year's default rounds (pure)."""
    return [
        (seq, date(year + py, pm, pd), date(year + ry, rm, rd))
        for seq, (pm, pd, py), (rm, rd, ry) in DEFAULTS[level]
    ]


def check_can_manage(actor, level: str, unit) -> None:
    """Province rounds: the province office of that province; central rounds: the national office."""
    if actor is None or actor.is_superuser:
        return
    if level == CENTRAL:
        ok = can_manage_rounds(actor, None)  # a genuinely national (unit-less) national office
    else:
        # A province round without its province (a half-filled admin form) is nobody's to manage.
        ok = unit is not None and can_manage_rounds(actor, unit)
    if not ok:
        raise PermissionDenied(_("Bạn không có quyền quản lý đợt đánh giá này."))


@transaction.atomic
def rounds_create_default(*, year: int, unit=None, actor=None) -> list[RatingRound]:
    """Create the year's default rounds of a province (UNIT) or of the central level (None);
    existing rounds are kept as they are (idempotent)."""
    level = CENTRAL if unit is None else PROVINCE
    check_can_manage(actor, level, unit)
    rounds = []
    for seq, proposal, rating in default_dates(level, year):
        rnd, created = RatingRound.objects.get_or_create(
            level=level, unit=unit, year=year, sequence=seq,
            defaults={"proposal_deadline": proposal, "rating_deadline": rating},
        )
        if created:
            audit_record(action=AuditAction.ROUND_CREATE, actor=actor, target=rnd, unit=unit,
                         after=snapshot(rnd, ["year", "sequence", "proposal_deadline", "rating_deadline"]))
        rounds.append(rnd)
    return rounds


@transaction.atomic
def round_save(*, rnd: RatingRound, actor) -> RatingRound:
    """Create or edit a round (admin form)."""
    check_can_manage(actor, rnd.level, rnd.unit)
    before = snapshot(RatingRound.objects.get(pk=rnd.pk), ROUND_FIELDS) if rnd.pk else {}
    rnd.full_clean()
    try:
        with transaction.atomic():
            rnd.save()
    except IntegrityError as exc:
        raise ValidationError(_("Đã có đợt này trong năm.")) from exc
    old, new = diff(before, snapshot(rnd, ROUND_FIELDS))
    audit_record(action=AuditAction.ROUND_SAVE, actor=actor, target=rnd, unit=rnd.unit, before=old or None, after=new)
    return rnd


def round_next_open(*, level: str, unit, on: date) -> RatingRound | None:
    """The first round at LEVEL (of province UNIT) still open on ON (its proposal deadline not passed)."""
    return (
        RatingRound.objects.filter(level=level, unit=unit, proposal_deadline__gte=on)
        .order_by("proposal_deadline", "sequence")
        .first()
    )


def round_check_open(rnd: RatingRound, on: date) -> None:
    """Refuse a dossier joining RND on ON once the round no longer takes dossiers (round_phase)."""
    if on > rnd.proposal_deadline:
        raise ValidationError(
            _("%(round)s đã hết hạn nhận hồ sơ ngày %(deadline)s; hồ sơ được đưa vào đợt tiếp theo.")
            % {"round": rnd, "deadline": short_date(rnd.proposal_deadline)}
        )


def round_for(*, level: str, unit, on: date) -> RatingRound:
    """The next open round, creating the year's (then next year's) default rounds when none is open."""
    rnd = round_next_open(level=level, unit=unit, on=on)
    for year in (on.year, on.year + 1):
        if rnd is not None:
            break
        rounds_create_default(year=year, unit=unit if level == PROVINCE else None, actor=None)
        rnd = round_next_open(level=level, unit=unit, on=on)
    if rnd is None:
        raise ValidationError(_("Không có đợt đánh giá nào đang mở."))
    round_check_open(rnd, on)
    return rnd
