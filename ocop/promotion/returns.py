"""The return of trade promotion, as plain Decimal arithmetic (pure module: no Django, no database).

For one producer at one event, or summed over an event or a year:

    revenue = sales at the event + follow-up orders from buyers met there
    cost    = the producers' cost of attending + the state's cost of organising or supporting
    net     = revenue − cost
    ratio   = revenue / cost          (đồng of sales per đồng spent; None when nothing was spent)
    roi     = (revenue − cost) / cost (as a percentage; None when nothing was spent)

Amounts are VND (no minor unit); ratios are rounded half-up to two decimals.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal(0)
CENT = Decimal("0.01")


def _money(value) -> Decimal:
    if value is None:
        return ZERO
    amount = value if isinstance(value, Decimal) else Decimal(str(value))
    if amount < 0:
        raise ValueError("amounts cannot be negative")
    return amount


@dataclass(frozen=True)
class Return:
    sales: Decimal
    follow_up: Decimal
    cost: Decimal

    @property
    def revenue(self) -> Decimal:
        return self.sales + self.follow_up

    @property
    def net(self) -> Decimal:
        return self.revenue - self.cost

    @property
    def ratio(self) -> Decimal | None:
        if not self.cost:
            return None
        return (self.revenue / self.cost).quantize(CENT, rounding=ROUND_HALF_UP)

    @property
    def roi_percent(self) -> Decimal | None:
        if not self.cost:
            return None
        return (self.net * 100 / self.cost).quantize(CENT, rounding=ROUND_HALF_UP)

    def __add__(self, other: "Return") -> "Return":
        return Return(self.sales + other.sales, self.follow_up + other.follow_up, self.cost + other.cost)


def promotion_return(*, sales=ZERO, follow_up=ZERO, cost=ZERO) -> Return:
    """The return of SALES plus FOLLOW_UP orders against COST (all VND, none negative)."""
    return Return(_money(sales), _money(follow_up), _money(cost))


def total_return(returns: Iterable[Return]) -> Return:
    total = Return(ZERO, ZERO, ZERO)
    for item in returns:
        total = total + item
    return total
