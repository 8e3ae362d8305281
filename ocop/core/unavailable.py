"""A clear 503 page while the database is unreachable, and nothing to do when it comes back.

Django closes a connection that failed (close_old_connections at the end of every request), so
the first request after the database returns connects afresh: no restart is needed.

Two paths lead here:
* a view (or the API, whose handler re-raises outside DEBUG) raises: process_exception answers;
* another middleware raises (the session saved in process_response, ...): Django has already
  turned that into a 500 response, so got_request_exception marks the request and __call__
  swaps the 500 for the 503.
"""

import logging
import sys
from collections.abc import Callable

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30
_MARK = "_ocop_database_unavailable"

#: {URL path prefix: request → 503 response}: apps above core answer the outage in their own shape
#: under their prefix (the API registers its RFC 9457 problem in ApiConfig.ready); core imports none.
RESPONDERS: dict[str, Callable[[HttpRequest], HttpResponse]] = {}


def is_database_error(exc: BaseException | None) -> bool:
    return isinstance(exc, DATABASE_ERRORS)


def unavailable_response(request) -> HttpResponse:
    """503 with Retry-After: in the shape of the app under the request's path when one registered
    it (the API's JSON problem, ocop.api.apps), a page without any database access otherwise."""
    responder = next((answer for prefix, answer in RESPONDERS.items() if request.path.startswith(prefix)), None)
    if responder is not None:
        response = responder(request)
    else:
        html = render_to_string("503.html", {"retry_after": RETRY_AFTER_SECONDS})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, _MARK, False) and response.status_code == 500:
            return unavailable_response(request)
        return response

    def process_exception(self, request, exception):
        if not is_database_error(exception):
            return None
        logger.error("Cơ sở dữ liệu không truy cập được: %s", exception.__class__.__name__)
        return unavailable_response(request)


def _mark_request(sender, request=None, **kwargs):
    if request is not None and is_database_error(sys.exc_info()[1]):
        setattr(request, _MARK, True)


got_request_exception.connect(_mark_request, dispatch_uid="ocop.core.unavailable")
