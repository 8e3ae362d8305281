import logging

from django.conf import settings
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import FieldError, ValidationError
from django.db import DataError
from django.http import HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.csp import CSP

from ocop.core.exceptions import ImpossibleMove

logger = logging.getLogger("ocop.admin")


class SecurityHeadersMiddleware:
    """Headers Django does not set, on every response (outermost, so static files and errors too).

    Permissions-Policy switches off browser features no page uses. Responses that did not go
    through the CSP middleware (static files, early redirects) get a deny-all policy."""

    FALLBACK_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = settings.OCOP_PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        response.headers.setdefault("Content-Security-Policy", self.FALLBACK_CSP)
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response


class AdminCSPMiddleware:
    """Relax the content security policy for the back office only.

    Unfold's bundled Alpine.js evaluates expressions (needs 'unsafe-eval') and its templates
    carry inline styles and scripts. Public pages keep the strict nonce policy of settings.
    """

    ADMIN_POLICY = {
        **settings.SECURE_CSP,
        "script-src": [CSP.SELF, CSP.UNSAFE_INLINE, CSP.UNSAFE_EVAL],
        "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
        "img-src": [CSP.SELF, "data:", "blob:"],
    }

    def __init__(self, get_response):
        self.get_response = get_response

    # Unfold opens "add another" and lookups in a same-origin iframe (?_popup=1): only those
    # pages may be framed, and only by the site itself. Unfold marks every change form
    # SAMEORIGIN; everything else goes back to DENY.
    POPUP_POLICY = {**ADMIN_POLICY, "frame-ancestors": [CSP.SELF]}

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            popup = "_popup" in request.GET or "_popup" in request.POST
            response._csp_config = self.POPUP_POLICY if popup else self.ADMIN_POLICY
            response.headers["X-Frame-Options"] = "SAMEORIGIN" if popup else "DENY"
        elif request.path.startswith("/api/v1/docs"):  # Swagger UI styles itself inline
            response._csp_config = self.ADMIN_POLICY
        return response


class LanguageMiddleware:
    """Public pages speak the language of their URL; everything else Vietnamese unless chosen.

    Public pages (config/urls.py, i18n_patterns) are Vietnamese at the root and English under
    /en/: a search engine or a shared link always gets the same language for the same URL. The
    back office, the portal, accounts and the API keep their URLs and follow the cookie of the
    language switch. Django's LocaleMiddleware would also follow the browser's Accept-Language;
    officials on English-language browsers still expect the Vietnamese system, so only the URL and
    the cookie count.
    """

    COOKIE_PATHS = ("/admin/", "/portal/", "/tai-khoan/", "/api/", "/i18n/", "/media/", "/healthz")

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def language(self, request) -> str:
        from django.utils import translation

        if prefixed := translation.get_language_from_path(request.path_info):
            return prefixed
        if request.path_info.startswith(self.COOKIE_PATHS):
            chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            return chosen if chosen in self.supported else settings.LANGUAGE_CODE
        return settings.LANGUAGE_CODE

    def __call__(self, request):
        from django.utils import translation

        language = self.language(request)
        previous = translation.get_language()
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
        finally:  # the thread's language goes back (tests and reverse() after a request)
            translation.activate(previous) if previous else translation.deactivate()
        response.headers.setdefault("Content-Language", language)
        return response


class AdminBadParametersMiddleware:
    """A back-office GET whose query string the ORM cannot use answers 400, never 500.

    List filters and the import-export views pass request.GET to the ORM: an unknown lookup
    (`/export/?format=0` → FieldError), a value out of the database's integer range
    (`?unit__id__exact=99999999999999999999` → OverflowError on SQLite) or of its type (DataError on
    PostgreSQL) is the client's mistake (issue 15 L-5). One rule for every admin page, no per-model
    code. Only reads with a query string: a POST that fails this way is a bug and stays a 500."""

    BAD_PARAMETERS = (FieldError, IncorrectLookupParameters, OverflowError, DataError, ValidationError)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if (
            request.method in ("GET", "HEAD")
            and request.GET
            and isinstance(exception, self.BAD_PARAMETERS)
            and request.path.startswith(reverse("admin:index"))
        ):
            logger.warning("400 for %s?%s: %r", request.path, request.GET.urlencode()[:500], exception)
            return HttpResponseBadRequest(render_to_string("400.html", {"back": request.path}, request=request))
        return None


class ImpossibleMoveMiddleware:
    """A workflow move that does not exist from the record's status (ocop.core.exceptions.ImpossibleMove,
    raised by ocop.core.transitions) answers 422 on every page, the back office's included: one
    convention with the API (403 stays for a move the user's roles do not allow)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, ImpossibleMove):
            reason = " ".join(exception.messages)
            return HttpResponse(render_to_string("422.html", {"reason": reason}, request=request), status=422)
        return None
