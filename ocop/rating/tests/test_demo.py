"""The demo step: dossiers at each status, finalized results, history; idempotent."""

import pytest

from ocop.rating import demo
from ocop.rating.models import Council, Dossier, RatingResult
from ocop.rating.workflow import DossierStatus as S
from ocop.registry.tests.factories import HouseholdFactory, ProductFactory

pytestmark = pytest.mark.django_db

SETS = {"Bưởi đường lá cam Tân Triều": "01", "Hạt tiêu đen Cẩm Mỹ": "10", "Khô cá lóc Trị An": "08",
        "Chôm chôm nhãn Xuân Lập": "01", "Rượu nếp Xuân Bắc": "14", "Bánh tráng phơi sương Dầu Giây": "06",
        "Nước mắm cá cơm Long Phước": "09", "Hạt điều rang muối Lộc Ninh": "07",
        "Mật ong hoa cà phê Bù Gia Mập": "04", "Giỏ mây tre đan Phú Lý": "21", "Lan hồ điệp Tân An": "23"}


@pytest.fixture
def catalogue(units):
    generic = HouseholdFactory(unit=units.commune_b, name="Hợp tác xã mẫu")
    for name, criteria_set in SETS.items():
        ProductFactory(producer=generic, name=name, criteria_set=criteria_set)
    for producer_name, product_name, *_ in demo.HISTORY:
        from ocop.registry.models import Producer

        producer = (Producer.objects.filter(name=producer_name).first()
                    or HouseholdFactory(unit=units.commune_a, name=producer_name))
        if not producer.products.filter(name=product_name).exists():
            ProductFactory(producer=producer, name=product_name, criteria_set="13")


def test_demo_seeds_every_status_and_is_idempotent(catalogue):
    first = demo.seed(log=lambda *_: None)
    assert first["dossiers_created"] == len(demo.DOSSIERS) + 1 and first["missing_products"] == 0
    statuses = set(Dossier.objects.values_list("status", flat=True))
    assert statuses >= {S.DRAFT, S.SUBMITTED, S.RETURNED, S.PROPOSED, S.ACCEPTED, S.RATED, S.FORWARDED_CENTRAL,
                        S.REJECTED, S.WITHDRAWN}
    final = RatingResult.objects.filter(is_historical=False, finalized_at__isnull=False)
    assert {r.stars for r in final} >= {3, 4} and final.filter(potential_5_star=True).count() == 1
    assert RatingResult.objects.filter(is_historical=True).count() == len(demo.HISTORY)
    assert Council.objects.get().members.count() == 4
    again = demo.seed(log=lambda *_: None)
    assert again["dossiers_created"] == 0 and again["historical_created"] == 0


@pytest.mark.parametrize("target", [55, 72, 92])
def test_answers_near_reach_the_target_and_keep_minimums(target):
    from ocop.criteria.scoring import score_sheet
    from ocop.criteria.sheets import get_set

    cs = get_set("qd26-2026", "07")
    result = score_sheet(cs, demo.answers_near("qd26-2026", "07", target))
    assert target <= result.total < target + 5 and not result.unmet_minimums
    assert result.not_applicable == ()  # a story, acceptable impurities: every criterion applies
