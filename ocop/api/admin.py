"""API tokens in the back office: every staff user manages their own (a superuser anyone's).
The key is shown once, on the page right after creation, and never stored."""

from django.contrib import admin, messages
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin
from unfold.decorators import action, display

from ocop.api import tokens
from ocop.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "state"]
    list_select_related = ["user"]
    readonly_fields = ["prefix", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request) and (obj is None or self._owns(request, obj))

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return False  # a token is made and revoked, never edited

    def has_delete_permission(self, request, obj=None):
        return False  # revoked tokens are kept for the record

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404  # someone else's token and a missing one look the same

    def _owns(self, request, obj) -> bool:
        return request.user.is_superuser or obj.user_id == request.user.pk

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if request.user.is_superuser else queryset.filter(user=request.user)

    def get_fields(self, request, obj=None):
        if obj is not None:
            return ["name", "user", *self.readonly_fields]
        return ["name", "user"] if request.user.is_superuser else ["name"]

    def get_readonly_fields(self, request, obj=None):
        return ["name", "user", *self.readonly_fields] if obj is not None else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["initial"] = request.user.pk
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @display(description=_("trạng thái"), label={"active": "success", "revoked": "danger"})
    def state(self, obj):
        return ("active", _("đang dùng")) if obj.is_active else ("revoked", _("đã thu hồi"))

    def save_model(self, request, obj, form, change):
        user = form.cleaned_data.get("user") or request.user
        token, key = tokens.api_token_create(user=user, name=form.cleaned_data["name"], actor=request.user)
        obj.pk, obj.user, obj._state.adding = token.pk, token.user, False
        obj._plain_key = key

    def response_add(self, request, obj, post_url_continue=None):
        context = {**self.admin_site.each_context(request), "title": _("Đã tạo khoá API"), "token": obj,
                   "key": obj._plain_key, "back": reverse("admin:api_apitoken_changelist")}
        response = render(request, "api/admin/token_created.html", context)
        response["Cache-Control"] = "no-store"
        return response

    @action(description=_("Thu hồi các khoá đã chọn"))
    def revoke(self, request, queryset):
        for token in queryset:
            tokens.api_token_revoke(token=token, actor=request.user)
        messages.success(request, _("Đã thu hồi %(n)d khoá.") % {"n": queryset.count()})
