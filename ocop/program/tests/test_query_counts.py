"""Exact query counts of the programme dashboard (national, province, commune, on both maps) and its
export: the same with one record per commune and with four, in two communes and in ten."""

from datetime import date
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from ocop.core.testing import C, L, make_unit
from ocop.program.tests.factories import make_plan, make_target
from ocop.program.tests.test_queries import populate, queries
from ocop.territory.models import AdminUnit

pytestmark = pytest.mark.django_db


def pages(world, period) -> dict[str, str]:
    base = reverse("admin:program_dashboard")
    return {
        "national": f"{base}?{urlencode({'map': 'current', 'year': 2024})}",
        "province, plan period": f"{base}?{urlencode({'unit': world.dong_nai.pk, 'period': period.pk})}",
        "old province, plan period": f"{base}?{urlencode({'unit': world.old_dong_nai.pk, 'period': period.pk})}",
        "commune": f"{base}?{urlencode({'unit': world.commune_a.pk, 'year': 2024})}",
        "export": reverse("admin:program_dashboard_export", args=["xlsx"]) + f"?unit={world.dong_nai.pk}&year=2024",
    }


# Session and user, scope, the unit and period chosen (the sidebar's badges: one query, ocop.inbox),
# then one query per indicator source
# (producers, products, certificates, ideas, cycles, training, funding, tasks, targets...); the
# certificates from their tallies, after one indexed query saying the tallies hold every certificate.
EXPECTED = {
    "national": 19,
    "province, plan period": 22,
    # One more on the old map: the units' old-map keys, read once (Query.legacy_keys) instead of
    # being looked up for every record in every source query.
    "old province, plan period": 23,
    "commune": 20,
    "export": 17,
}


def more_communes(world, n: int = 8) -> list[AdminUnit]:
    D, X = AdminUnit.Level.DISTRICT, AdminUnit.Level.COMMUNE
    found = []
    for i in range(n):
        current = make_unit(C, X, AdminUnit.Kind.COMMUNE, f"{26100 + i}", f"Xã mới {i}", world.dong_nai)
        district = make_unit(L, D, AdminUnit.Kind.RURAL_DISTRICT, f"{740 + i}", f"Huyện cũ {i}", world.old_dong_nai,
                             current=world.dong_nai)
        make_unit(L, X, AdminUnit.Kind.COMMUNE, f"{26100 + i}", f"Xã cũ {i}", district, current=current)
        found.append(current)
    return found


def test_dashboard_query_counts_are_pinned(client, world):
    plan = make_plan(world.dong_nai, starts_on=date(2024, 1, 1), ends_on=date(2024, 12, 31))
    make_target(plan, "new_producers", value_min=10)
    make_target(plan, "ideas_per_year", value_min=2, applies_to_each_child=True)
    period = next(p for p in plan.periods.all() if p.spans_plan)
    populate(world, [world.commune_a, world.commune_b], per_commune=1)
    client.force_login(world.personas.superuser)
    few = {name: queries(client, url) for name, url in pages(world, period).items()}
    populate(world, [world.commune_a, world.commune_b, *more_communes(world)], per_commune=4)
    many = {name: queries(client, url) for name, url in pages(world, period).items()}
    assert (few, many) == (EXPECTED, EXPECTED)
