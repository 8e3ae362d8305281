"""Back-office pages and building blocks of the cycle app: the funnel page ("Phễu chu trình OCOP")
with its Excel download; the scoped Excel export; and workflow buttons on change pages.

A workflow admin gets one detail action per target status of its table (Unfold actions_detail);
get_actions_detail keeps only the moves that the workflow's declaration grants the user on
that record now. Each button opens a small form (the reason) that calls the transition service.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from unfold.decorators import action, display
from unfold.widgets import UnfoldAdminIntegerFieldWidget, UnfoldAdminSelectWidget, UnfoldAdminTextareaWidget

from ocop.accounts import sidebar
from ocop.accounts.policy import office_scope
from ocop.accounts.scope import path_q
from ocop.core.export_admin import TypedExportMixin
from ocop.core.history_admin import history_table
from ocop.core.service_errors import service_errors
from ocop.core.transitions import check_offered
from ocop.core.workflow import Workflow
from ocop.core.workflow_admin import button_variant, status_badge
from ocop.cycle import workflow
from ocop.cycle.exports import STAGE_LABELS, funnel_workbook
from ocop.cycle.selectors import funnel
from ocop.cycle.transitions import allowed_for
from ocop.lib import spreadsheet
from ocop.territory.models import AdminUnit


def can_see_cycle(request) -> bool:
    """Sidebar and pages: the cycle section (rule in ocop.accounts.sidebar)."""
    return sidebar.cycle(request)


def funnel_units(user, selected: AdminUnit | None):
    """Provinces in the user's scope, and the communes of the selected (or only) province."""
    prefixes = office_scope(user).read_prefixes
    current = AdminUnit.objects.filter(path_q(prefixes), generation=AdminUnit.Generation.CURRENT)
    provinces = list(current.filter(level=AdminUnit.Level.PROVINCE).order_by("path"))
    province = selected.parent if selected is not None and selected.level == AdminUnit.Level.COMMUNE else selected
    if province is None and len(provinces) == 1:
        province = provinces[0]
    communes = current.filter(level=AdminUnit.Level.COMMUNE)
    communes = communes.filter(parent=province) if province is not None else communes.filter(pk__in=[])
    if not provinces and province is None:
        communes = current.filter(level=AdminUnit.Level.COMMUNE)  # a commune officer: its own commune(s)
    return provinces, list(communes.order_by("path"))


class FunnelFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2018, max_value=2100, widget=UnfoldAdminIntegerFieldWidget)
    unit = forms.TypedChoiceField(label=_("Đơn vị"), required=False, coerce=int, empty_value=None,
                                  widget=UnfoldAdminSelectWidget)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", _("Toàn bộ phạm vi"))] + [
            (u.pk, ("— " if u.level == AdminUnit.Level.COMMUNE else "") + u.full_name) for u in units
        ]


def funnel_view(request):
    if not can_see_cycle(request):
        raise PermissionDenied
    data = {"year": timezone.localdate().year, **request.GET.dict()}
    unit_id = data.get("unit") or None
    selected = AdminUnit.objects.filter(pk=unit_id).select_related("parent").first() if str(unit_id).isdigit() else None
    provinces, communes = funnel_units(request.user, selected)
    form = FunnelFilterForm(data, units=[*provinces, *communes])
    year, unit = timezone.localdate().year, None
    if form.is_valid():
        year = form.cleaned_data["year"]
        unit = selected if form.cleaned_data["unit"] else None
    result = funnel(user=request.user, year=year, unit=unit)
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(funnel_workbook(result), content_type=spreadsheet.XLSX)
        title = _("Phễu chu trình OCOP %(year)s") % {"year": year}
        return spreadsheet.attachment(response, spreadsheet.export_filename(title, "xlsx"))
    context = {
        **admin.site.each_context(request),
        "title": _("Phễu chu trình OCOP"),
        "form": form,
        "funnel": result,
        "stage_labels": [STAGE_LABELS[s] for s in result.stages],
        "export_query": request.GET.urlencode(),
    }
    return TemplateResponse(request, "cycle/admin/funnel.html", context)


ScopedExportMixin = TypedExportMixin  # the export helper's admin export (core/export_admin.py)


class TransitionForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do, ý kiến gửi chủ thể"), required=False, widget=UnfoldAdminTextareaWidget(attrs={"rows": 4})
    )

    def __init__(self, *args, reason_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = reason_required



def _detail_action(kind: str, to: str):
    def move(self, request, object_id):
        return self.transition_view(request, object_id, to)

    move.__name__ = f"move_{to}"
    flow = workflow.WORKFLOWS[kind]
    return action(
        description=flow.action_label(None, to),
        url_path=f"move-{to}",
        variant=button_variant(flow.tone(to)),
    )(move)


def with_transitions(cls):
    """Class decorator: add a detail action per target status of cls.workflow_kind."""
    targets = workflow.WORKFLOWS[cls.workflow_kind].targets()
    for to in targets:
        setattr(cls, f"move_{to}", _detail_action(cls.workflow_kind, to))
    cls.actions_detail = [f"move_{to}" for to in targets]
    return cls


class WorkflowAdminMixin:
    workflow_kind: str = ""
    status_label = status_badge()

    @property
    def workflow_flow(self) -> Workflow:
        return workflow.WORKFLOWS[self.workflow_kind]

    def run_transition(self, obj, *, to: str, actor, reason: str):
        """Call the workflow's transition service (one per workflow)."""
        raise NotImplementedError

    def get_actions_detail(self, request, object_id):
        actions = super().get_actions_detail(request, object_id)
        obj = self.get_object(request, object_id)
        if obj is None:
            return []
        allowed = {f"move_{to}" for to in allowed_for(self.workflow_kind, obj, request.user)}
        return [a for a in actions if a.method.__name__ in allowed]

    def transition_view(self, request, object_id, to):
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404
        flow = workflow.WORKFLOWS[self.workflow_kind]
        check_offered(flow, obj.status, to, allowed_for(self.workflow_kind, obj, request.user))
        form = TransitionForm(
            request.POST if request.method == "POST" else None,
            reason_required=flow.requires_reason(obj.status, to),
        )
        if request.method == "POST" and form.is_valid():
            with service_errors(form):
                self.run_transition(obj, to=to, actor=request.user, reason=form.cleaned_data["reason"])
                messages.success(request, _("Đã chuyển «%(obj)s» sang «%(to)s».") % {
                    "obj": obj, "to": flow.label(to),
                })
                opts = self.model._meta
                return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": obj,
            "title": flow.action_label(obj.status, to),
            "form": form,
            "to_label": flow.label(to),
        }
        return TemplateResponse(request, "cycle/admin/transition_form.html", context)

    @display(description=_("Lịch sử xử lý"))
    def transition_history(self, obj):
        return history_table(obj)
