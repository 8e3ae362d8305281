"""What a product shows and for how long (ocop.certificates.standing), and how the services keep it
on the product (registry.Product.standing_*), so that the catalog can read it from there."""

import random
from datetime import date, timedelta

import pytest
import time_machine

from ocop.certificates import services
from ocop.certificates.models import Certificate
from ocop.certificates.selectors import certificates_for_products, standings_current
from ocop.certificates.standing import CertificateDates, Standing, best_in_force, standing_on
from ocop.certificates.tasks import standings_roll
from ocop.certificates.tests.factories import issue, make_result
from ocop.registry.tests.factories import ProductFactory

TODAY = date(2026, 9, 15)
DAY = timedelta(days=1)


def cert(pk, stars, issued, until, revoked=None):
    return CertificateDates(pk, stars, issued, until, revoked)


# --- Pure ------------------------------------------------------------------------------------------

def test_without_certificates_nothing_is_shown_for_ever():
    assert standing_on([], TODAY) == Standing(None, None, date.min, date.max)


def test_one_certificate_is_shown_from_its_issue_to_its_last_valid_day():
    c = cert(1, 4, date(2025, 1, 10), date(2028, 1, 10))
    assert standing_on([c], TODAY) == Standing(1, 4, date(2025, 1, 10), date(2028, 1, 10))
    assert standing_on([c], date(2025, 1, 9)) == Standing(None, None, date.min, date(2025, 1, 9))
    assert standing_on([c], date(2028, 1, 11)) == Standing(None, None, date(2028, 1, 11), date.max)


def test_a_revoked_certificate_stops_the_day_of_its_revocation():
    c = cert(1, 4, date(2025, 1, 10), date(2028, 1, 10), revoked=date(2026, 9, 1))
    assert standing_on([c], date(2026, 8, 31)) == Standing(1, 4, date(2025, 1, 10), date(2026, 8, 31))
    assert standing_on([c], TODAY) == Standing(None, None, date(2026, 9, 1), date.max)


def test_the_highest_stars_win_then_the_newest():
    old_4 = cert(1, 4, date(2024, 3, 1), date(2027, 3, 1))
    new_3 = cert(2, 3, date(2026, 1, 5), date(2029, 1, 5))
    new_4 = cert(3, 4, date(2026, 6, 1), date(2029, 6, 1))
    assert standing_on([old_4, new_3], TODAY) == Standing(1, 4, date(2026, 1, 5), date(2027, 3, 1))
    assert standing_on([old_4, new_3, new_4], TODAY).certificate == 3
    assert standing_on([old_4, new_3], date(2027, 3, 2)) == Standing(2, 3, date(2027, 3, 2), date(2029, 1, 5))


def test_what_is_shown_is_the_same_on_every_day_of_the_window():
    rng = random.Random(20260915)
    start = date(2026, 1, 1)
    for _ in range(200):
        certificates = []
        for pk in range(1, rng.randint(1, 4) + 1):
            issued = start + timedelta(days=rng.randint(0, 60))
            revoked = issued + timedelta(days=rng.randint(0, 40)) if rng.random() < 0.3 else None
            certificates.append(cert(pk, rng.choice([3, 4, 5]), issued, issued + timedelta(days=rng.randint(0, 50)),
                                     revoked))
        day = start + timedelta(days=rng.randint(0, 120))
        standing = standing_on(certificates, day)
        shown = best_in_force(certificates, day)
        assert standing.certificate == (shown.pk if shown else None)
        first, last = max(standing.since, start - 5 * DAY), min(standing.until, start + 200 * DAY)
        for offset in range((last - first).days + 1):
            other = best_in_force(certificates, first + timedelta(days=offset))
            assert (other.pk if other else None) == standing.certificate
        # ... and it ends only where a certificate starts or stops being in force
        starts = {c.issued_on for c in certificates} | {c.last_day_in_force + DAY for c in certificates}
        assert standing.since == date.min or standing.since in starts
        assert standing.until == date.max or standing.until + DAY in starts


# --- Kept by the services --------------------------------------------------------------------------

in_db = pytest.mark.django_db


@pytest.fixture
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


@in_db
def test_issue_and_revocation_update_what_the_product_shows(personas, frozen):
    product = ProductFactory(producer__unit=personas.units.commune_a, criteria_set="13")
    assert (product.standing_stars, product.standing_from, product.standing_until) == (None, date.min, date.max)
    _, [certificate] = issue([make_result(product, stars=4)], signed_on=TODAY - 10 * DAY)
    product.refresh_from_db()
    assert (product.standing_stars, product.standing_from, product.standing_until) == (
        4, TODAY - 10 * DAY, certificate.valid_until)
    assert standings_current(TODAY)
    services.certificate_revoke(certificate=certificate, ground=Certificate.Ground.MARK_MISUSE,
                                finding_on=TODAY - DAY, actor=personas.province)
    product.refresh_from_db()
    assert (product.standing_stars, product.standing_from, product.standing_until) == (None, TODAY, date.max)
    assert certificates_for_products([product.pk]) == {}


@in_db
def test_a_certificate_written_around_the_services_is_found_and_applied(personas, frozen):
    product = ProductFactory(producer__unit=personas.units.commune_a, criteria_set="13")
    _, [certificate] = issue([make_result(product, stars=3)], signed_on=TODAY - 10 * DAY)
    assert standings_current(TODAY)
    better = Certificate.objects.create(  # as a bulk load would: no service, not applied
        product=product, result=make_result(product, stars=4, historical=True), decision=certificate.decision,
        stars=4, issued_on=TODAY - 5 * DAY, valid_until=TODAY + 1000 * DAY,
    )
    assert not standings_current(TODAY)
    assert services.product_standings_refresh() == 1
    product.refresh_from_db()
    assert (product.standing_stars, product.standing_from) == (4, TODAY - 5 * DAY)
    assert standings_current(TODAY)
    assert Certificate.objects.get(pk=better.pk).standing_applied
    assert certificates_for_products([product.pk])[product.pk] == better


@in_db
def test_the_daily_roll_moves_expired_windows_on(personas):
    product = ProductFactory(producer__unit=personas.units.commune_a, criteria_set="13")
    with time_machine.travel(TODAY, tick=False):
        _, [certificate] = issue([make_result(product, stars=4)], signed_on=TODAY)
    last_day = certificate.valid_until
    assert standings_current(last_day)
    assert not standings_current(last_day + DAY)  # the window has passed: the catalog computes
    with time_machine.travel(last_day + DAY, tick=False):
        assert standings_roll.call() == {"products": 1}
        assert standings_roll.call() == {"products": 0}
        assert standings_current()
    product.refresh_from_db()
    assert (product.standing_stars, product.standing_from, product.standing_until) == (None, last_day + DAY, date.max)
