"""The summary tables hold the records' figures: random writes through the services (decisions and
their certificates, revocations, Art. 12.3 extensions and their end, products moved to another
commune, certificates loaded around the services then applied), then every indicator from the
summaries equals the same indicator counted from the records (live), on both maps, for the country,
a province, an old province and a scoped user; and `ocop summaries --check` agrees."""

import random
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command

from ocop.certificates import services as certificate_services
from ocop.certificates.models import Certificate, CertificateTally, Decision
from ocop.certificates.rerating import _extension_record, extension_end
from ocop.certificates.tally import tallies_differences, tallies_rebuild
from ocop.certificates.tests.factories import DecisionFactory, certify, issue, make_result
from ocop.program.areas import CURRENT, LEGACY, scope_filter
from ocop.program.indicators import REGISTRY, evaluate
from ocop.program.measures import Period
from ocop.program.summaries import figures_differences
from ocop.registry import services as registry_services
from ocop.registry.tests.factories import ProductFactory

CODES = list(REGISTRY)
PERIODS = [*(Period.year(year) for year in range(2020, 2028)), Period(date(2021, 1, 1), date(2025, 12, 31)),
           Period(date(2025, 3, 15), date(2025, 9, 30))]


def _random_day(rng, first=date(2019, 1, 1), last=date(2026, 11, 30)) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def _write_randomly(world, rng, steps: int) -> None:
    communes = [world.commune_a, world.commune_b, world.dong_phu, world.hcm_commune]
    products = [ProductFactory(producer__unit=rng.choice(communes), criteria_set="01") for _ in range(8)]
    for _ in range(steps):
        action = rng.choice(["issue", "issue", "issue", "revoke", "move", "extend", "around"])
        certificates = list(Certificate.objects.filter(revoked_on__isnull=True))
        if action == "issue":
            province = rng.choice([world.dong_nai, world.dong_nai, world.hcm])
            here = [p for p in products if p.unit.current_path.startswith(province.path)] or products[:1]
            chosen = rng.sample(here, min(len(here), rng.randint(1, 3)))
            level = rng.choice(["province", "province", "central"])
            results = [make_result(product, stars=5 if level == "central" else rng.choice([3, 4]), level=level,
                                   historical=True, year=2025) for product in chosen]
            unit = None if level == "central" else chosen[0].unit.parent
            issue(results, unit=unit, level=level, signed_on=_random_day(rng))
        elif action == "revoke" and certificates:
            certificate = rng.choice(certificates)
            on = min(certificate.issued_on + timedelta(days=rng.randrange(1, 1500)), date(2026, 11, 30))
            if on > certificate.issued_on:
                certificate_services.certificate_revoke(
                    certificate=certificate, ground=Certificate.Ground.STOPPED_PRODUCING, finding_on=on, actor=None,
                    signed_on=on)
        elif action == "move":
            product = rng.choice(products)
            product.refresh_from_db()
            registry_services.product_update(product=product, actor=None, data={"unit": rng.choice(communes)})
            product.refresh_from_db()
        elif action == "extend" and certificates:
            certificate = rng.choice(certificates)
            _extension_record(certificate, None)
            if rng.random() < 0.5:
                extension_end(product=certificate.product, actor=None,
                              on=certificate.valid_until + timedelta(days=rng.randrange(1, 90)))
        elif action == "around":  # a bulk load: written directly, applied afterwards as the daily task does
            signed_on = _random_day(rng)
            # An archived decision's number is outside the register that issue() draws from.
            archived = DecisionFactory(issuer_unit=world.dong_nai, signed_on=signed_on,
                                       number=f"LT-{Decision.objects.count() + 1}/QĐ-UBND")
            certify(rng.choice(products), stars=rng.choice([3, 4, 5]), issued_on=signed_on, decision=archived,
                    refresh=False)
            certificate_services.product_standings_refresh()


def _areas(world):
    return [(None, CURRENT), (None, LEGACY), (world.dong_nai, CURRENT), (world.old_binh_phuoc, LEGACY),
            (world.old_dong_nai, LEGACY), (world.hcm, CURRENT)]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_summaries_equal_the_records_after_random_writes(world, seed):
    _write_randomly(world, random.Random(seed), steps=30)
    assert Certificate.objects.count() > 10
    assert CertificateTally.objects.exists()
    assert tallies_differences() == []
    for unit, generation in _areas(world):
        assert figures_differences(PERIODS, units=[unit], generations=[generation]) == []
    scope = scope_filter(world.personas.commune_a)
    for period in PERIODS:
        summary = evaluate(CODES, unit=world.dong_nai, period=period, generation=CURRENT, scope_prefixes=scope)
        live = evaluate(CODES, unit=world.dong_nai, period=period, generation=CURRENT, scope_prefixes=scope,
                        live=True)
        assert summary == live
    # The rows are few: certificates of one decision and commune share a row.
    assert CertificateTally.objects.count() <= Certificate.objects.count()


def test_products_count_once_from_the_tallies(world):
    """The hand-built case of test_indicators, read from the tallies (no certificate left unapplied)."""
    product = ProductFactory(producer__unit=world.commune_a, criteria_set="01")
    certify(product, stars=3, issued_on=date(2025, 2, 1), issuer_unit=world.dong_nai)
    certify(product, stars=3, issued_on=date(2025, 9, 1), issuer_unit=world.dong_nai)
    summary = evaluate(CODES, unit=world.dong_nai, period=Period.year(2025), generation=CURRENT)
    assert REGISTRY["products_rated_3star"].value(summary["products_rated_3star"]) == 1
    assert REGISTRY["products_certified"].value(summary["products_certified"]) == 1
    assert summary == evaluate(CODES, unit=world.dong_nai, period=Period.year(2025), generation=CURRENT, live=True)


def test_certificates_written_around_the_services_are_counted_live_until_applied(world, django_assert_num_queries):
    product = ProductFactory(producer__unit=world.commune_a, criteria_set="01")
    certify(product, stars=4, issued_on=date(2025, 2, 1), issuer_unit=world.dong_nai, refresh=False)
    assert not CertificateTally.objects.exists()
    figures = evaluate(["products_rated_4star"], unit=world.dong_nai, period=Period.year(2025), generation=CURRENT)
    assert REGISTRY["products_rated_4star"].value(figures["products_rated_4star"]) == 1
    certificate_services.product_standings_refresh()
    assert CertificateTally.objects.get().n == 1


def test_the_command_rebuilds_and_checks(world, capsys):
    certify(ProductFactory(producer__unit=world.commune_a, criteria_set="01"), stars=5, issued_on=date(2024, 5, 1),
            issuer_unit=world.dong_nai)
    call_command("summaries", "--check", "--years", "2023-2026", "--provinces")
    assert "Khớp" in capsys.readouterr().out
    CertificateTally.objects.update(n=7)  # a table gone wrong
    with pytest.raises(CommandError, match="khác"):
        call_command("summaries", "--check", "--years", "2024")
    assert "stored 7, computed 1" in capsys.readouterr().out
    call_command("summaries")
    assert CertificateTally.objects.get().n == 1
    assert tallies_rebuild() == 1
