"""The streamed product export: scoped, re-importable, audited, memory flat in the number of rows."""

import tracemalloc
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ocop.core.models import AuditEvent
from ocop.lib.text import fold
from ocop.registry.export_stream import HEADERS, product_export, product_rows, write_products_xlsx
from ocop.registry.importing import PRODUCT_COLUMNS, PRODUCTS, validate_file
from ocop.registry.models import Product
from ocop.registry.tests.factories import ProducerFactory, ProductFactory

pytestmark = pytest.mark.django_db

EXPORT_URL = reverse("admin:registry_product_export_all")


def read_rows(handle_or_bytes) -> list[tuple]:
    from openpyxl import load_workbook

    data = handle_or_bytes if isinstance(handle_or_bytes, bytes) else handle_or_bytes.read()
    return list(load_workbook(BytesIO(data), read_only=True).active.iter_rows(values_only=True))


def many_products(unit, n: int, start: int = 0) -> None:
    """N products with long texts, written directly (fast), spread over producers of UNIT."""
    producers = [ProducerFactory(unit=unit) for _ in range(5)]
    story = "Câu chuyện về vùng đất, con người và nghề truyền thống. " * 6
    Product.objects.bulk_create(
        [
            Product(producer=producers[i % 5], unit=unit, name=f"Sản phẩm số {i}", criteria_set="07",
                    description=f"Mô tả sản phẩm số {i}, " * 8, story=story, ocop_code=f"75-{unit.code}-{i:06d}",
                    search_text=fold(f"san pham so {i}"))
            for i in range(start, start + n)
        ],
        batch_size=500,
    )


def test_columns_start_with_the_product_template_so_the_file_imports_again():
    assert HEADERS[: len(PRODUCT_COLUMNS)] == [c.header for c in PRODUCT_COLUMNS]
    assert HEADERS[len(PRODUCT_COLUMNS):] == ["Tên xã/phường", "Mã sản phẩm OCOP"]


def test_export_holds_only_the_users_scope_and_is_audited(personas):
    a = ProductFactory(producer=ProducerFactory(unit=personas.units.commune_a, tax_code="3600000001"),
                       name="Mật ong Trấn Biên", ocop_code="75-26068-001-2026",
                       description="Ong\x07 rừng")  # a control character, dropped in the file
    ProductFactory(producer=ProducerFactory(unit=personas.units.commune_b), name="Sữa Long Thành")
    ProductFactory(producer=ProducerFactory(unit=personas.units.hcm_commune), name="Bánh Sài Gòn")

    handle, count = product_export(user=personas.commune_a)
    with handle:
        rows = read_rows(handle)
    assert count == 1
    assert rows[0] == tuple(HEADERS)
    assert rows[1:] == [("3600000001", "Mật ong Trấn Biên", "07", "26068", "Ong rừng", None,
                         a.producer.name, "Trấn Biên", "75-26068-001-2026")]

    handle, count = product_export(user=personas.province)
    handle.close()
    assert count == 2
    event = AuditEvent.objects.filter(action="product.export").order_by("-id").first()
    assert event.actor == personas.province and event.after == {"rows": 2, "format": "xlsx"}
    assert AuditEvent.objects.filter(action="product.export").count() == 2


def test_exported_file_imports_again_with_nothing_to_change(personas):
    for i in range(3):
        ProductFactory(producer=ProducerFactory(unit=personas.units.commune_a), name=f"Hạt điều {i}",
                       description=f"Rang muối {i}", story="Từ năm 1990.")
    handle, count = product_export(user=personas.province)
    with handle:
        upload = SimpleUploadedFile("san-pham.xlsx", handle.read())
    report = validate_file(upload, kind=PRODUCTS, user=personas.province)
    assert count == 3
    assert report.summary() == {"new": 0, "update": 0, "unchanged": 3, "error": 0}


def test_rows_are_read_in_chunks_without_a_query_per_row(personas):
    many_products(personas.units.commune_a, 250)
    with CaptureQueriesContext(connection) as captured:
        rows = list(product_rows(Product.objects.all(), chunk_size=100))
    assert len(rows) == 250
    assert len(captured.captured_queries) <= 3  # one SELECT; SQLite may fetch it in chunks


