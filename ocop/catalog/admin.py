"""Back office of the catalog: the queue of fake reports to review, and products withdrawn from
the public catalog. Scoped like every unit-owned record; writes go through ocop.catalog.services."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin
from unfold.contrib.filters.admin import ChoicesDropdownFilter
from unfold.decorators import display

from ocop.accounts.scope import can_write_unit
from ocop.accounts.scoped_admin import ScopedAdminMixin
from ocop.catalog import services
from ocop.catalog.models import CatalogWithdrawal, FakeReport


class _WriteScope(ScopedAdminMixin):
    def can_write(self, request, unit) -> bool:
        if not ScopedAdminMixin.has_add_permission(self, request):
            return False
        return can_write_unit(request.user, unit, self.write_roles)


@admin.register(FakeReport)
class FakeReportAdmin(_WriteScope, ModelAdmin):
    list_display = ["__str__", "status_badge", "where_seen", "unit", "created_at"]
    list_filter = [("status", ChoicesDropdownFilter)]
    list_filter_submit = True
    list_select_related = ["product", "unit"]
    search_fields = ["where_seen", "certificate_code", "description", "product__search_text"]
    readonly_fields = ["product", "certificate_code", "unit", "where_seen", "description", "reporter_name",
                       "reporter_contact", "created_at", "reviewed_by", "reviewed_at"]
    fields = ["product", "certificate_code", "unit", "where_seen", "description", "reporter_name", "reporter_contact",
              "created_at", "status", "review_note", "reviewed_by", "reviewed_at"]

    @display(description=_("trạng thái"), label={
        FakeReport.Status.NEW: "warning", FakeReport.Status.CHECKING: "info",
        FakeReport.Status.CONFIRMED: "danger", FakeReport.Status.DISMISSED: "success",
    })
    def status_badge(self, obj):
        return obj.status, obj.get_status_display()

    def has_add_permission(self, request):
        return False  # reports come from the public form

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return ScopedAdminMixin.has_add_permission(self, request)
        return self.can_write(request, obj.unit)

    def has_delete_permission(self, request, obj=None):
        return False  # reports are kept

    def save_model(self, request, obj, form, change):
        services.fake_report_review(report=obj, actor=request.user, status=form.cleaned_data["status"],
                                    note=form.cleaned_data.get("review_note", ""))


@admin.register(CatalogWithdrawal)
class CatalogWithdrawalAdmin(_WriteScope, ModelAdmin):
    unit_field = "product__unit"
    list_display = ["product", "reason", "withdrawn_by", "created_at"]
    list_select_related = ["product", "withdrawn_by"]
    search_fields = ["product__search_text"]
    autocomplete_fields = ["product"]
    fields = ["product", "reason"]

    def get_readonly_fields(self, request, obj=None):
        return ["product", "reason"] if obj is not None else []

    def has_change_permission(self, request, obj=None):
        return obj is None and ScopedAdminMixin.has_add_permission(self, request)

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return ScopedAdminMixin.has_add_permission(self, request)
        return self.can_write(request, obj.product.unit)

    def save_model(self, request, obj, form, change):
        created = services.catalog_withdraw(product=obj.product, actor=request.user, reason=obj.reason)
        obj.pk = created.pk
        obj._state.adding = False

    def delete_model(self, request, obj):
        services.catalog_restore(withdrawal=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            services.catalog_restore(withdrawal=obj, actor=request.user)
