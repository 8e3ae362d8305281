"""The audit log in the back office (core.AuditEvent, read-only, in the reader's scope). It lives with
the scoped admin in accounts, since core sits below accounts (docs/architecture.md, "Layers")."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin
from unfold.contrib.filters.admin import RangeDateTimeFilter

from ocop.accounts.scoped_admin import ScopedAdminMixin
from ocop.core.audit import AuditAction, action_label, workflow_actions
from ocop.core.models import AuditEvent
from ocop.lib.admin import ReadOnlyAdminMixin


class ActionFilter(admin.SimpleListFilter):
    """Every action of the vocabulary by its name (ocop.core.audit), stored values as they are."""

    title = _("thao tác")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        return [*AuditAction.choices, *workflow_actions()]

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, ModelAdmin):
    """The audit log: readable in scope, never editable or deletable."""

    list_display = ["occurred_at", "action_name", "actor_repr", "target_repr", "unit"]
    list_filter = [("occurred_at", RangeDateTimeFilter), ActionFilter, "target_type"]
    list_filter_submit = True
    search_fields = ["action", "actor_repr", "target_repr", "message"]
    list_select_related = ["unit", "target_type"]
    list_per_page = 50
    date_hierarchy = "occurred_at"
    readonly_fields = [
        "occurred_at", "actor", "actor_repr", "action", "action_name", "target_type", "target_id", "target_repr",
        "unit", "message", "before", "after",
    ]
    fieldsets = [
        (None, {"fields": ["occurred_at", "action_name", "action", "actor", "actor_repr", "unit"]}),
        (_("Đối tượng"), {"fields": ["target_type", "target_id", "target_repr", "message"]}),
        (_("Thay đổi"), {"fields": ["before", "after"]}),
    ]

    @admin.display(description=_("thao tác"), ordering="action")
    def action_name(self, obj):
        return action_label(obj.action)
