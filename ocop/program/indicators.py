"""The registry of indicators. Each indicator is defined once, here: a code, a Vietnamese title, a
unit of measure, a kind, and a formula over the sources (ocop.program.sources).

A formula takes a Query — the unit (None for the whole country), the period and the map
generation, with the user's scope and a memo shared by one evaluation — and returns a Tally:
the figure of the area and of each child unit. Figures are never typed in; they are computed
from the records, or read from the snapshot of a closed period (ocop.program.services.plans).

    indicator_value("new_producers", unit=dong_nai, period=Period.year(2025), generation="current")
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ocop.program import sources
from ocop.program.areas import Query
from ocop.program.measures import Kind, Period, Tally, additive, own_share, per_year, ratio, value_of
from ocop.program.models.funding import STATE_SOURCES, FundingSource
from ocop.program.models.plans import INDICATOR_TITLES


class Group:
    PRODUCTS = _("Sản phẩm OCOP")
    PRODUCERS = _("Chủ thể")
    CYCLE = _("Chu trình OCOP thường niên")
    TRAINING = _("Đào tạo, tập huấn")
    FUNDING = _("Kinh phí")
    FUNDING_SOURCES = _("Kinh phí đã giải ngân theo nguồn")
    TASKS = _("Nhiệm vụ của sở, ngành")


@dataclass(frozen=True)
class Indicator:
    code: str
    title: Promise | str
    measure: Promise | str
    kind: Kind
    group: Promise | str
    formula: Callable[[Query], Tally]
    description: Promise | str = ""
    #: Shown per child unit on the dashboard (the drill-down table and chart).
    key: bool = False
    #: A short column title for the drill-down table.
    short: Promise | str = ""
    #: Counts events of the period (recognitions, new producers, money disbursed): it adds up over
    #: time, so a plan-long target is judged on a shorter period against its share (plan_share),
    #: and it has a running total. Levels (in force at the end, rates, averages) do not.
    flow: bool = False

    @property
    def label(self):
        return self.short or self.title

    def value(self, tally: Tally | None) -> Decimal | None:
        return value_of(tally.total if tally else None, self.kind)


REGISTRY: dict[str, Indicator] = {}


def indicator(code, title, measure, kind, group, description="", key=False, short="", flow=False):
    """Register the decorated formula under CODE."""

    def register(formula):
        if code in REGISTRY:
            raise ValueError(f"Indicator {code} is defined twice.")
        REGISTRY[code] = Indicator(code, title, measure, kind, group, formula, description, key, short, flow)
        INDICATOR_TITLES[code] = title  # the choices of Target.indicator
        return formula

    return register


def _column(rows: dict[str, dict], name: str) -> dict[str, object]:
    return {part: row.get(name, 0) for part, row in rows.items()}


PRODUCT, ORG, IDEA, YEAR_PCT = _("sản phẩm"), _("tổ chức"), _("ý tưởng"), _("%")
VND, TASK, CERT = _("đồng"), _("nhiệm vụ"), _("giấy chứng nhận")

# --- Products, by stars, level of recognition and certificate status (ocop.certificates) ------

_CERTIFIED = _("Đếm sản phẩm (không trùng) có giấy chứng nhận OCOP cấp theo quyết định công nhận trong kỳ.")
_RATING = [
    ("products_rated_3plus", "rated_3plus", _("Sản phẩm được công nhận 3 sao trở lên trong kỳ"), True),
    ("products_rated_3star", "rated_3", _("Sản phẩm được công nhận 3 sao trong kỳ"), False),
    ("products_rated_4star", "rated_4", _("Sản phẩm được công nhận 4 sao trong kỳ"), False),
    ("products_rated_5star", "rated_5", _("Sản phẩm được công nhận 5 sao trong kỳ"), False),
    ("products_rated_5star_national", "rated_5_national", _("Sản phẩm 5 sao cấp quốc gia được công nhận trong kỳ"),
     False),
    ("products_recognised_district", "by_district", _("Sản phẩm do UBND cấp huyện công nhận trong kỳ (trước 2025)"),
     False),
    ("products_recognised_province", "by_province", _("Sản phẩm do UBND cấp tỉnh công nhận trong kỳ"), False),
    ("products_recognised_central", "by_central", _("Sản phẩm do Bộ công nhận trong kỳ"), False),
]
for _code, _name, _title, _key in _RATING:
    indicator(_code, _title, PRODUCT, Kind.COUNT, Group.PRODUCTS, _CERTIFIED, key=_key,
              short=_("Sản phẩm 3★+ được công nhận") if _key else "", flow=True)(
        lambda q, column=_name: additive(_column(sources.certificate_counts(q), column))
    )


@indicator("products_potential_5star", _("Sản phẩm 5 sao cấp tỉnh (tiềm năng 5 sao) trong kỳ"), PRODUCT, Kind.COUNT,
           Group.PRODUCTS, _("Sản phẩm được hội đồng cấp tỉnh đánh giá tiềm năng 5 sao."), flow=True)
def products_potential_5star(q: Query) -> Tally:
    return additive(_column(sources.potential_5star_counts(q), "products"))


for _code, _name, _title, _measure, _key, _flow in (
    ("products_certified", "valid_end", _("Sản phẩm OCOP có giấy chứng nhận còn hiệu lực cuối kỳ"), PRODUCT, True,
     False),
    ("certificates_expiring", "expiring_end", _("Giấy chứng nhận sắp hết hạn tại cuối kỳ"), CERT, False, False),
    ("certificates_expired", "expired", _("Giấy chứng nhận hết hạn trong kỳ"), CERT, False, True),
    ("certificates_revoked", "revoked", _("Giấy chứng nhận bị thu hồi trong kỳ"), CERT, False, True),
):
    indicator(_code, _title, _measure, Kind.COUNT, Group.PRODUCTS, key=_key,
              short=_("Sản phẩm OCOP còn hiệu lực") if _key else "", flow=_flow)(
        lambda q, column=_name: additive(_column(sources.certificate_counts(q), column))
    )


# --- Producers (ocop.registry) ------------------------------------------------------------------

@indicator("new_producers", _("Tổ chức kinh tế mới tham gia OCOP"), ORG, Kind.COUNT, Group.PRODUCERS,
           _("Chủ thể có ngày tham gia OCOP trong kỳ."), key=True, short=_("Tổ chức kinh tế mới"), flow=True)
def new_producers(q: Query) -> Tally:
    return additive(_column(sources.producer_counts(q), "joined"))


# --- The annual cycle (ocop.cycle) -------------------------------------------------------------

@indicator("ideas_supported", _("Ý tưởng sản phẩm được hỗ trợ theo chu trình"), IDEA, Kind.COUNT, Group.CYCLE,
           _("Ý tưởng được chấp nhận, theo năm chu trình trong kỳ."), key=True, short=_("Ý tưởng được hỗ trợ"),
           flow=True)
def ideas_supported(q: Query) -> Tally:
    return additive(_column(sources.idea_counts(q), "supported"))


@indicator("ideas_per_year", _("Ý tưởng sản phẩm được hỗ trợ bình quân mỗi năm"), _("ý tưởng/năm"), Kind.AVERAGE,
           Group.CYCLE, _("Số ý tưởng được hỗ trợ chia cho số năm của kỳ. Chỉ tiêu \"mỗi huyện (xã) ít nhất 2 ý "
                          "tưởng mỗi năm\" áp dụng cho từng đơn vị cấp dưới."))
def ideas_per_year(q: Query) -> Tally:
    return per_year(_column(sources.idea_counts(q), "supported"), q.part_keys, len(q.period.years))


@indicator("cycle_years_pct", _("Tỷ lệ số năm tổ chức chu trình OCOP thường niên"), YEAR_PCT, Kind.PERCENT,
           Group.CYCLE, _("Số năm trong kỳ có chu trình mở tại chính đơn vị / số năm của kỳ."))
def cycle_years_pct(q: Query) -> Tally:
    return own_share(sources.cycle_years(q), q.path, q.part_keys, len(q.period.years))


# --- Training ----------------------------------------------------------------------------------

def _training(name: str) -> Callable[[Query], Tally]:
    def formula(q: Query) -> Tally:
        rows = sources.training_counts(q)
        return ratio(_column(rows, f"{name}_trained"), _column(rows, f"{name}_listed"))

    return formula


indicator("training_officials_pct", _("Tỷ lệ cán bộ quản lý nhà nước về OCOP được đào tạo"), YEAR_PCT,
          Kind.PERCENT, Group.TRAINING, _("Người trong danh sách cần đào tạo có mặt ít nhất một buổi học trong kỳ."),
          key=True, short=_("Cán bộ được đào tạo (%)"))(_training("officials"))
indicator("training_leaders_pct", _("Tỷ lệ lãnh đạo doanh nghiệp, hợp tác xã tham gia OCOP được đào tạo"),
          YEAR_PCT, Kind.PERCENT, Group.TRAINING)(_training("leaders"))
indicator("training_households_pct", _("Tỷ lệ chủ hộ sản xuất tham gia OCOP được đào tạo"), YEAR_PCT,
          Kind.PERCENT, Group.TRAINING)(_training("households"))


# --- Funding -----------------------------------------------------------------------------------

for _name, _title, _key in (
    ("planned", _("Kinh phí kế hoạch"), False),
    ("allocated", _("Kinh phí được phân bổ"), False),
    ("disbursed", _("Kinh phí đã giải ngân"), True),
):
    indicator(f"funding_{_name}", _title, VND, Kind.AMOUNT, Group.FUNDING, key=_key,
              short=_("Giải ngân (đồng)") if _key else "", flow=True)(
        lambda q, column=f"sum_{_name}": additive(_column(sources.funding_sums(q), column))
    )


@indicator("funding_disbursement_pct", _("Tỷ lệ giải ngân vốn ngân sách nhà nước so với phân bổ"), YEAR_PCT,
           Kind.PERCENT, Group.FUNDING,
           _("Ngân sách nhà nước (mọi cấp) đã giải ngân / ngân sách nhà nước được phân bổ, cùng các năm của kỳ. "
             "Nguồn ngoài ngân sách tính riêng."))
def funding_disbursement_pct(q: Query) -> Tally:
    rows = sources.funding_sums(q)
    return ratio(_column(rows, "disbursed_state"), _column(rows, "allocated_state"))


@indicator("funding_disbursement_other_pct", _("Tỷ lệ giải ngân nguồn ngoài ngân sách so với kế hoạch huy động"),
           YEAR_PCT, Kind.PERCENT, Group.FUNDING,
           _("Nguồn ngoài ngân sách (vốn tự có, tín dụng, hợp tác xã, nguồn khác) đã giải ngân / số được phân bổ "
             "(cam kết huy động) của chính các nguồn đó."))
def funding_disbursement_other_pct(q: Query) -> Tally:
    rows = sources.funding_sums(q)
    return ratio(_column(rows, "disbursed_other"), _column(rows, "allocated_other"))


@indicator("funding_state_share_pct", _("Tỷ trọng ngân sách nhà nước trong kinh phí đã giải ngân"), YEAR_PCT,
           Kind.PERCENT, Group.FUNDING)
def funding_state_share_pct(q: Query) -> Tally:
    rows = sources.funding_sums(q)
    state = {part: sum(row[f"disbursed_{s}"] for s in STATE_SOURCES) for part, row in rows.items()}
    return ratio(state, _column(rows, "sum_disbursed"))


for _source in FundingSource:
    indicator(f"funding_source_{_source.value}", _source.label, VND, Kind.AMOUNT, Group.FUNDING_SOURCES, flow=True)(
        lambda q, column=f"disbursed_{_source.value}": additive(_column(sources.funding_sums(q), column))
    )


# --- Department tasks --------------------------------------------------------------------------

def _today() -> date:
    return timezone.localdate()


@indicator("tasks_on_time_pct", _("Tỷ lệ nhiệm vụ của sở, ngành hoàn thành đúng hạn"), YEAR_PCT, Kind.PERCENT,
           Group.TASKS, _("Nhiệm vụ có hạn trong kỳ (trừ nhiệm vụ huỷ) được xác nhận hoàn thành trước hạn."),
           key=True, short=_("Nhiệm vụ đúng hạn (%)"))
def tasks_on_time_pct(q: Query) -> Tally:
    rows = sources.task_counts(q, _today())
    return ratio(_column(rows, "on_time"), _column(rows, "due"))


@indicator("tasks_overdue", _("Nhiệm vụ quá hạn chưa hoàn thành"), TASK, Kind.COUNT, Group.TASKS,
           _("Tính đến cuối kỳ (hoặc hôm nay nếu kỳ chưa kết thúc)."))
def tasks_overdue(q: Query) -> Tally:
    return additive(_column(sources.task_counts(q, _today()), "overdue"))


# --- Evaluating --------------------------------------------------------------------------------

def evaluate(codes, *, unit, period: Period, generation: str, scope_prefixes=None, live=False) -> dict[str, Tally]:
    """The tallies of CODES for one area and period, sharing their source queries (LIVE: from the
    records themselves, never the summary tables: the reference)."""
    query = Query(unit=unit, generation=generation, period=period, scope_prefixes=scope_prefixes, live=live)
    return {code: REGISTRY[code].formula(query) for code in codes}


def indicator_value(code: str, *, unit, period: Period, generation: str, user=None) -> Decimal | None:
    """The value of one indicator for a unit (None: the country), a period and a map."""
    from ocop.program.areas import scope_filter

    tally = evaluate([code], unit=unit, period=period, generation=generation, scope_prefixes=scope_filter(user))[code]
    return REGISTRY[code].value(tally)
