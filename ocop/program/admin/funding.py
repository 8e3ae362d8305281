"""Funding lines by source; the page of support received beside each producer's results."""

from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy as _
from unfold.contrib.filters.admin import ChoicesDropdownFilter

from ocop.program import admin_views
from ocop.program.admin.base import ProgramAdmin, ScopedForm
from ocop.program.models import FundingLine
from ocop.program.services.funding import FUNDING_FIELDS, funding_line_delete, funding_line_save


class FundingLineForm(ScopedForm):
    class Meta:
        model = FundingLine
        fields = FUNDING_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "unit" in self.fields:  # absent on read-only pages
            self.fields["unit"].required = False
            self.fields["unit"].help_text = _("Để trống với hỗ trợ cho chủ thể: ghi nhận tại xã của chủ thể.")

    def clean(self):
        year = self.cleaned_data.get("year")
        if year and not 2000 <= year <= 2100:
            self.add_error("year", _("Năm không hợp lệ."))
        producer = self.cleaned_data.get("producer")
        if not self.cleaned_data.get("unit"):
            if producer is None:
                self.add_error("unit", _("Chọn đơn vị, hoặc chủ thể được hỗ trợ."))
            else:
                self.cleaned_data["unit"] = producer.unit
        return super().clean()


@admin.register(FundingLine)
class FundingLineAdmin(ProgramAdmin):
    form = FundingLineForm
    service_save = ("line", funding_line_save)
    service_delete = ("line", funding_line_delete)
    list_display = ["year", "title", "source", "unit", "producer", "planned", "allocated", "disbursed"]
    list_filter = ["year", ("source", ChoicesDropdownFilter), ("department", admin.RelatedOnlyFieldListFilter)]
    list_filter_submit = True
    search_fields = ["title", "producer__name"]
    list_select_related = ["unit", "producer"]
    autocomplete_fields = ["unit", "producer", "plan", "task"]

    def get_urls(self):
        return [
            path("producers/", self.admin_site.admin_view(admin_views.producer_support), name="program_producer_support"),
            *super().get_urls(),
        ]
