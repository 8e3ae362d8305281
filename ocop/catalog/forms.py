"""Forms of the public site: the catalog's search and filters (GET), the fake report, the
certificate-code lookup. Invalid filter values are ignored one by one, never an error page."""

from django import forms
from django.core.cache import cache
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ocop.catalog.facets import STAR_CHOICES, sector_choices, set_choices
from ocop.catalog.models import FakeReport
from ocop.catalog.selectors import MAX_SEARCH_LENGTH, CatalogFilters
from ocop.registry.models import Producer
from ocop.territory.models import AdminUnit

ANY = [("", _("Tất cả"))]


def _attrs(attrs: dict) -> str:
    return "".join(name and (f" {name}" if value is True else format_html(' {}="{}"', name, value))
                   for name, value in attrs.items() if value is not False)


class QuickSelect(forms.Select):
    """Django's select, written out in Python: the same markup without one template render per
    option (the catalog's filters have ~100 options: 4 ms of every uncached catalog page)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"', widget["name"]), _attrs(widget["attrs"]), ">"]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            for option in options:
                parts += [format_html('\n  <option value="{}"', option["value"]), _attrs(option["attrs"]),
                          format_html(">{}</option>", option["label"])]
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 (every value above went through format_html)
SORT_CHOICES = [("stars", _("Hạng sao cao trước")), ("name", _("Tên A–Z")), ("new", _("Mới cập nhật"))]


UNITS_CACHE_SECONDS = 3600


def _units(level, parent_code: str = "") -> list[tuple[str, str]]:
    """(code, name) of current provinces, or of the communes of one province; cached an hour."""

    def load():
        units = AdminUnit.objects.filter(generation=AdminUnit.Generation.CURRENT, level=level)
        if parent_code:
            units = units.filter(parent__code=parent_code, parent__level=AdminUnit.Level.PROVINCE)
        return list(units.order_by("name").values_list("code", "name"))

    return cache.get_or_set(f"catalog:units:{level}:{parent_code}", load, UNITS_CACHE_SECONDS)


class CatalogFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm sản phẩm, chủ thể"), required=False, max_length=MAX_SEARCH_LENGTH,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("ví dụ: banh pia, dieu")}))
    sao = forms.TypedChoiceField(label=_("Hạng sao"), required=False, coerce=int, empty_value=None, widget=QuickSelect)
    nhom = forms.ChoiceField(label=_("Nhóm sản phẩm"), required=False, widget=QuickSelect)
    bo = forms.ChoiceField(label=_("Bộ sản phẩm"), required=False, widget=QuickSelect)
    tinh = forms.ChoiceField(label=_("Tỉnh, thành phố"), required=False, widget=QuickSelect)
    xa = forms.ChoiceField(label=_("Xã, phường"), required=False, widget=QuickSelect)
    loai = forms.ChoiceField(label=_("Loại hình chủ thể"), required=False, choices=ANY + list(Producer.Kind.choices), widget=QuickSelect)
    sap_xep = forms.ChoiceField(label=_("Sắp xếp"), required=False, choices=SORT_CHOICES, widget=QuickSelect)

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["sao"].choices = ANY + [(s, ngettext("%(n)s sao", "%(n)s sao", s) % {"n": s}) for s in STAR_CHOICES]
        self.fields["nhom"].choices = ANY + sector_choices()
        self.fields["bo"].choices = ANY + set_choices()
        provinces = _units(AdminUnit.Level.PROVINCE)
        self.fields["tinh"].choices = ANY + provinces
        province = (data or {}).get("tinh")
        communes = []
        if province and province in dict(provinces):
            communes = _units(AdminUnit.Level.COMMUNE, province)
        self.fields["xa"].choices = ANY + communes
        if not communes:
            self.fields["xa"].widget.attrs["disabled"] = True

    def filters(self) -> CatalogFilters:
        """The valid filters of the request (an invalid value drops that filter only)."""
        self.is_valid()
        data = self.cleaned_data
        return CatalogFilters(
            q=data.get("q") or "", stars=data.get("sao"), sector=data.get("nhom") or "",
            criteria_set=data.get("bo") or "", province=data.get("tinh") or "", commune=data.get("xa") or "",
            kind=data.get("loai") or "", sort=data.get("sap_xep") or "stars",
        )


class FakeReportForm(forms.ModelForm):
    # A field people do not see (hidden by the stylesheet): bots fill it in, people leave it empty.
    website = forms.CharField(label=_("Để trống ô này"), required=False)

    class Meta:
        model = FakeReport
        fields = ["where_seen", "certificate_code", "description", "reporter_name", "reporter_contact"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Vui lòng để trống ô này."))
        return ""
