"""Issue 17 item 3: one export helper (ocop.lib.spreadsheet) for every export.

The cell types of each export are checked with openpyxl where the export lives (registry, cycle,
certificates, program, catalog tests); here: no export can bypass the helper. Every back-office
list export is the typed one (format, resources), and every module that builds a workbook or sends
a spreadsheet writes its cells and its download name through the helper."""

import re
from pathlib import Path

import pytest
from django.contrib import admin
from django.test import RequestFactory
from import_export.admin import ExportMixin

from ocop.core.export_admin import TypedExportMixin, TypedResourceMixin, TypedXLSX

OCOP = Path(__file__).resolve().parents[2]

#: The back-office lists an officer exports (the nine of the issue).
NINE = {
    "registry.Producer", "registry.Product", "registry.Document", "cycle.Cycle", "cycle.PublicityActivity",
    "cycle.ProducerVerification", "cycle.ProductIdea", "cycle.BusinessPlan", "cycle.Implementation",
}


def exporting_admins() -> dict[str, object]:
    return {model._meta.label: model_admin for model, model_admin in admin.site._registry.items()
            if isinstance(model_admin, ExportMixin)}


def test_every_admin_export_is_the_typed_one():
    found = exporting_admins()
    assert set(found) >= NINE, sorted(NINE - set(found))
    request = RequestFactory().get("/")
    for label, model_admin in found.items():
        assert isinstance(model_admin, TypedExportMixin), label
        assert model_admin.get_export_formats() == [TypedXLSX], label
        for resource in model_admin.get_export_resource_classes(request):
            assert issubclass(resource, TypedResourceMixin), (label, resource)


@pytest.mark.django_db
def test_the_typed_format_writes_through_the_helper():
    """The format's file is the helper's (typed cells, named sheet), not tablib's all-text one."""
    from io import BytesIO

    import tablib
    from openpyxl import load_workbook

    dataset = tablib.Dataset(headers=["Mã tỉnh", "Số lượng"], title="Đơn vị")
    dataset.append(["07", 3])
    sheet = load_workbook(BytesIO(TypedXLSX().export_data(dataset))).active
    assert sheet.title == "Đơn vị"
    assert (sheet["A2"].value, sheet["A2"].data_type, sheet["B2"].value) == ("07", "s", 3)


WORKBOOK = re.compile(r"\bWorkbook\(|\bcsv\.writer\(")
SPREADSHEET_RESPONSE = re.compile(r"content_type=(XLSX|spreadsheet\.XLSX|\"text/csv)")
HELPER = re.compile(r"from ocop\.lib(\.spreadsheet)? import|ocop\.lib\.spreadsheet|spreadsheet\.")


def _sources():
    for path in sorted(OCOP.rglob("*.py")):
        relative = path.relative_to(OCOP).as_posix()
        if "/tests/" in f"/{relative}" or "/migrations/" in relative or relative == "lib/spreadsheet.py":
            continue
        yield relative, path.read_text(encoding="utf-8")


def test_every_module_that_writes_a_spreadsheet_uses_the_helper():
    writers = [relative for relative, text in _sources()
               if WORKBOOK.search(text) or SPREADSHEET_RESPONSE.search(text)]
    assert len(writers) >= 8, writers  # the search itself still finds the known writers
    bypassing = [relative for relative in writers if not HELPER.search((OCOP / relative).read_text(encoding="utf-8"))]
    assert not bypassing, f"write cells and names through ocop.lib.spreadsheet: {bypassing}"
