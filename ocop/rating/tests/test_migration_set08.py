"""Migration rating 0003: QĐ 26 set 08 criterion 2a answers follow the paper sheet's box numbers."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps

from ocop.rating.models import Dossier, RatingResult, ScoreSheet
from ocop.rating.tests.factories import make_dossier
from ocop.rating.workflow import DossierStatus as S
from ocop.registry.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db
migration = importlib.import_module("ocop.rating.migrations.0003_qd26_set08_2a_paper_codes")


def test_stored_answers_move_back_to_the_paper_codes(world):
    product = ProductFactory(producer=world.producer_a, name="Khô cá lóc An", criteria_set="08")
    old = {"1a": "3", "2a": "4"}  # the old code of the paper's box 3 (3 points, 4★)
    dossier = make_dossier(product, S.RATED, self_assessment={"1a": "3", "2a": "1"})  # old inserted 0 box
    sheet = ScoreSheet.objects.create(dossier=dossier, member=world.seats[0], answers=old)
    result = RatingResult.objects.create(product=product, dossier=dossier, level="province", regime="qd26-2026",
                                         criteria_set="08", year=2026, average=Decimal(80), band_stars=4, stars=4,
                                         consolidated={"2a": "3"})
    other_set = make_dossier(world.product_b, S.RATED, self_assessment={"2a": "2"})  # set 07: untouched
    migration.forwards(apps, None)
    dossier.refresh_from_db(), sheet.refresh_from_db(), result.refresh_from_db(), other_set.refresh_from_db()
    assert dossier.self_assessment == {"1a": "3", "2a": "0"}
    assert sheet.answers == {"1a": "3", "2a": "3"}
    assert result.consolidated == {"2a": "2"}
    assert other_set.self_assessment == {"2a": "2"}
    migration.backwards(apps, None)
    sheet.refresh_from_db()
    assert sheet.answers == old
    assert Dossier.objects.get(pk=dossier.pk).self_assessment == {"1a": "3", "2a": "0"}  # "0" stays "0"
