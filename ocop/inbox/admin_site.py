"""Callbacks for the Unfold back office (see config/unfold.py)."""

import functools

from django.conf import settings
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.urls import get_script_prefix
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from unfold.sites import UnfoldAdminSite

from ocop.inbox.app_list_cache import app_list
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
    which builds a proxy class per call: ~50 per page); the list itself kept briefly in the shared
    cache (ocop.inbox.app_list_cache)."""

    def autocomplete_view(self, request):
        return UnitAutocompleteJsonView.as_view(admin_site=self)(request)

    def _build_app_dict(self, request, label=None):
        """Django's, with each application's and model's name translated once: Django sorts the
        list by these lazy names, translating both sides of every comparison (~1,500 per page)."""
        built = super()._build_app_dict(request, label)
        for app in built.values():  # {app label: app}, filtered to LABEL's app when given
            app["name"] = str(app["name"])
            for model in app["models"]:
                model["name"] = str(model["name"])
        return built

    def get_app_list(self, request, app_label=None):
        built = request.__dict__.setdefault("_ocop_app_lists", {})
        if app_label not in built:
            built[app_label] = app_list(request, app_label, lambda: super(OcopAdminSite, self).get_app_list(
                request, app_label))
        return built[app_label]

    def _get_navigation_items(self, request, items, tabs=None):
        """Unfold's items, with each configured link resolved once per process (_link: Unfold
        reverses every lazy link twice per page, ~90 reverse() calls) and every key the sidebar
        template reads present (a missing key costs Django's template engine a dir() of the dict
        on each lookup, ~200 per page)."""
        for item in items:
            if isinstance(item.get("link"), Promise):
                item["link"] = _link(item["link"])
        allowed = super()._get_navigation_items(request, items, tabs)
        for item in allowed:
            for key in _ITEM_KEYS:
                item.setdefault(key, None)
        return allowed

    def get_sidebar_list(self, request):
        groups = super().get_sidebar_list(request)
        for group in groups:
            for key in _GROUP_KEYS:
                group.setdefault(key, None)
        return groups

    def _call_permission_callback(self, callback, request) -> bool:
        if callback is None:
            return True
        if isinstance(callback, str):
            callback = _imported(callback)
        return callable(callback) and callback(request) == True  # noqa: E712 (as Unfold: a truthy non-bool is no)


#: Keys of a sidebar item and group that Unfold's templates read ("badge" and "badge_callback"
#: excepted: the templates test whether they are there).
_ITEM_KEYS = ("items", "link_callback", "link_attrs", "icon_template", "badge_style", "badge_variant", "badge_class")
_GROUP_KEYS = ("collapsible", "separator", "title")

#: (id of a configured lazy link, script prefix) -> (the link, its URL). The sidebar's links are
#: the module-level lazy objects of config/unfold.py (Unfold's deep copy keeps lazy objects as
#: they are), so the table holds one entry per link; a URL depends only on the URLconf and the
#: script prefix (the admin is not under a language prefix).
_LINKS: dict[tuple[int, str], tuple[Promise, str]] = {}


def _link(link: Promise) -> str:
    key = (id(link), get_script_prefix())
    found = _LINKS.get(key)
    if found is None or found[0] is not link:
        if len(_LINKS) >= 1000:  # links made per request (none today): never grow without bound
            _LINKS.clear()
        found = _LINKS[key] = (link, str(link))
    return found[1]


@functools.cache
def _imported(path: str):
    from django.utils.module_loading import import_string

    try:
        return import_string(path)
    except (ImportError, ValueError):
        return None
