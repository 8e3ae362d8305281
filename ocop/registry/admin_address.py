"""Back office: the producers' requests to correct their commune or address. The officer of the
requested commune sees them (scoped) and confirms or rejects each through the registry service."""

from django import forms
from django.contrib import admin, messages
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin
from unfold.contrib.filters.admin import ChoicesDropdownFilter
from unfold.decorators import action

from ocop.accounts.scoped_admin import ScopedAdminMixin
from ocop.core.service_errors import service_errors
from ocop.lib.admin import ReadOnlyAdminMixin
from ocop.registry import services
from ocop.registry.models import AddressChangeRequest


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Xử lý"), widget=forms.RadioSelect, choices=[
        ("confirm", _("Xác nhận: chuyển chủ thể sang xã, địa chỉ đề nghị")), ("reject", _("Từ chối"))])
    decision_note = forms.CharField(label=_("Ý kiến của xã"), max_length=500, required=False,
                                    help_text=_("Bắt buộc khi từ chối."))


@admin.register(AddressChangeRequest)
class AddressChangeRequestAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, ModelAdmin):
    # Decided through the "Xử lý" action only.
    unit_field = "unit"
    list_display = ["producer", "old_unit", "unit", "address", "status", "requested_at"]
    list_filter = [("status", ChoicesDropdownFilter)]
    list_select_related = ["producer", "old_unit", "unit"]
    readonly_fields = ["producer", "old_unit", "old_address", "unit", "address", "reason", "status",
                       "requested_by", "requested_at", "decided_by", "decided_at", "decision_note"]
    fields = readonly_fields
    actions_detail = ["decide"]
    list_per_page = 50

    def has_decide_permission(self, request, object_id=None):
        request_obj = self.get_object(request, object_id) if object_id else None
        if object_id and request_obj is None:
            raise Http404
        user = request.user
        if not (user.is_active and user.is_staff and self._has_role(request, self.write_roles)):
            return False
        if request_obj is None or user.is_superuser:
            return True
        unit = request_obj.unit
        return request_obj.status == AddressChangeRequest.Status.PENDING and self._scope(request).can_write_path(
            unit.path, unit.current_path)

    @action(description=_("Xử lý đề nghị"), url_path="decide", permissions=["decide"], icon="fact_check")
    def decide(self, request, object_id):
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404
        back = reverse("admin:registry_addresschangerequest_change", args=[obj.pk])
        form = DecisionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            with service_errors(form):
                services.address_change_decide(request=obj, actor=request.user,
                                               confirm=form.cleaned_data["decision"] == "confirm",
                                               note=form.cleaned_data["decision_note"])
                messages.success(request, _("Đã xử lý đề nghị."))
                return HttpResponseRedirect(back)
        context = {
            **self.admin_site.each_context(request), "opts": self.model._meta, "title": _("Xử lý đề nghị sửa địa chỉ"),
            "form": form, "back": back, "submit_label": _("Lưu"),
            "intro": _("%(producer)s đề nghị chuyển từ «%(old)s» sang «%(address)s %(new)s». Lý do: %(reason)s") % {
                "producer": obj.producer, "old": f"{obj.old_address} {obj.old_unit.full_name}".strip(),
                "address": obj.address, "new": obj.unit.full_name, "reason": obj.reason},
        }
        return TemplateResponse(request, "certificates/admin/action_form.html", context)
