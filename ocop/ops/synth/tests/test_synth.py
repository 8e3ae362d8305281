"""A small run of `ocop synth` on the real map: real counts, stars as the engine computes them,
consistent decisions and certificates, real communes, and the public catalog shows the products."""

from collections import Counter
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils.html import escape

from ocop.catalog.selectors import CatalogFilters, catalog_products, published_products
from ocop.certificates.lifecycle import add_months, recognition_refusal
from ocop.certificates.models import Certificate, Decision, DecisionItem
from ocop.certificates.status import certificate_months
from ocop.criteria.scoring import council_result
from ocop.criteria.sheets import get_set
from ocop.ops.synth.context import Counts
from ocop.ops.synth.runner import run
from ocop.rating.models import CouncilMember, Dossier, RatingResult, ScoreSheet
from ocop.rating.selectors import council_progress
from ocop.rating.services.common import council_for
from ocop.registry.models import Producer, Product
from ocop.territory.loader import load_units
from ocop.territory.models import AdminUnit

RECOGNISED = 200


def test_small_run(db, client):
    """One run (loading the map and generating take a while), every property checked on it."""
    load_units()
    report = run(products_count=RECOGNISED, log=lambda message: None)
    check_counts(report)
    check_results_are_the_engines()
    check_certificates()
    check_units()
    check_catalog(client)
    check_refuses_a_database_with_products()


def check_counts(synth_run):
    counts = Counts.at_scale(1, RECOGNISED)
    assert Product.objects.count() == counts.recognised + counts.candidates == 267
    assert Producer.objects.count() == counts.producers == 111
    assert Dossier.objects.count() == counts.dossiers == 333
    assert synth_run["counts"]["registry.Product"] == 267
    assert published_products().count() == RECOGNISED
    statuses = Counter(Dossier.objects.values_list("status", flat=True))
    assert statuses["rated"] > 150 and statuses["accepted"] > 0 and statuses["draft"] > 0
    regimes = set(RatingResult.objects.values_list("regime", flat=True))
    assert {"qd148-2023", "qd1048-2019"} <= regimes  # pre-reform records
    assert RatingResult.objects.filter(level="district", is_historical=True).exists()
    assert Dossier.objects.filter(unit__generation="legacy").exists()


def check_results_are_the_engines():
    results = RatingResult.objects.filter(dossier__isnull=False).select_related("dossier")
    assert results.count() > 200
    for result in results:
        council = council_for(result.dossier, result.level)
        progress = council_progress(result.dossier, council)
        assert progress.complete
        assert 3 <= len(progress.scoring) <= 7
        sheets = [progress.submitted[m.pk] for m in progress.expected]
        engine = council_result(get_set(result.regime, result.criteria_set), [s.answers for s in sheets],
                                level=result.level)
        assert (result.stars, result.band_stars, result.average, result.potential_5_star) == (
            engine.stars, engine.band_stars, engine.average_display, engine.potential_5_star)
        assert [s.total for s in sheets] == [m.total for m in engine.members]
    assert not ScoreSheet.objects.exclude(member__role__in=CouncilMember.SCORING).exists()


def check_certificates():
    certificates = Certificate.objects.select_related("result", "decision", "product")
    assert certificates.count() == DecisionItem.objects.count() >= RECOGNISED
    months = certificate_months()
    for certificate in certificates:
        result, decision = certificate.result, certificate.decision
        item = DecisionItem.objects.get(result=result)
        assert item.decision_id == decision.pk and item.stars == certificate.stars == result.stars >= 3
        assert certificate.product_id == result.product_id
        assert certificate.issued_on == decision.signed_on
        assert certificate.valid_until == add_months(decision.signed_on, months)
        assert recognition_refusal(issuer_level=decision.issuer_level, result_level=result.level,
                                   stars=result.stars, average=result.average,
                                   potential_5_star=result.potential_5_star,
                                   is_historical=result.is_historical) is None
        assert decision.is_historical == result.is_historical
    assert Decision.objects.filter(is_historical=False, sequence__isnull=True).count() == 0
    # The summary tables are filled from what was written (the dashboard reads them).
    from ocop.certificates.tally import tallies_differences
    from ocop.program.sources import tallies_current

    assert tallies_current() and tallies_differences() == []


def check_units():
    current = AdminUnit.objects.filter(generation="current", level="commune")
    assert not Producer.objects.exclude(unit__in=current).exists()
    assert not Product.objects.exclude(unit__in=current).exists()
    assert not Dossier.objects.exclude(unit__level="commune").exists()
    for dossier in Dossier.objects.select_related("unit", "product__unit__parent"):
        assert dossier.unit.current_path.startswith(dossier.product.unit.parent.path[:5])
    # Producers go to distinct communes until every commune has one (×1 covers all 3,321).
    assert len(set(Producer.objects.values_list("unit_id", flat=True))) == Producer.objects.count()


def check_catalog(client):
    first = catalog_products(CatalogFilters()).first()
    response = client.get("/san-pham/")
    assert response.status_code == 200
    assert escape(first.name) in response.content.decode()
    assert client.get(f"/san-pham/{first.pk}/").status_code == 200


def check_refuses_a_database_with_products():
    with pytest.raises(ValidationError):
        run(products_count=10, log=lambda message: None)
    with pytest.raises(CommandError, match="CSDL đã có sản phẩm"):
        call_command("synth", "--products", "10", stdout=StringIO())


@pytest.mark.django_db
def test_needs_the_units():
    with pytest.raises(CommandError, match="load-units"):
        call_command("synth", "--products", "10", stdout=StringIO())


class _Undo(Exception):
    pass


def _snapshot(workers: int) -> tuple:
    """The rating rows of a small run with WORKERS processes (the run is rolled back)."""
    from django.db import transaction

    found = None
    try:
        with transaction.atomic():
            run(products_count=40, workers=workers, log=lambda message: None)
            found = (
                list(ScoreSheet.objects.order_by("pk").values_list("pk", "dossier_id", "member_id", "answers", "total")),
                list(RatingResult.objects.order_by("pk").values_list("pk", "product_id", "stars", "average")),
                list(Certificate.objects.order_by("pk").values_list("product_id", "stars", "issued_on")),
            )
            raise _Undo
    except _Undo:
        pass
    return found


def test_same_data_with_any_number_of_workers(db):
    load_units()
    one = _snapshot(1)
    assert len(one[0]) > 100
    assert _snapshot(2) == one
