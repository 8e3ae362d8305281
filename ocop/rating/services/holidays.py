"""Public holidays (and make-up working days) beyond the fixed data of ocop.rating.calendar.

National data: the calendar drives every province's working-day deadlines, so only the national
office (a unit-less assignment) or the system administrator writes it (issue 15, M-3)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from ocop.accounts.policy import is_national
from ocop.accounts.roles import NATIONAL_ONLY
from ocop.core.audit import AuditAction, audit_record, snapshot
from ocop.rating.models import PublicHoliday


def can_manage(actor) -> bool:
    return actor is None or actor.is_superuser or is_national(actor, NATIONAL_ONLY)


@transaction.atomic
def holiday_save(*, holiday: PublicHoliday, actor) -> PublicHoliday:
    if not can_manage(actor):
        raise PermissionDenied(_("Chỉ văn phòng OCOP trung ương được sửa lịch ngày nghỉ toàn quốc."))
    holiday.full_clean()
    holiday.save()
    audit_record(action=AuditAction.HOLIDAY_SAVE, actor=actor, target=holiday,
                 after=snapshot(holiday, ["date", "name", "is_working_day"]))
    return holiday


@transaction.atomic
def holiday_delete(*, holiday: PublicHoliday, actor) -> None:
    if not can_manage(actor):
        raise PermissionDenied(_("Chỉ văn phòng OCOP trung ương được sửa lịch ngày nghỉ toàn quốc."))
    audit_record(action=AuditAction.HOLIDAY_DELETE, actor=actor, target=holiday,
                 before=snapshot(holiday, ["date", "name", "is_working_day"]))
    holiday.delete()
