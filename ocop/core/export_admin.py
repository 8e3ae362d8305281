"""The back-office list exports (django-import-export) through the export helper (spreadsheet.py).

* TypedResourceMixin: a resource's cells keep their type (a field without a dehydrate method
  exports its raw value, not the widget's text), and its dataset is named for the sheet.
* TypedXLSX: the .xlsx format, written by spreadsheet.table_xlsx (dates as dates in local time,
  bold header, codes as text) instead of tablib's all-text "Tablib Dataset".
* TypedExportMixin: the admin's export with that format, a Vietnamese file name with the local
  date and an RFC 6266 Content-Disposition; whoever may view the list may export it.
"""

from django.utils.text import capfirst
from import_export.admin import ExportMixin
from import_export.formats.base_formats import XLSX
from unfold.contrib.import_export.forms import ExportForm

from ocop.lib import spreadsheet


class TypedResourceMixin:
    """For django-import-export resources: typed cells, and a sheet named after the data."""

    sheet_title = None  # default: the model's plural name

    def export_field(self, field, instance, **kwargs):
        method = getattr(self, f"dehydrate_{self.get_field_name(field)}", None)
        value = method(instance) if method else field.get_value(instance)
        return spreadsheet.cell(value() if callable(value) else value)

    def export(self, *args, **kwargs):
        dataset = super().export(*args, **kwargs)
        dataset.title = spreadsheet.sheet_title(self.sheet_title or capfirst(self._meta.model._meta.verbose_name_plural))
        return dataset


class TypedXLSX(XLSX):
    def export_data(self, dataset, **kwargs):
        return spreadsheet.table_xlsx(dataset.title, dataset.headers, dataset)


class TypedExportMixin(ExportMixin):
    """Excel export of the (scoped, filtered) change list, for whoever may view the list."""

    export_form_class = ExportForm
    formats = [TypedXLSX]
    export_title = None  # default: the model's plural name

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_export_filename(self, request, queryset, file_format):
        title = self.export_title or capfirst(self.model._meta.verbose_name_plural)
        return spreadsheet.export_filename(title, file_format.get_extension())

    def _do_file_export(self, file_format, request, queryset, export_form=None):
        response = super()._do_file_export(file_format, request, queryset, export_form=export_form)
        return spreadsheet.attachment(response, self.get_export_filename(request, queryset, file_format))
