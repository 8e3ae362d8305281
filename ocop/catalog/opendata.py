"""Open data under /du-lieu-mo/: the page that documents each file's fields, and the files
themselves as CSV (UTF-8 with BOM, for spreadsheet programs) or JSON, streamed row by row."""

import csv
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ocop.catalog.exports import DATASETS
from ocop.catalog.selectors import today_local
from ocop.core.cells import csv_text

FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8"}


class _Line:
    """A write-only file for csv.writer: returns the line instead of storing it."""

    def write(self, value):
        return value


def csv_stream(fields, rows):
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow([f.name for f in fields])
    for row in rows:
        yield writer.writerow([csv_text(row[f.name]) for f in fields])


def json_stream(name, fields, rows, today):
    head = {"dataset": name, "generated_on": today.isoformat(), "fields": [f.name for f in fields]}
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "items": ['
    for index, row in enumerate(rows):
        yield ("," if index else "") + json.dumps(row, ensure_ascii=False, cls=DjangoJSONEncoder)
    yield "]}"


@require_GET
def open_data(request):
    datasets = [{"slug": slug, "title": title, "fields": fields} for slug, (fields, _rows, title) in DATASETS.items()]
    return render(request, "catalog/open_data.html", {"datasets": datasets})


@require_GET
def download(request, name, fmt):
    if name not in DATASETS or fmt not in FORMATS:
        raise Http404
    fields, build_rows, _title = DATASETS[name]
    today = today_local()
    rows = build_rows(today)
    stream = csv_stream(fields, rows) if fmt == "csv" else json_stream(name, fields, rows, today)
    response = StreamingHttpResponse(stream, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="ocop-{name}-{today:%Y%m%d}.{fmt}"'
    response["Cache-Control"] = "public, max-age=300"
    return response
