"""The dashboard's queries do not grow with the number of units, producers or products: the count
measured on a small data set is the ceiling on a data set several times larger, on both maps."""

from datetime import date
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ocop.certificates.tests.factories import certify
from ocop.core.testing import C, L, make_unit
from ocop.program.models import TraineeCategory
from ocop.program.tests.factories import (
    attend,
    make_course,
    make_department,
    make_funding,
    make_plan,
    make_roster,
    make_target,
    make_task,
)
from ocop.registry.tests.factories import ProducerFactory, ProductFactory
from ocop.territory.models import AdminUnit

pytestmark = pytest.mark.django_db

#: A ceiling for any dashboard page, whatever the data (the measured counts are lower).
CEILING = 32


def populate(world, communes: list[AdminUnit], *, per_commune: int) -> None:
    """Producers, products, certificates, ideas, cycles, training, funding and tasks in COMMUNES."""
    from ocop.cycle.models import Cycle, ProductIdea

    department = make_department(world.dong_nai, name=f"Sở {len(communes)}-{per_commune}")
    _, session = make_course(world.dong_nai, on=date(2024, 5, 5))
    for index, commune in enumerate(communes):
        Cycle.objects.get_or_create(year=2024, unit=commune)
        for n in range(per_commune):
            producer = ProducerFactory(unit=commune, joined_ocop_on=date(2024, 1 + n % 12, 1))
            product = ProductFactory(producer=producer, criteria_set="01")
            certify(product, stars=3 + n % 3, issued_on=date(2024, 2, 1),
                    level="central" if n % 3 == 2 else "province", issuer_unit=world.dong_nai)
            ProductIdea.objects.create(producer=producer, year=2024, proposed_name="Ý tưởng", criteria_set="01",
                                       description="…", status="accepted")
            make_funding(commune, year=2024, producer=producer, allocated=100, disbursed=50)
            entry = make_roster(commune, TraineeCategory.OFFICIAL_COMMUNE if n % 2 else TraineeCategory.LEADER_COOPERATIVE)
            attend(session, entry, present=bool(n % 2))
        make_task(department, deadline=date(2024, 3, 1 + index % 28), status="done", completed_on=date(2024, 3, 1))


def queries(client, url) -> int:
    client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def urls(world, period) -> list[str]:
    base = reverse("admin:program_dashboard")
    return [
        f"{base}?{urlencode({'unit': world.dong_nai.pk, 'period': period.pk})}",
        f"{base}?{urlencode({'unit': world.old_dong_nai.pk, 'period': period.pk})}",
        f"{base}?{urlencode({'map': 'current', 'year': 2024})}",
        f"{base}?{urlencode({'unit': world.commune_a.pk, 'year': 2024})}",
        reverse("admin:program_dashboard_export", args=["xlsx"]) + f"?unit={world.dong_nai.pk}&year=2024",
    ]


def test_dashboard_queries_do_not_grow_with_units_or_records(client, world, django_assert_max_num_queries):
    plan = make_plan(world.dong_nai, starts_on=date(2024, 1, 1), ends_on=date(2024, 12, 31))
    make_target(plan, "new_producers", value_min=10)
    make_target(plan, "ideas_per_year", value_min=2, applies_to_each_child=True)
    period = next(p for p in plan.periods.all() if p.spans_plan)
    populate(world, [world.commune_a, world.commune_b], per_commune=1)
    client.force_login(world.personas.superuser)
    small = {url: queries(client, url) for url in urls(world, period)}
    assert max(small.values()) <= CEILING

    # Five times the communes (on both maps) and four times the records in each of them.
    D, X = AdminUnit.Level.DISTRICT, AdminUnit.Level.COMMUNE
    more = []
    for n in range(8):
        current = make_unit(C, X, AdminUnit.Kind.COMMUNE, f"{26100 + n}", f"Xã mới {n}", world.dong_nai)
        district = make_unit(L, D, AdminUnit.Kind.RURAL_DISTRICT, f"{740 + n}", f"Huyện cũ {n}", world.old_dong_nai,
                             current=world.dong_nai)
        make_unit(L, X, AdminUnit.Kind.COMMUNE, f"{26100 + n}", f"Xã cũ {n}", district, current=current)
        more.append(current)
    populate(world, [world.commune_a, world.commune_b, *more], per_commune=4)
    for url, count in small.items():
        with django_assert_max_num_queries(count):
            assert client.get(url).status_code == 200
