"""Back office of the cycle ("Chu trình OCOP" in the sidebar).

Calendars are edited by the province office only; publicity by any office role in its unit;
ideas, plans and verifications are read-only pages whose buttons are the workflow's moves;
implementations take milestones and support lines. Every list exports to Excel, in scope.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import path
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin, TabularInline
from unfold.contrib.filters.admin import ChoicesDropdownFilter, RangeDateFilter
from unfold.decorators import display

from ocop.accounts.scope import can_write_unit
from ocop.accounts.scoped_admin import ParentScopedInlineMixin, ScopedAdminMixin
from ocop.cycle import exports, services, transitions, workflow
from ocop.cycle.admin_views import ScopedExportMixin, WorkflowAdminMixin, funnel_view, with_transitions
from ocop.cycle.models import (
    BusinessPlan,
    Cycle,
    CycleStep,
    Implementation,
    Milestone,
    ProducerVerification,
    ProductIdea,
    PublicityActivity,
    SupportReceived,
)
from ocop.lib.admin import ReadOnlyAdminMixin
from ocop.lib.formatting import grouped


class ParentWriteInlineMixin(ParentScopedInlineMixin):
    """Inline rights follow the parent admin's; rows are never deleted here (history matters)."""

    inline_can_delete = False


class CycleStepInline(ParentWriteInlineMixin, TabularInline):
    model = CycleStep
    extra = 0
    max_num = 6
    fields = ["step", "starts_on", "ends_on", "focus"]
    readonly_fields = ["step"]

    def has_add_permission(self, request, obj=None):
        return False  # the six steps are created with the cycle


class CycleForm(forms.ModelForm):
    class Meta:
        model = Cycle
        fields = ["year", "unit"]

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None and cleaned.get("year") and cleaned.get("unit"):
            try:
                services.cycle_check_open(year=cleaned["year"], unit=cleaned["unit"], actor=self.actor)
            except PermissionDenied as exc:
                raise ValidationError(str(exc)) from exc
        return cleaned

    def validate_unique(self):
        pass  # cycle_check_open says it in Vietnamese


