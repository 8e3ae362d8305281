"""A database error in the middle of an import rolls the whole import back.

The import writes new rows first (one bulk insert, with their audit events), then
updates existing rows one by one through the services; the database refuses the update of the
last row (a real trigger), after the new rows were written. Nothing of the import may remain.
"""

import pytest
from django.db import DatabaseError

from ocop.core.models import AuditEvent
from ocop.core.tests.dbfaults import database_refuses
from ocop.registry.importing import PRODUCERS, PRODUCTS, import_file
from ocop.registry.models import Producer, Product
from ocop.registry.tests.test_importing import PRODUCT_HEADERS, producer_row, xlsx

pytestmark = pytest.mark.django_db


def snapshot() -> dict:
    return {
        "producers": Producer.objects.count(),
        "products": Product.objects.count(),
        "audit": AuditEvent.objects.count(),
        "phones": sorted(Producer.objects.values_list("phone", flat=True)),
        "product_texts": sorted(Product.objects.values_list("description", flat=True)),
    }


def test_a_database_error_after_the_new_producers_were_written_leaves_nothing(personas):
    code = personas.units.commune_a.code
    import_file(xlsx([producer_row(1, code)]), kind=PRODUCERS, user=personas.commune_a)
    before = snapshot()
    changed = producer_row(1, code)
    changed[9] = "0909 999 999"  # the existing producer's phone: an update, written last
    upload = xlsx([producer_row(2, code), producer_row(3, code), producer_row(4, code), changed])

    refuse = database_refuses("registry_producer", event="UPDATE", when="NEW.phone = '0909 999 999'")
    with refuse, pytest.raises(DatabaseError):
        import_file(upload, kind=PRODUCERS, user=personas.commune_a)

    assert snapshot() == before
    assert not Producer.objects.filter(tax_code__in=["3600000002", "3600000003", "3600000004"]).exists()
    report = import_file(xlsx([producer_row(2, code), changed]), kind=PRODUCERS, user=personas.commune_a)
    assert report.counts == {"new": 1, "update": 1}  # the same file goes through once the database accepts it


def test_a_database_error_in_a_product_import_leaves_nothing(personas):
    code = personas.units.commune_a.code
    import_file(xlsx([producer_row(1, code)]), kind=PRODUCERS, user=personas.commune_a)
    first = [["3600000001", "Mật ong rừng", "13", "", "mô tả cũ", ""]]
    import_file(xlsx(first, PRODUCT_HEADERS), kind=PRODUCTS, user=personas.commune_a)
    before = snapshot()
    rows = [["3600000001", f"Hạt điều rang muối {i}", "07", "", "", ""] for i in range(3)]
    rows.append(["3600000001", "Mật ong rừng", "13", "", "mô tả mới", ""])

    refuse = database_refuses("registry_product", event="UPDATE", when="NEW.description = 'mô tả mới'")
    with refuse, pytest.raises(DatabaseError):
        import_file(xlsx(rows, PRODUCT_HEADERS), kind=PRODUCTS, user=personas.commune_a)

    assert snapshot() == before
    assert before["products"] == 1 and before["product_texts"] == ["mô tả cũ"]
