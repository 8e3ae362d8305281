"""Indicators computed from hand-built data, on both maps, including periods across 01/07/2025."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from ocop.certificates.tests.factories import certify
from ocop.program.indicators import REGISTRY, evaluate, indicator_value
from ocop.program.measures import Period
from ocop.program.models import TraineeCategory
from ocop.program.tests.factories import (
    attend,
    make_course,
    make_department,
    make_funding,
    make_roster,
    make_task,
)
from ocop.registry.tests.factories import ProducerFactory, ProductFactory

pytestmark = pytest.mark.django_db

CUR, OLD = "current", "legacy"
Y2025 = Period(date(2025, 1, 1), date(2025, 12, 31))
AFTER_REFORM = Period(date(2025, 7, 1), date(2025, 12, 31))


def value(code, unit, period, generation, user=None):
    return indicator_value(code, unit=unit, period=period, generation=generation, user=user)


def test_every_indicator_has_title_measure_and_formula():
    assert len(REGISTRY) >= 30
    for code, indicator in REGISTRY.items():
        assert indicator.code == code and str(indicator.title) and str(indicator.measure) and callable(indicator.formula)


def test_producer_in_old_binh_phuoc_commune_counts_under_current_dong_nai_and_old_binh_phuoc(world):
    ProducerFactory(unit=world.old_tan_tien, joined_ocop_on=date(2025, 8, 20))  # the old commune, after the reform
    ProducerFactory(unit=world.commune_a, joined_ocop_on=date(2025, 3, 5))  # a current commune, before the reform
    ProducerFactory(unit=world.commune_a, joined_ocop_on=date(2024, 12, 31))  # outside the period
    ProducerFactory(unit=world.hcm_commune, joined_ocop_on=date(2025, 5, 1))  # another province

    assert value("new_producers", world.dong_nai, Y2025, CUR) == 2
    assert value("new_producers", world.dong_phu, Y2025, CUR) == 1
    assert value("new_producers", world.old_binh_phuoc, Y2025, OLD) == 1
    assert value("new_producers", world.old_dong_phu_district, Y2025, OLD) == 1
    # The current commune's producer is reported under the old commune it came from.
    assert value("new_producers", world.old_dong_nai, Y2025, OLD) == 1
    assert value("new_producers", world.old_commune, Y2025, OLD) == 1
    assert value("new_producers", None, Y2025, CUR) == 3
    # The test map gives the HCM commune no old unit, so the old map cannot place it.
    assert value("new_producers", None, Y2025, OLD) == 2
    # Only the half-year after the reform.
    assert value("new_producers", world.dong_nai, AFTER_REFORM, CUR) == 1
    assert value("new_producers", world.old_dong_nai, AFTER_REFORM, OLD) == 0


def test_parts_are_the_child_units_on_each_map(world):
    ProducerFactory(unit=world.old_tan_tien, joined_ocop_on=date(2025, 8, 20))
    ProducerFactory(unit=world.commune_a, joined_ocop_on=date(2025, 3, 5))
    new = evaluate(["new_producers"], unit=world.dong_nai, period=Y2025, generation=CUR)["new_producers"]
    assert {k: f.numerator for k, f in new.parts.items()} == {world.dong_phu.path: 1, world.commune_a.path: 1}
    national_old = evaluate(["new_producers"], unit=None, period=Y2025, generation=OLD)["new_producers"]
    assert {k: f.numerator for k, f in national_old.parts.items()} == {
        world.old_binh_phuoc.path: 1, world.old_dong_nai.path: 1,
    }


def test_user_scope_limits_what_is_counted(world):
    ProducerFactory(unit=world.commune_a, joined_ocop_on=date(2025, 3, 5))
    ProducerFactory(unit=world.commune_b, joined_ocop_on=date(2025, 3, 5))
    personas = world.personas
    assert value("new_producers", world.dong_nai, Y2025, CUR, user=personas.province) == 2
    assert value("new_producers", world.dong_nai, Y2025, CUR, user=personas.commune_a) == 1


def test_products_by_stars_level_and_certificate_status(world):
    a = ProducerFactory(unit=world.commune_a)
    b = ProducerFactory(unit=world.old_tan_tien)
    p1, p2, p3, p4 = (ProductFactory(producer=producer, criteria_set="01") for producer in (a, a, b, b))
    certify(p1, stars=3, issued_on=date(2025, 2, 1), issuer_unit=world.dong_nai)
    certify(p1, stars=4, issued_on=date(2025, 9, 1), issuer_unit=world.dong_nai)  # upgraded: one product
    certify(p2, stars=5, issued_on=date(2025, 6, 26), level="central")
    certify(p3, stars=3, issued_on=date(2022, 1, 10), issuer_unit=world.old_binh_phuoc)  # expires 2025
    certify(p4, stars=4, issued_on=date(2023, 4, 1), revoked_on=date(2025, 10, 1),
            issuer_unit=world.old_binh_phuoc)
    codes = ["products_rated_3plus", "products_rated_3star", "products_rated_4star", "products_rated_5star_national",
             "products_recognised_province", "products_recognised_central", "products_certified",
             "certificates_expired", "certificates_revoked"]
    tallies = evaluate(codes, unit=world.dong_nai, period=Y2025, generation=CUR)
    got = {code: REGISTRY[code].value(tallies[code]) for code in codes}
    assert got == {
        "products_rated_3plus": 2, "products_rated_3star": 1, "products_rated_4star": 1,
        "products_rated_5star_national": 1, "products_recognised_province": 1, "products_recognised_central": 1,
        "products_certified": 2,  # p1 and p2 hold valid certificates on 31/12/2025; p3 expired, p4 revoked
        "certificates_expired": 1, "certificates_revoked": 1,
    }
    # Old map: p3 and p4 are in old Bình Phước; p1, p2 in old Đồng Nai.
    assert value("certificates_revoked", world.old_binh_phuoc, Y2025, OLD) == 1
    assert value("products_rated_3plus", world.old_dong_nai, Y2025, OLD) == 2
    assert value("products_rated_3plus", world.old_binh_phuoc, Y2025, OLD) == 0


def test_an_extended_certificate_expires_in_the_period_of_its_extension(world):
    """Art. 12.3: a certificate kept in force past valid_until (a re-rating filed in time) expires
    on its extension's last day, not on valid_until."""
    from ocop.certificates.models import Certificate
    from ocop.certificates.standings import product_standings_refresh

    product = ProductFactory(producer__unit=world.commune_a, criteria_set="01")
    made = certify(product, stars=3, issued_on=date(2022, 3, 1), issuer_unit=world.dong_nai)
    assert made.valid_until.year == 2025
    Certificate.objects.filter(pk=made.pk).update(extended_until=date(2026, 2, 10))
    product_standings_refresh(product_ids=[product.pk])  # as the extension service does (rerating.py)
    assert value("certificates_expired", world.dong_nai, Y2025, CUR) == 0
    assert value("certificates_expired", world.dong_nai, Period.year(2026), CUR) == 1
    assert value("products_certified", world.dong_nai, Y2025, CUR) == 1  # still in force on 31/12/2025


