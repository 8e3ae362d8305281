"""Back office for trade promotion (Unfold). Lists and objects are scoped (ScopedAdminMixin);
every save and delete, inlines included, goes through ocop.promotion.services."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin, TabularInline
from unfold.contrib.filters.admin import AutocompleteSelectFilter, ChoicesDropdownFilter
from unfold.decorators import display

from ocop.accounts.scoped_admin import ParentScopedInlineMixin, ScopedAdminMixin
from ocop.lib.formatting import money
from ocop.promotion import services
from ocop.promotion.models import BuyerContact, EcommerceLink, Event, FollowUpOrder, Participation, SalesPoint
from ocop.promotion.returns import promotion_return

#: model → (save service, its keyword, delete service)
SERVICES = {
    Event: (services.event_save, "event", services.event_delete),
    Participation: (services.participation_save, "participation", services.participation_delete),
    BuyerContact: (services.buyer_contact_save, "contact", services.buyer_contact_delete),
    FollowUpOrder: (services.follow_up_order_save, "order", services.follow_up_order_delete),
    SalesPoint: (services.sales_point_save, "sales_point", services.sales_point_delete),
    EcommerceLink: (services.ecommerce_link_save, "link", services.ecommerce_link_delete),
}


def _save(obj, actor, **extra):
    save, keyword, _delete = SERVICES[type(obj)]
    return save(**{keyword: obj, "actor": actor, **extra})


def _delete(obj, actor):
    _save_fn, keyword, delete = SERVICES[type(obj)]
    delete(**{keyword: obj, "actor": actor})


def vnd(value) -> str:
    return money(value or 0)


class ParentScopedInline(ParentScopedInlineMixin, TabularInline):
    extra = 0


class PromotionAdmin(ScopedAdminMixin, ModelAdmin):
    #: The form field whose administrative unit the user must be able to write.
    scope_field = "unit"
    #: Many-to-many fields saved by the service (not by the admin's save_m2m).
    m2m_fields: tuple[str, ...] = ()
    list_per_page = 50

    @staticmethod
    def unit_of(value):
        return value.unit if hasattr(value, "unit") else value

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        model_admin = self

        class ScopedForm(form):
            def clean(self):
                data = super().clean()
                value = data.get(model_admin.scope_field)
                if value is not None:
                    try:
                        services.check_can_write(request.user, model_admin.unit_of(value))
                    except PermissionDenied:
                        self.add_error(model_admin.scope_field, _("Nằm ngoài phạm vi quản lý của bạn."))
                return data

        return ScopedForm

    def save_model(self, request, obj, form, change):
        extra = {name: form.cleaned_data.get(name) for name in self.m2m_fields if name in form.cleaned_data}
        _save(obj, request.user, **extra)

    def save_related(self, request, form, formsets, change):
        # Many-to-many fields were set by the service in save_model.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            _delete(obj, request.user)
        for obj in instances:
            _save(obj, request.user)

    def delete_model(self, request, obj):
        _delete(obj, request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            _delete(obj, request.user)


class ParticipationInline(ParentScopedInline):
    model = Participation
    fields = ["producer", "booth", "cost", "sales"]
    autocomplete_fields = ["producer"]
    show_change_link = True


@admin.register(Event)
class EventAdmin(PromotionAdmin):
    list_display = ["name", "kind", "starts_on", "ends_on", "place", "unit", "participant_count", "sales_total"]
    list_filter = [("kind", ChoicesDropdownFilter), ("unit", AutocompleteSelectFilter), "is_public"]
    list_filter_submit = True
    date_hierarchy = "starts_on"
    search_fields = ["name", "organiser", "place"]
    autocomplete_fields = ["unit"]
    inlines = [ParticipationInline]
    fieldsets = [
        (None, {"fields": ["name", "kind", "organiser", "starts_on", "ends_on", "place", "unit", "is_public"]}),
        (_("Kết quả"), {"fields": ["organising_cost", "visitors", "description"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("unit").annotate(
            n_participants=Count("participations", distinct=True), sales_sum=Sum("participations__sales")
        )

    @display(description=_("chủ thể tham gia"), ordering="n_participants")
    def participant_count(self, obj):
        return obj.n_participants

    @display(description=_("doanh số"), ordering="sales_sum")
    def sales_total(self, obj):
        return vnd(obj.sales_sum)


class BuyerContactInline(ParentScopedInline):
    model = BuyerContact
    fields = ["name", "organisation", "phone", "email", "interest"]


class FollowUpOrderInline(ParentScopedInline):
    model = FollowUpOrder
    fields = ["ordered_on", "buyer", "amount", "note"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "buyer":
            parent_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            kwargs["queryset"] = BuyerContact.objects.filter(participation_id=parent_id or 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Participation)
class ParticipationAdmin(PromotionAdmin):
    unit_field = "event__unit"
    scope_field = "event"
    m2m_fields = ("products",)
    list_display = ["producer", "event", "cost_display", "sales_display", "return_display"]
    list_filter = [("event", AutocompleteSelectFilter)]
    list_filter_submit = True
    list_select_related = ["producer", "event__unit"]
    search_fields = ["producer__search_text", "event__name"]
    autocomplete_fields = ["event", "producer", "products"]
    readonly_fields = ["return_display"]
    inlines = [BuyerContactInline, FollowUpOrderInline]
    fields = ["event", "producer", "products", "booth", "cost", "sales", "note", "return_display"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(follow_up=Sum("orders__amount"))

    @display(description=_("chi phí"), ordering="cost")
    def cost_display(self, obj):
        return vnd(obj.cost)

    @display(description=_("doanh số"), ordering="sales")
    def sales_display(self, obj):
        return vnd(obj.sales)

    @display(description=_("doanh thu / chi phí"))
    def return_display(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        follow_up = getattr(obj, "follow_up", None)
        if follow_up is None:
            follow_up = obj.orders.aggregate(total=Sum("amount"))["total"]
        result = promotion_return(sales=obj.sales, follow_up=follow_up, cost=obj.cost)
        ratio = "—" if result.ratio is None else f"{result.ratio:.2f}"
        return f"{vnd(result.revenue)} / {vnd(result.cost)} (×{ratio})"


@admin.register(SalesPoint)
class SalesPointAdmin(PromotionAdmin):
    m2m_fields = ("products",)
    list_display = ["name", "kind", "unit", "address", "is_active", "product_count"]
    list_filter = [("kind", ChoicesDropdownFilter), ("unit", AutocompleteSelectFilter), "is_active"]
    list_filter_submit = True
    search_fields = ["name", "address", "operator"]
    autocomplete_fields = ["unit", "products"]
    fields = ["name", "kind", "operator", "address", "unit", "phone", "opened_on", "is_active", "products"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("unit").annotate(n_products=Count("products"))

    @display(description=_("sản phẩm"), ordering="n_products")
    def product_count(self, obj):
        return obj.n_products


@admin.register(EcommerceLink)
class EcommerceLinkAdmin(PromotionAdmin):
    unit_field = "product__unit"
    scope_field = "product"
    list_display = ["product", "platform", "shop_name", "url", "is_active"]
    list_filter = [("platform", ChoicesDropdownFilter), "is_active"]
    list_filter_submit = True
    list_select_related = ["product__unit"]
    search_fields = ["product__search_text", "shop_name", "url"]
    autocomplete_fields = ["product"]
    fields = ["product", "platform", "url", "shop_name", "is_active"]