@admin.register(Cycle)
class CycleAdmin(ScopedAdminMixin, ScopedExportMixin, ModelAdmin):
    resource_classes = [exports.CycleResource]
    write_roles = services.CALENDAR_ROLES
    form = CycleForm
    list_display = ["__str__", "year", "unit", "created_at"]
    list_filter = ["year"]
    search_fields = ["unit__search_text"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    inlines = [CycleStepInline]
    list_per_page = 50

    def get_urls(self):
        return [path("funnel/", self.admin_site.admin_view(funnel_view), name="cycle_funnel"), *super().get_urls()]

    def get_readonly_fields(self, request, obj=None):
        return ["year", "unit"] if obj else []

    def get_inlines(self, request, obj):
        return self.inlines if obj else []

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.actor = request.user
        return form

    def save_model(self, request, obj, form, change):
        if not change:
            cycle = services.cycle_open(year=obj.year, unit=obj.unit, actor=request.user)
            obj.pk, obj.created_at, obj.updated_at = cycle.pk, cycle.created_at, cycle.updated_at

    def save_formset(self, request, form, formset, change):
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for step_form in formset.forms:
            if step_form.has_changed() and step_form.instance.pk:
                data = step_form.cleaned_data
                step = services.cycle_step_update(step=step_form.instance, actor=request.user,
                                                  starts_on=data["starts_on"], ends_on=data["ends_on"],
                                                  focus=data.get("focus", ""))
                formset.changed_objects.append((step, step_form.changed_data))

    def has_delete_permission(self, request, obj=None):
        return False


# --- Step 1: publicity --------------------------------------------------------------------------

class PublicityActivityForm(forms.ModelForm):
    class Meta:
        model = PublicityActivity
        fields = services.PUBLICITY_FIELDS

    def clean_unit(self):
        unit = self.cleaned_data["unit"]
        if not (self.actor.is_superuser or can_write_unit(self.actor, unit)):
            raise ValidationError(_("Đơn vị này nằm ngoài phạm vi quản lý của bạn."))
        return unit


@admin.register(PublicityActivity)
class PublicityActivityAdmin(ScopedAdminMixin, ScopedExportMixin, ModelAdmin):
    resource_classes = [exports.PublicityActivityResource]
    form = PublicityActivityForm
    list_display = ["date", "title", "kind", "unit", "participants"]
    list_filter = [("kind", ChoicesDropdownFilter), ("date", RangeDateFilter)]
    list_filter_submit = True
    search_fields = ["title", "unit__search_text"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    date_hierarchy = "date"
    list_per_page = 50

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.actor = request.user
        return form

    def save_model(self, request, obj, form, change):
        services.publicity_activity_save(activity=obj, actor=request.user)

    def has_delete_permission(self, request, obj=None):
        return False


# --- Workflows: verification, ideas, plans, implementations --------------------------------------

class ReadOnlyWorkflowAdmin(ReadOnlyAdminMixin, WorkflowAdminMixin, ScopedAdminMixin, ScopedExportMixin, ModelAdmin):
    """Records created in the portal; the back office only moves them through their workflow."""

    list_per_page = 50
    list_filter_submit = True

    def get_readonly_fields(self, request, obj=None):
        return [*self.get_fields(request, obj)]


@admin.register(ProducerVerification)
@with_transitions
class ProducerVerificationAdmin(ReadOnlyWorkflowAdmin):
    workflow_kind = workflow.VERIFICATION
    unit_field = "producer__unit"
    resource_classes = [exports.ProducerVerificationResource]
    list_display = ["producer", "producer_unit", "status_label", "created_at"]
    list_filter = [("status", ChoicesDropdownFilter)]
    search_fields = ["producer__search_text"]
    list_select_related = ["producer__unit"]
    fields = ["producer", "producer_details", "status", "status_note", "requested_by", "created_at",
              "decided_at", "transition_history"]

    def run_transition(self, obj, *, to, actor, reason):
        return transitions.verification_transition(verification=obj, to=to, actor=actor, reason=reason)

    @display(description=_("xã, phường"), ordering="producer__unit__path")
    def producer_unit(self, obj):
        return obj.producer.unit.full_name

    @display(description=_("thông tin đăng ký"))
    def producer_details(self, obj):
        p = obj.producer
        return " · ".join(str(x) for x in [p.get_kind_display(), p.tax_code, p.rep_name, p.unit.full_name,
                                          p.address, p.phone, p.email] if x)


@admin.register(ProductIdea)
@with_transitions
class ProductIdeaAdmin(ReadOnlyWorkflowAdmin):
    workflow_kind = workflow.IDEA
    unit_field = "producer__unit"
    resource_classes = [exports.ProductIdeaResource]
    list_display = ["proposed_name", "producer", "producer_unit", "year", "set_code", "status_label", "assisted"]
    list_filter = [("status", ChoicesDropdownFilter), "year", ("criteria_set", ChoicesDropdownFilter), "assisted"]
    search_fields = ["proposed_name", "producer__search_text"]
    list_select_related = ["producer__unit"]
    fields = ["producer", "year", "proposed_name", "criteria_set", "description", "expected_market", "status",
              "status_note", "assisted", "consent_recorded", "consent_note", "created_by", "submitted_at",
              "decided_at", "transition_history"]

    def run_transition(self, obj, *, to, actor, reason):
        return transitions.idea_transition(idea=obj, to=to, actor=actor, reason=reason)

    @display(description=_("bộ SP"), ordering="criteria_set")
    def set_code(self, obj):
        return obj.criteria_set

    @display(description=_("xã, phường"), ordering="producer__unit__path")
    def producer_unit(self, obj):
        return obj.producer.unit.full_name


@admin.register(BusinessPlan)
@with_transitions
class BusinessPlanAdmin(ReadOnlyWorkflowAdmin):
    workflow_kind = workflow.PLAN
    unit_field = "idea__producer__unit"
    resource_classes = [exports.BusinessPlanResource]
    list_display = ["__str__", "producer", "status_label", "capital_total_display", "submitted_at"]
    list_filter = [("status", ChoicesDropdownFilter), "idea__year"]
    search_fields = ["idea__proposed_name", "idea__producer__search_text"]
    list_select_related = ["idea__producer__unit"]
    fields = ["idea", "summary", "capital_own", "capital_loan", "capital_state", "capital_other", "timeline",
              "market_plan", "status", "status_note", "assisted", "created_by", "submitted_at", "decided_at",
              "transition_history"]

    def run_transition(self, obj, *, to, actor, reason):
        return transitions.plan_transition(plan=obj, to=to, actor=actor, reason=reason)

    @display(description=_("chủ thể"), ordering="idea__producer__name")
    def producer(self, obj):
        return obj.idea.producer

    @display(description=_("tổng vốn (đồng)"))
    def capital_total_display(self, obj):
        return grouped(round(obj.capital_total or 0))


class MilestoneInline(ParentWriteInlineMixin, TabularInline):
    model = Milestone
    extra = 0
    fields = ["title", "due", "done_on", "note"]


class SupportReceivedInline(ParentWriteInlineMixin, TabularInline):
    model = SupportReceived
    extra = 0
    fields = ["kind", "provider", "amount", "date", "note"]


@admin.register(Implementation)
@with_transitions
class ImplementationAdmin(WorkflowAdminMixin, ScopedAdminMixin, ScopedExportMixin, ModelAdmin):
    workflow_kind = workflow.IMPLEMENTATION
    unit_field = "plan__idea__producer__unit"
    resource_classes = [exports.ImplementationResource]
    list_display = ["__str__", "producer", "status_label", "started_on", "completed_on"]
    list_filter = [("status", ChoicesDropdownFilter), ("started_on", RangeDateFilter)]
    list_filter_submit = True
    search_fields = ["plan__idea__proposed_name", "plan__idea__producer__search_text"]
    list_select_related = ["plan__idea__producer__unit"]
    fields = ["plan", "status", "status_note", "started_on", "completed_on", "transition_history"]
    readonly_fields = fields
    inlines = [MilestoneInline, SupportReceivedInline]
    list_per_page = 50

    def run_transition(self, obj, *, to, actor, reason):
        return transitions.implementation_transition(implementation=obj, to=to, actor=actor, reason=reason)

    def has_add_permission(self, request):
        return False  # opened by approving a plan

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        # ScopedAdminMixin derives "change" from "add", which is closed here: check directly.
        if obj is not None and not workflow.WORKFLOWS[self.workflow_kind].is_editable(obj.status):
            return False
        if not ScopedAdminMixin.has_add_permission(self, request):
            return False
        return obj is None or request.user.is_superuser or can_write_unit(request.user, self._object_unit(obj))

    @display(description=_("chủ thể"), ordering="plan__idea__producer__name")
    def producer(self, obj):
        return obj.plan.idea.producer

    def save_model(self, request, obj, form, change):
        pass  # the implementation's own fields are read-only here

    def save_formset(self, request, form, formset, change):
        save = services.milestone_save if formset.model is Milestone else services.support_save
        key = "milestone" if formset.model is Milestone else "support"
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for item_form in formset.forms:
            if item_form.has_changed() and not item_form.cleaned_data.get("DELETE"):
                is_new = item_form.instance.pk is None
                item = save(**{key: item_form.instance}, implementation=form.instance, actor=request.user)
                if is_new:
                    formset.new_objects.append(item)
                else:
                    formset.changed_objects.append((item, item_form.changed_data))
