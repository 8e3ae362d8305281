"""The dashboard's source figures kept in the cache (ocop.program.figures_cache): a second reading
runs no source query, and every change the sources count — a save through a service or the ORM, a
certificate through the certificate services — shows on the next reading; a write that sends no
signal shows after `ocop summaries`. With the cache on, random writes through the services still
leave every indicator equal to the live computation."""

import random
from datetime import date
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.urls import reverse

from ocop.program.areas import CURRENT, LEGACY
from ocop.program.indicators import REGISTRY, evaluate
from ocop.program.measures import Period
from ocop.program.models import FundingLine
from ocop.program.services.funding import funding_line_save
from ocop.program.summaries import figures_differences
from ocop.program.tests.factories import make_plan, make_target
from ocop.program.tests.test_queries import populate, queries
from ocop.program.tests.test_summaries import PERIODS, _write_randomly
from ocop.registry.models import Producer
from ocop.registry.tests.factories import ProducerFactory

pytestmark = pytest.mark.django_db
Y2024 = Period.year(2024)


@pytest.fixture
def cache_on(settings):
    settings.OCOP_FIGURES_CACHE_SECONDS = 300


def value(code, unit, period=Y2024):
    return REGISTRY[code].value(evaluate([code], unit=unit, period=period, generation=CURRENT)[code])


#: The dashboard pages of test_query_counts, read a second time: the six cached sources (and the
#: check that the certificate tallies are current) run no query; the page's own queries, department
#: tasks and cycle years do.
WARM = {"national": 12, "province, plan period": 15, "commune": 13}


def test_a_second_reading_runs_no_source_query_and_shows_the_same_page(client, world, cache_on):
    plan = make_plan(world.dong_nai, starts_on=date(2024, 1, 1), ends_on=date(2024, 12, 31))
    make_target(plan, "new_producers", value_min=10)
    period = next(p for p in plan.periods.all() if p.spans_plan)
    populate(world, [world.commune_a, world.commune_b], per_commune=2)
    client.force_login(world.personas.superuser)
    base = reverse("admin:program_dashboard")
    pages = {
        "national": f"{base}?{urlencode({'map': 'current', 'year': 2024})}",
        "province, plan period": f"{base}?{urlencode({'unit': world.dong_nai.pk, 'period': period.pk})}",
        "commune": f"{base}?{urlencode({'unit': world.commune_a.pk, 'year': 2024})}",
    }
    first = {name: _figures(client.get(url)) for name, url in pages.items()}
    assert {name: queries(client, url) for name, url in pages.items()} == WARM
    assert {name: _figures(client.get(url)) for name, url in pages.items()} == first
    assert first["province, plan period"]["new_producers"] == 4


def _figures(response) -> dict:
    dash = response.context["dash"]
    return {row.indicator.code: row.value for row in dash.indicators} | {
        f"{child.unit.code}:{i}": value for child in dash.children for i, value in enumerate(child.values)}


def test_a_save_shows_on_the_next_reading(world, personas, cache_on):
    ProducerFactory(unit=world.commune_a, joined_ocop_on=date(2024, 3, 1))
    assert value("new_producers", world.dong_nai) == 1
    ProducerFactory(unit=world.commune_b, joined_ocop_on=date(2024, 4, 1))  # an ORM save: post_save
    assert value("new_producers", world.dong_nai) == 2
    line = funding_line_save(line=FundingLine(unit=world.commune_a, year=2024, title="Hỗ trợ", source="nsnn_tinh", planned=10,
                                              allocated=10, disbursed=4), actor=personas.superuser)
    assert value("funding_disbursed", world.dong_nai) == 4
    line.disbursed = 9
    funding_line_save(line=line, actor=personas.superuser)
    assert value("funding_disbursed", world.dong_nai) == 9
    Producer.objects.filter(unit=world.commune_b).first().delete()
    assert value("new_producers", world.dong_nai) == 1


def test_a_write_without_signal_shows_after_the_summaries_command(world, cache_on):
    producer = ProducerFactory(unit=world.commune_a, joined_ocop_on=date(2024, 3, 1))
    assert value("new_producers", world.dong_nai) == 1
    Producer.objects.filter(pk=producer.pk).update(joined_ocop_on=date(2023, 3, 1))  # no signal
    assert value("new_producers", world.dong_nai) == 1  # kept (at most OCOP_FIGURES_CACHE_SECONDS)
    assert value("new_producers", world.dong_nai, Period.year(2023)) == 1  # another period: counted now
    call_command("summaries")
    assert value("new_producers", world.dong_nai) == 0


def test_the_cache_is_off_at_zero_seconds(world, settings):
    settings.OCOP_FIGURES_CACHE_SECONDS = 0
    producer = ProducerFactory(unit=world.commune_a, joined_ocop_on=date(2024, 3, 1))
    assert value("new_producers", world.dong_nai) == 1
    Producer.objects.filter(pk=producer.pk).update(joined_ocop_on=date(2023, 3, 1))
    assert value("new_producers", world.dong_nai) == 0


@pytest.mark.parametrize("seed", [4, 5])
def test_cached_figures_equal_the_records_after_random_writes(world, seed, cache_on):
    rng = random.Random(seed)
    areas = [(None, CURRENT), (None, LEGACY), (world.dong_nai, CURRENT), (world.old_binh_phuoc, LEGACY)]
    periods = PERIODS[4:]
    for _round in range(4):
        for unit, generation in areas:  # fill the cache, then write through the services
            figures_differences(periods, units=[unit], generations=[generation])
        _write_randomly(world, rng, steps=8)
        for unit, generation in areas:
            assert figures_differences(periods, units=[unit], generations=[generation]) == []
