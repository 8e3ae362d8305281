"""Admin integration of the unit scope (ocop.accounts.scope).

Every back-office ModelAdmin over unit-owned records inherits ScopedAdminMixin: its lists
only show in-scope rows, an out-of-scope object answers 404 (not the admin's usual redirect,
which would confirm the object exists), and read-only roles get view-only pages (403 on POST).
"""

from django.http import Http404

from ocop.accounts.roles import WRITING_OFFICES
from ocop.accounts.scope import can_write_unit, scope_for, unit_q


class ScopedAdminMixin:
    #: Path from the model to its AdminUnit, e.g. "unit" or "producer__unit".
    unit_field = "unit"
    #: Roles that may change these records (within their write scope).
    write_roles = WRITING_OFFICES
    #: Roles that may see these records (within their read scope); None = any role.
    read_roles = None

    def _scope(self, request):
        return scope_for(request.user)

    def _has_role(self, request, roles) -> bool:
        scope = self._scope(request)
        return request.user.is_superuser or roles is None and not scope.is_empty or bool(scope.roles & set(roles or ()))

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(unit_q(self._scope(request).read_prefixes, self.unit_field))

    def _object_unit(self, obj):
        unit = obj
        for part in self.unit_field.split("__"):
            unit = getattr(unit, part, None)
            if unit is None:
                return None
        return unit

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff and self._has_role(request, self.read_roles)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return request.user.is_active and request.user.is_staff and self._has_role(request, self.write_roles)

    def has_change_permission(self, request, obj=None):
        if not self.has_add_permission(request):
            return False
        if obj is None or request.user.is_superuser:
            return True
        return can_write_unit(request.user, self._object_unit(obj), self.write_roles)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Missing and out-of-scope look the same: a plain 404.
        raise Http404


class ParentScopedInlineMixin:
    """Inline rights follow the parent admin's scoped rights, not Django model permissions."""

    #: Whether rows may be deleted from the inline (when the parent may be changed).
    inline_can_delete = True

    def _parent(self):
        return self.admin_site._registry[self.parent_model]

    def has_view_permission(self, request, obj=None):
        return self._parent().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._parent().has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return self._parent().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.inline_can_delete and self._parent().has_change_permission(request, obj)