def test_potential_5_star_comes_from_province_council_results(world):
    from ocop.rating.models import RatingResult

    product = ProductFactory(producer__unit=world.commune_b, criteria_set="01")
    RatingResult.objects.create(product=product, level="province", regime="qd148-2023", year=2025,
                                average=Decimal("91.50"), band_stars=5, stars=4, potential_5_star=True,
                                is_historical=True, meeting_on=date(2025, 10, 8))
    assert value("products_potential_5star", world.dong_nai, Y2025, CUR) == 1
    assert value("products_potential_5star", world.dong_nai, Period.year(2024), CUR) == 0


def test_potential_5_star_is_dated_by_the_rating_not_by_the_entry(world):
    """The issue: six 2025 and one 2020 results typed in during 2026 showed 0 for 2021–2025 and 9 in
    2026. A historical result counts in its rating year; a live one on its meeting (else final) day."""
    from ocop.rating.services.historical import historical_result_record

    producer = ProducerFactory(unit=world.commune_a)
    for year in (2025,) * 6 + (2020,):  # entered today, rated years ago
        historical_result_record(product=ProductFactory(producer=producer, criteria_set="01"),
                                 level="province", regime="qd148-2023", year=year,
                                 average=Decimal("91.00"), stars=4, actor=None)
    historical_result_record(product=ProductFactory(producer=producer, criteria_set="01"), level="province",
                             regime="qd148-2023", year=2025,
                             average=Decimal("85.00"), stars=4, actor=None)  # not potential 5★
    historical_result_record(product=ProductFactory(producer__unit=world.hcm_commune, criteria_set="01"),
                             level="province",
                             regime="qd148-2023", year=2025, average=Decimal("95.00"), stars=4, actor=None)
    this_year = timezone.localdate().year
    assert value("products_potential_5star", world.dong_nai, Y2025, CUR) == 6
    assert value("products_potential_5star", world.dong_nai, Period.year(2020), CUR) == 1
    assert value("products_potential_5star", world.dong_nai, Period(date(2021, 1, 1), date(2025, 12, 31)), CUR) == 6
    assert value("products_potential_5star", world.dong_nai, Period(date(2019, 1, 1), date(2020, 12, 31)), CUR) == 1
    assert value("products_potential_5star", world.dong_nai, Period.year(this_year), CUR) == 0
    assert value("products_potential_5star", None, Y2025, CUR) == 7
    # Known only by its year: it counts in the period holding 31 December of that year.
    assert value("products_potential_5star", world.dong_nai, Period(date(2025, 1, 1), date(2025, 6, 30)), CUR) == 0
    assert value("products_potential_5star", world.dong_nai, Period(date(2025, 7, 1), date(2025, 12, 31)), CUR) == 6


