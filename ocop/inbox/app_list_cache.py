"""The back office's application list (the models a user may open, with their links) kept briefly in
the shared cache.

Django builds it on every back-office page (each_context's ``available_apps``): for each of ~45
registered models it asks the model admin's permission methods and reverses two URLs, ~5 ms of the
~12 ms every page pays before its own work (docs/performance.md). What it holds depends only on
who the user is to the permission methods (the user, their active/staff/superuser flags, their
scope: roles, units, departments), the language and the script prefix, so it is kept under those,
for OCOP_INBOX_CACHE_SECONDS (60; 0 switches it off). A role granted or withdrawn changes the scope
and so the key; a change the key cannot see (a Django permission given to an account) shows in the
menu within that time. Access itself is never cached: every page checks it on each request.
"""

from collections.abc import Callable

from django.urls import get_script_prefix
from django.utils.translation import get_language

from ocop.accounts.scope import scope_for
from ocop.core.change_cache import remembered
from ocop.inbox.counts_cache import cache_seconds


def app_list(request, app_label: str | None, build: Callable[[], list]) -> list:
    """BUILD()'s application list for REQUEST's user, from the cache when it holds it."""
    user = request.user
    if not user.is_authenticated:
        return build()
    who = (user.pk, user.is_active, user.is_staff, user.is_superuser, repr(scope_for(user)))
    return remembered("ocop:app-list:", (who, get_language(), get_script_prefix(), app_label), cache_seconds(), build)
