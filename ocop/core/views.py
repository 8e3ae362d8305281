from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@require_GET
@never_cache
def healthz(request):
    """Liveness and database readiness, for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = {"status": "ok", "vendor": connection.vendor}
    except Exception as exc:  # any driver error means "not ready"
        database = {"status": "error", "vendor": connection.vendor, "error": exc.__class__.__name__}
    healthy = database["status"] == "ok"
    return JsonResponse({"status": "ok" if healthy else "error", "database": database}, status=200 if healthy else 503)


def csrf_failure(request, reason=""):
    """A refused form (stale page, cookies off) gets the site's 403 page with what to do, not
    Django's English page (settings.CSRF_FAILURE_VIEW)."""
    from django.shortcuts import render
    from django.utils.translation import gettext as _

    message = _("Biểu mẫu đã cũ hoặc trình duyệt chặn cookie: hãy tải lại trang rồi gửi lại.")
    return render(request, "403.html", {"reason": message}, status=403)


# Error pages (config/urls.py handler404/403/500): the site's own templates in the language of the
# URL or the cookie (ocop.core.middleware.LanguageMiddleware). Django's defaults render the same
# template names; naming the handlers makes the choice explicit and keeps 500 free of queries.
def page_not_found(request, exception):
    from django.views import defaults

    return defaults.page_not_found(request, exception, template_name="404.html")


def permission_denied(request, exception):
    from django.views import defaults

    return defaults.permission_denied(request, exception, template_name="403.html")


def server_error(request):
    """500.html without a request context: no user, no session, no database query."""
    from django.views import defaults

    return defaults.server_error(request, template_name="500.html")
