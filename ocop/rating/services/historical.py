"""Ratings made under earlier procedures, recorded with their own level and regime (totals only).

QĐ 1048/2019 (to 23/02/2023): district councils forwarded products to the province, which
recognised 3★ and 4★; the central level 5★. QĐ 148/2023: district councils recognised 3★ until
30/06/2025 (the district level ended), the province 4★ (and 3★ after QĐ 1489), the central 5★.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.policy import office_roles_over
from ocop.accounts.roles import MANAGERS
from ocop.core.audit import AuditAction, audit_record, snapshot
from ocop.criteria.scoring import FIVE_STAR_AVERAGE, band_for
from ocop.rating.models import RatingResult, Regime

HISTORICAL_REGIMES = frozenset({Regime.QD148_2023, Regime.QD1048_2019})
#: The highest star a level could recognise.
MAX_STARS: dict[str, int] = {RatingResult.Level.DISTRICT: 3, RatingResult.Level.PROVINCE: 5, RatingResult.Level.CENTRAL: 5}
LAST_DISTRICT_YEAR = 2025


def historical_errors(*, level: str, regime: str, year: int, average, stars: int) -> dict[str, str]:
    """What is wrong with a historical result (empty when it is plausible). Pure."""
    errors = {}
    if regime not in HISTORICAL_REGIMES:
        errors["regime"] = _("Kết quả lịch sử ghi theo QĐ 1048/2019 hoặc QĐ 148/2023.")
    if level == RatingResult.Level.DISTRICT and year > LAST_DISTRICT_YEAR:
        errors["level"] = _("Cấp huyện chỉ đánh giá đến ngày 30/6/2025.")
    if level in MAX_STARS and stars > MAX_STARS[level]:
        errors["stars"] = _("Cấp này công nhận tối đa %(n)s sao.") % {"n": MAX_STARS[level]}
    if average is None or not Decimal(0) <= Decimal(average) <= Decimal(100):
        errors["average"] = _("Điểm trung bình từ 0 đến 100.")
    elif stars > band_for(Decimal(average)):
        errors["stars"] = _("Hạng sao không thể cao hơn khung điểm (%(n)s sao).") % {"n": band_for(Decimal(average))}
    if year > timezone.localdate().year:
        errors["year"] = _("Năm đánh giá không thể ở tương lai.")
    return errors


@transaction.atomic
def historical_result_record(
    *, product, level: str, regime: str, year: int, average: Decimal, stars: int, actor,
    rated_by_unit=None, source: str = "", potential_5_star: bool | None = None,
) -> RatingResult:
    if actor is not None and not office_roles_over(actor, product.unit) & MANAGERS:
        raise PermissionDenied(_("Bạn không có quyền ghi kết quả đánh giá của sản phẩm này."))
    errors = historical_errors(level=level, regime=regime, year=year, average=average, stars=stars)
    if errors:
        raise ValidationError(errors)
    average = Decimal(average)
    result = RatingResult(
        product=product, level=level, regime=regime, criteria_set=product.criteria_set, year=year,
        average=average, average_exact=str(average), band_stars=band_for(average), stars=stars,
        potential_5_star=bool(potential_5_star if potential_5_star is not None
                              else level == RatingResult.Level.PROVINCE and average >= FIVE_STAR_AVERAGE),
        rated_by_unit=rated_by_unit, is_historical=True, source=source.strip(),
        finalized_at=timezone.now(), finalized_by=actor if actor is not None and actor.is_authenticated else None,
    )
    result.full_clean()
    result.save()
    audit_record(action=AuditAction.RESULT_HISTORICAL_RECORD, actor=actor, target=result, unit=product.unit,
                 after=snapshot(result, ["level", "regime", "year", "average", "stars"]))
    return result
