"""Back office for the registry. Lists and objects are scoped (ScopedAdminMixin); every save and
delete goes through ocop.registry.services; every list exports to Excel within the user's scope."""

from django.contrib import admin
from django.db.models import Count, F, Q
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin, TabularInline
from unfold.contrib.filters.admin import AutocompleteSelectFilter, ChoicesDropdownFilter
from unfold.decorators import action, display

from ocop.accounts.scoped_admin import ScopedAdminMixin
from ocop.core.audit import action_label
from ocop.core.audit_history import AuditHistoryAdminMixin, events_of
from ocop.core.export_admin import TypedExportMixin
from ocop.core.service_errors import service_errors
from ocop.lib.formatting import actor_name, short_datetime
from ocop.lib.text import fold
from ocop.registry import admin_export, admin_views, services
from ocop.registry.excel import DocumentResource, ProducerResource, ProductResource
from ocop.registry.forms import (
    DocumentAdminForm,
    ProducerAdminForm,
    ProductAdminForm,
    ProductPhotoFormSet,
    ProductPhotoInlineForm,
)
from ocop.registry.importing import PRODUCERS, PRODUCTS
from ocop.registry.models import Document, Producer, Product, ProductPhoto
from ocop.registry.selectors import folded_search
from ocop.registry.status import DocumentStatus, with_status

SEARCH_HELP = _("Tìm theo tên, mã số, có dấu hay không dấu (ví dụ: dong nai).")


