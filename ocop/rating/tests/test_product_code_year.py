"""The OCOP product code's year is the year of the evaluation ("STT: số thứ tự sản phẩm do xã lập
thống kê - Năm đánh giá"), given when the product is first sent for evaluation."""

import pytest
import time_machine

from ocop.core.models import AuditEvent
from ocop.rating.services.dossiers import dossier_transition
from ocop.rating.tests.factories import best_sheet, make_dossier
from ocop.rating.workflow import DossierStatus as S
from ocop.registry import services as registry

pytestmark = pytest.mark.django_db


@time_machine.travel("2026-01-05 09:00 +0700", tick=False)
def test_registered_in_2025_evaluated_in_2026_gets_a_2026_code(personas, world):
    with time_machine.travel("2025-11-20 09:00 +0700", tick=False):
        product = registry.product_create(actor=personas.commune_a, producer=world.producer_a,
                                          name="Mứt mãng cầu An", criteria_set="07")
    assert product.ocop_code is None  # registered: no code yet
    dossier = make_dossier(product, S.DRAFT, year=2026, self_assessment=best_sheet())
    dossier_transition(dossier=dossier, to=S.SUBMITTED, actor=personas.producer)
    product.refresh_from_db()
    assert product.ocop_code == "75-26068-001-2026"  # Đồng Nai, Trấn Biên, first of 2026
    event = AuditEvent.objects.get(action="product.code_assign")
    assert event.after == {"ocop_code": "75-26068-001-2026", "dossier": dossier.pk, "year": 2026}


def test_a_code_already_issued_never_changes(personas, world):
    product = registry.product_create(actor=None, producer=world.producer_a, name="Điều rang An 2023",
                                      criteria_set="07", year=2023)  # evaluated (and certified) in 2023
    assert product.ocop_code == "75-26068-001-2023"
    dossier = make_dossier(product, S.DRAFT, year=2026, kind="rerating", changes_note="Đổi bao bì.",
                           self_assessment=best_sheet())
    dossier_transition(dossier=dossier, to=S.SUBMITTED, actor=personas.producer)
    product.refresh_from_db()
    assert product.ocop_code == "75-26068-001-2023"
    assert not AuditEvent.objects.filter(action="product.code_assign").exists()
