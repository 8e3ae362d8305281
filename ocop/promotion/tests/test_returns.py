"""The pure return module: table-driven, no database."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocop.promotion.returns import promotion_return, total_return

D = Decimal


@pytest.mark.parametrize(("sales", "follow_up", "cost", "ratio", "roi"), [
    (D(3_000_000), D(1_000_000), D(2_000_000), D("2.00"), D("100.00")),
    (D(1_000_000), D(0), D(3_000_000), D("0.33"), D("-66.67")),
    (D(0), D(0), D(500_000), D("0.00"), D("-100.00")),
    (D(5_000_000), D(0), D(0), None, None),  # nothing spent: no ratio
    (D(1), D(0), D(3), D("0.33"), D("-66.67")),
    (D(2), D(0), D(3), D("0.67"), D("-33.33")),  # half-up rounding
])
def test_return_table(sales, follow_up, cost, ratio, roi):
    result = promotion_return(sales=sales, follow_up=follow_up, cost=cost)
    assert (result.ratio, result.roi_percent) == (ratio, roi)
    assert result.revenue == sales + follow_up and result.net == sales + follow_up - cost


def test_none_counts_as_zero_and_negatives_are_refused():
    assert promotion_return(sales=None, follow_up=None, cost=None).revenue == 0
    with pytest.raises(ValueError):
        promotion_return(sales=D(-1))


def test_ints_and_strings_become_decimals():
    assert promotion_return(sales=1000, cost="500").ratio == D("2.00")


money = st.decimals(min_value=0, max_value=10**12, places=0, allow_nan=False, allow_infinity=False)


@given(st.lists(st.tuples(money, money, money), max_size=8))
def test_totals_add_up(rows):
    parts = [promotion_return(sales=s, follow_up=f, cost=c) for s, f, c in rows]
    total = total_return(parts)
    assert total.sales == sum((p.sales for p in parts), D(0))
    assert total.cost == sum((p.cost for p in parts), D(0))
    assert total.net == sum((p.net for p in parts), D(0))
