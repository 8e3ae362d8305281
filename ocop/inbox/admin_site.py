"""Callbacks for the Unfold back office (see config/unfold.py)."""

import functools

from django.conf import settings
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.utils.translation import gettext_lazy as _
from unfold.sites import UnfoldAdminSite

from ocop.territory.models import AdminUnit
from ocop.territory.selectors import unit_label, unit_ranked_search


def environment_badge(request):
    if settings.PRODUCTION:
        return None
    return [_("Môi trường thử nghiệm"), "warning"]


def dashboard_callback(request, context):
    """The admin index is the user's task inbox (ocop.inbox), the app list below it."""
    from django.urls import reverse

    from ocop.inbox.selectors import inbox_sections, shows_dashboard

    context["ocop_inbox"] = inbox_sections(request)
    if shows_dashboard(request.user):
        context["ocop_dashboard_url"] = reverse("admin:program_dashboard")
    return context


class UnitAutocompleteJsonView(AutocompleteJsonView):
    """Every admin picker of an administrative unit uses the one ranked unit search (best match,
    the user's own province first) and labels each unit with the units above it."""

    def get_queryset(self):
        if self.model_admin.model is not AdminUnit:
            return super().get_queryset()
        from ocop.accounts.scope import home_province_codes

        queryset = self.model_admin.get_queryset(self.request)
        queryset = queryset.complex_filter(self.source_field.get_limit_choices_to())
        return unit_ranked_search(self.term, queryset=queryset, home_provinces=home_province_codes(self.request.user))

    def serialize_result(self, obj, to_field_name):
        if isinstance(obj, AdminUnit):
            return {"id": str(getattr(obj, to_field_name)), "text": unit_label(obj)}
        return super().serialize_result(obj, to_field_name)


class OcopAdminSite(UnfoldAdminSite):
    """Unfold's site, with the back office's fixed cost per page cut (docs/performance.md): the
    application list built once per request (each_context and the index both ask for it), and the
    sidebar's permission callbacks called directly (Unfold wraps each call in django's lazy(),
    which builds a proxy class per call: ~50 per page)."""

    def autocomplete_view(self, request):
        return UnitAutocompleteJsonView.as_view(admin_site=self)(request)

    def get_app_list(self, request, app_label=None):
        built = request.__dict__.setdefault("_ocop_app_lists", {})
        if app_label not in built:
            built[app_label] = super().get_app_list(request, app_label)
        return built[app_label]

    def _call_permission_callback(self, callback, request) -> bool:
        if callback is None:
            return True
        if isinstance(callback, str):
            callback = _imported(callback)
        return callable(callback) and callback(request) == True  # noqa: E712 (as Unfold: a truthy non-bool is no)


@functools.cache
def _imported(path: str):
    from django.utils.module_loading import import_string

    try:
        return import_string(path)
    except (ImportError, ValueError):
        return None
