"""Departments and their tasks; a task's page carries its workflow buttons and progress notes."""

from datetime import timedelta

from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy as _
from unfold.contrib.filters.admin import ChoicesDropdownFilter, RangeDateFilter
from unfold.decorators import display

from ocop.accounts.policy import task_roles
from ocop.accounts.roles import TASK_MANAGERS
from ocop.core import workflow_admin
from ocop.core.history_admin import history_table
from ocop.lib.formatting import short_date
from ocop.program import admin_views, workflow
from ocop.program.admin.base import ProgramAdmin, ProgramTabularInline, ScopedForm
from ocop.program.forms import TaskMoveForm, TaskNoteForm
from ocop.program.models import Department, DepartmentTask, Plan, Target, TaskNote
from ocop.program.services.tasks import (
    DEPARTMENT_FIELDS,
    TASK_FIELDS,
    department_delete,
    department_save,
    task_allowed_moves,
    task_delete,
    task_save,
)


class DepartmentForm(ScopedForm):
    class Meta:
        model = Department
        fields = DEPARTMENT_FIELDS


@admin.register(Department)
class DepartmentAdmin(ProgramAdmin):
    form = DepartmentForm
    write_roles = TASK_MANAGERS
    service_save = ("department", department_save)
    service_delete = ("department", department_delete)
    list_display = ["name", "short_name", "kind", "unit", "email", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]


class TaskForm(ScopedForm):
    scope_unit = "lead"

    class Meta:
        model = DepartmentTask
        fields = TASK_FIELDS

    def unit_from(self, cleaned):
        lead = cleaned.get("lead")
        return lead.unit if lead else None


class DueFilter(admin.SimpleListFilter):
    """Open tasks past their deadline, or due within the reminder window."""

    title = _("hạn")
    parameter_name = "due"

    def lookups(self, request, model_admin):
        return [("overdue", _("Quá hạn")), ("soon", _("Đến hạn trong %(days)s ngày") % {
            "days": workflow.REMIND_DAYS_BEFORE})]

    def queryset(self, request, queryset):
        today = _today()
        open_tasks = queryset.filter(status__in=sorted(workflow.OPEN))
        if self.value() == "overdue":
            return queryset.filter(workflow.overdue_q(today))
        if self.value() == "soon":
            return open_tasks.filter(deadline__gte=today,
                                     deadline__lte=today + timedelta(days=workflow.REMIND_DAYS_BEFORE))
        return queryset


class NoteInline(ProgramTabularInline):
    model = TaskNote
    fields = ["at", "author_repr", "progress", "text"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DepartmentTask)
class DepartmentTaskAdmin(ProgramAdmin):
    form = TaskForm
    write_roles = TASK_MANAGERS
    service_delete = ("task", task_delete)
    list_display = ["title", "lead", "deadline_badge", "status_badge", "progress", "completed_on", "unit"]
    list_filter = [DueFilter, ("status", ChoicesDropdownFilter), ("deadline", RangeDateFilter),
                   ("lead", admin.RelatedOnlyFieldListFilter)]
    list_filter_submit = True
    search_fields = ["title", "description", "source"]
    list_select_related = ["lead", "unit"]
    autocomplete_fields = ["plan"]
    filter_horizontal = ["supporting", "targets"]
    readonly_fields = ["status", "progress", "completed_on", "transition_history"]
    inlines = [NoteInline]
    change_form_outer_before_template = "program/admin/task_panel.html"
    fieldsets = [
        (None, {"fields": ["title", "description", "source", "plan"]}),
        (_("Phân công"), {"fields": ["lead", "supporting", "targets", "starts_on", "deadline"]}),
        (_("Thực hiện"), {"fields": ["status", "progress", "completed_on", "transition_history"]}),
    ]

    def get_urls(self):
        site = self.admin_site
        return [
            path("<int:pk>/move/", site.admin_view(admin_views.task_move), name="program_task_move"),
            path("<int:pk>/note/", site.admin_view(admin_views.task_note), name="program_task_note"),
            *super().get_urls(),
        ]

    status_badge = workflow_admin.status_badge(workflow.TASK, description=_("Trạng thái"))

    @display(description=_("Lịch sử xử lý"))
    def transition_history(self, obj):
        return history_table(obj)

    @display(description=_("Hạn"), ordering="deadline", label={"overdue": "danger", "soon": "warning", "ok": "info"})
    def deadline_badge(self, obj):
        today = _today()
        if workflow.is_overdue(obj.status, obj.deadline, today):
            key = "overdue"
        elif workflow.is_due_soon(obj.status, obj.deadline, today):
            key = "soon"
        else:
            key = "ok"
        return key, short_date(obj.deadline)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        registry = self.admin_site._registry
        if db_field.name == "supporting":
            kwargs["queryset"] = registry[Department].get_queryset(request)
        elif db_field.name == "targets":
            plans = registry[Plan].get_queryset(request)
            kwargs["queryset"] = Target.objects.filter(plan__in=plans).select_related("plan")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "lead":
            kwargs["queryset"] = self.admin_site._registry[Department].get_queryset(request).filter(is_active=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        # Many-to-many choices go with the task to its service, which checks their province.
        task_save(task=obj, actor=request.user, supporting=form.cleaned_data.get("supporting"),
                  targets=form.cleaned_data.get("targets"))

    def save_related(self, request, form, formsets, change):
        for formset in formsets:
            self.save_formset(request, form, formset, change)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra = {**(extra_context or {})}
        obj = self.get_object(request, object_id)
        if obj is not None:
            moves = task_allowed_moves(obj, request.user)
            extra["task_moves"] = [
                (to, workflow.TASK.action_label(obj.status, to), workflow.TASK.requires_reason(obj.status, to))
                for to in moves
            ]
            extra["task_today_overdue"] = workflow.is_overdue(obj.status, obj.deadline, _today())
            can_note = obj.status in workflow.OPEN and bool(task_roles(request.user, obj))
            extra["task_note_form"] = TaskNoteForm() if can_note else None
            extra["task_move_form"] = TaskMoveForm()
            extra["task_completion_hint"] = next(
                (r for r in (workflow.completion_refusal(to, obj.progress) for to in moves) if r), None)
        return super().change_view(request, object_id, form_url, extra)


def _today():
    from django.utils import timezone

    return timezone.localdate()
