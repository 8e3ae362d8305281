"""Exporting every product in the user's scope to Excel, at any size.

The django-import-export export of the change list builds the whole workbook in memory. This one
keeps memory flat however many rows there are: rows come from the database in chunks
(`values_list(...).iterator(chunk_size=...)`, a server-side cursor on PostgreSQL, no query per
row), go straight into an openpyxl write-only workbook, which is saved to a temporary file that
the view hands to FileResponse. The columns are the product template's, then the read-only
extras of the list export, so the file can be edited and imported again.

Up to DIRECT_MAX rows are written within the request (about 2 s of CPU). Beyond that the file is
made by the background worker (tasks.export_products) and kept in storage for the user to
download, so that a big export never runs into the web server's request timeout.
"""

import tempfile
import uuid
from collections.abc import Iterator
from datetime import timedelta

from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone

from ocop.core.audit import AuditAction, audit_record
from ocop.lib import spreadsheet
from ocop.registry.importing import PRODUCT_COLUMNS, PRODUCTS, SHEET_TITLES
from ocop.registry.selectors import products_visible_to

CHUNK = 2000
DIRECT_MAX = 20_000  # settings.OCOP_EXPORT_DIRECT_MAX overrides
EXPORT_DIR = "registry/exports/"
KEEP = timedelta(days=1)  # a stored export can be downloaded for this long

# Template column key → database path; the template's order first, then the extras.
_PATHS = {
    "producer_code": "producer__tax_code",
    "name": "name",
    "criteria_set": "criteria_set",
    "unit_code": "unit__code",
    "description": "description",
    "story": "story",
    "producer_name": "producer__name",
}
EXTRAS = [("Tên xã/phường", "unit__name"), ("Mã sản phẩm OCOP", "ocop_code")]
COLUMNS = [(c.header, _PATHS[c.key]) for c in PRODUCT_COLUMNS] + EXTRAS
HEADERS = [header for header, _ in COLUMNS]


def product_rows(queryset, *, chunk_size: int = CHUNK) -> Iterator[tuple]:
    """The export's rows as plain tuples, read in chunks in a stable order."""
    paths = [path for _, path in COLUMNS]
    return queryset.order_by("pk").values_list(*paths).iterator(chunk_size=chunk_size)


def write_products_xlsx(rows, target) -> int:
    """Write ROWS into TARGET (a path or a binary file) as a one-sheet workbook; the row count.
    Cells go through the export helper (core/spreadsheet.py): typed, codes as text, control
    characters Excel refuses dropped, text never a formula."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_TITLES[PRODUCTS])
    count = spreadsheet.write_table(sheet, HEADERS, rows)
    workbook.save(target)
    return count


def product_export(*, user, chunk_size: int = CHUNK):
    """Every product USER may see, in a temporary .xlsx file (rewound, deleted when closed), and
    the number of rows. The export is recorded in the audit log."""
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (FileResponse closes it)
    try:
        count = write_products_xlsx(product_rows(products_visible_to(user), chunk_size=chunk_size), handle)
    except BaseException:
        handle.close()
        raise
    handle.seek(0)
    audit_record(action=AuditAction.PRODUCT_EXPORT, actor=user, after={"rows": count, "format": "xlsx"},
                 message=f"Xuất Excel toàn bộ sản phẩm trong phạm vi: {count} dòng")
    return handle, count


def product_export_count(user) -> int:
    return products_visible_to(user).count()


def direct_max() -> int:
    """Exports up to this many rows are made within the request; bigger ones by the worker."""
    from django.conf import settings

    return getattr(settings, "OCOP_EXPORT_DIRECT_MAX", DIRECT_MAX)


def forget_old_exports(*, older_than: timedelta = KEEP) -> int:
    """Delete the stored exports made before OLDER_THAN ago; how many."""
    if not default_storage.exists(EXPORT_DIR):
        return 0
    limit = timezone.now() - older_than
    old = [name for name in default_storage.listdir(EXPORT_DIR)[1]
           if default_storage.get_modified_time(EXPORT_DIR + name) < limit]
    for name in old:
        default_storage.delete(EXPORT_DIR + name)
    return len(old)


def product_export_store(*, user, chunk_size: int = CHUNK) -> dict:
    """The export kept in storage (for the background worker): its path, row count and owner.
    Exports older than KEEP are deleted on the way."""
    forget_old_exports()
    handle, count = product_export(user=user, chunk_size=chunk_size)
    with handle:
        path = default_storage.save(f"{EXPORT_DIR}{uuid.uuid4().hex}.xlsx", File(handle))
    return {"path": path, "rows": count, "user": user.pk}
