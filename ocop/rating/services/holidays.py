"""Public holidays (and make-up working days) beyond the fixed data of ocop.rating.calendar."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from ocop.accounts.models import Role
from ocop.accounts.scope import scope_for
from ocop.core.audit import audit_record, snapshot
from ocop.rating.models import PublicHoliday

MANAGERS = frozenset({Role.NATIONAL_OFFICE, Role.PROVINCE_OFFICE})


def can_manage(actor) -> bool:
    return actor is None or actor.is_superuser or bool(scope_for(actor).roles & MANAGERS)


@transaction.atomic
def holiday_save(*, holiday: PublicHoliday, actor) -> PublicHoliday:
    if not can_manage(actor):
        raise PermissionDenied(_("Bạn không có quyền sửa lịch ngày nghỉ."))
    holiday.full_clean()
    holiday.save()
    audit_record(action="holiday.save", actor=actor, target=holiday,
                 after=snapshot(holiday, ["date", "name", "is_working_day"]))
    return holiday


@transaction.atomic
def holiday_delete(*, holiday: PublicHoliday, actor) -> None:
    if not can_manage(actor):
        raise PermissionDenied(_("Bạn không có quyền sửa lịch ngày nghỉ."))
    audit_record(action="holiday.delete", actor=actor, target=holiday,
                 before=snapshot(holiday, ["date", "name", "is_working_day"]))
    holiday.delete()
