"""Shared bits of the rating admins."""

from django.http import Http404

from ocop.accounts.policy import read_prefixes
from ocop.accounts.scope import scope_for


class RatingAdminMixin:
    """Staff with any role see the module; writes are done by services (checked there)."""

    def has_module_permission(self, request):
        user = request.user
        return user.is_active and user.is_staff and (user.is_superuser or bool(read_prefixes(user))
                                                     or bool(scope_for(user).roles))

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404  # missing and out of scope look the same