class RegistryAdmin(ScopedAdminMixin, AuditHistoryAdminMixin, TypedExportMixin, ModelAdmin):
    list_per_page = 50
    search_fields = ["search_text"]  # shows the search box; the search itself is folded
    search_help_text = SEARCH_HELP
    audit_fields = ["created_at", "updated_at", "audit_trail"]

    def get_search_results(self, request, queryset, search_term):
        return folded_search(queryset, search_term), False

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.actor = request.user
        return form

    @display(description=_("nhật ký thao tác"))
    def audit_trail(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        events = events_of(obj)[:15]
        return format_html_join(
            "", "<div>{} · {} · {}</div>",
            ((short_datetime(e.occurred_at), action_label(e.action), actor_name(e.actor_repr)) for e in events),
        ) or "—"

    def _call(self, request, func, **kwargs):
        with service_errors(request=request):
            return func(actor=request.user, **kwargs)
        return None

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


def _changed(form, fields) -> dict:
    return {name: form.cleaned_data[name] for name in form.changed_data if name in fields}


@admin.register(Producer)
class ProducerAdmin(RegistryAdmin):
    form = ProducerAdminForm
    resource_classes = [ProducerResource]
    list_display = ["name", "tax_code", "kind", "unit", "rep_name", "rep_flags", "product_count", "joined_ocop_on"]
    list_filter = [("kind", ChoicesDropdownFilter), ("unit", AutocompleteSelectFilter), "rep_is_woman",
                   "rep_is_ethnic_minority"]
    list_filter_submit = True
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    readonly_fields = RegistryAdmin.audit_fields
    actions_list = ["import_excel", "import_template"]
    fieldsets = [
        (None, {"fields": ["confirm_duplicates", "kind", "name", "tax_code", "registered_on", "founded_on",
                           "joined_ocop_on"]}),
        (_("Người đại diện theo pháp luật"), {"fields": ["rep_name", "rep_title", "rep_is_woman",
                                                          "rep_is_ethnic_minority", "rep_ethnicity"]}),
        (_("Địa chỉ và liên hệ"), {"fields": ["unit", "address", "phone", "email", "website"]}),
        (_("Lao động"), {"fields": ["workforce_total", "workforce_local", "workforce_women"]}),
        (_("Khác"), {"fields": ["note", *RegistryAdmin.audit_fields]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_products=Count("products"))

    @display(description=_("sản phẩm"), ordering="n_products")
    def product_count(self, obj):
        return obj.n_products

    @display(description=_("đại diện nữ / DTTS"))
    def rep_flags(self, obj):
        flags = [str(_("nữ")) if obj.rep_is_woman else "", str(_("DTTS")) if obj.rep_is_ethnic_minority else ""]
        return ", ".join(f for f in flags if f) or "—"

    def save_model(self, request, obj, form, change):
        if change:
            services.producer_update(producer=obj, actor=request.user, data=_changed(form, services.PRODUCER_FIELDS),
                                     confirm_duplicates=True)
        else:
            fields = {name: form.cleaned_data[name] for name in services.PRODUCER_FIELDS if name in form.cleaned_data}
            obj.pk = services.producer_create(actor=request.user, confirm_duplicates=True, **fields).pk
            obj._state.adding = False

    def delete_model(self, request, obj):
        self._call(request, services.producer_delete, producer=obj)

    @action(description=_("Nhập từ Excel"), url_path="import", icon="upload", permissions=["add"])
    def import_excel(self, request):
        return admin_views.import_page(self, request, PRODUCERS)

    @action(description=_("Tải mẫu Excel"), url_path="import-template", icon="download")
    def import_template(self, request):
        return admin_views.template_download(self, request, PRODUCERS)


class ProductPhotoInline(TabularInline):
    model = ProductPhoto
    form = ProductPhotoInlineForm
    formset = ProductPhotoFormSet
    extra = 0
    fields = ["image", "caption", "position"]

    # Photos follow their product's permissions (scope of the parent ProductAdmin).
    def _parent(self):
        return self.admin_site._registry[Product]

    def has_view_permission(self, request, obj=None):
        return self._parent().has_view_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return self._parent().has_change_permission(request, obj) if obj else self._parent().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)


@admin.register(Product)
class ProductAdmin(RegistryAdmin):
    form = ProductAdminForm
    resource_classes = [ProductResource]
    inlines = [ProductPhotoInline]
    list_display = ["name", "ocop_code", "producer", "unit", "criteria_set_display", "is_active"]
    list_filter = [("criteria_set", ChoicesDropdownFilter), ("unit", AutocompleteSelectFilter), "is_active"]
    list_filter_submit = True
    list_select_related = ["producer", "unit"]
    autocomplete_fields = ["producer", "unit"]
    readonly_fields = ["ocop_code", "sector", "group", *RegistryAdmin.audit_fields]
    actions_list = ["import_excel", "import_template", "export_all"]
    fieldsets = [
        (None, {"fields": ["producer", "unit", "name", "ocop_code", "criteria_set", "sector", "group", "is_active"]}),
        (_("Giới thiệu"), {"fields": ["description", "story"]}),
        (_("Nhật ký"), {"fields": RegistryAdmin.audit_fields}),
    ]

    @display(description=_("bộ sản phẩm"), ordering="criteria_set")
    def criteria_set_display(self, obj):
        return obj.criteria_set

    @display(description=_("ngành"))
    def sector(self, obj):
        return obj.sector or "—"

    @display(description=_("nhóm"))
    def group(self, obj):
        return obj.group or "—"

    def save_model(self, request, obj, form, change):
        if change:
            services.product_update(product=obj, actor=request.user, data=_changed(form, services.PRODUCT_FIELDS))
        else:
            fields = {name: form.cleaned_data[name] for name in services.PRODUCT_FIELDS if name in form.cleaned_data}
            if not fields.get("unit"):
                fields.pop("unit", None)
            created = services.product_create(actor=request.user, **fields)
            obj.pk, obj.ocop_code, obj.unit = created.pk, created.ocop_code, created.unit
            obj._state.adding = False

    def save_formset(self, request, form, formset, change):
        # Like formset.save(), through the services; the lists feed the admin's change message.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for photo_form in formset.forms:
            data = getattr(photo_form, "cleaned_data", None)
            if not data:
                continue
            photo = photo_form.instance
            if data.get("DELETE") and photo.pk:
                services.product_photo_delete(photo=photo, actor=request.user)
                formset.deleted_objects.append(photo)
            elif photo.pk is None and data.get("image"):
                formset.new_objects.append(services.product_photo_add(
                    product=form.instance, image=data["image"], actor=request.user,
                    caption=data.get("caption", ""), position=data.get("position") or 0,
                ))
            elif photo.pk and photo_form.has_changed():
                changed = _changed(photo_form, ["caption", "position"])
                services.product_photo_update(photo=photo, actor=request.user, data=changed)
                formset.changed_objects.append((photo, list(changed)))

    def delete_model(self, request, obj):
        self._call(request, services.product_delete, product=obj)

    @action(description=_("Nhập từ Excel"), url_path="import", icon="upload", permissions=["add"])
    def import_excel(self, request):
        return admin_views.import_page(self, request, PRODUCTS)

    @action(description=_("Tải mẫu Excel"), url_path="import-template", icon="download")
    def import_template(self, request):
        return admin_views.template_download(self, request, PRODUCTS)

    @action(description=_("Xuất Excel (toàn bộ)"), url_path="export-all", icon="download")
    def export_all(self, request):
        # Every product in scope, streamed; big exports through the worker (admin_export.py).
        return admin_export.export_all(self, request)


class DocumentStatusFilter(admin.SimpleListFilter):
    title = _("tình trạng")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return DocumentStatus.choices

    def queryset(self, request, queryset):
        return queryset.filter(status=self.value()) if self.value() else queryset


@admin.register(Document)
class DocumentAdmin(RegistryAdmin):
    form = DocumentAdminForm
    resource_classes = [DocumentResource]
    unit_field = "producer__unit"
    list_display = ["label", "number", "producer", "product", "issued_on", "expires_on", "status_badge"]
    # Soonest expiry first; documents without an expiry date last.
    ordering = [F("expires_on").asc(nulls_last=True), "id"]
    list_filter = [DocumentStatusFilter, ("kind", ChoicesDropdownFilter), ("producer__unit", AutocompleteSelectFilter)]
    list_filter_submit = True
    list_select_related = ["producer__unit", "product"]
    autocomplete_fields = ["producer", "product"]
    search_fields = ["number"]
    readonly_fields = ["uid", "original_name", "content_type", "size", "status_badge", *RegistryAdmin.audit_fields]
    fieldsets = [
        (None, {"fields": ["producer", "product", "kind", "title", "number", "issuer", "issued_on", "expires_on",
                           "status_badge"]}),
        (_("Tệp"), {"fields": ["file", "original_name", "content_type", "size", "uid"]}),
        (_("Khác"), {"fields": ["note", *RegistryAdmin.audit_fields]}),
    ]

    def get_queryset(self, request):
        return with_status(super().get_queryset(request))

    @display(description=_("giấy tờ"), ordering="kind")
    def label(self, obj):
        return obj.title or obj.get_kind_display()

    def get_search_results(self, request, queryset, search_term):
        for word in fold(search_term).split():
            queryset = queryset.filter(
                Q(producer__search_text__contains=word) | Q(product__search_text__contains=word)
                | Q(number__icontains=word)
            )
        return queryset, False

    @display(description=_("tình trạng"), ordering="status",
             label={DocumentStatus.VALID.label: "success", DocumentStatus.EXPIRING.label: "warning",
                    DocumentStatus.EXPIRED.label: "danger"})
    def status_badge(self, obj):
        value = getattr(obj, "status", None)
        return DocumentStatus(value).label if value else "—"

    def save_model(self, request, obj, form, change):
        fields = services.DOCUMENT_FIELDS
        if change:
            services.document_update(document=obj, actor=request.user, data=_changed(form, fields))
        else:
            data = {name: form.cleaned_data[name] for name in fields if name in form.cleaned_data}
            created = services.document_upload(actor=request.user, file=form.cleaned_data["file"], **data)
            obj.pk, obj.uid, obj.file = created.pk, created.uid, created.file
            obj._state.adding = False

    def delete_model(self, request, obj):
        self._call(request, services.document_delete, document=obj)

from ocop.registry import admin_address  # noqa: E402,F401  (registers AddressChangeRequestAdmin)
