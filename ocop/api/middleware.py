"""The API's HTTP conventions around django-ninja, for every path under /api/ (docs/api.md):

* every error is a problem (application/problem+json): an unknown path or a trailing slash (404),
  a method the path does not have (405 with Allow), Django's own 4xx/5xx pages;
* HEAD is answered as GET without a body (the body dropped by ApiGZipMiddleware, after compression); OPTIONS with 204 and Allow (a CORS preflight on the
  public read endpoints);
* CORS (Access-Control-Allow-Origin: *, no credentials) on the public read endpoints only, for
  GET, HEAD and OPTIONS: the endpoints anyone may read (ocop.api.routers.public) and the schema;
* the language of Accept-Language (Vietnamese by default; English on request);
* a rate limit per token (or signed-in user) and per address for anonymous calls, in fixed
  windows, through the project's one throttle store (ocop.accounts.throttle: the database, or
  Redis under REDIS_URL, shared by every worker and server): 429 with Retry-After past it.
"""

import hashlib
import re
import time
from functools import cache

from django.conf import settings
from django.http import HttpResponse
from django.middleware.common import CommonMiddleware
from django.middleware.gzip import GZipMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from ocop.accounts import throttle
from ocop.api import problems
from ocop.core.unavailable import DATABASE_ERRORS

PREFIX = "/api/"


def is_api(path: str) -> bool:
    """Under /api/ (the bare /api too: an integrator's first guess gets a problem, not a page)."""
    return path.startswith(PREFIX) or path == PREFIX.rstrip("/")
SAFE = ("GET", "HEAD", "OPTIONS")
CORS_METHODS = "GET, HEAD, OPTIONS"
CORS_REQUEST_HEADERS = "Accept, Accept-Language, If-None-Match, If-Modified-Since"
CORS_EXPOSED = "Retry-After, ETag, Last-Modified, Link, Content-Language"


@cache
def public_paths() -> re.Pattern:
    """The paths of the public read endpoints, and the OpenAPI document, as one pattern."""
    from ocop.api.routers import public

    root = settings.OCOP_API_ROOT.rstrip("/")
    patterns = [re.escape(root + "/openapi.json")]
    for path in public.router.path_operations:
        parts = re.split(r"\{[^}]+\}", path)
        patterns.append(re.escape(root) + "[^/]+".join(re.escape(p) for p in parts))
    return re.compile("^(?:" + "|".join(patterns) + ")$")


def is_public(path: str) -> bool:
    return bool(public_paths().match(path))


def _allowed(answer) -> list[str]:
    methods = [m.strip() for m in answer.get("Allow", "").split(",") if m.strip()]
    if "GET" in methods:
        methods.append("HEAD")
    return sorted(set(methods) | {"OPTIONS"})


# --- Rate limit -----------------------------------------------------------------------------

def _who(request) -> tuple[str, int]:
    """The key the request is counted under, and its limit per window."""
    header = request.headers.get("Authorization", "")
    if header:
        digest = hashlib.sha256(header.encode("utf-8", "replace")).hexdigest()[:32]
        return f"token:{digest}", settings.OCOP_API_RATE_PER_TOKEN
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}", settings.OCOP_API_RATE_PER_TOKEN
    return f"ip:{throttle.client_ip(request)}", settings.OCOP_API_RATE_PER_ADDRESS


#: Documents, not data: the schema and its Swagger page are not counted.
UNCOUNTED = ("openapi.json", "docs")


