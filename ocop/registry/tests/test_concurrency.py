"""Concurrency on PostgreSQL: the same Excel file imported by several officers at once.

Without serialisation each import validates against the same snapshot, sees every row as new and
inserts it: duplicate producers (no unique tax code, by design: duplicates are reported, not
forbidden) or an IntegrityError on the products' unique name. Imports take an advisory lock, so the
first writes and the others find every row unchanged."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ocop.core.models import AuditEvent
from ocop.core.tests.threads import kinds, needs_postgresql, together
from ocop.registry.importing import PRODUCERS, PRODUCTS, import_file
from ocop.registry.models import Producer, Product
from ocop.registry.tests.test_importing import PRODUCT_HEADERS, producer_row, xlsx

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    needs_postgresql()


def upload_copies(upload, n):
    data = upload.read()
    return [SimpleUploadedFile(upload.name, data) for _ in range(n)]


def test_three_parallel_imports_of_one_producer_file_write_each_producer_once(personas):
    rows = [producer_row(i, personas.units.commune_a.code) for i in range(30)]
    copies = upload_copies(xlsx(rows), 3)
    outcomes = together(*[
        (lambda f=f: import_file(f, kind=PRODUCERS, user=personas.province)) for f in copies
    ])
    assert kinds(outcomes) == ["ok", "ok", "ok"], outcomes
    reports = [report for _kind, report in outcomes]
    assert sorted(r.counts["new"] for r in reports) == [0, 0, 30]
    assert sorted(r.summary()["unchanged"] for r in reports) == [0, 30, 30]
    assert Producer.objects.count() == 30
    assert Producer.objects.values("tax_code").distinct().count() == 30
    assert AuditEvent.objects.filter(action="producer.create").count() == 30


def test_parallel_imports_of_one_product_file_leave_one_product_each(personas):
    import_file(xlsx([producer_row(i, personas.units.commune_a.code) for i in range(3)]), kind=PRODUCERS,
                user=personas.province)
    rows = [[f"36{i % 3:08d}", f"Sản phẩm {i}", "07", "", "Mô tả", ""] for i in range(12)]
    copies = upload_copies(xlsx(rows, headers=PRODUCT_HEADERS, name="san-pham.xlsx"), 2)
    outcomes = together(*[
        (lambda f=f: import_file(f, kind=PRODUCTS, user=personas.province)) for f in copies
    ])
    assert kinds(outcomes) == ["ok", "ok"], outcomes
    assert sorted(report.counts["new"] for _kind, report in outcomes) == [0, 12]
    assert Product.objects.count() == 12
    # Registered products have no OCOP code until first sent for evaluation (parallel code
    # reservation is tested on product_create with a year in test_selectors).
    assert list(Product.objects.values_list("ocop_code", flat=True)) == [None] * 12
