"""Scoped reads and the funnel."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ocop.core.testing import (
    make_unit,
    read_only_personas,  # noqa: F401  (personas built once for the module)
)
from ocop.cycle import selectors
from ocop.cycle.tests.factories import IdeaFactory, ImplementationFactory, PlanFactory
from ocop.cycle.workflow import IdeaStatus, ImplementationStatus, PlanStatus
from ocop.registry.tests.factories import HouseholdFactory
from ocop.territory.models import AdminUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def ideas(world):
    return {name: IdeaFactory(producer=getattr(world, name), status=IdeaStatus.SUBMITTED)
            for name in ("a", "a2", "b", "hcm")}


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("producer", {"a"}),  # its own only, not its neighbour a2 in the same commune
        ("commune_a", {"a", "a2"}),
        ("commune_b", {"b"}),
        ("province", {"a", "a2", "b"}),
        ("other_province", {"hcm"}),
        ("national", {"a", "a2", "b", "hcm"}),
        ("auditor", {"a", "a2", "b", "hcm"}),
        ("superuser", {"a", "a2", "b", "hcm"}),
    ],
)
def test_ideas_visible_by_persona(personas, ideas, persona, visible):
    user = getattr(personas, persona)
    seen = set(selectors.ideas_visible_to(user).values_list("pk", flat=True))
    assert seen == {ideas[name].pk for name in visible}
    assert set(selectors.producers_for_user(user).values_list("pk", flat=True)) == {
        ideas[name].producer_id for name in visible
    }


def test_get_outside_scope_is_404(personas, ideas):
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.idea_get(user=personas.producer, pk=ideas["a2"].pk)
    with pytest.raises(Http404):
        selectors.idea_get(user=personas.commune_a, pk="not-a-number")
    assert selectors.idea_get(user=personas.producer, pk=ideas["a"].pk) == ideas["a"]


def rate_product(idea, *, finalized: bool):
    """Link the idea to a product and give the product a rating result."""
    from ocop.rating.models import RatingResult
    from ocop.registry.models import Product

    idea.product = Product.objects.create(producer=idea.producer, unit=idea.producer.unit, name=idea.proposed_name,
                                          criteria_set=idea.criteria_set)
    idea.save(update_fields=["product"])
    RatingResult.objects.create(
        product=idea.product, level="province", regime="qd26-2026", year=2026, average=Decimal("72.50"),
        band_stars=4, stars=4, is_historical=True, finalized_at=timezone.now() if finalized else None,
    )


def build_funnel_data(world):
    """Commune A: 4 sent ideas (1 draft ignored), 3 accepted, 2 with a sent plan, 1 completed
    whose product has a finalized rating (another product's rating is not finalized).
    Commune B: 2 sent ideas, 0 accepted. HCM: 1 accepted idea."""
    a, a2, b = world.a, world.a2, world.b
    IdeaFactory(producer=a, status=IdeaStatus.DRAFT)
    IdeaFactory(producer=a, status=IdeaStatus.RETURNED)
    done = ImplementationFactory(plan__idea__producer=a, status=ImplementationStatus.COMPLETED)
    rate_product(done.plan.idea, finalized=True)
    rate_product(PlanFactory(idea__producer=a2, status=PlanStatus.SUBMITTED).idea, finalized=False)
    PlanFactory(idea__producer=a2, status=PlanStatus.DRAFT)  # a draft plan does not count
    PlanFactory(idea__producer=a2, idea__year=2025, status=PlanStatus.APPROVED)  # another year
    IdeaFactory(producer=b, status=IdeaStatus.SUBMITTED)
    IdeaFactory(producer=b, status=IdeaStatus.REJECTED)
    IdeaFactory(producer=world.hcm, status=IdeaStatus.ACCEPTED)


def test_funnel_values_by_commune(personas, world):
    build_funnel_data(world)
    result = selectors.funnel(user=personas.province, year=2026)
    rows = {row.label: row for row in result.rows}
    assert set(rows) == {"Phường Trấn Biên", "Xã Long Thành"}
    a = rows["Phường Trấn Biên"]
    assert [a.count(s) for s in result.stages] == [4, 3, 2, 1, 1]
    assert a.rates == {"accepted": Decimal("75.0"), "plans": Decimal("66.7"), "implemented": Decimal("50.0"),
                       "rated": Decimal("100.0")}
    b = rows["Xã Long Thành"]
    assert [b.count(s) for s in result.stages] == [2, 0, 0, 0, 0]
    assert b.rates["plans"] is None  # no accepted idea: no rate, not a division error
    assert [result.total.count(s) for s in result.stages] == [6, 3, 2, 1, 1]
    assert result.total.overall == Decimal("16.7")
    assert result.rated_available is True


def test_funnel_by_unit_lists_communes_without_ideas(personas, world):
    build_funnel_data(world)
    one = selectors.funnel(user=personas.national, year=2026, unit=personas.units.commune_b)
    assert [r.label for r in one.rows] == ["Xã Long Thành"]
    province = selectors.funnel(user=personas.national, year=2026, unit=personas.units.dong_nai)
    empty = make_unit(AdminUnit.Generation.CURRENT, "commune", "xa", "26999", "Không Ý Tưởng", personas.units.dong_nai)
    province = selectors.funnel(user=personas.national, year=2026, unit=personas.units.dong_nai)
    assert empty.full_name in [r.label for r in province.rows]
    assert province.total.count("ideas") == 6


@pytest.mark.parametrize(("persona", "ideas_count"), [("producer", 2), ("commune_b", 2), ("other_province", 1)])
def test_funnel_is_scoped(personas, world, persona, ideas_count):
    build_funnel_data(world)
    assert selectors.funnel(user=getattr(personas, persona), year=2026).total.count("ideas") == ideas_count


def test_funnel_query_count_does_not_grow_with_communes(personas, world):
    build_funnel_data(world)
    selectors.funnel(user=personas.province, year=2026)  # the user's scope is read once, then cached
    with CaptureQueriesContext(connection) as few:
        selectors.funnel(user=personas.province, year=2026, unit=personas.units.dong_nai)
    for i in range(12):
        commune = make_unit(AdminUnit.Generation.CURRENT, "commune", "xa", f"27{i:03d}", f"Xã Mới {i}",
                            personas.units.dong_nai)
        producer = HouseholdFactory(unit=commune)
        ImplementationFactory(plan__idea__producer=producer, status=ImplementationStatus.COMPLETED)
        IdeaFactory(producer=producer, status=IdeaStatus.SUBMITTED)
    with CaptureQueriesContext(connection) as many:
        result = selectors.funnel(user=personas.province, year=2026, unit=personas.units.dong_nai)
    assert len(result.rows) == 14
    assert len(many.captured_queries) == len(few.captured_queries) == 2