def rate_limited(request) -> int | None:
    """Count this request; the seconds to wait (Retry-After) once its caller is past the limit."""
    if request.path.rstrip("/").endswith(UNCOUNTED):
        return None
    window = settings.OCOP_API_RATE_WINDOW_SECONDS
    who, limit = _who(request)
    if limit <= 0 or window <= 0:
        return None
    now = time.time()
    index = int(now // window)
    try:
        count = throttle.hit(f"api-rate:{who}:{index}", window + 1)
    except DATABASE_ERRORS:  # the view will meet the same outage and answer 503 (ocop.core.unavailable)
        return None
    if count <= limit:
        return None
    return max(1, int((index + 1) * window - now + 0.999))


# --- The middleware ---------------------------------------------------------------------------

class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_api(request.path):
            return self.get_response(request)
        public = is_public(request.path)
        # A program says which language it reads in Accept-Language (the site's pages follow
        # the language switch only): Vietnamese unless it asks for English.
        language = translation.get_language_from_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        answer = self._answer(request)
        answer["Content-Language"] = language
        patch_vary_headers(answer, ["Accept-Language"])  # titles, labels and links follow it
        if public and request.method in SAFE:
            answer["Access-Control-Allow-Origin"] = "*"
            answer["Access-Control-Expose-Headers"] = CORS_EXPOSED
        return answer

    def _answer(self, request):
        if (wait := rate_limited(request)) is not None:
            return problems.response(request, 429, _(
                "Vượt giới hạn số yêu cầu; thử lại sau %(seconds)s giây.") % {"seconds": wait},
                headers={"Retry-After": str(wait)})
        method = request.method
        if method == "HEAD":
            request.method = "GET"
        answer = self.get_response(request)
        request.method = method
        if method == "OPTIONS" and answer.status_code == 405:
            return self._options(request, answer)
        if answer.status_code >= 400 and not problems.is_problem(answer):
            answer = self._problem(request, answer)
        return answer  # a HEAD's body is dropped by ApiGZipMiddleware, after compression


    @staticmethod
    def _options(request, answer):
        allowed = ", ".join(_allowed(answer))
        reply = HttpResponse(status=204)
        del reply["Content-Type"]
        reply["Allow"] = allowed
        if is_public(request.path):
            reply["Access-Control-Allow-Methods"] = CORS_METHODS
            reply["Access-Control-Allow-Headers"] = CORS_REQUEST_HEADERS
            reply["Access-Control-Max-Age"] = "600"
        return reply

    @staticmethod
    def _problem(request, answer):
        status = answer.status_code
        headers = {}
        if status == 405:
            headers["Allow"] = ", ".join(_allowed(answer))
            detail = _("Đường dẫn này không nhận phương thức %(method)s; dùng: %(allowed)s.") % {
                "method": request.method, "allowed": headers["Allow"]}
        elif status == 404 and request.path.endswith("/") and request.path.count("/") > 3:
            detail = _("Không có đường dẫn API này. Đường dẫn API không kết thúc bằng dấu «/»: thử %(path)s.") % {
                "path": request.path.rstrip("/")}
        elif status == 404:
            detail = _("Không có đường dẫn API này; danh sách đường dẫn: %(schema)s.") % {
                "schema": settings.OCOP_API_ROOT.rstrip("/") + "/openapi.json"}
        else:
            detail = ""
        for name in ("Retry-After", "WWW-Authenticate"):
            if answer.has_header(name):
                headers[name] = answer[name]
        return problems.response(request, status, detail, headers=headers)


class ApiCommonMiddleware(CommonMiddleware):
    """Django's CommonMiddleware without its APPEND_SLASH redirect under /api/: API paths never
    end with "/", so /api/v1 answered a 301 (an HTML redirect) to a 404; it is the 404 problem."""

    def should_redirect_with_slash(self, request):
        return not is_api(request.path) and super().should_redirect_with_slash(request)


class ApiGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware for the API's JSON only. BREACH needs a secret and text an attacker
    controls in one compressed response: HTML pages carry CSRF tokens (and forms echo input), so
    they are not compressed; API responses carry no CSRF token or session secret (a bearer key is
    only ever sent by the client, never echoed). The Swagger page is left out (it is HTML).
    Static files are compressed ahead of time by WhiteNoise.

    Outermost, it also drops a HEAD's body (ApiMiddleware answered it as a GET) once the body is
    compressed, so a HEAD carries the GET's headers: Content-Encoding, the weak ETag, the length."""

    def process_response(self, request, response):
        if not is_api(request.path):
            return response
        if response.get("Content-Type", "").startswith(("application/json", problems.CONTENT_TYPE)):
            response = super().process_response(request, response)
        if request.method == "HEAD" and not getattr(response, "streaming", False):
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return response
