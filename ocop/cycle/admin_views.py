"""The funnel page in the back office ("Phễu chu trình OCOP"), with its Excel download."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from unfold.widgets import UnfoldAdminIntegerFieldWidget, UnfoldAdminSelectWidget

from ocop.accounts import sidebar
from ocop.accounts.policy import office_scope
from ocop.accounts.scope import path_q
from ocop.cycle.exports import STAGE_LABELS, funnel_workbook
from ocop.cycle.selectors import funnel
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
