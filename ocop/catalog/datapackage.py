"""The open data's Frictionless Data Package (https://specs.frictionlessdata.io/data-package/):
/du-lieu-mo/datapackage.json describes each CSV file (its path beside the descriptor, UTF-8, the
dialect, and a Table Schema with every field's type: codes are strings, so "07" stays "07"), the
licence (CC BY 4.0) and the publisher. Built from the same Field lists as the files and the page.
"""

from django.conf import settings
from django.urls import reverse

from ocop.catalog.exports import DATASETS

LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
CSV_DIALECT = {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True, "lineTerminator": "\r\n"}


def _schema(fields) -> dict:
    columns = []
    for field in fields:
        column = {"name": field.name, "type": field.type, "description": str(field.description)}
        if field.format != "default":
            column["format"] = field.format
        columns.append(column)
    return {"fields": columns, "missingValues": [""]}


def descriptor(today) -> dict:
    """The datapackage.json of the open data as of TODAY (the files are generated live)."""
    site = settings.SITE_URL
    resources = []
    for slug, dataset in DATASETS.items():
        resources.append({
            "name": slug,
            "title": str(dataset.title),
            "path": f"{slug}.csv",  # beside datapackage.json under /du-lieu-mo/
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8-sig",  # UTF-8 with a byte order mark
            "dialect": CSV_DIALECT,
            "schema": _schema(dataset.fields),
        })
    return {
        "name": "ocop-du-lieu-mo",
        "title": "Dữ liệu mở Chương trình OCOP (Mỗi xã một sản phẩm)",
        "description": "Sản phẩm OCOP được công nhận, số liệu thống kê chính và dữ liệu theo trường OCOP quốc gia.",
        "homepage": site + reverse("catalog:open_data"),
        "version": today.isoformat(),
        "licenses": [LICENSE],
        "sources": [{"title": "Hệ thống thông tin quản lý Chương trình OCOP", "path": site + "/"}],
        "resources": resources,
    }
