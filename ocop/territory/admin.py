"""Back office for administrative units: reference data, loaded by `manage.py load_units`.

Every active staff user may look units up; only superusers may change them by hand.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from unfold.admin import ModelAdmin, TabularInline
from unfold.contrib.filters.admin import ChoicesDropdownFilter, ChoicesRadioFilter
from unfold.decorators import display

from ocop.lib.admin import ReadOnlyAdminMixin
from ocop.territory.models import AdminUnit, UnitSuccession
from ocop.territory.selectors import unit_candidates


class ReferenceDataAdminMixin:
    """Readable by any active staff user, writable by superusers only."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request, *args):
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


class _SuccessionInline(ReadOnlyAdminMixin, TabularInline):
    """Successions are produced by the loader from the data file; never edited here."""

    model = UnitSuccession
    extra = 0
    can_delete = False
    show_change_link = False

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff


class SuccessorInline(_SuccessionInline):
    fk_name = "predecessor"
    fields = readonly_fields = ["successor", "is_primary"]
    verbose_name = _("đơn vị kế thừa (hiện hành)")
    verbose_name_plural = pgettext_lazy("plural", "đơn vị kế thừa (hiện hành)")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("successor")
            .order_by("-is_primary", "successor__path")
        )


class PredecessorInline(_SuccessionInline):
    fk_name = "successor"
    fields = readonly_fields = ["predecessor", "is_primary"]
    verbose_name = _("đơn vị cũ được kế thừa")
    verbose_name_plural = pgettext_lazy("plural", "đơn vị cũ được kế thừa")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("predecessor").order_by("predecessor__path")


class FoldedSearchMixin:
    """Diacritic-insensitive search over AdminUnit.search_text ("dong nai" finds "Đồng Nai"),
    the names of the units above included ("phu hoa dong nai"). Pickers rank the same matches
    (ocop.inbox.admin_site.UnitAutocompleteJsonView)."""

    search_field_path = ""

    def get_search_results(self, request, queryset, search_term):
        return unit_candidates(queryset, search_term, field=self.search_field_path), False


@admin.register(AdminUnit)
class AdminUnitAdmin(ReferenceDataAdminMixin, FoldedSearchMixin, ModelAdmin):
    list_display = ["display_full_name", "code", "kind", "level", "generation", "parent"]
    list_filter = [
        ("generation", ChoicesRadioFilter),
        ("level", ChoicesRadioFilter),
        ("kind", ChoicesDropdownFilter),
    ]
    list_filter_submit = True
    search_fields = ["search_text"]  # enables the search box; the search itself is FoldedSearchMixin
    search_help_text = _("Tìm theo tên hoặc mã, có dấu hay không dấu (ví dụ: dong nai, 26068).")
    list_per_page = 50
    list_select_related = ["parent"]
    ordering = ["path"]
    autocomplete_fields = ["parent"]
    fields = [
        "generation",
        "level",
        "kind",
        "code",
        "name",
        "parent",
        "valid_from",
        "valid_to",
        "path",
        "current_path",
    ]
    readonly_fields = ["path", "current_path"]
    inlines = [SuccessorInline, PredecessorInline]

    @display(description=_("tên đầy đủ"), ordering="path")
    def display_full_name(self, obj):
        return obj.full_name

    def get_inlines(self, request, obj):
        if obj is None:
            return []
        return [SuccessorInline] if obj.generation == AdminUnit.Generation.LEGACY else [PredecessorInline]


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(ReferenceDataAdminMixin, FoldedSearchMixin, ModelAdmin):
    list_display = ["predecessor", "successor", "is_primary"]
    list_filter = [("predecessor__level", ChoicesRadioFilter), "is_primary"]
    list_filter_submit = True
    search_fields = ["predecessor__search_text"]
    search_help_text = _("Tìm theo tên hoặc mã đơn vị cũ, có dấu hay không dấu.")
    search_field_path = "predecessor__"
    list_per_page = 50
    list_select_related = ["predecessor", "successor"]
    ordering = ["predecessor__path", "-is_primary", "successor__path"]
    autocomplete_fields = ["predecessor", "successor"]
