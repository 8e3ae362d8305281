"""Council analytics, pure: leniency per member, spreads and threshold bunching per round."""

from decimal import Decimal

from ocop.rating.analytics import SheetRow, is_near, member_leniency, round_spreads


def rows(*spec):
    """(member, round, dossier, total) tuples → SheetRows (one council per round)."""
    return [SheetRow(member=m, member_name=m.upper(), round=r, round_label=f"Đợt {r}", group=(r, d),
                     total=Decimal(t)) for m, r, d, t in spec]


SHEETS = rows(
    ("an", 1, 10, "72"), ("binh", 1, 10, "70"), ("chi", 1, 10, "65"),  # average 69
    ("an", 1, 11, "51"), ("binh", 1, 11, "50"), ("chi", 1, 11, "49"),  # average 50
    ("an", 2, 20, "90.5"), ("dung", 2, 20, "88.5"),  # average 89.5
    ("chi", 2, 21, "60"),  # alone: counted, not compared
)


def test_member_leniency_is_the_mean_deviation_from_the_council_average():
    stats = {s.member: s for s in member_leniency(SHEETS)}
    assert stats["an"].leniency == Decimal("1.67")  # (+3, +1, +1) / 3
    assert stats["binh"].leniency == Decimal("0.50")  # (+1, 0) / 2
    assert stats["chi"].leniency == Decimal("-2.50")  # (-4, -1) / 2; the lone sheet is not compared
    assert stats["dung"].leniency == Decimal("-1.00")
    assert (stats["chi"].sheets, stats["chi"].compared) == (3, 2)
    assert [s.member for s in member_leniency(SHEETS)] == ["an", "binh", "dung", "chi"]


def test_a_member_with_no_comparable_sheet_has_no_leniency_and_comes_last():
    stats = member_leniency(rows(("solo", 1, 1, "80"), ("an", 1, 2, "70"), ("binh", 1, 2, "60")))
    assert [(s.member, s.leniency) for s in stats] == [("an", Decimal("5.00")), ("binh", Decimal("-5.00")),
                                                         ("solo", None)]


def test_round_spreads_min_median_max():
    first, second = round_spreads(SHEETS)
    assert (first.label, first.groups, first.sheets) == ("Đợt 1", 2, 6)
    assert (first.spread_min, first.spread_median, first.spread_max) == (Decimal("2.00"), Decimal("4.50"),
                                                                           Decimal("7.00"))
    assert (second.spread_min, second.spread_median, second.spread_max) == (Decimal("2.00"),) * 3


def test_share_of_totals_just_above_each_threshold():
    first, second = round_spreads(SHEETS)
    assert first.near_totals == {50: Decimal("33.33"), 70: Decimal("16.67"), 90: Decimal("0.00")}  # 50, 51 / 70
    assert first.near_averages == {50: Decimal("50.00"), 70: Decimal("0.00"), 90: Decimal("0.00")}
    assert second.near_totals[90] == Decimal("33.33")  # 90.5 of three sheets


def test_near_means_from_the_threshold_to_under_two_points_above():
    assert is_near(Decimal("70"), 70) and is_near(Decimal("71.99"), 70)
    assert not is_near(Decimal("72"), 70) and not is_near(Decimal("69.99"), 70)


def test_no_rows_no_lines():
    assert member_leniency([]) == [] and round_spreads([]) == []