def test_products_recognised_are_dated_by_the_decision(world):
    """A certificate's issue day is its recognition decision's signing day (certificates_issue), so
    a decision of 2023 entered in 2026 counts in 2023."""
    product = ProductFactory(producer__unit=world.commune_a, criteria_set="01")
    certificate = certify(product, stars=4, issued_on=date(2023, 11, 20), issuer_unit=world.dong_nai)
    assert certificate.issued_on == certificate.decision.signed_on
    assert value("products_rated_4star", world.dong_nai, Period.year(2023), CUR) == 1
    assert value("products_rated_4star", world.dong_nai, Period.year(timezone.localdate().year), CUR) == 0


def test_training_coverage_against_the_roster(world):
    official_in = make_roster(world.dong_nai, TraineeCategory.OFFICIAL_PROVINCE)
    make_roster(world.commune_a, TraineeCategory.OFFICIAL_COMMUNE)
    make_roster(world.commune_a, TraineeCategory.OFFICIAL_COMMUNE, listed_on=date(2015, 1, 1),
                removed_on=date(2018, 12, 31))  # no longer in post
    leader = make_roster(world.commune_b, TraineeCategory.LEADER_COOPERATIVE)
    absent = make_roster(world.commune_b, TraineeCategory.LEADER_ENTERPRISE)
    _, session = make_course(world.dong_nai, on=date(2020, 5, 10))
    attend(session, official_in)
    attend(session, leader)
    attend(session, absent, present=False)
    period = Period(date(2019, 1, 1), date(2020, 12, 31))
    assert value("training_officials_pct", world.dong_nai, period, CUR) == Decimal("50.00")
    assert value("training_leaders_pct", world.dong_nai, period, CUR) == Decimal("50.00")
    assert value("training_officials_pct", world.commune_a, period, CUR) == Decimal("0.00")
    assert value("training_households_pct", world.dong_nai, period, CUR) is None  # nobody to train
    assert value("training_officials_pct", world.dong_nai, Period.year(2021), CUR) == Decimal("0.00")


