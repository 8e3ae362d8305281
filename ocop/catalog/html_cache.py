"""Whole public pages cached as HTML, per public data version, for anonymous visitors.

A public page costs a few milliseconds of SQL and as much again of Python (data building, template
rendering); a cached page costs a cache read. The HTML is rendered once with placeholders where the
per-response values go — the CSP nonce and the CSRF token — and each response fills them in: the
nonce is the one in this response's Content-Security-Policy header, the token this visitor's own.
The key is the page's own (ocop.catalog.pages.cache_key: today, the public data version) plus the
language and the full path, so a change to public data shows at once.

Only GET requests without a session or a message cookie use it: a signed-in user or a visitor with
a pending message gets the page rendered for them.
"""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.csp import CONTEXT_KEY as NONCE_KEY
from django.utils.translation import get_language

from ocop.catalog import pages

# Letters and digits only: they pass through HTML escaping unchanged.
NONCE_PLACEHOLDER = "OcopCspNonce5e1f0c"
CSRF_PLACEHOLDER = "OcopCsrfToken9a7d2b"
MESSAGES_COOKIE = "messages"  # django.contrib.messages' cookie storage


def cacheable(request) -> bool:
    return (
        request.method == "GET"
        and pages.cache_seconds() > 0
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and MESSAGES_COOKIE not in request.COOKIES
    )


def fill(request, html: str) -> str:
    """Put this response's nonce and CSRF token where the cached HTML holds placeholders."""
    if NONCE_PLACEHOLDER in html:
        html = html.replace(NONCE_PLACEHOLDER, str(get_nonce(request)))
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    return html


def render_page(request, name: str, template: str, build_context) -> HttpResponse:
    """TEMPLATE rendered with build_context(), from the cache when the request allows it."""
    if not cacheable(request):
        return render(request, template, build_context())
    key = pages.cache_key(f"html:{name}", f"{get_language()}|{request.get_full_path()}")
    html = cache.get(key)
    if html is None:
        context = {**build_context(), NONCE_KEY: NONCE_PLACEHOLDER, "csrf_token": CSRF_PLACEHOLDER}
        html = render_to_string(template, context, request)
        cache.set(key, html, pages.cache_seconds())
    return HttpResponse(fill(request, html))
