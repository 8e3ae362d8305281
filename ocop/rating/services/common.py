"""Helpers shared by the rating services."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from ocop.criteria.sheets import CriteriaSet, UnknownSet, get_set
from ocop.rating.policy import can_read_dossier


def criteria_set_of(obj) -> CriteriaSet:
    """The scoring sheet of a dossier (or a result): its regime and set."""
    try:
        return get_set(obj.regime, obj.criteria_set)
    except UnknownSet as exc:
        from django.core.exceptions import ValidationError

        raise ValidationError(_("Không có phiếu chấm cho bộ tiêu chí %(set)s (%(regime)s).")
                              % {"set": obj.criteria_set, "regime": obj.regime}) from exc


def require_readable(actor, dossier) -> None:
    if actor is not None and not actor.is_superuser and not can_read_dossier(actor, dossier):
        raise PermissionDenied(_("Hồ sơ này nằm ngoài phạm vi của bạn."))


def real_actor(actor):
    return actor if actor is not None and actor.is_authenticated else None