def test_funding_by_source_and_disbursement_within_one_source_family(world):
    # The 308 %: non-budget money disbursed against budget allocations. Rates stay in a family.
    make_funding(world.dong_nai, year=2024, source="nsnn_tinh", allocated=1_000_000_000, disbursed=800_000_000)
    make_funding(world.commune_a, year=2024, source="nsnn_xa", allocated=250_000_000, disbursed=200_000_000)
    make_funding(world.commune_a, year=2024, source="von_tu_co", allocated=400_000_000, disbursed=300_000_000)
    make_funding(world.commune_a, year=2024, source="tin_dung_nh", allocated=600_000_000, disbursed=0)
    make_funding(world.commune_a, year=2023, source="tin_dung_nh", allocated=999, disbursed=999)  # another year
    period = Period.year(2024)
    assert value("funding_allocated", world.dong_nai, period, CUR) == Decimal(2_250_000_000)
    assert value("funding_disbursed", world.dong_nai, period, CUR) == Decimal(1_300_000_000)
    assert value("funding_source_nsnn_tinh", world.dong_nai, period, CUR) == Decimal(800_000_000)
    assert value("funding_source_von_tu_co", world.commune_a, period, CUR) == Decimal(300_000_000)
    # Budget: (800 + 200) / (1,000 + 250) million; non-budget: 300 / (400 + 600) million.
    assert value("funding_disbursement_pct", world.dong_nai, period, CUR) == Decimal("80.00")
    assert value("funding_disbursement_other_pct", world.dong_nai, period, CUR) == Decimal("30.00")
    assert value("funding_disbursement_pct", world.commune_a, period, CUR) == Decimal("80.00")
    assert value("funding_state_share_pct", world.dong_nai, period, CUR) == Decimal("76.92")  # 1,000 / 1,300
    # A unit with no budget allocation has no budget rate (not 0 %, not infinity).
    assert value("funding_disbursement_pct", world.commune_b, period, CUR) is None


def test_department_tasks_on_time_and_overdue(world):
    agriculture = make_department(world.dong_nai)
    make_task(agriculture, deadline=date(2019, 4, 30), status="done", completed_on=date(2019, 4, 25))
    make_task(agriculture, deadline=date(2019, 6, 30), status="done", completed_on=date(2019, 7, 15))
    make_task(agriculture, deadline=date(2019, 9, 30), status="in_progress")
    make_task(agriculture, deadline=date(2019, 10, 30), status="cancelled")
    period = Period.year(2019)
    assert value("tasks_on_time_pct", world.dong_nai, period, CUR) == Decimal("33.33")
    assert value("tasks_overdue", world.dong_nai, period, CUR) == 1
    today = timezone.localdate()
    make_task(agriculture, deadline=today + timedelta(days=30))
    # The 2019 task left open is still overdue in a later period: the backlog counts.
    assert value("tasks_overdue", world.dong_nai, Period(today, today + timedelta(days=60)), CUR) == 1


def test_overdue_count_and_list_follow_one_rule(world):
    """The issue: "Nhiệm vụ quá hạn: 0" beside a list of 2. Count and list are one query's rows."""
    from ocop.program.areas import Query
    from ocop.program.sources import overdue_tasks

    today = timezone.localdate()
    agriculture = make_department(world.dong_nai)
    make_task(agriculture, deadline=date(today.year - 1, 3, 31), status="in_progress")  # due last year
    make_task(agriculture, deadline=today - timedelta(days=3), status="reported")  # reported, not accepted
    make_task(agriculture, deadline=today - timedelta(days=3), status="done", completed_on=today)
    make_task(agriculture, deadline=today - timedelta(days=3), status="cancelled")
    make_task(agriculture, deadline=today, status="assigned")  # due today: not yet late
    make_task(make_department(world.hcm), deadline=today - timedelta(days=1))  # another province
    for unit, generation, period in ((world.dong_nai, CUR, Period.year(today.year)),
                                     (world.old_dong_nai, OLD, Period.year(today.year)),
                                     (None, CUR, Period.year(today.year))):
        listed = list(overdue_tasks(Query(unit=unit, generation=generation, period=period), today))
        assert value("tasks_overdue", unit, period, generation) == len(listed)
    assert value("tasks_overdue", world.dong_nai, Period.year(today.year), CUR) == 2
    assert value("tasks_overdue", None, Period.year(today.year), CUR) == 3


