"""Callbacks for the Unfold back office (see config/unfold.py)."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _


def environment_badge(request):
    if settings.PRODUCTION:
        return None
    return [_("Môi trường thử nghiệm"), "warning"]


def dashboard_callback(request, context):
    from ocop.accounts.scope import scope_for

    scope = scope_for(request.user)
    context["ocop_roles"] = request.user.roles.filter(is_active=True).select_related("unit") if request.user.pk else []
    context["ocop_scope_national"] = scope.is_national
    return context
