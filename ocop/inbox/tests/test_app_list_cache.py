"""The back office's application list kept in the shared cache (ocop.inbox.app_list_cache): the same
list as built live, no permission queries on a cached page, and a new role shows at once."""

from django.contrib import admin
from django.test import RequestFactory

from ocop.accounts.models import Role, RoleAssignment, User


def _request(user, path="/admin/"):
    request = RequestFactory().get(path)
    request.user = User.objects.get(pk=user.pk)  # a new request: the scope is read again
    return request


def _models(app_list) -> set[str]:
    return {model["object_name"] for app in app_list for model in app["models"]}


def _rights(app_list) -> set[tuple[str, str]]:
    return {(model["object_name"], perm) for app in app_list for model in app["models"]
            for perm, allowed in model["perms"].items() if allowed}


def _live(settings, user):
    settings.OCOP_INBOX_CACHE_SECONDS = 0
    try:
        return admin.site.get_app_list(_request(user))
    finally:
        settings.OCOP_INBOX_CACHE_SECONDS = 60


def test_the_cached_list_equals_the_live_one_and_asks_no_permission_again(
        personas, settings, django_assert_num_queries):
    settings.OCOP_INBOX_CACHE_SECONDS = 60
    for user in (personas.commune_a, personas.province, personas.national, personas.auditor):
        assert admin.site.get_app_list(_request(user)) == _live(settings, user)
    request = _request(personas.province)
    from ocop.accounts.scope import scope_for

    scope_for(request.user)  # the scope is read by every page's badges anyway
    with django_assert_num_queries(0):
        cached = admin.site.get_app_list(request)
    assert "Product" in _models(cached) and "User" not in _models(cached)


def test_a_new_role_changes_the_list_at_once(personas, units, settings):
    """The key holds the user's scope: granting a role shows its models on the next page, not after
    the cache's time."""
    settings.OCOP_INBOX_CACHE_SECONDS = 60
    officer = personas.commune_a
    before = _rights(admin.site.get_app_list(_request(officer)))
    RoleAssignment.objects.create(user=officer, role=Role.PROVINCE_OFFICE, unit=units.dong_nai)
    after = _rights(admin.site.get_app_list(_request(officer)))
    assert after == _rights(_live(settings, officer))
    assert after - before  # the office's rights show at once