def test_ideas_per_year_and_cycle_years(world):
    from ocop.cycle.models import Cycle, ProductIdea

    producer = ProducerFactory(unit=world.commune_a)
    for year, status in ((2023, "accepted"), (2023, "accepted"), (2024, "accepted"), (2024, "rejected")):
        ProductIdea.objects.create(producer=producer, year=year, proposed_name="Ý tưởng", criteria_set="01",
                                   description="…", status=status)
    Cycle.objects.create(year=2023, unit=world.dong_nai)
    Cycle.objects.create(year=2024, unit=world.commune_a)
    period = Period(date(2023, 1, 1), date(2024, 12, 31))
    assert value("ideas_supported", world.dong_nai, period, CUR) == 3
    assert value("ideas_per_year", world.dong_nai, period, CUR) == Decimal("1.50")
    assert value("ideas_per_year", world.commune_a, period, CUR) == Decimal("1.50")
    assert value("cycle_years_pct", world.dong_nai, period, CUR) == Decimal("50.00")  # 2023 only: at the province
    assert value("cycle_years_pct", world.commune_a, period, CUR) == Decimal("50.00")
    assert value("cycle_years_pct", world.commune_b, period, CUR) == Decimal("0.00")


def test_without_the_rating_apps_the_product_indicators_count_zero(world, monkeypatch):
    from django.apps import apps

    product = ProductFactory(producer__unit=world.commune_a, criteria_set="01")
    certify(product, stars=4, issued_on=date(2025, 2, 1), issuer_unit=world.dong_nai)
    assert value("products_rated_3plus", world.dong_nai, Y2025, CUR) == 1
    installed = apps.is_installed
    monkeypatch.setattr(apps, "is_installed", lambda name: name not in {"ocop.rating", "ocop.certificates"}
                        and installed(name))
    assert value("products_rated_3plus", world.dong_nai, Y2025, CUR) == 0
    assert value("products_potential_5star", world.dong_nai, Y2025, CUR) == 0


def test_the_remaining_product_and_funding_indicators(world):
    """5★ whatever the level, recognised by a district (before 2025), expiring at the period's end,
    planned funding and each source on its own: exact values on hand-built data."""
    producer = ProducerFactory(unit=world.commune_a)
    p1, p2, p3 = ProductFactory.create_batch(3, producer=producer, criteria_set="01")
    certify(p1, stars=5, issued_on=date(2025, 3, 1), issuer_unit=world.dong_nai)  # province 5★
    certify(p2, stars=5, issued_on=date(2025, 4, 1), level="central")
    certify(p3, stars=3, issued_on=date(2023, 2, 1), level="district", issuer_unit=world.old_bien_hoa)
    assert value("products_rated_5star", world.dong_nai, Y2025, CUR) == 2
    assert value("products_rated_5star_national", world.dong_nai, Y2025, CUR) == 1
    assert value("products_recognised_district", world.dong_nai, Period.year(2023), CUR) == 1
    assert value("products_recognised_district", world.dong_nai, Y2025, CUR) == 0
    # p3's certificate (valid to 31/01/2026) is expiring on 31/12/2025; the 2025 ones are not.
    assert value("certificates_expiring", world.dong_nai, Y2025, CUR) == 1
    for source in ("von_tu_co", "htx_co_so", "tin_dung_nh", "tin_dung_cd", "nsnn_tw", "nsnn_tinh", "nsnn_huyen",
                   "nsnn_xa", "khac"):
        make_funding(world.commune_a, year=2025, source=source, planned=300, allocated=200, disbursed=100)
    for source in ("von_tu_co", "htx_co_so", "tin_dung_nh", "tin_dung_cd", "nsnn_tw", "nsnn_tinh", "nsnn_huyen",
                   "nsnn_xa", "khac"):
        assert value(f"funding_source_{source}", world.dong_nai, Y2025, CUR) == 100
    assert value("funding_planned", world.dong_nai, Y2025, CUR) == 2700
    assert value("funding_state_share_pct", world.dong_nai, Y2025, CUR) == Decimal("44.44")  # 4 of 9 sources


def test_every_indicator_has_a_test_on_hand_built_data():
    """Each registered code is asserted somewhere in this module (a new indicator needs its test)."""
    from pathlib import Path

    text = Path(__file__).read_text(encoding="utf-8")
    untested = [code for code in REGISTRY if f'"{code}"' not in text and not code.startswith("funding_source_")]
    assert untested == []