def peak_bytes(queryset, path) -> tuple[int, int]:
    """(rows written, peak bytes allocated by Python while writing them to the file at PATH)."""
    tracemalloc.start()
    try:
        count = write_products_xlsx(product_rows(queryset, chunk_size=200), path)
        return count, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_number_of_rows(personas, tmp_path):
    n = 600
    many_products(personas.units.commune_a, n)
    many_products(personas.units.commune_b, 3 * n, start=n)
    small = peak_bytes(Product.objects.filter(unit=personas.units.commune_a), tmp_path / "small.xlsx")
    large = peak_bytes(Product.objects.all(), tmp_path / "large.xlsx")
    assert (small[0], large[0]) == (n, 4 * n)
    # Holding the rows would make the peak about 4 times larger; streaming keeps it flat.
    assert large[1] < 1.5 * small[1], (small, large)


def test_admin_button_serves_the_file_to_readers_and_refuses_others(client, personas):
    ProductFactory(producer=ProducerFactory(unit=personas.units.commune_b), name="Sữa Long Thành")
    client.force_login(personas.auditor)  # read-only, national
    response = client.get(EXPORT_URL)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="San pham OCOP 20')
    assert "filename*=UTF-8''S%E1%BA%A3n%20ph%E1%BA%A9m%20OCOP%2020" in response["Content-Disposition"]
    rows = read_rows(b"".join(response.streaming_content))
    assert [r[1] for r in rows[1:]] == ["Sữa Long Thành"]

    changelist = client.get(reverse("admin:registry_product_changelist"))
    assert "Xuất Excel (toàn bộ)" in changelist.text and EXPORT_URL in changelist.text

    client.force_login(personas.producer)  # not staff
    assert client.get(EXPORT_URL).status_code in (302, 403)
    assert AuditEvent.objects.filter(action="product.export").count() == 1


@pytest.mark.django_db(transaction=True)  # the worker commits and closes connections as in production
def test_a_big_export_is_made_by_the_worker_and_downloaded_only_by_its_owner(client, personas, settings, tmp_path):
    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.OCOP_EXPORT_DIRECT_MAX = 1
    for name in ("Sữa Long Thành", "Mật ong Long Thành"):
        ProductFactory(producer=ProducerFactory(unit=personas.units.commune_b), name=name)
    client.force_login(personas.province)
    started = client.get(EXPORT_URL)
    assert started.status_code == 302 and "?task=" in started.url and started.url.endswith("&rows=2")
    waiting = client.get(started.url)
    assert waiting.status_code == 200 and "Đang chờ tiến trình nền" in waiting.text and "2 sản phẩm" in waiting.text

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "-v", "0")

    ready = client.get(started.url)
    assert "Tệp đã sẵn sàng: 2 sản phẩm." in ready.text
    download = client.get(started.url.split("&rows=")[0] + "&download=1")
    assert download.status_code == 200
    rows = read_rows(b"".join(download.streaming_content))
    assert sorted(r[1] for r in rows[1:]) == ["Mật ong Long Thành", "Sữa Long Thành"]
    assert AuditEvent.objects.filter(action="product.export", actor=personas.province).count() == 1

    client.force_login(personas.national)  # another user cannot follow or download it
    assert client.get(started.url).status_code == 404
    assert client.get(EXPORT_URL + "?task=not-a-task").status_code == 404


def test_stored_exports_older_than_a_day_are_deleted_when_the_next_one_is_made(personas):
    import os
    import time

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from ocop.registry.export_stream import EXPORT_DIR, product_export_store

    old = default_storage.save(EXPORT_DIR + "old.xlsx", ContentFile(b"x"))
    two_days_ago = time.time() - 2 * 86400
    os.utime(default_storage.path(old), (two_days_ago, two_days_ago))
    kept = default_storage.save(EXPORT_DIR + "recent.xlsx", ContentFile(b"x"))
    made = product_export_store(user=personas.province)
    assert made["rows"] == 0 and made["user"] == personas.province.pk
    assert sorted(default_storage.listdir(EXPORT_DIR)[1]) == sorted([kept.split("/")[-1], made["path"].split("/")[-1]])
