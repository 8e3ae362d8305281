from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin, TabularInline
from unfold.forms import AdminPasswordChangeForm, UserChangeForm, UserCreationForm

from ocop.accounts import admin_audit, services  # noqa: F401 (admin_audit registers the audit log)
from ocop.accounts.forms import AdminLoginForm
from ocop.accounts.models import RoleAssignment, TOTPDevice, User
from ocop.accounts.roles import GRANTORS
from ocop.accounts.scoped_admin import ScopedAdminMixin
from ocop.accounts.selectors import departments_in_scope, users_in_scope

# The back-office login refuses to check passwords while the username or address is locked out.
admin.site.login_form = AdminLoginForm


class RoleAssignmentInline(TabularInline):
    model = RoleAssignment
    extra = 0
    fields = ["role", "unit", "department", "is_active", "note"]
    readonly_fields = ["role", "unit", "department", "is_active", "note"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(BaseUserAdmin, ModelAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    change_password_form = AdminPasswordChangeForm
    list_display = ["username", "full_name", "email", "is_staff", "is_active", "last_login"]
    search_fields = ["username", "full_name", "email"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Thông tin cá nhân"), {"fields": ["full_name", "email", "phone"]}),
        (_("Quyền"), {"fields": ["is_active", "is_staff", "is_superuser"]}),
        (_("Thời gian"), {"fields": ["last_login", "date_joined"]}),
    ]
    inlines = [RoleAssignmentInline]

    # Accounts hold personal data: only system administrators manage them here.
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    has_view_permission = has_change_permission = has_delete_permission = (
        lambda self, request, obj=None: request.user.is_active and request.user.is_superuser
    )

    def has_add_permission(self, request):
        return request.user.is_active and request.user.is_superuser


class RoleAssignmentForm(forms.ModelForm):
    class Meta:
        model = RoleAssignment
        fields = ["user", "role", "unit", "department", "note"]

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None and "role" in cleaned:
            try:
                services.role_check_assignable(
                    role=cleaned["role"], unit=cleaned.get("unit"), actor=self.actor, department=cleaned.get("department")
                )
            except PermissionDenied as exc:
                raise ValidationError(str(exc)) from exc
        return cleaned


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ScopedAdminMixin, ModelAdmin):
    list_display = ["user", "role", "unit", "department", "is_active", "created_at"]
    list_filter = ["role", "is_active"]
    search_fields = ["user__username", "user__full_name", "unit__name", "unit__code"]
    list_select_related = ["user", "unit", "department"]
    form = RoleAssignmentForm
    autocomplete_fields = ["unit"]
    list_per_page = 50
    write_roles = GRANTORS

    def get_readonly_fields(self, request, obj=None):
        return ["user", "role", "unit", "department", "is_active", "note"] if obj else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Only accounts and departments in the actor's scope are offered (issue 15, L-3).
        if db_field.name == "user":
            kwargs["queryset"] = users_in_scope(request.user)
        elif db_field.name == "department":
            kwargs["queryset"] = departments_in_scope(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.actor = request.user
        return form

    def save_model(self, request, obj, form, change):
        if change:
            return  # assignments are immutable: revoke (delete) and assign anew
        obj.pk = services.role_assign(
            user=obj.user, role=obj.role, unit=obj.unit, actor=request.user, note=obj.note, department=obj.department
        ).pk

    def delete_model(self, request, obj):
        services.role_revoke(assignment=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for assignment in queryset:
            services.role_revoke(assignment=assignment, actor=request.user)


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(ModelAdmin):
    """Who has the second login step on. A system administrator removes the device of someone who
    lost their phone; the secret itself is never shown."""

    list_display = ["user", "confirmed_at", "created_at"]
    search_fields = ["user__username", "user__full_name"]
    list_select_related = ["user"]
    fields = readonly_fields = ["user", "confirmed_at", "created_at"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    has_view_permission = has_delete_permission = (
        lambda self, request, obj=None: request.user.is_active and request.user.is_superuser
    )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        services.totp_reset(device=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for device in queryset:
            services.totp_reset(device=device, actor=request.user)
