"""Open data under /du-lieu-mo/: the page that documents each file's fields and licence, the
Frictionless descriptor (datapackage.json), and the files themselves, streamed row by row:

* CSV: UTF-8 with a byte order mark, comma, CRLF, text fields quoted (numbers are not): for
  programs, with datapackage.json giving each column's type. Spreadsheet programs guess types
  and encodings on their own (LibreOffice asks for the character set, and both turn "07" into 7),
  so for them there is
* .xlsx: the same rows through the export helper (core/spreadsheet.py): codes are text with their
  leading zeros, numbers are numbers, dates are dates; LibreOffice and Excel open it as is.
* JSON: {"dataset", "generated_on", "fields", "items"}.
"""

import csv
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ocop.catalog.datapackage import LICENSE, descriptor
from ocop.catalog.exports import DATASETS
from ocop.catalog.selectors import today_local
from ocop.lib import spreadsheet
from ocop.lib.cells import csv_text

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "xlsx": spreadsheet.XLSX,
}


class _Line:
    """A write-only file for csv.writer: returns the line instead of storing it."""

    def write(self, value):
        return value


def _csv_value(value):
    if value is None:
        return ""
    return csv_text(value) if isinstance(value, str) else value


def csv_stream(fields, rows):
    writer = csv.writer(_Line(), quoting=csv.QUOTE_NONNUMERIC)
    yield "\ufeff" + writer.writerow([f.name for f in fields])
    for row in rows:
        yield writer.writerow([_csv_value(row[f.name]) for f in fields])


def json_stream(name, fields, rows, today):
    head = {"dataset": name, "generated_on": today.isoformat(), "fields": [f.name for f in fields]}
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "items": ['
    for index, row in enumerate(rows):
        yield ("," if index else "") + json.dumps(row, ensure_ascii=False, cls=DjangoJSONEncoder)
    yield "]}"


@require_GET
def open_data(request):
    datasets = [{"slug": slug, "title": d.title, "fields": d.fields} for slug, d in DATASETS.items()]
    return render(request, "catalog/open_data.html", {"datasets": datasets, "license": LICENSE})


@require_GET
def datapackage(request):
    response = JsonResponse(descriptor(today_local()), json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
def download(request, name, fmt):
    if name not in DATASETS or fmt not in FORMATS:
        raise Http404
    dataset = DATASETS[name]
    today = today_local()
    rows = dataset.rows(today)
    if fmt == "xlsx":
        headers = [f.name for f in dataset.fields]
        data = spreadsheet.table_xlsx(dataset.short_title, headers, ([r[h] for h in headers] for r in rows))
        response = HttpResponse(data, content_type=FORMATS[fmt])
    else:
        stream = csv_stream(dataset.fields, rows) if fmt == "csv" else json_stream(name, dataset.fields, rows, today)
        response = StreamingHttpResponse(stream, content_type=FORMATS[fmt])
    spreadsheet.attachment(response, spreadsheet.export_filename(dataset.short_title, fmt, today))
    response["Cache-Control"] = "public, max-age=300"
    return response
