"""Back-office building blocks: scoped Excel export, and workflow buttons on change pages.

A workflow admin gets one detail action per target status of its table (Unfold actions_detail);
get_actions_detail keeps only the moves that the workflow's declaration grants the user on
that record now. Each button opens a small form (the reason) that calls the transition service.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from unfold.decorators import action, display
from unfold.enums import ActionVariant
from unfold.widgets import UnfoldAdminTextareaWidget

from ocop.core.export_admin import TypedExportMixin
from ocop.core.history_admin import history_table
from ocop.core.transitions import check_offered
from ocop.cycle import workflow
from ocop.cycle.transitions import allowed_for

ScopedExportMixin = TypedExportMixin  # the export helper's admin export (core/export_admin.py)


class TransitionForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do, ý kiến gửi chủ thể"), required=False, widget=UnfoldAdminTextareaWidget(attrs={"rows": 4})
    )

    def __init__(self, *args, reason_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = reason_required


_VARIANTS = {"ok": ActionVariant.PRIMARY, "bad": ActionVariant.DANGER, "warn": ActionVariant.WARNING}


def _detail_action(kind: str, to: str):
    def move(self, request, object_id):
        return self.transition_view(request, object_id, to)

    move.__name__ = f"move_{to}"
    flow = workflow.WORKFLOWS[kind]
    return action(
        description=flow.action_label(None, to),
        url_path=f"move-{to}",
        variant=_VARIANTS.get(flow.tone(to), ActionVariant.DEFAULT),
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
            try:
                self.run_transition(obj, to=to, actor=request.user, reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
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
