"""Helpers shared by the rating services."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from ocop.criteria.sheets import CriteriaSet, UnknownSet, get_set
from ocop.rating.models import Council, RatingRound
from ocop.rating.policy import can_read_dossier


def criteria_set_of(obj) -> CriteriaSet:
    """The scoring sheet of a dossier (or a result): its regime and set."""
    try:
        return get_set(obj.regime, obj.criteria_set)
    except UnknownSet as exc:
        from django.core.exceptions import ValidationError

        raise ValidationError(_("Không có phiếu chấm cho bộ tiêu chí %(set)s (%(regime)s).")
                              % {"set": obj.criteria_set, "regime": obj.regime}) from exc


def council_for(dossier, level: str) -> Council:
    """The council of the dossier's round at LEVEL (province or central); refused without one."""
    from django.core.exceptions import ValidationError

    round_id = dossier.round_id if level == RatingRound.Level.PROVINCE else dossier.central_round_id
    council = Council.objects.select_related("round").filter(round_id=round_id).first() if round_id else None
    if council is None:
        raise ValidationError(_("Đợt đánh giá của hồ sơ chưa có hội đồng."))
    return council


def require_readable(actor, dossier) -> None:
    if actor is not None and not actor.is_superuser and not can_read_dossier(actor, dossier):
        raise PermissionDenied(_("Hồ sơ này nằm ngoài phạm vi của bạn."))


def real_actor(actor):
    return actor if actor is not None and actor.is_authenticated else None
