"""Plans with their targets and periods; the dashboard pages hang off PlanAdmin's URLs."""

from django.contrib import admin
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from unfold.decorators import display

from ocop.accounts.roles import PLANNERS
from ocop.lib.admin import ReadOnlyAdminMixin
from ocop.program import admin_views
from ocop.program.admin.base import ProgramAdmin, ProgramTabularInline, ScopedForm
from ocop.program.models import IndicatorValue, Plan, ReportingPeriod, Target
from ocop.program.services.plans import (
    PLAN_FIELDS,
    TARGET_FIELDS,
    plan_delete,
    plan_save,
    target_delete,
    target_save,
)
from ocop.program.templatetags.program_tags import dashboard_url


class PlanForm(ScopedForm):
    class Meta:
        model = Plan
        fields = PLAN_FIELDS


class TargetInline(ProgramTabularInline):
    model = Target
    fields = TARGET_FIELDS
    service_save = ("target", target_save)
    service_delete = ("target", target_delete)


class PeriodInline(ProgramTabularInline):
    model = ReportingPeriod
    fields = ["label", "starts_on", "ends_on", "closed_at", "closed_by", "dashboard_link"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @display(description=_("Bảng theo dõi"))
    def dashboard_link(self, obj):
        return format_html('<a class="text-primary-600" href="{}">{}</a>', dashboard_url(
            unit=obj.plan.unit, generation="current", period=obj), _("Mở"))


@admin.register(Plan)
class PlanAdmin(ProgramAdmin):
    form = PlanForm
    write_roles = PLANNERS
    service_save = ("plan", plan_save)
    service_delete = ("plan", plan_delete)
    list_display = ["title", "unit", "kind", "starts_on", "ends_on", "doc_number", "dashboard_link"]
    list_filter = ["kind"]
    search_fields = ["title", "doc_number", "doc_title"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    inlines = [TargetInline, PeriodInline]
    fieldsets = [
        (None, {"fields": ["unit", "kind", "title", "starts_on", "ends_on"]}),
        (_("Văn bản"), {"fields": ["doc_number", "doc_date", "doc_title", "doc_issuer"]}),
        (_("Định hướng, ghi chú"), {"fields": ["orientation", "note"]}),
    ]

    def get_urls(self):
        site = self.admin_site
        return [
            path("dashboard/", site.admin_view(admin_views.dashboard), name="program_dashboard"),
            path("dashboard/trends/", site.admin_view(admin_views.dashboard_trends), name="program_dashboard_trends"),
            path("dashboard/export.<str:fmt>", site.admin_view(admin_views.dashboard_export),
                 name="program_dashboard_export"),
            path("period/<int:pk>/close/", site.admin_view(admin_views.period_close_view), name="program_period_close"),
            path("period/<int:pk>/reopen/", site.admin_view(admin_views.period_reopen_view), name="program_period_reopen"),
            *super().get_urls(),
        ]

    @display(description=_("Bảng theo dõi"))
    def dashboard_link(self, obj):
        whole = next((p for p in obj.periods.all() if p.spans_plan), None)
        return format_html('<a class="text-primary-600" href="{}">{}</a>',
                           dashboard_url(unit=obj.unit, generation="current", period=whole), _("Mở"))

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("periods")


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ReadOnlyAdminMixin, ProgramAdmin):
    """The frozen figures of closed periods: read-only."""

    unit_field = "period__plan__unit"
    list_display = ["period", "indicator", "unit", "value", "closed_at"]
    list_filter = ["indicator"]
    list_select_related = ["period__plan", "unit"]
    readonly_fields = ["period", "indicator", "generation", "unit", "value", "numerator", "denominator", "closed_at"]
